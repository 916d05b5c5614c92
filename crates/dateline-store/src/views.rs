//! Views over the archive: one record, quotes by speaker, timeline by country,
//! the contacts directory, statistics.

use std::collections::BTreeMap;

use dateline_types::{PartialDate, RecordId, Release};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::Archive;
use crate::error::{Context, StoreError};
use crate::index;

/// A person's name reduced for matching: normalized, honorifics dropped.
pub(crate) fn name_key(name: &str) -> String {
    const TITLES: &[&str] = &[
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sir",
        "madam",
        "h",
        "e",
        "amb",
        "ambassador",
    ];
    let norm = dateline_dedup::normalize(name);
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    let start = words
        .iter()
        .take_while(|w| TITLES.contains(w))
        .count()
        .min(words.len().saturating_sub(1));
    words[start..].join(" ")
}

/// A phone number reduced for matching: its digits only.
pub(crate) fn phone_key(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// Fills the quotes, contacts and entities tables for one record, and the tables kept
/// up to date at ingest (quotes by speaker, contacts directory, story heads).
pub(crate) fn insert_details(
    conn: &Connection,
    record: i64,
    r: &Release,
) -> Result<(), StoreError> {
    let published = r.published.map(|d| d.to_string());
    for (i, quote) in r.quotes.iter().enumerate() {
        crate::tables::add_quote(
            conn,
            record,
            i as i64,
            quote.speaker.as_deref(),
            quote.speaker_role.as_deref(),
            &quote.text,
            published.as_deref(),
        )?;
    }
    insert_contacts(conn, record, r)?;
    for contact in &r.contacts {
        crate::tables::add_contact(conn, record, r.published, contact)?;
    }
    insert_entities(conn, record, r)?;
    // A new record is the head of its own story until stories merge.
    crate::tables::head_gained(conn, record)
}

/// Fills the quotes, contacts and entities tables for one record as schema version 2
/// had them (the backfill of migration 2; later columns are filled by later steps).
pub(crate) fn insert_details_v2(
    conn: &Connection,
    record: i64,
    r: &Release,
) -> Result<(), StoreError> {
    let mut q = conn
        .prepare_cached(
            "INSERT OR REPLACE INTO quotes (record, ord, speaker, speaker_norm, role, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .ctx("storing quotes")?;
    for (i, quote) in r.quotes.iter().enumerate() {
        q.execute(params![
            record,
            i as i64,
            quote.speaker,
            quote.speaker.as_deref().map(name_key),
            quote.speaker_role,
            quote.text
        ])
        .ctx("storing quotes")?;
    }
    insert_contacts(conn, record, r)?;
    insert_entities(conn, record, r)
}

/// The record's contacts, one row each.
fn insert_contacts(conn: &Connection, record: i64, r: &Release) -> Result<(), StoreError> {
    let mut c = conn
        .prepare_cached(
            "INSERT OR REPLACE INTO contacts (record, ord, name, name_norm, role, organization, emails, phones)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .ctx("storing contacts")?;
    for (i, contact) in r.contacts.iter().enumerate() {
        let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        c.execute(params![
            record,
            i as i64,
            contact.name,
            contact.name.as_deref().map(name_key),
            contact.role,
            contact.organization,
            json(&contact.emails),
            json(&contact.phones),
        ])
        .ctx("storing contacts")?;
    }
    Ok(())
}

/// The countries, organizations, people and speakers the record names.
fn insert_entities(conn: &Connection, record: i64, r: &Release) -> Result<(), StoreError> {
    let mut e = conn
        .prepare_cached("INSERT OR IGNORE INTO entities (kind, value, record) VALUES (?1, ?2, ?3)")
        .ctx("storing entities")?;
    for country in index::countries(r) {
        e.execute(params!["country", country, record])
            .ctx("storing entities")?;
    }
    for org in &r.organizations {
        e.execute(params!["org", org.trim(), record])
            .ctx("storing entities")?;
    }
    for person in &r.people {
        e.execute(params!["person", name_key(&person.name), record])
            .ctx("storing entities")?;
    }
    for speaker in index::speakers(r) {
        e.execute(params!["speaker", name_key(&speaker), record])
            .ctx("storing entities")?;
    }
    Ok(())
}

/// One record with everything known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordView {
    /// The record.
    pub id: RecordId,
    /// Its story.
    pub story: RecordId,
    /// Its version at its URL (1 for the first).
    pub version: i64,
    /// True when no later version exists.
    pub latest: bool,
    /// The release as stored.
    pub release: Release,
    /// Every raw page that produced this text.
    pub sources: Vec<SourceView>,
    /// Every version of the page at this record's URL, oldest first.
    pub versions: Vec<VersionView>,
    /// The other records of its story (near duplicates on other sites, versions).
    pub related: Vec<VersionView>,
}

/// One raw page behind a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceView {
    /// The input as named.
    pub origin: String,
    /// The page URL.
    pub url: Option<String>,
    /// WARC record offset.
    pub warc_offset: Option<u64>,
    /// JSONL line.
    pub line: Option<u64>,
    /// Crawl date as given.
    pub crawl_date: Option<String>,
    /// Site name.
    pub site: Option<String>,
    /// SHA-256 of the raw bytes.
    pub raw_hash: String,
    /// When it was archived (UTC).
    pub added_at: String,
    /// The raw page's lines the extractor removed as boilerplate (menus, template
    /// lines, footers), in page order; empty when not recorded.
    #[serde(default)]
    pub removed: Vec<String>,
}

/// A short reference to a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionView {
    /// The record.
    pub id: RecordId,
    /// Its version at its URL.
    pub version: i64,
    /// Its URL key.
    pub url: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<PartialDate>,
    /// When it was archived (UTC).
    pub added_at: String,
}

