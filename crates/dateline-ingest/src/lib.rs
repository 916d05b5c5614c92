//! Reads raw crawls as a stream of [`RawPage`]s: the first stage of dateline.
//!
//! [`read_inputs`] takes the paths a user gave (files, directories, `-` for standard
//! input) and returns [`Inputs`], an iterator that yields one `Result<RawPage, IngestError>`
//! per page or per failure, lazily and in input order. Directories are walked recursively in
//! sorted order, skipping hidden entries. Each input's format is recognised from its name
//! and its first bytes:
//!
//! * HTML pages (`.html`, `.htm`, sniffed `<!doctype html`, `<html` ...), one page each;
//! * plain-text page dumps (`.txt`), one page each ([`PageKind::Text`]);
//! * WARC 1.0/1.1 files, plain or gzip per record (`.warc`, `.warc.gz`), streamed record by
//!   record: HTML `response` records become pages, everything else is counted in
//!   [`Inputs::skipped`];
//! * JSON Lines (`.jsonl`), one `{"url", "html" | "text", "date"?}` object per line.
//!
//! Gzip is recognised by its magic bytes and undone by [`decompress::CappedGzip`], the one
//! decompressor of the code base, which caps its output.
//!
//! Main items:
//!
//! * [`read_inputs`] → [`Inputs`]: paths as given on a command line; [`read_reader`] and
//!   [`read_warc`] do the same for an already open stream (`read_warc` forces WARC);
//! * [`IngestError`] with [`ErrorKind`] (`Io`, `Malformed`, `TooLarge`, `NoPage`);
//! * [`ReadOptions`]: the page size cap, which also bounds memory;
//! * [`decompress`]: [`decompress::CappedGzip`] and [`decompress::decode_content`].
//!
//! Memory stays bounded by one page: a WARC is read record by record (a 1 GB WARC streams
//! in a few MB of memory), oversized records are read past, not held.
//!
//! Nothing here panics on bad input, and nothing vanishes: every input ends as pages,
//! counted skips or [`IngestError`]s that name the input (`path`, `path@offset` for a WARC
//! record, `path:line` for JSON Lines), say what is wrong and carry an [`ErrorKind`]. A broken
//! WARC record is one error, after which the reader resyncs to the next record.
//!
//! ```
//! use std::io::Write;
//! use dateline_ingest::{read_inputs, ErrorKind, ReadOptions};
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("a.html"), "<!doctype html><title>A</title>").unwrap();
//! std::fs::write(dir.path().join("b.txt"), "").unwrap();
//!
//! let mut inputs = read_inputs(vec![dir.path().to_path_buf()], ReadOptions::default());
//! let page = inputs.next().unwrap().unwrap();
//! assert!(page.source.origin.ends_with("a.html"));
//! let err = inputs.next().unwrap().unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::NoPage); // b.txt is empty
//! assert!(inputs.next().is_none());
//! ```
#![deny(missing_docs)]

pub mod decompress;
mod detect;
mod http;
mod jsonl;
mod source;
mod warc;

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read};
use std::path::PathBuf;

use dateline_types::{PageKind, RawPage, SourceRef};

use crate::decompress::{CappedGzip, DecompressError};
use crate::detect::{Format, NameHint};
use crate::jsonl::{JsonlReader, LineStream};
use crate::source::Source;
use crate::warc::{WarcReader, WarcStream};

/// Limits and switches for reading inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Largest page (after decompression) accepted, in bytes. Larger pages and WARC records
    /// are skipped with an [`ErrorKind::TooLarge`] error. This also bounds the memory the
    /// reader holds at any time.
    pub max_page_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_page_bytes: 64 << 20,
        }
    }
}

/// What kind of failure an [`IngestError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorKind {
    /// The input could not be opened or read.
    Io,
    /// The input is not in the format its name or content announced (bad gzip, broken WARC record, bad JSON line).
    Malformed,
    /// The input is larger than the configured limit.
    TooLarge,
    /// The input is empty or holds no page (binary junk, empty file).
    NoPage,
}

/// One input (or one record of an input) that could not be read.
///
/// Its `Display` starts with the input's label in backticks:
/// ``"`crawl.warc.gz@5120`: the gzip data is truncated ..."``.
#[derive(Debug, Clone, thiserror::Error)]
#[error("`{origin}`: {message}")]
pub struct IngestError {
    /// The input's label (`path`, `path@offset`, `path:line`).
    pub origin: String,
    /// What is wrong and what to do.
    pub message: String,
    /// The kind of failure.
    pub kind: ErrorKind,
}

