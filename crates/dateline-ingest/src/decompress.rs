//! The one place dateline decompresses anything, always under an output size cap.
//!
//! `clippy.toml` bans the raw `flate2` decoders everywhere else, so a gzip bomb cannot
//! sneak in through a forgotten code path.
//!
//! * [`CappedGzip`] streams gzip data (any number of members, as in `.warc.gz` where every
//!   record is its own member), knows which member it is in and can resync to the next
//!   member after a corrupt one.
//! * [`decode_content`] undoes an HTTP `Content-Encoding` (`gzip`, `deflate`, `br`) of a body
//!   held in memory.

use std::io::{self, BufRead, Read};

use crate::source::Source;

/// Why decompression failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecompressError {
    /// The output grew past the cap.
    #[error("it decompresses to more than the limit of `{limit}` bytes")]
    TooLarge {
        /// The cap, in bytes.
        limit: u64,
    },
    /// The compressed data ends in the middle of a member.
    #[error("the compressed data is truncated")]
    Truncated,
    /// The compressed data is not valid.
    #[error("the compressed data is corrupt ({0})")]
    Corrupt(String),
    /// The encoding is not one this crate can undo.
    #[error("the content encoding `{0}` is not supported")]
    Unsupported(String),
}

impl DecompressError {
    /// Classifies an I/O error that came out of a decoder.
    pub fn from_io(err: &io::Error) -> Option<DecompressError> {
        if let Some(inner) = err
            .get_ref()
            .and_then(|e| e.downcast_ref::<DecompressError>())
        {
            return Some(inner.clone());
        }
        match err.kind() {
            io::ErrorKind::UnexpectedEof => Some(DecompressError::Truncated),
            io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
                Some(DecompressError::Corrupt(err.to_string()))
            }
            _ => None,
        }
    }

    fn into_io(self) -> io::Error {
        io::Error::other(self)
    }
}

/// The magic bytes that start every gzip member (with the deflate method byte).
pub const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

const OUT_BUF: usize = 64 * 1024;

#[allow(clippy::disallowed_types)]
type MemberDecoder = flate2::bufread::GzDecoder<Source>;

enum State {
    /// Between members: the next byte of input starts a member (or ends the input).
    Between(Source),
    /// Inside a member.
    Member(Box<MemberDecoder>),
    /// Only while switching states.
    Gone,
}

/// A streaming gzip decoder for one or more concatenated members, with an output cap.
///
/// The cap counts bytes produced since the last [`CappedGzip::set_limit`] (or since
/// creation); going over it is an [`io::Error`] wrapping [`DecompressError::TooLarge`].
/// A reader that processes the output record by record resets the cap per record, so a
/// multi-gigabyte `.warc.gz` streams fine while no single record can balloon.
///
/// ```
/// use std::io::Read;
/// use dateline_ingest::decompress::CappedGzip;
///
/// let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
/// std::io::Write::write_all(&mut gz, b"hello").unwrap();
/// let bytes = gz.finish().unwrap();
///
/// let mut out = String::new();
/// CappedGzip::new(std::io::Cursor::new(bytes.clone()), 1024).read_to_string(&mut out).unwrap();
/// assert_eq!(out, "hello");
/// assert!(CappedGzip::new(std::io::Cursor::new(bytes), 3).read_to_string(&mut out).is_err());
/// ```
pub struct CappedGzip {
    state: State,
    out: Vec<u8>,
    pos: usize,
    end: usize,
    member_start: u64,
    member_pos: u64,
    total_pos: u64,
    limit: u64,
    produced: u64,
    /// An error met while peeking, after some bytes were already buffered: returned once
    /// those bytes are consumed.
    deferred: Option<io::Error>,
}

impl CappedGzip {
    /// Decodes gzip data read from `reader`, producing at most `limit` bytes.
    pub fn new(reader: impl Read + Send + 'static, limit: u64) -> Self {
        CappedGzip::from_source(Source::stream(Box::new(reader)), limit)
    }

