//! The five seed pages through `find_quotes`, `find_people` and `find_organizations`
//! directly, on paragraphs cut from the page text here (the full pipeline is tested
//! in `tests/it/seeds_quotes.rs`).

use dateline_types::{Confidence, Contact, Quote};

use super::find_quotes;
use crate::orgs::find_organizations;
use crate::people::find_people;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/seeds");

/// The title and paragraphs of a seed: the lines after `title_prefix` up to the
/// contact block, hard-wrapped lines joined back.
fn seed(prefix: &str, title_prefix: &str) -> Option<(String, Vec<String>)> {
    let dir = std::fs::read_dir(SEEDS).ok()?;
    let path = dir.filter_map(Result::ok).map(|e| e.path()).find(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
    })?;
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines().skip_while(|l| !l.starts_with(title_prefix));
    let title = lines.next()?.to_string();
    let body: Vec<&str> = lines
        .take_while(|l| {
            !(l.starts_with("For more information")
                || l.starts_with("For additional")
                || l.starts_with("For further")
                || l.starts_with("Inquiries")
                || l.starts_with("***")
                || l.starts_with("Established in 1951"))
        })
        .collect();
    let width = body.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut open = false;
    for line in body {
        if open {
            if let Some(last) = paragraphs.last_mut() {
                last.push(' ');
                last.push_str(line.trim());
            }
        } else {
            paragraphs.push(line.trim().to_string());
        }
        // Hard-wrapped pages (short lines): a line ends its paragraph when it ends a
        // sentence and falls well short of the wrap width.
        let n = line.chars().count();
        let ends = line.trim_end().ends_with(['.', '”', '"', '!', '?']);
        open = width < 100 && !(ends && n * 100 < width * 85);
    }
    Some((title, paragraphs))
}

fn show(q: &[Quote]) -> String {
    let mut out = String::new();
    for q in q {
        let conf = match q.evidence.confidence {
            Confidence::High => "high",
            Confidence::Low => "low",
        };
        out.push_str(&format!(
            "[{}] {:?} / {:?} ({}, {conf}): {}\n",
            q.evidence.rule,
            q.speaker,
            q.speaker_role,
            q.evidence.span.as_deref().unwrap_or("-"),
            q.text
        ));
    }
    out
}

fn check(q: &Quote, start: &str, speaker: Option<&str>, role: Option<&str>) {
    assert!(
        q.text.starts_with(start),
        "quote {:?} should start with {start:?}",
        q.text
    );
    assert_eq!(q.speaker.as_deref(), speaker, "speaker of {:?}", q.text);
    if role.is_some() {
        assert_eq!(q.speaker_role.as_deref(), role, "role of {:?}", q.text);
    }
}

macro_rules! load {
    ($prefix:expr, $title:expr) => {
        match seed($prefix, $title) {
            Some(s) => s,
            None => {
                eprintln!("note: seed {} not found under {SEEDS}; skipped", $prefix);
                return;
            }
        }
    };
}

#[test]
fn seed_000_szabados() {
    let (title, paragraphs) = load!("000_", "“Migrants’");
    let q = find_quotes(Some(&title), &paragraphs);
    let shown = show(&q);
    assert_eq!(q.len(), 5, "{shown}");
    check(
        &q[0],
        "Migrants’ Rights are Human Rights",
        Some("Argentina Szabados"),
        Some("IOM Regional Director"),
    );
    check(
        &q[1],
        "to ensure respect, protection",
        Some("Argentina Szabados"),
        None,
    );
    assert!(q[1].text.ends_with("no one is left behind."), "{shown}");
    check(
        &q[2],
        "We must also reaffirm",
        Some("Argentina Szabados"),
        None,
    );
    assert_eq!(q[2].evidence.rule, "quote:pronoun");
    check(
        &q[3],
        "This hugely welcome development",
        Some("Argentina Szabados"),
        None,
    );
    assert_eq!(q[3].evidence.rule, "quote:continuation");
    check(&q[4], "States shall strive", None, None);

    let contacts = [Contact {
        name: Some("Joe Lowry".into()),
        ..Contact::default()
    }];
    let people = find_people(Some(&title), &paragraphs, &q, &contacts);
    let names: Vec<(&str, Vec<&str>)> = people
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.roles.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Argentina Szabados", vec!["IOM Regional Director"]),
            ("Joe Lowry", vec![])
        ]
    );
    let orgs = find_organizations(Some(&title), &paragraphs);
    for o in ["IOM", "Government of Uzbekistan", "United Nations"] {
        assert!(orgs.iter().any(|x| x == o), "{o} missing from {orgs:?}");
    }
}

#[test]
fn seed_001_vitorino() {
    let (title, paragraphs) = load!("001_", "“Human rights");
    let q = find_quotes(Some(&title), &paragraphs);
    let shown = show(&q);
    assert_eq!(q.len(), 2, "{shown}");
    check(
        &q[0],
        "Human rights are not earned",
        Some("Vitorino"),
        Some("IOM Director General"),
    );
    check(
        &q[1],
        "champions of resilience when times are tough",
        Some("Vitorino"),
        None,
    );
    assert_eq!(q[1].evidence.confidence, Confidence::Low);
    let contacts = [Contact {
        name: Some("Dovlet Chariyev".into()),
        role: Some("IOM Communication Focal Point".into()),
        ..Contact::default()
    }];
    let people = find_people(Some(&title), &paragraphs, &q, &contacts);
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Vitorino", "Dovlet Chariyev"]);
    assert_eq!(people[0].roles, ["IOM Director General"]);
}

