//! Search: one hit per story, facet counts, snippets with highlight ranges.

use std::collections::{BTreeMap, BinaryHeap, HashMap};

use dateline_types::{PartialDate, RecordId, Release};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use tantivy::columnar::StrColumn;
use tantivy::query::{EnableScoring, Query, Weight};
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

/// The best `k` matches seen so far (a heap whose top is the worst kept).
struct TopK {
    k: usize,
    sort: Sort,
    heap: BinaryHeap<Ranked>,
}

/// A match ordered so that the worse (in [`order`]) is greater.
struct Ranked(Match, Sort);

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        order(self.1, &self.0, &other.0)
    }
}

impl TopK {
    fn new(k: usize, sort: Sort) -> TopK {
        TopK {
            k,
            sort,
            heap: BinaryHeap::with_capacity(k.min(1 << 16) + 1),
        }
    }

    /// False when a match of this score and date cannot enter, whatever its row id.
    #[inline]
    fn may_take(&self, score: Score, date: i64) -> bool {
        if self.heap.len() < self.k {
            return self.k > 0;
        }
        let probe = Match {
            segment: 0,
            doc: 0,
            score,
            story: 0,
            date,
            rowid: 0,
        };
        self.heap
            .peek()
            .is_some_and(|worst| order(self.sort, &probe, &worst.0).is_lt())
    }

    fn offer(&mut self, m: Match) {
        if self.k == 0 {
            return;
        }
        if self.heap.len() < self.k {
            self.heap.push(Ranked(m, self.sort));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && order(self.sort, &m, &worst.0).is_lt()
        {
            worst.0 = m;
        }
    }

    /// The kept matches, best first.
    fn into_sorted(self) -> Vec<Match> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|r| r.0)
            .collect()
    }
}

/// Facet counts of one segment, by term ordinal of the `facets` column.
struct SegmentFacets {
    column: Option<StrColumn>,
    counts: Vec<u32>,
}

impl SegmentFacets {
    fn new(reader: &SegmentReader) -> Result<SegmentFacets, StoreError> {
        let column = reader
            .fast_fields()
            .str(names::FACETS)
            .ctx("reading facets")?;
        let counts = vec![0u32; column.as_ref().map_or(0, |c| c.num_terms())];
        Ok(SegmentFacets { column, counts })
    }

    #[inline]
    fn count(&mut self, doc: DocId) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                if let Some(n) = self.counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    /// Adds this segment's counts, by kind and value, to `into`.
    fn harvest(self, into: &mut [HashMap<String, u64>; 4]) {
        let Some(column) = self.column else {
            return;
        };
        let mut value = String::new();
        for (ord, &n) in self.counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            value.clear();
            if !column.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
                continue;
            }
            let kind = value.as_bytes().first().copied().unwrap_or_default();
            let Some(slot) = index::FACET_KINDS.iter().position(|k| *k == kind) else {
                continue;
            };
            if let Some(v) = value.get(2..) {
                *into[slot].entry(v.to_string()).or_default() += u64::from(n);
            }
        }
    }
}

/// Publication years counted densely (1900 to 2155), others in a map.
#[derive(Default)]
struct Years {
    dense: Vec<u64>,
    other: BTreeMap<i64, u64>,
}

impl Years {
    #[inline]
    fn count(&mut self, date: i64) {
        if date <= 0 {
            return;
        }
        let year = date / 10_000;
        if self.dense.is_empty() {
            self.dense = vec![0; 256];
        }
        match usize::try_from(year - 1900)
            .ok()
            .and_then(|i| self.dense.get_mut(i))
        {
            Some(n) => *n += 1,
            None => *self.other.entry(year).or_default() += 1,
        }
    }

    fn into_map(self) -> HashMap<String, u64> {
        let mut out: HashMap<String, u64> = self
            .other
            .into_iter()
            .map(|(y, n)| (y.to_string(), n))
            .collect();
        for (i, &n) in self.dense.iter().enumerate() {
            if n > 0 {
                out.insert((1900 + i).to_string(), n);
            }
        }
        out
    }
}

/// One pass over every match: stories of one record (most of an archive) are
/// counted, faceted and ranked as they come, without collecting them; only records of
/// larger stories are kept, to keep the best of each story.
struct Pass {
    all_versions: bool,
    want_facets: bool,
    top: TopK,
    total: u64,
    shared: Vec<Match>,
    years: Years,
    facets: [HashMap<String, u64>; 4],
}

/// Matches handled per block.
const BLOCK: usize = 64;

/// Documents above which a search reads segments on several threads.
const PARALLEL_DOCS: u32 = 200_000;

/// Segment ordinals split into groups of about equal size, one per thread (one group
/// on small indexes).
fn segment_groups(readers: &[SegmentReader], parallel_docs: u32) -> Vec<Vec<usize>> {
    let docs: u32 = readers.iter().map(SegmentReader::max_doc).sum();
    let threads = if docs > parallel_docs {
        std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(4)
    } else {
        1
    };
    let mut order: Vec<usize> = (0..readers.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(readers[i].max_doc()));
    let mut groups: Vec<(u64, Vec<usize>)> = vec![(0, Vec::new()); threads.max(1)];
    for i in order {
        if let Some(g) = groups.iter_mut().min_by_key(|g| g.0) {
            g.0 += u64::from(readers[i].max_doc());
            g.1.push(i);
        }
    }
    groups
        .into_iter()
        .map(|g| g.1)
        .filter(|g| !g.is_empty())
        .collect()
}

