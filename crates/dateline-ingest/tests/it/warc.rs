//! The WARC reader, on records built here.

use std::io::Cursor;

use dateline_ingest::{ErrorKind, ReadOptions, read_warc};

use crate::warcgen::*;
use crate::{read_all, read_with, summary, write};

const PAGE_A: &str =
    "<!doctype html><html><head><title>A</title></head><body><p>Geneva release</p></body></html>";
const PAGE_B: &str = "<html><body><p>Second release, with more words in it.</p></body></html>";

fn mixed_records() -> Vec<Vec<u8>> {
    vec![
        warcinfo(),
        request("https://www.iom.example/news/a"),
        html_response("https://www.iom.example/news/a", PAGE_A),
        image_response("https://www.iom.example/logo.png"),
        record(
            "response",
            "https://www.iom.example/gone",
            "application/http; msgtype=response",
            &http(
                "404 Not Found",
                &[("Content-Type", "text/html")],
                b"<html>nope</html>",
            ),
        ),
        record(
            "metadata",
            "https://www.iom.example/news/a",
            "application/warc-fields",
            b"via: x\r\n",
        ),
        html_response("<https://www.iom.example/news/b>", PAGE_B),
    ]
}

#[test]
fn reads_html_responses_of_a_plain_warc_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, offsets) = plain(&mixed_records());
    let path = write(dir.path(), "crawl.warc", &bytes);
    let (items, inputs) = read_all(&[&path]);
    let pages: Vec<_> = items.iter().map(|i| i.as_ref().unwrap()).collect();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].bytes, PAGE_A.as_bytes());
    assert_eq!(pages[0].source.warc_offset, Some(offsets[2]));
    assert_eq!(
        pages[0].source.url.as_deref(),
        Some("https://www.iom.example/news/a")
    );
    assert_eq!(
        pages[0].source.crawl_date.as_deref(),
        Some("2021-03-12T08:15:00Z")
    );
    assert_eq!(pages[0].declared_charset.as_deref(), Some("utf-8"));
    // WARC 1.0 writers may wrap the URI in angle brackets.
    assert_eq!(
        pages[1].source.url.as_deref(),
        Some("https://www.iom.example/news/b")
    );
    assert_eq!(pages[1].source.warc_offset, Some(offsets[6]));
    insta::assert_snapshot!(summary(&items, &inputs, dir.path()));
}

#[test]
fn reads_a_warc_gz_member_by_member_with_member_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, offsets) = gzip_members(&mixed_records());
    let path = write(dir.path(), "crawl.warc.gz", &bytes);
    let (items, inputs) = read_all(&[&path]);
    let pages: Vec<_> = items.iter().map(|i| i.as_ref().unwrap()).collect();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].source.warc_offset, Some(offsets[2]));
    assert_eq!(pages[1].source.warc_offset, Some(offsets[6]));
    assert_eq!(pages[1].bytes, PAGE_B.as_bytes());
    assert_eq!(inputs.skipped().values().sum::<u64>(), 5);
}

#[test]
fn reads_a_warc_compressed_as_one_gzip_stream() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, offsets) = plain(&mixed_records());
    let path = write(dir.path(), "one-member.warc.gz", gzip(&bytes));
    let (items, _) = read_all(&[&path]);
    let pages: Vec<_> = items.iter().map(|i| i.as_ref().unwrap()).collect();
    assert_eq!(pages.len(), 2);
    // No member to point at: the offset is the record's place in the decompressed data.
    assert_eq!(pages[0].source.warc_offset, Some(offsets[2]));
    assert_eq!(pages[1].source.warc_offset, Some(offsets[6]));
}

#[test]
fn undoes_chunked_transfer_and_gzip_content_encoding() {
    let html = "<html><body><p>Привет, chunked and gzipped</p></body></html>";
    let body = chunked(&gzip(html.as_bytes()), 17);
    let block = http(
        "200 OK",
        &[
            ("Content-Type", "text/html; charset=windows-1251"),
            ("Transfer-Encoding", "chunked"),
            ("Content-Encoding", "gzip"),
        ],
        &body,
    );
    let records = vec![record(
        "response",
        "https://unhcr.example/ru",
        "application/http; msgtype=response",
        &block,
    )];
    let (bytes, _) = gzip_members(&records);
    let (items, _) = collect_warc(bytes, ReadOptions::default());
    let page = items[0].as_ref().unwrap();
    assert_eq!(page.bytes, html.as_bytes());
    assert_eq!(page.declared_charset.as_deref(), Some("windows-1251"));
}

