//! Views over the archive: one record, quotes by speaker, timeline by country,
//! the contacts directory, statistics.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use dateline_types::{Contact, PartialDate, RecordId, Release};
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
fn phone_key(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// Fills the quotes, contacts and entities tables for one record.
pub(crate) fn insert_details(
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
    /// `YYYY-MM`.
    pub month: String,
    /// Its releases, one per story, by date.
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
    /// Records naming them.
    pub records: Vec<RecordId>,
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
        let key = name_key(speaker);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        let wanted: Vec<&str> = key.split(' ').collect();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT q.text, q.speaker, q.role, r.published, r.record_id, r.title, r.release, q.speaker_norm
                 FROM quotes q JOIN records r ON r.id = q.record
                 WHERE q.speaker_norm LIKE '%' || ?1 || '%'
                 ORDER BY r.published IS NULL, r.published, r.id, q.ord",
            )
            .ctx("reading quotes")?;
        let rows = stmt
            .query_map([wanted.last().copied().unwrap_or_default()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            })
            .ctx("reading quotes")?;
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for row in rows {
            let (text, who, role, published, record, title, json, norm) =
                row.ctx("reading quotes")?;
            let norm = norm.unwrap_or_default();
            let have: Vec<&str> = norm.split(' ').collect();
            // Every word asked for is a word of the speaker's name, in order.
            let mut it = have.iter();
            if !wanted.iter().all(|w| it.any(|h| h == w)) {
                continue;
            }
            if !seen.insert((norm.clone(), dateline_dedup::normalize(&text))) {
                continue;
            }
            let url = serde_json::from_str::<Release>(&json)
                .ok()
                .and_then(|r| r.url);
            out.push(QuoteView {
                text,
                speaker: who.unwrap_or_default(),
                role,
                published: date(published),
                record: RecordId(record),
                title,
                url,
            });
        }
        Ok(out)
    }

    /// Releases mentioning a country (ISO alpha-2 code), one per story, grouped by month
    /// of publication, oldest first; undated releases last under `unknown`.
    pub fn timeline(&self, country: &str) -> Result<Vec<TimelineMonth>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.record_id, r.title, r.published, r.story FROM entities e JOIN records r ON r.id = e.record
                 WHERE e.kind = 'country' AND e.value = ?1 AND r.latest = 1
                 ORDER BY r.published IS NULL, r.published, r.id",
            )
            .ctx("reading the timeline")?;
        let rows = stmt
            .query_map([country.trim().to_ascii_uppercase()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .ctx("reading the timeline")?;
        let mut stories = BTreeSet::new();
        let mut months: Vec<TimelineMonth> = Vec::new();
        for row in rows {
            let (id, title, published, story) = row.ctx("reading the timeline")?;
            if !stories.insert(story) {
                continue;
            }
            let published = date(published);
            let month = match published {
                Some(PartialDate {
                    year: Some(y),
                    month: Some(m),
                    ..
                }) => format!("{y:04}-{m:02}"),
                Some(PartialDate { year: Some(y), .. }) => format!("{y:04}"),
                _ => "unknown".to_string(),
            };
            let entry = TimelineEntry {
                id: RecordId(id),
                title,
                published,
            };
            match months.last_mut() {
                Some(last) if last.month == month => last.releases.push(entry),
                _ => months.push(TimelineMonth {
                    month,
                    releases: vec![entry],
                }),
            }
        }
        Ok(months)
    }

    /// The contacts directory: media contacts of every release, the same person seen
    /// in several releases merged into one entry. Two contacts are the same person when
    /// their normalized names are equal and they share an e-mail or phone (or one of
    /// them gives neither); a contact without a name joins the one sharing its e-mail.
    pub fn contacts(&self) -> Result<Vec<ContactEntry>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.name, c.name_norm, c.role, c.organization, c.emails, c.phones, r.published, r.record_id
                 FROM contacts c JOIN records r ON r.id = c.record ORDER BY r.id, c.ord",
            )
            .ctx("reading contacts")?;
        struct Row {
            contact: Contact,
            key: String,
            published: Option<PartialDate>,
            record: RecordId,
        }
        let rows: Vec<Row> = stmt
            .query_map([], |r| {
                let list = |s: String| serde_json::from_str::<Vec<String>>(&s).unwrap_or_default();
                Ok(Row {
                    contact: Contact {
                        name: r.get(0)?,
                        role: r.get(2)?,
                        organization: r.get(3)?,
                        emails: list(r.get(4)?),
                        phones: list(r.get(5)?),
                        ..Contact::default()
                    },
                    key: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    published: date(r.get(6)?),
                    record: RecordId(r.get(7)?),
                })
            })
            .ctx("reading contacts")?
            .collect::<Result<_, _>>()
            .ctx("reading contacts")?;

        // Union-find over rows.
        let mut parent: Vec<usize> = (0..rows.len()).collect();
        fn find(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        let details = |c: &Contact| -> BTreeSet<String> {
            c.emails
                .iter()
                .map(|e| format!("e:{}", e.trim().to_lowercase()))
                .chain(c.phones.iter().map(|p| format!("p:{}", phone_key(p))))
                .collect()
        };
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_email: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            if !row.key.is_empty() {
                by_name.entry(&row.key).or_default().push(i);
            }
            for e in &row.contact.emails {
                by_email.entry(e.trim().to_lowercase()).or_default().push(i);
            }
        }
        let all_details: Vec<BTreeSet<String>> = rows.iter().map(|r| details(&r.contact)).collect();
        for group in by_name.values() {
            for (x, &i) in group.iter().enumerate() {
                for &j in &group[x + 1..] {
                    let (a, b) = (&all_details[i], &all_details[j]);
                    if a.is_empty() || b.is_empty() || !a.is_disjoint(b) {
                        let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                        parent[ri.max(rj)] = ri.min(rj);
                    }
                }
            }
        }
        for group in by_email.values() {
            let named: Vec<usize> = group
                .iter()
                .copied()
                .filter(|&i| !rows[i].key.is_empty())
                .collect();
            for &i in group.iter().filter(|&&i| rows[i].key.is_empty()) {
                if let Some(&j) = named.first() {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..rows.len() {
            let root = find(&mut parent, i);
            groups.entry(root).or_default().push(i);
        }
        let mut out = Vec::new();
        for members in groups.into_values() {
            let mut entry = ContactEntry::default();
            let mut names: BTreeMap<String, usize> = BTreeMap::new();
            let mut phone_keys = BTreeSet::new();
            for &i in &members {
                let row = &rows[i];
                let c = &row.contact;
                if let Some(n) = &c.name {
                    *names.entry(n.clone()).or_default() += 1;
                }
                push_unique(&mut entry.organizations, c.organization.as_deref());
                push_unique(&mut entry.roles, c.role.as_deref());
                for e in &c.emails {
                    push_unique(&mut entry.emails, Some(&e.trim().to_lowercase()));
                }
                for p in &c.phones {
                    if phone_keys.insert(phone_key(p)) {
                        entry.phones.push(p.clone());
                    }
                }
                if let Some(d) = row.published {
                    entry.first_seen = Some(entry.first_seen.map_or(d, |f| f.min(d)));
                    entry.last_seen = Some(entry.last_seen.map_or(d, |l| l.max(d)));
                }
                if !entry.records.contains(&row.record) {
                    entry.records.push(row.record.clone());
                }
            }
            entry.name = names
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(n, _)| n);
            out.push(entry);
        }
        out.sort_by(|a, b| {
            let key = |e: &ContactEntry| e.name.as_deref().map(name_key).unwrap_or_default();
            key(a).cmp(&key(b)).then_with(|| a.emails.cmp(&b.emails))
        });
        Ok(out)
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

fn push_unique(list: &mut Vec<String>, value: Option<&str>) {
    if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty())
        && !list.iter().any(|x| x.eq_ignore_ascii_case(v))
    {
        list.push(v.to_string());
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
