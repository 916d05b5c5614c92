//! JSON Lines: one page per line, `{"url": .., "html": ..}` or `{"url": .., "text": ..}`.

use std::collections::BTreeMap;
use std::io::{self, BufRead};

use dateline_types::{PageKind, RawPage, SourceRef};
use serde::Deserialize;

use crate::decompress::{CappedGzip, DecompressError};
use crate::source::Source;
use crate::warc::read_line_capped;
use crate::{ErrorKind, IngestError, PageReader};

/// The (decompressed) lines of a JSON Lines file.
pub(crate) enum LineStream {
    Plain(Source),
    Gzip(CappedGzip),
}

impl LineStream {
    fn reader(&mut self) -> &mut dyn BufRead {
        match self {
            LineStream::Plain(s) => s,
            LineStream::Gzip(g) => g,
        }
    }

    fn set_limit(&mut self, limit: u64) {
        if let LineStream::Gzip(g) = self {
            g.set_limit(limit);
        }
    }
}

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    date: Option<serde_json::Value>,
}

/// Reads one page per line; a bad line is one error, then the next line is read.
pub(crate) struct JsonlReader {
    origin: String,
    stream: LineStream,
    max_page: u64,
    line_no: u64,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlReader {
    pub(crate) fn new(origin: String, stream: LineStream, max_page: u64) -> Self {
        JsonlReader {
            origin,
            stream,
            max_page,
            line_no: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn error(&self, kind: ErrorKind, message: String) -> IngestError {
        IngestError::new(format!("{}:{}", self.origin, self.line_no), kind, message)
    }

    fn read_error(&mut self, err: &io::Error) -> IngestError {
        self.done = true;
        match DecompressError::from_io(err) {
            Some(DecompressError::TooLarge { limit }) => self.error(
                ErrorKind::TooLarge,
                format!("this line decompresses to more than `{limit}` bytes; the rest of the file was not read"),
            ),
            Some(e) => self.error(
                ErrorKind::Malformed,
                format!("{e}; the lines before this one were read, the rest of the file was not"),
            ),
            None => self.error(ErrorKind::Io, format!("could not read the file: {err}")),
        }
    }

    fn parse(&self, line: &[u8]) -> Result<RawPage, IngestError> {
        let text = std::str::from_utf8(line).map_err(|e| {
            self.error(
                ErrorKind::Malformed,
                format!(
                    "the line is not valid UTF-8 (bad byte at column {}); JSON Lines must be UTF-8, \
                     re-encode the file",
                    e.valid_up_to() + 1
                ),
            )
        })?;
        if !text.starts_with('{') {
            return Err(self.error(
                ErrorKind::Malformed,
                "the line is not a JSON object; each line must be `{\"url\": .., \"html\": ..}` \
                 or `{\"url\": .., \"text\": ..}`"
                    .to_string(),
            ));
        }
        let parsed: Line = serde_json::from_str(text).map_err(|e| {
            self.error(
                ErrorKind::Malformed,
                format!("the line is not a JSON object with `url` and `html` or `text` ({e})"),
            )
        })?;
        let (kind, body) = match (parsed.html, parsed.text) {
            (Some(html), _) if !html.trim().is_empty() => (PageKind::Html, html),
            (_, Some(text)) if !text.trim().is_empty() => (PageKind::Text, text),
            (None, None) => {
                return Err(self.error(
                    ErrorKind::NoPage,
                    "the line has neither an `html` nor a `text` field; give the page in one of them".to_string(),
                ));
            }
            _ => {
                return Err(self.error(
                    ErrorKind::NoPage,
                    "the page in this line is empty".to_string(),
                ));
            }
        };
        if body.len() as u64 > self.max_page {
            return Err(self.error(
                ErrorKind::TooLarge,
                format!(
                    "the page is `{}` bytes, over the limit of `{}` bytes; raise the limit if it is a real page",
                    body.len(),
                    self.max_page
                ),
            ));
        }
        let source = SourceRef {
            origin: self.origin.clone(),
            line: Some(self.line_no),
            url: parsed.url.filter(|u| !u.is_empty()),
            ..SourceRef::default()
        };
        let mut page = RawPage::new(source, kind, body.into_bytes());
        page.date_hint = match parsed.date {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        Ok(page)
    }
}

impl PageReader for JsonlReader {
    fn next_page(
        &mut self,
        _skipped: &mut BTreeMap<String, u64>,
    ) -> Option<Result<RawPage, IngestError>> {
        // JSON escapes can double a page's size; leave room for them and the other fields.
        let cap = usize::try_from(self.max_page.saturating_mul(2).saturating_add(64 * 1024))
            .unwrap_or(usize::MAX);
        while !self.done {
            self.line_no += 1;
            // Room for the decoder's read-ahead on top of the line.
            self.stream
                .set_limit((cap as u64).saturating_add(256 * 1024));
            let mut buf = std::mem::take(&mut self.buf);
            let read = read_line_capped_checked(self.stream.reader(), &mut buf, cap);
            let result = match read {
                Err(e) => Some(Err(self.read_error(&e))),
                Ok(LineRead::Eof) => {
                    self.done = true;
                    None
                }
                Ok(LineRead::TooLong) => {
                    self.stream.set_limit(u64::MAX);
                    let skipped = read_line_capped(self.stream.reader(), &mut buf, 0);
                    if let Err(e) = skipped {
                        Some(Err(self.read_error(&e)))
                    } else {
                        Some(Err(self.error(
                            ErrorKind::TooLarge,
                            format!(
                                "the line is longer than `{cap}` bytes, too large for the page limit of `{}` bytes",
                                self.max_page
                            ),
                        )))
                    }
                }
                Ok(LineRead::Line) => {
                    let line = trim(&buf);
                    if line.is_empty() {
                        self.buf = buf;
                        continue;
                    }
                    Some(self.parse(line))
                }
            };
            self.buf = buf;
            return result;
        }
        None
    }
}

enum LineRead {
    Line,
    TooLong,
    Eof,
}

/// Reads one line of at most `cap` bytes; a longer one is left half-read for the caller to skip.
fn read_line_capped_checked(
    r: &mut dyn BufRead,
    out: &mut Vec<u8>,
    cap: usize,
) -> io::Result<LineRead> {
    out.clear();
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(if out.is_empty() {
                LineRead::Eof
            } else {
                LineRead::Line
            });
        }
        let (take, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if out.len() + take > cap.saturating_add(1) {
            return Ok(LineRead::TooLong);
        }
        out.extend_from_slice(&buf[..take]);
        r.consume(take);
        if done {
            return Ok(LineRead::Line);
        }
    }
}

fn trim(line: &[u8]) -> &[u8] {
    let start = line
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(line.len());
    let end = line
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    let line = &line[start..end.max(start)];
    line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line)
}