impl Pass {
    /// Adds another pass's findings (over other segments) to this one.
    fn absorb(&mut self, other: Pass) {
        self.total += other.total;
        self.shared.extend(other.shared);
        for r in other.top.heap {
            self.top.offer(r.0);
        }
        for (mine, theirs) in self.facets.iter_mut().zip(other.facets) {
            for (value, n) in theirs {
                *mine.entry(value).or_default() += n;
            }
        }
        if !other.years.dense.is_empty() {
            if self.years.dense.is_empty() {
                self.years.dense = vec![0; 256];
            }
            for (a, b) in self.years.dense.iter_mut().zip(other.years.dense) {
                *a += b;
            }
        }
        for (y, n) in other.years.other {
            *self.years.other.entry(y).or_default() += n;
        }
    }

    fn segment(
        &mut self,
        weight: &dyn Weight,
        ordinal: SegmentOrdinal,
        reader: &SegmentReader,
        scoring: bool,
    ) -> Result<(), StoreError> {
        let ff = reader.fast_fields();
        let story = ff.u64(names::STORY).ctx("reading stories")?;
        let solo = ff.u64(names::SOLO).ctx("reading stories")?;
        let rowid = ff.u64(names::ROWID).ctx("reading row ids")?;
        let date = ff.i64(names::DATE).ctx("reading dates")?;
        let mut facets = if self.want_facets {
            Some(SegmentFacets::new(reader)?)
        } else {
            None
        };
        let alive = reader.alive_bitset();
        // Matches are handled in blocks: dates and story sizes are read for a whole
        // block at once (the columns decode faster so than one document at a time).
        let mut days: Vec<Option<i64>> = vec![None; BLOCK];
        let mut solos: Vec<Option<u64>> = vec![None; BLOCK];
        let mut block = |docs: &[DocId], scores: &[Score]| {
            let n = docs.len().min(BLOCK);
            date.first_vals(&docs[..n], &mut days[..n]);
            solo.first_vals(&docs[..n], &mut solos[..n]);
            for i in 0..n {
                let doc = docs[i];
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                let day = days[i].unwrap_or_default();
                let score = scores.get(i).copied().unwrap_or(1.0);
                let full = || Match {
                    segment: ordinal,
                    doc,
                    score,
                    story: story.first(doc).unwrap_or_default(),
                    date: day,
                    rowid: rowid.first(doc).unwrap_or_default(),
                };
                if self.all_versions || solos[i] == Some(1) {
                    self.total += 1;
                    if let Some(f) = facets.as_mut() {
                        f.count(doc);
                        self.years.count(day);
                    }
                    // Story and row id are read only for a candidate of the page.
                    if self.top.may_take(score, day) {
                        self.top.offer(full());
                    }
                } else {
                    self.shared.push(full());
                }
            }
        };
        if scoring {
            let mut docs: Vec<DocId> = Vec::with_capacity(BLOCK);
            let mut scores: Vec<Score> = Vec::with_capacity(BLOCK);
            weight
                .for_each(reader, &mut |doc, score| {
                    docs.push(doc);
                    scores.push(score);
                    if docs.len() == BLOCK {
                        block(&docs, &scores);
                        docs.clear();
                        scores.clear();
                    }
                })
                .ctx("searching")?;
            block(&docs, &scores);
        } else {
            weight
                .for_each_no_score(reader, &mut |docs: &[DocId]| {
                    for chunk in docs.chunks(BLOCK) {
                        block(chunk, &[]);
                    }
                })
                .ctx("searching")?;
        }
        if let Some(f) = facets {
            f.harvest(&mut self.facets);
        }
        Ok(())
    }

    /// Keeps the best record of each larger story, counts and ranks them.
    fn finish(
        mut self,
        searcher: &tantivy::Searcher,
        sort: Sort,
    ) -> Result<(u64, Vec<Match>, Option<Counts>), StoreError> {
        let best = collapse(std::mem::take(&mut self.shared), sort);
        self.total += best.len() as u64;
        if self.want_facets && !best.is_empty() {
            let mut by_segment: Vec<Vec<DocId>> =
                vec![Vec::new(); searcher.segment_readers().len()];
            for m in &best {
                if let Some(docs) = by_segment.get_mut(m.segment as usize) {
                    docs.push(m.doc);
                }
                self.years.count(m.date);
            }
            for (segment, docs) in by_segment.iter_mut().enumerate() {
                if docs.is_empty() {
                    continue;
                }
                docs.sort_unstable();
                let mut f = SegmentFacets::new(searcher.segment_reader(segment as SegmentOrdinal))?;
                for &doc in docs.iter() {
                    f.count(doc);
                }
                f.harvest(&mut self.facets);
            }
        }
        for m in best {
            self.top.offer(m);
        }
        let counts = self.want_facets.then(|| Counts {
            fields: self.facets,
            years: self.years.into_map(),
        });
        Ok((self.total, self.top.into_sorted(), counts))
    }
}

