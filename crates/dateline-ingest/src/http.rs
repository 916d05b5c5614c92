//! HTTP responses as stored in WARC `response` records.

use crate::decompress::{self, DecompressError};

/// Longest HTTP header block accepted.
const MAX_HEAD: usize = 256 * 1024;

/// A parsed HTTP response head plus its raw body.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    /// Lower-cased media type without parameters (`text/html`).
    pub(crate) media_type: Option<String>,
    pub(crate) charset: Option<String>,
    pub(crate) chunked: bool,
    pub(crate) content_encoding: Option<String>,
    pub(crate) body: Vec<u8>,
}

/// Why a body could not be decoded.
#[derive(Debug)]
pub(crate) enum BodyError {
    Chunked(String),
    Decompress(DecompressError),
}

/// Splits a media type header value into the lower-cased type and its charset parameter.
pub(crate) fn parse_content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let media = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    });
    (media, charset)
}

/// True for media types that hold an HTML page.
pub(crate) fn is_html_type(media: &str) -> bool {
    matches!(
        media,
        "text/html"
            | "application/xhtml+xml"
            | "application/xhtml"
            | "text/xhtml"
            | "application/vnd.wap.xhtml+xml"
    )
}

/// Parses the status line and headers of `block`; the rest is the body.
pub(crate) fn parse_response(mut block: Vec<u8>) -> Result<Response, String> {
    let window = &block[..block.len().min(MAX_HEAD)];
    let Some((head_len, body_start)) = find_head_end(window) else {
        return Err(if block.len() > MAX_HEAD {
            format!("the HTTP header is longer than {MAX_HEAD} bytes")
        } else {
            "the HTTP header has no end (no blank line)".to_string()
        });
    };
    let head = String::from_utf8_lossy(&block[..head_len]).into_owned();
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default().trim();
    let status = parse_status(status_line)
        .ok_or_else(|| format!("bad HTTP status line `{}`", truncate(status_line, 80)))?;
    let mut response = Response {
        status,
        media_type: None,
        charset: None,
        chunked: false,
        content_encoding: None,
        body: Vec::new(),
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim();
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-type") && response.media_type.is_none() {
            (response.media_type, response.charset) = parse_content_type(value);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            response.chunked |= value.to_ascii_lowercase().contains("chunked");
        } else if name.eq_ignore_ascii_case("content-encoding") && !value.is_empty() {
            response.content_encoding = Some(value.to_string());
        }
    }
    block.drain(..body_start);
    response.body = block;
    Ok(response)
}

impl Response {
    /// The body with transfer and content encodings undone, at most `limit` bytes.
    pub(crate) fn decoded_body(&mut self, limit: u64) -> Result<Vec<u8>, BodyError> {
        let mut body = std::mem::take(&mut self.body);
        if self.chunked && looks_chunked(&body) {
            body = dechunk(&body, limit).map_err(BodyError::Chunked)?;
        }
        if let Some(enc) = &self.content_encoding {
            body = decompress::decode_content(body, enc, limit).map_err(BodyError::Decompress)?;
        }
        Ok(body)
    }
}

fn find_head_end(window: &[u8]) -> Option<(usize, usize)> {
    let crlf = memchr::memmem::find(window, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = memchr::memmem::find(window, b"\n\n").map(|i| (i, i + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn parse_status(line: &str) -> Option<u16> {
    let mut parts = line.split_whitespace();
    let version = parts.next()?;
    if !version.to_ascii_uppercase().starts_with("HTTP/") {
        return None;
    }
    let code = parts.next()?;
    (code.len() == 3).then(|| code.parse().ok()).flatten()
}

/// Some crawlers store the body de-chunked but keep the header; only undo chunking when
/// the body starts like a chunk-size line.
fn looks_chunked(body: &[u8]) -> bool {
    let line_end = memchr::memchr(b'\n', &body[..body.len().min(64)]);
    match line_end {
        Some(end) => {
            let line = &body[..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let size = line.split(|&b| b == b';').next().unwrap_or_default();
            !size.is_empty() && size.iter().all(|b| b.is_ascii_hexdigit() || *b == b' ')
        }
        None => false,
    }
}

/// Undoes `Transfer-Encoding: chunked`.
pub(crate) fn dechunk(body: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut rest = body;
    loop {
        let Some(nl) = memchr::memchr(b'\n', rest) else {
            // A body cut after its last chunk, without the final `0` line, is common in crawls.
            if rest.iter().all(u8::is_ascii_whitespace) {
                return Ok(out);
            }
            return Err("a chunk-size line has no end".to_string());
        };
        let line = String::from_utf8_lossy(&rest[..nl]);
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = u64::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size `{}`", truncate(size_text, 40)))?;
        rest = &rest[nl + 1..];
        if size == 0 {
            return Ok(out);
        }
        if (out.len() as u64).saturating_add(size) > limit {
            return Err(format!(
                "the de-chunked body is larger than the limit of `{limit}` bytes"
            ));
        }
        let size = usize::try_from(size).map_err(|_| "chunk size too large".to_string())?;
        if size > rest.len() {
            // Cut short: keep what is there rather than lose the page.
            out.extend_from_slice(rest);
            return Ok(out);
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_status_type_and_charset() {
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/HTML; Charset=\"windows-1251\"\r\n\r\n<html>"
                .to_vec(),
        )
        .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.media_type.as_deref(), Some("text/html"));
        assert_eq!(r.charset.as_deref(), Some("windows-1251"));
        assert_eq!(r.body, b"<html>");
    }

    #[test]
    fn rejects_a_bad_status_line() {
        assert!(parse_response(b"HTTP/1.1 OK\r\n\r\n".to_vec()).is_err());
        assert!(parse_response(b"no head end".to_vec()).is_err());
    }

    #[test]
    fn dechunks() {
        let body = b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n";
        assert_eq!(dechunk(body, 100).unwrap(), b"hello, world");
        assert!(dechunk(b"zz\r\nhello", 100).is_err());
        assert!(dechunk(b"ff\r\nhello", 3).is_err());
    }

    #[test]
    fn leaves_an_already_dechunked_body() {
        let mut r = parse_response(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<html>x".to_vec(),
        )
        .unwrap();
        assert_eq!(r.decoded_body(100).unwrap(), b"<html>x");
    }
}
