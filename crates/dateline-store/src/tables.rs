//! Tables kept up to date at ingest so the views never scan the archive: the
//! contacts directory merged per person, per-country monthly story counts with the
//! stories' heads, and quotes by speaker (each distinct quote once).
//!
//! A story's *head* is the record whose id is the story id (every story holds it:
//! stories are named after a member and merge into the smallest name). The timeline
//! counts stories by their head, so merging stories moves counts without a rescan.

use std::collections::{BTreeMap, BTreeSet};

use dateline_types::{Contact, PartialDate, RecordId};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::error::{Context, StoreError};
use crate::views::{ContactEntry, name_key, phone_key};

/// Record ids kept per directory entry (the most recent ones).
pub(crate) const ENTRY_RECORDS: usize = 50;
/// Roles kept per speaker.
const SPEAKER_ROLES: usize = 20;

/// The month a publication date falls in, as the timeline groups: `YYYY-MM`, `YYYY`
/// when only the year is known, else `unknown`.
pub(crate) fn month_of(date: Option<PartialDate>) -> String {
    match date {
        Some(PartialDate {
            year: Some(y),
            month: Some(m),
            ..
        }) => format!("{y:04}-{m:02}"),
        Some(PartialDate { year: Some(y), .. }) => format!("{y:04}"),
        _ => "unknown".to_string(),
    }
}

/// Record `record` became the head of a story: count it in its countries' months.
pub(crate) fn head_gained(conn: &Connection, record: i64) -> Result<(), StoreError> {
    let published: Option<String> = conn
        .prepare_cached("SELECT published FROM records WHERE id = ?1")
        .ctx("counting a story")?
        .query_row([record], |r| r.get(0))
        .ctx("counting a story")?;
    let date = published.as_deref().and_then(PartialDate::parse);
    let month = month_of(date);
    let countries: Vec<String> = conn
        .prepare_cached("SELECT value FROM entities WHERE kind = 'country' AND record = ?1")
        .ctx("counting a story")?
        .query_map([record], |r| r.get(0))
        .ctx("counting a story")?
        .collect::<Result<_, _>>()
        .ctx("counting a story")?;
    for country in countries {
        let added = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO country_heads (country, month, published, record)
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .ctx("counting a story")?
            .execute(params![
                country,
                month,
                published.as_deref().unwrap_or_default(),
                record
            ])
            .ctx("counting a story")?;
        if added > 0 {
            conn.prepare_cached(
                "INSERT INTO country_months (country, month, stories) VALUES (?1, ?2, 1)
                 ON CONFLICT (country, month) DO UPDATE SET stories = stories + 1",
            )
            .ctx("counting a story")?
            .execute(params![country, month])
            .ctx("counting a story")?;
        }
    }
    Ok(())
}

/// The head of story `story` joins another story: uncount it.
pub(crate) fn head_lost(conn: &Connection, story: &str) -> Result<(), StoreError> {
    let Some(record): Option<i64> = conn
        .prepare_cached("SELECT id FROM records WHERE record_id = ?1")
        .ctx("uncounting a story")?
        .query_row([story], |r| r.get(0))
        .optional()
        .ctx("uncounting a story")?
    else {
        return Ok(());
    };
    let rows: Vec<(String, String)> = conn
        .prepare_cached("SELECT country, month FROM country_heads WHERE record = ?1")
        .ctx("uncounting a story")?
        .query_map([record], |r| Ok((r.get(0)?, r.get(1)?)))
        .ctx("uncounting a story")?
        .collect::<Result<_, _>>()
        .ctx("uncounting a story")?;
    for (country, month) in rows {
        conn.prepare_cached(
            "UPDATE country_months SET stories = stories - 1 WHERE country = ?1 AND month = ?2",
        )
        .ctx("uncounting a story")?
        .execute(params![country, month])
        .ctx("uncounting a story")?;
    }
    conn.prepare_cached("DELETE FROM country_heads WHERE record = ?1")
        .ctx("uncounting a story")?
        .execute([record])
        .ctx("uncounting a story")?;
    Ok(())
}

/// The identity of a quote's words: a hash of the normalized text.
fn text_key(text: &str) -> i64 {
    xxhash_rust::xxh3::xxh3_64(dateline_dedup::normalize(text).as_bytes()) as i64
}

