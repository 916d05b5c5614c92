//! Adding releases: raw-page identity, dedup verdicts, versions and story merging.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use dateline_dedup::{Candidates, Fingerprint, Verdict};
use dateline_types::{RawPage, RecordId, Release, SourceRef};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Archive;
use crate::error::{Context, StoreError};
use crate::index::site_name;

/// Where a release came from: the raw page's reference and a hash of its raw bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// Origin path, WARC offset, JSONL line, URL, crawl date.
    pub source: SourceRef,
    /// SHA-256 of the raw page bytes, lower-case hex: the same page again adds nothing.
    pub raw_hash: String,
    /// The raw page's lines the extractor dropped as boilerplate (menus, template
    /// lines, footers: `Article::removed`), kept per source for the "what was
    /// removed" view. Empty when unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

impl SourceInfo {
    /// The source of a page with these raw bytes.
    pub fn new(source: SourceRef, raw: &[u8]) -> Self {
        SourceInfo::with_hash(source, raw_hash(raw))
    }

    /// The source of a page whose raw bytes hash to `raw_hash` (SHA-256, lower-case
    /// hex), when the caller computed it already.
    pub fn with_hash(source: SourceRef, raw_hash: impl Into<String>) -> Self {
        SourceInfo {
            source,
            raw_hash: raw_hash.into(),
            removed: Vec::new(),
        }
    }

    /// The same source with the boilerplate lines the extractor removed from the page.
    pub fn with_removed(mut self, removed: Vec<String>) -> Self {
        self.removed = removed;
        self
    }

    /// The source of a crawled page.
    pub fn from_page(page: &RawPage) -> Self {
        SourceInfo::new(page.source.clone(), &page.bytes)
    }

    /// The key that identifies "the same page" across crawls: the release URL, else the
    /// fetched URL, else the source label.
    fn url_key(&self, release: &Release) -> String {
        release
            .url
            .clone()
            .or_else(|| self.source.url.clone())
            .unwrap_or_else(|| self.source.label())
    }
}

/// What [`Archive::ingest`] did with a release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Ingested {
    /// This exact raw page was archived before; nothing was written.
    Unchanged {
        /// The record that holds it.
        id: RecordId,
    },
    /// The release was stored as the dedup verdict says: a new record (`New`), a new
    /// version (`Revision`), a near duplicate in an existing story, or, for an exact
    /// duplicate (`id == of`), one more source of an existing record.
    Stored {
        /// The record that holds it.
        id: RecordId,
        /// The story the record belongs to now.
        story: RecordId,
        /// How dedup judged it.
        #[serde(flatten)]
        verdict: Verdict,
    },
}

impl Ingested {
    /// The record that holds the release.
    pub fn id(&self) -> &RecordId {
        match self {
            Ingested::Unchanged { id } | Ingested::Stored { id, .. } => id,
        }
    }
}

/// Counts of one ingest run, printed by the binary and serialized with `--json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestSummary {
    /// Pages read from the inputs (the binary counts these).
    pub pages_read: u64,
    /// Releases stored as new stories.
    pub new: u64,
    /// Releases stored as new versions of a page already archived.
    pub updated: u64,
    /// Releases that duplicate a stored one from another source (joined its story).
    pub duplicate: u64,
    /// Pages archived before, skipped.
    pub unchanged: u64,
    /// Pages that failed, by kind of error (`extract`, `store`, `read`, ...).
    pub errors: BTreeMap<String, u64>,
}

impl IngestSummary {
    /// Counts one outcome.
    pub fn record(&mut self, outcome: &Ingested) {
        match outcome {
            Ingested::Unchanged { .. } => self.unchanged += 1,
            Ingested::Stored { verdict, .. } => match verdict {
                Verdict::New => self.new += 1,
                Verdict::Revision { .. } => self.updated += 1,
                Verdict::Duplicate { .. } => self.duplicate += 1,
            },
        }
    }

    /// Counts one failed page.
    pub fn error(&mut self, kind: impl Into<String>) {
        *self.errors.entry(kind.into()).or_default() += 1;
    }

    /// The number of failed pages.
    pub fn failed(&self) -> u64 {
        self.errors.values().sum()
    }
}

