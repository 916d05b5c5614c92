//! A hand-checked sample of pressrel-dev wire releases (every 190th file sorted by path,
//! the two with an empty slug left out: 51 releases) with golden expectations of the
//! structured fields, and invariants every
//! field keeps on a wider sample (every 50th file): e-mails valid and lower-case, phones
//! E.164, no markup or `mailto:` debris anywhere.
//!
//! The archive is unpacked once with `tar -xJf` (about a second) into
//! `target/dateline-structure-data/pressrel` and reused.
//!
//! Checked by reading each release against its snapshot entry (index in the sample):
//! datelines, dates, about paragraphs and contacts are right except these known misses,
//! kept in the snapshot so a fix shows up as a diff:
//! - 3: `About X Welcome to ...` (heading run into its text, name not repeated): no about.
//! - 13: Torin Lee's organization is `Communications & Publicity`, really his role.
//! - 16, 26, 28: `published` is the first full date of the text (marked low), not the
//!   wire's date; the path date is metadata the loader leaves out here on purpose.
//! - 23: Chiru Bhavansikar's organization (`Arhasi`, glued before the name) is missed.
//! - 25: `Company Name: UPCX team` is dropped; 42: the single-name contact `Jonathan` too.

use std::path::{Path, PathBuf};

use dateline_structure::{StructureOptions, Structurer};
use dateline_types::Release;
use serde_json::json;

use crate::seeds_fields::digest;
use crate::wire;

fn root() -> Option<PathBuf> {
    let data = crate::shared_data().join("pressrel-dev");
    let cache = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/dateline-structure-data/pressrel"
    ));
    match wire::unpack(&data, cache) {
        Ok(r) => Some(r),
        Err(e) => {
            eprintln!("note: {e}; pressrel tests skipped");
            None
        }
    }
}

fn sample(step: usize) -> Option<(PathBuf, Vec<PathBuf>)> {
    let root = root()?;
    let paths: Vec<PathBuf> = wire::release_paths(&root, false)
        .into_iter()
        .step_by(step)
        .collect();
    Some((root, paths))
}

fn view(r: &Release) -> serde_json::Value {
    json!({
        "source": r.source,
        "title_digest": r.title.as_deref().map(digest),
        "subtitle": r.subtitle.as_ref().map(|s| s.chars().take(60).collect::<String>()),
        "published": r.published.map(|d| d.to_string()),
        "dateline": r.dateline.as_ref().map(|d| json!({"place": d.place, "country": d.country, "rule": d.evidence.rule})),
        "body": {"paragraphs": r.body.split("\n\n").filter(|p| !p.is_empty()).count(), "digest": digest(&r.body)},
        "about": r.about.as_ref().map(|a| a.chars().take(50).collect::<String>()),
        "contacts": r.contacts.iter().map(|c| json!({
            "name": c.name, "role": c.role, "organization": c.organization, "place": c.place,
            "emails": c.emails, "phones": c.phones, "confidence": c.evidence.confidence,
        })).collect::<Vec<_>>(),
        "countries": r.countries,
        "site": r.site.as_ref().and_then(|s| s.name.clone()),
    })
}

#[test]
fn hand_checked_sample() {
    let Some((root, paths)) = sample(190) else {
        return;
    };
    assert!(paths.len() >= 50, "{}", paths.len());
    let structurer = Structurer::new(StructureOptions::default());
    let views: Vec<serde_json::Value> = paths
        .iter()
        .filter_map(|p| wire::article(&root, p, false))
        .map(|a| view(&structurer.structure(&a)))
        .collect();
    insta::assert_json_snapshot!("pressrel_sample", views);
}

fn check_field(where_: &str, s: &str) {
    let lower = s.to_lowercase();
    assert!(
        !lower.contains("mailto:"),
        "{where_}: mailto debris in `{s}`"
    );
    assert!(
        !s.contains("target=\"") && !s.contains("\">") && !s.contains("href="),
        "{where_}: markup in `{s}`"
    );
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>]{0,200})?/?>").unwrap()
    });
    assert!(!TAG.is_match(s), "{where_}: markup in `{s}`");
}

