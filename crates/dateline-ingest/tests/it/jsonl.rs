//! JSON Lines inputs.

use dateline_ingest::{ErrorKind, ReadOptions};

use crate::warcgen::gzip;
use crate::{read_all, read_with, summary, write};

fn lines() -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(
        br#"{"url": "https://iom.example/a", "html": "<html><p>A</p></html>", "date": "2021-03-12"}"#,
    );
    out.extend_from_slice(b"\n");
    out.extend_from_slice(
        br#"{"url": "https://iom.example/b", "text": "Geneva - B", "date": 2021}"#,
    );
    out.extend_from_slice(b"\r\n\n   \n");
    out.extend_from_slice(
        b"{\"url\": \"https://iom.example/c\", \"html\": \"bad \xff\xfe utf8\"}\n",
    );
    out.extend_from_slice(b"this is not json\n");
    out.extend_from_slice(br#"{"url": "https://iom.example/e"}"#);
    out.extend_from_slice(b"\n");
    out.extend_from_slice(br#"{"url": "https://iom.example/f", "html": "   "}"#);
    out.extend_from_slice(b"\n");
    out.extend_from_slice(br#"["an", "array"]"#);
    out.extend_from_slice(b"\n");
    out.extend_from_slice(
        &format!(
            r#"{{"url": "https://iom.example/big", "html": "{}"}}"#,
            "x".repeat(3000)
        )
        .into_bytes(),
    );
    out.extend_from_slice(b"\n");
    out.extend_from_slice(&format!(r#"{{"html": "{}"}}"#, "y".repeat(1500)).into_bytes());
    out.extend_from_slice(b"\n");
    out.extend_from_slice(
        br#"{"url": "https://iom.example/last", "html": "<p>last, no newline</p>"}"#,
    );
    out
}

#[test]
fn reads_one_page_per_line_and_one_error_per_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "pages.jsonl", lines());
    let (items, inputs) = read_with(
        &[&path],
        ReadOptions {
            max_page_bytes: 2000,
        },
    );
    let ok: Vec<_> = items.iter().filter_map(|i| i.as_ref().ok()).collect();
    assert_eq!(ok.len(), 4);
    assert_eq!(ok[0].source.line, Some(1));
    assert_eq!(ok[0].date_hint.as_deref(), Some("2021-03-12"));
    assert_eq!(ok[3].source.line, Some(12));
    let kinds: Vec<_> = items
        .iter()
        .filter_map(|i| i.as_ref().err())
        .map(|e| e.kind())
        .collect();
    assert_eq!(
        kinds,
        [
            ErrorKind::Malformed,
            ErrorKind::Malformed,
            ErrorKind::NoPage,
            ErrorKind::NoPage,
            ErrorKind::Malformed,
            ErrorKind::TooLarge,
        ]
    );
    insta::assert_snapshot!(summary(&items, &inputs, dir.path()));
}

#[test]
fn reads_gzipped_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "pages.jsonl.gz", gzip(&lines()));
    let (items, _) = read_with(
        &[&path],
        ReadOptions {
            max_page_bytes: 2000,
        },
    );
    assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 4);
    assert_eq!(items.len(), 10);
}

#[test]
fn a_truncated_gzipped_file_ends_with_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let gz = gzip(&lines());
    let path = write(dir.path(), "cut.jsonl.gz", &gz[..gz.len() - 20]);
    let (items, _) = read_all(&[&path]);
    let last = items.last().unwrap().as_ref().unwrap_err();
    assert!(last.message.contains("truncated"), "{last}");
    assert!(items[0].is_ok(), "{items:?}");
}
