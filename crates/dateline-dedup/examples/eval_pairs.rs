//! Measures near-duplicate pairing on a labelled set built from real press releases.
//!
//! ```text
//! cargo run --release -p dateline-dedup --example eval_pairs -- /work/shared/data/pressrel-dev [LIMIT]
//! ```
//!
//! Unpacks `prwire-2018-2024.tar.xz` (with the system `tar`) into a temporary
//! directory, reads up to LIMIT releases (default 3000), and builds:
//!
//! * positives: realistic copies of a release as another site would show it, one of
//!   six kinds (menu and footer lines added, last paragraph trimmed, whitespace and
//!   quote style changed, one sentence edited, all of these at once, and menus plus a
//!   trimmed paragraph plus an edit);
//! * negatives: pairs of different releases that share boilerplate, i.e. at least one
//!   identical long paragraph (same wire footer, same "About" or forward-looking
//!   statement), plus as many random pairs from the same wire.
//!
//! A pair is predicted "same story" when the two share an LSH bucket and their
//! estimated Jaccard similarity reaches the threshold, exactly as the archive decides.
//! Prints precision, recall and F1 per threshold.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

// The pressrel-dev reader the store's examples use (unpack, walk).
#[path = "../../dateline-store/examples/support/pressrel.rs"]
#[allow(dead_code)]
mod pressrel;

use dateline_dedup::{Dedup, DedupConfig, normalize};
use dateline_types::Release;

struct Doc {
    wire: String,
    title: String,
    paras: Vec<String>,
}

fn read_docs(root: &Path, limit: usize) -> Vec<Doc> {
    let files = pressrel::md_files(root);
    // Spread the sample over all wires and years.
    let step = (files.len() / limit.max(1)).max(1);
    files
        .into_iter()
        .step_by(step)
        .take(limit)
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let wire = p
                .strip_prefix(root)
                .ok()?
                .components()
                .next()?
                .as_os_str()
                .to_string_lossy()
                .into_owned();
            let mut lines = text.lines();
            let title = lines.next()?.trim_start_matches('#').trim().to_string();
            let rest: String = lines.collect::<Vec<_>>().join("\n");
            // A trailing `---` block of links is not part of the release.
            let body = rest.rsplit_once("\n---").map_or(rest.as_str(), |(b, _)| b);
            let paras: Vec<String> = body
                .split("\n\n")
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
            (paras.len() >= 3 && body.split_whitespace().count() >= 80).then_some(Doc {
                wire,
                title,
                paras,
            })
        })
        .collect()
}

/// A tiny deterministic generator, so the set is the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const MENUS: &[&str] = &[
    "Home | News | Press Releases | Contact Us",
    "Skip to main content",
    "Share this article: Facebook Twitter LinkedIn Email",
    "Subscribe to our newsletter for the latest updates",
    "Related stories",
    "© 2024 All rights reserved. Privacy Policy | Terms of Use",
    "Back to top",
];

fn variant(doc: &Doc, kind: usize, rng: &mut Rng) -> Vec<String> {
    let mut p = doc.paras.clone();
    let add_menus = |p: &mut Vec<String>, rng: &mut Rng| {
        p.insert(0, MENUS[rng.below(MENUS.len())].to_string());
        p.insert(0, MENUS[rng.below(MENUS.len())].to_string());
        p.push(MENUS[rng.below(MENUS.len())].to_string());
        p.push(MENUS[rng.below(MENUS.len())].to_string());
    };
    let trim = |p: &mut Vec<String>| {
        if p.len() > 2 {
            p.pop();
        }
    };
    let restyle = |p: &mut Vec<String>| {
        for x in p.iter_mut() {
            *x = x
                .replace('"', "“")
                .replace('\'', "’")
                .replace(" - ", " – ")
                .replace(". ", ".  ")
                .replace(',', " ,");
        }
    };
    let edit = |p: &mut Vec<String>, rng: &mut Rng| {
        let i = rng.below(p.len());
        let words: Vec<&str> = p[i].split_whitespace().collect();
        if words.len() > 6 {
            let at = rng.below(words.len() - 3);
            let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            w.splice(
                at..at + 3,
                ["(updated", "figures", "below)"].map(String::from),
            );
            p[i] = w.join(" ");
        }
    };
    match kind {
        0 => add_menus(&mut p, rng),
        1 => trim(&mut p),
        2 => restyle(&mut p),
        3 => edit(&mut p, rng),
        4 => {
            add_menus(&mut p, rng);
            trim(&mut p);
            restyle(&mut p);
            edit(&mut p, rng);
        }
        _ => {
            add_menus(&mut p, rng);
            trim(&mut p);
            edit(&mut p, rng);
        }
    }
    p
}