/// Stores one quote; the first of each (speaker, words) is listed, later copies (the
/// same release on another site) are kept but not listed.
pub(crate) fn add_quote(
    conn: &Connection,
    record: i64,
    ord: i64,
    speaker: Option<&str>,
    role: Option<&str>,
    text: &str,
    published: Option<&str>,
) -> Result<(), StoreError> {
    let norm = speaker.map(name_key).filter(|k| !k.is_empty());
    let key = text_key(text);
    let first = match &norm {
        Some(norm) => conn
            .prepare_cached(
                "SELECT 1 FROM quotes WHERE speaker_norm = ?1 AND text_key = ?2 AND first = 1 LIMIT 1",
            )
            .ctx("storing quotes")?
            .query_row(params![norm, key], |_| Ok(()))
            .optional()
            .ctx("storing quotes")?
            .is_none(),
        None => true,
    };
    conn.prepare_cached(
        "INSERT OR REPLACE INTO quotes (record, ord, speaker, speaker_norm, role, text, published, text_key, first)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .ctx("storing quotes")?
    .execute(params![
        record,
        ord,
        speaker,
        norm,
        role,
        text,
        published,
        key,
        first
    ])
    .ctx("storing quotes")?;
    if let (Some(norm), true) = (&norm, first) {
        count_speaker(conn, norm, speaker.unwrap_or_default(), role)?;
    }
    Ok(())
}

fn count_speaker(
    conn: &Connection,
    norm: &str,
    name: &str,
    role: Option<&str>,
) -> Result<(), StoreError> {
    let roles: Option<String> = conn
        .prepare_cached("SELECT roles FROM speakers WHERE norm = ?1")
        .ctx("counting speakers")?
        .query_row([norm], |r| r.get(0))
        .optional()
        .ctx("counting speakers")?;
    let mut list: Vec<String> = roles
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_default();
    if let Some(role) = role.map(str::trim).filter(|r| !r.is_empty())
        && list.len() < SPEAKER_ROLES
        && !list.iter().any(|r| r.eq_ignore_ascii_case(role))
    {
        list.push(role.to_string());
    }
    let roles_json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
    conn.prepare_cached(
        "INSERT INTO speakers (norm, name, quotes, roles) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT (norm) DO UPDATE SET quotes = quotes + 1, roles = excluded.roles",
    )
    .ctx("counting speakers")?
    .execute(params![norm, name.trim(), roles_json])
    .ctx("counting speakers")?;
    Ok(())
}

/// A directory entry as stored (`directory.entry`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Entry {
    names: BTreeMap<String, u64>,
    organizations: Vec<String>,
    roles: Vec<String>,
    emails: Vec<String>,
    phones: Vec<String>,
    phone_keys: Vec<String>,
    first_seen: Option<PartialDate>,
    last_seen: Option<PartialDate>,
    /// Some row gave neither an e-mail nor a phone (so any namesake matches it).
    bare: bool,
    /// The most recent records naming them.
    recent: Vec<RecordId>,
}

impl Entry {
    fn name(&self) -> Option<String> {
        self.names
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(n, _)| n.clone())
    }

    fn absorb(&mut self, other: Entry) {
        for (n, c) in other.names {
            *self.names.entry(n).or_default() += c;
        }
        for o in other.organizations {
            push_unique(&mut self.organizations, &o);
        }
        for r in other.roles {
            push_unique(&mut self.roles, &r);
        }
        for e in other.emails {
            push_unique(&mut self.emails, &e);
        }
        for (p, k) in other.phones.into_iter().zip(other.phone_keys) {
            if !self.phone_keys.contains(&k) {
                self.phones.push(p);
                self.phone_keys.push(k);
            }
        }
        for d in [other.first_seen, other.last_seen].into_iter().flatten() {
            self.seen(d);
        }
        self.bare |= other.bare;
        for r in other.recent {
            if !self.recent.contains(&r) {
                self.recent.push(r);
            }
        }
        if self.recent.len() > ENTRY_RECORDS {
            let cut = self.recent.len() - ENTRY_RECORDS;
            self.recent.drain(..cut);
        }
    }

    fn seen(&mut self, d: PartialDate) {
        self.first_seen = Some(self.first_seen.map_or(d, |f| f.min(d)));
        self.last_seen = Some(self.last_seen.map_or(d, |l| l.max(d)));
    }

    fn sort_key(&self, key: &str) -> String {
        format!("{key}\u{1}{}", self.emails.join("\u{1}"))
    }

    fn haystack(&self) -> String {
        let mut h = String::new();
        for part in self
            .names
            .keys()
            .chain(&self.organizations)
            .chain(&self.roles)
            .chain(&self.emails)
            .chain(&self.phones)
        {
            h.push_str(&part.to_lowercase());
            h.push('\n');
        }
        h
    }
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    let v = value.trim();
    if !v.is_empty() && !list.iter().any(|x| x.eq_ignore_ascii_case(v)) {
        list.push(v.to_string());
    }
}