impl IngestError {
    /// An error on the input labelled `origin`.
    pub fn new(origin: impl Into<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        IngestError {
            origin: origin.into(),
            message: message.into(),
            kind,
        }
    }

    /// The kind of failure, for counting and exit codes.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

/// A reader of one input that yields its pages one at a time.
pub(crate) trait PageReader: Send {
    /// The next page or error; `None` when the input is used up. Records passed over on
    /// purpose are counted in `skipped` by reason.
    fn next_page(
        &mut self,
        skipped: &mut BTreeMap<String, u64>,
    ) -> Option<Result<RawPage, IngestError>>;
}

/// An input that holds exactly one page (or one error).
struct OnePage(Option<Result<RawPage, IngestError>>);

impl PageReader for OnePage {
    fn next_page(
        &mut self,
        _skipped: &mut BTreeMap<String, u64>,
    ) -> Option<Result<RawPage, IngestError>> {
        self.0.take()
    }
}

enum Pending {
    /// A path the user gave (`walked` false) or one found inside a directory.
    Path { path: PathBuf, walked: bool },
    /// An already open stream.
    Reader {
        label: String,
        reader: Box<dyn Read + Send>,
        force_warc: bool,
    },
}

/// The pages of a list of inputs, read lazily in order.
///
/// Holds at most one page (or one WARC record, or one JSON line) in memory at a time, plus
/// small read buffers.
pub struct Inputs {
    options: ReadOptions,
    /// Inputs still to open, the next one last.
    pending: Vec<Pending>,
    current: Option<Box<dyn PageReader>>,
    skipped: BTreeMap<String, u64>,
}

impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inputs")
            .field("options", &self.options)
            .field("pending", &self.pending.len())
            .field("skipped", &self.skipped)
            .finish_non_exhaustive()
    }
}

impl Inputs {
    fn new(pending: Vec<Pending>, options: ReadOptions) -> Self {
        let mut pending = pending;
        pending.reverse();
        Inputs {
            options,
            pending,
            current: None,
            skipped: BTreeMap::new(),
        }
    }

    /// Records and files passed over on purpose, by reason (`WARC request record`,
    /// `non-HTML response (image/png)`, `HTTP status 404`, `hidden file or directory`, ...).
    pub fn skipped(&self) -> &BTreeMap<String, u64> {
        &self.skipped
    }

    fn skip(&mut self, reason: String) {
        *self.skipped.entry(reason).or_default() += 1;
    }

    fn open(&mut self, pending: Pending) -> Result<Option<Box<dyn PageReader>>, IngestError> {
        match pending {
            Pending::Reader {
                label,
                reader,
                force_warc,
            } => {
                let hint = NameHint {
                    format: force_warc.then_some(Format::Warc),
                    gzip: false,
                    walkable: true,
                };
                open_source(
                    label,
                    Source::stream(reader),
                    hint,
                    &self.options,
                    force_warc,
                )
                .map(Some)
            }
            Pending::Path { path, walked } => {
                let label = path.to_string_lossy().into_owned();
                if !walked && label == "-" {
                    let hint = NameHint {
                        format: None,
                        gzip: false,
                        walkable: true,
                    };
                    let stdin = Source::stream(Box::new(io::stdin()));
                    return open_source(label, stdin, hint, &self.options, false).map(Some);
                }
                let meta = fs::metadata(&path).map_err(|e| {
                    IngestError::new(
                        &label,
                        ErrorKind::Io,
                        format!(
                            "could not read it: {e}; check that the path exists and is readable"
                        ),
                    )
                })?;
                if meta.is_dir() {
                    self.list_dir(path, &label)?;
                    return Ok(None);
                }
                let file = fs::File::open(&path).map_err(|e| {
                    IngestError::new(
                        &label,
                        ErrorKind::Io,
                        format!("could not open it: {e}; check its permissions"),
                    )
                })?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                open_source(
                    label,
                    Source::file(file),
                    detect::name_hint(&name),
                    &self.options,
                    false,
                )
                .map(Some)
            }
        }
    }

