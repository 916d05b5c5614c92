//! Extraction throughput over a fixed set of real pages from `../shared` (skipped when absent).
//!
//! `cargo bench -p dateline-extract --bench extract`
#![allow(clippy::disallowed_types)]

use std::io::Read;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline_extract::ExtractorBuilder;
use dateline_types::{PageKind, RawPage, SourceRef};

const DEV_SET: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/extraction-dev"
);

/// The first pages (sorted by name) of every source: a fixed, mixed corpus.
fn corpus(per_source: usize) -> Vec<RawPage> {
    let mut pages = Vec::new();
    for source in [
        "l3s-gn1",
        "cleanportaleval",
        "dragnet",
        "trafilatura-eval",
        "htmldate-eval",
    ] {
        let Ok(dir) = std::fs::read_dir(format!("{DEV_SET}/{source}/html")) else {
            continue;
        };
        let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths.into_iter().take(per_source) {
            let Ok(file) = std::fs::File::open(&path) else {
                continue;
            };
            let mut bytes = Vec::new();
            if flate2::read::GzDecoder::new(file)
                .read_to_end(&mut bytes)
                .is_ok()
            {
                let source = SourceRef::file(path.display().to_string());
                pages.push(RawPage::new(source, PageKind::Html, bytes));
            }
        }
    }
    pages
}

fn bench(c: &mut Criterion) {
    let pages = corpus(40);
    if pages.is_empty() {
        eprintln!("note: `{DEV_SET}` not found; no extraction benchmark");
        return;
    }
    let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let extractor = ExtractorBuilder::new().build();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function(format!("{}_real_pages", pages.len()), |b| {
        b.iter(|| {
            for page in &pages {
                let _ = std::hint::black_box(extractor.extract(page));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
