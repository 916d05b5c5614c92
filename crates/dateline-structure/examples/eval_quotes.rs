//! Scores direct-quote extraction and speaker attribution on PolNeAR.
//!
//! ```text
//! cargo run --release -p dateline-structure --example eval_quotes -- /work/shared/data/quotes-dev/polnear
//! ```
//!
//! Unpacks `polnear-train-dev.tar.xz` (with the system `tar`) into a temporary
//! directory, then for `train` and `dev` separately: keeps the annotated attributions
//! whose Content span starts with a quotation mark (direct quotes; one annotator per
//! article), runs the quote finder on each article (first line as title, other lines
//! as paragraphs) and reports
//!
//! * recall: gold quotes overlapped by a predicted quote,
//! * precision: predicted quotes overlapping a gold direct quote (and, leniently,
//!   any annotated Content span, since partial quotes inside indirect speech are
//!   annotated as indirect content),
//! * speaker accuracy: matched gold quotes whose predicted speaker shares a name
//!   token with the person the Source span names (pronoun Sources resolved to the
//!   nearest earlier named Source; a descriptive Source such as `the governor` also
//!   matches a prediction whose role shares a word with it).
//!
//! `EVAL_VERBOSE=1` prints every miss and wrong speaker; `EVAL_ARTICLE=part` prints
//! every prediction for the articles whose name contains `part`.
//!
//! It calls the crate's `quotes::find_quotes`, exactly the code the structure stage runs.

use dateline_structure::quotes;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One span of a brat annotation, in characters.
#[derive(Debug, Clone)]
struct TSpan {
    kind: String,
    start: usize,
    end: usize,
    text: String,
}

/// A gold direct quote.
#[derive(Debug, Clone)]
struct Gold {
    start: usize,
    end: usize,
    /// Name tokens of the speaker (lower case), empty when unknown.
    speaker: Vec<String>,
    /// Whether the source names someone (else it is a description like `a spokesman`).
    named: bool,
    source: String,
}

