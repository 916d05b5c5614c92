//! `dateline ingest` and the commands over an archive, on the five seed pages.

use crate::support::*;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/seeds");

fn seeds_present() -> bool {
    let ok = std::path::Path::new(SEEDS).exists();
    if !ok {
        eprintln!("skipped: {SEEDS} is absent");
    }
    ok
}

/// An archive holding the seeds, ingested twice.
fn seeded() -> Sandbox {
    let sb = Sandbox::new();
    for _ in 0..2 {
        let run = sb.run(&["ingest", "--archive", "arch", SEEDS]);
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    sb
}

#[test]
fn ingesting_twice_adds_nothing() {
    if !seeds_present() {
        return;
    }
    let sb = Sandbox::new();
    let first = sb.run(&["ingest", "--archive", "arch", "--json", SEEDS]);
    assert_eq!(first.code, 0, "{}", first.transcript());
    let report: serde_json::Value = serde_json::from_str(&first.stdout).expect("JSON summary");
    assert_eq!(report["archive"]["new"], 5, "{report}");
    let again = sb.run(&["ingest", "--archive", "arch", "--json", SEEDS]);
    let report: serde_json::Value = serde_json::from_str(&again.stdout).expect("JSON summary");
    assert_eq!(report["archive"]["new"], 0, "{report}");
    assert_eq!(report["archive"]["unchanged"], 5, "{report}");
    let check = sb.run(&["check", "--archive", "arch"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
}

#[test]
fn search_finds_the_uzbekistan_releases() {
    if !seeds_present() {
        return;
    }
    let sb = seeded();
    let run = sb.run(&["search", "--archive", "arch", "--json", "Uzbekistan"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let results: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON results");
    assert_eq!(results["total"], 2, "{results}");
    let mut titles: Vec<String> = results["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| h["title"].as_str().unwrap_or_default().to_string())
        .collect();
    titles.sort();
    assert!(titles[0].starts_with("Uzbekistan may become"), "{titles:?}");
    assert!(
        titles[1].contains("Migrants’ Rights are Human Rights"),
        "{titles:?}"
    );
}

#[test]
fn quotes_of_a_speaker() {
    if !seeds_present() {
        return;
    }
    let sb = seeded();
    let run = sb.run(&[
        "quotes",
        "--archive",
        "arch",
        "--json",
        "--speaker",
        "William Lacy Swing",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let quotes: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON quotes");
    assert!(quotes.len() >= 5, "{quotes:?}");
    assert!(
        quotes.iter().any(|q| q["text"]
            .as_str()
            .unwrap_or_default()
            .contains("rendezvous with history")),
        "{quotes:?}"
    );
}

#[test]
fn contacts_directory_merges_people_seen_twice() {
    if !seeds_present() {
        return;
    }
    let sb = seeded();
    let run = sb.run(&["contacts", "--archive", "arch", "--json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let contacts: Vec<serde_json::Value> =
        serde_json::from_str(&run.stdout).expect("JSON contacts");
    let names: Vec<&str> = contacts.iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(contacts.len(), 7, "{names:?}");
    assert_eq!(
        names.iter().filter(|n| **n == "Joe Lowry").count(),
        1,
        "{names:?}"
    );
}

#[test]
fn a_malformed_query_says_where() {
    if !seeds_present() {
        return;
    }
    let sb = seeded();
    let run = sb.run(&["search", "--archive", "arch", "country:UZ AND (foo"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("column"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn commands_need_an_archive() {
    let sb = Sandbox::new();
    let run = sb.run(&["search", "--archive", "nowhere", "x"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("no archive at `nowhere`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: run `dateline ingest"),
        "{}",
        run.stderr
    );
}

#[test]
fn export_streams_every_record() {
    if !seeds_present() {
        return;
    }
    let sb = seeded();
    let run = sb.run(&["export", "--archive", "arch"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.records().len(), 5);
    let csv = sb.run(&[
        "export",
        "--archive",
        "arch",
        "--format",
        "csv",
        "--query",
        "country:UZ",
    ]);
    assert_eq!(csv.code, 0, "{}", csv.transcript());
    assert!(csv.stdout.starts_with("id,story,"), "{}", csv.stdout);
    let pq = sb.run(&[
        "export",
        "--archive",
        "arch",
        "--format",
        "parquet",
        "--output",
        "all.parquet",
    ]);
    assert_eq!(pq.code, 0, "{}", pq.transcript());
    let bytes = std::fs::read(sb.path("all.parquet")).expect("parquet file");
    assert!(
        bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
        "not a Parquet file"
    );
}
