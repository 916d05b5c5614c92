use serde::{Deserialize, Serialize};

/// Where a page came from, kept with every record so a user can go back to the raw input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The input as the user named it: a file path, `-` for standard input.
    pub origin: String,
    /// Byte offset of the WARC record inside `origin`, for pages read from a WARC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warc_offset: Option<u64>,
    /// 1-based line number inside `origin`, for pages read from JSON Lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The URL the page was fetched from (`WARC-Target-URI`, JSONL `url`), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the page was crawled (`WARC-Date`), as given, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crawl_date: Option<String>,
}

impl SourceRef {
    /// A page read from a plain file (or `-` for standard input).
    pub fn file(path: impl Into<String>) -> Self {
        SourceRef {
            origin: path.into(),
            ..SourceRef::default()
        }
    }

    /// A short human label: `path`, `path@offset` for WARC records, `path:line` for JSONL.
    pub fn label(&self) -> String {
        match (self.warc_offset, self.line) {
            (Some(offset), _) => format!("{}@{}", self.origin, offset),
            (None, Some(line)) => format!("{}:{}", self.origin, line),
            (None, None) => self.origin.clone(),
        }
    }
}

/// What kind of document the bytes of a [`RawPage`] hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// An HTML document.
    Html,
    /// A plain-text dump of a rendered page, navigation lines still in.
    Text,
}

/// One crawled page as read from its input, before any interpretation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPage {
    /// Where the page came from.
    pub source: SourceRef,
    /// HTML or text dump.
    pub kind: PageKind,
    /// The page's bytes, transfer and content encodings already undone, charset not yet decoded.
    pub bytes: Vec<u8>,
    /// The charset announced outside the page (HTTP `Content-Type`), if any.
    pub declared_charset: Option<String>,
    /// A publication date given alongside the page (JSONL `date`), as given.
    pub date_hint: Option<String>,
}

impl RawPage {
    /// A page with no side information besides its source.
    pub fn new(source: SourceRef, kind: PageKind, bytes: Vec<u8>) -> Self {
        RawPage {
            source,
            kind,
            bytes,
            declared_charset: None,
            date_hint: None,
        }
    }
}
