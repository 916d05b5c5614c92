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

/// Rows per Parquet row group: the memory bound of [`write_parquet`].
#[cfg(feature = "parquet")]
const ROW_GROUP: usize = 10_000;

/// Writes records as Parquet (feature `parquet`): the [`CSV_COLUMNS`] as UTF-8 columns
/// (empty values as nulls, `version` as INT64), plus `release_json` holding the whole
/// record losslessly. Streams in row groups of 10,000; returns how many were written.
#[cfg(feature = "parquet")]
pub fn write_parquet<W: Write + Send>(
    records: impl IntoIterator<Item = Result<ExportRecord, StoreError>>,
    out: W,
) -> Result<u64, StoreError> {
    use std::sync::Arc;

    use parquet::basic::Compression;
    use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;

    let err = |e: parquet::errors::ParquetError| StoreError::Export(format!("Parquet: {e}"));
    let mut message = String::from("message release {\n");
    for name in CSV_COLUMNS {
        if *name == "version" {
            message.push_str("  REQUIRED INT64 version;\n");
        } else {
            message.push_str(&format!("  OPTIONAL BYTE_ARRAY {name} (UTF8);\n"));
        }
    }
    message.push_str("  REQUIRED BYTE_ARRAY release_json (UTF8);\n}");
    let schema = Arc::new(parse_message_type(&message).map_err(err)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build(),
    );
    let mut writer = SerializedFileWriter::new(out, schema, props).map_err(err)?;

    let mut n = 0u64;
    let mut rows: Vec<(Vec<String>, String)> = Vec::with_capacity(ROW_GROUP);
    let mut flush = |rows: &mut Vec<(Vec<String>, String)>| -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut group = writer.next_row_group().map_err(err)?;
        let mut index = 0;
        while let Some(mut column) = group.next_column().map_err(err)? {
            if index == CSV_COLUMNS.len() {
                let values: Vec<ByteArray> = rows
                    .iter()
                    .map(|(_, j)| ByteArray::from(j.as_str()))
                    .collect();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, None, None)
                    .map_err(err)?;
            } else if CSV_COLUMNS.get(index) == Some(&"version") {
                let values: Vec<i64> = rows
                    .iter()
                    .map(|(r, _)| r[index].parse().unwrap_or(0))
                    .collect();
                column
                    .typed::<Int64Type>()
                    .write_batch(&values, None, None)
                    .map_err(err)?;
            } else {
                let mut values = Vec::new();
                let mut defs = Vec::with_capacity(rows.len());
                for (row, _) in rows.iter() {
                    let v = &row[index];
                    if v.is_empty() {
                        defs.push(0);
                    } else {
                        defs.push(1);
                        values.push(ByteArray::from(v.as_str()));
                    }
                }
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, Some(&defs), None)
                    .map_err(err)?;
            }
            column.close().map_err(err)?;
            index += 1;
        }
        group.close().map_err(err)?;
        rows.clear();
        Ok(())
    };
    for record in records {
        let record = record?;
        let json = serde_json::to_string(&record).map_err(|e| StoreError::Export(e.to_string()))?;
        rows.push((csv_row(&record), json));
        n += 1;
        if rows.len() >= ROW_GROUP {
            flush(&mut rows)?;
        }
    }
    flush(&mut rows)?;
    writer.close().map_err(err)?;
    Ok(n)
}