/// A quote with its release, for "every quote of a person".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteView {
    /// The quoted words.
    pub text: String,
    /// The speaker as written in this release.
    pub speaker: String,
    /// The speaker's role there.
    pub role: Option<String>,
    /// When the release was published.
    pub published: Option<PartialDate>,
    /// The release.
    pub record: RecordId,
    /// Its headline.
    pub title: Option<String>,
    /// Its URL.
    pub url: Option<String>,
}

/// Releases of one month in a country timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineMonth {
    /// `YYYY-MM` (`YYYY` when only the year is known, `unknown` when undated).
    pub month: String,
    /// Stories of the month mentioning the country.
    #[serde(default)]
    pub stories: u64,
    /// Its releases, one per story (the story's head record), by date; the first
    /// ones only when the view was asked for a limit.
    pub releases: Vec<TimelineEntry>,
}

/// One release in a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The record.
    pub id: RecordId,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<PartialDate>,
}

/// One person of the contacts directory, merged across releases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactEntry {
    /// The name as most often written.
    pub name: Option<String>,
    /// Organizations given.
    pub organizations: Vec<String>,
    /// Roles given.
    pub roles: Vec<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Phone numbers (as first written).
    pub phones: Vec<String>,
    /// Earliest publication date of a release naming them.
    pub first_seen: Option<PartialDate>,
    /// Latest publication date of a release naming them.
    pub last_seen: Option<PartialDate>,
    /// Records naming them, in archive order (the 50 latest at most).
    pub records: Vec<RecordId>,
    /// How many records name them.
    #[serde(default)]
    pub record_count: u64,
}

/// A page of the contacts directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPage {
    /// Entries matching the filter, in all.
    pub total: u64,
    /// The requested entries, by name.
    pub contacts: Vec<ContactEntry>,
}

/// A page of a person's quotes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotePage {
    /// Distinct quotes of the person in all.
    pub total: u64,
    /// Roles the person was given (at most 20).
    pub roles: Vec<String>,
    /// The requested quotes, oldest first.
    pub quotes: Vec<QuoteView>,
}

/// Counts over the archive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Records (distinct texts).
    pub records: u64,
    /// Stories.
    pub stories: u64,
    /// Raw pages archived.
    pub sources: u64,
    /// Records that are an older version of a page.
    pub superseded: u64,
    /// Quotes.
    pub quotes: u64,
    /// Contacts, before merging.
    pub contacts: u64,
    /// Records by language.
    pub languages: BTreeMap<String, u64>,
    /// Records by publication year (`unknown` when undated).
    pub years: BTreeMap<String, u64>,
    /// Documents in the search index.
    pub indexed: u64,
}

fn date(s: Option<String>) -> Option<PartialDate> {
    s.as_deref().and_then(PartialDate::parse)
}