/// Facet counts by value, before the top ones are picked.
struct Counts {
    fields: [HashMap<String, u64>; 4],
    years: HashMap<String, u64>,
}

impl Counts {
    fn top(self, limit: usize) -> Facets {
        let top = |map: HashMap<String, u64>| -> Vec<FacetCount> {
            let mut v: Vec<FacetCount> = map
                .into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            v.truncate(limit);
            v
        };
        let [country, organization, site, speaker] = self.fields;
        Facets {
            country: top(country),
            organization: top(organization),
            site: top(site),
            year: top(self.years),
            speaker: top(speaker),
        }
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
        self.search_with(request, PARALLEL_DOCS)
    }

    /// [`Archive::search`], reading segments on several threads above `parallel_docs`
    /// documents.
    fn search_with(
        &self,
        request: &SearchRequest,
        parallel_docs: u32,
    ) -> Result<SearchResults, StoreError> {
        let node = query::parse(&request.query)?;
        let builder = Builder {
            index: &self.index,
            fields: &self.fields,
        };
        let query = builder.build(&node);
        let searcher = self.reader.searcher();
        let scoring = request.sort == Sort::Relevance;
        let enable = if scoring {
            EnableScoring::enabled_from_searcher(&searcher)
        } else {
            EnableScoring::disabled_from_searcher(&searcher)
        };
        let weight = query.weight(enable).ctx("searching")?;
        let new_pass = || Pass {
            all_versions: request.all_versions,
            want_facets: request.facet_limit > 0,
            top: TopK::new(request.offset.saturating_add(request.limit), request.sort),
            total: 0,
            shared: Vec::new(),
            years: Years::default(),
            facets: Default::default(),
        };
        let readers = searcher.segment_readers();
        let groups = segment_groups(readers, parallel_docs);
        let run = |group: &[usize]| -> Result<Pass, StoreError> {
            let mut pass = new_pass();
            for &ordinal in group {
                pass.segment(
                    &*weight,
                    ordinal as SegmentOrdinal,
                    &readers[ordinal],
                    scoring,
                )?;
            }
            Ok(pass)
        };
        // A big archive's segments are read on several threads, each its own pass.
        let mut passes = if groups.len() > 1 {
            std::thread::scope(|scope| {
                let handles: Vec<_> = groups.iter().map(|g| scope.spawn(|| run(g))).collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(StoreError::Export("a search thread panicked".into()))
                        })
                    })
                    .collect::<Result<Vec<Pass>, StoreError>>()
            })?
        } else {
            vec![run(groups.first().map_or(&[][..], Vec::as_slice))?]
        };
        let mut pass = passes.pop().unwrap_or_else(new_pass);
        for other in passes {
            pass.absorb(other);
        }
        let (total, ranked, counts) = pass.finish(&searcher, request.sort)?;
        let facets = counts.map_or_else(Facets::default, |c| c.top(request.facet_limit));
        let page: Vec<Match> = ranked.into_iter().skip(request.offset).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_segments_give_the_same_results() {
        use dateline_types::SourceRef;
        let mut archive = Archive::in_memory_with(crate::ArchiveOptions {
            batch_size: 20,
            index_memory: 15 << 20,
            ..crate::ArchiveOptions::default()
        })
        .unwrap();
        let words = ["migrants", "water", "health", "energy", "children"];
        for i in 0..60u32 {
            let body = format!(
                "Report {i} on {} and {} in the region, number {}.",
                words[i as usize % 5],
                words[(i as usize / 5) % 5],
                i % 7
            );
            let release = Release {
                source: format!("t/{i}"),
                url: Some(format!("https://site{}.example/{}", i % 3, i % 40)),
                title: Some(format!("Title {}", i % 11)),
                published: PartialDate::ymd(2018 + (i % 5) as i32, 1 + (i % 12) as u8, 1),
                body,
                ..Release::default()
            };
            let source = crate::SourceInfo::new(
                SourceRef::file(format!("t/{i}")),
                format!("{i}").as_bytes(),
            );
            archive.ingest(&release, &source).unwrap();
        }
        archive.flush().unwrap();
        assert!(archive.reader.searcher().segment_readers().len() >= 2);
        for q in ["", "migrants", "water OR health", "number"] {
            for sort in [Sort::Relevance, Sort::Newest, Sort::Oldest] {
                for all_versions in [false, true] {
                    let request = SearchRequest {
                        sort,
                        all_versions,
                        limit: 7,
                        offset: 3,
                        ..SearchRequest::new(q)
                    };
                    let one = archive.search_with(&request, u32::MAX).unwrap();
                    let many = archive.search_with(&request, 0).unwrap();
                    assert_eq!(one, many, "{q} {sort:?} {all_versions}");
                }
            }
        }
    }

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
