//! The boilerplate lines removed from each raw page are kept per source.

use dateline_store::{Archive, SearchRequest, SourceInfo};
use dateline_types::SourceRef;

use crate::fixtures;

#[test]
fn removed_lines_are_kept_per_source() {
    let mut archive = Archive::in_memory().unwrap();
    let (release, _) = fixtures::seeds().remove(0);
    let menu = vec![
        "Home | News | Media Centre".to_string(),
        "<script>alert(1)</script> Share this page".to_string(),
    ];
    let first = SourceInfo::new(SourceRef::file("a/000.html"), b"page with a menu")
        .with_removed(menu.clone());
    // The same text from another site, with another footer: one record, two sources.
    let second = SourceInfo::new(SourceRef::file("b/000.html"), b"page with a footer")
        .with_removed(vec!["© 2018 Another site".to_string()]);
    let third = SourceInfo::new(SourceRef::file("c/000.html"), b"page without notes");
    let id = archive.ingest(&release, &first).unwrap().id().clone();
    archive.ingest(&release, &second).unwrap();
    archive.ingest(&release, &third).unwrap();
    archive.flush().unwrap();

    let view = archive.get(&id).unwrap().unwrap();
    let removed: Vec<_> = view.sources.iter().map(|s| s.removed.clone()).collect();
    assert_eq!(
        removed,
        vec![menu, vec!["© 2018 Another site".to_string()], vec![]]
    );
    // Removed lines are not searchable text.
    assert_eq!(
        archive
            .search(&SearchRequest::new("\"Media Centre\""))
            .unwrap()
            .total,
        0
    );
}

#[test]
fn source_info_reads_without_removed() {
    let json = r#"{"source":{"origin":"seeds/000.txt"},"raw_hash":"ab"}"#;
    let info: SourceInfo = serde_json::from_str(json).unwrap();
    assert!(info.removed.is_empty());
    assert_eq!(serde_json::to_string(&info).unwrap(), json);
}

#[test]
fn hits_carry_the_dateline() {
    let mut archive = Archive::in_memory().unwrap();
    for (release, source) in fixtures::seeds() {
        archive.ingest(&release, &source).unwrap();
    }
    archive.flush().unwrap();
    let results = archive.search(&SearchRequest::new("Samarkand")).unwrap();
    let hit = &results.hits[0];
    assert_eq!(hit.place.as_deref(), Some("Samarkand"));
    assert_eq!(hit.country.as_deref(), Some("UZ"));
}
