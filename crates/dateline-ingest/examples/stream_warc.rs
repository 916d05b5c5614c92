//! Streams a large WARC through the reader and reports throughput and peak memory, to show
//! that memory stays bounded by one record, not the file.
//!
//! ```sh
//! # generate a WARC of 1 GB of records (or a .warc.gz of them with --gz) in a temp dir, then read it
//! cargo run --release -p dateline-ingest --example stream_warc -- --make-mb 1024 [--gz]
//! # or read existing files
//! cargo run --release -p dateline-ingest --example stream_warc -- crawl.warc.gz ...
//! ```

#[path = "../tests/it/warcgen.rs"]
mod warcgen;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use dateline_ingest::{ReadOptions, read_inputs};

/// Peak resident memory of this process, from `/proc/self/status` (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn make(path: &PathBuf, megabytes: u64, gz: bool) -> std::io::Result<u64> {
    let mut out = BufWriter::new(File::create(path)?);
    let mut written = 0u64;
    let mut n = 0u64;
    while written < megabytes << 20 {
        // Pages of 20-120 KB, some non-HTML records in between, as in a real crawl.
        let size = 20_000 + (n * 7919 % 100_000) as usize;
        let para =
            format!("<p>Paragraph {n} of a press release about migration and displacement.</p>");
        let page = format!(
            "<!doctype html><html><head><title>Release {n}</title></head><body>{}</body></html>",
            para.repeat(size / para.len() + 1)
        );
        let uri = format!("https://press.example/news/{n}");
        let mut records = vec![warcgen::request(&uri), warcgen::html_response(&uri, &page)];
        if n.is_multiple_of(10) {
            records.push(warcgen::image_response(&format!(
                "https://press.example/img/{n}.png"
            )));
        }
        for record in records {
            // Counted uncompressed: these pages compress about 80 times.
            written += record.len() as u64;
            let bytes = if gz { warcgen::gzip(&record) } else { record };
            out.write_all(&bytes)?;
        }
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gz = args.iter().any(|a| a == "--gz");
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut tmp = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--gz" => {}
            "--make-mb" => {
                let mb: u64 = args.get(i + 1).ok_or("--make-mb needs a size")?.parse()?;
                i += 1;
                let dir = tempfile::tempdir()?;
                let path = dir.path().join(if gz { "big.warc.gz" } else { "big.warc" });
                let t = Instant::now();
                let pages = make(&path, mb, gz)?;
                eprintln!(
                    "wrote {} ({} MB, {pages} HTML responses) in {:.1} s",
                    path.display(),
                    std::fs::metadata(&path)?.len() >> 20,
                    t.elapsed().as_secs_f64()
                );
                paths.push(path);
                tmp = Some(dir);
            }
            other => paths.push(PathBuf::from(other)),
        }
        i += 1;
    }
    if paths.is_empty() {
        return Err("give WARC paths or --make-mb N [--gz]".into());
    }
    let total: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let rss_before = peak_rss_kb().unwrap_or(0);
    let start = Instant::now();
    let (mut pages, mut errors, mut page_bytes) = (0u64, 0u64, 0u64);
    let mut inputs = read_inputs(paths, ReadOptions::default());
    for item in inputs.by_ref() {
        match item {
            Ok(page) => {
                pages += 1;
                page_bytes += page.bytes.len() as u64;
            }
            Err(e) => {
                errors += 1;
                eprintln!("error: {e}");
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "read {} MB of input in {secs:.2} s ({:.0} MB/s): {pages} pages ({} MB), {errors} errors, skipped {:?}",
        total >> 20,
        total as f64 / 1e6 / secs,
        page_bytes >> 20,
        inputs.skipped()
    );
    println!(
        "peak RSS {} MB (before reading: {} MB)",
        peak_rss_kb().unwrap_or(0) / 1024,
        rss_before / 1024
    );
    drop(tmp);
    Ok(())
}