    pub(crate) fn from_source(source: Source, limit: u64) -> Self {
        CappedGzip {
            member_start: source.offset(),
            state: State::Between(source),
            out: vec![0; OUT_BUF],
            pos: 0,
            end: 0,
            member_pos: 0,
            total_pos: 0,
            limit,
            produced: 0,
            deferred: None,
        }
    }

    /// Resets the output budget: from now on at most `limit` more bytes.
    pub fn set_limit(&mut self, limit: u64) {
        self.limit = limit;
        self.produced = (self.end - self.pos) as u64;
    }

    /// The compressed offset where the current member starts.
    pub fn member_start(&self) -> u64 {
        self.member_start
    }

    /// Where the next output byte comes from: `(member start, offset inside the member's
    /// output)`. Moves on to the next member first when the current one is used up.
    pub fn position(&mut self) -> io::Result<(u64, u64)> {
        self.fill_buf()?;
        Ok((self.member_start, self.member_pos))
    }

    /// How many output bytes have been consumed so far, over all members.
    pub fn output_offset(&self) -> u64 {
        self.total_pos
    }

    /// Up to `n` next output bytes of the current member, without consuming them.
    pub fn peek(&mut self, n: usize) -> io::Result<&[u8]> {
        self.fill_buf()?;
        if self.end - self.pos < n {
            self.out.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
            if self.out.len() < n {
                self.out.resize(n, 0);
            }
            while self.end < n {
                let State::Member(decoder) = &mut self.state else {
                    break;
                };
                let k = match read_retrying(decoder, &mut self.out[self.end..]) {
                    Ok(k) => k,
                    Err(e) if self.end > self.pos => {
                        self.deferred = Some(match DecompressError::from_io(&e) {
                            Some(d) => d.into_io(),
                            None => e,
                        });
                        break;
                    }
                    Err(e) => return Err(e),
                };
                if k == 0 {
                    break;
                }
                self.count(k)?;
                self.end += k;
            }
        }
        let stop = self.end.min(self.pos + n);
        Ok(&self.out[self.pos..stop])
    }

    /// After an error: drops the rest of the broken member and moves to the next gzip
    /// magic after its start. Returns false when there is no further member.
    pub fn resync(&mut self) -> io::Result<bool> {
        self.resync_from(self.member_start.saturating_add(1))
    }

    /// Moves to the first gzip magic at or after the compressed offset `offset` (or, when
    /// the input cannot go back that far, after the current position). Returns false when
    /// there is no further member.
    pub fn resync_from(&mut self, offset: u64) -> io::Result<bool> {
        self.pos = 0;
        self.end = 0;
        self.deferred = None;
        let mut source = match std::mem::replace(&mut self.state, State::Gone) {
            State::Between(s) => s,
            State::Member(d) => d.into_inner(),
            State::Gone => return Ok(false),
        };
        // A corrupt member may have made the decoder read into the next member: go back
        // when the input allows it, so that member is not lost too.
        let _ = source.rewind_to(offset);
        let found = source.skip_to(&GZIP_MAGIC);
        self.member_start = source.offset();
        self.member_pos = 0;
        self.state = State::Between(source);
        found
    }

    fn count(&mut self, n: usize) -> io::Result<()> {
        self.produced = self.produced.saturating_add(n as u64);
        if self.produced > self.limit {
            return Err(DecompressError::TooLarge { limit: self.limit }.into_io());
        }
        Ok(())
    }
}

