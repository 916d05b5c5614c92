//! Builds WARC records for tests and examples (shared with `examples/` through `#[path]`).
#![allow(dead_code)]

use std::io::Write;

/// One plain (uncompressed) WARC record with the given type, target URI and block.
pub fn record(warc_type: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    record_with_length(warc_type, uri, content_type, block, block.len())
}

/// Like [`record`] but announcing `length` instead of the block's real length.
pub fn record_with_length(
    warc_type: &str,
    uri: &str,
    content_type: &str,
    block: &[u8],
    length: usize,
) -> Vec<u8> {
    record_full(
        warc_type,
        uri,
        content_type,
        block,
        length,
        "2021-03-12T08:15:00Z",
    )
}

/// Like [`record`] but crawled at `date`.
pub fn record_dated(
    warc_type: &str,
    uri: &str,
    content_type: &str,
    block: &[u8],
    date: &str,
) -> Vec<u8> {
    record_full(warc_type, uri, content_type, block, block.len(), date)
}

fn record_full(
    warc_type: &str,
    uri: &str,
    content_type: &str,
    block: &[u8],
    length: usize,
    date: &str,
) -> Vec<u8> {
    let id = block
        .iter()
        .chain(uri.as_bytes())
        .fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    let mut out = Vec::with_capacity(block.len() + 400);
    write!(
        out,
        "WARC/1.1\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}>\r\n\
         WARC-Date: {date}\r\n{target}Content-Type: {content_type}\r\n\
         Content-Length: {length}\r\n\r\n",
        id >> 32,
        (id >> 16) & 0xffff,
        (id >> 4) & 0xfff,
        (id >> 20) & 0xfff,
        id & 0xffff_ffff_ffff,
        target = if uri.is_empty() { String::new() } else { format!("WARC-Target-URI: {uri}\r\n") },
    )
    .unwrap();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response (status line, headers, blank line, body).
pub fn http(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for (name, value) in headers {
        write!(out, "{name}: {value}\r\n").unwrap();
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// A `response` record of an HTML page.
pub fn html_response(uri: &str, html: &str) -> Vec<u8> {
    let block = http(
        "200 OK",
        &[("Content-Type", "text/html; charset=utf-8")],
        html.as_bytes(),
    );
    record(
        "response",
        uri,
        "application/http; msgtype=response",
        &block,
    )
}

/// A `request` record.
pub fn request(uri: &str) -> Vec<u8> {
    let block = format!("GET {uri} HTTP/1.1\r\nHost: example.org\r\nUser-Agent: test\r\n\r\n");
    record(
        "request",
        uri,
        "application/http; msgtype=request",
        block.as_bytes(),
    )
}

/// A `warcinfo` record.
pub fn warcinfo() -> Vec<u8> {
    record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: dateline-test\r\nformat: WARC File Format 1.1\r\n",
    )
}

/// A response record of a tiny PNG image.
pub fn image_response(uri: &str) -> Vec<u8> {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let block = http("200 OK", &[("Content-Type", "image/png")], png);
    record(
        "response",
        uri,
        "application/http; msgtype=response",
        &block,
    )
}

/// `body` in `Transfer-Encoding: chunked`, in chunks of `size` bytes.
pub fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in body.chunks(size.max(1)) {
        write!(out, "{:x}\r\n", chunk.len()).unwrap();
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// One gzip member holding `data`.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// A `.warc.gz`: each record its own gzip member. Also returns each member's offset.
pub fn gzip_members(records: &[Vec<u8>]) -> (Vec<u8>, Vec<u64>) {
    let mut out = Vec::new();
    let mut offsets = Vec::new();
    for r in records {
        offsets.push(out.len() as u64);
        out.extend_from_slice(&gzip(r));
    }
    (out, offsets)
}

/// A plain `.warc` and each record's offset.
pub fn plain(records: &[Vec<u8>]) -> (Vec<u8>, Vec<u64>) {
    let mut out = Vec::new();
    let mut offsets = Vec::new();
    for r in records {
        offsets.push(out.len() as u64);
        out.extend_from_slice(r);
    }
    (out, offsets)
}
