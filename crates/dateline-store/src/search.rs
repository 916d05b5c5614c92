//! Search: one hit per story, facet counts, snippets with highlight ranges.

use std::collections::{BTreeMap, HashMap};

use dateline_types::{PartialDate, RecordId, Release};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::Archive;
use crate::error::{Context, StoreError};
use crate::index::{self, names};
use crate::query::{self, Builder};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Most recently published first (undated last).
    Newest,
    /// Oldest first (undated last).
    Oldest,
}

/// A search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    /// The query, in the language of [`crate::query`]; empty matches everything.
    pub query: String,
    /// Order of hits.
    pub sort: Sort,
    /// At most this many hits.
    pub limit: usize,
    /// Skip this many hits (paging).
    pub offset: usize,
    /// One hit per record instead of one per story.
    pub all_versions: bool,
    /// At most this many values per facet (0: no facets).
    pub facet_limit: usize,
    /// Longest snippet, in characters.
    pub snippet_chars: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            sort: Sort::Relevance,
            limit: 10,
            offset: 0,
            all_versions: false,
            facet_limit: 10,
            snippet_chars: 200,
        }
    }
}

impl SearchRequest {
    /// A search for `query` with default settings.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            ..SearchRequest::default()
        }
    }
}

/// A piece of the body around the matches. Highlights are byte ranges into `text`,
/// so callers escape and mark up as their output needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// The fragment.
    pub text: String,
    /// `[start, end)` byte ranges of matched words in `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The record.
    pub id: RecordId,
    /// Its story.
    pub story: RecordId,
    /// Relevance score (1 when sorting by date).
    pub score: f32,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<PartialDate>,
    /// Page URL.
    pub url: Option<String>,
    /// Publishing site.
    pub site: Option<String>,
    /// Language.
    pub lang: Option<String>,
    /// The dateline's place (`TASHKENT`), when the release has a dateline.
    #[serde(default)]
    pub place: Option<String>,
    /// The dateline's country (ISO code), when known.
    #[serde(default)]
    pub country: Option<String>,
    /// Version of the page at its URL (1 for the first).
    pub version: i64,
    /// Sources (raw pages) of this record.
    pub sources: u64,
    /// Records in its story (versions and near duplicates).
    pub story_size: u64,
    /// Where the query matched.
    pub snippet: Snippet,
}

/// One facet value and the number of matching stories (or records) that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    /// The value.
    pub value: String,
    /// How many hits have it.
    pub count: u64,
}

/// Facet counts over all hits (not only the page returned), most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// ISO country codes.
    pub country: Vec<FacetCount>,
    /// Organizations.
    pub organization: Vec<FacetCount>,
    /// Publishing sites.
    pub site: Vec<FacetCount>,
    /// Publication years.
    pub year: Vec<FacetCount>,
    /// Quote speakers.
    pub speaker: Vec<FacetCount>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Number of hits in all (stories, or records with `all_versions`).
    pub total: u64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts over all hits.
    pub facets: Facets,
}

#[derive(Debug, Clone, Copy)]
struct Match {
    segment: SegmentOrdinal,
    doc: DocId,
    score: Score,
    story: u64,
    date: i64,
    rowid: u64,
}

struct Matches {
    scoring: bool,
}

struct SegmentMatches {
    segment: SegmentOrdinal,
    story: Column<u64>,
    rowid: Column<u64>,
    date: Column<i64>,
    out: Vec<Match>,
}

impl Collector for Matches {
    type Fruit = Vec<Match>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let ff = reader.fast_fields();
        Ok(SegmentMatches {
            segment,
            story: ff.u64(names::STORY)?,
            rowid: ff.u64(names::ROWID)?,
            date: ff.i64(names::DATE)?,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Match>>) -> tantivy::Result<Vec<Match>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Match>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.out.push(Match {
            segment: self.segment,
            doc,
            score,
            story: self.story.first(doc).unwrap_or_default(),
            date: self.date.first(doc).unwrap_or_default(),
            rowid: self.rowid.first(doc).unwrap_or_default(),
        });
    }

    fn harvest(self) -> Vec<Match> {
        self.out
    }
}

/// Orders matches: the first is the best.
fn order(sort: Sort, a: &Match, b: &Match) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let undated_last = |a: &Match, b: &Match| (a.date == 0).cmp(&(b.date == 0));
    let primary = match sort {
        Sort::Relevance => b.score.total_cmp(&a.score),
        Sort::Newest => undated_last(a, b).then(b.date.cmp(&a.date)),
        Sort::Oldest => undated_last(a, b).then(a.date.cmp(&b.date)),
    };
    if primary != Ordering::Equal {
        return primary;
    }
    // Ties: newer first, then the lower row id, so results are stable.
    b.date.cmp(&a.date).then(a.rowid.cmp(&b.rowid))
}

