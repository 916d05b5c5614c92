//! The fields of the five seed pages owned by the fields side of the stage (everything
//! but quotes, people and organizations): asserted one by one, then snapshotted.
//! Body text is not copied into the snapshots: only its paragraph count, edges and hash.

use dateline_types::{Confidence, Release};
use serde_json::json;

/// A stable digest of text that keeps the page's words out of the repository.
pub fn digest(text: &str) -> String {
    // FNV-1a, 64 bits: stable across platforms and Rust versions.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn edge(text: &str, n: usize, end: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    if end {
        chars.iter().skip(chars.len().saturating_sub(n)).collect()
    } else {
        chars.iter().take(n).collect()
    }
}

/// The fields-side view of a release, for snapshots.
pub fn fields_view(r: &Release) -> serde_json::Value {
    json!({
        "title": r.title,
        "subtitle": r.subtitle,
        "published": r.published.map(|d| d.to_string()),
        "dateline": r.dateline,
        "body": {
            "paragraphs": r.body.split("\n\n").filter(|p| !p.is_empty()).count(),
            "starts": edge(&r.body, 24, false),
            "ends": edge(&r.body, 24, true),
            "digest": digest(&r.body),
        },
        "about": r.about.as_ref().map(|a| json!({"starts": edge(a, 40, false), "digest": digest(a)})),
        "contacts": r.contacts,
        "countries": r.countries,
        "site": r.site,
        "evidence": r.evidence,
    })
}

/// Name, place, phones, e-mails.
type ContactRow<'a> = (Option<&'a str>, Option<&'a str>, &'a [String], &'a [String]);
/// Name, organization, place, phones, e-mails.
type ContactRow5<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    &'a [String],
    &'a [String],
);

fn by_prefix<'a>(
    seeds: &'a [(String, dateline_types::Article, Release)],
    prefix: &str,
) -> &'a Release {
    &seeds
        .iter()
        .find(|(n, _, _)| n.starts_with(prefix))
        .expect("seed present")
        .2
}

#[test]
fn seed_000_samarkand() {
    let Some(seeds) = crate::seeds() else { return };
    let r = by_prefix(&seeds, "000_");
    let d = r.dateline.as_ref().expect("dateline");
    assert_eq!(
        (d.place.as_str(), d.country.as_deref()),
        ("Samarkand", Some("UZ"))
    );
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("--11-23")
    );
    assert_eq!(r.countries, vec!["UZ", "MA"]);
    assert!(
        !r.countries.contains(&"AR".to_string()),
        "Argentina Szabados is a person"
    );
    assert_eq!(r.contacts.len(), 1);
    let c = &r.contacts[0];
    assert_eq!(c.name.as_deref(), Some("Joe Lowry"));
    assert_eq!(
        c.organization.as_deref(),
        Some("IOM Regional Office for South-Eastern Europe, Eastern Europe and Central Asia")
    );
    assert_eq!(c.phones, vec!["+436603776404"]);
    assert_eq!(c.emails, vec!["jlowry@iom.int"]);
    let site = r.site.as_ref().expect("site");
    assert_eq!(
        (site.name.as_deref(), site.country.as_deref()),
        (Some("IOM"), None)
    );
    assert_eq!(r.about, None);
    assert!(!r.body.contains("For more information"));
}

#[test]
fn seed_001_turkmenistan_script() {
    let Some(seeds) = crate::seeds() else { return };
    let r = by_prefix(&seeds, "001_");
    assert_eq!(
        r.subtitle.as_deref(),
        Some("DG Video Script for International Migrants Day")
    );
    assert_eq!(r.dateline, None);
    assert_eq!(r.published, None);
    assert!(r.countries.is_empty(), "{:?}", r.countries);
    assert!(!r.body.contains("***"));
    assert_eq!(r.contacts.len(), 1);
    let c = &r.contacts[0];
    assert_eq!(c.name.as_deref(), Some("Dovlet Chariyev"));
    assert_eq!(c.role.as_deref(), Some("IOM Communication Focal Point"));
    assert_eq!(c.emails, vec!["dchariyev@iom.int"]);
    assert_eq!(c.phones, vec!["+99312488407"]);
    let site = r.site.as_ref().expect("site");
    assert_eq!(
        (site.name.as_deref(), site.country.as_deref()),
        (Some("IOM Turkmenistan"), Some("TM"))
    );
}

#[test]
fn seed_002_tashkent() {
    let Some(seeds) = crate::seeds() else { return };
    let r = by_prefix(&seeds, "002_");
    let d = r.dateline.as_ref().expect("dateline");
    assert_eq!(
        (d.place.as_str(), d.country.as_deref()),
        ("Tashkent", Some("UZ"))
    );
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2018-04-02")
    );
    let about = r.about.as_deref().expect("about");
    assert!(about.starts_with("Established in 1951, IOM is"));
    assert!(about.contains("partners. With 169"));
    assert!(!r.body.contains("Established in 1951"));
    assert_eq!(r.contacts.len(), 1);
    let c = &r.contacts[0];
    assert_eq!(c.name.as_deref(), Some("Sanjarbek Toshbaev"));
    assert_eq!(c.role.as_deref(), Some("Country Manager for Uzbekistan"));
    assert_eq!(c.organization.as_deref(), Some("IOM Central Asia"));
    assert_eq!(c.emails, vec!["stoshbaev@iom.int", "iomastana@iom.int"]);
    assert!(c.phones.is_empty());
    assert_eq!(r.countries, vec!["UZ"]);
    let site = r.site.as_ref().expect("site");
    assert_eq!(
        (site.name.as_deref(), site.country.as_deref()),
        (Some("IOM Kazakhstan"), Some("KZ"))
    );
}

