//! Scale benchmark: ingest time, archive size, peak memory and search latency on a
//! synthetic archive built from real press releases.
//!
//! ```text
//! cargo run --release -p dateline-store --example scale -- DIR COUNT [DATA_DIR]
//! ```
//!
//! Unpacks pressrel-dev (`DATA_DIR`, default `../shared/data/pressrel-dev`, with the
//! system `tar`) into a temporary directory and builds COUNT releases in DIR from its
//! 9,630 real pages: each release takes the title of one page and three or four
//! paragraphs drawn from others (so the vocabulary, lengths and word statistics are
//! real, and no two releases are near duplicates by accident), with countries,
//! organizations, quoted speakers, contacts and dates drawn with a skew; one in ten
//! is a copy of an earlier release on another site (another menu and footer, the
//! last paragraph trimmed), which dedup must fold into its story. A DIR that already
//! holds releases is topped up to COUNT, so searches can be rerun alone.
//!
//! Then it runs a fixed set of 100 realistic queries (words, phrases, AND/OR/NOT,
//! prefixes, field filters, alone and combined), each with facets, alternating
//! relevance and date order, three rounds, and reports p50/p90/p99 latency, plus the
//! ingest rate, the archive's size on disk and the process's peak resident memory
//! (`VmHWM`). Results go to stdout and to `bench/out/scale-<count>-<time>.{json,md}`
//! (and `bench/out/latest-scale.md`). A rerun that only searches reports, marked as
//! such, the ingest figures of the newest earlier run for the same count.

#[path = "support/pressrel.rs"]
mod pressrel;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dateline_store::{Archive, ArchiveOptions, IngestSummary, SearchRequest, Sort, SourceInfo};
use dateline_types::{Contact, Dateline, Evidence, PartialDate, Quote, Release, SourceRef};

/// xorshift64: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Roughly Zipf over `0..n`: small numbers much more often.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

const COUNTRIES: &[(&str, &str)] = &[
    ("US", "WASHINGTON"),
    ("GB", "LONDON"),
    ("DE", "BERLIN"),
    ("CH", "GENEVA"),
    ("UZ", "TASHKENT"),
    ("KZ", "ALMATY"),
    ("KE", "NAIROBI"),
    ("NG", "LAGOS"),
    ("BD", "DHAKA"),
    ("UA", "KYIV"),
    ("AF", "KABUL"),
    ("FR", "PARIS"),
    ("IN", "NEW DELHI"),
    ("BR", "SAO PAULO"),
    ("JP", "TOKYO"),
    ("CA", "TORONTO"),
    ("AU", "SYDNEY"),
    ("ZA", "JOHANNESBURG"),
    ("TR", "ANKARA"),
    ("KG", "BISHKEK"),
];
const ORGS: &[&str] = &[
    "IOM",
    "UNHCR",
    "UNICEF",
    "WFP",
    "WHO",
    "UNDP",
    "UNFPA",
    "Red Cross",
    "MSF",
    "Save the Children",
    "World Bank",
    "European Union",
    "OSCE",
    "ILO",
    "FAO",
];
const SPEAKERS: &[&str] = &[
    "William Lacy Swing",
    "António Vitorino",
    "Amy Pope",
    "Argentina Szabados",
    "Filippo Grandi",
    "Catherine Russell",
    "Cindy McCain",
    "Tedros Adhanom Ghebreyesus",
    "Achim Steiner",
    "Joe Lowry",
    "Maria Santos",
    "John Smith",
];
const SITES: &[&str] = &[
    "IOM",
    "UNHCR",
    "ReliefWeb",
    "PR Newswire",
    "GlobeNewswire",
    "NewMediaWire",
    "Business Wire",
    "UNICEF",
    "EIN Presswire",
    "Accesswire",
];

/// One real page: title and paragraphs.
struct Page {
    title: String,
    paragraphs: Vec<String>,
}