impl fmt::Display for IngestSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} pages read: {} new, {} updated, {} duplicate, {} unchanged, {} failed",
            self.pages_read,
            self.new,
            self.updated,
            self.duplicate,
            self.unchanged,
            self.failed()
        )?;
        for (kind, n) in &self.errors {
            write!(f, "\n  {n} {kind} errors")?;
        }
        Ok(())
    }
}

struct Known {
    rowid: i64,
    id: RecordId,
    story: String,
    version: i64,
}

/// SHA-256 of raw bytes as [`SourceInfo::raw_hash`] holds it: lower-case hex.
pub fn raw_hash(raw: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(raw);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// A read-only view of which raw pages an archive holds, shareable between threads:
/// an ingest asks it before extracting a page, to skip pages archived before. It
/// sees what the archive committed (a page of the batch being written is caught
/// later, by [`Archive::ingest`]).
pub struct KnownPages {
    conn: std::sync::Mutex<rusqlite::Connection>,
}

impl fmt::Debug for KnownPages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KnownPages")
    }
}

impl KnownPages {
    /// Opens the archive database in `dir` for these lookups.
    pub fn open(dir: impl AsRef<std::path::Path>) -> Result<KnownPages, StoreError> {
        let conn = rusqlite::Connection::open_with_flags(
            dir.as_ref().join(crate::archive::DB_FILE),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ctx("opening the database to look up pages")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .ctx("setting the busy timeout")?;
        Ok(KnownPages {
            conn: std::sync::Mutex::new(conn),
        })
    }

    /// True when a page with this raw hash is archived. Errors count as unknown (the
    /// page is then extracted and [`Archive::ingest`] decides).
    pub fn contains(&self, raw_hash: &str) -> bool {
        let conn = self
            .conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        conn.prepare_cached("SELECT 1 FROM sources WHERE raw_hash = ?1")
            .and_then(|mut s| s.query_row([raw_hash], |_| Ok(())).optional())
            .is_ok_and(|found| found.is_some())
    }
}

impl Archive {
    /// The record that holds the raw page with this hash, if it is archived (including
    /// the batch not yet committed).
    pub fn source_record(&self, raw_hash: &str) -> Result<Option<RecordId>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT r.record_id FROM sources s JOIN records r ON r.id = s.record WHERE s.raw_hash = ?1",
            )
            .ctx("looking up a page")?
            .query_row([raw_hash], |r| r.get(0))
            .optional()
            .ctx("looking up a page")
            .map(|id| id.map(RecordId))
    }

    /// Adds one release and where it came from. Writes go into the current batch,
    /// committed every [`crate::ArchiveOptions::batch_size`] releases or at
    /// [`Archive::flush`]. A failed release leaves nothing behind.
    pub fn ingest(
        &mut self,
        release: &Release,
        source: &SourceInfo,
    ) -> Result<Ingested, StoreError> {
        self.ingest_fingerprinted(release, source, None)
    }

    /// The near-duplicate detector of this archive (its settings), for callers that
    /// compute fingerprints on other threads: see [`Archive::ingest_fingerprinted`].
    pub fn dedup(&self) -> &dateline_dedup::Dedup {
        &self.dedup
    }

    /// [`Archive::ingest`] with the release's fingerprint computed beforehand by
    /// [`Archive::dedup`] (or a clone of it) — on a worker thread, so the thread that
    /// writes the archive does not spend its time on MinHash. `None` computes it here.
    pub fn ingest_fingerprinted(
        &mut self,
        release: &Release,
        source: &SourceInfo,
        fingerprint: Option<Fingerprint>,
    ) -> Result<Ingested, StoreError> {
        self.begin()?;
        self.conn
            .execute_batch("SAVEPOINT release")
            .ctx("starting a release")?;
        match self.ingest_one(release, source, fingerprint) {
            Ok(outcome) => {
                self.conn
                    .execute_batch("RELEASE release")
                    .ctx("finishing a release")?;
                if matches!(outcome, Ingested::Stored { .. }) {
                    self.pending += 1;
                    if self.pending >= self.options.batch_size.max(1) {
                        self.flush()?;
                    }
                }
                Ok(outcome)
            }
            Err(err) => {
                self.conn
                    .execute_batch("ROLLBACK TO release; RELEASE release")
                    .ctx("undoing a failed release")?;
                Err(err)
            }
        }
    }

    fn ingest_one(
        &mut self,
        release: &Release,
        source: &SourceInfo,
        fingerprint: Option<Fingerprint>,
    ) -> Result<Ingested, StoreError> {
        if let Some(id) = self.source_record(&source.raw_hash)? {
            return Ok(Ingested::Unchanged { id });
        }
        let fp = fingerprint.unwrap_or_else(|| self.dedup.fingerprint(release));
        let url_key = source.url_key(release);
        let same_url = self.known(
            "SELECT r.id, r.record_id, r.story, r.version FROM sources s JOIN records r ON r.id = s.record
             WHERE s.url_key = ?1 ORDER BY s.id DESC LIMIT 1",
            &url_key,
        )?;
        let exact = self.known(
            "SELECT id, record_id, story, version FROM records WHERE content_key = ?1",
            &fp.content_hex(),
        )?;

        if let Some(exact) = exact {
            self.insert_source(exact.rowid, &url_key, release, source)?;
            let mut stories = BTreeSet::from([exact.story.clone()]);
            if let Some(prev) = same_url.filter(|p| p.rowid != exact.rowid) {
                stories.insert(prev.story);
            }
            let story = self.merge_stories(stories)?;
            return Ok(Ingested::Stored {
                id: exact.id.clone(),
                story: RecordId(story),
                verdict: Verdict::Duplicate { of: exact.id },
            });
        }

        let near = self.near(&fp)?;
        let verdict = self.dedup.verdict(&Candidates {
            exact: None,
            same_url: same_url.as_ref().map(|k| k.id.clone()),
            near: near.iter().map(|(k, s)| (k.id.clone(), *s)).collect(),
        });
        let id = fp.record_id();
        let (version, previous) = match (&verdict, &same_url) {
            (Verdict::Revision { .. }, Some(prev)) => {
                self.conn
                    .prepare_cached("UPDATE records SET latest = 0 WHERE id = ?1")
                    .ctx("marking an old version")?
                    .execute([prev.rowid])
                    .ctx("marking an old version")?;
                (prev.version + 1, Some(prev.id.0.clone()))
            }
            _ => (1, None),
        };
        let json = serde_json::to_string(release).map_err(|e| StoreError::Corrupt {
            id: 0,
            reason: format!(
                "cannot serialize the release from `{}`: {e}",
                source.source.label()
            ),
        })?;
        let seq = self.take_seq();
        self.conn
            .prepare_cached(
                "INSERT INTO records (record_id, content_key, story, url_key, version, previous, latest,
                                      title, published, lang, site, signature, release, seq)
                 VALUES (?1, ?2, ?1, ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .ctx("storing a record")?
            .execute(params![
                id.0,
                fp.content_hex(),
                url_key,
                version,
                previous,
                release.title,
                release.published.map(|d| d.to_string()),
                release.lang,
                site_name(release),
                fp.signature_bytes(),
                json,
                seq,
            ])
            .ctx("storing a record")?;
        let rowid = self.conn.last_insert_rowid();
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO lsh (band, bucket, record) VALUES (?1, ?2, ?3)",
                )
                .ctx("storing LSH buckets")?;
            for key in self.dedup.bands(&fp) {
                stmt.execute(params![key.band, key.bucket, rowid])
                    .ctx("storing LSH buckets")?;
            }
        }
        self.insert_source(rowid, &url_key, release, source)?;
        crate::views::insert_details(&self.conn, rowid, release)?;

        let threshold = self.dedup.config().threshold;
        let mut stories = BTreeSet::from([id.0.clone()]);
        stories.extend(
            near.into_iter()
                .filter(|(_, s)| *s >= threshold)
                .map(|(k, _)| k.story),
        );
        if let Some(prev) = same_url {
            stories.insert(prev.story);
        }
        let story = self.merge_stories(stories)?;
        Ok(Ingested::Stored {
            id,
            story: RecordId(story),
            verdict,
        })
    }

    fn known(&self, sql: &str, key: &str) -> Result<Option<Known>, StoreError> {
        self.conn
            .prepare_cached(sql)
            .ctx("looking up known records")?
            .query_row([key], |r| {
                Ok(Known {
                    rowid: r.get(0)?,
                    id: RecordId(r.get(1)?),
                    story: r.get(2)?,
                    version: r.get(3)?,
                })
            })
            .optional()
            .ctx("looking up known records")
    }

    /// Stored records sharing an LSH bucket with `fp`, with their similarity.
    fn near(&self, fp: &Fingerprint) -> Result<Vec<(Known, f64)>, StoreError> {
        let mut candidates = BTreeSet::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT record FROM lsh WHERE band = ?1 AND bucket = ?2")
                .ctx("looking up LSH buckets")?;
            for key in self.dedup.bands(fp) {
                let rows = stmt
                    .query_map(params![key.band, key.bucket], |r| r.get::<_, i64>(0))
                    .ctx("looking up LSH buckets")?;
                for row in rows {
                    candidates.insert(row.ctx("looking up LSH buckets")?);
                }
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record_id, story, version, content_key, signature FROM records WHERE id = ?1")
            .ctx("reading candidate records")?;
        let mut out = Vec::new();
        for rowid in candidates {
            let (id, story, version, key, sig): (String, String, i64, String, Vec<u8>) = stmt
                .query_row([rowid], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .ctx("reading candidate records")?;
            let other = Fingerprint::from_parts(&key, &sig).ok_or_else(|| StoreError::Corrupt {
                id: rowid,
                reason: "unreadable MinHash signature".into(),
            })?;
            let sim = self.dedup.similarity(fp, &other);
            out.push((
                Known {
                    rowid,
                    id: RecordId(id),
                    story,
                    version,
                },
                sim,
            ));
        }
        Ok(out)
    }

    /// Joins stories: every record of these stories moves to the smallest story id
    /// (and is re-indexed). Returns that id.
    fn merge_stories(&mut self, stories: BTreeSet<String>) -> Result<String, StoreError> {
        let joining = stories.len() > 1;
        let mut iter = stories.into_iter();
        let Some(target) = iter.next() else {
            return Err(StoreError::Corrupt {
                id: 0,
                reason: "merging no stories".into(),
            });
        };
        if joining {
            // A story of one record is indexed as such (`solo`): re-index it now that
            // it grows. Larger stories are not re-indexed when they grow.
            let size: i64 = self
                .conn
                .prepare_cached("SELECT count(*) FROM records WHERE story = ?1")
                .ctx("merging stories")?
                .query_row([&target], |r| r.get(0))
                .ctx("merging stories")?;
            if size == 1 {
                let seq = self.take_seq();
                self.conn
                    .prepare_cached("UPDATE records SET seq = ?1 WHERE story = ?2")
                    .ctx("merging stories")?
                    .execute(params![seq, target])
                    .ctx("merging stories")?;
            }
        }
        for other in iter {
            crate::tables::head_lost(&self.conn, &other)?;
            let seq = self.take_seq();
            self.conn
                .prepare_cached("UPDATE records SET story = ?1, seq = ?2 WHERE story = ?3")
                .ctx("merging stories")?
                .execute(params![target, seq, other])
                .ctx("merging stories")?;
        }
        Ok(target)
    }

    fn insert_source(
        &self,
        record: i64,
        url_key: &str,
        release: &Release,
        source: &SourceInfo,
    ) -> Result<(), StoreError> {
        let s = &source.source;
        self.conn
            .prepare_cached(
                "INSERT INTO sources (record, raw_hash, url_key, origin, url, warc_offset, line, crawl_date, site, removed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .ctx("storing a source")?
            .execute(params![
                record,
                source.raw_hash,
                url_key,
                s.origin,
                s.url.as_deref().or(release.url.as_deref()),
                s.warc_offset.map(|v| v as i64),
                s.line.map(|v| v as i64),
                s.crawl_date.as_deref().or(release.crawled.as_deref()),
                site_name(release),
                removed_json(&source.removed)?,
            ])
            .ctx("storing a source")?;
        Ok(())
    }
}

/// The removed lines as stored: a JSON array of strings.
fn removed_json(lines: &[String]) -> Result<String, StoreError> {
    serde_json::to_string(lines).map_err(|e| StoreError::Corrupt {
        id: 0,
        reason: format!("cannot serialize the removed lines of a source: {e}"),
    })
}
