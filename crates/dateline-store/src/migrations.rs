//! Schema migrations, tracked with SQLite's `user_version`.
//!
//! Each step moves the schema from version `n` to `n + 1` in one transaction, so a
//! crash mid-migration leaves the previous version intact. Never edit a released
//! step; add a new one. The migration test starts from version 1 and checks the
//! result equals a freshly created database.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Context, StoreError};

/// One migration step.
enum Step {
    /// Plain SQL.
    Sql(&'static str),
    /// SQL followed by a backfill written in Rust.
    SqlThen(&'static str, fn(&Connection) -> Result<(), StoreError>),
}

/// Version 1: records, their sources, and LSH buckets.
const V1: &str = "
CREATE TABLE records (
    id          INTEGER PRIMARY KEY,
    record_id   TEXT NOT NULL UNIQUE,
    content_key TEXT NOT NULL UNIQUE,
    story       TEXT NOT NULL,
    url_key     TEXT NOT NULL,
    version     INTEGER NOT NULL,
    previous    TEXT,
    latest      INTEGER NOT NULL DEFAULT 1,
    title       TEXT,
    published   TEXT,
    lang        TEXT,
    site        TEXT,
    signature   BLOB NOT NULL,
    release     TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    added_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX records_story ON records(story);
CREATE INDEX records_url ON records(url_key, version);
CREATE INDEX records_seq ON records(seq);
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    record      INTEGER NOT NULL REFERENCES records(id),
    raw_hash    TEXT NOT NULL UNIQUE,
    url_key     TEXT NOT NULL,
    origin      TEXT NOT NULL,
    url         TEXT,
    warc_offset INTEGER,
    line        INTEGER,
    crawl_date  TEXT,
    site        TEXT,
    added_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX sources_record ON sources(record);
CREATE INDEX sources_url ON sources(url_key);
CREATE TABLE lsh (
    band   INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    record INTEGER NOT NULL REFERENCES records(id),
    PRIMARY KEY (band, bucket, record)
) WITHOUT ROWID;
";

/// Version 2: tables behind the views (quotes, contacts, entities), filled from the
/// stored release JSON.
const V2: &str = "
CREATE TABLE quotes (
    record       INTEGER NOT NULL REFERENCES records(id),
    ord          INTEGER NOT NULL,
    speaker      TEXT,
    speaker_norm TEXT,
    role         TEXT,
    text         TEXT NOT NULL,
    PRIMARY KEY (record, ord)
);
CREATE INDEX quotes_speaker ON quotes(speaker_norm);
CREATE TABLE contacts (
    record       INTEGER NOT NULL REFERENCES records(id),
    ord          INTEGER NOT NULL,
    name         TEXT,
    name_norm    TEXT,
    role         TEXT,
    organization TEXT,
    emails       TEXT NOT NULL,
    phones       TEXT NOT NULL,
    PRIMARY KEY (record, ord)
);
CREATE TABLE entities (
    kind   TEXT NOT NULL,
    value  TEXT NOT NULL,
    record INTEGER NOT NULL REFERENCES records(id),
    PRIMARY KEY (kind, value, record)
) WITHOUT ROWID;
CREATE INDEX entities_record ON entities(record);
";

/// Version 3: the boilerplate lines removed from each source's raw page (a JSON array
/// of strings; empty for sources archived before).
const V3: &str = "
ALTER TABLE sources ADD COLUMN removed TEXT NOT NULL DEFAULT '[]';
";

/// Version 4: a covering index for [`crate::Stats`], which otherwise scans every
/// stored release (gigabytes at a million records).
const V4: &str = "
CREATE INDEX records_stats ON records(lang, published, latest);
";

/// Version 5: finding the next version of a record (`get`) without scanning them all.
const V5: &str = "
CREATE INDEX records_previous ON records(previous);
";

/// Version 6: views kept up to date at ingest, so none scans the archive: the
/// contacts directory merged per person, story heads and story counts per country and
/// month, and quotes by speaker with each distinct quote marked once.
const V6: &str = "
CREATE TABLE directory (
    id        INTEGER PRIMARY KEY,
    name_key  TEXT NOT NULL,
    sort_key  TEXT NOT NULL,
    haystack  TEXT NOT NULL,
    records   INTEGER NOT NULL,
    entry     TEXT NOT NULL
);
CREATE INDEX directory_name ON directory(name_key);
CREATE INDEX directory_sort ON directory(sort_key, id);
CREATE TABLE directory_details (
    detail TEXT NOT NULL,
    entry  INTEGER NOT NULL REFERENCES directory(id),
    PRIMARY KEY (detail, entry)
) WITHOUT ROWID;
CREATE INDEX directory_details_entry ON directory_details(entry);
CREATE TABLE directory_records (
    entry  INTEGER NOT NULL REFERENCES directory(id),
    record INTEGER NOT NULL REFERENCES records(id),
    PRIMARY KEY (entry, record)
) WITHOUT ROWID;
CREATE TABLE country_heads (
    country   TEXT NOT NULL,
    month     TEXT NOT NULL,
    published TEXT NOT NULL,
    record    INTEGER NOT NULL REFERENCES records(id),
    PRIMARY KEY (country, month, published, record)
) WITHOUT ROWID;
CREATE INDEX country_heads_record ON country_heads(record);
CREATE TABLE country_months (
    country TEXT NOT NULL,
    month   TEXT NOT NULL,
    stories INTEGER NOT NULL,
    PRIMARY KEY (country, month)
) WITHOUT ROWID;
ALTER TABLE quotes ADD COLUMN published TEXT;
ALTER TABLE quotes ADD COLUMN text_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quotes ADD COLUMN first INTEGER NOT NULL DEFAULT 1;
CREATE INDEX quotes_text ON quotes(speaker_norm, text_key);
CREATE INDEX quotes_person ON quotes(speaker_norm, published IS NULL, published, record, ord)
    WHERE first = 1;
CREATE TABLE speakers (
    norm   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    quotes INTEGER NOT NULL,
    roles  TEXT NOT NULL
) WITHOUT ROWID;
";

const STEPS: &[Step] = &[
    Step::Sql(V1),
    Step::SqlThen(V2, backfill_v2),
    Step::Sql(V3),
    Step::Sql(V4),
    Step::Sql(V5),
    Step::SqlThen(V6, crate::tables::backfill_v6),
];

/// The schema version this build creates.
pub const LATEST: i64 = STEPS.len() as i64;

/// Brings the database up to [`LATEST`].
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, LATEST)
}

/// Brings the database up to `target` (tests use this to build old schemas).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    let current: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .ctx("reading the schema version")?;
    if current > LATEST {
        return Err(StoreError::TooNew {
            found: current,
            known: LATEST,
        });
    }
    for (i, step) in STEPS.iter().enumerate().skip(current.max(0) as usize) {
        let version = i as i64 + 1;
        if version > target {
            break;
        }
        // IMMEDIATE: two processes opening a new archive at once must not both migrate.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx("starting a migration")?;
        let now: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .ctx("reading the schema version")?;
        if now >= version {
            continue; // another process got here first
        }
        match step {
            Step::Sql(sql) => tx.execute_batch(sql).ctx("migrating the schema")?,
            Step::SqlThen(sql, backfill) => {
                tx.execute_batch(sql).ctx("migrating the schema")?;
                backfill(&tx)?;
            }
        }
        tx.pragma_update(None, "user_version", version)
            .ctx("setting the schema version")?;
        tx.commit().ctx("committing a migration")?;
    }
    Ok(())
}

fn backfill_v2(conn: &Connection) -> Result<(), StoreError> {
    let mut stmt = conn
        .prepare("SELECT id, release FROM records ORDER BY id")
        .ctx("reading records to backfill")?;
    let mut rows = stmt.query([]).ctx("reading records to backfill")?;
    while let Some(row) = rows.next().ctx("reading records to backfill")? {
        let id: i64 = row.get(0).ctx("reading records to backfill")?;
        let json: String = row.get(1).ctx("reading records to backfill")?;
        let release = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            id,
            reason: e.to_string(),
        })?;
        crate::views::insert_details_v2(conn, id, &release)?;
    }
    Ok(())
}
