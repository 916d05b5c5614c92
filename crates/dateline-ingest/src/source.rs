//! A buffered byte source that knows its offset, can peek ahead and, for files, rewind.

use std::fs::File;
use std::io::{self, BufRead, Read, Seek, SeekFrom};

const BUF_SIZE: usize = 64 * 1024;

enum Raw {
    File(File),
    Stream(Box<dyn Read + Send>),
}

impl Read for Raw {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Raw::File(f) => f.read(buf),
            Raw::Stream(r) => r.read(buf),
        }
    }

    fn read_to_end(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        match self {
            // The file's own `read_to_end` reads into spare capacity without zero-filling it.
            Raw::File(f) => f.read_to_end(buf),
            Raw::Stream(r) => r.read_to_end(buf),
        }
    }
}

/// Raw input bytes (a file, standard input, any reader) with the absolute offset of the
/// next byte. Files can rewind; streams can rewind only within what is still buffered.
pub(crate) struct Source {
    raw: Raw,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// Absolute offset of `buf[pos]`.
    offset: u64,
}

impl Source {
    pub(crate) fn file(file: File) -> Self {
        Source::with_raw(Raw::File(file))
    }

    pub(crate) fn stream(reader: Box<dyn Read + Send>) -> Self {
        Source::with_raw(Raw::Stream(reader))
    }

    fn with_raw(raw: Raw) -> Self {
        Source {
            raw,
            buf: vec![0; BUF_SIZE],
            pos: 0,
            end: 0,
            offset: 0,
        }
    }

    /// The size of the underlying file, when it is a file whose size is known.
    pub(crate) fn file_len(&self) -> Option<u64> {
        match &self.raw {
            Raw::File(f) => f.metadata().ok().map(|m| m.len()),
            Raw::Stream(_) => None,
        }
    }

    /// The absolute offset of the next byte to be read.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    /// Up to `n` next bytes without consuming them (fewer only at end of input).
    pub(crate) fn peek(&mut self, n: usize) -> io::Result<&[u8]> {
        if self.end - self.pos < n {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
            if self.buf.len() < n {
                self.buf.resize(n, 0);
            }
            while self.end < n {
                match self.raw.read(&mut self.buf[self.end..]) {
                    Ok(0) => break,
                    Ok(k) => self.end += k,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
        let stop = self.end.min(self.pos + n);
        Ok(&self.buf[self.pos..stop])
    }

    /// Moves back (or forward) to `offset`. Returns false when that is impossible
    /// (a stream whose bytes are no longer buffered); the position is then unchanged.
    pub(crate) fn rewind_to(&mut self, offset: u64) -> io::Result<bool> {
        let buf_start = self.offset - self.pos as u64;
        let buf_end = self.offset + (self.end - self.pos) as u64;
        if (buf_start..=buf_end).contains(&offset) {
            self.pos = usize::try_from(offset - buf_start)
                .unwrap_or(self.end)
                .min(self.end);
            self.offset = offset;
            return Ok(true);
        }
        match &mut self.raw {
            Raw::File(f) => {
                f.seek(SeekFrom::Start(offset))?;
                self.pos = 0;
                self.end = 0;
                self.offset = offset;
                Ok(true)
            }
            Raw::Stream(_) => Ok(false),
        }
    }

    /// Skips forward to the next occurrence of `needle` (at least one byte long), leaving
    /// it unconsumed. Returns false, with everything consumed, when it never occurs.
    pub(crate) fn skip_to(&mut self, needle: &[u8]) -> io::Result<bool> {
        let Some(&first) = needle.first() else {
            return Ok(true);
        };
        loop {
            let buf = self.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            match memchr::memchr(first, buf) {
                None => {
                    let n = buf.len();
                    self.consume(n);
                }
                Some(i) => {
                    self.consume(i);
                    let head = self.peek(needle.len())?;
                    if head == needle {
                        return Ok(true);
                    }
                    if head.len() < needle.len() {
                        let n = head.len();
                        self.consume(n);
                        return Ok(false);
                    }
                    self.consume(1);
                }
            }
        }
    }
}

impl Read for Source {
    /// The buffered bytes, then the rest straight from the underlying reader.
    fn read_to_end(&mut self, out: &mut Vec<u8>) -> io::Result<usize> {
        let buffered = self.buf.get(self.pos..self.end).unwrap_or_default();
        let n = buffered.len();
        out.extend_from_slice(buffered);
        self.consume(n);
        // The buffer no longer holds the bytes before `offset`: empty it so `rewind_to`
        // does not trust it.
        self.pos = 0;
        self.end = 0;
        let rest = self.raw.read_to_end(out)?;
        self.offset += rest as u64;
        Ok(n + rest)
    }

    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.end && out.len() >= self.buf.len() {
            // Large reads bypass the buffer, which then no longer holds the bytes before
            // `offset`: empty it so `rewind_to` does not trust it.
            self.pos = 0;
            self.end = 0;
            let n = self.raw.read(out)?;
            self.offset += n as u64;
            return Ok(n);
        }
        let buf = self.fill_buf()?;
        let n = buf.len().min(out.len());
        out[..n].copy_from_slice(&buf[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Source {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.end {
            self.pos = 0;
            self.end = 0;
            loop {
                match self.raw.read(&mut self.buf) {
                    Ok(k) => {
                        self.end = k;
                        break;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(&self.buf[self.pos..self.end])
    }

    fn consume(&mut self, amt: usize) {
        let amt = amt.min(self.end - self.pos);
        self.pos += amt;
        self.offset += amt as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(bytes: &'static [u8]) -> Source {
        Source::stream(Box::new(bytes))
    }

    #[test]
    fn peeks_without_consuming() {
        let mut s = stream(b"hello world");
        assert_eq!(s.peek(5).unwrap(), b"hello");
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        assert_eq!(out, "hello world");
        assert_eq!(s.offset(), 11);
    }

    #[test]
    fn skips_to_a_needle() {
        let mut s = stream(b"xx\x1fzz\x1f\x8b\x08rest");
        assert!(s.skip_to(&[0x1f, 0x8b, 0x08]).unwrap());
        assert_eq!(s.offset(), 5);
        assert!(!s.skip_to(b"nothere").unwrap());
    }

    #[test]
    fn does_not_rewind_into_bytes_read_past_the_buffer() {
        let data: &'static [u8] = Box::leak(vec![7u8; 200_000].into_boxed_slice());
        let mut s = stream(data);
        s.peek(10).unwrap();
        s.consume(10);
        let mut big = vec![0u8; 150_000];
        s.read_exact(&mut big).unwrap();
        assert!(!s.rewind_to(5).unwrap());
        assert_eq!(s.offset(), 150_010);
    }

    #[test]
    fn rewinds_within_the_buffer() {
        let mut s = stream(b"0123456789");
        s.peek(10).unwrap();
        s.consume(7);
        assert!(s.rewind_to(2).unwrap());
        assert_eq!(s.peek(3).unwrap(), b"234");
    }
}