impl Archive {
    /// One record with its sources, versions and story; `None` if no record has this id.
    pub fn get(&self, id: &RecordId) -> Result<Option<RecordView>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, story, version, latest, release, url_key FROM records WHERE record_id = ?1",
                [&id.0],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, bool>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                },
            )
            .optional()
            .ctx("reading a record")?;
        let Some((rowid, story, version, latest, json, _url_key)) = row else {
            return Ok(None);
        };
        let release: Release = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            id: rowid,
            reason: e.to_string(),
        })?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT origin, url, warc_offset, line, crawl_date, site, raw_hash, added_at, removed
                 FROM sources WHERE record = ?1 ORDER BY id",
            )
            .ctx("reading sources")?;
        let sources = stmt
            .query_map([rowid], |r| {
                Ok(SourceView {
                    origin: r.get(0)?,
                    url: r.get(1)?,
                    warc_offset: r.get::<_, Option<i64>>(2)?.map(|v| v as u64),
                    line: r.get::<_, Option<i64>>(3)?.map(|v| v as u64),
                    crawl_date: r.get(4)?,
                    site: r.get(5)?,
                    raw_hash: r.get(6)?,
                    added_at: r.get(7)?,
                    // Unreadable JSON here only loses the removed lines, not the source.
                    removed: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default(),
                })
            })
            .ctx("reading sources")?
            .collect::<Result<Vec<_>, _>>()
            .ctx("reading sources")?;
        // Versions: follow `previous` links back, and records that name this one forward.
        let mut chain = vec![id.clone()];
        let mut stmt = self
            .conn
            .prepare_cached("SELECT previous FROM records WHERE record_id = ?1")
            .ctx("reading versions")?;
        while let Some(prev) = chain
            .last()
            .map(|last| stmt.query_row([&last.0], |r| r.get::<_, Option<String>>(0)))
            .transpose()
            .optional()
            .ctx("reading versions")?
            .flatten()
            .flatten()
        {
            if chain.len() > 10_000 || chain.iter().any(|c| c.0 == prev) {
                break;
            }
            chain.push(RecordId(prev));
        }
        chain.reverse();
        let mut next = self
            .conn
            .prepare_cached("SELECT record_id FROM records WHERE previous = ?1 ORDER BY id LIMIT 1")
            .ctx("reading versions")?;
        while let Some(n) = chain
            .last()
            .map(|last| next.query_row([&last.0], |r| r.get::<_, String>(0)))
            .transpose()
            .optional()
            .ctx("reading versions")?
            .flatten()
        {
            if chain.len() > 10_000 || chain.iter().any(|c| c.0 == n) {
                break;
            }
            chain.push(RecordId(n));
        }
        let story_members = self.refs("WHERE story = ?1 ORDER BY id", &story)?;
        let versions: Vec<VersionView> = chain
            .iter()
            .filter_map(|c| story_members.iter().find(|m| m.id == *c).cloned())
            .collect();
        let related = story_members
            .into_iter()
            .filter(|m| !chain.contains(&m.id))
            .collect();
        Ok(Some(RecordView {
            id: id.clone(),
            story: RecordId(story),
            version,
            latest,
            release,
            sources,
            versions,
            related,
        }))
    }

    fn refs(&self, clause: &str, arg: &str) -> Result<Vec<VersionView>, StoreError> {
        let sql = format!(
            "SELECT record_id, version, url_key, title, published, added_at FROM records {clause}"
        );
        let mut stmt = self.conn.prepare(&sql).ctx("reading records")?;
        stmt.query_map([arg], |r| {
            Ok(VersionView {
                id: RecordId(r.get(0)?),
                version: r.get(1)?,
                url: r.get(2)?,
                title: r.get(3)?,
                published: date(r.get(4)?),
                added_at: r.get(5)?,
            })
        })
        .ctx("reading records")?
        .collect::<Result<Vec<_>, _>>()
        .ctx("reading records")
    }

    /// Every quote of a person, oldest first. `speaker` matches by name words, ignoring
    /// case, punctuation and honorifics: `Swing` finds quotes of `William Lacy Swing`.
    /// The same quote from several copies of a story is listed once.
    pub fn quotes_by(&self, speaker: &str) -> Result<Vec<QuoteView>, StoreError> {
        Ok(self.quotes_page(speaker, 0, usize::MAX)?.quotes)
    }

    /// A page of [`Archive::quotes_by`]: `limit` quotes from `offset`, with the total
    /// and the roles seen. Reads an index, not the archive.
    pub fn quotes_page(
        &self,
        speaker: &str,
        offset: usize,
        limit: usize,
    ) -> Result<QuotePage, StoreError> {
        let key = name_key(speaker);
        let mut page = QuotePage::default();
        if key.is_empty() || limit == 0 {
            return Ok(page);
        }
        let wanted: Vec<&str> = key.split(' ').collect();
        // Every word asked for is a word of the speaker's name, in order.
        let matches = |norm: &str| {
            let mut it = norm.split(' ');
            wanted.iter().all(|w| it.any(|h| h == *w))
        };
        let mut names: Vec<(String, i64, String)> = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT norm, quotes, roles FROM speakers")
                .ctx("reading quotes")?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .ctx("reading quotes")?;
            for row in rows {
                let (norm, n, roles): (String, i64, String) = row.ctx("reading quotes")?;
                if matches(&norm) {
                    names.push((norm, n, roles));
                }
            }
        }
        let want = offset.saturating_add(limit);
        let mut rows = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT q.text, q.speaker, q.role, q.published, r.record_id, r.title, r.release, q.record, q.ord
                 FROM quotes q INDEXED BY quotes_person JOIN records r ON r.id = q.record
                 WHERE q.speaker_norm = ?1 AND q.first = 1
                 ORDER BY q.published IS NULL, q.published, q.record, q.ord
                 LIMIT ?2",
            )
            .ctx("reading quotes")?;
        for (norm, n, roles) in &names {
            page.total += (*n).max(0) as u64;
            for role in serde_json::from_str::<Vec<String>>(roles).unwrap_or_default() {
                if !page.roles.iter().any(|r| r.eq_ignore_ascii_case(&role)) {
                    page.roles.push(role);
                }
            }
            let got = stmt
                .query_map(
                    params![norm, i64::try_from(want).unwrap_or(i64::MAX)],
                    |r| {
                        Ok((
                            (
                                r.get::<_, Option<String>>(3)?.is_none(),
                                r.get::<_, Option<String>>(3)?,
                                r.get::<_, i64>(7)?,
                                r.get::<_, i64>(8)?,
                            ),
                            (
                                r.get::<_, String>(0)?,
                                r.get::<_, Option<String>>(1)?,
                                r.get::<_, Option<String>>(2)?,
                                r.get::<_, String>(4)?,
                                r.get::<_, Option<String>>(5)?,
                                r.get::<_, String>(6)?,
                            ),
                        ))
                    },
                )
                .ctx("reading quotes")?;
            for row in got {
                rows.push(row.ctx("reading quotes")?);
            }
        }
        if names.len() > 1 {
            rows.sort_by(|a, b| a.0.cmp(&b.0));
        }
        for ((_, published, _, _), (text, who, role, record, title, json)) in
            rows.into_iter().skip(offset).take(limit)
        {
            let url = serde_json::from_str::<Release>(&json)
                .ok()
                .and_then(|r| r.url);
            page.quotes.push(QuoteView {
                text,
                speaker: who.unwrap_or_default(),
                role,
                published: date(published),
                record: RecordId(record),
                title,
                url,
            });
        }
        Ok(page)
    }

    /// Releases mentioning a country (ISO alpha-2 code), one per story, grouped by month
    /// of publication, oldest first; undated releases last under `unknown`.
    pub fn timeline(&self, country: &str) -> Result<Vec<TimelineMonth>, StoreError> {
        self.timeline_top(country, usize::MAX)
    }

    /// [`Archive::timeline`] with at most `per_month` releases listed per month (the
    /// counts are complete). Reads precomputed counts, not the archive.
    pub fn timeline_top(
        &self,
        country: &str,
        per_month: usize,
    ) -> Result<Vec<TimelineMonth>, StoreError> {
        let country = country.trim().to_ascii_uppercase();
        let months: Vec<(String, i64)> = self
            .conn
            .prepare_cached(
                "SELECT month, stories FROM country_months WHERE country = ?1 AND stories > 0
                 ORDER BY month",
            )
            .ctx("reading the timeline")?
            .query_map([&country], |r| Ok((r.get(0)?, r.get(1)?)))
            .ctx("reading the timeline")?
            .collect::<Result<_, _>>()
            .ctx("reading the timeline")?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.record_id, r.title, r.published FROM country_heads h JOIN records r ON r.id = h.record
                 WHERE h.country = ?1 AND h.month = ?2 ORDER BY h.published, h.record LIMIT ?3",
            )
            .ctx("reading the timeline")?;
        let limit = i64::try_from(per_month).unwrap_or(i64::MAX);
        let mut out = Vec::with_capacity(months.len());
        for (month, stories) in months {
            let releases = stmt
                .query_map(params![country, month, limit], |r| {
                    Ok(TimelineEntry {
                        id: RecordId(r.get(0)?),
                        title: r.get(1)?,
                        published: date(r.get(2)?),
                    })
                })
                .ctx("reading the timeline")?
                .collect::<Result<_, _>>()
                .ctx("reading the timeline")?;
            out.push(TimelineMonth {
                month,
                stories: stories.max(0) as u64,
                releases,
            });
        }
        Ok(out)
    }

    /// The contacts directory: media contacts of every release, the same person seen
    /// in several releases merged into one entry. Two contacts are the same person when
    /// their normalized names are equal and they share an e-mail or phone (or one of
    /// them gives neither); a contact without a name joins the one sharing its e-mail.
    /// The directory is kept up to date at ingest.
    pub fn contacts(&self) -> Result<Vec<ContactEntry>, StoreError> {
        Ok(self.contacts_page("", 0, usize::MAX)?.contacts)
    }

    /// A page of the contacts directory, by name: entries whose name, organization,
    /// role, e-mail or phone contains `filter` (ignoring case; all when empty).
    pub fn contacts_page(
        &self,
        filter: &str,
        offset: usize,
        limit: usize,
    ) -> Result<ContactPage, StoreError> {
        let needle = filter.trim().to_lowercase();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let total: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM directory WHERE ?1 = '' OR instr(haystack, ?1) > 0",
            )
            .ctx("reading contacts")?
            .query_row([&needle], |r| r.get(0))
            .ctx("reading contacts")?;
        let contacts = self
            .conn
            .prepare_cached(
                "SELECT entry, records FROM directory WHERE ?1 = '' OR instr(haystack, ?1) > 0
                 ORDER BY sort_key, id LIMIT ?2 OFFSET ?3",
            )
            .ctx("reading contacts")?
            .query_map(params![needle, limit, offset], |r| {
                Ok(crate::tables::contact_entry(
                    &r.get::<_, String>(0)?,
                    r.get(1)?,
                ))
            })
            .ctx("reading contacts")?
            .collect::<Result<_, _>>()
            .ctx("reading contacts")?;
        Ok(ContactPage {
            total: total.max(0) as u64,
            contacts,
        })
    }

    /// Counts over the whole archive.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let one = |sql: &str| -> Result<u64, StoreError> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|v| v as u64)
                .ctx("computing statistics")
        };
        let grouped = |sql: &str| -> Result<BTreeMap<String, u64>, StoreError> {
            let mut stmt = self.conn.prepare(sql).ctx("computing statistics")?;
            stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })
            .ctx("computing statistics")?
            .collect::<Result<_, _>>()
            .ctx("computing statistics")
        };
        Ok(Stats {
            records: one("SELECT count(*) FROM records")?,
            stories: one("SELECT count(DISTINCT story) FROM records")?,
            sources: one("SELECT count(*) FROM sources")?,
            superseded: one("SELECT count(*) FROM records WHERE latest = 0")?,
            quotes: one("SELECT count(*) FROM quotes")?,
            contacts: one("SELECT count(*) FROM contacts")?,
            languages: grouped(
                "SELECT coalesce(lang, 'unknown'), count(*) FROM records GROUP BY 1",
            )?,
            years: grouped(
                "SELECT coalesce(substr(published, 1, 4), 'unknown'), count(*) FROM records
                 WHERE published IS NULL OR published NOT LIKE '--%' GROUP BY 1",
            )?,
            indexed: self.reader.searcher().num_docs(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys() {
        assert_eq!(name_key("Mr. Sanjarbek Toshbaev"), "sanjarbek toshbaev");
        assert_eq!(name_key("William Lacy Swing"), "william lacy swing");
        assert_eq!(name_key("Mr"), "mr");
        assert_eq!(name_key(""), "");
    }
}
