//! Search: one hit per story, facet counts, snippets with highlight ranges.

use std::collections::{BinaryHeap, HashMap};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::{AtomicU64, AtomicUsize};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};
use std::time::{Duration, Instant};

use dateline_types::{PartialDate, RecordId, Release};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use tantivy::fastfield::AliveBitSet;
use tantivy::index::SegmentId;
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

/// What a search reads of one segment's columns, decoded once into plain arrays and
/// kept for the life of the segment (segments are immutable; deletes are applied at
/// search time from the alive bitset). Reading a document's date, story size and facet
/// values from these costs a few loads instead of tantivy's column decoding, which
/// dominated broad searches.
struct SegmentData {
    /// What a match reads of each document, in one place (a sparse query's matches
    /// then cost one cache line each here), plus one past the end.
    docs: Vec<DocInfo>,
    /// Date and row id of each document, when some do not fit [`DocInfo`]'s 32 bits
    /// (never in practice: dates before year 214,749 and fewer than four billion rows).
    wide: Option<Vec<(i64, u64)>>,
    /// Facet values of document `d`: `values[docs[d].start..docs[d + 1].start]`, as
    /// global ids.
    values: Vec<u32>,
    /// One past the largest global id in `values`.
    bound: usize,
    /// One past the largest story id in `docs`.
    story_bound: usize,
    /// Facet counts over every document a search counts directly (alive, and alone in
    /// its story unless all versions are asked for), by (deleted documents, all
    /// versions): a query matching most of the segment counts what it does not match
    /// and subtracts. Deletes only grow, so their number names the alive set.
    totals: Mutex<Vec<(TotalsKey, Arc<Vec<u32>>)>>,
}

/// Deleted documents of a segment and whether all versions count.
type TotalsKey = (u32, bool);

/// 16 bytes: four documents per cache line.
#[derive(Debug, Clone, Copy, Default)]
struct DocInfo {
    /// Date key (0 when undated), unless [`SegmentData::wide`] holds it.
    date: i32,
    /// Row id, unless [`SegmentData::wide`] holds it.
    rowid: u32,
    /// The story, as a global dense id, or [`SOLO`] for the only record of its story.
    story: u32,
    /// Where its facet values start in [`SegmentData::values`].
    start: u32,
}

/// The story of a record alone in its story.
const SOLO: u32 = u32::MAX;