impl Archive {
    /// Searches the archive (what was flushed; see [`Archive::flush`]).
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, StoreError> {
        let node = query::parse(&request.query)?;
        let builder = Builder {
            index: &self.index,
            fields: &self.fields,
        };
        let query = builder.build(&node);
        let searcher = self.reader.searcher();
        let mut matches = searcher
            .search(
                &*query,
                &Matches {
                    scoring: request.sort == Sort::Relevance,
                },
            )
            .ctx("searching")?;
        if !request.all_versions {
            matches = collapse(matches, request.sort);
        }
        let facets = if request.facet_limit > 0 {
            facets(&searcher, &matches, request.facet_limit)?
        } else {
            Facets::default()
        };
        let total = matches.len() as u64;
        // Only the requested page needs ordering: partition around its end, sort the head.
        let end = request
            .offset
            .saturating_add(request.limit)
            .min(matches.len());
        if end == 0 {
            matches.clear();
        } else if end < matches.len() {
            matches.select_nth_unstable_by(end - 1, |a, b| order(request.sort, a, b));
            matches.truncate(end);
        }
        matches.sort_by(|a, b| order(request.sort, a, b));
        let page: Vec<Match> = matches.into_iter().skip(request.offset).collect();
        let snippets = Snippets::new(&searcher, &*query, &self.fields, request.snippet_chars)?;
        let mut hits = Vec::with_capacity(page.len());
        for m in page {
            hits.push(self.hit(&m, &snippets)?);
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }

    fn hit(&self, m: &Match, snippets: &Snippets) -> Result<Hit, StoreError> {
        let rowid = m.rowid as i64;
        let (id, story, version, json, sources, story_size): (
            String,
            String,
            i64,
            String,
            i64,
            i64,
        ) = self
            .conn
            .prepare_cached(
                "SELECT r.record_id, r.story, r.version, r.release,
                        (SELECT count(*) FROM sources s WHERE s.record = r.id),
                        (SELECT count(*) FROM records o WHERE o.story = r.story)
                 FROM records r WHERE r.id = ?1",
            )
            .ctx("reading a hit")?
            .query_row(params![rowid], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .ctx("reading a hit (the index may be out of date: run `dateline check`)")?;
        let release: Release = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            id: rowid,
            reason: e.to_string(),
        })?;
        let (place, country) = release
            .dateline
            .as_ref()
            .map_or((None, None), |d| (Some(d.place.clone()), d.country.clone()));
        Ok(Hit {
            id: RecordId(id),
            place,
            country,
            story: RecordId(story),
            score: m.score,
            snippet: snippets.make(&release),
            title: release.title,
            published: release.published,
            url: release.url,
            site: release.site.and_then(|s| s.name),
            lang: release.lang,
            version,
            sources: sources as u64,
            story_size: story_size as u64,
        })
    }
}

struct Snippets {
    en: SnippetGenerator,
    ru: SnippetGenerator,
    chars: usize,
}

impl Snippets {
    fn new(
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        fields: &index::Fields,
        chars: usize,
    ) -> Result<Snippets, StoreError> {
        let make = |field| -> Result<SnippetGenerator, StoreError> {
            let mut g =
                SnippetGenerator::create(searcher, query, field).ctx("preparing snippets")?;
            g.set_max_num_chars(chars.max(20));
            Ok(g)
        };
        Ok(Snippets {
            en: make(fields.en)?,
            ru: make(fields.ru)?,
            chars: chars.max(20),
        })
    }

    fn make(&self, release: &Release) -> Snippet {
        let generator = if index::is_russian(release.lang.as_deref()) {
            &self.ru
        } else {
            &self.en
        };
        let snippet = generator.snippet(&release.body);
        if !snippet.highlighted().is_empty() {
            return Snippet {
                text: snippet.fragment().to_string(),
                highlights: snippet
                    .highlighted()
                    .iter()
                    .map(|r| [r.start, r.end])
                    .collect(),
            };
        }
        // No word matched the body (a title or filter match): show the opening.
        let end = release
            .body
            .char_indices()
            .nth(self.chars)
            .map_or(release.body.len(), |(i, _)| i);
        let cut = release.body[..end]
            .rfind(char::is_whitespace)
            .filter(|_| end < release.body.len());
        Snippet {
            text: release.body[..cut.unwrap_or(end)].trim_end().to_string(),
            highlights: Vec::new(),
        }
    }
}

