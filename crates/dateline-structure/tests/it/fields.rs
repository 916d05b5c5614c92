//! Hand-written releases through the public API: every dateline form of the brief, the
//! year filled from the crawl date, French, Spanish and Russian releases, about forms.

use dateline_structure::{StructureOptions, Structurer};
use dateline_types::{Article, Block, Confidence, Release, SourceRef};

fn release(blocks: &[&str], crawl: Option<&str>) -> Release {
    let article = Article {
        source: SourceRef {
            crawl_date: crawl.map(str::to_string),
            ..SourceRef::file("test")
        },
        title: Some("A release".into()),
        blocks: blocks.iter().map(|b| Block::paragraph(*b)).collect(),
        ..Article::default()
    };
    Structurer::new(StructureOptions::default()).structure(&article)
}

fn line(r: &Release) -> String {
    let d = r.dateline.as_ref();
    format!(
        "{} | {} | {} | {}",
        d.map_or("-", |d| d.place.as_str()),
        d.and_then(|d| d.country.as_deref()).unwrap_or("-"),
        r.published
            .map(|p| p.to_string())
            .unwrap_or_else(|| "-".into()),
        r.evidence.get("published").map_or("-", |e| e.rule.as_str()),
    )
}

#[test]
fn dateline_forms_with_the_year_from_the_crawl() {
    let forms = [
        "Samarkand – Dignity and protection were stressed today (23/11) in Samarkand, Uzbekistan.",
        "Tashkent, Uzbekistan - The Uzbek Government met IOM.",
        "GENEVA, 12 March 2021 (IOM) – The International Organization for Migration said.",
        "BISHKEK/ALMATY — Central Asian states met.",
        "HOUSTON, TX - (NewMediaWire) - September 17, 2024 - Houston American Corp. said.",
        "SALVADOR, Feb 26 - Showers continued throughout the week.",
        "SALVADOR, Dec 30 - Showers continued throughout the week.",
        "ТАШКЕНТ, 12 марта 2021 г. – Правительство Узбекистана заявило.",
        "GINEBRA, 12 de marzo de 2021 (OIM) – La Organización Internacional para las Migraciones dijo.",
        "GENÈVE, 12 mars 2021 (OIM) – L'Organisation internationale pour les migrations a déclaré.",
    ];
    let got: Vec<String> = forms
        .iter()
        .map(|f| {
            format!(
                "{f}\n  => {}",
                line(&release(
                    &[f, "More text.", "Even more text."],
                    Some("1987-02-27T10:00:00Z")
                ))
            )
        })
        .collect();
    insta::assert_snapshot!(got.join("\n"));
}

#[test]
fn day_month_dates_stay_partial_without_a_crawl_date() {
    let r = release(
        &["Samarkand – The conference closes today (23/11) in Samarkand."],
        None,
    );
    assert_eq!(
        r.published.map(|p| p.to_string()).as_deref(),
        Some("--11-23")
    );
}

#[test]
fn countries_in_three_languages_and_never_from_people() {
    let r = release(
        &[
            "GENÈVE – La France et le Maroc ont signé un accord avec l'Ouzbékistan.",
            "Правительство Узбекистана и Казахстан подписали соглашение.",
            "El gobierno de Argentina y Chile firmaron un acuerdo.",
            "IOM Regional Director Argentina Szabados spoke.",
        ],
        None,
    );
    assert_eq!(r.countries, vec!["FR", "MA", "UZ", "KZ", "AR", "CL"]);
    let r = release(
        &["IOM Regional Director Argentina Szabados spoke in Geneva."],
        None,
    );
    assert!(r.countries.is_empty(), "{:?}", r.countries);
}

#[test]
fn about_forms_leave_the_body() {
    let r = release(
        &[
            "NEW YORK, Sept. 17, 2024 /PRNewswire/ -- Acme today announced a thing.",
            "“We are glad,” said Jane Roe, CEO of Acme.",
            "About Acme Inc.",
            "Acme makes things for people.",
            "Forward-Looking Statements",
            "This press release contains forward-looking statements about things.",
            "Media Contact:",
            "Jane Roe",
            "Acme Inc.",
            "jane@acme.example",
            "(212) 555-0199",
        ],
        None,
    );
    assert_eq!(r.about.as_deref(), Some("Acme makes things for people."));
    assert!(!r.body.contains("forward-looking"));
    assert!(!r.body.contains("Media Contact"));
    assert_eq!(r.body.split("\n\n").count(), 2);
    let c = &r.contacts[0];
    assert_eq!(c.name.as_deref(), Some("Jane Roe"));
    assert_eq!(c.organization.as_deref(), Some("Acme Inc"));
    assert_eq!(c.emails, vec!["jane@acme.example"]);
    // A US number without a country code, in a release with a US dateline: a marked guess.
    assert_eq!(c.phones, vec!["+12125550199"]);
    assert_eq!(c.evidence.confidence, Confidence::Low);
}