/// US state codes, shouted words and tickers the wire releases are full of: never an
/// organization or a person.
const NOT_NAMES: &[&str] = &[
    "CA",
    "TX",
    "NY",
    "FL",
    "AZ",
    "NEW",
    "TLDR",
    "USD",
    "BTC",
    "ETH",
    "ETF",
    "NFT",
    "DALLAS",
    "Website",
    "Instigator",
    "Partner",
    "Account",
];

fn check_release(r: &Release) {
    let w = r.source.as_str();
    for o in &r.organizations {
        assert!(!NOT_NAMES.contains(&o.as_str()), "{w}: organization `{o}`");
        check_field(w, o);
    }
    for p in &r.people {
        assert!(
            !NOT_NAMES.contains(&p.name.as_str()),
            "{w}: person `{}`",
            p.name
        );
        check_field(w, &p.name);
    }
    for s in [
        r.title.as_deref(),
        r.subtitle.as_deref(),
        r.about.as_deref(),
        Some(r.body.as_str()),
    ]
    .into_iter()
    .flatten()
    {
        check_field(w, s);
    }
    if let Some(d) = &r.dateline {
        check_field(w, &d.place);
        assert!(
            d.country
                .as_deref()
                .is_none_or(|c| c.len() == 2 && c.chars().all(|x| x.is_ascii_uppercase())),
            "{w}: {d:?}"
        );
    }
    for cc in &r.countries {
        assert!(
            cc.len() == 2 && cc.chars().all(|x| x.is_ascii_uppercase()),
            "{w}: country `{cc}`"
        );
    }
    for c in &r.contacts {
        for s in [
            c.name.as_deref(),
            c.role.as_deref(),
            c.organization.as_deref(),
            c.place.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            check_field(w, s);
            assert!(!s.contains('@'), "{w}: address left in contact field `{s}`");
        }
        for e in &c.emails {
            assert_eq!(e, &e.to_lowercase(), "{w}");
            let (local, domain) = e.split_once('@').unwrap_or_else(|| panic!("{w}: `{e}`"));
            assert!(
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.'),
                "{w}: `{e}`"
            );
        }
        for p in &c.phones {
            assert!(
                p.starts_with('+')
                    && (8..=16).contains(&p.len())
                    && p[1..].chars().all(|x| x.is_ascii_digit()),
                "{w}: phone `{p}`"
            );
        }
    }
}

#[test]
fn fields_are_clean_and_validated() {
    let structurer = Structurer::new(StructureOptions::default());
    if let Some(seeds) = crate::seeds() {
        for (_, _, r) in &seeds {
            check_release(r);
        }
    }
    let Some((root, paths)) = sample(50) else {
        return;
    };
    for p in &paths {
        if let Some(a) = wire::article(&root, p, true) {
            check_release(&structurer.structure(&a));
        }
    }
}

#[test]
fn hostile_input_does_not_panic() {
    use dateline_types::{Article, Block};
    let structurer = Structurer::new(StructureOptions::default());
    let deep = "(".repeat(10_000) + &"“".repeat(5_000) + &"-".repeat(5_000);
    let long_line = "GENEVA, 12 March 2021 (IOM) – ".to_string() + &"word, ".repeat(200_000);
    let contact = "Media Contact:".to_string() + &"A".repeat(100_000) + "@" + &"b.".repeat(10_000);
    for text in [
        deep,
        long_line,
        contact,
        "\u{0}\u{feff}\u{202e}".into(),
        "—".into(),
        "+".repeat(50_000),
    ] {
        let article = Article {
            title: Some(text.chars().take(1000).collect()),
            blocks: vec![
                Block::paragraph(text.clone()),
                Block::paragraph("For more information please contact:"),
                Block::paragraph(text),
            ],
            ..Article::default()
        };
        let r = structurer.structure(&article);
        check_release(&r);
    }
    // Many blocks of many lines: the stage stays linear.
    let started = std::time::Instant::now();
    let mut blocks = vec![Block::paragraph("GENEVA – A release.")];
    for k in 0..20_000 {
        blocks.push(Block::paragraph(format!(
            "Media Contact: Jane Roe{k} jane{k}@acme.example"
        )));
        blocks.push(Block::paragraph("Short line without a full stop"));
    }
    let r = structurer.structure(&Article {
        blocks,
        ..Article::default()
    });
    check_release(&r);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
