//! Opening the archive, batching, keeping the index in step with SQLite, check and reindex.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use dateline_dedup::{Dedup, DedupConfig};
use dateline_types::{RecordId, Release};
use rusqlite::Connection;
use serde::Serialize;
use tantivy::directory::MmapDirectory;
use tantivy::indexer::LogMergePolicy;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use crate::error::{Context, StoreError};
use crate::index::{self, Fields};
use crate::migrations;

/// How an archive is opened.
#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    /// Releases per SQLite transaction and index commit.
    pub batch_size: usize,
    /// Near-duplicate detection settings.
    pub dedup: DedupConfig,
    /// Memory the index writer may use before it flushes a segment, in bytes.
    pub index_memory: usize,
}

impl Default for ArchiveOptions {
    fn default() -> Self {
        ArchiveOptions {
            batch_size: 1000,
            dedup: DedupConfig::default(),
            index_memory: 64 << 20,
        }
    }
}

/// The archive: a SQLite database (the truth) and a tantivy index derived from it.
///
/// One writer at a time: the binary ingests on one thread. Drop flushes pending
/// writes; call [`Archive::flush`] to see the errors.
pub struct Archive {
    pub(crate) conn: Connection,
    pub(crate) index: Index,
    pub(crate) fields: Fields,
    pub(crate) reader: IndexReader,
    writer: Option<IndexWriter>,
    pub(crate) dedup: Dedup,
    pub(crate) options: ArchiveOptions,
    dir: Option<PathBuf>,
    pub(crate) in_tx: bool,
    pub(crate) pending: usize,
    pub(crate) next_seq: i64,
    /// The index commit the reader was last reloaded at (by [`Archive::reload`]).
    reloaded_seq: std::cell::Cell<i64>,
}

impl fmt::Debug for Archive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Archive")
            .field("dir", &self.dir)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

/// The file name of the database inside the archive directory.
pub const DB_FILE: &str = "archive.sqlite";
/// The directory of the index inside the archive directory.
pub const INDEX_DIR: &str = "index";
/// What indexing a record reads: row id, story, release JSON, size of the story.
const INDEX_COLUMNS: &str = "r.id, r.story, r.release,
    (SELECT count(*) FROM records o WHERE o.story = r.story) FROM records r";
/// Segments with more documents than this are not merged further.
const MAX_SEGMENT_DOCS: usize = 200_000;

impl Archive {
    /// Opens the archive in `dir`, creating it if needed, with default options.
    pub fn open(dir: impl AsRef<Path>) -> Result<Archive, StoreError> {
        Archive::open_with(dir, ArchiveOptions::default())
    }

    /// Opens the archive in `dir`, creating it if needed. Migrates the database and
    /// rolls the index forward (or rebuilds it) if an earlier run stopped half-way.
    pub fn open_with(
        dir: impl AsRef<Path>,
        options: ArchiveOptions,
    ) -> Result<Archive, StoreError> {
        let dir = dir.as_ref();
        let io = |source| StoreError::Open {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir.join(INDEX_DIR)).map_err(io)?;
        let conn = Connection::open(dir.join(DB_FILE)).ctx("opening the database")?;
        let index_dir = dir.join(INDEX_DIR);
        let open_index = || -> Result<Index, StoreError> {
            let mmap = MmapDirectory::open(&index_dir).map_err(|e| StoreError::Index {
                context: "opening the index directory",
                source: e.into(),
            })?;
            Index::open_or_create(mmap, index::schema()).ctx("opening the index")
        };
        let (index, rebuild) = match open_index() {
            Ok(index) => (index, false),
            Err(err) => {
                tracing::warn!(error = %err, "the index cannot be opened; rebuilding it from the database");
                std::fs::remove_dir_all(&index_dir).map_err(io)?;
                std::fs::create_dir_all(&index_dir).map_err(io)?;
                (open_index()?, true)
            }
        };
        let mut archive = Archive::assemble(conn, index, options, Some(dir.to_path_buf()))?;
        let caught_up = if rebuild || archive.indexed_seq()? > archive.store_seq()? {
            archive.reindex().map(|_| ())
        } else {
            archive.sync_index()
        };
        match caught_up {
            // Another process (a running `ingest`) holds the index writer and will
            // bring the index up to date itself: open for reading.
            Err(err) if err.is_busy() => {
                tracing::warn!(dir = %dir.display(), "the index is being written by another process; opened for reading");
                Ok(archive)
            }
            Err(err) => Err(err),
            // Hold the index lock only while writing: a reader that caught the index
            // up must not keep other processes from ingesting.
            Ok(()) => {
                archive.release_writer()?;
                Ok(archive)
            }
        }
    }

    /// A fresh archive held in memory, for tests.
    pub fn in_memory() -> Result<Archive, StoreError> {
        Archive::in_memory_with(ArchiveOptions::default())
    }

