//! Several handles on one directory, as a server and a `dateline ingest` beside it.

use dateline_store::{Archive, SearchRequest, SourceInfo};
use dateline_types::SourceRef;

use crate::fixtures;

#[test]
fn a_reader_sees_another_writers_commits_after_reload() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = fixtures::seeds();
    let reader = Archive::open(dir.path()).unwrap();
    assert!(
        !reader.holds_writer(),
        "opening must not keep the index lock"
    );
    let before = reader.reload().unwrap();

    let mut writer = Archive::open(dir.path()).unwrap();
    for (release, source) in &seeds[..2] {
        writer.ingest(release, source).unwrap();
    }
    writer.flush().unwrap();
    let after = reader.reload().unwrap();
    assert!(after > before, "the sequence moves: {before} -> {after}");
    assert_eq!(reader.search(&SearchRequest::new("")).unwrap().total, 2);
    // Nothing new: the same number, and reload is a no-op.
    assert_eq!(reader.reload().unwrap(), after);
}

#[test]
fn a_released_writer_lets_another_process_write() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = fixtures::seeds();
    let mut server = Archive::open(dir.path()).unwrap();
    server.acquire_writer().unwrap();
    assert!(server.holds_writer());

    // While the server holds the writer, a second writer is told the archive is busy
    // before it writes anything.
    let mut cli = Archive::open(dir.path()).unwrap();
    let err = cli.acquire_writer().unwrap_err();
    assert!(err.is_busy(), "{err}");

    server.ingest(&seeds[0].0, &seeds[0].1).unwrap();
    server.release_writer().unwrap();
    assert!(!server.holds_writer());

    // Now the CLI ingests, and the server writes again after it (sequence numbers
    // continue across processes, so the index holds every record).
    cli.acquire_writer().unwrap();
    for (release, source) in &seeds[1..4] {
        cli.ingest(release, source).unwrap();
    }
    cli.release_writer().unwrap();
    let (release, _) = &seeds[4];
    let late = SourceInfo::new(SourceRef::file("upload/004.html"), b"uploaded later");
    server.ingest(release, &late).unwrap();
    server.release_writer().unwrap();

    let report = cli.check().unwrap();
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.records, 5);
    cli.reload().unwrap();
    assert_eq!(cli.search(&SearchRequest::new("")).unwrap().total, 5);
}