fn load_pages(data: &Path) -> Result<Vec<Page>, Box<dyn std::error::Error>> {
    let tmp = tempfile::tempdir()?;
    pressrel::unpack(&data.join(pressrel::TARBALL), tmp.path())?;
    let mut pages = Vec::new();
    for path in pressrel::md_files(tmp.path()) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut lines = text.lines();
        let title = lines
            .next()
            .map(|l| l.trim_start_matches('#').trim().to_string())
            .unwrap_or_default();
        let rest = lines.collect::<Vec<_>>().join("\n");
        let body = rest.rsplit_once("\n---").map_or(rest.as_str(), |(b, _)| b);
        let paragraphs: Vec<String> = body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| p.split_whitespace().count() >= 12)
            .map(str::to_string)
            .collect();
        if !title.is_empty() && paragraphs.len() >= 2 {
            pages.push(Page { title, paragraphs });
        }
    }
    Ok(pages)
}

/// Release `i` of the synthetic archive.
fn release(pages: &[Page], i: u64) -> Release {
    // One in ten is a copy of an earlier release on another site.
    let copy = i % 10 == 9;
    let base = if copy { i - 7 } else { i };
    let mut rng = Rng::new(base);
    let n = pages.len();
    let head = &pages[rng.below(n)];
    let mut paragraphs: Vec<&str> = Vec::new();
    let (country, place) = COUNTRIES[rng.skewed(COUNTRIES.len())];
    let lead = head.paragraphs[0].as_str();
    for _ in 0..3 + rng.below(2) {
        let page = &pages[rng.below(n)];
        paragraphs.push(&page.paragraphs[rng.below(page.paragraphs.len())]);
    }
    let speaker = SPEAKERS[rng.skewed(SPEAKERS.len())];
    let quote_page = &pages[rng.below(n)];
    let quote_text = quote_page.paragraphs[rng.below(quote_page.paragraphs.len())]
        .split(['.', '!', '?'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let mut body = format!("{place} – {lead}\n\n");
    for p in &paragraphs {
        body.push_str(p);
        body.push_str("\n\n");
    }
    body.push_str(&format!("“{quote_text},” said {speaker}.\n\n"));
    // A unique tail so that two composites never hash alike.
    body.push_str(&format!("Release reference {base}."));
    let mut site = SITES[rng.skewed(SITES.len())];
    if copy {
        // Another site's menu and footer, the last paragraph trimmed.
        site = SITES[(SITES.iter().position(|s| *s == site).unwrap_or(0) + 1) % SITES.len()];
        if let Some((kept, _)) = body.trim_end().rsplit_once("\n\n") {
            body = kept.to_string();
        }
        body = format!("Home News Media Contact\n\n{body}\n\nShare this page · Print · Subscribe");
    }
    let mut orgs = vec![ORGS[rng.skewed(ORGS.len())].to_string()];
    if rng.below(3) == 0 {
        orgs.push(ORGS[rng.below(ORGS.len())].to_string());
    }
    let year = 2018 + rng.below(7) as i32;
    Release {
        source: format!("synthetic/{i}.html"),
        url: Some(format!(
            "https://{}.example/news/{i}",
            site.to_lowercase().replace(' ', "-")
        )),
        title: Some(head.title.clone()),
        published: PartialDate::ymd(year, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8),
        site: Some(dateline_types::Site {
            name: Some(site.into()),
            country: None,
            evidence: Evidence::default(),
        }),
        lang: Some("en".into()),
        dateline: Some(Dateline {
            place: place.into(),
            country: Some(country.into()),
            evidence: Evidence::default(),
        }),
        countries: vec![country.to_string()],
        organizations: orgs,
        quotes: vec![Quote {
            text: quote_text,
            speaker: Some(speaker.to_string()),
            speaker_role: None,
            evidence: Evidence::default(),
        }],
        contacts: vec![Contact {
            name: Some(format!("Press Officer {}", base % 500)),
            emails: vec![format!("press{}@example.org", base % 500)],
            ..Contact::default()
        }],
        body,
        ..Release::default()
    }
}

/// The fixed query set: 100 realistic queries, from common words to filtered phrases.
fn queries() -> Vec<String> {
    let words = [
        "migrants",
        "refugees",
        "health",
        "children",
        "climate",
        "vaccine",
        "energy",
        "announced",
        "technology",
        "financial",
        "partnership",
        "emergency",
        "water",
        "education",
        "women",
        "market",
        "security",
        "investment",
        "government",
        "agreement",
        "conference",
        "report",
        "program",
        "humanitarian",
        "shareholders",
        "community",
        "launch",
        "research",
        "growth",
        "food",
    ];
    let mut q: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    q.extend(
        [
            "health children",
            "climate energy",
            "migrants government",
            "water food",
            "investment growth",
            "research technology",
            "women education",
            "emergency humanitarian",
            "market report",
            "agreement partnership",
        ]
        .map(String::from),
    );
    q.extend(
        [
            "\"press release\"",
            "\"human rights\"",
            "\"chief executive officer\"",
            "\"forward-looking statements\"",
            "\"climate change\"",
            "\"united nations\"",
            "\"supply chain\"",
            "\"artificial intelligence\"",
            "\"public health\"",
            "\"year ended\"",
        ]
        .map(String::from),
    );
    q.extend(
        [
            "refugees OR migrants",
            "vaccine OR health",
            "energy OR climate",
            "school OR education",
            "flood OR drought",
            "health -vaccine",
            "market NOT financial",
            "(water OR food) children",
            "technology AND partnership",
            "security NOT cyber",
        ]
        .map(String::from),
    );
    q.extend(["migra*", "vaccin*", "educat*", "financ*", "humanit*"].map(String::from));
    q.extend(
        [
            "country:US health",
            "country:UZ migrants",
            "country:KE water",
            "org:UNHCR refugees",
            "org:WHO vaccine",
            "speaker:Swing migrants",
            "speaker:\"Filippo Grandi\"",
            "site:ReliefWeb emergency",
            "published:2020-01..2020-12 health",
            "published:2023 climate",
            "has:quotes children",
            "has:contacts investment",
            "lang:en \"supply chain\"",
            "country:DE -country:US energy",
            "org:IOM country:UZ",
        ]
        .map(String::from),
    );
    q.extend(
        [
            "country:US",
            "country:KG",
            "org:UNICEF",
            "org:\"Red Cross\"",
            "speaker:Pope",
            "site:\"PR Newswire\"",
            "published:2019-03..2019-06",
            "has:dateline",
            "person:\"Amy Pope\"",
            "",
        ]
        .map(String::from),
    );
    q.extend(
        [
            "\"human rights\" country:CH",
            "refugees published:2021..2022",
            "(health OR vaccine) org:WHO -country:US",
            "migra* country:KZ",
            "\"climate change\" has:quotes",
            "energy site:GlobeNewswire",
            "children org:UNICEF published:2024",
            "speaker:Grandi refugees",
            "food OR water country:NG",
            "technology -financial -market",
        ]
        .map(String::from),
    );
    q
}

/// `VmHWM` (peak resident memory) of this process, in bytes.
fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

fn disk_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => disk_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// The ingest figures of the newest earlier result for `count` releases that has them.
fn earlier_ingest(out: &Path, count: u64) -> Option<(String, serde_json::Value)> {
    let prefix = format!("scale-{count}-");
    let mut found: Vec<(String, serde_json::Value)> = std::fs::read_dir(out)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name
                .strip_prefix(&prefix)?
                .strip_suffix(".json")?
                .to_string();
            let json: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(e.path()).ok()?).ok()?;
            let mut ingest = json.get("ingest").filter(|i| i.is_object())?.clone();
            ingest["peak_rss_bytes"] = json["peak_rss_bytes"].clone();
            (ingest.get("earlier_run").is_none()).then_some((stem, ingest))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
        .pop()
        .map(|(stem, i)| (format!("scale-{count}-{stem}"), i))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: scale DIR COUNT [DATA_DIR]")?);
    let count: u64 = args
        .next()
        .ok_or("usage: scale DIR COUNT [DATA_DIR]")?
        .parse()?;
    let data = args.next().map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/data/pressrel-dev"
            ))
        },
        PathBuf::from,
    );
    let options = ArchiveOptions {
        batch_size: 2000,
        ..ArchiveOptions::default()
    };
    let mut archive = Archive::open_with(&dir, options)?;
    let have = archive.stats()?.sources;
    let mut ingest = None;
    if have < count {
        let t = Instant::now();
        let pages = load_pages(&data)?;
        eprintln!("{} real pages loaded in {:.1?}", pages.len(), t.elapsed());
        if pages.is_empty() {
            return Err(format!("no pages under `{}`", data.display()).into());
        }
        let start = Instant::now();
        let mut summary = IngestSummary::default();
        let mut bytes = 0usize;
        let mut lap = Instant::now();
        for i in have..count {
            let r = release(&pages, i);
            bytes += r.body.len();
            let source = SourceInfo::new(SourceRef::file(r.source.clone()), r.body.as_bytes())
                .with_removed(vec!["Home News Media Contact".into()]);
            summary.pages_read += 1;
            summary.record(&archive.ingest(&r, &source)?);
            if (i + 1) % 50_000 == 0 {
                eprintln!(
                    "{} releases, last 50k at {:.0}/s, peak memory {} MB",
                    i + 1,
                    50_000.0 / lap.elapsed().as_secs_f64(),
                    peak_rss() >> 20
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
        ingest = Some(serde_json::json!({
            "releases": count - have,
            "seconds": secs,
            "releases_per_second": (count - have) as f64 / secs,
            "body_mb_per_second": bytes as f64 / secs / 1e6,
            "summary": summary,
        }));
    }
    let stats = archive.stats()?;
    let size = disk_bytes(&dir);
    println!(
        "archive: {} records, {} stories, {} indexed, {:.0} MB on disk",
        stats.records,
        stats.stories,
        stats.indexed,
        size as f64 / 1e6
    );

    let queries = queries();
    let mut all = Vec::new();
    let mut facets_off = Vec::new();
    let mut slowest: Vec<(Duration, String, u64)> = Vec::new();
    // Warm up once (first touches of the mmapped index).
    for q in &queries {
        archive.search(&SearchRequest::new(q.clone()))?;
    }
    for round in 0..3 {
        for (k, q) in queries.iter().enumerate() {
            let sort = if (k + round) % 2 == 0 {
                Sort::Relevance
            } else {
                Sort::Newest
            };
            let req = SearchRequest {
                sort,
                ..SearchRequest::new(q.clone())
            };
            let t = Instant::now();
            let total = archive.search(&req)?.total;
            let took = t.elapsed();
            all.push(took);
            slowest.push((took, q.clone(), total));
            if round == 0 {
                let t = Instant::now();
                archive.search(&SearchRequest {
                    facet_limit: 0,
                    ..req
                })?;
                facets_off.push(t.elapsed());
            }
        }
    }
    all.sort();
    facets_off.sort();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    slowest.dedup_by(|a, b| a.1 == b.1);
    let peak = peak_rss();
    let (p50, p90, p99) = (
        percentile(&all, 0.5),
        percentile(&all, 0.9),
        percentile(&all, 0.99),
    );
    println!(
        "search ({} queries x 3 rounds, with facets): p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        queries.len(),
        ms(p50),
        ms(p90),
        ms(p99),
        ms(all.last().copied().unwrap_or_default())
    );
    println!(
        "search without facets: p50 {:.1} ms, p99 {:.1} ms",
        ms(percentile(&facets_off, 0.5)),
        ms(percentile(&facets_off, 0.99))
    );
    for (took, q, total) in slowest.iter().take(5) {
        println!("  slow: {:>7.1} ms  {total:>8} hits  `{q}`", ms(*took));
    }
    println!("peak memory (VmHWM): {} MB", peak >> 20);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load.split_whitespace().next().unwrap_or("?").to_string();

    // Named by what the archive holds (COUNT may be below it to measure search alone).
    let count = stats.records.max(count);
    let result = serde_json::json!({
        "count": count,
        "records": stats.records,
        "stories": stats.stories,
        "disk_bytes": size,
        "peak_rss_bytes": peak,
        "ingest": ingest,
        "search": {
            "queries": queries.len(),
            "rounds": 3,
            "p50_ms": ms(p50),
            "p90_ms": ms(p90),
            "p99_ms": ms(p99),
            "max_ms": ms(all.last().copied().unwrap_or_default()),
            "no_facets_p50_ms": ms(percentile(&facets_off, 0.5)),
            "no_facets_p99_ms": ms(percentile(&facets_off, 0.99)),
            "slowest": slowest.iter().take(5).map(|(t, q, n)| serde_json::json!({"ms": ms(*t), "query": q, "hits": n})).collect::<Vec<_>>(),
        },
        "load_average": load,
        "cores": std::thread::available_parallelism().map_or(0, |n| n.get()),
    });
    let out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/out"));
    std::fs::create_dir_all(&out)?;
    // A rerun of the searches alone reports the ingest of the run that built the
    // archive (the newest result for this count that has one), marked as such.
    let ingest = match ingest {
        Some(i) => Some(i),
        None => earlier_ingest(&out, count).map(|(name, mut i)| {
            i["earlier_run"] = serde_json::Value::String(name);
            i
        }),
    };
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = format!("scale-{count}-{stamp}");
    std::fs::write(
        out.join(format!("{name}.json")),
        serde_json::to_string_pretty(&result)?,
    )?;
    let mut md = String::new();
    md.push_str(&format!("# Store scale benchmark: {count} releases\n\n"));
    md.push_str("| measure | value |\n|---|---|\n");
    let mut rows: BTreeMap<&str, String> = BTreeMap::new();
    if let Some(i) = &ingest {
        let earlier = i["earlier_run"]
            .as_str()
            .map(|n| {
                format!(
                    ", in the run that built the archive ({n}; its peak memory {} MB)",
                    i["peak_rss_bytes"].as_u64().unwrap_or(0) >> 20
                )
            })
            .unwrap_or_default();
        let releases = i["releases"].as_u64().unwrap_or(0);
        let from = if releases < count {
            format!(" (topping up from {})", count - releases)
        } else {
            String::new()
        };
        rows.insert(
            "1 ingest",
            format!(
                "{} releases{from} in {:.0} s ({:.0}/s){earlier}",
                releases,
                i["seconds"].as_f64().unwrap_or(0.0),
                i["releases_per_second"].as_f64().unwrap_or(0.0)
            ),
        );
    }
    rows.insert(
        "2 archive",
        format!(
            "{} records, {} stories, {:.0} MB on disk",
            stats.records,
            stats.stories,
            size as f64 / 1e6
        ),
    );
    rows.insert("3 peak memory (VmHWM)", format!("{} MB", peak >> 20));
    rows.insert(
        "4 search with facets",
        format!(
            "p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms ({} queries x 3)",
            ms(p50),
            ms(p90),
            ms(p99),
            queries.len()
        ),
    );
    rows.insert(
        "5 search without facets",
        format!(
            "p50 {:.1} ms, p99 {:.1} ms",
            ms(percentile(&facets_off, 0.5)),
            ms(percentile(&facets_off, 0.99))
        ),
    );
    rows.insert(
        "6 machine",
        format!("load average {load} at the end, {} cores", result["cores"]),
    );
    for (k, v) in rows {
        md.push_str(&format!("| {} | {v} |\n", &k[2..]));
    }
    md.push_str(&format!(
        "\nReproduce: `nice cargo run --release -p dateline-store --example scale -- DIR {count}`\n"
    ));
    std::fs::write(out.join(format!("{name}.md")), &md)?;
    std::fs::write(out.join("latest-scale.md"), &md)?;
    println!("wrote bench/out/{name}.json and .md");
    Ok(())
}