#[test]
fn takes_html_resource_records() {
    let records = vec![record(
        "resource",
        "file:///a.html",
        "text/html; charset=utf-8",
        PAGE_A.as_bytes(),
    )];
    let (items, _) = collect_warc(plain(&records).0, ReadOptions::default());
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap().bytes, PAGE_A.as_bytes());
}

fn collect_warc(
    bytes: Vec<u8>,
    options: ReadOptions,
) -> (
    Vec<Result<dateline_types::RawPage, dateline_ingest::IngestError>>,
    dateline_ingest::Inputs,
) {
    let mut inputs = read_warc("test.warc", Cursor::new(bytes), options);
    let items = inputs.by_ref().collect();
    (items, inputs)
}

fn broken_middle(kind: &str) -> Vec<Vec<u8>> {
    let broken = match kind {
        "short-length" => record_with_length(
            "response",
            "https://x.example/broken",
            "application/http",
            &http(
                "200 OK",
                &[("Content-Type", "text/html")],
                b"<html>broken body</html>",
            ),
            20,
        ),
        "long-length" => record_with_length(
            "response",
            "https://x.example/broken",
            "application/http",
            &http(
                "200 OK",
                &[("Content-Type", "text/html")],
                b"<html>broken body</html>",
            ),
            90,
        ),
        "huge-length" => record_with_length(
            "response",
            "https://x.example/broken",
            "application/http",
            &http(
                "200 OK",
                &[("Content-Type", "text/html")],
                b"<html>broken body</html>",
            ),
            10_000_000,
        ),
        "bad-header" => {
            b"WARC/1.1\r\nWARC-Type response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n".to_vec()
        }
        "no-length" => b"WARC/1.1\r\nWARC-Type: response\r\n\r\nhello\r\n\r\n".to_vec(),
        "garbage" => b"this is not a record at all\r\n\r\n".to_vec(),
        "bad-http" => record(
            "response",
            "https://x.example/b",
            "application/http",
            b"HTTP/1.1 OK\r\n\r\n<html>",
        ),
        _ => unreachable!(),
    };
    vec![
        html_response("https://x.example/1", PAGE_A),
        broken,
        html_response("https://x.example/3", PAGE_B),
        html_response("https://x.example/4", PAGE_A),
    ]
}

#[test]
fn a_broken_record_in_the_middle_is_one_error_then_the_rest_is_read() {
    let mut report = String::new();
    for kind in [
        "short-length",
        "long-length",
        "huge-length",
        "bad-header",
        "no-length",
        "garbage",
        "bad-http",
    ] {
        for gz in [false, true] {
            let records = broken_middle(kind);
            let (bytes, _) = if gz {
                gzip_members(&records)
            } else {
                plain(&records)
            };
            // From a file, which the reader can go back in after a wrong length.
            let dir = tempfile::tempdir().unwrap();
            let path = write(dir.path(), "test.warc", &bytes);
            let (items, _) = read_all(&[&path]);
            let errors: Vec<_> = items.iter().filter_map(|i| i.as_ref().err()).collect();
            let urls: Vec<_> = items
                .iter()
                .filter_map(|i| i.as_ref().ok())
                .map(|p| p.source.url.clone().unwrap_or_default())
                .collect();
            assert_eq!(errors.len(), 1, "{kind} gz={gz}: {items:?}");
            assert_eq!(errors[0].kind(), ErrorKind::Malformed);
            // Even a Content-Length that is too long does not swallow the next record: the
            // reader goes back to just after the broken record's start.
            let want = [
                "https://x.example/1",
                "https://x.example/3",
                "https://x.example/4",
            ];
            assert_eq!(urls, want, "{kind} gz={gz}");
            let shown = errors[0]
                .to_string()
                .replace(&format!("{}/", dir.path().display()), "");
            report.push_str(&format!("{kind} gz={gz}: {shown}\n"));
        }
    }
    insta::assert_snapshot!(report);
}