fn read_retrying(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match r.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

impl Read for CappedGzip {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let buf = self.fill_buf()?;
        let n = buf.len().min(out.len());
        out[..n].copy_from_slice(&buf[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for CappedGzip {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.end {
            self.pos = 0;
            self.end = 0;
            if let Some(err) = self.deferred.take() {
                return Err(err);
            }
            match std::mem::replace(&mut self.state, State::Gone) {
                State::Gone => break,
                State::Between(mut source) => {
                    if source.fill_buf()?.is_empty() {
                        self.state = State::Between(source);
                        break;
                    }
                    self.member_start = source.offset();
                    self.member_pos = 0;
                    #[allow(clippy::disallowed_types)]
                    let decoder = flate2::bufread::GzDecoder::new(source);
                    self.state = State::Member(Box::new(decoder));
                }
                State::Member(mut decoder) => {
                    let got = read_retrying(&mut decoder, &mut self.out);
                    match got {
                        Ok(0) => {
                            self.state = State::Between(decoder.into_inner());
                        }
                        Ok(k) => {
                            self.state = State::Member(decoder);
                            self.count(k)?;
                            self.end = k;
                        }
                        Err(e) => {
                            self.state = State::Member(decoder);
                            return Err(match DecompressError::from_io(&e) {
                                Some(d) => d.into_io(),
                                None => e,
                            });
                        }
                    }
                }
            }
        }
        Ok(&self.out[self.pos..self.end])
    }

    fn consume(&mut self, amt: usize) {
        let amt = amt.min(self.end - self.pos);
        self.pos += amt;
        self.member_pos += amt as u64;
        self.total_pos += amt as u64;
    }
}

/// Undoes an HTTP `Content-Encoding` list (`gzip`, `x-gzip`, `deflate`, `br`, `identity`,
/// applied in the order given) on a body held in memory, producing at most `limit` bytes.
///
/// Bodies that are announced as compressed but are not (some crawlers store the decoded
/// body and keep the header) are returned as they are.
pub fn decode_content(
    body: Vec<u8>,
    encodings: &str,
    limit: u64,
) -> Result<Vec<u8>, DecompressError> {
    let mut body = body;
    let list: Vec<String> = encodings
        .split(',')
        .map(|e| e.trim().to_ascii_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    for encoding in list.iter().rev() {
        body = match encoding.as_str() {
            "identity" => body,
            "gzip" | "x-gzip" => {
                if !body.starts_with(&GZIP_MAGIC[..2]) {
                    body
                } else {
                    read_capped(CappedGzip::new(io::Cursor::new(body), limit), limit)?
                }
            }
            "deflate" => inflate(&body, limit)?,
            "br" => read_capped(
                brotli_decompressor::Decompressor::new(body.as_slice(), 4096),
                limit,
            )?,
            other => return Err(DecompressError::Unsupported(other.to_string())),
        };
    }
    Ok(body)
}

/// `deflate` in HTTP should be zlib-wrapped, but servers send raw deflate too.
#[allow(clippy::disallowed_types)]
fn inflate(body: &[u8], limit: u64) -> Result<Vec<u8>, DecompressError> {
    let zlib_header = body.len() >= 2
        && body[0] & 0x0f == 8
        && (u16::from(body[0]) << 8 | u16::from(body[1])) % 31 == 0;
    if zlib_header {
        read_capped(flate2::read::ZlibDecoder::new(body), limit)
    } else {
        read_capped(flate2::read::DeflateDecoder::new(body), limit)
    }
}

fn read_capped(reader: impl Read, limit: u64) -> Result<Vec<u8>, DecompressError> {
    let mut out = Vec::new();
    let mut capped = reader.take(limit.saturating_add(1));
    if let Err(e) = capped.read_to_end(&mut out) {
        return Err(
            DecompressError::from_io(&e).unwrap_or_else(|| DecompressError::Corrupt(e.to_string()))
        );
    }
    if out.len() as u64 > limit {
        return Err(DecompressError::TooLarge { limit });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn read_all(gz: &mut CappedGzip) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        gz.read_to_end(&mut out).map(|_| out)
    }

    #[test]
    fn reads_several_members_and_knows_where_each_starts() {
        let a = gzip(b"first ");
        let b = gzip(b"second");
        let both = [a.clone(), b].concat();
        let mut gz = CappedGzip::new(io::Cursor::new(both), 1 << 20);
        assert_eq!(gz.position().unwrap(), (0, 0));
        let mut first = [0u8; 6];
        gz.read_exact(&mut first).unwrap();
        assert_eq!(gz.position().unwrap(), (a.len() as u64, 0));
        assert_eq!(read_all(&mut gz).unwrap(), b"second");
    }

    #[test]
    fn stops_at_the_cap() {
        let data = gzip(&vec![b'a'; 1 << 20]);
        let mut gz = CappedGzip::new(io::Cursor::new(data), 1000);
        let err = read_all(&mut gz).unwrap_err();
        assert_eq!(
            DecompressError::from_io(&err),
            Some(DecompressError::TooLarge { limit: 1000 })
        );
    }

    #[test]
    fn reports_truncation() {
        let data = gzip(b"some text that will be cut short");
        let cut = data[..data.len() - 10].to_vec();
        let err = read_all(&mut CappedGzip::new(io::Cursor::new(cut), 1 << 20)).unwrap_err();
        assert_eq!(
            DecompressError::from_io(&err),
            Some(DecompressError::Truncated)
        );
    }

    #[test]
    fn resyncs_after_a_corrupt_member() {
        let a = gzip(b"one");
        let mut bad = gzip(&vec![b'x'; 5000]);
        let len = bad.len();
        for byte in &mut bad[12..len - 8] {
            *byte ^= 0x5a;
        }
        let c = gzip(b"three");
        let all = [a, bad, c].concat();
        let mut gz = CappedGzip::new(io::Cursor::new(all), 1 << 20);
        let mut one = [0u8; 3];
        gz.read_exact(&mut one).unwrap();
        assert!(read_all(&mut gz).is_err());
        assert!(gz.resync().unwrap());
        assert_eq!(read_all(&mut gz).unwrap(), b"three");
    }

    /// A brotli stream holding `data` in one uncompressed meta-block (no encoder needed).
    fn brotli_stored(data: &[u8]) -> Vec<u8> {
        let mut bits: Vec<bool> = Vec::new();
        let put = |value: u64, n: usize, bits: &mut Vec<bool>| {
            for i in 0..n {
                bits.push(value >> i & 1 == 1);
            }
        };
        put(0, 1, &mut bits); // WBITS = 16
        put(0, 1, &mut bits); // ISLAST = 0
        put(0, 2, &mut bits); // MNIBBLES = 4
        put(data.len() as u64 - 1, 16, &mut bits); // MLEN - 1
        put(1, 1, &mut bits); // ISUNCOMPRESSED
        let to_bytes = |bits: &[bool]| -> Vec<u8> {
            bits.chunks(8)
                .map(|c| {
                    c.iter()
                        .enumerate()
                        .fold(0u8, |b, (i, &bit)| b | (u8::from(bit) << i))
                })
                .collect()
        };
        let mut out = to_bytes(&bits);
        out.extend_from_slice(data);
        out.push(0b11); // ISLAST = 1, ISLASTEMPTY = 1
        out
    }

    #[test]
    fn decodes_brotli() {
        let body = b"<html>brotli</html>".to_vec();
        assert_eq!(
            decode_content(brotli_stored(&body), "br", 100).unwrap(),
            body
        );
        assert!(matches!(
            decode_content(brotli_stored(&body), "br", 5),
            Err(DecompressError::TooLarge { .. })
        ));
        assert!(decode_content(vec![0xff; 10], "br", 100).is_err());
    }

    #[test]
    fn decodes_content_encodings() {
        let body = b"<html>hi</html>".to_vec();
        assert_eq!(decode_content(gzip(&body), "gzip", 100).unwrap(), body);
        assert_eq!(decode_content(body.clone(), "gzip", 100).unwrap(), body);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&body).unwrap();
        assert_eq!(
            decode_content(z.finish().unwrap(), "deflate", 100).unwrap(),
            body
        );
        let mut d = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        d.write_all(&body).unwrap();
        assert_eq!(
            decode_content(d.finish().unwrap(), "deflate", 100).unwrap(),
            body
        );
        assert!(matches!(
            decode_content(gzip(&body), "gzip", 5),
            Err(DecompressError::TooLarge { .. })
        ));
        assert!(matches!(
            decode_content(body, "compress", 100),
            Err(DecompressError::Unsupported(_))
        ));
    }
}