fn load_entry(conn: &Connection, id: i64) -> Result<(String, Entry, i64), StoreError> {
    let (key, json, records): (String, String, i64) = conn
        .prepare_cached("SELECT name_key, entry, records FROM directory WHERE id = ?1")
        .ctx("reading the directory")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .ctx("reading the directory")?;
    let entry = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
        id,
        reason: format!("unreadable directory entry: {e}"),
    })?;
    Ok((key, entry, records))
}

fn save_entry(
    conn: &Connection,
    id: i64,
    key: &str,
    entry: &Entry,
    records: i64,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(entry).map_err(|e| StoreError::Corrupt {
        id,
        reason: format!("cannot serialize a directory entry: {e}"),
    })?;
    conn.prepare_cached(
        "UPDATE directory SET name_key = ?2, sort_key = ?3, haystack = ?4, records = ?5, entry = ?6
         WHERE id = ?1",
    )
    .ctx("updating the directory")?
    .execute(params![
        id,
        key,
        entry.sort_key(key),
        entry.haystack(),
        records,
        json
    ])
    .ctx("updating the directory")?;
    Ok(())
}

/// Adds one contact of record `record` to the directory. Two contacts are the same
/// person when their normalized names are equal and they share an e-mail or phone
/// (or one of them gives neither); a contact without a name joins the named one that
/// shares its e-mail. Entries that a new contact links are merged.
pub(crate) fn add_contact(
    conn: &Connection,
    record: i64,
    published: Option<PartialDate>,
    c: &Contact,
) -> Result<(), StoreError> {
    let key = c.name.as_deref().map(name_key).unwrap_or_default();
    let emails: Vec<String> = c
        .emails
        .iter()
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    let phone_keys: Vec<String> = c
        .phones
        .iter()
        .map(|p| phone_key(p))
        .filter(|k| !k.is_empty())
        .collect();
    let details: BTreeSet<String> = emails
        .iter()
        .map(|e| format!("e:{e}"))
        .chain(phone_keys.iter().map(|p| format!("p:{p}")))
        .collect();
    let mut join: BTreeSet<i64> = BTreeSet::new();
    {
        let mut has_detail = conn
            .prepare_cached("SELECT 1 FROM directory_details WHERE detail = ?1 AND entry = ?2")
            .ctx("reading the directory")?;
        if !key.is_empty() {
            let namesakes: Vec<(i64, String)> = conn
                .prepare_cached("SELECT id, entry FROM directory WHERE name_key = ?1")
                .ctx("reading the directory")?
                .query_map([&key], |r| Ok((r.get(0)?, r.get(1)?)))
                .ctx("reading the directory")?
                .collect::<Result<_, _>>()
                .ctx("reading the directory")?;
            for (id, json) in namesakes {
                let bare = serde_json::from_str::<Entry>(&json).is_ok_and(|e| e.bare);
                let mut linked = bare || details.is_empty();
                for d in &details {
                    if linked {
                        break;
                    }
                    linked = has_detail
                        .query_row(params![d, id], |_| Ok(()))
                        .optional()
                        .ctx("reading the directory")?
                        .is_some();
                }
                if linked {
                    join.insert(id);
                }
            }
        }
        // Unnamed entries join the named ones sharing an e-mail, whichever came first.
        let mut by_email = conn
            .prepare_cached(
                "SELECT d.entry FROM directory_details d JOIN directory r ON r.id = d.entry
                 WHERE d.detail = ?1 AND (r.name_key = '') = ?2",
            )
            .ctx("reading the directory")?;
        for e in &emails {
            let rows = by_email
                .query_map(params![format!("e:{e}"), !key.is_empty()], |r| {
                    r.get::<_, i64>(0)
                })
                .ctx("reading the directory")?;
            for row in rows {
                join.insert(row.ctx("reading the directory")?);
            }
        }
    }
    let mut ids = join.into_iter();
    let (target, mut entry_key, mut entry, mut count) = match ids.next() {
        Some(id) => {
            let (k, e, n) = load_entry(conn, id)?;
            (id, k, e, n)
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO directory (name_key, sort_key, haystack, records, entry)
                 VALUES (?1, '', '', 0, '{}')",
            )
            .ctx("adding to the directory")?
            .execute([&key])
            .ctx("adding to the directory")?;
            (conn.last_insert_rowid(), key.clone(), Entry::default(), 0)
        }
    };
    for other in ids {
        let (k, e, _) = load_entry(conn, other)?;
        if entry_key.is_empty() {
            entry_key = k;
        }
        entry.absorb(e);
        for sql in [
            "INSERT OR IGNORE INTO directory_details (detail, entry)
             SELECT detail, ?1 FROM directory_details WHERE entry = ?2",
            "DELETE FROM directory_details WHERE entry = ?2",
            "INSERT OR IGNORE INTO directory_records (entry, record)
             SELECT ?1, record FROM directory_records WHERE entry = ?2",
            "DELETE FROM directory_records WHERE entry = ?2",
            "DELETE FROM directory WHERE id = ?2",
        ] {
            conn.prepare_cached(sql)
                .ctx("merging directory entries")?
                .execute(params![target, other])
                .ctx("merging directory entries")?;
        }
        count = conn
            .prepare_cached("SELECT count(*) FROM directory_records WHERE entry = ?1")
            .ctx("merging directory entries")?
            .query_row([target], |r| r.get(0))
            .ctx("merging directory entries")?;
    }
    if entry_key.is_empty() {
        entry_key = key;
    }
    if let Some(n) = c.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        *entry.names.entry(n.to_string()).or_default() += 1;
    }
    if let Some(o) = c.organization.as_deref() {
        push_unique(&mut entry.organizations, o);
    }
    if let Some(r) = c.role.as_deref() {
        push_unique(&mut entry.roles, r);
    }
    for e in &emails {
        push_unique(&mut entry.emails, e);
    }
    for p in &c.phones {
        let k = phone_key(p);
        if !k.is_empty() && !entry.phone_keys.contains(&k) {
            entry.phones.push(p.clone());
            entry.phone_keys.push(k);
        }
    }
    if let Some(d) = published {
        entry.seen(d);
    }
    entry.bare |= details.is_empty();
    for d in &details {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO directory_details (detail, entry) VALUES (?1, ?2)",
        )
        .ctx("adding to the directory")?
        .execute(params![d, target])
        .ctx("adding to the directory")?;
    }
    let added = conn
        .prepare_cached("INSERT OR IGNORE INTO directory_records (entry, record) VALUES (?1, ?2)")
        .ctx("adding to the directory")?
        .execute(params![target, record])
        .ctx("adding to the directory")?;
    if added > 0 {
        count += 1;
        let id: String = conn
            .prepare_cached("SELECT record_id FROM records WHERE id = ?1")
            .ctx("adding to the directory")?
            .query_row([record], |r| r.get(0))
            .ctx("adding to the directory")?;
        entry.recent.retain(|r| r.0 != id);
        entry.recent.push(RecordId(id));
        if entry.recent.len() > ENTRY_RECORDS {
            entry.recent.remove(0);
        }
    }
    save_entry(conn, target, &entry_key, &entry, count)
}

