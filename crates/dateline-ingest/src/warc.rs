//! A streaming WARC 1.0/1.1 reader: one record in memory at a time, never the file.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Read};

use dateline_types::{PageKind, RawPage, SourceRef};

use crate::decompress::{CappedGzip, DecompressError};
use crate::http::{self, BodyError};
use crate::source::Source;
use crate::{ErrorKind, IngestError, PageReader};

/// Longest WARC header line kept (longer ones are cut, not an error).
const MAX_LINE: usize = 16 * 1024;
/// Largest WARC record header accepted.
const MAX_HEADER: usize = 256 * 1024;
/// Room for the record header and the blank lines around a block, on top of its length.
const SLACK: u64 = 512 * 1024;

/// The decompressed bytes of a WARC file and where each record starts.
pub(crate) enum WarcStream {
    Plain(Source),
    Gzip(CappedGzip),
}

impl WarcStream {
    fn reader(&mut self) -> &mut dyn BufRead {
        match self {
            WarcStream::Plain(s) => s,
            WarcStream::Gzip(g) => g,
        }
    }

    /// The offset to report for a record starting at the next byte: its `WARC/` line for
    /// plain files; its gzip member for `.warc.gz` (or, inside a file compressed as one
    /// single gzip stream, its offset in the decompressed data).
    fn record_offset(&mut self) -> io::Result<u64> {
        match self {
            WarcStream::Plain(s) => Ok(s.offset()),
            WarcStream::Gzip(g) => {
                let (member, inside) = g.position()?;
                Ok(if inside == 0 {
                    member
                } else {
                    g.output_offset()
                })
            }
        }
    }

    /// True when the next byte starts a gzip member (always false for plain files).
    fn at_member_start(&mut self) -> bool {
        match self {
            WarcStream::Plain(_) => false,
            WarcStream::Gzip(g) => g.position().is_ok_and(|(_, inside)| inside == 0),
        }
    }

    fn set_limit(&mut self, limit: u64) {
        if let WarcStream::Gzip(g) = self {
            g.set_limit(limit);
        }
    }

    fn member_start(&self) -> Option<u64> {
        match self {
            WarcStream::Plain(_) => None,
            WarcStream::Gzip(g) => Some(g.member_start()),
        }
    }

    /// After a broken record that started at `offset`: go back to just after its start
    /// when the input allows it, so a wrong `Content-Length` cannot swallow the next record.
    /// Returns true when the stream moved.
    fn rewind_after(&mut self, offset: u64, aligned: bool) -> bool {
        match self {
            WarcStream::Plain(s) => s.rewind_to(offset.saturating_add(1)).unwrap_or(false),
            WarcStream::Gzip(g) if aligned => {
                let _ = g.resync_from(offset.saturating_add(1));
                true
            }
            WarcStream::Gzip(_) => false,
        }
    }

