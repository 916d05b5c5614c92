//! Golden snapshots of extraction on a few real pages: metadata and the shape of the body,
//! kept small (first and last block, cut short).

use dateline_extract::ExtractorBuilder;
use dateline_types::Article;
use serde::Serialize;

use crate::dev_page;

#[derive(Serialize)]
struct Summary {
    title: Option<String>,
    published: Option<String>,
    date_rule: Option<String>,
    authors: Vec<String>,
    site: Option<String>,
    lang: Option<String>,
    url: Option<String>,
    blocks: usize,
    first: Option<String>,
    last: Option<String>,
}

fn short(s: &str) -> String {
    let cut: String = s.chars().take(80).collect();
    if cut.len() < s.len() {
        format!("{cut}...")
    } else {
        cut
    }
}

fn summary(a: &Article) -> Summary {
    Summary {
        title: a.title.clone(),
        published: a.published.as_ref().map(|d| d.date.to_string()),
        date_rule: a.published.as_ref().map(|d| d.evidence.rule.clone()),
        authors: a.authors.clone(),
        site: a.site.clone(),
        lang: a.lang.clone(),
        url: a.url.clone(),
        blocks: a.blocks.len(),
        first: a
            .blocks
            .first()
            .map(|b| format!("{:?}: {}", b.kind, short(&b.text))),
        last: a
            .blocks
            .last()
            .map(|b| format!("{:?}: {}", b.kind, short(&b.text))),
    }
}

fn golden(source: &str, id: &str) {
    let Some(page) = dev_page(source, id) else {
        return;
    };
    let article = ExtractorBuilder::new().build().extract(&page).unwrap();
    insta::assert_json_snapshot!(format!("{source}__{id}"), summary(&article));
}

#[test]
fn press_release_bmas() {
    golden("trafilatura-eval", "bmas.de-anforderungen");
}

#[test]
fn press_release_drk() {
    golden("trafilatura-eval", "drk.de-Glasgow");
}

#[test]
fn news_l3s() {
    golden("l3s-gn1", "01ccc7c5-a1d1-46e1-a5f7-43310df16575");
}

#[test]
fn news_portal_bbc() {
    golden("cleanportaleval", "bbc.co.uk_news_01");
}

#[test]
fn news_dragnet() {
    golden("dragnet", "100");
}

#[test]
fn news_htmldate() {
    golden("htmldate-eval", "20minutes.fr-Ciaran");
}
