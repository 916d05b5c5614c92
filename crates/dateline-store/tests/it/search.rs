//! Search: query language, stemming, filters, facets, snippets (golden snapshots).

use dateline_store::{Archive, SearchRequest, SearchResults, Sort, SourceInfo, StoreError};
use dateline_types::{Release, SourceRef};

use crate::fixtures::seeds;

fn archive() -> Archive {
    let mut archive = Archive::in_memory().unwrap();
    for (release, source) in seeds() {
        archive.ingest(&release, &source).unwrap();
    }
    let ru = Release {
        source: "ru/1.txt".into(),
        url: Some("https://kazakhstan.iom.int/ru/news/1".into()),
        title: Some("МОМ помогает мигрантам в Казахстане".into()),
        lang: Some("ru".into()),
        body: "Международная организация по миграции оказала помощь трудовым мигрантам, \
               вернувшимся из России. Мигранты получили консультации."
            .into(),
        countries: vec!["KZ".into()],
        organizations: vec!["IOM".into()],
        published: dateline_types::PartialDate::ymd(2021, 3, 1),
        ..Release::default()
    };
    archive
        .ingest(&ru, &SourceInfo::new(SourceRef::file("ru/1.txt"), b"ru"))
        .unwrap();
    archive.flush().unwrap();
    archive
}

fn search(archive: &Archive, q: &str) -> SearchResults {
    archive.search(&SearchRequest::new(q)).unwrap()
}

fn titles(r: &SearchResults) -> Vec<String> {
    r.hits
        .iter()
        .map(|h| h.title.clone().unwrap_or_default())
        .collect()
}

#[test]
fn golden_results_and_facets() {
    let archive = archive();
    for (name, q) in [
        ("migrants_rights", "migrant rights"),
        ("speaker_swing", "speaker:\"William Lacy Swing\""),
        ("country_uz_2018", "country:UZ published:2018"),
    ] {
        let results = search(&archive, q);
        insta::assert_json_snapshot!(name, results, { ".hits[].score" => "[score]" });
    }
}

#[test]
fn the_language_works() {
    let a = archive();
    let n = |q: &str| search(&a, q).total;
    assert_eq!(n("Uzbekistan"), 2);
    assert_eq!(n("uzbekistan Samarkand"), 1);
    assert_eq!(n("Uzbekistan AND Samarkand"), 1);
    assert_eq!(n("Samarkand OR Vienna"), 2);
    assert_eq!(n("Uzbekistan -Samarkand"), 1);
    assert_eq!(n("Uzbekistan NOT Tashkent"), 1);
    assert_eq!(n("NOT Uzbekistan"), 4);
    assert_eq!(n("\"rendezvous with history\""), 1);
    assert_eq!(n("\"history with rendezvous\""), 0);
    assert_eq!(n("uzbek*"), 2);
    assert_eq!(n("rendezv*"), 1);
    // English stemming: "vaccine" finds "vaccines", "migrant" finds "migrants".
    assert_eq!(n("vaccine"), 1);
    // Russian stemming: "мигрант" finds "мигрантам", "Мигранты".
    assert_eq!(n("мигрант"), 1);
    assert_eq!(n("lang:ru"), 1);
    assert_eq!(n("speaker:Swing"), 1);
    assert_eq!(n("person:Aripov"), 1);
    assert_eq!(n("org:UNFPA"), 1);
    assert_eq!(n("site:Turkmenistan"), 1);
    assert_eq!(n("site:www.iom.int"), 3);
    assert_eq!(n("country:uz"), 2);
    assert_eq!(n("published:2018-01..2018-12"), 2);
    assert_eq!(n("published:..2017-12-31"), 1);
    assert_eq!(n("has:quotes"), 5);
    assert_eq!(n("has:contacts -has:dateline"), 3);
    assert_eq!(n("has:dateline"), 2);
    assert_eq!(n(""), 6);
    assert_eq!(n("(Uzbekistan OR Turkmenistan) has:dateline"), 2);
}

#[test]
fn sorting_and_paging() {
    let a = archive();
    let req = SearchRequest {
        sort: Sort::Newest,
        limit: 3,
        ..SearchRequest::new("")
    };
    let page1 = a.search(&req).unwrap();
    assert_eq!(page1.total, 6);
    let dates: Vec<String> = page1
        .hits
        .iter()
        .map(|h| h.published.map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(dates, ["2021-03-01", "2020-12-18", "2018-11-23"]);
    let page2 = a
        .search(&SearchRequest {
            offset: 3,
            ..req.clone()
        })
        .unwrap();
    let dates: Vec<String> = page2
        .hits
        .iter()
        .map(|h| h.published.map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(dates, ["2018-04-02", "2017-09-05", ""]);
    let oldest = a
        .search(&SearchRequest {
            sort: Sort::Oldest,
            limit: 1,
            ..req
        })
        .unwrap();
    assert_eq!(
        titles(&oldest)[0],
        "Global Compact for Migration \"Our Rendezvous with History,\" says UN Migration Director General at Vienna Discussions"
    );
}

#[test]
fn snippets_are_text_with_ranges() {
    let a = archive();
    let r = search(&a, "xenophobia");
    let s = &r.hits[0].snippet;
    assert!(!s.highlights.is_empty());
    for [start, end] in &s.highlights {
        assert_eq!(s.text[*start..*end].to_lowercase(), "xenophobia");
    }
    let r = search(&a, "мигрант");
    let s = &r.hits[0].snippet;
    assert!(
        s.highlights
            .iter()
            .any(|[x, y]| s.text[*x..*y].starts_with("мигрант")),
        "{s:?}"
    );
}

#[test]
fn malformed_queries_say_where() {
    let a = archive();
    for q in [
        "(Uzbekistan",
        "speaker:",
        "\"open",
        "published:yesterday",
        "colour:red",
        "a OR",
        "a ) b",
    ] {
        match a.search(&SearchRequest::new(q)) {
            Err(StoreError::Query(e)) => assert!(e.position >= 1, "{e}"),
            other => panic!("{q}: {other:?}"),
        }
    }
    let err = a.search(&SearchRequest::new("(Uzbekistan")).unwrap_err();
    insta::assert_snapshot!(err.to_string(), @"invalid query `(Uzbekistan` at column 12: expected `)` to close the `(` at column 1, found the end of the query");
    assert_eq!(err.kind(), dateline_store::ErrorKind::User);
}
