//! Turns an [`Article`] into a [`Release`]: title, subtitle, dateline, publication date,
//! body, about paragraph, quotes with speakers, media contacts, people, organizations,
//! countries and the publishing site. Pure and deterministic: no I/O, no clock.
//!
//! The main types are [`Structurer`] (built once from [`StructureOptions`], cheap to share
//! across threads) and the [`Release`] it returns. Every structured field says how it was
//! found with an [`Evidence`](dateline_types::Evidence) (`rule`, `span`, `confidence`);
//! guesses are marked [`Confidence::Low`](dateline_types::Confidence::Low).
//!
//! The stage runs in this order:
//!
//! 1. **Lines**: markup debris (`"mailto:..." target="_blank"`), separators (`***`) and
//!    wire markers go; contact blocks (`For more information please contact ...`) are
//!    set apart.
//! 2. **Paragraphs**: hard-wrapped lines are joined back (line-length statistics); a short
//!    first paragraph is the subtitle; the "About X" paragraphs, notes to editors and
//!    forward-looking-statement disclaimers are moved out of the body.
//! 3. **Dateline and date**: the place line (`GENEVA, 12 March 2021 (IOM) –`) resolved to a
//!    country with the offline gazetteer (GeoNames-derived, `data/gazetteer.tsv`); the date
//!    from page metadata, else the dateline, else the text (`today (23/11)`), the missing
//!    year taken from the crawl date, never from the clock.
//! 4. **Quotes, people, organizations**, then **contacts** (phones in E.164), **countries**
//!    (never from a person's name or the site template) and the **site**.
//!
//! ```
//! use dateline_structure::{StructureOptions, Structurer};
//! use dateline_types::{Article, Block};
//!
//! let article = Article {
//!     title: Some("Uzbekistan may become a member to IOM".into()),
//!     blocks: vec![
//!         Block::paragraph("Tashkent, Uzbekistan - The Uzbek Government met IOM on Monday, 2 April 2018."),
//!         Block::paragraph("Inquiries: Mr. Sanjarbek Toshbaev, Country Manager for Uzbekistan, IOM Central Asia."),
//!         Block::paragraph("Email: stoshbaev@iom.int"),
//!     ],
//!     ..Article::default()
//! };
//! let release = Structurer::new(StructureOptions::default()).structure(&article);
//! let dateline = release.dateline.unwrap();
//! assert_eq!(dateline.place, "Tashkent");
//! assert_eq!(dateline.country.as_deref(), Some("UZ"));
//! assert_eq!(release.published.unwrap().to_string(), "2018-04-02");
//! assert_eq!(release.contacts[0].emails, vec!["stoshbaev@iom.int"]);
//! assert_eq!(release.countries, vec!["UZ"]);
//! ```
#![deny(missing_docs)]

mod body;
mod contacts;
mod countries;
mod dateline;
mod dates;
mod gazetteer;
mod gazetteer_keys;
mod orgs;
mod people;
#[doc(hidden)]
pub mod quotes;
mod site;

use std::collections::BTreeMap;

use dateline_types::{Article, Contact, Dateline, Evidence, Release};

/// Settings of the structure stage.
#[derive(Debug, Clone)]
pub struct StructureOptions {
    /// Find quotes, contacts, people, organizations and countries: the costlier part of
    /// the stage (most of its time). Off, a release still has its title,
    /// subtitle, dates, dateline, body, about paragraph and site, and those lists stay
    /// empty.
    pub analysis: bool,
}

impl Default for StructureOptions {
    fn default() -> Self {
        StructureOptions { analysis: true }
    }
}

/// Finds the structure of releases; cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Structurer {
    options: StructureOptions,
}

/// A contact block: its line range in the cleaned lines.
struct ContactBlock {
    start: usize,
    end: usize,
}

/// The longest a subtitle may be, in characters.
const SUBTITLE_MAX: usize = 160;

impl Structurer {
    /// A structurer with these options.
    pub fn new(options: StructureOptions) -> Self {
        Structurer { options }
    }