/// A hasher for story keys, which are already uniformly distributed (hashes of
/// content): one multiply instead of SipHash, which dominated collapsing a million
/// matches.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type KeyMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// One hit per story: the best match of each (in `sort` order), in one pass.
fn collapse(matches: Vec<Match>, sort: Sort) -> Vec<Match> {
    let mut slot: KeyMap<u32> = KeyMap::default();
    slot.reserve(matches.len());
    let mut best: Vec<Match> = Vec::with_capacity(matches.len());
    for m in matches {
        match slot.entry(m.story) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let b = &mut best[*e.get() as usize];
                if order(sort, &m, b).is_lt() {
                    *b = m;
                }
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(best.len() as u32);
                best.push(m);
            }
        }
    }
    best
}

fn facets(
    searcher: &tantivy::Searcher,
    hits: &[Match],
    limit: usize,
) -> Result<Facets, StoreError> {
    // Doc ids by segment, in doc order (columns read faster forwards).
    let mut by_segment: Vec<Vec<DocId>> = vec![Vec::new(); searcher.segment_readers().len()];
    let mut years = [0u64; 256];
    let mut other_years: BTreeMap<i64, u64> = BTreeMap::new();
    for m in hits {
        if let Some(docs) = by_segment.get_mut(m.segment as usize) {
            docs.push(m.doc);
        }
        if m.date > 0 {
            let year = m.date / 10_000;
            match usize::try_from(year - 1900)
                .ok()
                .and_then(|i| years.get_mut(i))
            {
                Some(n) => *n += 1,
                None => *other_years.entry(year).or_default() += 1,
            }
        }
    }
    let mut counts: [HashMap<String, u64>; 4] = Default::default();
    let fields = [
        names::FC_COUNTRY,
        names::FC_ORG,
        names::FC_SITE,
        names::FC_SPEAKER,
    ];
    let mut ords = Vec::new();
    let mut by_ord: Vec<u32> = Vec::new();
    for (segment, docs) in by_segment.iter_mut().enumerate() {
        if docs.is_empty() {
            continue;
        }
        docs.sort_unstable();
        let reader = searcher.segment_reader(segment as SegmentOrdinal);
        for (slot, field) in fields.iter().enumerate() {
            let Some(column) = reader.fast_fields().str(field).ctx("reading facets")? else {
                continue;
            };
            // Dense counts by term ordinal: no hashing per document.
            by_ord.clear();
            by_ord.resize(column.num_terms(), 0);
            for &doc in docs.iter() {
                ords.clear();
                ords.extend(column.term_ords(doc));
                for &ord in &ords {
                    if let Some(n) = by_ord.get_mut(ord as usize) {
                        *n += 1;
                    }
                }
            }
            let mut value = String::new();
            for (ord, &n) in by_ord.iter().enumerate() {
                if n == 0 {
                    continue;
                }
                value.clear();
                if column.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
                    *counts[slot].entry(value.clone()).or_default() += u64::from(n);
                }
            }
        }
    }
    let top = |map: HashMap<String, u64>| -> Vec<FacetCount> {
        let mut v: Vec<FacetCount> = map
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        v.truncate(limit);
        v
    };
    let mut year_counts: HashMap<String, u64> = other_years
        .into_iter()
        .map(|(y, n)| (y.to_string(), n))
        .collect();
    for (i, &n) in years.iter().enumerate() {
        if n > 0 {
            year_counts.insert((1900 + i).to_string(), n);
        }
    }
    let [country, organization, site, speaker] = counts;
    Ok(Facets {
        country: top(country),
        organization: top(organization),
        site: top(site),
        year: top(year_counts),
        speaker: top(speaker),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(story: u64, rowid: u64, score: f32, date: i64) -> Match {
        Match {
            segment: 0,
            doc: rowid as DocId,
            score,
            story,
            date,
            rowid,
        }
    }

    #[test]
    fn collapse_keeps_the_best_of_each_story_in_any_order() {
        let matches = vec![
            m(7, 1, 1.0, 20180101),
            m(9, 2, 3.0, 20190101),
            m(7, 3, 2.0, 20170101),
            m(9, 4, 0.5, 20200101),
            m(11, 5, 0.1, 0),
        ];
        for sort in [Sort::Relevance, Sort::Newest, Sort::Oldest] {
            let mut expected: HashMap<u64, Match> = HashMap::new();
            for x in &matches {
                expected
                    .entry(x.story)
                    .and_modify(|b| {
                        if order(sort, x, b).is_lt() {
                            *b = *x;
                        }
                    })
                    .or_insert(*x);
            }
            let mut reversed = matches.clone();
            reversed.reverse();
            for input in [matches.clone(), reversed] {
                let mut got: Vec<(u64, u64)> = collapse(input, sort)
                    .iter()
                    .map(|x| (x.story, x.rowid))
                    .collect();
                got.sort();
                let mut want: Vec<(u64, u64)> =
                    expected.values().map(|x| (x.story, x.rowid)).collect();
                want.sort();
                assert_eq!(got, want, "{sort:?}");
            }
        }
    }
}
