//! Ingest throughput and search latency on a synthetic archive.
//!
//! ```text
//! cargo run --release -p dateline-store --example scale -- DIR [COUNT] [BATCH]
//! ```
//!
//! Ingests COUNT (default 100,000) generated releases into a fresh archive in DIR
//! (about 350 words each, drawn from a Zipf-like vocabulary of 20,000 words, with
//! quotes, contacts, countries and organizations; one in ten is a near duplicate
//! of an earlier release on another site), then runs a fixed mix of queries
//! and prints throughput and search latency percentiles. Reuses DIR when it already
//! holds COUNT releases, to measure search alone.

use std::time::{Duration, Instant};

use dateline_store::{Archive, ArchiveOptions, IngestSummary, SearchRequest, Sort, SourceInfo};
use dateline_types::{Contact, Evidence, PartialDate, Quote, Release, SourceRef};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Roughly Zipf: small numbers much more often.
    fn zipf(&mut self, n: u64) -> u64 {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) as u64).saturating_sub(1).min(n - 1)
    }
}

fn word(i: u64) -> String {
    const SYL: &[&str] = &[
        "ka", "ri", "mo", "ta", "len", "sur", "vi", "do", "ne", "gra", "pol", "ex", "mi", "on",
        "ter", "ba",
    ];
    let mut w = String::new();
    let mut x = i + 1;
    while x > 0 {
        w.push_str(SYL[(x % 16) as usize]);
        x /= 16;
    }
    w
}

const COUNTRIES: &[&str] = &[
    "UZ", "KZ", "TM", "KG", "TJ", "AF", "UA", "RU", "US", "DE", "CH", "AT", "KE", "NG", "BD",
];
const ORGS: &[&str] = &[
    "IOM",
    "UNHCR",
    "UNICEF",
    "WFP",
    "UNFPA",
    "WHO",
    "UNDP",
    "Red Cross",
    "MSF",
    "Save the Children",
];
const SPEAKERS: &[&str] = &[
    "William Lacy Swing",
    "António Vitorino",
    "Amy Pope",
    "Argentina Szabados",
    "Filippo Grandi",
    "Catherine Russell",
    "Cindy McCain",
];

fn release(i: u64) -> Release {
    let base = if i % 10 == 9 { i - 5 } else { i };
    let mut rng = Rng(base.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut body = String::new();
    for p in 0..6 {
        for _ in 0..58 {
            body.push_str(&word(rng.zipf(20_000)));
            body.push(' ');
        }
        body.push_str(&format!("paragraph {p} of release {base}.\n\n"));
    }
    if base != i {
        body = format!("Home News Media\n\n{body}Share this page");
    }
    let c = COUNTRIES[(rng.next() % COUNTRIES.len() as u64) as usize];
    let speaker = SPEAKERS[(rng.next() % SPEAKERS.len() as u64) as usize];
    Release {
        source: format!("synthetic/{i}.txt"),
        url: Some(format!("https://site{}.example/news/{i}", i % 50)),
        title: Some(format!(
            "{} {} {} in {c}",
            word(rng.zipf(2000)),
            word(rng.zipf(2000)),
            word(rng.zipf(2000))
        )),
        published: PartialDate::ymd(
            2015 + (rng.next() % 10) as i32,
            1 + (rng.next() % 12) as u8,
            1 + (rng.next() % 28) as u8,
        ),
        lang: Some(if i.is_multiple_of(20) { "ru" } else { "en" }.into()),
        countries: vec![c.to_string()],
        organizations: vec![ORGS[(rng.next() % ORGS.len() as u64) as usize].to_string()],
        quotes: vec![Quote {
            text: format!(
                "{} {} {}",
                word(rng.zipf(5000)),
                word(rng.zipf(5000)),
                word(rng.zipf(5000))
            ),
            speaker: Some(speaker.to_string()),
            speaker_role: None,
            evidence: Evidence::default(),
        }],
        contacts: vec![Contact {
            name: Some(format!("Press Officer {}", i % 300)),
            emails: vec![format!("press{}@example.org", i % 300)],
            ..Contact::default()
        }],
        body,
        ..Release::default()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: scale DIR [COUNT] [BATCH]")?;
    let count: u64 = args.next().map_or(Ok(100_000), |s| s.parse())?;
    let batch: usize = args.next().map_or(Ok(2000), |s| s.parse())?;
    let options = ArchiveOptions {
        batch_size: batch,
        ..ArchiveOptions::default()
    };
    let mut archive = Archive::open_with(&dir, options)?;
    let have = archive.stats()?.sources;
    if have < count {
        let start = Instant::now();
        let mut summary = IngestSummary::default();
        let mut bytes = 0usize;
        let mut lap = Instant::now();
        for i in have..count {
            let r = release(i);
            bytes += r.body.len();
            let source = SourceInfo::new(SourceRef::file(r.source.clone()), r.body.as_bytes());
            summary.pages_read += 1;
            summary.record(&archive.ingest(&r, &source)?);
            if (i + 1) % 50_000 == 0 {
                eprintln!(
                    "{} releases, last 50k at {:.0}/s",
                    i + 1,
                    50_000.0 / lap.elapsed().as_secs_f64()
                );
                lap = Instant::now();
            }
        }
        archive.flush()?;
        let secs = start.elapsed().as_secs_f64();
        println!("ingest: {summary}");
        println!(
            "ingest: {} releases in {secs:.1} s = {:.0} releases/s, {:.1} MB/s of body text",
            count - have,
            (count - have) as f64 / secs,
            bytes as f64 / secs / 1e6
        );
    }
    let stats = archive.stats()?;
    println!(
        "archive: {} records, {} stories, {} indexed",
        stats.records, stats.stories, stats.indexed
    );
    let queries = [
        word(3).to_string(),
        word(40),
        format!("{} {}", word(10), word(200)),
        format!("\"{} {}\"", word(1), word(2)),
        format!("{} OR {}", word(500), word(900)),
        format!("{}*", &word(77)[..3]),
        "country:UZ".to_string(),
        format!("speaker:Swing {}", word(5)),
        format!("published:2018-01..2018-06 {}", word(8)),
        format!("has:quotes -country:US {}", word(30)),
        "org:UNHCR".to_string(),
        "".to_string(),
    ];
    let mut all = Vec::new();
    for q in &queries {
        let mut times = Vec::new();
        let mut total = 0;
        for round in 0..7 {
            let req = SearchRequest {
                sort: if round % 2 == 0 {
                    Sort::Relevance
                } else {
                    Sort::Newest
                },
                ..SearchRequest::new(q.clone())
            };
            let t = Instant::now();
            total = archive.search(&req)?.total;
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "query {:<40} {:>8} hits  p50 {:>8.1?}  max {:>8.1?}",
            format!("`{q}`"),
            total,
            percentile(&times, 0.5),
            times[times.len() - 1]
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "search over all queries: p50 {:.1?}, p90 {:.1?}, p99 {:.1?}",
        percentile(&all, 0.5),
        percentile(&all, 0.9),
        percentile(&all, 0.99)
    );
    let t = Instant::now();
    let n =
        dateline_store::export::write_jsonl(archive.export(Some("country:KZ"))?, std::io::sink())?;
    println!("export: {n} records as JSONL in {:.1?}", t.elapsed());
    let t = Instant::now();
    let report = archive.check()?;
    println!(
        "check: {} in {:.1?}",
        if report.is_ok() { "ok" } else { "PROBLEMS" },
        t.elapsed()
    );
    Ok(())
}
