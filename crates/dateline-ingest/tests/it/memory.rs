//! Streaming: a large WARC is read with memory bounded by one record, not the file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use dateline_ingest::{ErrorKind, ReadOptions, read_inputs};

use crate::alloc;
use crate::warcgen::{gzip, html_response};

/// Writes a WARC of about `total` bytes of 100 KB pages plus one 6 MB page, record by record.
fn write_big_warc(path: &Path, total: usize, gz: bool) -> usize {
    let mut out = BufWriter::new(File::create(path).unwrap());
    let page = format!(
        "<html><body>{}</body></html>",
        "<p>Paragraph of a press release body.</p>".repeat(2500)
    );
    let mut written = 0;
    let mut records = 0;
    while written < total {
        let mut record = html_response(&format!("https://big.example/{records}"), &page);
        if records == 3 {
            let huge = format!("<html>{}</html>", "z".repeat(6 << 20));
            record = html_response("https://big.example/huge", &huge);
        }
        let bytes = if gz { gzip(&record) } else { record };
        out.write_all(&bytes).unwrap();
        written += bytes.len();
        records += 1;
    }
    out.flush().unwrap();
    records
}

fn stream_and_measure(gz: bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(if gz { "big.warc.gz" } else { "big.warc" });
    let records = write_big_warc(&path, if gz { 2 << 20 } else { 40 << 20 }, gz);
    let file_size = std::fs::metadata(&path).unwrap().len();

    let before = alloc::reset_peak();
    let mut pages = 0;
    let mut too_large = 0;
    for item in read_inputs(
        vec![path.clone()],
        ReadOptions {
            max_page_bytes: 1 << 20,
        },
    ) {
        match item {
            Ok(page) => {
                assert!(page.bytes.len() > 100_000);
                pages += 1;
            }
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::TooLarge, "{e}");
                too_large += 1;
            }
        }
    }
    let held = alloc::peak() - before;
    assert_eq!((pages + too_large, too_large), (records, 1));
    // One page (~100 KB) plus buffers; far below the file and the 6 MB record.
    assert!(
        held < 2 << 20,
        "held {held} bytes while streaming {file_size} bytes"
    );
    eprintln!("gz={gz}: streamed {file_size} bytes, {records} records, peak {held} bytes held");
}

#[test]
fn streams_a_large_plain_warc_with_bounded_memory() {
    stream_and_measure(false);
}

#[test]
fn streams_a_large_warc_gz_with_bounded_memory() {
    stream_and_measure(true);
}
