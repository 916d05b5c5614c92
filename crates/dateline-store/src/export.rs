//! Streaming export of records as JSON Lines or CSV, in constant memory.
//!
//! [`crate::Archive::export`] returns an iterator that reads the database in pages of
//! rows, so any archive size exports with flat memory (a query filter keeps the list
//! of matching row ids, 8 bytes per match).

use std::collections::VecDeque;
use std::io::Write;

use dateline_types::{RecordId, Release};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::Archive;
use crate::error::{Context, StoreError};
use crate::query::{self, Builder};

/// Rows read per database query.
const PAGE: usize = 500;

/// One exported record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRecord {
    /// The record.
    pub id: RecordId,
    /// Its story.
    pub story: RecordId,
    /// Its version at its URL.
    pub version: i64,
    /// The release.
    #[serde(flatten)]
    pub release: Release,
}

/// A streaming iterator over records, in row order.
pub struct Export<'a> {
    archive: &'a Archive,
    /// Row ids to export (a query's matches), or `None` for every record.
    only: Option<std::vec::IntoIter<i64>>,
    after: i64,
    buffer: VecDeque<ExportRecord>,
    done: bool,
}

impl Archive {
    /// Every record (latest and older versions), or only those matching `query`, as a
    /// streaming iterator.
    pub fn export(&self, query: Option<&str>) -> Result<Export<'_>, StoreError> {
        let only = match query.filter(|q| !q.trim().is_empty()) {
            None => None,
            Some(q) => {
                let node = query::parse(q)?;
                let query = Builder {
                    index: &self.index,
                    fields: &self.fields,
                }
                .build(&node);
                let searcher = self.reader.searcher();
                let mut ids = Vec::new();
                let docs = searcher
                    .search(&*query, &tantivy::collector::DocSetCollector)
                    .ctx("searching for the export")?;
                for addr in docs {
                    let seg = searcher.segment_reader(addr.segment_ord);
                    let col = seg
                        .fast_fields()
                        .u64(crate::index::names::ROWID)
                        .ctx("reading row ids")?;
                    if let Some(id) = col.first(addr.doc_id) {
                        ids.push(id as i64);
                    }
                }
                ids.sort_unstable();
                ids.dedup();
                Some(ids.into_iter())
            }
        };
        Ok(Export {
            archive: self,
            only,
            after: 0,
            buffer: VecDeque::new(),
            done: false,
        })
    }
}

impl Export<'_> {
    fn refill(&mut self) -> Result<(), StoreError> {
        let conn = &self.archive.conn;
        let mut stmt = conn
            .prepare_cached("SELECT id, record_id, story, version, release FROM records WHERE id > ?1 ORDER BY id LIMIT ?2")
            .ctx("reading records to export")?;
        let mut one = conn
            .prepare_cached(
                "SELECT id, record_id, story, version, release FROM records WHERE id = ?1",
            )
            .ctx("reading records to export")?;
        let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, String, String, i64, String)> {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        };
        let rows: Vec<(i64, String, String, i64, String)> = match &mut self.only {
            None => stmt
                .query_map(params![self.after, PAGE as i64], map)
                .ctx("reading records to export")?
                .collect::<Result<_, _>>()
                .ctx("reading records to export")?,
            Some(ids) => {
                let mut rows = Vec::new();
                for id in ids.by_ref().take(PAGE) {
                    // A row id the index knows but the database does not (an index
                    // behind a crash) is skipped: the database is the truth.
                    if let Some(row) = one
                        .query_row([id], map)
                        .optional()
                        .ctx("reading records to export")?
                    {
                        rows.push(row);
                    }
                }
                rows
            }
        };
        if rows.is_empty() {
            self.done = true;
        }
        for (id, record_id, story, version, json) in rows {
            self.after = id;
            let release = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                id,
                reason: e.to_string(),
            })?;
            self.buffer.push_back(ExportRecord {
                id: RecordId(record_id),
                story: RecordId(story),
                version,
                release,
            });
        }
        Ok(())
    }
}

