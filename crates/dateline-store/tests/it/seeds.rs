//! Issue #4's "done" checks on the five seed pages, and versions/duplicates.

use dateline_store::{Archive, IngestSummary, Ingested, SearchRequest, SourceInfo, Verdict};
use dateline_types::{RecordId, SourceRef};

use crate::fixtures::seeds;

fn ingest_all(archive: &mut Archive) -> IngestSummary {
    let mut summary = IngestSummary::default();
    for (release, source) in seeds() {
        summary.pages_read += 1;
        summary.record(&archive.ingest(&release, &source).unwrap());
    }
    archive.flush().unwrap();
    summary
}

fn ids(results: &dateline_store::SearchResults) -> Vec<String> {
    let mut v: Vec<String> = results
        .hits
        .iter()
        .map(|h| h.title.clone().unwrap_or_default())
        .collect();
    v.sort();
    v
}

#[test]
fn seeds_twice_give_five_releases() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut archive = Archive::open(dir.path()).unwrap();
        let first = ingest_all(&mut archive);
        assert_eq!((first.new, first.unchanged), (5, 0), "{first}");
        let second = ingest_all(&mut archive);
        assert_eq!((second.new, second.unchanged), (0, 5), "{second}");
    }
    // Reopen from disk: still five, index in step.
    let mut archive = Archive::open(dir.path()).unwrap();
    let stats = archive.stats().unwrap();
    assert_eq!(
        (stats.records, stats.stories, stats.sources, stats.indexed),
        (5, 5, 5, 5)
    );
    let report = archive.check().unwrap();
    assert!(report.is_ok(), "{report}");
    let again = ingest_all(&mut archive);
    assert_eq!(again.unchanged, 5);
    insta::assert_snapshot!(again.to_string(), @"5 pages read: 0 new, 0 updated, 0 duplicate, 5 unchanged, 0 failed");
}

#[test]
fn uzbekistan_finds_seeds_000_and_002() {
    let mut archive = Archive::in_memory().unwrap();
    ingest_all(&mut archive);
    let results = archive.search(&SearchRequest::new("Uzbekistan")).unwrap();
    assert_eq!(results.total, 2);
    assert_eq!(
        ids(&results),
        [
            "Uzbekistan may become a member to IOM",
            "“Migrants’ Rights are Human Rights” IOM Regional Director Tells Asian Human Rights Forum"
        ]
    );
}

#[test]
fn quotes_of_william_lacy_swing() {
    let mut archive = Archive::in_memory().unwrap();
    ingest_all(&mut archive);
    let quotes = archive.quotes_by("William Lacy Swing").unwrap();
    assert_eq!(quotes.len(), 3);
    assert!(quotes.iter().all(|q| {
        q.title
            .as_deref()
            .unwrap_or_default()
            .starts_with("Global Compact")
    }));
    assert_eq!(quotes[0].text, "This is our rendezvous with history,");
    assert_eq!(quotes[0].published.unwrap().to_string(), "2017-09-05");
    // Surname alone and honorifics work too.
    assert_eq!(archive.quotes_by("Swing").unwrap().len(), 3);
    assert_eq!(archive.quotes_by("Mr. William Swing").unwrap().len(), 3);
    assert!(archive.quotes_by("Lacy William").unwrap().is_empty());
}

#[test]
fn contacts_are_seven_with_joe_lowry_once() {
    let mut archive = Archive::in_memory().unwrap();
    ingest_all(&mut archive);
    let contacts = archive.contacts().unwrap();
    let names: Vec<&str> = contacts.iter().filter_map(|c| c.name.as_deref()).collect();
    assert_eq!(contacts.len(), 7, "{names:?}");
    let joe: Vec<_> = contacts
        .iter()
        .filter(|c| c.name.as_deref() == Some("Joe Lowry"))
        .collect();
    assert_eq!(joe.len(), 1);
    assert_eq!(joe[0].records.len(), 2);
    assert_eq!(joe[0].phones, ["+436603776404"]);
    assert_eq!(joe[0].first_seen.unwrap().to_string(), "2017-09-05");
    assert_eq!(joe[0].last_seen.unwrap().to_string(), "2018-11-23");
    insta::assert_json_snapshot!("contacts", contacts);
}

