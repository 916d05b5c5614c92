//! The tantivy side: schema, tokenizers, and turning a record into a document.

use std::collections::BTreeSet;

use dateline_types::{PartialDate, RecordId, Release};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, TantivyDocument};

/// Field names: part of the on-disk index format.
pub(crate) mod names {
    pub const ROWID: &str = "rowid";
    pub const STORY: &str = "story";
    /// 1 when the record is the only one of its story (search counts it without
    /// collapsing), else 0.
    pub const SOLO: &str = "solo";
    pub const DATE: &str = "date";
    pub const TITLE: &str = "title";
    pub const TEXT: &str = "text";
    pub const EN: &str = "en";
    pub const RU: &str = "ru";
    pub const SPEAKER: &str = "speaker";
    pub const PERSON: &str = "person";
    pub const ORG: &str = "org";
    pub const SITE: &str = "site";
    pub const COUNTRY: &str = "country";
    pub const LANG: &str = "lang";
    pub const HAS: &str = "has";
    /// Every facet value of a record in one column, as `KIND:value` (see
    /// [`super::FACET_KINDS`]): one column read per document when counting facets.
    pub const FACETS: &str = "facets";
}

/// Facet kinds, the first byte of each value of the `facets` column, in the order of
/// [`crate::Facets`] (year aside: it comes from the date).
pub(crate) const FACET_KINDS: [u8; 4] = [FACET_COUNTRY, FACET_ORG, FACET_SITE, FACET_SPEAKER];
pub(crate) const FACET_COUNTRY: u8 = b'c';
pub(crate) const FACET_ORG: u8 = b'o';
pub(crate) const FACET_SITE: u8 = b's';
pub(crate) const FACET_SPEAKER: u8 = b'p';

/// `KIND:value`, as the `facets` column holds it.
fn facet_value(kind: u8, value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push(char::from(kind));
    out.push(':');
    out.push_str(value);
    out
}

/// The tokenizer of the Russian stemmed field.
pub(crate) const RU_STEM: &str = "ru_stem";
/// The tokenizer of the English stemmed field (registered by tantivy).
pub(crate) const EN_STEM: &str = "en_stem";

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub rowid: Field,
    pub story: Field,
    pub solo: Field,
    pub date: Field,
    pub title: Field,
    pub text: Field,
    pub en: Field,
    pub ru: Field,
    pub speaker: Field,
    pub person: Field,
    pub org: Field,
    pub site: Field,
    pub country: Field,
    pub lang: Field,
    pub has: Field,
    pub facets: Field,
}

fn text(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

pub(crate) fn schema() -> Schema {
    use names::*;
    let mut b = Schema::builder();
    b.add_u64_field(ROWID, INDEXED | FAST);
    b.add_u64_field(STORY, FAST);
    b.add_u64_field(SOLO, FAST);
    b.add_i64_field(DATE, INDEXED | FAST);
    b.add_text_field(TITLE, text("default"));
    b.add_text_field(TEXT, text("default"));
    b.add_text_field(EN, text(EN_STEM));
    b.add_text_field(RU, text(RU_STEM));
    b.add_text_field(SPEAKER, text("default"));
    b.add_text_field(PERSON, text("default"));
    b.add_text_field(ORG, text("default"));
    b.add_text_field(SITE, text("default"));
    b.add_text_field(COUNTRY, STRING);
    b.add_text_field(LANG, STRING);
    b.add_text_field(HAS, STRING);
    let facet = TextOptions::default().set_fast("raw");
    b.add_text_field(FACETS, facet);
    b.build()
}

impl Fields {
    pub(crate) fn new(schema: &Schema) -> Result<Fields, tantivy::TantivyError> {
        use names::*;
        let f = |name| schema.get_field(name);
        Ok(Fields {
            rowid: f(ROWID)?,
            story: f(STORY)?,
            solo: f(SOLO)?,
            date: f(DATE)?,
            title: f(TITLE)?,
            text: f(TEXT)?,
            en: f(EN)?,
            ru: f(RU)?,
            speaker: f(SPEAKER)?,
            person: f(PERSON)?,
            org: f(ORG)?,
            site: f(SITE)?,
            country: f(COUNTRY)?,
            lang: f(LANG)?,
            has: f(HAS)?,
            facets: f(FACETS)?,
        })
    }
}

pub(crate) fn register_tokenizers(index: &Index) {
    let ru = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Russian))
        .build();
    index.tokenizers().register(RU_STEM, ru);
}

/// `yyyymmdd` with unknown parts as zero; 0 when the year is unknown.
pub(crate) fn date_key(date: Option<PartialDate>) -> i64 {
    match date {
        Some(PartialDate {
            year: Some(y),
            month,
            day,
        }) => {
            i64::from(y) * 10_000
                + i64::from(month.unwrap_or(0)) * 100
                + i64::from(day.unwrap_or(0))
        }
        _ => 0,
    }
}

