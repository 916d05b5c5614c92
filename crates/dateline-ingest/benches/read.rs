//! Reader throughput over real pages: the extraction-dev pages (or, when the shared data is
//! absent, the bundled examples) packed into a WARC, plain and gzip per record, in memory.
//!
//! `cargo bench -p dateline-ingest`

#[path = "../tests/it/warcgen.rs"]
mod warcgen;

use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline_ingest::{ReadOptions, read_inputs, read_warc};

fn pages() -> Vec<Vec<u8>> {
    let shared = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/extraction-dev"
    ));
    let dirs: Vec<PathBuf> = if shared.is_dir() {
        [
            "cleanportaleval",
            "dragnet",
            "l3s-gn1",
            "trafilatura-eval",
            "htmldate-eval",
        ]
        .iter()
        .map(|d| shared.join(d).join("html"))
        .filter(|d| d.is_dir())
        .collect()
    } else {
        eprintln!(
            "note: {} is absent; using the bundled examples",
            shared.display()
        );
        vec![PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples"
        ))]
    };
    read_inputs(dirs, ReadOptions::default())
        .filter_map(Result::ok)
        .filter(|p| p.kind == dateline_types::PageKind::Html)
        .map(|p| p.bytes)
        .collect()
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    let records: Vec<Vec<u8>> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, page)| {
            let uri = format!("https://bench.example/{i}");
            let block = warcgen::http(
                "200 OK",
                &[("Content-Type", "text/html; charset=utf-8")],
                page,
            );
            [
                warcgen::request(&uri),
                warcgen::record(
                    "response",
                    &uri,
                    "application/http; msgtype=response",
                    &block,
                ),
            ]
        })
        .collect();
    let plain: Arc<[u8]> = warcgen::plain(&records).0.into();
    let gz: Arc<[u8]> = warcgen::gzip_members(&records).0.into();
    let decompressed = plain.len() as u64;

    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(decompressed));
    for (name, bytes) in [("warc", plain), ("warc.gz", gz)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let n =
                    read_warc("bench", Cursor::new(bytes.clone()), ReadOptions::default()).count();
                assert_eq!(n, pages.len());
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
