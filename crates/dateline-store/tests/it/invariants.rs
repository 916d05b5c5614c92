//! proptest: whatever the order and repeats, the archive ends with the same records
//! and stories as dedup's in-memory reference, and the index agrees with the database.

use std::collections::{BTreeMap, BTreeSet};

use dateline_dedup::{Clusters, DedupConfig};
use dateline_store::{Archive, ArchiveOptions, SourceInfo};
use dateline_types::{RecordId, Release, SourceRef};
use proptest::prelude::*;

const PARAGRAPHS: [&str; 6] = [
    "The International Organization for Migration welcomed the decision of the government to join as a member state after years of cooperation.",
    "Officials discussed labour mobility, counter trafficking and the protection of migrants returning from abroad during the two day visit.",
    "A new agreement signed in Geneva focuses on gender, youth and reproductive health issues affecting migrant girls and women worldwide.",
    "Flooding in the northern provinces displaced more than ten thousand families who now need shelter, clean water and medical supplies.",
    "The regional director said the forum would strengthen joint work on the rights of migrants across Central Asia and beyond in the coming year.",
    "Vaccines must reach migrants regardless of status, not as a special class of people, but as friends, neighbours and co-workers.",
];

fn release(paras: &[usize], variant: u8, site: u8) -> Release {
    let mut body: Vec<String> = paras
        .iter()
        .map(|i| PARAGRAPHS[*i % 6].to_string())
        .collect();
    match variant % 4 {
        1 => body.push("Share this page on Facebook Twitter LinkedIn".into()),
        2 if body.len() > 2 => {
            body.pop();
        }
        3 => body = body.into_iter().map(|p| p.replace(',', " ,")).collect(),
        _ => {}
    }
    Release {
        source: format!("crawl/{site}.txt"),
        url: Some(format!("https://site{site}.example/news")),
        body: body.join("\n\n"),
        ..Release::default()
    }
}

fn ingest(items: &[Release], order: &[usize]) -> (Archive, BTreeMap<RecordId, RecordId>) {
    let mut archive = Archive::in_memory_with(ArchiveOptions {
        batch_size: 3,
        index_memory: 15 << 20,
        ..ArchiveOptions::default()
    })
    .unwrap();
    for &i in order {
        let r = &items[i];
        // The raw page: its URL and text (the same page again is the same bytes).
        let raw = format!("{}\n{}", r.url.as_deref().unwrap_or_default(), r.body);
        let source = SourceInfo::new(SourceRef::file(r.source.clone()), raw.as_bytes());
        archive.ingest(r, &source).unwrap();
    }
    archive.flush().unwrap();
    let stories = archive
        .export(None)
        .unwrap()
        .map(|r| r.map(|r| (r.id, r.story)))
        .collect::<Result<_, _>>()
        .unwrap();
    (archive, stories)
}

fn shuffled(n: usize, mut seed: u64, repeats: &[prop::sample::Index]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    seed |= 1;
    for i in (1..n).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        order.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    order.extend(repeats.iter().map(|ix| ix.index(n)));
    order
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn stories_ignore_order_and_match_the_reference(
        items in prop::collection::vec((prop::collection::vec(0usize..6, 1..5), any::<u8>(), 0u8..5), 1..10),
        seed in any::<u64>(),
        repeats in prop::collection::vec(any::<prop::sample::Index>(), 0..5),
    ) {
        let releases: Vec<Release> = items.iter().map(|(p, v, s)| release(p, *v, *s)).collect();
        let (mut a, stories_a) = ingest(&releases, &(0..releases.len()).collect::<Vec<_>>());
        let (mut b, stories_b) = ingest(&releases, &shuffled(releases.len(), seed, &repeats));
        prop_assert_eq!(&stories_a, &stories_b);
        prop_assert!(a.check().unwrap().is_ok());
        prop_assert!(b.check().unwrap().is_ok());

        let mut reference = Clusters::new(DedupConfig::default().build().unwrap());
        for r in &releases {
            reference.insert(r, r.url.as_deref().unwrap_or_default());
        }
        let mut partition: BTreeMap<RecordId, BTreeSet<RecordId>> = BTreeMap::new();
        for (id, story) in &stories_a {
            partition.entry(story.clone()).or_default().insert(id.clone());
        }
        prop_assert_eq!(partition, reference.partition());
    }
}