#[derive(Default, Debug)]
struct Score {
    articles: usize,
    gold: usize,
    found: usize,
    predicted: usize,
    precise: usize,
    precise_any: usize,
    attributed: usize,
    speaker_right: usize,
    speaker_known: usize,
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/quotes-dev/polnear"
        )
        .into()
    });
    let archive = Path::new(&dir).join("polnear-train-dev.tar.xz");
    if !archive.exists() {
        eprintln!(
            "note: `{}` not found; pass the PolNeAR folder as the first argument",
            archive.display()
        );
        return;
    }
    let tmp = std::env::temp_dir().join(format!("dateline-polnear-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&tmp) {
        eprintln!("error: could not create `{}`: {e}", tmp.display());
        std::process::exit(2);
    }
    let status = Command::new("tar")
        .arg("-xJf")
        .arg(&archive)
        .arg("-C")
        .arg(&tmp)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!(
            "error: could not unpack `{}` with `tar -xJf`; is xz installed?",
            archive.display()
        );
        std::process::exit(2);
    }
    let verbose = std::env::var_os("EVAL_VERBOSE").is_some();
    for split in ["train", "dev"] {
        let started = std::time::Instant::now();
        let score = eval_split(&tmp.join(split), verbose);
        let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        println!(
            "{split}: articles {} gold direct quotes {} predicted {} | recall {:.3} precision {:.3} (lenient {:.3}) | speaker accuracy {:.3} ({} of {} matched; {:.3} attributed) | {:.2?}",
            score.articles,
            score.gold,
            score.predicted,
            pct(score.found, score.gold),
            pct(score.precise, score.predicted),
            pct(score.precise_any, score.predicted),
            pct(score.speaker_right, score.speaker_known),
            score.speaker_right,
            score.speaker_known,
            pct(score.attributed, score.found),
            started.elapsed(),
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

fn eval_split(dir: &Path, verbose: bool) -> Score {
    let mut score = Score::default();
    let Ok(entries) = std::fs::read_dir(dir.join("text")) else {
        eprintln!("note: `{}` has no text/ folder", dir.display());
        return score;
    };
    let mut names: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    names.sort();
    let mut anns: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir.join("attributions")) {
        for p in entries.filter_map(Result::ok).map(|e| e.path()) {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            if let Some((article, _annotator)) = stem.rsplit_once('_') {
                anns.entry(article.to_string()).or_default().push(p);
            }
        }
    }
    for path in names {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let Some(ann_files) = anns.get_mut(&stem) else {
            continue;
        };
        ann_files.sort();
        let Some(ann) = ann_files.first() else {
            continue;
        };
        let (Ok(text), Ok(ann)) = (std::fs::read_to_string(&path), std::fs::read_to_string(ann))
        else {
            continue;
        };
        score.articles += 1;
        let chars: Vec<char> = text.chars().collect();
        let (golds, contents) = gold_quotes(&ann);
        score.gold += golds.len();

        // Lines with their character offsets.
        let mut lines: Vec<(usize, String)> = Vec::new();
        let mut at = 0;
        for line in text.split('\n') {
            lines.push((at, line.to_string()));
            at += line.chars().count() + 1;
        }
        let title = lines.first().map(|(_, l)| l.clone());
        let paras: Vec<(usize, String)> = lines
            .into_iter()
            .skip(1)
            .filter(|(_, l)| !l.trim().is_empty())
            .collect();
        let paragraphs: Vec<String> = paras.iter().map(|(_, l)| l.clone()).collect();
        let predicted = quotes::find_quotes(title.as_deref(), &paragraphs);
        score.predicted += predicted.len();
        if std::env::var("EVAL_ARTICLE").is_ok_and(|a| stem.contains(&a)) {
            for q in &predicted {
                println!(
                    "PRED {stem}: {:?} [{}] ({:?}) :: {}",
                    q.speaker,
                    q.evidence.rule,
                    q.evidence.span,
                    q.text.chars().take(60).collect::<String>()
                );
            }
        }

        // Locate each prediction in the article (character offsets).
        let mut cursor = 0;
        let mut located: Vec<(usize, usize)> = Vec::new();
        for q in &predicted {
            let probe: String = q.text.chars().take(40).collect();
            let start =
                find_chars(&chars, &probe, cursor).or_else(|| find_chars(&chars, &probe, 0));
            match start {
                Some(s) => {
                    cursor = s + 1;
                    located.push((s, s + q.text.chars().count()));
                }
                None => located.push((usize::MAX, usize::MAX)),
            }
        }
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        for &loc in &located {
            if golds.iter().any(|g| overlaps(loc, (g.start, g.end))) {
                score.precise += 1;
            }
            if contents.iter().any(|&c| overlaps(loc, c)) {
                score.precise_any += 1;
            }
        }
        for g in &golds {
            let hit = located
                .iter()
                .position(|&loc| overlaps(loc, (g.start, g.end)));
            let Some(k) = hit else {
                if verbose {
                    let t: String = chars
                        .get(g.start..g.end)
                        .unwrap_or_default()
                        .iter()
                        .collect();
                    println!("MISS {stem}: {t}");
                }
                continue;
            };
            score.found += 1;
            let q = &predicted[k];
            if q.speaker.is_some() {
                score.attributed += 1;
            }
            if g.speaker.is_empty() {
                continue;
            }
            score.speaker_known += 1;
            // A nominal gold source (`the governor`) also matches the role the
            // prediction gives its speaker (`Chris Christie`, role `governor`).
            let described = if g.named {
                ""
            } else {
                q.speaker_role.as_deref().unwrap_or("")
            };
            let said: Vec<String> = format!("{} {described}", q.speaker.as_deref().unwrap_or(""))
                .split(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'')
                .filter(|w| !w.is_empty())
                .map(|w| w.to_lowercase())
                .collect();
            let right = said
                .iter()
                .any(|w| g.speaker.contains(w) && !STOP.contains(&w.as_str()));
            if right {
                score.speaker_right += 1;
            } else if verbose {
                println!(
                    "SPEAKER {stem}: gold {:?} ({}) predicted {:?} [{}] :: {}",
                    g.speaker,
                    g.source,
                    q.speaker,
                    q.evidence.rule,
                    q.text.chars().take(60).collect::<String>()
                );
            }
        }
    }
    score
}

const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "mr",
    "ms",
    "mrs",
    "dr",
    "sen",
    "rep",
    "gov",
    "president",
    "s",
];

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "him", "her", "his", "it", "we", "i", "you", "them", "who", "which",
];