    /// Queues a directory's entries, sorted by name, ahead of the remaining inputs.
    fn list_dir(&mut self, dir: PathBuf, label: &str) -> Result<(), IngestError> {
        let io_error = |e: io::Error| {
            IngestError::new(
                label,
                ErrorKind::Io,
                format!("could not list the directory: {e}; check its permissions"),
            )
        };
        let mut children = Vec::new();
        for entry in fs::read_dir(&dir).map_err(io_error)? {
            let entry = entry.map_err(io_error)?;
            let name = entry.file_name();
            let name_text = name.to_string_lossy();
            if name_text.starts_with('.') {
                self.skip("hidden file or directory".to_string());
                continue;
            }
            let file_type = entry.file_type().map_err(io_error)?;
            let is_dir = if file_type.is_symlink() {
                // Followed for files; directories are not, so a link loop cannot trap the walk.
                if fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
                    self.skip("symbolic link to a directory (not followed)".to_string());
                    continue;
                }
                false
            } else {
                file_type.is_dir()
            };
            if !is_dir && !detect::name_hint(&name_text).walkable {
                let ext = name_text
                    .rsplit_once('.')
                    .map_or("", |(_, e)| e)
                    .to_ascii_lowercase();
                self.skip(format!("file type not read in directories (.{ext})"));
                continue;
            }
            children.push((name, entry.path()));
        }
        children.sort();
        for (_, path) in children.into_iter().rev() {
            self.pending.push(Pending::Path { path, walked: true });
        }
        Ok(())
    }
}