    /// The release in an article.
    pub fn structure(&self, article: &Article) -> Release {
        let mut evidence: BTreeMap<String, Evidence> = BTreeMap::new();
        let title = article
            .title
            .as_deref()
            .map(body::clean_line)
            .filter(|t| !t.is_empty());
        if let Some(t) = &title {
            evidence.insert("title".into(), Evidence::rule("article:title", t.clone()));
        }

        // 1. Lines: cleaned, separators and wire markers out, trailing link block cut.
        let mut lines: Vec<String> = Vec::with_capacity(article.blocks.len());
        // Some wires separate paragraphs inside one line by runs of spaces: split there.
        let pieces = article
            .blocks
            .iter()
            .flat_map(|b| body::split_spaced(&b.text).into_iter());
        let total = article.blocks.len().max(1);
        for piece in pieces {
            let line = body::clean_line(piece);
            if line.trim() == "---" && lines.len() >= 3 {
                // A Markdown rule near the end opens the wire's block of links.
                let rest = total.saturating_sub(lines.len());
                if rest * 3 <= total + 6 {
                    lines.push(line);
                    break;
                }
            }
            if body::is_wire_marker(&line) {
                continue;
            }
            lines.push(line);
        }
        let mut blocks: Vec<ContactBlock> = Vec::new();
        let mut k = 0;
        while k < lines.len() {
            let is_start = lines
                .get(k)
                .is_some_and(|l| contacts::cue(l).is_some() || contacts::inline_cue(l));
            if !is_start {
                k += 1;
                continue;
            }
            let start = k;
            k += 1;
            while let Some(l) = lines.get(k) {
                if contacts::cue(l).is_some()
                    || !contacts::is_contact_line(l)
                    || body::boilerplate(l).is_some()
                    || (l.trim() == "---")
                {
                    break;
                }
                k += 1;
            }
            blocks.push(ContactBlock { start, end: k });
        }
        let mut in_contacts = vec![false; lines.len()];
        for b in &blocks {
            for flag in in_contacts.iter_mut().take(b.end).skip(b.start) {
                *flag = true;
            }
        }
        let in_block = |i: usize| in_contacts.get(i).copied().unwrap_or(false);
        // The lines outside contact blocks are moved out, not copied: only the blocks'
        // lines are read again below.
        let kept: Vec<String> = lines
            .iter_mut()
            .enumerate()
            .filter(|(i, l)| !in_block(*i) && !body::is_separator(l))
            .map(|(_, l)| std::mem::take(l))
            .collect();

        // 2. Paragraphs, subtitle, about.
        let mut paragraphs = body::join_wrapped(kept);
        let mut subtitle = None;
        if paragraphs.len() >= 3
            && let Some(first) = paragraphs.first()
            && is_subtitle(first)
        {
            evidence.insert(
                "subtitle".into(),
                Evidence::rule("subtitle:short-first-paragraph", first.clone()).low(),
            );
            subtitle = Some(paragraphs.remove(0));
        }
        let sections = body::sections(paragraphs, title.as_deref());
        let paragraphs = sections.body;
        let about = (!sections.about.is_empty()).then(|| sections.about.join("\n\n"));
        if let (Some(rule), Some(span)) = (sections.about_rule, &sections.about_span) {
            evidence.insert("about".into(), Evidence::rule(rule, truncate(span, 200)));
        }

        // 3. Dateline (one of the first paragraphs) and publication date.
        let found = paragraphs.iter().take(3).find_map(|p| dateline::parse(p));
        let dateline = found.as_ref().map(|f| Dateline {
            place: f.place.clone(),
            country: f.country.clone(),
            evidence: Evidence {
                rule: f.rule.into(),
                span: Some(f.span.clone()),
                confidence: f.confidence,
            },
        });
        let crawl = article
            .source
            .crawl_date
            .as_deref()
            .and_then(dates::crawl_day);
        let mut published = None;
        if let Some(p) = &article.published {
            published = Some(p.date);
            evidence.insert("published".into(), p.evidence.clone());
        } else if let Some(d) = found
            .as_ref()
            .and_then(|f| f.date.map(|d| (d, f.span.clone())))
        {
            published = Some(dates::fill_year(d.0, crawl));
            evidence.insert(
                "published".into(),
                Evidence::rule("published:dateline", d.1),
            );
        } else if let Some((d, span)) = paragraphs.iter().take(3).find_map(|p| dates::find_today(p))
        {
            published = Some(dates::fill_year(d, crawl));
            evidence.insert(
                "published".into(),
                Evidence::rule("published:today-day-month", span),
            );
        } else if let Some(first) = paragraphs.first() {
            // A full date in the opening paragraph is likely the day of the news: a guess.
            if let Some(m) = dates::find_all(first)
                .into_iter()
                .find(|m| m.date.is_full())
            {
                published = Some(m.date);
                let span = first.get(m.start..m.end).unwrap_or("").to_string();
                evidence.insert(
                    "published".into(),
                    Evidence::rule("published:first-paragraph-date", span).low(),
                );
            }
        }

        let site = site::find(article);
        let mut release = Release {
            source: article.source.label(),
            url: article.url.clone(),
            crawled: article.source.crawl_date.clone(),
            title,
            subtitle,
            published,
            author: article.authors.clone(),
            site,
            lang: article.lang.clone(),
            dateline,
            body: String::new(),
            about,
            evidence,
            ..Release::default()
        };
        if !self.options.analysis {
            release.body = paragraphs.join("\n\n");
            return release;
        }

        // 4. Quotes, people, organizations, contacts, countries.
        // The title and paragraphs are tokenized once for quotes, people and organizations,
        // and people are scanned once, for attribution and for the people list.
        let units = text_units(release.title.as_deref(), &paragraphs);
        let unit_toks: Vec<Vec<people::Tok<'_>>> =
            units.iter().map(|u| people::tokenize(u)).collect();
        let (quotes, scanned) = quotes::find_quotes_scanned(&units, &unit_toks);
        let region = release
            .dateline
            .as_ref()
            .and_then(|d| d.country.clone())
            .or_else(|| release.site.as_ref().and_then(|s| s.country.clone()));
        let mut contact_list: Vec<Contact> = Vec::new();
        for b in &blocks {
            let block_lines = lines.get(b.start..b.end).unwrap_or(&[]);
            contact_list.extend(contacts::parse_block(block_lines, region.as_deref()));
        }
        let contact_list = contacts::merge(contact_list);
        let people = people::find_people_scanned(
            scanned,
            units.get(1..).unwrap_or(&[]),
            unit_toks.get(1..).unwrap_or(&[]),
            &quotes,
            &contact_list,
        );
        let organizations = orgs::find_organizations_tokenized(&units, &unit_toks);
        let lowercase_adjectives = article
            .lang
            .as_deref()
            .is_some_and(|l| matches!(l, "fr" | "es" | "ru"));
        let mut texts: Vec<&str> = Vec::with_capacity(paragraphs.len() + 1);
        if let Some(t) = &release.title {
            texts.push(t);
        }
        texts.extend(paragraphs.iter().map(String::as_str));
        let countries = countries::find(&texts, lowercase_adjectives);

        release.body = paragraphs.join("\n\n");
        release.quotes = quotes;
        release.contacts = contact_list;
        release.people = people;
        release.organizations = organizations;
        release.countries = countries;
        release
    }
}

/// The text units quotes, people and organizations are read from: the title (empty when
/// there is none) as unit 0, then the paragraphs.
fn text_units<'a>(title: Option<&'a str>, paragraphs: &'a [String]) -> Vec<&'a str> {
    let mut units: Vec<&str> = Vec::with_capacity(paragraphs.len() + 1);
    units.push(title.unwrap_or(""));
    units.extend(paragraphs.iter().map(String::as_str));
    units
}

/// A short first paragraph that reads as a standfirst: no closing punctuation, not a
/// dateline, a byline or boilerplate.
fn is_subtitle(first: &str) -> bool {
    let n = first.chars().count();
    (10..=SUBTITLE_MAX).contains(&n)
        && !first.ends_with(['.', ':', '?', '”', '"', ','])
        && first.split_whitespace().count() >= 3
        && !first.starts_with("By ")
        && dateline::parse(first).is_none()
        && body::boilerplate(first).is_none()
}

fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}