fn find_chars(hay: &[char], needle: &str, from: usize) -> Option<usize> {
    let n: Vec<char> = needle.chars().collect();
    if n.is_empty() || hay.len() < n.len() {
        return None;
    }
    (from..=hay.len() - n.len()).find(|&i| hay[i..i + n.len()] == n[..])
}

/// The gold direct quotes of one annotation file, and every Content span.
fn gold_quotes(ann: &str) -> (Vec<Gold>, Vec<(usize, usize)>) {
    let mut spans: BTreeMap<String, TSpan> = BTreeMap::new();
    let mut events: Vec<BTreeMap<String, String>> = Vec::new();
    for line in ann.lines() {
        let mut parts = line.split('\t');
        let (Some(id), Some(body)) = (parts.next(), parts.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let text = parts.next().unwrap_or("").to_string();
            let mut it = body.split([' ', ';']);
            let kind = it.next().unwrap_or("").to_string();
            let nums: Vec<usize> = it.filter_map(|n| n.parse().ok()).collect();
            let (Some(&start), Some(&end)) = (nums.first(), nums.last()) else {
                continue;
            };
            spans.insert(
                id.to_string(),
                TSpan {
                    kind,
                    start,
                    end,
                    text,
                },
            );
        } else if id.starts_with('E') {
            let mut roles = BTreeMap::new();
            for part in body.split_whitespace() {
                if let Some((role, t)) = part.split_once(':') {
                    let role: String = role.chars().filter(|c| c.is_alphabetic()).collect();
                    roles.insert(role, t.to_string());
                }
            }
            events.push(roles);
        }
    }
    // Named sources in text order, for resolving pronouns.
    let mut named: Vec<(usize, Vec<String>)> = spans
        .values()
        .filter(|s| s.kind == "Source")
        .filter_map(|s| {
            let names = name_tokens(&s.text);
            (!names.is_empty()).then_some((s.start, names))
        })
        .collect();
    named.sort();
    let mut golds = Vec::new();
    let mut contents = Vec::new();
    for e in &events {
        let Some(content) = e.get("Content").and_then(|t| spans.get(t)) else {
            continue;
        };
        contents.push((content.start, content.end));
        if !content.text.starts_with(['“', '"', '‘', '\'', '«']) {
            continue;
        }
        let source = e.get("Source").and_then(|t| spans.get(t));
        let mut speaker = Vec::new();
        let mut is_named = true;
        let mut source_text = String::new();
        if let Some(s) = source {
            source_text = s.text.clone();
            let lower = s.text.to_lowercase();
            if PRONOUNS.contains(&lower.trim()) {
                if let Some((_, names)) = named.iter().rev().find(|(at, _)| *at < s.start) {
                    speaker = names.clone();
                }
            } else {
                speaker = name_tokens(&s.text);
                if speaker.is_empty() {
                    is_named = false;
                    // A nominal source (`a spokesman`): its content words.
                    speaker = s
                        .text
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| w.len() > 2)
                        .map(|w| w.to_lowercase())
                        .filter(|w| !STOP.contains(&w.as_str()))
                        .collect();
                }
            }
        }
        golds.push(Gold {
            start: content.start,
            end: content.end,
            speaker,
            named: is_named,
            source: source_text,
        });
    }
    (golds, contents)
}

/// Capitalized words of a source span, lower-cased (`Sen. Ted Cruz` -> `ted`, `cruz`).
fn name_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'')
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(|w| {
            w.trim_end_matches("’s")
                .trim_end_matches("'s")
                .to_lowercase()
        })
        .filter(|w| !STOP.contains(&w.as_str()) && !PRONOUNS.contains(&w.as_str()))
        .collect()
}