#[test]
fn a_copy_on_another_site_joins_the_story_and_a_changed_page_is_a_version() {
    let mut archive = Archive::in_memory().unwrap();
    ingest_all(&mut archive);
    let (original, _) = seeds().remove(0);

    // Another site: its own menu line, the last paragraph trimmed, quote styles changed.
    let mut copy = original.clone();
    copy.url = Some("https://reliefweb.example/report/uzbekistan/migrants-rights".into());
    let mut paras: Vec<&str> = original.body.split("\n\n").collect();
    paras.pop();
    copy.body = format!(
        "Home | Countries | Updates\n\n{}",
        paras.join("\n\n").replace('’', "'")
    );
    let copy_src = SourceInfo::new(SourceRef::file("crawl/reliefweb.txt"), copy.body.as_bytes());
    let outcome = archive.ingest(&copy, &copy_src).unwrap();
    let Ingested::Stored {
        story,
        verdict: Verdict::Duplicate { of },
        ..
    } = &outcome
    else {
        panic!("{outcome:?}");
    };

    // The same URL, recrawled with an edited sentence: a new version, old one kept.
    let mut edited = original.clone();
    edited.body = original
        .body
        .replace("70 years old this year", "seventy years old in 2018");
    let edited_src = SourceInfo::new(
        SourceRef::file("crawl/iom-recrawl.txt"),
        edited.body.as_bytes(),
    );
    let outcome2 = archive.ingest(&edited, &edited_src).unwrap();
    let Ingested::Stored {
        id: new_id,
        story: story2,
        verdict: Verdict::Revision { of: old },
    } = &outcome2
    else {
        panic!("{outcome2:?}");
    };
    assert_eq!(old, of);
    assert_eq!(story, story2);

    // An exact copy elsewhere: one more source of the same record.
    let mut exact = edited.clone();
    exact.url = Some("https://mirror.example/news/1".into());
    let exact_src = SourceInfo::new(SourceRef::file("crawl/mirror.txt"), b"mirror page");
    let outcome3 = archive.ingest(&exact, &exact_src).unwrap();
    assert_eq!(outcome3.id(), new_id);
    archive.flush().unwrap();

    let view = archive.get(new_id).unwrap().unwrap();
    assert_eq!(view.version, 2);
    assert!(view.latest);
    assert_eq!(view.sources.len(), 2);
    assert_eq!(view.versions.len(), 2);
    assert_eq!(view.related.len(), 1);
    let old_view = archive.get(old).unwrap().unwrap();
    assert!(!old_view.latest);

    // One hit per story by default; every record with all_versions.
    let q = SearchRequest::new("Samarkand");
    let one = archive.search(&q).unwrap();
    assert_eq!(one.total, 1);
    assert_eq!(one.hits[0].story_size, 3);
    let all = archive
        .search(&SearchRequest {
            all_versions: true,
            ..q
        })
        .unwrap();
    assert_eq!(all.total, 3);
    let stats = archive.stats().unwrap();
    assert_eq!(
        (
            stats.records,
            stats.stories,
            stats.sources,
            stats.superseded
        ),
        (7, 5, 8, 1)
    );
    assert!(archive.check().unwrap().is_ok());
    assert!(archive.get(&RecordId("0000".into())).unwrap().is_none());

    // The precomputed views count the story once, whatever joined it.
    let uz = archive.timeline("UZ").unwrap();
    assert_eq!(uz.iter().map(|m| m.stories).sum::<u64>(), 2);
    assert_eq!(uz.iter().map(|m| m.releases.len()).sum::<usize>(), 2);
    let top = archive.timeline_top("uz", 0).unwrap();
    assert_eq!(top.iter().map(|m| m.stories).sum::<u64>(), 2);
    assert!(top.iter().all(|m| m.releases.is_empty()));
    let quotes = archive.quotes_page("Szabados", 0, 10).unwrap();
    assert_eq!((quotes.total, quotes.quotes.len()), (1, 1));
    assert_eq!(quotes.roles, ["IOM Regional Director"]);
    let joe = archive.contacts_page("LOWRY", 0, 10).unwrap();
    assert_eq!(joe.total, 1);
    assert_eq!(joe.contacts[0].record_count, 4);
}

#[test]
fn export_streams_every_record() {
    let mut archive = Archive::in_memory().unwrap();
    ingest_all(&mut archive);
    let mut jsonl = Vec::new();
    let n = dateline_store::export::write_jsonl(archive.export(None).unwrap(), &mut jsonl).unwrap();
    assert_eq!(n, 5);
    let first: serde_json::Value =
        serde_json::from_slice(jsonl.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert!(first["id"].is_string() && first["title"].is_string() && first["quotes"].is_array());
    let mut csv = Vec::new();
    let n =
        dateline_store::export::write_csv(archive.export(Some("country:UZ")).unwrap(), &mut csv)
            .unwrap();
    assert_eq!(n, 2);
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with("id,story,version,source,url"));
    assert!(text.contains("Joe Lowry"));
    assert!(archive.export(Some("(")).is_err());
}

#[cfg(feature = "parquet")]
#[test]
fn export_parquet_reads_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let mut archive = Archive::in_memory().unwrap();
    ingest_all(&mut archive);
    let mut file = tempfile::tempfile().unwrap();
    let n =
        dateline_store::export::write_parquet(archive.export(None).unwrap(), &mut file).unwrap();
    assert_eq!(n, 5);
    let reader = SerializedFileReader::new(file).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 5);
    let names: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    assert_eq!(names.first().map(String::as_str), Some("id"));
    assert_eq!(names.last().map(String::as_str), Some("release_json"));
}