impl SegmentData {
    fn build(reader: &SegmentReader, interner: &RwLock<Interner>) -> Result<Self, StoreError> {
        let ff = reader.fast_fields();
        let date = ff.i64(names::DATE).ctx("reading dates")?;
        let solo = ff.u64(names::SOLO).ctx("reading stories")?;
        let story = ff.u64(names::STORY).ctx("reading stories")?;
        let rowid = ff.u64(names::ROWID).ctx("reading row ids")?;
        let facets = ff.str(names::FACETS).ctx("reading facets")?;
        let n = reader.max_doc();
        let mut dates = Vec::with_capacity(n as usize);
        let mut solos = Vec::with_capacity(n as usize);
        let mut docs: Vec<DocId> = Vec::with_capacity(1024);
        let mut day_buf = vec![None; 1024];
        let mut solo_buf = vec![None; 1024];
        let mut u64_buf = vec![None; 1024];
        let mut rowids = Vec::with_capacity(n as usize);
        let mut first = 0;
        while first < n {
            let last = n.min(first.saturating_add(1024));
            docs.clear();
            docs.extend(first..last);
            let k = docs.len();
            date.first_vals(&docs, &mut day_buf[..k]);
            solo.first_vals(&docs, &mut solo_buf[..k]);
            dates.extend(day_buf[..k].iter().map(|d| d.unwrap_or_default()));
            solos.extend(solo_buf[..k].iter().map(|s| *s == Some(1)));
            rowid.first_vals(&docs, &mut u64_buf[..k]);
            rowids.extend(u64_buf[..k].iter().map(|r| r.unwrap_or_default()));
            first = last;
        }
        let mut stories = vec![SOLO; n as usize];
        let story_bound;
        {
            let mut interner = interner.write().unwrap_or_else(PoisonError::into_inner);
            for (doc, solo) in solos.iter().enumerate() {
                if !solo {
                    stories[doc] = interner.story(story.first(doc as DocId).unwrap_or_default());
                }
            }
            story_bound = interner.stories.len();
        }
        let mut infos = Vec::with_capacity(n as usize + 1);
        let mut values = Vec::new();
        let mut bound = 0;
        // Term ordinal of this segment -> global id (NONE for values no facet has).
        let mut global = Vec::new();
        if let Some(column) = &facets {
            global = vec![NONE; column.num_terms()];
            {
                let mut interner = interner.write().unwrap_or_else(PoisonError::into_inner);
                let mut terms = column
                    .dictionary()
                    .stream()
                    .map_err(tantivy::TantivyError::from)
                    .ctx("reading facets")?;
                while terms.advance() {
                    if let (Some(slot), Ok(key)) = (
                        global.get_mut(terms.term_ord() as usize),
                        std::str::from_utf8(terms.key()),
                    ) {
                        *slot = interner.intern(key);
                    }
                }
                bound = interner.kinds.len();
            }
        }
        // Years of this segment's dates -> global id.
        let mut years: HashMap<i64, u32> = HashMap::new();
        {
            let mut interner = interner.write().unwrap_or_else(PoisonError::into_inner);
            for &date in &dates {
                if date > 0 {
                    years
                        .entry(date / 10_000)
                        .or_insert_with(|| interner.year(date));
                }
            }
            bound = bound.max(interner.kinds.len());
        }
        let too_many = || StoreError::Export("too many facet values in one segment".into());
        for doc in 0..n {
            let date = dates.get(doc as usize).copied().unwrap_or_default();
            let rowid = rowids.get(doc as usize).copied().unwrap_or_default();
            infos.push(DocInfo {
                date: i32::try_from(date).unwrap_or_default(),
                rowid: u32::try_from(rowid).unwrap_or_default(),
                story: stories.get(doc as usize).copied().unwrap_or(SOLO),
                start: u32::try_from(values.len()).map_err(|_| too_many())?,
            });
            if let Some(column) = &facets {
                values.extend(
                    column
                        .term_ords(doc)
                        .filter_map(|ord| global.get(ord as usize).copied())
                        .filter(|&g| g != NONE),
                );
            }
            if let Some(&year) = years.get(&(date / 10_000)).filter(|_| date > 0)
                && year != NONE
            {
                values.push(year);
            }
        }
        infos.push(DocInfo {
            date: 0,
            rowid: 0,
            story: SOLO,
            start: u32::try_from(values.len()).map_err(|_| too_many())?,
        });
        let fits = dates.iter().all(|&d| i32::try_from(d).is_ok())
            && rowids.iter().all(|&r| u32::try_from(r).is_ok());
        let wide = (!fits).then(|| dates.iter().copied().zip(rowids.iter().copied()).collect());
        Ok(SegmentData {
            totals: Mutex::default(),
            docs: infos,
            wide,
            story_bound,
            values,
            bound,
        })
    }

