//! proptest: story clustering is order-insensitive and idempotent.

use dateline_dedup::{Clusters, DedupConfig};
use dateline_types::Release;
use proptest::prelude::*;

const PARAGRAPHS: [&str; 6] = [
    "The International Organization for Migration welcomed the decision of the government to join as a member state after years of cooperation.",
    "Officials discussed labour mobility, counter trafficking and the protection of migrants returning from abroad during the two day visit.",
    "A new agreement signed in Geneva focuses on gender, youth and reproductive health issues affecting migrant girls and women worldwide.",
    "Flooding in the northern provinces displaced more than ten thousand families who now need shelter, clean water and medical supplies.",
    "The regional director said the forum would strengthen joint work on the rights of migrants across Central Asia and beyond in the coming year.",
    "Vaccines must reach migrants regardless of status, not as a special class of people, but as friends, neighbours and co-workers.",
];

/// A release built from paragraph choices, with a variant tweak, seen at a URL.
fn release(paras: &[usize], variant: u8) -> Release {
    let mut body: Vec<String> = paras
        .iter()
        .map(|i| PARAGRAPHS[*i % PARAGRAPHS.len()].to_string())
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
        body: body.join("\n\n"),
        ..Release::default()
    }
}

fn item() -> impl Strategy<Value = (Vec<usize>, u8, u8)> {
    (prop::collection::vec(0usize..6, 1..5), any::<u8>(), 0u8..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn partition_ignores_order_and_repeats(
        items in prop::collection::vec(item(), 1..12),
        shuffle in any::<u64>(),
        repeats in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
    ) {
        let dedup = DedupConfig::default().build().unwrap();
        let releases: Vec<(Release, String)> = items
            .iter()
            .map(|(p, v, u)| (release(p, *v), format!("https://site{u}.example/news")))
            .collect();

        let mut a = Clusters::new(dedup.clone());
        for (r, u) in &releases {
            a.insert(r, u);
        }

        // A permutation of the same input plus some repeats.
        let mut order: Vec<usize> = (0..releases.len()).collect();
        let mut state = shuffle | 1;
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        order.extend(repeats.iter().map(|ix| ix.index(releases.len())));
        let mut b = Clusters::new(dedup);
        for i in order {
            let (r, u) = &releases[i];
            b.insert(r, u);
        }
        prop_assert_eq!(a.partition(), b.partition());

        // Idempotent: inserting everything again changes nothing.
        let before = a.partition();
        for (r, u) in &releases {
            a.insert(r, u);
        }
        prop_assert_eq!(before, a.partition());
    }
}
