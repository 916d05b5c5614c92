//! Migrations: from the first schema to the latest equals a fresh database.

use dateline_store::migrations;
use rusqlite::Connection;

fn schema(conn: &Connection) -> Vec<(String, String, String)> {
    let mut stmt = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn from_v1_equals_fresh() {
    let mut fresh = Connection::open_in_memory().unwrap();
    migrations::migrate(&mut fresh).unwrap();

    let mut old = Connection::open_in_memory().unwrap();
    migrations::migrate_to(&mut old, 1).unwrap();
    let v: i64 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    // A record written by a version-1 dateline, with a quote and a contact in its JSON.
    let release = serde_json::json!({
        "source": "seeds/003.txt", "url": null, "title": "Rendezvous", "subtitle": null,
        "published": "2017-09-05", "site": null, "lang": "en", "dateline": null,
        "body": "This is our rendezvous with history.", "about": null,
        "quotes": [{"text": "This is our rendezvous with history", "speaker": "William Lacy Swing",
                    "speaker_role": null, "evidence": {"rule": "quote:said", "confidence": "high"}}],
        "contacts": [{"name": "Joe Lowry", "role": null, "organization": null, "place": null,
                      "emails": ["jlowry@iom.int"], "phones": [], "evidence": {"rule": "c", "confidence": "high"}}],
        "countries": ["AT"]
    });
    old.execute(
        "INSERT INTO records (record_id, content_key, story, url_key, version, published, signature, release, seq)
         VALUES ('00000000000000aa', 'aa', '00000000000000aa', 'seeds/003.txt', 1, '2017-09-05', x'', ?1, 1)",
        [release.to_string()],
    )
    .unwrap();
    old.execute(
        "INSERT INTO sources (record, raw_hash, url_key, origin) VALUES (1, 'ff', 'seeds/003.txt', 'seeds/003.txt')",
        [],
    )
    .unwrap();
    migrations::migrate(&mut old).unwrap();
    assert_eq!(schema(&old), schema(&fresh));
    // Sources archived before version 3 have no removed lines recorded.
    let removed: String = old
        .query_row("SELECT removed FROM sources", [], |r| r.get(0))
        .unwrap();
    assert_eq!(removed, "[]");
    let speaker: String = old
        .query_row("SELECT speaker_norm FROM quotes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(speaker, "william lacy swing");
    let country: String = old
        .query_row(
            "SELECT value FROM entities WHERE kind = 'country'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(country, "AT");
    // Version 6 fills the precomputed views from what the old tables hold.
    let (speaker, quotes, first): (String, i64, i64) = old
        .query_row(
            "SELECT s.norm, s.quotes, q.first FROM speakers s JOIN quotes q ON q.speaker_norm = s.norm",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (speaker.as_str(), quotes, first),
        ("william lacy swing", 1, 1)
    );
    let (month, stories): (String, i64) = old
        .query_row(
            "SELECT month, stories FROM country_months WHERE country = 'AT'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((month.as_str(), stories), ("2017-09", 1));
    let (name_key, records): (String, i64) = old
        .query_row("SELECT name_key, records FROM directory", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((name_key.as_str(), records), ("joe lowry", 1));
    // Migrating again is a no-op.
    migrations::migrate(&mut old).unwrap();
    assert_eq!(schema(&old), schema(&fresh));
}

#[test]
fn newer_schema_is_refused() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "user_version", migrations::LATEST + 1)
        .unwrap();
    let err = migrations::migrate(&mut conn).unwrap_err();
    assert!(err.to_string().contains("upgrade dateline"), "{err}");
}
