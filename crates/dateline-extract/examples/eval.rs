//! Quality and speed of the extractor on `extraction-dev` (see its README for the metrics).
//!
//! ```text
//! cargo run --release -p dateline-extract --example eval -- /work/shared/data/extraction-dev
//! cargo run --release -p dateline-extract --example eval -- DIR --worst 20     # worst body-F1 pages
//! cargo run --release -p dateline-extract --example eval -- DIR --show l3s-gn1/123  # one page
//! cargo run --release -p dateline-extract --example eval -- DIR --snippets 20  # failed snippets
//! cargo run --release -p dateline-extract --example eval -- DIR --titles 20    # wrong titles
//! ```
//!
//! All pages are read and decompressed into memory first; extraction is then timed on one
//! thread. Pages get their truth URL as the fetched URL (a crawler knows it), so a date in
//! the URL counts; the date report says how many dates came from it.
#![allow(clippy::disallowed_types)]

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use dateline_extract::ExtractorBuilder;
use dateline_types::{Article, PageKind, RawPage, SourceRef};
use regex::Regex;
use serde_json::Value;

struct Case {
    source: String,
    id: String,
    truth: Value,
    page: RawPage,
}

fn load(dir: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for source in [
        "l3s-gn1",
        "cleanportaleval",
        "dragnet",
        "trafilatura-eval",
        "htmldate-eval",
    ] {
        let truth_path = dir.join(source).join("truth.jsonl");
        let Ok(truth) = std::fs::read_to_string(&truth_path) else {
            eprintln!(
                "note: `{}` not found, skipping `{source}`",
                truth_path.display()
            );
            continue;
        };
        for line in truth.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(t) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let id = t["id"].as_str().unwrap_or_default().to_string();
            let path = dir.join(source).join("html").join(format!("{id}.html.gz"));
            let Ok(file) = std::fs::File::open(&path) else {
                eprintln!("note: `{}` missing", path.display());
                continue;
            };
            let mut bytes = Vec::new();
            if flate2::read::GzDecoder::new(file)
                .read_to_end(&mut bytes)
                .is_err()
            {
                eprintln!("note: `{}` is not valid gzip", path.display());
                continue;
            }
            let mut src = SourceRef::file(format!("{source}/{id}"));
            src.url = t["url"].as_str().map(str::to_string);
            cases.push(Case {
                source: source.to_string(),
                id,
                truth: t,
                page: RawPage::new(src, PageKind::Html, bytes),
            });
        }
    }
    cases
}

/// Per-source accumulator: precisions, recalls, exact matches, pages.
type BodyAcc = (Vec<f64>, Vec<f64>, usize, usize);

fn tokens<'a>(re: &Regex, text: &'a str) -> Vec<&'a str> {
    re.find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles(tokens: &[&str]) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    if tokens.len() < 4 {
        *out.entry(tokens.join(" ")).or_insert(0) += 1;
        return out;
    }
    for w in tokens.windows(4) {
        *out.entry(w.join(" ")).or_insert(0) += 1;
    }
    out
}

/// (precision if defined, recall if defined, exact token match)
fn body_scores(re: &Regex, truth: &str, pred: &str) -> (Option<f64>, Option<f64>, bool) {
    let (tt, pt) = (tokens(re, truth), tokens(re, pred));
    let (ts, ps) = (shingles(&tt), shingles(&pt));
    let (mut tp, mut fp, mut fn_) = (0i64, 0i64, 0i64);
    for (k, &p) in &ps {
        let t = ts.get(k).copied().unwrap_or(0);
        tp += p.min(t);
        fp += (p - t).max(0);
    }
    for (k, &t) in &ts {
        let p = ps.get(k).copied().unwrap_or(0);
        fn_ += (t - p).max(0);
    }
    let precision = (tp + fp > 0).then(|| tp as f64 / (tp + fp) as f64);
    let recall = (tp + fn_ > 0).then(|| tp as f64 / (tp + fn_) as f64);
    (precision, recall, tt == pt)
}