    /// After a gzip error: go on at the next member.
    fn resync_gzip(&mut self) -> bool {
        match self {
            WarcStream::Plain(_) => false,
            WarcStream::Gzip(g) => g.resync().unwrap_or(false),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The next line should start a record.
    Record,
    /// After an error: scan for the next `WARC/` line.
    Resync,
    /// Nothing more to read from this file.
    Done,
}

/// What to do after an error.
enum After {
    Continue,
    Resync,
    Stop,
}

enum Step {
    Page(Box<RawPage>),
    Skip(String),
    Error(IngestError, After),
    End,
}

/// Reads the records of one WARC file, yielding the HTML responses as pages.
pub(crate) struct WarcReader {
    origin: String,
    stream: WarcStream,
    max_page: u64,
    mode: Mode,
    line: Vec<u8>,
    /// The offset of a `WARC/` line already consumed while checking the previous record's end.
    pending_header: Option<u64>,
    /// Where the current record starts, and whether that is a gzip member start: where to
    /// resync from after a broken record. `None` once the stream has resynced itself.
    record_start: Option<(u64, bool)>,
}

#[derive(Default)]
struct Header {
    warc_type: Option<String>,
    content_length: Option<String>,
    target_uri: Option<String>,
    date: Option<String>,
    content_type: Option<String>,
}

impl WarcReader {
    pub(crate) fn new(origin: String, stream: WarcStream, max_page: u64) -> Self {
        WarcReader {
            origin,
            stream,
            max_page,
            mode: Mode::Record,
            line: Vec::new(),
            pending_header: None,
            record_start: None,
        }
    }

    fn error(&self, offset: u64, kind: ErrorKind, message: String) -> IngestError {
        IngestError::new(format!("{}@{}", self.origin, offset), kind, message)
    }

    /// Turns a read error into an error step, resyncing the gzip stream when that helps.
    fn read_failure(&mut self, offset: u64, err: &io::Error) -> Step {
        // The gzip stream resyncs on its own below (or the file is done).
        self.record_start = None;
        let offset = self.stream.member_start().unwrap_or(offset);
        match DecompressError::from_io(err) {
            Some(DecompressError::Truncated) => Step::Error(
                self.error(
                    offset,
                    ErrorKind::Malformed,
                    "the gzip data is truncated: the file ends inside this record; \
                     the records before it were read, re-download the file to get the rest"
                        .to_string(),
                ),
                After::Stop,
            ),
            Some(DecompressError::TooLarge { limit }) => {
                self.stream.resync_gzip();
                Step::Error(
                    self.error(
                        offset,
                        ErrorKind::TooLarge,
                        format!(
                            "this gzip member decompresses to more than `{limit}` bytes, more than its record \
                             announces; skipped to the next member"
                        ),
                    ),
                    After::Resync,
                )
            }
            Some(e @ (DecompressError::Corrupt(_) | DecompressError::Unsupported(_))) => {
                self.stream.resync_gzip();
                Step::Error(
                    self.error(
                        offset,
                        ErrorKind::Malformed,
                        format!("{e}; skipped to the next gzip member, the file is damaged"),
                    ),
                    After::Resync,
                )
            }
            None => Step::Error(
                self.error(
                    offset,
                    ErrorKind::Io,
                    format!("could not read the file: {err}"),
                ),
                After::Stop,
            ),
        }
    }

    /// Finds the next `WARC/` line; returns its offset, or a final step.
    fn find_record(&mut self) -> Result<u64, Step> {
        if let Some(offset) = self.pending_header.take() {
            self.record_start = Some((offset, false));
            return Ok(offset);
        }
        let resyncing = self.mode == Mode::Resync;
        loop {
            self.stream
                .set_limit(if resyncing { u64::MAX } else { SLACK });
            let aligned = self.stream.at_member_start();
            let offset = match self.stream.record_offset() {
                Ok(o) => o,
                Err(e) => {
                    if resyncing {
                        match self.quiet_resync(&e) {
                            Some(true) => continue,
                            Some(false) => return Err(Step::End),
                            None => {}
                        }
                    }
                    // Anything but a skippable gzip member is reported, even while resyncing.
                    return Err(self.read_failure(0, &e));
                }
            };
            match read_line_capped(self.stream.reader(), &mut self.line, MAX_LINE) {
                Ok(None) => return Err(Step::End),
                Ok(Some(_)) => {}
                Err(e) => {
                    if resyncing {
                        match self.quiet_resync(&e) {
                            Some(true) => continue,
                            Some(false) => return Err(Step::End),
                            None => {}
                        }
                    }
                    return Err(self.read_failure(offset, &e));
                }
            }
            let line = trim_eol(&self.line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if line.starts_with(b"WARC/") {
                self.record_start = Some((offset, aligned));
                return Ok(offset);
            }
            if !resyncing {
                self.record_start = Some((offset, aligned));
                let found = http::truncate(&String::from_utf8_lossy(line), 60);
                let err = self.error(
                    offset,
                    ErrorKind::Malformed,
                    format!(
                        "expected a `WARC/1.x` line to start a record, found `{found}`; skipped to the next record"
                    ),
                );
                // Report now; the scan goes on at the next call.
                return Err(Step::Error(err, After::Resync));
            }
        }
    }

    /// While resyncing, a corrupt gzip member is skipped without a second report:
    /// `Some(true)` to go on scanning, `Some(false)` when no member is left, `None` for
    /// errors that must be reported.
    fn quiet_resync(&mut self, err: &io::Error) -> Option<bool> {
        match DecompressError::from_io(err) {
            Some(DecompressError::Corrupt(_) | DecompressError::TooLarge { .. }) => {
                Some(self.stream.resync_gzip())
            }
            _ => None,
        }
    }

    fn read_header(&mut self, offset: u64) -> Result<Header, Step> {
        let mut header = Header::default();
        let mut total = 0usize;
        loop {
            match read_line_capped(self.stream.reader(), &mut self.line, MAX_LINE) {
                Ok(None) => {
                    return Err(Step::Error(
                        self.error(
                            offset,
                            ErrorKind::Malformed,
                            "the file ends inside this record's header: it is truncated"
                                .to_string(),
                        ),
                        After::Stop,
                    ));
                }
                Ok(Some(n)) => total += n,
                Err(e) => return Err(self.read_failure(offset, &e)),
            }
            if total > MAX_HEADER {
                return Err(Step::Error(
                    self.error(
                        offset,
                        ErrorKind::Malformed,
                        format!("the record header is longer than {MAX_HEADER} bytes; skipped to the next record"),
                    ),
                    After::Resync,
                ));
            }
            let line = trim_eol(&self.line);
            if line.is_empty() {
                return Ok(header);
            }
            if line[0] == b' ' || line[0] == b'\t' {
                continue; // a folded continuation line; none of the fields we use are folded
            }
            let text = String::from_utf8_lossy(line);
            let Some((name, value)) = text.split_once(':') else {
                let shown = http::truncate(&text, 60);
                return Err(Step::Error(
                    self.error(
                        offset,
                        ErrorKind::Malformed,
                        format!(
                            "bad WARC header line `{shown}` (no `:`); skipped to the next record"
                        ),
                    ),
                    After::Resync,
                ));
            };
            let value = value.trim().to_string();
            let slot = match name.trim().to_ascii_lowercase().as_str() {
                "warc-type" => &mut header.warc_type,
                "content-length" => &mut header.content_length,
                "warc-target-uri" => &mut header.target_uri,
                "warc-date" => &mut header.date,
                "content-type" => &mut header.content_type,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value);
            }
        }
    }

    /// Reads past `len` bytes of block without keeping them.
    fn discard(&mut self, offset: u64, len: u64) -> Result<(), Step> {
        self.stream.set_limit(len.saturating_add(SLACK));
        let mut block = self.stream.reader().take(len);
        match io::copy(&mut block, &mut io::sink()) {
            Ok(n) if n == len => Ok(()),
            Ok(n) => Err(self.truncated(offset, n, len)),
            Err(e) => Err(self.read_failure(offset, &e)),
        }
    }

    /// The input ended inside a block. Either the file is cut short or the length is
    /// wrong; resyncing tells which (a later record is found, or nothing is).
    fn truncated(&self, offset: u64, got: u64, len: u64) -> Step {
        Step::Error(
            self.error(
                offset,
                ErrorKind::Malformed,
                format!(
                    "the file ends {got} bytes into this record's `Content-Length: {len}` block: \
                     it is truncated or the length is wrong; skipped to the next record, if any"
                ),
            ),
            After::Resync,
        )
    }

    /// Checks the two line ends that must follow a block.
    fn check_end(&mut self, offset: u64) -> Result<(), Step> {
        for _ in 0..2 {
            let at = self.stream.record_offset();
            match read_line_capped(self.stream.reader(), &mut self.line, 256) {
                Ok(None) => return Ok(()),
                Ok(Some(_)) => {}
                Err(e) => return Err(self.read_failure(offset, &e)),
            }
            let line = trim_eol(&self.line);
            if !line.is_empty() {
                if line.starts_with(b"WARC/") {
                    self.pending_header = at.ok();
                }
                let found = http::truncate(&String::from_utf8_lossy(line), 40);
                return Err(Step::Error(
                    self.error(
                        offset,
                        ErrorKind::Malformed,
                        format!(
                            "the record does not end where its `Content-Length` says (found `{found}`): \
                             the length is wrong or the file is damaged; skipped to the next record"
                        ),
                    ),
                    After::Resync,
                ));
            }
        }
        Ok(())
    }

    fn next_step(&mut self) -> Step {
        let offset = match self.find_record() {
            Ok(o) => o,
            Err(step) => return step,
        };
        let header = match self.read_header(offset) {
            Ok(h) => h,
            Err(step) => return step,
        };
        let len = match header.content_length.as_deref().map(str::parse::<u64>) {
            Some(Ok(len)) => len,
            Some(Err(_)) | None => {
                let shown = header.content_length.as_deref().unwrap_or("");
                let what = if header.content_length.is_some() {
                    format!("a bad `Content-Length: {}`", http::truncate(shown, 30))
                } else {
                    "no `Content-Length`".to_string()
                };
                return Step::Error(
                    self.error(
                        offset,
                        ErrorKind::Malformed,
                        format!("the record has {what}; skipped to the next record"),
                    ),
                    After::Resync,
                );
            }
        };
        let warc_type = header
            .warc_type
            .as_deref()
            .unwrap_or("untyped")
            .to_ascii_lowercase();
        let resource_html = warc_type == "resource"
            && header
                .content_type
                .as_deref()
                .and_then(|ct| http::parse_content_type(ct).0)
                .is_some_and(|m| http::is_html_type(&m));
        if warc_type != "response" && !resource_html {
            if let Err(step) = self
                .discard(offset, len)
                .and_then(|()| self.check_end(offset))
            {
                return step;
            }
            return Step::Skip(format!("WARC {warc_type} record"));
        }
        if len > self.max_page {
            if let Err(step) = self
                .discard(offset, len)
                .and_then(|()| self.check_end(offset))
            {
                return step;
            }
            return Step::Error(
                self.error(
                    offset,
                    ErrorKind::TooLarge,
                    format!(
                        "the record is `{len}` bytes, over the page limit of `{}` bytes; skipped \
                         (raise the limit if it is a real page)",
                        self.max_page
                    ),
                ),
                After::Continue,
            );
        }
        self.stream.set_limit(len.saturating_add(SLACK));
        let mut block = Vec::with_capacity(usize::try_from(len).unwrap_or(0).min(1 << 20));
        match self.stream.reader().take(len).read_to_end(&mut block) {
            Ok(n) if n as u64 == len => {}
            Ok(n) => return self.truncated(offset, n as u64, len),
            Err(e) => return self.read_failure(offset, &e),
        }
        if let Err(step) = self.check_end(offset) {
            return step;
        }
        let source = SourceRef {
            origin: self.origin.clone(),
            warc_offset: Some(offset),
            line: None,
            url: header
                .target_uri
                .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_string())
                .filter(|u| !u.is_empty()),
            crawl_date: header.date,
        };
        if resource_html {
            let mut page = RawPage::new(source, PageKind::Html, block);
            page.declared_charset = header
                .content_type
                .and_then(|ct| http::parse_content_type(&ct).1);
            return Step::Page(Box::new(page));
        }
        self.response_page(offset, source, block)
    }

    fn response_page(&self, offset: u64, source: SourceRef, block: Vec<u8>) -> Step {
        let mut response = match http::parse_response(block) {
            Ok(r) => r,
            Err(msg) => {
                return Step::Error(
                    self.error(
                        offset,
                        ErrorKind::Malformed,
                        format!("{msg}; the record was skipped"),
                    ),
                    After::Continue,
                );
            }
        };
        if !(200..300).contains(&response.status) {
            return Step::Skip(format!("HTTP status {}", response.status));
        }
        if let Some(media) = &response.media_type
            && !http::is_html_type(media)
        {
            return Step::Skip(format!("non-HTML response ({media})"));
        }
        let body = match response.decoded_body(self.max_page) {
            Ok(b) => b,
            Err(BodyError::Chunked(msg)) => {
                return Step::Error(
                    self.error(
                        offset,
                        ErrorKind::Malformed,
                        format!("bad chunked body: {msg}"),
                    ),
                    After::Continue,
                );
            }
            Err(BodyError::Decompress(e)) => {
                let kind = match e {
                    DecompressError::TooLarge { .. } => ErrorKind::TooLarge,
                    _ => ErrorKind::Malformed,
                };
                return Step::Error(
                    self.error(
                        offset,
                        kind,
                        format!("the HTTP body could not be decoded: {e}"),
                    ),
                    After::Continue,
                );
            }
        };
        if response.media_type.is_none() && !crate::detect::looks_like_html(&body) {
            return Step::Skip("non-HTML response (no Content-Type)".to_string());
        }
        if body.iter().all(u8::is_ascii_whitespace) {
            return Step::Error(
                self.error(
                    offset,
                    ErrorKind::NoPage,
                    "the HTTP response body is empty".to_string(),
                ),
                After::Continue,
            );
        }
        let mut page = RawPage::new(source, PageKind::Html, body);
        page.declared_charset = response.charset;
        Step::Page(Box::new(page))
    }
}

impl PageReader for WarcReader {
    fn next_page(
        &mut self,
        skipped: &mut BTreeMap<String, u64>,
    ) -> Option<Result<RawPage, IngestError>> {
        loop {
            if self.mode == Mode::Done {
                return None;
            }
            match self.next_step() {
                Step::Page(page) => {
                    self.mode = Mode::Record;
                    return Some(Ok(*page));
                }
                Step::Skip(reason) => {
                    self.mode = Mode::Record;
                    *skipped.entry(reason).or_default() += 1;
                }
                Step::Error(err, after) => {
                    self.mode = match after {
                        After::Continue => Mode::Record,
                        After::Resync => {
                            if let Some((offset, aligned)) = self.record_start.take()
                                && self.stream.rewind_after(offset, aligned)
                            {
                                self.pending_header = None;
                            }
                            Mode::Resync
                        }
                        After::Stop => Mode::Done,
                    };
                    return Some(Err(err));
                }
                Step::End => {
                    self.mode = Mode::Done;
                    return None;
                }
            }
        }
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Reads one line (through its `\n`), keeping at most `cap` bytes of it in `out`.
/// Returns the line's full length, or `None` at the end of input.
pub(crate) fn read_line_capped(
    r: &mut dyn BufRead,
    out: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Option<usize>> {
    out.clear();
    let mut total = 0usize;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok((total > 0).then_some(total));
        }
        let (take, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = cap.saturating_sub(out.len()).min(take);
        out.extend_from_slice(&buf[..room]);
        r.consume(take);
        total = total.saturating_add(take);
        if done {
            return Ok(Some(total));
        }
    }
}
