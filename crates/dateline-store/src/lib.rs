//! The archive on disk: every [`Release`] with its sources and versions in SQLite, a
//! tantivy index beside it for search, grouping of duplicates into stories, views and
//! streaming export.
//!
//! SQLite (WAL mode, `user_version` [`migrations`]) is the source of truth. The index
//! in `dir/index/` is derived from it: every record change bumps a sequence number,
//! and each index commit records the last sequence it holds, so [`Archive::open`] rolls
//! the index forward after a crash (or rebuilds it when it is missing or unreadable).
//! Writes are batched: one SQLite transaction and one index commit per
//! [`ArchiveOptions::batch_size`] releases, or at [`Archive::flush`].
//!
//! Records, sources and stories:
//! * a *record* is one distinct text (content-addressed [`RecordId`]);
//! * a *source* is one raw page that produced it (path, URL, WARC offset, crawl date,
//!   SHA-256 of the raw bytes); the same raw page again adds nothing;
//! * a changed page at a known URL is a new record, a *version* of the old one;
//! * a *story* groups records that are near duplicates or versions of each other
//!   (`dateline-dedup`); search shows one hit per story unless asked otherwise.
//!
//! # API sketch
//!
//! ```text
//! Archive::open(dir) / Archive::open_with(dir, ArchiveOptions) / Archive::in_memory()
//!   -> Result<Archive, StoreError>
//! archive.ingest(&Release, &SourceInfo) -> Result<Ingested, StoreError>   // batched
//! archive.ingest_fingerprinted(&Release, &SourceInfo, Option<Fingerprint>)  // MinHash
//!   computed elsewhere with archive.dedup().clone() (a worker thread)
//! archive.flush() -> Result<(), StoreError>                               // commit now
//! SourceInfo::from_page(&RawPage) | SourceInfo::new(SourceRef, raw_bytes)
//!   | SourceInfo::with_hash(SourceRef, raw_hash)   // raw_hash(bytes): hash computed once
//! archive.source_record(raw_hash) -> Result<Option<RecordId>>   // page archived?
//! KnownPages::open(dir)?.contains(raw_hash)     // thread-safe check before extraction
//!   .with_removed(article.removed)   // SourceInfo { source, raw_hash, removed }
//! Ingested::{Unchanged { id }, Stored { id, story, verdict: dateline_dedup::Verdict }}
//! IngestSummary { pages_read, new, updated, duplicate, unchanged, errors: BTreeMap<kind, n> }
//!   .record(&Ingested), .error(kind)            (Serialize, Display)
//! archive.search(&SearchRequest) -> Result<SearchResults, StoreError>
//!   SearchRequest { query, sort: Sort::{Relevance, Newest, Oldest}, limit, offset,
//!                   all_versions, facet_limit, snippet_chars }
//!   SearchResults { total, hits: Vec<Hit>, facets: Facets }
//!   Hit { id, story, score, title, published, url, site, lang, place, country,
//!         version, sources, story_size, snippet: Snippet }
//!   Snippet { text, highlights: Vec<[usize; 2]> }   // byte ranges into text, not HTML
//!   Facets { country, organization, site, year, speaker: Vec<FacetCount { value, count }> }
//!   malformed query -> StoreError::Query(QueryError { position, expected, found })
//! archive.get(&RecordId) -> Result<Option<RecordView>>   // release, sources (each with
//!                                          // its removed boilerplate lines), versions, story
//! archive.quotes_by(speaker) -> Result<Vec<QuoteView>>
//! archive.quotes_page(speaker, offset, limit) -> Result<QuotePage { total, roles, quotes }>
//! archive.timeline(country) -> Result<Vec<TimelineMonth { month, stories, releases }>>
//! archive.timeline_top(country, per_month)       // at most per_month releases listed
//! archive.contacts() -> Result<Vec<ContactEntry>>
//! archive.contacts_page(filter, offset, limit) -> Result<ContactPage { total, contacts }>
//!   (views read tables kept up to date at ingest: no scan at any archive size)
//! archive.stats() -> Result<Stats>
//! archive.export(query: Option<&str>) -> Result<Export<'_>>  // Iterator<Item = Result<ExportRecord>>
//!   export::write_jsonl(iter, W), export::write_csv(iter, W) -> Result<u64>  // records written
//!   export::write_parquet(iter, W: Write + Send)    // cargo feature `parquet` (no arrow)
//! archive.check() -> Result<CheckReport>      // .is_ok(), Display lists problems
//! archive.reindex() -> Result<usize>          // rebuild the index from SQLite
//! archive.reload() -> Result<i64>             // see other processes' commits; returns the
//!                                             // index's change sequence (cache key)
//! archive.acquire_writer() / release_writer() // hold the index lock only while writing
//! StoreError::is_busy()                       // another process holds the index writer
//! StoreError::kind() -> ErrorKind::{User, Internal}   // exit code 1 vs 2, HTTP 4xx vs 500
//! ArchiveOptions { batch_size: 1000, dedup: DedupConfig, index_memory: 64 MiB }
//! ```
//!
//! Threads: `Archive` is `Send` but not `Sync` (it owns a SQLite connection); a server
//! shares it as `Arc<Mutex<Archive>>` or opens one per worker. Several processes may
//! open the same directory: one at a time writes (holds the index writer, from its
//! first flush until [`Archive::release_writer`] or drop; opening never keeps it), the
//! others read and see each index commit within a second, or at once after
//! [`Archive::reload`]. Change sequence numbers continue across processes.
//!
//! Query language (see [`query`]): words, `"phrases"`, `AND`/`OR`/`NOT`/`-word`,
//! parentheses, `prefix*`, and filters `speaker:`, `person:`, `org:`, `country:UZ`,
//! `site:`, `lang:ru`, `published:2018-01..2018-12`, `has:quotes|contacts|dateline`.
//!
//! # Example
//!
//! ```
//! use dateline_store::{Archive, Ingested, SearchRequest, SourceInfo};
//! use dateline_types::{Release, SourceRef};
//!
//! let mut archive = Archive::in_memory().unwrap();
//! let release = Release {
//!     source: "seeds/002.txt".into(),
//!     title: Some("Uzbekistan may become a member to IOM".into()),
//!     body: "Tashkent, Uzbekistan - The Uzbek Government expressed the country's willingness \
//!            to consider possible accession to IOM.".into(),
//!     ..Release::default()
//! };
//! let source = SourceInfo::new(SourceRef::file("seeds/002.txt"), b"raw page bytes");
//! let first = archive.ingest(&release, &source).unwrap();
//! assert!(matches!(first, Ingested::Stored { .. }));
//! assert!(matches!(archive.ingest(&release, &source).unwrap(), Ingested::Unchanged { .. }));
//! archive.flush().unwrap();
//!
//! let results = archive.search(&SearchRequest::new("uzbek*")).unwrap();
//! assert_eq!(results.total, 1);
//! assert!(archive.check().unwrap().is_ok());
//! ```
#![deny(missing_docs)]

mod archive;
mod error;
pub mod export;
mod index;
mod ingest;
pub mod migrations;
pub mod query;
mod search;
mod tables;
mod views;

pub use archive::{Archive, ArchiveOptions, CheckReport};
pub use dateline_dedup::{Dedup, DedupConfig, Fingerprint, Verdict};
pub use error::{ErrorKind, StoreError};
pub use export::{Export, ExportRecord};
pub use ingest::{IngestSummary, Ingested, KnownPages, SourceInfo, raw_hash};
pub use query::QueryError;
pub use search::{FacetCount, Facets, Hit, SearchRequest, SearchResults, Snippet, Sort};
pub use views::{
    ContactEntry, ContactPage, QuotePage, QuoteView, RecordView, SourceView, Stats, TimelineEntry,
    TimelineMonth, VersionView,
};

#[doc(no_inline)]
pub use dateline_types::{RecordId, Release};
