//! Coverage of the structure stage on the pressrel-dev wire releases: the share of
//! releases with a dateline, a date, quotes, contacts, an about paragraph; date
//! accuracy against the path date; speed.
//!
//! ```text
//! cargo run --release -p dateline-structure --example coverage_pressrel -- /work/shared/data/pressrel-dev
//! ```
//!
//! The archive is unpacked once (with `tar -xJf`) into `target/dateline-structure-data/`.
//! Dates are measured without the path date as metadata, so they come from the text.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use dateline_structure::{StructureOptions, Structurer};

#[path = "../tests/it/wire.rs"]
mod wire;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("error: no data folder given\nhint: pass `/work/shared/data/pressrel-dev`");
        return ExitCode::from(2);
    };
    let cache = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/dateline-structure-data/pressrel"
    ));
    let root = match wire::unpack(Path::new(&dir), cache) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}\nhint: pass the folder holding `prwire-2018-2024.tar.xz`");
            return ExitCode::from(2);
        }
    };
    let paths = wire::release_paths(&root, true);
    let mut articles = Vec::with_capacity(paths.len());
    for p in &paths {
        match wire::article(&root, p, false) {
            Some(a) => articles.push(a),
            None => eprintln!("warning: could not read `{}`", p.display()),
        }
    }
    let bytes: usize = articles
        .iter()
        .flat_map(|a| a.blocks.iter())
        .map(|b| b.text.len())
        .sum();
    let structurer = Structurer::new(StructureOptions::default());
    // Warm the gazetteer so its one-time load is not counted per release.
    if let Some(a) = articles.first() {
        let _ = structurer.structure(a);
    }
    let started = Instant::now();
    let releases: Vec<_> = articles.iter().map(|a| structurer.structure(a)).collect();
    let secs = started.elapsed().as_secs_f64();
    let n = releases.len();
    let mut c = [0usize; 10];
    for (r, p) in releases.iter().zip(&paths) {
        let truth = p.strip_prefix(&root).ok().and_then(wire::path_date);
        c[0] += r.dateline.is_some() as usize;
        c[1] += r.dateline.as_ref().is_some_and(|d| d.country.is_some()) as usize;
        c[2] += r.published.is_some() as usize;
        c[3] += (r.published.is_some() && r.published == truth) as usize;
        c[4] += (!r.quotes.is_empty()) as usize;
        c[5] += (!r.contacts.is_empty()) as usize;
        c[6] += r.about.is_some() as usize;
        c[7] += r
            .contacts
            .iter()
            .any(|c| !c.emails.is_empty() || !c.phones.is_empty()) as usize;
        c[8] += (!r.countries.is_empty()) as usize;
        c[9] += r.subtitle.is_some() as usize;
    }
    // `COVERAGE_SHOW=dateline` lists the openings of releases without a dateline (every 40th).
    if std::env::var("COVERAGE_SHOW").is_ok_and(|v| v == "dateline") {
        for (r, a) in releases
            .iter()
            .zip(&articles)
            .filter(|(r, _)| r.dateline.is_none())
            .step_by(40)
        {
            let first: String = r.body.chars().take(140).collect();
            println!("{} | {}", a.source.origin, first.replace('\n', " / "));
        }
    }
    let mut wires: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (r, a) in releases.iter().zip(&articles) {
        let e = wires.entry(a.site.clone().unwrap_or_default()).or_default();
        e.0 += 1;
        e.1 += r.dateline.is_some() as usize;
    }
    let share = |k: usize| k as f64 / n.max(1) as f64;
    println!("releases:                    {n}");
    println!("with dateline:               {} ({:.3})", c[0], share(c[0]));
    println!("  dateline country resolved: {} ({:.3})", c[1], share(c[1]));
    println!("with date (from text):       {} ({:.3})", c[2], share(c[2]));
    println!(
        "  date equal to path date:   {} ({:.3} of all, {:.3} of dated)",
        c[3],
        share(c[3]),
        c[3] as f64 / c[2].max(1) as f64
    );
    println!("with quotes:                 {} ({:.3})", c[4], share(c[4]));
    println!("with contacts:               {} ({:.3})", c[5], share(c[5]));
    println!("  with an e-mail or phone:   {} ({:.3})", c[7], share(c[7]));
    println!("with about:                  {} ({:.3})", c[6], share(c[6]));
    println!("with countries:              {} ({:.3})", c[8], share(c[8]));
    println!("with subtitle:               {} ({:.3})", c[9], share(c[9]));
    println!(
        "speed (one thread):          {:.0} releases/s, {:.1} MB/s",
        n as f64 / secs.max(1e-9),
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
    println!("datelines by wire:");
    for (wire, (total, with)) in &wires {
        println!(
            "  {wire:<16} {with:>5} / {total:<5} ({:.3})",
            *with as f64 / (*total).max(1) as f64
        );
    }
    ExitCode::SUCCESS
}