/// A stored directory row as the view returns it.
pub(crate) fn contact_entry(json: &str, records: i64) -> ContactEntry {
    let e: Entry = serde_json::from_str(json).unwrap_or_default();
    let recent = e.recent.clone();
    ContactEntry {
        name: e.name(),
        organizations: e.organizations,
        roles: e.roles,
        emails: e.emails,
        phones: e.phones,
        first_seen: e.first_seen,
        last_seen: e.last_seen,
        records: recent,
        record_count: records.max(0) as u64,
    }
}

/// Version 6 backfill: fills the precomputed tables from what versions 1 to 5 hold.
pub(crate) fn backfill_v6(conn: &Connection) -> Result<(), StoreError> {
    // Quotes: date, identity, first of each (speaker, words), speaker counts.
    conn.execute_batch(
        "UPDATE quotes SET published = (SELECT r.published FROM records r WHERE r.id = quotes.record)",
    )
    .ctx("backfilling quotes")?;
    {
        let mut stmt = conn
            .prepare("SELECT record, ord, speaker, role, text FROM quotes ORDER BY record, ord")
            .ctx("backfilling quotes")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .ctx("backfilling quotes")?;
        let mut seen: BTreeSet<(String, i64)> = BTreeSet::new();
        let mut update = conn
            .prepare("UPDATE quotes SET text_key = ?3, first = ?4 WHERE record = ?1 AND ord = ?2")
            .ctx("backfilling quotes")?;
        for row in rows {
            let (record, ord, speaker, role, text) = row.ctx("backfilling quotes")?;
            let key = text_key(&text);
            let norm = speaker.as_deref().map(name_key).filter(|k| !k.is_empty());
            let first = match &norm {
                Some(n) => seen.insert((n.clone(), key)),
                None => true,
            };
            update
                .execute(params![record, ord, key, first])
                .ctx("backfilling quotes")?;
            if let (Some(n), true) = (&norm, first) {
                count_speaker(
                    conn,
                    n,
                    speaker.as_deref().unwrap_or_default(),
                    role.as_deref(),
                )?;
            }
        }
    }
    // Story heads by country and month.
    {
        let mut stmt = conn
            .prepare("SELECT id FROM records WHERE record_id = story ORDER BY id")
            .ctx("backfilling the timeline")?;
        let heads: Vec<i64> = stmt
            .query_map([], |r| r.get(0))
            .ctx("backfilling the timeline")?
            .collect::<Result<_, _>>()
            .ctx("backfilling the timeline")?;
        for head in heads {
            head_gained(conn, head)?;
        }
    }
    // The contacts directory, in the order contacts were archived.
    let mut stmt = conn
        .prepare(
            "SELECT c.record, r.published, c.name, c.role, c.organization, c.emails, c.phones
             FROM contacts c JOIN records r ON r.id = c.record ORDER BY c.record, c.ord",
        )
        .ctx("backfilling the directory")?;
    let rows = stmt
        .query_map([], |r| {
            let list = |s: String| serde_json::from_str::<Vec<String>>(&s).unwrap_or_default();
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                Contact {
                    name: r.get(2)?,
                    role: r.get(3)?,
                    organization: r.get(4)?,
                    emails: list(r.get(5)?),
                    phones: list(r.get(6)?),
                    ..Contact::default()
                },
            ))
        })
        .ctx("backfilling the directory")?;
    for row in rows {
        let (record, published, contact) = row.ctx("backfilling the directory")?;
        let date = published.as_deref().and_then(PartialDate::parse);
        add_contact(conn, record, date, &contact)?;
    }
    Ok(())
}