#[test]
fn seed_003_vienna() {
    let Some(seeds) = crate::seeds() else { return };
    let r = by_prefix(&seeds, "003_");
    assert_eq!(r.dateline, None);
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("--09-05")
    );
    let got: Vec<ContactRow<'_>> = r
        .contacts
        .iter()
        .map(|c| {
            (
                c.name.as_deref(),
                c.place.as_deref(),
                c.phones.as_slice(),
                c.emails.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some("Joe Lowry"),
                Some("Vienna"),
                &["+436603776404".to_string()][..],
                &["jlowry@iom.int".to_string()][..]
            ),
            (
                Some("Olivia Headon"),
                Some("Geneva"),
                &["+41227179435".to_string()][..],
                &["oheadon@iom.int".to_string()][..]
            ),
            (
                Some("Lanna Walsh"),
                Some("New York"),
                &["+19299201127".to_string()][..],
                &["lwalsh@iom.int".to_string()][..]
            ),
        ]
    );
    assert!(r.countries.is_empty(), "{:?}", r.countries);
    assert_eq!(r.site.as_ref().and_then(|s| s.name.as_deref()), Some("IOM"));
}

#[test]
fn seed_004_hard_wrapped() {
    let Some(seeds) = crate::seeds() else { return };
    let r = by_prefix(&seeds, "004_");
    assert_eq!(r.dateline, None);
    assert_eq!(r.published, None);
    // Hard-wrapped lines joined: 7 paragraphs, none ending mid-sentence.
    let paragraphs: Vec<&str> = r.body.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 7, "{paragraphs:#?}");
    for p in &paragraphs {
        assert!(p.ends_with(['.', '”']), "{p}");
    }
    for field in [r.body.as_str()]
        .into_iter()
        .chain(r.contacts.iter().flat_map(|c| {
            [
                c.name.as_deref(),
                c.organization.as_deref(),
                c.place.as_deref(),
                c.role.as_deref(),
            ]
            .into_iter()
            .flatten()
        }))
    {
        assert!(
            !field.contains("mailto") && !field.contains("target=") && !field.contains("\">"),
            "{field}"
        );
    }
    let got: Vec<ContactRow5<'_>> = r
        .contacts
        .iter()
        .map(|c| {
            (
                c.name.as_deref(),
                c.organization.as_deref(),
                c.place.as_deref(),
                c.phones.as_slice(),
                c.emails.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some("Jemini Pandya"),
                Some("IOM Geneva"),
                None,
                &["+41227179486".to_string()][..],
                &["jpandya@iom.int".to_string()][..]
            ),
            (
                Some("Omar Gharzeddine"),
                Some("UNFPA"),
                Some("New York"),
                &["+12122975028".to_string()][..],
                &["gharzeddine@unfpa.org".to_string()][..]
            ),
        ]
    );
    assert!(r.countries.is_empty(), "{:?}", r.countries);
}

#[test]
fn seven_distinct_contacts_across_seeds() {
    let Some(seeds) = crate::seeds() else { return };
    let mut names: Vec<(String, Vec<String>)> = seeds
        .iter()
        .flat_map(|(_, _, r)| r.contacts.iter())
        .map(|c| (c.name.clone().unwrap_or_default(), c.phones.clone()))
        .collect();
    names.sort();
    names.dedup_by(|a, b| a.0 == b.0);
    assert_eq!(names.len(), 7, "{names:?}");
    let lowry: Vec<&String> = seeds
        .iter()
        .flat_map(|(_, _, r)| r.contacts.iter())
        .filter(|c| c.name.as_deref() == Some("Joe Lowry"))
        .flat_map(|c| c.phones.iter())
        .collect();
    assert_eq!(lowry, vec!["+436603776404", "+436603776404"]);
}

#[test]
fn contact_guesses_are_marked() {
    let Some(seeds) = crate::seeds() else { return };
    for (_, _, r) in &seeds {
        for c in &r.contacts {
            // Every seed phone carries its country code: nothing was guessed.
            assert_eq!(c.evidence.confidence, Confidence::High, "{c:?}");
        }
    }
}

#[test]
fn seed_fields_snapshots() {
    let Some(seeds) = crate::seeds() else { return };
    for (name, _, release) in &seeds {
        let key = name.split('_').next().unwrap_or(name).to_string();
        insta::assert_json_snapshot!(format!("seed_fields_{key}"), fields_view(release));
    }
}