impl Iterator for Export<'_> {
    type Item = Result<ExportRecord, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.buffer.is_empty()
            && !self.done
            && let Err(err) = self.refill()
        {
            self.done = true;
            return Some(Err(err));
        }
        self.buffer.pop_front().map(Ok)
    }
}

/// Writes records as JSON Lines; returns how many were written.
pub fn write_jsonl<W: Write>(
    records: impl IntoIterator<Item = Result<ExportRecord, StoreError>>,
    mut out: W,
) -> Result<u64, StoreError> {
    let mut n = 0;
    for record in records {
        let record = record?;
        serde_json::to_writer(&mut out, &record).map_err(|e| StoreError::Export(e.to_string()))?;
        out.write_all(b"\n")
            .map_err(|e| StoreError::Export(e.to_string()))?;
        n += 1;
    }
    out.flush().map_err(|e| StoreError::Export(e.to_string()))?;
    Ok(n)
}

/// The CSV columns, in order. Lists are joined with `; `; quotes are `speaker: text`.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "story",
    "version",
    "source",
    "url",
    "crawled",
    "title",
    "subtitle",
    "published",
    "site",
    "site_country",
    "lang",
    "dateline_place",
    "dateline_country",
    "authors",
    "countries",
    "organizations",
    "people",
    "speakers",
    "quotes",
    "contact_names",
    "contact_emails",
    "contact_phones",
    "about",
    "body",
];

fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// One CSV row for a record, matching [`CSV_COLUMNS`].
pub fn csv_row(r: &ExportRecord) -> Vec<String> {
    let rel = &r.release;
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    vec![
        r.id.0.clone(),
        r.story.0.clone(),
        r.version.to_string(),
        rel.source.clone(),
        opt(&rel.url),
        opt(&rel.crawled),
        opt(&rel.title),
        opt(&rel.subtitle),
        rel.published.map(|d| d.to_string()).unwrap_or_default(),
        rel.site
            .as_ref()
            .and_then(|s| s.name.clone())
            .unwrap_or_default(),
        rel.site
            .as_ref()
            .and_then(|s| s.country.clone())
            .unwrap_or_default(),
        opt(&rel.lang),
        rel.dateline
            .as_ref()
            .map(|d| d.place.clone())
            .unwrap_or_default(),
        rel.dateline
            .as_ref()
            .and_then(|d| d.country.clone())
            .unwrap_or_default(),
        join(rel.author.iter().map(String::as_str)),
        join(rel.countries.iter().map(String::as_str)),
        join(rel.organizations.iter().map(String::as_str)),
        join(rel.people.iter().map(|p| p.name.as_str())),
        join(crate::index::speakers(rel).iter().map(String::as_str)),
        rel.quotes
            .iter()
            .map(|q| match &q.speaker {
                Some(s) => format!("{s}: {}", q.text),
                None => q.text.clone(),
            })
            .collect::<Vec<_>>()
            .join(" | "),
        join(rel.contacts.iter().filter_map(|c| c.name.as_deref())),
        join(
            rel.contacts
                .iter()
                .flat_map(|c| c.emails.iter().map(String::as_str)),
        ),
        join(
            rel.contacts
                .iter()
                .flat_map(|c| c.phones.iter().map(String::as_str)),
        ),
        opt(&rel.about),
        rel.body.clone(),
    ]
}

/// Writes records as CSV with a header row; returns how many were written.
pub fn write_csv<W: Write>(
    records: impl IntoIterator<Item = Result<ExportRecord, StoreError>>,
    out: W,
) -> Result<u64, StoreError> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| StoreError::Export(e.to_string());
    w.write_record(CSV_COLUMNS).map_err(err)?;
    let mut n = 0;
    for record in records {
        w.write_record(csv_row(&record?)).map_err(err)?;
        n += 1;
    }
    w.flush().map_err(|e| StoreError::Export(e.to_string()))?;
    Ok(n)
}