/// Consistency of the precomputed tables with the records (for `check`).
pub(crate) fn check(conn: &Connection, problems: &mut Vec<String>) -> Result<(), StoreError> {
    let one = |sql: &str| -> Result<i64, StoreError> {
        conn.query_row(sql, [], |r| r.get(0))
            .ctx("checking the precomputed views")
    };
    let heads = one(
        "SELECT count(*) FROM entities e JOIN records r ON r.id = e.record
         WHERE e.kind = 'country' AND r.record_id = r.story",
    )?;
    let listed = one("SELECT count(*) FROM country_heads")?;
    let counted = one("SELECT coalesce(sum(stories), 0) FROM country_months")?;
    if heads != listed || listed != counted {
        problems.push(format!(
            "the country timeline counts `{counted}` stories and lists `{listed}`, but `{heads}` stories mention a country"
        ));
    }
    let quotes = one("SELECT count(*) FROM quotes WHERE first = 1 AND speaker_norm IS NOT NULL")?;
    let by_speaker = one("SELECT coalesce(sum(quotes), 0) FROM speakers")?;
    if quotes != by_speaker {
        problems.push(format!(
            "speakers count `{by_speaker}` quotes but `{quotes}` are stored"
        ));
    }
    let with_contacts = one("SELECT count(DISTINCT record) FROM contacts")?;
    let in_directory = one("SELECT count(DISTINCT record) FROM directory_records")?;
    let directory_sum = one("SELECT coalesce(sum(records), 0) FROM directory")?;
    let directory_rows = one("SELECT count(*) FROM directory_records")?;
    if with_contacts != in_directory || directory_sum != directory_rows {
        problems.push(format!(
            "the contacts directory covers `{in_directory}` records of `{with_contacts}` with contacts"
        ));
    }
    Ok(())
}