fn norm_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(a: &Article) -> String {
    a.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn token_f1(re: &Regex, a: &str, b: &str) -> f64 {
    let (ta, tb) = (
        tokens(re, &a.to_lowercase()).len(),
        tokens(re, &b.to_lowercase()).len(),
    );
    if ta == 0 || tb == 0 {
        return 0.0;
    }
    let mut counts: HashMap<String, i64> = HashMap::new();
    for t in tokens(re, &a.to_lowercase()) {
        *counts.entry(t.to_string()).or_insert(0) += 1;
    }
    let mut common = 0;
    for t in tokens(re, &b.to_lowercase()) {
        if let Some(c) = counts.get_mut(t)
            && *c > 0
        {
            *c -= 1;
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let (p, r) = (common as f64 / tb as f64, common as f64 / ta as f64);
    2.0 * p * r / (p + r)
}

/// User + system CPU time of this process from `/proc/self/stat` (Linux; 10 ms ticks).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().cloned().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/extraction-dev"
        )
        .into()
    });
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let cases = load(Path::new(&dir));
    if cases.is_empty() {
        eprintln!("note: no pages found under `{dir}`; nothing to evaluate");
        return;
    }
    let extractor = ExtractorBuilder::new().build();

    if let Some(show) = flag("--show") {
        for c in cases
            .iter()
            .filter(|c| format!("{}/{}", c.source, c.id) == show)
        {
            match extractor.extract(&c.page) {
                Ok(a) => {
                    println!(
                        "title: {:?}\nurl: {:?}\ndate: {:?}\nauthors: {:?}\nsite: {:?}\nlang: {:?}",
                        a.title, a.url, a.published, a.authors, a.site, a.lang
                    );
                    println!(
                        "truth title: {:?} date: {:?} author: {:?}",
                        c.truth["title"], c.truth["date"], c.truth["author"]
                    );
                    println!("----- blocks");
                    for b in &a.blocks {
                        println!("[{:?}] {}", b.kind, b.text);
                    }
                    println!("----- removed");
                    for r in &a.removed {
                        println!("  - {r}");
                    }
                    if let Some(body) = c.truth["body"].as_str() {
                        println!("----- truth body\n{body}");
                    }
                    for key in ["with", "without"] {
                        if let Some(s) = c.truth[key].as_array() {
                            println!("----- {key}: {s:?}");
                        }
                    }
                }
                Err(e) => println!("error: {e}"),
            }
        }
        return;
    }

    // Speed: one thread, pages already in memory. Best of a few runs.
    let total_bytes: usize = cases.iter().map(|c| c.page.bytes.len()).sum();
    let runs: usize = flag("--runs").and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut results = Vec::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let cpu_start = cpu_seconds();
        let r: Vec<_> = cases.iter().map(|c| extractor.extract(&c.page)).collect();
        best = best.min(start.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu_start, cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
        results = r;
    }
    println!(
        "speed: {} pages, {:.1} MB in {:.3} s on one thread: {:.0} pages/s, {:.1} MB/s (wall clock)",
        cases.len(),
        total_bytes as f64 / 1e6,
        best,
        cases.len() as f64 / best,
        total_bytes as f64 / 1e6 / best
    );
    if best_cpu < f64::MAX && best_cpu > 0.0 {
        println!(
            "speed: {:.3} s of CPU time: {:.0} pages/s, {:.1} MB/s (CPU time, robust to a busy machine)",
            best_cpu,
            cases.len() as f64 / best_cpu,
            total_bytes as f64 / 1e6 / best_cpu
        );
    }
    let errors = results.iter().filter(|r| r.is_err()).count();
    println!("errors: {errors}");
    for (c, r) in cases.iter().zip(&results) {
        if let Err(e) = r {
            println!("  error {}/{}: {e}", c.source, c.id);
        }
    }

    let word = Regex::new(r"\w+").expect("valid regex");

    // Body F1.
    let mut per_source: HashMap<&str, BodyAcc> = HashMap::new();
    let mut all = (Vec::new(), Vec::new(), 0usize, 0usize);
    let mut page_f1 = Vec::new();
    for (c, r) in cases.iter().zip(&results) {
        let Some(truth) = c.truth["body"].as_str() else {
            continue;
        };
        let pred = r.as_ref().map(text_of).unwrap_or_default();
        let (p, rc, exact) = body_scores(&word, truth, &pred);
        let e = per_source.entry(c.source.as_str()).or_default();
        for acc in [&mut *e, &mut all] {
            if let Some(p) = p {
                acc.0.push(p);
            }
            if let Some(rc) = rc {
                acc.1.push(rc);
            }
            acc.2 += exact as usize;
            acc.3 += 1;
        }
        let f = match (p, rc) {
            (Some(p), Some(r)) if p + r > 0.0 => 2.0 * p * r / (p + r),
            (None, None) => 1.0,
            _ => 0.0,
        };
        page_f1.push((
            f,
            p.unwrap_or(0.0),
            rc.unwrap_or(0.0),
            format!("{}/{}", c.source, c.id),
        ));
    }
    let line = |name: &str, acc: &BodyAcc| {
        let (p, r) = (mean(&acc.0), mean(&acc.1));
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!(
            "body  {name:<16} pages {:>4}  P {p:.3}  R {r:.3}  F1 {f:.3}  exact {:.3}",
            acc.3,
            acc.2 as f64 / acc.3.max(1) as f64
        );
    };
    let mut names: Vec<_> = per_source.keys().copied().collect();
    names.sort();
    for n in names {
        line(n, &per_source[n]);
    }
    line("ALL", &all);

    if let Some(n) = flag("--worst").and_then(|n| n.parse::<usize>().ok()) {
        page_f1.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (f, p, r, id) in page_f1.iter().take(n) {
            println!("  worst {id:<40} F1 {f:.2} P {p:.2} R {r:.2}");
        }
    }

    // Snippets.
    let (mut tp, mut fp, mut fn_, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let show_snippets = flag("--snippets")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    let mut shown = 0;
    for (c, r) in cases.iter().zip(&results) {
        let (Some(with), Some(without)) =
            (c.truth["with"].as_array(), c.truth["without"].as_array())
        else {
            continue;
        };
        let text = r.as_ref().map(|a| norm_ws(&text_of(a))).unwrap_or_default();
        for s in with.iter().filter_map(Value::as_str) {
            if text.contains(&norm_ws(s)) {
                tp += 1;
            } else {
                fn_ += 1;
                if shown < show_snippets {
                    shown += 1;
                    // Whether the snippet was read but cut, or never read as one run of text.
                    let cut = r.as_ref().is_ok_and(|a| {
                        norm_ws(&a.removed.join(" ")).contains(&norm_ws(s))
                            || a.removed.iter().any(|t| norm_ws(t).contains(&norm_ws(s)))
                    });
                    let why = if cut { "cut" } else { "unread" };
                    println!("  missed  {}/{} ({why}): {s}", c.source, c.id);
                }
            }
        }
        for s in without.iter().filter_map(Value::as_str) {
            if text.contains(&norm_ws(s)) {
                fp += 1;
                if shown < show_snippets {
                    shown += 1;
                    println!("  leaked  {}/{}: {s}", c.source, c.id);
                }
            } else {
                tn += 1;
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "snippets trafilatura-eval  P {p:.3}  R {r:.3}  F1 {:.3}  accuracy {:.3}  (TP {tp} FP {fp} FN {fn_} TN {tn})",
        2.0 * p * r / (p + r).max(1e-9),
        (tp + tn) as f64 / (tp + fp + fn_ + tn).max(1) as f64
    );

    // Title and date.
    let (mut t_exact, mut t_f1, mut t_n) = (0usize, 0.0f64, 0usize);
    let show_titles = flag("--titles")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    let mut shown_titles = 0;
    let (mut d_tp, mut d_fp, mut d_fn, mut d_url) = (0usize, 0usize, 0usize, 0usize);
    let (mut a_f1, mut a_n) = (0.0f64, 0usize);
    for (c, r) in cases.iter().zip(&results) {
        let a = r.as_ref().ok();
        if let Some(t) = c.truth["title"].as_str() {
            t_n += 1;
            let got = a.and_then(|a| a.title.clone()).unwrap_or_default();
            let same = norm_ws(t) == norm_ws(&got);
            t_exact += same as usize;
            if !same && shown_titles < show_titles {
                shown_titles += 1;
                println!("  title {}/{}: want {t:?} got {got:?}", c.source, c.id);
            }
            t_f1 += token_f1(&word, t, &got);
        }
        if let Some(d) = c.truth["date"].as_str() {
            match a.and_then(|a| a.published.as_ref()) {
                Some(f) if f.date.to_string() == d => {
                    d_tp += 1;
                    d_url += (f.evidence.rule == "url") as usize;
                }
                Some(_) => d_fp += 1,
                None => d_fn += 1,
            }
        }
        if let Some(t) = c.truth["author"].as_str() {
            a_n += 1;
            let got = a.map(|a| a.authors.join("; ")).unwrap_or_default();
            a_f1 += token_f1(&word, t, &got);
        }
    }
    println!(
        "title  pages {t_n}  exact {:.3}  token-F1 {:.3}",
        t_exact as f64 / t_n.max(1) as f64,
        t_f1 / t_n.max(1) as f64
    );
    let dp = d_tp as f64 / (d_tp + d_fp).max(1) as f64;
    let dr = d_tp as f64 / (d_tp + d_fn).max(1) as f64;
    println!(
        "date   pages {}  P {dp:.3}  R {dr:.3}  F1 {:.3}  accuracy {:.3}  (correct from URL: {d_url})",
        d_tp + d_fp + d_fn,
        2.0 * dp * dr / (dp + dr).max(1e-9),
        d_tp as f64 / (d_tp + d_fp + d_fn).max(1) as f64
    );
    println!(
        "author pages {a_n}  token-F1 {:.3}",
        a_f1 / a_n.max(1) as f64
    );
}
