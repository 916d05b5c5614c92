//! Recognising an input's format from its name and its first bytes.

/// What an input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One HTML page.
    Html,
    /// One plain-text page dump.
    Text,
    /// A WARC file of many records.
    Warc,
    /// JSON Lines, one page per line.
    Jsonl,
}

/// What a file name says: the format, and whether it ends in `.gz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameHint {
    pub(crate) format: Option<Format>,
    pub(crate) gzip: bool,
    /// True when directory walks should read the file (a page extension, or none at all).
    pub(crate) walkable: bool,
}

pub(crate) fn name_hint(name: &str) -> NameHint {
    let lower = name.to_ascii_lowercase();
    let (stem, gzip) = match lower.strip_suffix(".gz") {
        Some(stem) => (stem, true),
        None => match lower.strip_suffix(".tgz") {
            Some(stem) => (stem, true),
            None => (lower.as_str(), false),
        },
    };
    let ext = stem.rsplit_once('.').map(|(_, ext)| ext);
    let format = match ext {
        Some("html" | "htm" | "xhtml" | "shtml" | "xht") => Some(Format::Html),
        Some("txt" | "text") => Some(Format::Text),
        Some("warc") => Some(Format::Warc),
        Some("jsonl" | "ndjson") => Some(Format::Jsonl),
        _ => None,
    };
    NameHint {
        format,
        gzip,
        walkable: format.is_some() || (ext.is_none() && !stem.is_empty()),
    }
}

fn skip_bom_and_space(head: &[u8]) -> &[u8] {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    &head[start..]
}

/// True when the bytes start a WARC record.
pub(crate) fn looks_like_warc(head: &[u8]) -> bool {
    skip_bom_and_space(head).starts_with(b"WARC/")
}

/// True when the bytes start like an HTML document.
pub fn looks_like_html(head: &[u8]) -> bool {
    let head = skip_bom_and_space(head);
    let window = &head[..head.len().min(1024)];
    let lower: Vec<u8> = window.iter().map(u8::to_ascii_lowercase).collect();
    const STARTS: [&[u8]; 6] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<?xml",
    ];
    if STARTS.iter().any(|s| lower.starts_with(s)) {
        return true;
    }
    lower.starts_with(b"<!--") && memchr::memmem::find(&lower, b"<html").is_some()
}

/// True when the bytes look binary: NUL bytes or many control characters.
pub(crate) fn looks_binary(head: &[u8]) -> bool {
    let window = &head[..head.len().min(8192)];
    if window.is_empty() {
        return false;
    }
    // UTF-16 pages have NULs too, but they are rare enough in crawls to leave to the user.
    if window.contains(&0) {
        return true;
    }
    let control = window
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 10 > window.len()
}

/// Chooses the format from the name and the first (decompressed) bytes.
///
/// Strong content signals win over the name (a `WARC/` line, an HTML doctype in a `.txt`),
/// the name wins over weak sniffing, and sniffing decides when the name says nothing.
pub(crate) fn choose(hint: Option<Format>, head: &[u8]) -> Option<Format> {
    if looks_like_warc(head) {
        return Some(Format::Warc);
    }
    match hint {
        Some(Format::Text) if looks_like_html(head) => Some(Format::Html),
        Some(format) => Some(format),
        None if looks_like_html(head) => Some(Format::Html),
        None if skip_bom_and_space(head).starts_with(b"{") => Some(Format::Jsonl),
        None if looks_binary(head) => None,
        None => Some(Format::Text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names() {
        assert_eq!(name_hint("a/b.HTML").format, Some(Format::Html));
        let gz = name_hint("crawl.warc.gz");
        assert_eq!((gz.format, gz.gzip), (Some(Format::Warc), true));
        assert_eq!(name_hint("x.jsonl.gz").format, Some(Format::Jsonl));
        assert!(name_hint("page").walkable);
        assert!(!name_hint("README.md").walkable);
        assert!(!name_hint("logo.png").walkable);
    }

    #[test]
    fn sniffs_content() {
        assert_eq!(
            choose(None, b"\xef\xbb\xbf <!DOCTYPE html><p>"),
            Some(Format::Html)
        );
        assert_eq!(
            choose(Some(Format::Html), b"WARC/1.1\r\n"),
            Some(Format::Warc)
        );
        assert_eq!(choose(None, b"{\"url\": 1}"), Some(Format::Jsonl));
        assert_eq!(choose(None, b"Who we are\nNews"), Some(Format::Text));
        assert_eq!(choose(None, b"\x89PNG\r\n\x1a\n\0\0"), None);
        assert_eq!(
            choose(Some(Format::Text), b"<html><body>"),
            Some(Format::Html)
        );
    }
}