/// The story id as the u64 the index stores (record ids are 16 hex digits).
pub(crate) fn story_key(story: &RecordId) -> u64 {
    u64::from_str_radix(&story.0, 16)
        .unwrap_or_else(|_| xxhash_rust::xxh3::xxh3_64(story.0.as_bytes()))
}

/// True when the release's text goes to the Russian stemmed field.
pub(crate) fn is_russian(lang: Option<&str>) -> bool {
    lang.is_some_and(|l| {
        let l = l.to_ascii_lowercase();
        l == "ru" || l.starts_with("ru-") || l == "uk" || l == "be"
    })
}

/// Countries of a release: its list, the dateline's, the site's; upper case, unique.
pub(crate) fn countries(r: &Release) -> BTreeSet<String> {
    r.countries
        .iter()
        .map(String::as_str)
        .chain(r.dateline.as_ref().and_then(|d| d.country.as_deref()))
        .chain(r.site.as_ref().and_then(|s| s.country.as_deref()))
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Speakers of a release's quotes, unique, in first-seen order.
pub(crate) fn speakers(r: &Release) -> Vec<String> {
    let mut seen = BTreeSet::new();
    r.quotes
        .iter()
        .filter_map(|q| q.speaker.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty() && seen.insert(s.to_lowercase()))
        .map(str::to_string)
        .collect()
}

pub(crate) fn site_name(r: &Release) -> Option<&str> {
    r.site
        .as_ref()
        .and_then(|s| s.name.as_deref())
        .filter(|s| !s.trim().is_empty())
}

/// The index document of record `rowid`, whose story holds `story_size` records.
pub(crate) fn document(
    f: &Fields,
    rowid: i64,
    story: &RecordId,
    story_size: i64,
    r: &Release,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(f.rowid, rowid as u64);
    doc.add_u64(f.story, story_key(story));
    doc.add_u64(f.solo, u64::from(story_size <= 1));
    doc.add_i64(f.date, date_key(r.published));
    let title = r.title.as_deref().unwrap_or_default();
    doc.add_text(f.title, title);
    doc.add_text(f.text, title);
    doc.add_text(f.text, &r.body);
    let stemmed = if is_russian(r.lang.as_deref()) {
        f.ru
    } else {
        f.en
    };
    doc.add_text(stemmed, title);
    doc.add_text(stemmed, &r.body);
    for s in speakers(r) {
        doc.add_text(f.speaker, &s);
        doc.add_text(f.person, &s);
        doc.add_text(f.facets, facet_value(FACET_SPEAKER, &s));
    }
    for p in &r.people {
        doc.add_text(f.person, &p.name);
    }
    let mut orgs = BTreeSet::new();
    for o in &r.organizations {
        let o = o.trim();
        if !o.is_empty() && orgs.insert(o) {
            doc.add_text(f.org, o);
            doc.add_text(f.facets, facet_value(FACET_ORG, o));
        }
    }
    if let Some(site) = site_name(r) {
        doc.add_text(f.site, site);
        doc.add_text(f.facets, facet_value(FACET_SITE, site));
    }
    if let Some(url) = r.url.as_deref().and_then(host) {
        doc.add_text(f.site, url);
    }
    for c in countries(r) {
        doc.add_text(f.country, c.to_ascii_lowercase());
        doc.add_text(f.facets, facet_value(FACET_COUNTRY, &c));
    }
    if let Some(lang) = r.lang.as_deref() {
        doc.add_text(f.lang, lang.trim().to_ascii_lowercase());
    }
    for (has, yes) in [
        ("quotes", !r.quotes.is_empty()),
        ("contacts", !r.contacts.is_empty()),
        ("dateline", r.dateline.is_some()),
        ("about", r.about.is_some()),
        ("date", r.published.is_some()),
    ] {
        if yes {
            doc.add_text(f.has, has);
        }
    }
    doc
}

/// The host of a URL (`www.iom.int`), without scheme, port or path.
pub(crate) fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_keys_sort_by_precision() {
        assert_eq!(date_key(PartialDate::ymd(2018, 4, 2)), 20180402);
        assert_eq!(date_key(PartialDate::ym(2018, 4)), 20180400);
        assert_eq!(date_key(PartialDate::md(4, 2)), 0);
        assert_eq!(date_key(None), 0);
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.iom.int/news/x?y"), Some("www.iom.int"));
        assert_eq!(host("http://u:p@a.org:8080"), Some("a.org"));
        assert_eq!(host("seeds/000.txt"), Some("seeds"));
    }
}
