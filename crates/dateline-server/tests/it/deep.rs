//! Paging past 10,000 hits: a generated archive of small distinct records (about
//! 2 s to build on an idle core, most of it the store's dedup and indexing).

use dateline_server::{AppState, Store, router};
use dateline_store::{Archive, ArchiveOptions, SourceInfo};
use dateline_types::{PartialDate, Release, SourceRef};

use crate::fixtures::get;

const RECORDS: usize = 10_050;

/// A small release whose words are drawn from a large synthetic vocabulary, so no
/// two records are near duplicates.
fn release(i: usize) -> Release {
    let mut state = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut words = Vec::with_capacity(8);
    for _ in 0..8 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        words.push(format!("w{}", state % 50_000));
    }
    Release {
        source: format!("gen/{i}"),
        title: Some(format!("Generated release {i}")),
        published: PartialDate::ymd(
            2000 + (i % 24) as i32,
            1 + (i % 12) as u8,
            1 + (i % 28) as u8,
        ),
        body: format!("record{i} {}", words.join(" ")),
        ..Release::default()
    }
}

#[tokio::test]
async fn pages_beyond_ten_thousand_hits() {
    let started = std::time::Instant::now();
    let mut archive = Archive::in_memory_with(ArchiveOptions {
        batch_size: 5_000,
        ..ArchiveOptions::default()
    })
    .unwrap();
    for i in 0..RECORDS {
        let r = release(i);
        archive
            .ingest(
                &r,
                &SourceInfo::new(SourceRef::file(r.source.clone()), r.body.as_bytes()),
            )
            .unwrap();
    }
    archive.flush().unwrap();
    eprintln!("generated {RECORDS} records in {:?}", started.elapsed());
    let app = router(AppState::new(Store::single(archive)));

    let v = get(&app, "/api/search?sort=oldest&limit=100&facets=0")
        .await
        .json();
    assert_eq!(v["total"], RECORDS as u64, "every record is its own story");

    // Jump deep by offset, then follow cursors to the end.
    let mut uri = "/api/search?sort=oldest&limit=100&facets=0&offset=9900".to_string();
    let mut seen = std::collections::BTreeSet::new();
    let mut pages = 0;
    loop {
        let v = get(&app, &uri).await.json();
        for hit in v["hits"].as_array().unwrap() {
            assert!(
                seen.insert(hit["id"].as_str().unwrap().to_string()),
                "a hit came twice"
            );
        }
        pages += 1;
        match v["next"].as_str() {
            Some(next) => uri = next.to_string(),
            None => break,
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(seen.len(), RECORDS - 9_900);
    assert_eq!(pages, 2);
    let v = get(
        &app,
        "/api/search?sort=oldest&limit=10&facets=0&offset=10045",
    )
    .await
    .json();
    assert_eq!(v["hits"].as_array().unwrap().len(), 5);
    assert!(v["next"].is_null());
    eprintln!("deep paging test took {:?}", started.elapsed());
}
