//! Ingest throughput and dedup on real press releases (pressrel-dev).
//!
//! ```text
//! cargo run --release -p dateline-store --example ingest_pressrel -- [DATA_DIR] [ARCHIVE_DIR]
//! ```
//!
//! Unpacks `prwire-2018-2024.tar.xz` with the system `tar` into a temporary directory,
//! turns each `WIRE/YYYY/MMDD/SLUG.md` into a minimal `Release` (title line, body,
//! the path's date; no structure stage), ingests all of them twice into a fresh
//! archive and prints the summaries, timings and a few searches.

use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "support/pressrel.rs"]
mod pressrel;

use dateline_store::{Archive, IngestSummary, SearchRequest, SourceInfo};
use dateline_types::{PartialDate, Release, SourceRef};

fn release(root: &Path, path: &Path, text: &str) -> Release {
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned();
    let parts: Vec<&str> = rel.split('/').collect();
    let published = match parts.as_slice() {
        [_, year, mmdd, _] if mmdd.len() == 4 => year
            .parse()
            .ok()
            .and_then(|y| PartialDate::ymd(y, mmdd[..2].parse().ok()?, mmdd[2..].parse().ok()?)),
        _ => None,
    };
    let mut lines = text.lines();
    let title = lines
        .next()
        .map(|l| l.trim_start_matches('#').trim().to_string());
    let rest = lines.collect::<Vec<_>>().join("\n");
    let body = rest
        .rsplit_once("\n---")
        .map_or(rest.as_str(), |(b, _)| b)
        .trim()
        .to_string();
    Release {
        source: rel.clone(),
        url: Some(format!(
            "https://{}/{}",
            parts.first().copied().unwrap_or("wire"),
            rel
        )),
        title,
        published,
        lang: Some("en".into()),
        body,
        ..Release::default()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/pressrel-dev"
        )
        .to_string()
    }));
    let tarball = data.join(pressrel::TARBALL);
    if !tarball.exists() {
        eprintln!(
            "note: `{}` not found; nothing to measure",
            tarball.display()
        );
        return Ok(());
    }
    let tmp = std::env::temp_dir().join(format!("dateline-pressrel-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    pressrel::unpack(&tarball, &tmp)?;
    let archive_dir = args
        .next()
        .map_or_else(|| tmp.join("archive"), PathBuf::from);
    let root = tmp.clone();
    let pages: Vec<(Release, SourceInfo)> = pressrel::md_files(&root)
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let text = String::from_utf8_lossy(&bytes);
            let r = release(&root, &p, &text);
            let source = SourceInfo::new(SourceRef::file(r.source.clone()), &bytes);
            Some((r, source))
        })
        .collect();
    let bytes: usize = pages.iter().map(|(r, _)| r.body.len()).sum();
    let mut archive = Archive::open(&archive_dir)?;
    for round in ["first", "second"] {
        let start = Instant::now();
        let mut summary = IngestSummary::default();
        for (r, s) in &pages {
            summary.pages_read += 1;
            summary.record(&archive.ingest(r, s)?);
        }
        archive.flush()?;
        let secs = start.elapsed().as_secs_f64();
        println!("{round} ingest: {summary}");
        println!(
            "  {:.1} s = {:.0} releases/s, {:.1} MB/s of body text",
            secs,
            pages.len() as f64 / secs,
            bytes as f64 / secs / 1e6
        );
    }
    let stats = archive.stats()?;
    println!(
        "archive: {} records in {} stories",
        stats.records, stats.stories
    );
    for q in [
        "bitcoin",
        "\"forward-looking statements\"",
        "class action lawsuit published:2024",
        "blockchain*",
    ] {
        let t = Instant::now();
        let r = archive.search(&SearchRequest::new(q))?;
        println!("search `{q}`: {} stories in {:.1?}", r.total, t.elapsed());
    }
    let t = Instant::now();
    let report = archive.check()?;
    println!(
        "check: {} in {:.1?}",
        if report.is_ok() { "ok" } else { "PROBLEMS" },
        t.elapsed()
    );
    drop(archive);
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}