    /// Facet counts over the documents a search of `reader` counts directly.
    fn totals(&self, reader: &SegmentReader, all_versions: bool) -> Arc<Vec<u32>> {
        let key = (reader.num_deleted_docs(), all_versions);
        let mut totals = self.totals.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, t)) = totals.iter().find(|(k, _)| *k == key) {
            return Arc::clone(t);
        }
        let alive = reader.alive_bitset();
        let mut counts = vec![0u32; self.bound];
        for doc in 0..reader.max_doc() {
            if self.counted(doc, all_versions, alive) {
                for &g in self.facets(doc) {
                    if let Some(n) = counts.get_mut(g as usize) {
                        *n += 1;
                    }
                }
            }
        }
        let counts = Arc::new(counts);
        if totals.len() >= 4 {
            totals.remove(0);
        }
        totals.push((key, Arc::clone(&counts)));
        counts
    }

    /// True when a search counts `doc` directly if it matches.
    #[inline]
    fn counted(&self, doc: DocId, all_versions: bool, alive: Option<&AliveBitSet>) -> bool {
        alive.is_none_or(|a| a.is_alive(doc))
            && (all_versions || self.docs.get(doc as usize).is_some_and(|i| i.story == SOLO))
    }

    /// The facet values (global ids) of `doc`.
    #[inline]
    fn facets(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        match (self.docs.get(d), self.docs.get(d + 1)) {
            (Some(a), Some(b)) => self
                .values
                .get(a.start as usize..b.start as usize)
                .unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// A global id that no facet has.
const NONE: u32 = u32::MAX;

/// The kind of publication years among facet ids (after [`index::FACET_KINDS`]).
const YEAR: u8 = index::FACET_KINDS.len() as u8;

/// Facet values numbered densely across segments: one id per (kind, value), so counts
/// of all segments add up in one vector and only the winners become strings.
#[derive(Default)]
struct Interner {
    ids: HashMap<(u8, Box<str>), u32>,
    /// Kind of each id, as a position in [`index::FACET_KINDS`] ([`YEAR`] for
    /// publication years).
    kinds: Vec<u8>,
    /// Value of each id, without its kind prefix.
    names: Vec<Box<str>>,
    /// Stories of more than one record (by story key), numbered densely.
    stories: HashMap<u64, u32>,
}

impl Interner {
    /// The dense id of a story key (past four billion stories, they share the last).
    fn story(&mut self, key: u64) -> u32 {
        let next = u32::try_from(self.stories.len()).unwrap_or(SOLO - 1);
        if next >= SOLO - 1 {
            return self.stories.get(&key).copied().unwrap_or(SOLO - 1);
        }
        *self.stories.entry(key).or_insert(next)
    }

    /// The id of a `KIND:value` term, or [`NONE`] when it is no facet.
    fn intern(&mut self, term: &str) -> u32 {
        let kind = term.as_bytes().first().copied().unwrap_or_default();
        let (Some(slot), Some(value)) = (
            index::FACET_KINDS.iter().position(|k| *k == kind),
            term.get(2..),
        ) else {
            return NONE;
        };
        self.value(slot as u8, value)
    }

    /// The id of the year of date key `date` ([`NONE`] when undated).
    fn year(&mut self, date: i64) -> u32 {
        if date <= 0 {
            return NONE;
        }
        self.value(YEAR, &(date / 10_000).to_string())
    }

    fn value(&mut self, slot: u8, value: &str) -> u32 {
        if let Some(&id) = self.ids.get(&(slot, Box::from(value))) {
            return id;
        }
        let Ok(id) = u32::try_from(self.kinds.len()) else {
            return NONE;
        };
        if id == NONE {
            return NONE;
        }
        self.ids.insert((slot, Box::from(value)), id);
        self.kinds.push(slot);
        self.names.push(Box::from(value));
        id
    }
}

/// Decoded segments, shared by every archive handle of the process (the server's
/// readers all search the same segments). Keyed by segment id, which names immutable
/// content; a segment unused for [`IDLE`] (merged away, or another archive's) is
/// dropped the next time a new segment is decoded. About 40 bytes per document.
#[derive(Default)]
struct SegmentCache {
    segments: Mutex<HashMap<SegmentId, Arc<CacheSlot>>>,
    interner: RwLock<Interner>,
}

#[derive(Default)]
struct CacheSlot {
    data: Mutex<Option<Arc<SegmentData>>>,
    /// Milliseconds since [`SegmentCache::epoch`] of the last use.
    used: AtomicU64,
}

/// How long a decoded segment stays without being searched.
const IDLE: Duration = Duration::from_secs(60);

fn segment_cache() -> &'static SegmentCache {
    static CACHE: OnceLock<SegmentCache> = OnceLock::new();
    CACHE.get_or_init(SegmentCache::default)
}

impl SegmentCache {
    fn epoch() -> Instant {
        static EPOCH: OnceLock<Instant> = OnceLock::new();
        *EPOCH.get_or_init(Instant::now)
    }

    fn now() -> u64 {
        Self::epoch().elapsed().as_millis() as u64
    }

    /// The decoded data of each segment of `searcher`, decoding what is new.
    fn get(&self, searcher: &tantivy::Searcher) -> Result<Vec<Arc<SegmentData>>, StoreError> {
        let now = Self::now();
        let slots: Vec<Arc<CacheSlot>> = {
            let mut segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
            let fresh = searcher
                .segment_readers()
                .iter()
                .any(|r| !segments.contains_key(&r.segment_id()));
            if fresh {
                let idle = IDLE.as_millis() as u64;
                let current: Vec<SegmentId> = searcher
                    .segment_readers()
                    .iter()
                    .map(SegmentReader::segment_id)
                    .collect();
                segments.retain(|id, slot| {
                    current.contains(id) || now.saturating_sub(slot.used.load(Relaxed)) < idle
                });
            }
            searcher
                .segment_readers()
                .iter()
                .map(|r| {
                    let slot = Arc::clone(segments.entry(r.segment_id()).or_default());
                    slot.used.store(now, Relaxed);
                    slot
                })
                .collect()
        };
        // Decoding happens outside the map's lock; a second search of the same new
        // segment waits for the first one's result.
        let mut out = Vec::with_capacity(slots.len());
        for (slot, reader) in slots.iter().zip(searcher.segment_readers()) {
            let mut data = slot.data.lock().unwrap_or_else(PoisonError::into_inner);
            let data = match &*data {
                Some(d) => Arc::clone(d),
                None => {
                    let built = Arc::new(SegmentData::build(reader, &self.interner)?);
                    *data = Some(Arc::clone(&built));
                    built
                }
            };
            out.push(data);
        }
        Ok(out)
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
    /// Matches by facet value (global id), publication years included.
    counts: Vec<u32>,
}

/// Documents above which a search may read segments on several threads.
const PARALLEL_DOCS: u32 = 200_000;

/// Searches running in this process now: a search spreads over the cores only when
/// the others are idle (under load, threads per query only add overhead).
static SEARCHING: AtomicUsize = AtomicUsize::new(0);

/// Counts a search as running while alive.
struct Running;

impl Running {
    /// Starts counting; returns the guard and the number of other searches running.
    fn start() -> (Running, usize) {
        (Running, SEARCHING.fetch_add(1, Relaxed))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        SEARCHING.fetch_sub(1, Relaxed);
    }
}

/// Segment ordinals split into `threads` groups of about equal size.
fn segment_groups(readers: &[SegmentReader], threads: usize) -> Vec<Vec<usize>> {
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
        if self.counts.len() < other.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }

    /// Counts the facet values of one document.
    #[inline]
    fn count_facets(&mut self, data: &SegmentData, doc: DocId) {
        self.count_values(data.facets(doc));
    }

    /// Counts facet values of one document.
    #[inline]
    fn count_values(&mut self, values: &[u32]) {
        for &g in values {
            if let Some(n) = self.counts.get_mut(g as usize) {
                *n += 1;
            }
        }
    }

    fn segment(
        &mut self,
        weight: &dyn Weight,
        ordinal: SegmentOrdinal,
        reader: &SegmentReader,
        data: &SegmentData,
        scoring: bool,
    ) -> Result<(), StoreError> {
        if self.want_facets && self.counts.len() < data.bound {
            self.counts.resize(data.bound, 0);
        }
        let alive = reader.alive_bitset();
        // A query that may match most of the segment counts the facets of what it does
        // not match, from the segment's totals down.
        let complement = self.want_facets && {
            let hint = weight.scorer(reader, 1.0).map_or(0, |s| s.size_hint());
            u64::from(hint) * 2 > u64::from(reader.max_doc())
        };
        if complement {
            let totals = data.totals(reader, self.all_versions);
            for (n, t) in self.counts.iter_mut().zip(totals.iter()) {
                *n += t;
            }
        }
        // The first document not yet seen (complement mode).
        let mut unseen: DocId = 0;
        let all_versions = self.all_versions;
        let mut one = |doc: DocId, score: Score| {
            if complement {
                for skipped in unseen..doc {
                    if data.counted(skipped, all_versions, alive) {
                        for &g in data.facets(skipped) {
                            if let Some(n) = self.counts.get_mut(g as usize) {
                                *n = n.saturating_sub(1);
                            }
                        }
                    }
                }
                unseen = unseen.max(doc.saturating_add(1));
            }
            let d = doc as usize;
            let (Some(info), Some(next)) = (data.docs.get(d), data.docs.get(d + 1)) else {
                return;
            };
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                return;
            }
            let (date, rowid) = match &data.wide {
                None => (i64::from(info.date), u64::from(info.rowid)),
                Some(wide) => wide.get(d).copied().unwrap_or_default(),
            };
            let full = || Match {
                segment: ordinal,
                doc,
                score,
                story: u64::from(info.story),
                date,
                rowid,
            };
            if self.all_versions || info.story == SOLO {
                self.total += 1;
                if self.want_facets && !complement {
                    let values = data
                        .values
                        .get(info.start as usize..next.start as usize)
                        .unwrap_or(&[]);
                    self.count_values(values);
                }
                if self.top.may_take(score, date) {
                    self.top.offer(full());
                }
            } else {
                self.shared.push(full());
            }
        };
        if scoring {
            weight
                .for_each(reader, &mut |doc, score| one(doc, score))
                .ctx("searching")?;
        } else {
            weight
                .for_each_no_score(reader, &mut |docs: &[DocId]| {
                    for &doc in docs {
                        one(doc, 1.0);
                    }
                })
                .ctx("searching")?;
        }
        if complement {
            for skipped in unseen..reader.max_doc() {
                if data.counted(skipped, self.all_versions, alive) {
                    for &g in data.facets(skipped) {
                        if let Some(n) = self.counts.get_mut(g as usize) {
                            *n = n.saturating_sub(1);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Keeps the best record of each larger story, counts and ranks them.
    fn finish(
        mut self,
        data: &[Arc<SegmentData>],
        sort: Sort,
    ) -> Result<(u64, Vec<Match>, Option<Counts>), StoreError> {
        let stories = data.iter().map(|d| d.story_bound).max().unwrap_or(0);
        let best = collapse(std::mem::take(&mut self.shared), sort, stories);
        self.total += best.len() as u64;
        if self.want_facets {
            let bound = data.iter().map(|d| d.bound).max().unwrap_or(0);
            if self.counts.len() < bound {
                self.counts.resize(bound, 0);
            }
            for m in &best {
                if let Some(d) = data.get(m.segment as usize) {
                    self.count_facets(d, m.doc);
                }
            }
        }
        for m in best {
            self.top.offer(m);
        }
        let counts = self.want_facets.then_some(Counts {
            values: self.counts,
        });
        Ok((self.total, self.top.into_sorted(), counts))
    }
}

/// Facet counts by global id, before the top ones are picked.
struct Counts {
    values: Vec<u32>,
}

/// The `limit` most frequent values, ties by value.
fn top_values(mut v: Vec<FacetCount>, limit: usize) -> Vec<FacetCount> {
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    v.truncate(limit);
    v
}

impl Counts {
    fn top(self, limit: usize) -> Facets {
        // Candidates per kind as (count, id); only those that can make the cut (at
        // least the `limit`-th largest count) become strings.
        let mut kinds: [Vec<(u32, u32)>; 5] = Default::default();
        let interner = segment_cache()
            .interner
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        for (id, &n) in self.values.iter().enumerate() {
            if n == 0 {
                continue;
            }
            if let Some(v) = interner
                .kinds
                .get(id)
                .and_then(|&k| kinds.get_mut(k as usize))
            {
                v.push((n, id as u32));
            }
        }
        let resolve = |mut v: Vec<(u32, u32)>| -> Vec<FacetCount> {
            if limit == 0 {
                return Vec::new();
            }
            if v.len() > limit {
                v.select_nth_unstable_by(limit - 1, |a, b| b.0.cmp(&a.0));
                let cut = v[limit - 1].0;
                v.retain(|c| c.0 >= cut);
            }
            let found = v
                .into_iter()
                .filter_map(|(n, id)| {
                    interner.names.get(id as usize).map(|name| FacetCount {
                        value: name.to_string(),
                        count: u64::from(n),
                    })
                })
                .collect();
            top_values(found, limit)
        };
        let [country, organization, site, speaker, year] = kinds;
        Facets {
            country: resolve(country),
            organization: resolve(organization),
            site: resolve(site),
            speaker: resolve(speaker),
            year: resolve(year),
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
        self.search_with(request, None)
    }

    /// Prepares what searches read of each index segment (dates, stories and facet
    /// values, decoded into memory shared by every handle of the process), which the
    /// first search after opening or after a commit would otherwise do. Optional.
    pub fn warm_search(&self) -> Result<(), StoreError> {
        segment_cache().get(&self.reader.searcher()).map(|_| ())
    }

    /// [`Archive::search`] on `threads` threads, or (`None`) on as many as the cores
    /// left idle by other searches allow when the index is large.
    fn search_with(
        &self,
        request: &SearchRequest,
        threads: Option<usize>,
    ) -> Result<SearchResults, StoreError> {
        let (_running, others) = Running::start();
        let node = query::parse(&request.query)?;
        let builder = Builder {
            index: &self.index,
            fields: &self.fields,
        };
        let query = builder.build(&node);
        let searcher = self.reader.searcher();
        let data = segment_cache().get(&searcher)?;
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
            counts: Vec::new(),
        };
        let readers = searcher.segment_readers();
        let threads = threads.unwrap_or_else(|| {
            let docs: u32 = readers.iter().map(SegmentReader::max_doc).sum();
            if docs > PARALLEL_DOCS {
                std::thread::available_parallelism()
                    .map_or(1, usize::from)
                    .saturating_sub(others)
                    .min(4)
            } else {
                1
            }
        });
        let groups = segment_groups(readers, threads);
        let run = |group: &[usize]| -> Result<Pass, StoreError> {
            let mut pass = new_pass();
            for &ordinal in group {
                pass.segment(
                    &*weight,
                    ordinal as SegmentOrdinal,
                    &readers[ordinal],
                    &data[ordinal],
                    scoring,
                )?;
            }
            Ok(pass)
        };
        // With idle cores, a big archive's segments are read on several threads, each
        // its own pass.
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
        let (total, ranked, counts) = pass.finish(&data, request.sort)?;
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

/// One hit per story: the best match of each (in `sort` order), in one pass. Stories
/// below `dense` (dense ids) are grouped through a vector, others through a hash map.
fn collapse(matches: Vec<Match>, sort: Sort, dense: usize) -> Vec<Match> {
    if dense > 0 && matches.iter().all(|m| m.story < dense as u64) {
        let mut slot = vec![NONE; dense];
        let mut best: Vec<Match> = Vec::with_capacity(matches.len());
        for m in matches {
            let s = &mut slot[m.story as usize];
            if *s == NONE {
                *s = best.len() as u32;
                best.push(m);
            } else if let Some(b) = best.get_mut(*s as usize)
                && order(sort, &m, b).is_lt()
            {
                *b = m;
            }
        }
        return best;
    }
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

    /// An in-memory archive that commits every `batch_size` releases, so that a few
    /// dozen releases make several index segments.
    fn small_batches_archive(batch_size: usize) -> Archive {
        Archive::in_memory_with(crate::ArchiveOptions {
            batch_size,
            index_memory: 15 << 20,
            ..crate::ArchiveOptions::default()
        })
        .unwrap()
    }

    /// Ingests `release` as the file `t/{i}` with raw bytes of its own.
    fn ingest_numbered(archive: &mut Archive, i: impl std::fmt::Display, release: &Release) {
        let source = crate::SourceInfo::new(
            dateline_types::SourceRef::file(format!("t/{i}")),
            format!("{i}").as_bytes(),
        );
        archive.ingest(release, &source).unwrap();
    }

    #[test]
    fn parallel_segments_give_the_same_results() {
        let mut archive = small_batches_archive(20);
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
            ingest_numbered(&mut archive, i, &release);
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
                    let one = archive.search_with(&request, Some(1)).unwrap();
                    let many = archive.search_with(&request, Some(3)).unwrap();
                    assert_eq!(one, many, "{q} {sort:?} {all_versions}");
                }
            }
        }
    }

    /// Facet counts of the new path equal a recount, from the stored releases, of the
    /// records a search returns (every hit asked for), on a multi-segment archive with
    /// stories of several records and replaced documents.
    #[test]
    fn facet_counts_equal_a_recount_of_the_hits() {
        use dateline_types::{Evidence, Quote, Site};
        let mut archive = small_batches_archive(25);
        let words = ["migrants", "water", "health", "energy", "children"];
        let countries = ["US", "KE", "UZ", "de", "FR"];
        let orgs = ["UNHCR", "WHO", "IOM", "UNICEF"];
        let speakers = ["Amy Pope", "Filippo Grandi", "Achim Steiner"];
        for i in 0..90usize {
            let release = Release {
                source: format!("t/{i}"),
                // Every 40th page is a new version of an earlier one: stories of several
                // records, and documents replaced when a story grows.
                url: Some(format!("https://site{}.example/{}", i % 3, i % 40)),
                title: Some(format!("Title {}", i % 11)),
                published: (i % 6 != 0)
                    .then(|| PartialDate::ymd(2015 + (i % 7) as i32, 1 + (i % 12) as u8, 1))
                    .flatten(),
                body: format!(
                    "Report {i} on {} and {} in the region, number {}.",
                    words[i % 5],
                    words[(i / 5) % 5],
                    i % 7
                ),
                countries: (0..i % 3)
                    .map(|k| countries[(i + k) % 5].to_string())
                    .collect(),
                organizations: (0..i % 4).map(|k| orgs[(i * k) % 4].to_string()).collect(),
                quotes: (0..i % 3)
                    .map(|k| Quote {
                        text: format!("Quote {k}"),
                        speaker: Some(speakers[(i + k) % 3].to_string()),
                        speaker_role: None,
                        evidence: Evidence::default(),
                    })
                    .collect(),
                site: (i % 5 != 0).then(|| Site {
                    name: Some(format!("Site {}", i % 4)),
                    country: (i % 2 == 0).then(|| "CH".to_string()),
                    evidence: Evidence::default(),
                }),
                ..Release::default()
            };
            ingest_numbered(&mut archive, i, &release);
        }
        archive.flush().unwrap();
        assert!(archive.reader.searcher().segment_readers().len() >= 2);
        for q in ["", "migrants", "water OR health", "-country:US", "org:WHO"] {
            for sort in [Sort::Relevance, Sort::Newest] {
                for all_versions in [false, true] {
                    let request = SearchRequest {
                        sort,
                        all_versions,
                        limit: 1000,
                        facet_limit: 1000,
                        ..SearchRequest::new(q)
                    };
                    let results = archive.search(&request).unwrap();
                    assert_eq!(results.total as usize, results.hits.len(), "{q}");
                    let mut expected: [HashMap<String, u64>; 5] = Default::default();
                    for hit in &results.hits {
                        let r = archive.get(&hit.id).unwrap().unwrap().release;
                        let mut add =
                            |k: usize, v: &str| *expected[k].entry(v.into()).or_default() += 1;
                        for c in index::countries(&r) {
                            add(0, &c);
                        }
                        let mut seen = std::collections::BTreeSet::new();
                        for o in &r.organizations {
                            let o = o.trim();
                            if !o.is_empty() && seen.insert(o) {
                                add(1, o);
                            }
                        }
                        if let Some(site) = index::site_name(&r) {
                            add(2, site);
                        }
                        let date = index::date_key(r.published);
                        if date > 0 {
                            add(3, &(date / 10_000).to_string());
                        }
                        for sp in index::speakers(&r) {
                            add(4, &sp);
                        }
                    }
                    let [country, organization, site, year, speaker] = expected.map(|m| {
                        top_values(
                            m.into_iter()
                                .map(|(value, count)| FacetCount { value, count })
                                .collect(),
                            1000,
                        )
                    });
                    let want = Facets {
                        country,
                        organization,
                        site,
                        year,
                        speaker,
                    };
                    assert_eq!(results.facets, want, "{q} {sort:?} {all_versions}");
                    assert!(!want.country.is_empty() || q == "org:WHO");
                    // A small limit keeps the first of the full lists.
                    let few = archive
                        .search(&SearchRequest {
                            facet_limit: 2,
                            ..request.clone()
                        })
                        .unwrap()
                        .facets;
                    let cut = |v: &[FacetCount]| v.iter().take(2).cloned().collect::<Vec<_>>();
                    assert_eq!(few.country, cut(&want.country));
                    assert_eq!(few.organization, cut(&want.organization));
                    assert_eq!(few.year, cut(&want.year));
                    assert_eq!(few.speaker, cut(&want.speaker));
                    assert_eq!(few.site, cut(&want.site));
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
            for (input, dense) in [
                (matches.clone(), 0),
                (reversed.clone(), 0),
                (matches.clone(), 12),
                (reversed.clone(), 12),
            ] {
                let mut got: Vec<(u64, u64)> = collapse(input, sort, dense)
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