fn release(paras: &[String]) -> Release {
    Release {
        body: paras.join("\n\n"),
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
    let limit: usize = args.next().map_or(Ok(3000), |s| s.parse())?;
    let archive = data.join(pressrel::TARBALL);
    if !archive.exists() {
        eprintln!(
            "note: `{}` not found; nothing to evaluate",
            archive.display()
        );
        return Ok(());
    }
    let tmp = std::env::temp_dir().join(format!("dateline-eval-pairs-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    pressrel::unpack(&archive, &tmp)?;
    let docs = read_docs(&tmp, limit);
    let _ = std::fs::remove_dir_all(&tmp);
    eprintln!("{} releases read", docs.len());

    let dedup: Dedup = DedupConfig::default().build()?;
    let fps: Vec<_> = docs
        .iter()
        .map(|d| dedup.fingerprint(&release(&d.paras)))
        .collect();

    // (similarity, shares a bucket, is a true pair, kind)
    let mut pairs: Vec<(f64, bool, bool, &'static str)> = Vec::new();
    let score = |a: &dateline_dedup::Fingerprint, b: &dateline_dedup::Fingerprint| {
        let ba = dedup.bands(a);
        let bb = dedup.bands(b);
        (
            dedup.similarity(a, b),
            ba.iter().zip(&bb).any(|(x, y)| x == y),
        )
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    const KINDS: [&str; 6] = [
        "menus",
        "trimmed",
        "restyled",
        "edited",
        "all",
        "menus+trim+edit",
    ];
    for (i, doc) in docs.iter().enumerate() {
        let kind = i % KINDS.len();
        let v = dedup.fingerprint(&release(&variant(doc, kind, &mut rng)));
        let (s, c) = score(&fps[i], &v);
        pairs.push((s, c, true, KINDS[kind]));
    }

    // Negatives sharing boilerplate: releases with an identical long paragraph.
    let mut by_para: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        for p in &d.paras {
            let n = normalize(p);
            if n.split(' ').count() >= 15 {
                by_para.entry(n).or_default().push(i);
            }
        }
    }
    let mut shared: BTreeMap<(usize, usize), ()> = BTreeMap::new();
    for ids in by_para.values() {
        for (x, &a) in ids.iter().enumerate().take(20) {
            for &b in ids.iter().skip(x + 1).take(20) {
                if a != b && normalize(&docs[a].title) != normalize(&docs[b].title) {
                    shared.insert((a.min(b), a.max(b)), ());
                }
            }
        }
    }
    let boilerplate = shared.len();
    for &(a, b) in shared.keys() {
        let (s, c) = score(&fps[a], &fps[b]);
        if s >= 0.7 && std::env::var_os("EVAL_SHOW").is_some() {
            eprintln!(
                "negative at {s:.2}: `{}` / `{}`",
                docs[a].title, docs[b].title
            );
        }
        pairs.push((s, c, false, "shared-boilerplate"));
    }
    let mut by_wire: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_wire.entry(&d.wire).or_default().push(i);
    }
    let wires: Vec<&Vec<usize>> = by_wire.values().filter(|v| v.len() > 1).collect();
    for _ in 0..boilerplate.max(docs.len()) {
        let w = wires[rng.below(wires.len())];
        let (a, b) = (w[rng.below(w.len())], w[rng.below(w.len())]);
        if a != b && normalize(&docs[a].title) != normalize(&docs[b].title) {
            let (s, c) = score(&fps[a], &fps[b]);
            pairs.push((s, c, false, "same-wire"));
        }
    }
    let positives = pairs.iter().filter(|p| p.2).count();
    println!(
        "{} pairs: {} positives (6 kinds of copy), {} negatives ({} sharing a long paragraph)",
        pairs.len(),
        positives,
        pairs.len() - positives,
        boilerplate
    );
    println!("config: {:?}", dedup.config());
    println!("\nthreshold  precision  recall   F1      fp   fn");
    for t in [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] {
        let (mut tp, mut fp, mut fnn) = (0usize, 0usize, 0usize);
        for &(s, c, truth, _) in &pairs {
            let predicted = c && s >= t;
            match (predicted, truth) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fnn += 1,
                _ => {}
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fnn).max(1) as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!("{t:>9.2}  {p:>9.4}  {r:>6.4}  {f1:.4}  {fp:>4} {fnn:>4}");
    }
    println!(
        "\nrecall by kind of copy at the default threshold {}:",
        dedup.config().threshold
    );
    for kind in KINDS {
        let of: Vec<_> = pairs.iter().filter(|p| p.2 && p.3 == kind).collect();
        let hit = of
            .iter()
            .filter(|p| p.1 && p.0 >= dedup.config().threshold)
            .count();
        let min = of.iter().map(|p| p.0).fold(1.0, f64::min);
        println!(
            "  {kind:<16} {hit}/{} (lowest similarity {min:.2})",
            of.len()
        );
    }
    let worst_neg = pairs
        .iter()
        .filter(|p| !p.2)
        .map(|p| p.0)
        .fold(0.0, f64::max);
    println!("highest similarity of a negative pair: {worst_neg:.2}");
    Ok(())
}