#[test]
fn seed_002_uzbekistan() {
    let (title, paragraphs) = load!("002_", "Uzbekistan may become");
    let q = find_quotes(Some(&title), &paragraphs);
    let shown = show(&q);
    assert_eq!(q.len(), 3, "{shown}");
    check(
        &q[0],
        "to consider possible accession to IOM",
        Some("Government of Uzbekistan"),
        None,
    );
    check(
        &q[1],
        "interested in further enhancing",
        Some("Abdulla Aripov"),
        Some("Prime Minister"),
    );
    check(
        &q[2],
        "served to find new solutions",
        Some("Viktor Mahmudov"),
        Some("Secretary of the Security Council under the President of Uzbekistan"),
    );
    // `At the meeting with Mr. Viktor Mahmudov, …, the hosting party mentioned …`:
    // the host of that meeting, as a guess.
    assert_eq!(q[2].evidence.rule, "quote:description");
    assert_eq!(q[2].evidence.confidence, Confidence::Low);

    let contacts = [Contact {
        name: Some("Sanjarbek Toshbaev".into()),
        role: Some("Country Manager for Uzbekistan".into()),
        ..Contact::default()
    }];
    let people = find_people(Some(&title), &paragraphs, &q, &contacts);
    let names: Vec<(&str, Vec<&str>)> = people
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.roles.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("William Lacy Swing", vec!["Ambassador", "IOM DG"]),
            ("Abdulla Aripov", vec!["Prime Minister"]),
            (
                "Viktor Mahmudov",
                vec!["Secretary of the Security Council under the President of Uzbekistan"]
            ),
            (
                "Aktam Khaitov",
                vec!["Minister of Employment and Labour Relations"]
            ),
            ("Sanjarbek Toshbaev", vec!["Country Manager for Uzbekistan"]),
        ]
    );
    let orgs = find_organizations(Some(&title), &paragraphs);
    for o in [
        "IOM",
        "Government of Uzbekistan",
        "Security Council",
        "Ministry of Foreign Affairs",
        "Ministry of Employment and Labour Relations",
    ] {
        assert!(orgs.iter().any(|x| x == o), "{o} missing from {orgs:?}");
    }
}

#[test]
fn seed_003_swing() {
    let (title, paragraphs) = load!("003_", "Global Compact for Migration");
    let q = find_quotes(Some(&title), &paragraphs);
    let shown = show(&q);
    assert_eq!(q.len(), 10, "{shown}");
    let starts = [
        "Our Rendezvous with History",
        "This is our rendezvous with history",
        "we have been building up",
        "There is no lack",
        "The gap is in implementation.",
        "a fundamental shift",
        "putting respect",
        "Xenophobia and hate speech",
        "I have personally witnessed",
        "More needs to be done",
    ];
    for (q, s) in q.iter().zip(starts) {
        check(q, s, Some("William Lacy Swing"), Some("Director General"));
    }
    assert_eq!(q[7].evidence.rule, "quote:pronoun");
    let people = find_people(Some(&title), &paragraphs, &q, &[]);
    assert_eq!(people.len(), 1, "{people:?}");
    assert_eq!(people[0].name, "William Lacy Swing");
}

#[test]
fn seed_004_obaid_mckinley() {
    let (title, paragraphs) = load!("004_", "Agreement To Help");
    let q = find_quotes(Some(&title), &paragraphs);
    let shown = show(&q);
    assert_eq!(q.len(), 4, "{shown}\n{paragraphs:#?}");
    check(
        &q[0],
        "Given the increased importance",
        Some("Thoraya Ahmed Obaid"),
        Some("UNFPA Executive Director"),
    );
    check(
        &q[1],
        "Together, we can ensure",
        Some("Thoraya Ahmed Obaid"),
        None,
    );
    check(
        &q[2],
        "By working closer together",
        Some("Brunson McKinley"),
        Some("IOM Director-General"),
    );
    check(
        &q[3],
        "We know that migrants",
        Some("Brunson McKinley"),
        None,
    );
    let orgs = find_organizations(Some(&title), &paragraphs);
    assert_eq!(
        &orgs[..2],
        ["IOM", "UNFPA (United Nations Population Fund)"]
    );
}

#[test]
fn shared_scan_gives_the_same_people() {
    for (prefix, title) in [
        ("000_", "“Migrants’"),
        ("001_", "“Human rights"),
        ("002_", "Uzbekistan may become"),
        ("003_", "Global Compact for Migration"),
        ("004_", "Agreement To Help"),
    ] {
        let Some((title, paragraphs)) = seed(prefix, title) else {
            eprintln!("note: seed {prefix} not found under {SEEDS}; skipped");
            continue;
        };
        let units = crate::text_units(Some(&title), &paragraphs);
        let toks: Vec<Vec<crate::people::Tok<'_>>> =
            units.iter().map(|u| crate::people::tokenize(u)).collect();
        let (q, scanned) = super::find_quotes_scanned(&units, &toks);
        assert_eq!(q, find_quotes(Some(&title), &paragraphs));
        let shared = crate::people::find_people_scanned(scanned, &units[1..], &toks[1..], &q, &[]);
        assert_eq!(
            shared,
            find_people(Some(&title), &paragraphs, &q, &[]),
            "{prefix}"
        );
    }
}