#[test]
fn a_corrupt_gzip_member_is_one_error_then_the_next_members_are_read() {
    let big_page = format!(
        "<html><body>{}</body></html>",
        "<p>Filler paragraph of the release.</p>".repeat(300)
    );
    let records = vec![
        html_response("https://x.example/1", PAGE_A),
        html_response("https://x.example/2", &big_page),
        html_response("https://x.example/3", PAGE_B),
    ];
    let (mut bytes, offsets) = gzip_members(&records);
    let start = offsets[1] as usize + 40;
    for b in &mut bytes[start..start + 60] {
        *b ^= 0xa5;
    }
    let (items, _) = collect_warc(bytes, ReadOptions::default());
    let errors: Vec<_> = items.iter().filter_map(|i| i.as_ref().err()).collect();
    assert_eq!(errors.len(), 1, "{items:?}");
    assert_eq!(errors[0].origin, format!("test.warc@{}", offsets[1]));
    assert!(errors[0].to_string().contains("corrupt"), "{}", errors[0]);
    let urls: Vec<_> = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(|p| p.source.url.clone())
        .collect();
    assert_eq!(
        urls,
        [
            Some("https://x.example/1".into()),
            Some("https://x.example/3".into())
        ]
    );
}

#[test]
fn a_truncated_last_record_is_one_error_and_ends_the_file() {
    for gz in [false, true] {
        let records = vec![
            html_response("https://x.example/1", PAGE_A),
            html_response("https://x.example/2", PAGE_B),
        ];
        let (bytes, offsets) = if gz {
            gzip_members(&records)
        } else {
            plain(&records)
        };
        let cut = bytes[..bytes.len() - 30].to_vec();
        let (items, _) = collect_warc(cut, ReadOptions::default());
        assert_eq!(items.len(), 2, "gz={gz}: {items:?}");
        assert!(items[0].is_ok());
        let err = items[1].as_ref().unwrap_err();
        assert_eq!(err.origin, format!("test.warc@{}", offsets[1]));
        assert!(err.message.contains("truncated"), "{err}");
    }
}

#[test]
fn an_oversized_record_is_skipped_with_an_error_and_reading_goes_on() {
    let big = format!("<html><body>{}</body></html>", "x".repeat(50_000));
    let records = vec![
        html_response("https://x.example/big", &big),
        html_response("https://x.example/small", PAGE_A),
    ];
    for gz in [false, true] {
        let (bytes, offsets) = if gz {
            gzip_members(&records)
        } else {
            plain(&records)
        };
        let (items, _) = collect_warc(
            bytes,
            ReadOptions {
                max_page_bytes: 10_000,
            },
        );
        assert_eq!(items.len(), 2, "gz={gz} {items:?}");
        let err = items[0].as_ref().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TooLarge);
        assert_eq!(err.origin, format!("test.warc@{}", offsets[0]));
        assert_eq!(
            items[1].as_ref().unwrap().source.url.as_deref(),
            Some("https://x.example/small")
        );
    }
}

#[test]
fn a_file_named_warc_that_is_not_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "fake.warc", "<html>not a warc</html>");
    let (items, _) = read_all(&[&path]);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap_err().kind(), ErrorKind::Malformed);
}

#[test]
fn arbitrary_bytes_do_not_panic() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let base = plain(&mixed_records()).0;
    for round in 0..300 {
        let mut bytes = if round % 2 == 0 {
            base.clone()
        } else {
            gzip_members(&mixed_records()).0
        };
        for _ in 0..(round % 7 + 1) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed as usize) % bytes.len();
            bytes[i] = (seed >> 32) as u8;
        }
        if round % 5 == 0 {
            bytes.truncate((seed as usize) % bytes.len());
        }
        let _ = collect_warc(
            bytes,
            ReadOptions {
                max_page_bytes: 4096,
            },
        );
    }
    let _ = read_with(&[], ReadOptions::default());
}

#[test]
fn accepts_bare_line_feeds() {
    let block = "HTTP/1.0 200 OK\nContent-Type: text/html\n\n<html>lf only</html>";
    let record = format!(
        "WARC/1.0\nWARC-Type: response\nWARC-Target-URI: http://lf.example/\nContent-Length: {}\n\n{block}\n\n",
        block.len()
    );
    let twice = format!("{record}{record}");
    let (items, _) = collect_warc(twice.into_bytes(), ReadOptions::default());
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[1].as_ref().unwrap().bytes, b"<html>lf only</html>");
}
