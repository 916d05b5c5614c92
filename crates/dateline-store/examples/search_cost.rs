//! What one search costs: wall and CPU time of broad and narrow queries with facets,
//! run one after another on an existing archive.
//!
//! ```text
//! cargo run --release -p dateline-store --example search_cost -- DIR [ROUNDS] [OUT.jsonl]
//! ```
//!
//! Opens the archive in DIR (it must exist; nothing is written), runs each query of a
//! fixed list `ROUNDS` times (default 5) and prints, per query, the total of hits and
//! the best wall and CPU time (CPU of the whole process, so threads a search spawns
//! count). With `OUT.jsonl` it also writes each query's results, one JSON line per
//! query, so two builds can be compared for identical answers. `ONLY=QUERY` runs that
//! query alone (for a profiler).

use std::io::Write;
use std::time::{Duration, Instant};

use dateline_store::{Archive, SearchRequest, Sort};

/// Broad queries match a large part of the archive; narrow ones a small part.
const QUERIES: &[(&str, Sort)] = &[
    ("", Sort::Relevance),
    ("", Sort::Newest),
    ("announced", Sort::Relevance),
    ("health", Sort::Newest),
    ("report", Sort::Relevance),
    ("country:US", Sort::Relevance),
    ("-country:US", Sort::Oldest),
    ("has:quotes", Sort::Newest),
    ("published:2020..2022", Sort::Relevance),
    ("has:contacts government", Sort::Relevance),
    ("site:ReliefWeb", Sort::Relevance),
    ("org:UNHCR water", Sort::Relevance),
    ("\"climate change\"", Sort::Relevance),
    ("speaker:Swing", Sort::Newest),
    ("country:UZ migrants", Sort::Relevance),
    ("org:WHO vaccine", Sort::Oldest),
];

/// CPU time of the whole process (every thread, ended ones included).
fn cpu_time() -> Duration {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, out: *mut Timespec) -> i32;
    }
    const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `t` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(t.sec.max(0) as u64, t.nsec.clamp(0, 999_999_999) as u32)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: search_cost DIR [ROUNDS] [OUT.jsonl]")?;
    let rounds: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let mut out = args.next().map(std::fs::File::create).transpose()?;
    if !std::path::Path::new(&dir).join("archive.sqlite").exists() {
        return Err(format!("no archive in `{dir}`").into());
    }
    let archive = Archive::open(&dir)?;
    let only = std::env::var("ONLY").ok();
    // The first search pays for opening files and any per-generation caches.
    let (wall, cpu) = (Instant::now(), cpu_time());
    archive.search(&SearchRequest::new("water"))?;
    println!(
        "first search: wall {:.1} ms, cpu {:.1} ms",
        wall.elapsed().as_secs_f64() * 1e3,
        (cpu_time() - cpu).as_secs_f64() * 1e3
    );
    println!(
        "{:<28} {:>8} {:>10} {:>10}",
        "query", "total", "wall ms", "cpu ms"
    );
    let (mut sum_wall, mut sum_cpu) = (0.0, 0.0);
    // The broadest queries again without facets: what counting facets adds.
    let bare = QUERIES.iter().take(3).map(|&(q, s)| (q, s, 0));
    for (query, sort, facet_limit) in QUERIES.iter().map(|&(q, s)| (q, s, 10)).chain(bare) {
        if only.as_ref().is_some_and(|o| o != query) {
            continue;
        }
        let request = SearchRequest {
            sort,
            facet_limit,
            ..SearchRequest::new(query)
        };
        let mut best = (f64::MAX, f64::MAX);
        let mut results = None;
        for _ in 0..rounds.max(1) {
            let (wall, cpu) = (Instant::now(), cpu_time());
            let r = archive.search(&request)?;
            let cpu = (cpu_time() - cpu).as_secs_f64() * 1e3;
            let wall = wall.elapsed().as_secs_f64() * 1e3;
            best = (best.0.min(wall), best.1.min(cpu));
            results = Some(r);
        }
        let results = results.ok_or("no rounds")?;
        let facets = if facet_limit == 0 { ", no facets" } else { "" };
        let label = format!("{query} ({sort:?}{facets})");
        println!(
            "{label:<28} {:>8} {:>10.1} {:>10.1}",
            results.total, best.0, best.1
        );
        sum_wall += best.0;
        sum_cpu += best.1;
        if let Some(out) = out.as_mut() {
            serde_json::to_writer(&mut *out, &(query, sort, &results))?;
            out.write_all(b"\n")?;
        }
    }
    println!("{:<28} {:>8} {sum_wall:>10.1} {sum_cpu:>10.1}", "sum", "");
    Ok(())
}
