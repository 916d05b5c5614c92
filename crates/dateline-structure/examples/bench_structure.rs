//! Speed of the structure stage alone on real news pages: extracts N pages of
//! `extraction-dev` once, then times `Structurer::structure` over them.
//!
//! ```text
//! cargo run --release -p dateline-structure --example bench_structure -- /work/shared/data/extraction-dev [N] [ROUNDS]
//! ```

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use dateline_extract::ExtractorBuilder;
use dateline_structure::{StructureOptions, Structurer};
use dateline_types::{PageKind, RawPage, SourceRef};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("error: no data folder given\nhint: pass `/work/shared/data/extraction-dev`");
        return ExitCode::from(2);
    };
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(500);
    let rounds: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let mut paths = Vec::new();
    let Ok(sets) = std::fs::read_dir(&dir) else {
        eprintln!("error: cannot read `{dir}`");
        return ExitCode::from(2);
    };
    let mut sets: Vec<_> = sets.flatten().map(|e| e.path()).collect();
    sets.sort();
    for set in sets {
        if let Ok(files) = std::fs::read_dir(set.join("html")) {
            let mut files: Vec<_> = files.flatten().map(|e| e.path()).collect();
            files.sort();
            paths.extend(files);
        }
    }
    // Spread the sample over the sets.
    let step = (paths.len() / n.max(1)).max(1);
    let paths: Vec<_> = paths.into_iter().step_by(step).take(n).collect();
    let extractor = ExtractorBuilder::new().build();
    let mut articles = Vec::new();
    for p in &paths {
        let Some(bytes) = read(p) else { continue };
        let page = RawPage::new(
            SourceRef::file(p.display().to_string()),
            PageKind::Html,
            bytes,
        );
        if let Ok(a) = extractor.extract(&page) {
            articles.push(a);
        }
    }
    let bytes: usize = articles
        .iter()
        .flat_map(|a| a.blocks.iter())
        .map(|b| b.text.len())
        .sum();
    let structurer = Structurer::new(StructureOptions::default());
    let started = Instant::now();
    if let Some(a) = articles.first() {
        let _ = structurer.structure(a);
    }
    println!(
        "first call (lazy tables): {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let mut best = f64::MAX;
    let mut quotes = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        quotes = 0;
        for a in &articles {
            quotes += structurer.structure(a).quotes.len();
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    let k = articles.len() as f64;
    println!(
        "{} pages, {:.1} MB text, {} quotes: {:.0} pages/s, {:.3} ms/page, {:.1} MB/s",
        articles.len(),
        bytes as f64 / 1e6,
        quotes,
        k / best,
        best / k * 1e3,
        bytes as f64 / 1e6 / best
    );
    ExitCode::SUCCESS
}

// The bench reads the project's own trusted sample pages; no size cap is needed here.
#[allow(clippy::disallowed_types)]
fn read(p: &Path) -> Option<Vec<u8>> {
    let raw = std::fs::read(p).ok()?;
    if p.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .ok()?;
        Some(out)
    } else {
        Some(raw)
    }
}
