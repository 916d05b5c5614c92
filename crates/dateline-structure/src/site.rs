//! The publishing site or office: from the site template (`IOM has had a presence in
//! Turkmenistan since 1997` -> `IOM Turkmenistan`, TM), from the organization the template
//! introduces (`The International Organization for Migration (IOM) is ...` -> `IOM`), or
//! from the page's own site name.

use std::sync::LazyLock;

use dateline_types::{Article, Evidence, Site};
use memchr::memmem::Finder;
use regex::Regex;

use crate::gazetteer;

static PRESENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\p{Lu}{2,10}) has (?:had|been) (?:a presence|present|an office|operating) in (?:the )?((?:Republic of |Kingdom of |State of )?\p{Lu}[\p{L}' -]+?) since (?:1[89]|20)\d\d")
        .expect("static regex")
});

static ORG_ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"The ((?:\p{Lu}[\p{L}-]+ )(?:(?:for|of|and|on) |\p{Lu}[\p{L}-]+ )*)\((\p{Lu}{2,10})\) is\b")
        .expect("static regex")
});

/// Words [`PRESENCE`] needs (` has `, ` since `) and [`ORG_ACRONYM`] needs (`) is`).
static HAS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" has "));
static SINCE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" since "));
static PAREN_IS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(") is"));

/// The fewest bytes a match of [`PRESENCE`] takes (`AB has had present in Xy since 1999`).
const PRESENCE_MIN_LEN: usize = 35;

/// The fewest bytes a match of [`ORG_ACRONYM`] takes (`The Ab (AB) is`).
const ORG_ACRONYM_MIN_LEN: usize = 14;

/// The site or office that published the article.
pub(crate) fn find(article: &Article) -> Option<Site> {
    // Literal words each pattern needs, tested first: most template lines have neither;
    // before them the length (most template lines are short menu entries).
    let has = |line: &str, needle: &Finder<'static>| needle.find(line.as_bytes()).is_some();
    for line in &article.removed {
        if line.len() < PRESENCE_MIN_LEN || !(has(line, &HAS) && has(line, &SINCE)) {
            continue;
        }
        if let Some(c) = PRESENCE.captures(line) {
            let (Some(all), Some(org), Some(place)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let place = place.as_str().trim();
            let country = gazetteer::country(place).map(|p| p.country.to_string());
            let short = place
                .trim_start_matches("Republic of ")
                .trim_start_matches("Kingdom of ")
                .trim_start_matches("State of ");
            return Some(Site {
                name: Some(format!("{} {}", org.as_str(), short)),
                country,
                evidence: Evidence::rule("site:template-presence", all.as_str()),
            });
        }
    }
    for line in &article.removed {
        if line.len() < ORG_ACRONYM_MIN_LEN || !has(line, &PAREN_IS) {
            continue;
        }
        if let Some(c) = ORG_ACRONYM.captures(line) {
            let (Some(all), Some(acronym)) = (c.get(0), c.get(2)) else {
                continue;
            };
            return Some(Site {
                name: Some(acronym.as_str().to_string()),
                country: None,
                evidence: Evidence::rule("site:template-organization", all.as_str()).low(),
            });
        }
    }
    let name = article
        .site
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())?;
    Some(Site {
        name: Some(name.to_string()),
        country: None,
        evidence: Evidence::rule("site:article", name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_matches_are_as_long_as_the_length_tests_assume() {
        let shortest_presence = "AB has had present in Xy since 1999";
        assert!(PRESENCE.is_match(shortest_presence));
        assert_eq!(shortest_presence.len(), PRESENCE_MIN_LEN);
        let shortest_org = "The Ab (AB) is";
        assert!(ORG_ACRONYM.is_match(shortest_org));
        assert_eq!(shortest_org.len(), ORG_ACRONYM_MIN_LEN);
    }

    #[test]
    fn reads_the_office_from_the_template() {
        let article = Article {
            removed: vec![
                "WHO WE AREThe International Organization for Migration (IOM) is part of the United Nations System. IOM has had a presence in the Republic of Kazakhstan since 2002.".into(),
            ],
            ..Article::default()
        };
        let site = find(&article).unwrap();
        assert_eq!(site.name.as_deref(), Some("IOM Kazakhstan"));
        assert_eq!(site.country.as_deref(), Some("KZ"));
        let article = Article {
            removed: vec!["WHO WE AREThe International Organization for Migration (IOM) is part of the United Nations System".into()],
            ..Article::default()
        };
        let site = find(&article).unwrap();
        assert_eq!(site.name.as_deref(), Some("IOM"));
        assert_eq!(site.country, None);
    }
}