    /// A fresh archive held in memory with the given options.
    pub fn in_memory_with(options: ArchiveOptions) -> Result<Archive, StoreError> {
        let conn = Connection::open_in_memory().ctx("opening an in-memory database")?;
        let index = Index::create_in_ram(index::schema());
        Archive::assemble(conn, index, options, None)
    }

    fn assemble(
        mut conn: Connection,
        index: Index,
        options: ArchiveOptions,
        dir: Option<PathBuf>,
    ) -> Result<Archive, StoreError> {
        // WAL with synchronous=NORMAL survives a killed process (not a power cut
        // mid-commit, which may lose the last batch but never corrupts).
        conn.pragma_update(None, "journal_mode", "WAL")
            .ctx("enabling WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .ctx("setting synchronous")?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .ctx("enabling foreign keys")?;
        // Each release is a savepoint: keep its sub-journal in memory, not in a temporary
        // file; and a page cache of up to 32 MiB (allocated as used) spares most reads of
        // the lookup indexes (LSH buckets, hashes) at ingest.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .ctx("setting temp_store")?;
        conn.pragma_update(None, "cache_size", -32768)
            .ctx("setting the page cache size")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .ctx("setting the busy timeout")?;
        migrations::migrate(&mut conn)?;
        index::register_tokenizers(&index);
        let fields = Fields::new(&index.schema()).ctx("reading the index schema")?;
        // On disk, pick up commits of other processes (a server while `ingest` runs).
        let policy = if dir.is_some() {
            ReloadPolicy::OnCommitWithDelay
        } else {
            ReloadPolicy::Manual
        };
        let reader = index
            .reader_builder()
            .reload_policy(policy)
            .try_into()
            .ctx("opening an index reader")?;
        let dedup = options.dedup.build()?;
        let mut archive = Archive {
            conn,
            index,
            fields,
            reader,
            writer: None,
            dedup,
            options,
            dir,
            in_tx: false,
            pending: 0,
            next_seq: 0,
            reloaded_seq: std::cell::Cell::new(-1),
        };
        archive.next_seq = archive.store_seq()? + 1;
        Ok(archive)
    }

    /// The directory the archive lives in (`None` in memory).
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The highest change sequence number in the database.
    pub(crate) fn store_seq(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT coalesce(max(seq), 0) FROM records", [], |r| {
                r.get(0)
            })
            .ctx("reading the change sequence")
    }

    /// The change sequence number the last index commit holds.
    pub(crate) fn indexed_seq(&self) -> Result<i64, StoreError> {
        let metas = self.index.load_metas().ctx("reading the index metadata")?;
        Ok(metas
            .payload
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(0))
    }

    fn writer(&mut self) -> Result<&mut IndexWriter, StoreError> {
        if self.writer.is_none() {
            let memory = self.options.index_memory.max(15 << 20);
            let writer: IndexWriter = self
                .index
                .writer_with_num_threads(1, memory)
                .ctx("opening the index writer (is another `dateline ingest` running?)")?;
            // Bounded merges: a merge reads (maps) every segment it joins, so capping
            // segment size caps the memory and the write amplification of ingest at
            // any archive size, for a few more segments to search.
            let mut policy = LogMergePolicy::default();
            policy.set_max_docs_before_merge(MAX_SEGMENT_DOCS);
            writer.set_merge_policy(Box::new(policy));
            self.writer = Some(writer);
        }
        self.writer.as_mut().ok_or(StoreError::Index {
            context: "opening the index writer",
            source: tantivy::TantivyError::InternalError("no writer".into()),
        })
    }

    pub(crate) fn begin(&mut self) -> Result<(), StoreError> {
        if !self.in_tx {
            self.conn
                .execute_batch("BEGIN IMMEDIATE")
                .ctx("starting a batch")?;
            self.in_tx = true;
            // Another process may have written since: continue its sequence (the
            // IMMEDIATE transaction keeps it from writing until this batch commits).
            self.next_seq = self.next_seq.max(self.store_seq()? + 1);
        }
        Ok(())
    }

    /// Takes the index writer now (it is otherwise taken at the first flush), so a
    /// write that cannot index fails before it touches the database. Fails with
    /// [`StoreError::is_busy`] when another process is writing the archive.
    pub fn acquire_writer(&mut self) -> Result<(), StoreError> {
        self.writer().map(|_| ())
    }

    /// Flushes pending writes, then closes the index writer (waiting for its merges),
    /// so another process (`dateline ingest` beside a server) can write the archive.
    /// The next write takes the writer again.
    pub fn release_writer(&mut self) -> Result<(), StoreError> {
        if self.writer.is_none() && !self.in_tx {
            return Ok(());
        }
        self.flush()?;
        if let Some(writer) = self.writer.take() {
            writer
                .wait_merging_threads()
                .ctx("finishing index merges")?;
        }
        Ok(())
    }

    /// True while this handle holds the index writer (and so the index lock).
    pub fn holds_writer(&self) -> bool {
        self.writer.is_some()
    }

    /// Picks up what other processes committed: reloads the index reader now (on disk
    /// it also reloads by itself within about a second of each commit) and returns
    /// the change sequence number of the last index commit, which grows with every
    /// change a reader can see. Cheap when nothing changed (one small file read), so
    /// a server may call it per request and drop its caches when the number moves.
    pub fn reload(&self) -> Result<i64, StoreError> {
        // Read the commit's sequence first: the reader then holds at least that much.
        let seq = self.indexed_seq()?;
        if seq != self.reloaded_seq.get() {
            self.reader.reload().ctx("reloading the index reader")?;
            self.reloaded_seq.set(seq);
        }
        Ok(seq)
    }

    pub(crate) fn take_seq(&mut self) -> i64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// Commits the pending batch to SQLite, then brings the index up to date.
    pub fn flush(&mut self) -> Result<(), StoreError> {
        if self.in_tx {
            self.conn
                .execute_batch("COMMIT")
                .ctx("committing a batch")?;
            self.in_tx = false;
        }
        self.pending = 0;
        self.sync_index()
    }

    /// Indexes every record changed since the last index commit, then commits the index
    /// with the sequence number it now holds.
    pub(crate) fn sync_index(&mut self) -> Result<(), StoreError> {
        let indexed = self.indexed_seq()?;
        let target = self.store_seq()?;
        if target <= indexed {
            return Ok(());
        }
        let fields = self.fields;
        let docs = {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT {INDEX_COLUMNS} WHERE r.seq > ?1 ORDER BY r.id"
                ))
                .ctx("reading records to index")?;
            let rows = stmt
                .query_map([indexed], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })
                .ctx("reading records to index")?;
            let mut docs = Vec::new();
            for row in rows {
                let (id, story, json, size) = row.ctx("reading records to index")?;
                let release: Release =
                    serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                        id,
                        reason: e.to_string(),
                    })?;
                docs.push((
                    id,
                    index::document(&fields, id, &RecordId(story), size, &release),
                ));
            }
            docs
        };
        let writer = self.writer()?;
        for (id, doc) in docs {
            writer.delete_term(Term::from_field_u64(fields.rowid, id as u64));
            writer
                .add_document(doc)
                .ctx("adding a document to the index")?;
        }
        self.commit_index(target)
    }

    fn commit_index(&mut self, seq: i64) -> Result<(), StoreError> {
        let writer = self.writer()?;
        let mut prepared = writer.prepare_commit().ctx("preparing the index commit")?;
        prepared.set_payload(&seq.to_string());
        prepared.commit().ctx("committing the index")?;
        self.reader.reload().ctx("reloading the index reader")?;
        Ok(())
    }

    /// Rebuilds the whole index from the database; returns the number of records indexed.
    pub fn reindex(&mut self) -> Result<usize, StoreError> {
        self.flush_sqlite()?;
        let target = self.store_seq()?;
        let fields = self.fields;
        self.writer()?
            .delete_all_documents()
            .ctx("clearing the index")?;
        let mut count = 0;
        let mut last = 0i64;
        // Page through the records so memory stays flat on big archives.
        loop {
            let page: Vec<(i64, String, String, i64)> = {
                let mut stmt = self
                    .conn
                    .prepare_cached(&format!(
                        "SELECT {INDEX_COLUMNS} WHERE r.id > ?1 ORDER BY r.id LIMIT 1000"
                    ))
                    .ctx("reading records to reindex")?;
                stmt.query_map([last], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                    .ctx("reading records to reindex")?
                    .collect::<Result<_, _>>()
                    .ctx("reading records to reindex")?
            };
            let Some((tail, _, _, _)) = page.last() else {
                break;
            };
            last = *tail;
            let writer = self.writer()?;
            for (id, story, json, size) in page {
                let release: Release =
                    serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                        id,
                        reason: e.to_string(),
                    })?;
                writer
                    .add_document(index::document(
                        &fields,
                        id,
                        &RecordId(story),
                        size,
                        &release,
                    ))
                    .ctx("adding a document to the index")?;
                count += 1;
            }
        }
        self.commit_index(target)?;
        Ok(count)
    }

    fn flush_sqlite(&mut self) -> Result<(), StoreError> {
        if self.in_tx {
            self.conn
                .execute_batch("COMMIT")
                .ctx("committing a batch")?;
            self.in_tx = false;
            self.pending = 0;
        }
        Ok(())
    }

    /// Verifies the database's integrity and that the index holds exactly the records
    /// of the database, each with its current story.
    pub fn check(&mut self) -> Result<CheckReport, StoreError> {
        self.flush()?;
        // Another process may have committed since this reader last reloaded.
        self.reload()?;
        let mut report = CheckReport::default();
        let integrity: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .ctx("checking database integrity")?;
        if integrity != "ok" {
            report
                .problems
                .push(format!("database integrity check says `{integrity}`"));
        }
        let fk: i64 = self
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .ctx("checking foreign keys")?;
        if fk > 0 {
            report
                .problems
                .push(format!("`{fk}` rows point to missing records"));
        }
        crate::tables::check(&self.conn, &mut report.problems)?;
        let (records, stories, sources): (i64, i64, i64) = self
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM records), (SELECT count(DISTINCT story) FROM records),
                        (SELECT count(*) FROM sources)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .ctx("counting records")?;
        report.records = records as u64;
        report.stories = stories as u64;
        report.sources = sources as u64;
        let orphans: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.record = r.id)",
                [],
                |r| r.get(0),
            )
            .ctx("checking sources")?;
        if orphans > 0 {
            report
                .problems
                .push(format!("`{orphans}` records have no source"));
        }
        report.store_seq = self.store_seq()?;
        report.index_seq = self.indexed_seq()?;
        if report.index_seq != report.store_seq {
            report.problems.push(format!(
                "the index holds changes up to `{}` but the database is at `{}`",
                report.index_seq, report.store_seq
            ));
        }

        // Every live document, by rowid, with its story.
        let mut indexed: HashMap<u64, (u64, u64)> = HashMap::new();
        let mut twice = 0u64;
        let searcher = self.reader.searcher();
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            let rowid = ff.u64(index::names::ROWID).ctx("reading index row ids")?;
            let story = ff.u64(index::names::STORY).ctx("reading index stories")?;
            let solo = ff.u64(index::names::SOLO).ctx("reading index stories")?;
            for doc in segment.doc_ids_alive() {
                let (Some(r), Some(s), Some(one)) =
                    (rowid.first(doc), story.first(doc), solo.first(doc))
                else {
                    report
                        .problems
                        .push("an index document has no row id".into());
                    continue;
                };
                if indexed.insert(r, (s, one)).is_some() {
                    twice += 1;
                }
            }
        }
        report.indexed = indexed.len() as u64 + twice;
        if twice > 0 {
            report
                .problems
                .push(format!("`{twice}` records are indexed more than once"));
        }
        let mut missing = 0u64;
        let mut stale = 0u64;
        let mut bad_json = 0u64;
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {INDEX_COLUMNS}"))
            .ctx("reading records to check")?;
        let mut rows = stmt.query([]).ctx("reading records to check")?;
        while let Some(row) = rows.next().ctx("reading records to check")? {
            let id: i64 = row.get(0).ctx("reading records to check")?;
            let story: String = row.get(1).ctx("reading records to check")?;
            let json: String = row.get(2).ctx("reading records to check")?;
            let size: i64 = row.get(3).ctx("reading records to check")?;
            if serde_json::from_str::<Release>(&json).is_err() {
                bad_json += 1;
            }
            match indexed.remove(&(id as u64)) {
                None => missing += 1,
                Some((s, one))
                    if s != index::story_key(&RecordId(story)) || one != u64::from(size <= 1) =>
                {
                    stale += 1
                }
                Some(_) => {}
            }
        }
        for (n, what) in [
            (missing, "records are missing from the index"),
            (stale, "index documents have an outdated story"),
            (indexed.len() as u64, "index documents have no record"),
            (bad_json, "records hold unreadable JSON"),
        ] {
            if n > 0 {
                report.problems.push(format!("`{n}` {what}"));
            }
        }
        Ok(report)
    }
}

impl Drop for Archive {
    fn drop(&mut self) {
        if self.in_tx
            && let Err(err) = self.flush()
        {
            tracing::error!(error = %err, "could not flush the archive on close");
        }
    }
}

/// What [`Archive::check`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Records in the database.
    pub records: u64,
    /// Stories (groups of records).
    pub stories: u64,
    /// Sources (raw pages) in the database.
    pub sources: u64,
    /// Live documents in the index.
    pub indexed: u64,
    /// The database's change sequence number.
    pub store_seq: i64,
    /// The change sequence number the index holds.
    pub index_seq: i64,
    /// What is wrong, one line each; empty when all is well.
    pub problems: Vec<String>,
}

impl CheckReport {
    /// True when nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} records in {} stories from {} sources; {} indexed",
            self.records, self.stories, self.sources, self.indexed
        )?;
        if self.problems.is_empty() {
            write!(f, "archive ok")
        } else {
            for p in &self.problems {
                writeln!(f, "problem: {p}")?;
            }
            write!(
                f,
                "hint: `dateline reindex` rebuilds the index from the database"
            )
        }
    }
}