impl Iterator for Inputs {
    type Item = Result<RawPage, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(reader) = &mut self.current {
                if let Some(item) = reader.next_page(&mut self.skipped) {
                    return Some(item);
                }
                self.current = None;
            }
            let pending = self.pending.pop()?;
            match self.open(pending) {
                Ok(reader) => self.current = reader,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Reads files, directories (recursively) and `-` (standard input), recognising each input's format.
///
/// Nothing is opened until the iterator is advanced.
pub fn read_inputs(paths: Vec<PathBuf>, options: ReadOptions) -> Inputs {
    let pending = paths
        .into_iter()
        .map(|path| Pending::Path {
            path,
            walked: false,
        })
        .collect();
    Inputs::new(pending, options)
}

/// Reads one already open stream labelled `label`, recognising its format from its content
/// (as for standard input).
pub fn read_reader(
    label: impl Into<String>,
    reader: impl Read + Send + 'static,
    options: ReadOptions,
) -> Inputs {
    let pending = Pending::Reader {
        label: label.into(),
        reader: Box::new(reader),
        force_warc: false,
    };
    Inputs::new(vec![pending], options)
}

/// Reads one stream as a WARC file (plain or gzip), whatever its first bytes look like.
pub fn read_warc(
    label: impl Into<String>,
    reader: impl Read + Send + 'static,
    options: ReadOptions,
) -> Inputs {
    let pending = Pending::Reader {
        label: label.into(),
        reader: Box::new(reader),
        force_warc: true,
    };
    Inputs::new(vec![pending], options)
}

/// How many bytes are looked at to recognise a format.
const SNIFF: usize = 8192;

fn open_source(
    label: String,
    mut source: Source,
    hint: NameHint,
    options: &ReadOptions,
    force_warc: bool,
) -> Result<Box<dyn PageReader>, IngestError> {
    let max = options.max_page_bytes;
    let io_error = |label: &str, e: io::Error| read_error(label, &e);
    let head = source.peek(SNIFF).map_err(|e| io_error(&label, e))?;
    if head.is_empty() {
        let what = if label == "-" {
            "standard input is empty"
        } else {
            "the file is empty"
        };
        return Err(IngestError::new(label, ErrorKind::NoPage, what));
    }
    let is_gzip = head.starts_with(&decompress::GZIP_MAGIC[..2]);
    if hint.gzip && !is_gzip {
        return Err(IngestError::new(
            label,
            ErrorKind::Malformed,
            "the name ends in `.gz` but the content is not gzip data (it does not start with `1f 8b`); \
             rename or recompress the file",
        ));
    }
    if !is_gzip {
        let format = choose(&label, hint, head, force_warc)?;
        return Ok(match format {
            Format::Warc => Box::new(WarcReader::new(label, WarcStream::Plain(source), max)),
            Format::Jsonl => Box::new(JsonlReader::new(label, LineStream::Plain(source), max)),
            Format::Html | Format::Text => match source.file_len() {
                // A file of known size: checked against the cap up front, then read whole.
                Some(size) => Box::new(OnePage(Some(read_file_page(
                    label, source, format, max, size,
                )))),
                None => Box::new(OnePage(Some(read_page(label, source, format, max, 0)))),
            },
        });
    }
    // HTML compresses about five to one.
    let expected = source.file_len().unwrap_or(0).saturating_mul(5);
    // No cap while sniffing: each reader sets its own (per page, record or line).
    let mut gz = CappedGzip::from_source(source, u64::MAX);
    let head = gz.peek(SNIFF).map_err(|e| io_error(&label, e))?;
    if head.is_empty() {
        return Err(IngestError::new(
            label,
            ErrorKind::NoPage,
            "the file decompresses to nothing",
        ));
    }
    let format = choose(&label, hint, head, force_warc)?;
    Ok(match format {
        Format::Warc => Box::new(WarcReader::new(label, WarcStream::Gzip(gz), max)),
        Format::Jsonl => Box::new(JsonlReader::new(label, LineStream::Gzip(gz), max)),
        Format::Html | Format::Text => {
            gz.set_limit(max.saturating_add(1));
            Box::new(OnePage(Some(read_page(label, gz, format, max, expected))))
        }
    })
}

fn choose(
    label: &str,
    hint: NameHint,
    head: &[u8],
    force_warc: bool,
) -> Result<Format, IngestError> {
    if force_warc {
        return Ok(Format::Warc);
    }
    match detect::choose(hint.format, head) {
        Some(Format::Warc) if !detect::looks_like_warc(head) => Err(IngestError::new(
            label,
            ErrorKind::Malformed,
            "the name says WARC but the content does not start with a `WARC/1.x` line; \
             check that it is a WARC file",
        )),
        Some(format) => Ok(format),
        None => Err(IngestError::new(
            label,
            ErrorKind::NoPage,
            "the content is binary, not a page (HTML, text, WARC or JSON Lines); leave it out of the inputs",
        )),
    }
}

/// Reads a whole single-page input, at most `max` bytes.
/// One page from a file whose size is known: no cap wrapper, so the file is read straight
/// into a buffer of its size.
fn read_file_page(
    label: String,
    mut source: Source,
    format: Format,
    max: u64,
    size: u64,
) -> Result<RawPage, IngestError> {
    if size > max {
        return Err(too_large(label, max));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size.saturating_add(1)).unwrap_or(0));
    if let Err(e) = source.read_to_end(&mut bytes) {
        return Err(read_error(&label, &e));
    }
    // The file may have grown while it was read.
    if bytes.len() as u64 > max {
        return Err(too_large(label, max));
    }
    Ok(page_of(label, bytes, format))
}

fn too_large(label: String, max: u64) -> IngestError {
    IngestError::new(
        label,
        ErrorKind::TooLarge,
        format!(
            "the page is larger than the limit of `{max}` bytes; raise the limit if it is a real page"
        ),
    )
}

/// The most a page buffer reserves before any byte is read (it still grows past this).
const MAX_PREALLOCATED: u64 = 8 << 20;

fn read_page(
    label: String,
    reader: impl Read,
    format: Format,
    max: u64,
    expected: u64,
) -> Result<RawPage, IngestError> {
    // Sized up front: growing a page buffer by doubling copies it several times and, for
    // large pages, maps fresh memory from the kernel each time.
    let capacity = expected.min(max.saturating_add(1)).min(MAX_PREALLOCATED);
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    match reader.take(max.saturating_add(1)).read_to_end(&mut bytes) {
        Ok(_) => {}
        Err(e) => {
            if let Some(DecompressError::TooLarge { .. }) = DecompressError::from_io(&e) {
                return Err(too_large(label, max));
            }
            return Err(read_error(&label, &e));
        }
    }
    if bytes.len() as u64 > max {
        return Err(too_large(label, max));
    }
    Ok(page_of(label, bytes, format))
}

fn page_of(label: String, bytes: Vec<u8>, format: Format) -> RawPage {
    let kind = match format {
        Format::Text => PageKind::Text,
        _ => PageKind::Html,
    };
    RawPage::new(SourceRef::file(label), kind, bytes)
}

fn read_error(label: &str, err: &io::Error) -> IngestError {
    match DecompressError::from_io(err) {
        Some(DecompressError::Truncated) => IngestError::new(
            label,
            ErrorKind::Malformed,
            "the gzip data is truncated (the file was cut short); re-download or recompress it",
        ),
        Some(DecompressError::TooLarge { limit }) => IngestError::new(
            label,
            ErrorKind::TooLarge,
            format!(
                "it decompresses to more than the limit of `{limit}` bytes; raise the limit if it is a real page"
            ),
        ),
        Some(e) => IngestError::new(
            label,
            ErrorKind::Malformed,
            format!("{e}; the file is damaged"),
        ),
        None => IngestError::new(label, ErrorKind::Io, format!("could not read it: {err}")),
    }
}
