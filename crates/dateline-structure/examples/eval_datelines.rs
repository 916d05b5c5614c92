//! Dateline evaluation on Reuters-21578: place accuracy against `<DATELINE>`, date accuracy
//! against `<DATE>`.
//!
//! ```text
//! cargo run --release -p dateline-structure --example eval_datelines -- /work/shared/data/datelines-dev/reuters21578
//! ```
//!
//! Each story is read the way it is printed (`SALVADOR, Feb 26 - Showers continued ...`),
//! one block per line, through the public [`Structurer`]; `<DATE>` is given as the crawl
//! date so the year can be filled in. The archive is unpacked with `tar -xJf` into a
//! temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use dateline_structure::{StructureOptions, Structurer};
use dateline_types::{Article, Block, SourceRef};

struct Story {
    dateline: String,
    date: String,
    body: String,
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let end = s.get(start..)?.find(close)? + start;
    s.get(start..end)
}

fn unescape(s: &str) -> String {
    let mut out = s
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    // Control-character entities (`&#3;`) are noise.
    while let Some(i) = out.find("&#") {
        let Some(j) = out.get(i..).and_then(|r| r.find(';')) else {
            break;
        };
        out.replace_range(i..i + j + 1, "");
    }
    out
}

fn stories(dir: &Path) -> Vec<Story> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "sgm"));
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for chunk in text.split("</REUTERS>") {
            let (Some(dateline), Some(date), Some(body)) = (
                between(chunk, "<DATELINE>", "</DATELINE>"),
                between(chunk, "<DATE>", "</DATE>"),
                between(chunk, "<BODY>", "</BODY>"),
            ) else {
                continue;
            };
            out.push(Story {
                dateline: unescape(dateline),
                date: date.trim().to_string(),
                body: unescape(body),
            });
        }
    }
    out
}

/// `26-FEB-1987 15:01:01.79` -> `1987-02-26`.
fn iso_date(reuters: &str) -> Option<String> {
    let day_part = reuters.split_whitespace().next()?;
    let mut parts = day_part.split('-');
    let d: u32 = parts.next()?.parse().ok()?;
    let m = match parts.next()?.to_ascii_uppercase().as_str() {
        "JAN" => 1,
        "FEB" => 2,
        "MAR" => 3,
        "APR" => 4,
        "MAY" => 5,
        "JUN" => 6,
        "JUL" => 7,
        "AUG" => 8,
        "SEP" => 9,
        "OCT" => 10,
        "NOV" => 11,
        "DEC" => 12,
        _ => return None,
    };
    let y: u32 = parts.next()?.parse().ok()?;
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The place part of a raw dateline: `    BAHIA BLANCA, Argentina, Feb 26 - ` -> `BAHIA BLANCA`.
fn truth_place(dateline: &str) -> String {
    let t = dateline.trim().trim_end_matches('-').trim();
    t.split(',').next().unwrap_or("").trim().to_string()
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!(
            "error: no data folder given\nhint: pass `/work/shared/data/datelines-dev/reuters21578`"
        );
        return ExitCode::from(2);
    };
    let archive = Path::new(&dir).join("reut2-000-010.sgm.tar.xz");
    let tmp = std::env::temp_dir().join(format!("dateline-reuters-{}", std::process::id()));
    if std::fs::create_dir_all(&tmp).is_err() {
        eprintln!("error: cannot create `{}`", tmp.display());
        return ExitCode::from(2);
    }
    let status = Command::new("tar")
        .arg("-xJf")
        .arg(&archive)
        .arg("-C")
        .arg(&tmp)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!(
            "error: could not unpack `{}` with `tar -xJf`\nhint: check the path and that `tar` and `xz` are installed",
            archive.display()
        );
        return ExitCode::from(2);
    }
    let stories = stories(&tmp);
    let _ = std::fs::remove_dir_all(&tmp);
    let structurer = Structurer::new(StructureOptions::default());
    let (mut n, mut place_ok, mut found, mut country, mut dm_ok, mut full_ok, mut dated) =
        (0, 0, 0, 0, 0, 0, 0);
    let mut misses: Vec<String> = Vec::new();
    let started = Instant::now();
    for s in &stories {
        let truth = truth_place(&s.dateline);
        if truth.is_empty() {
            continue;
        }
        n += 1;
        let mut lines = s.body.lines();
        let first = format!("{}{}", s.dateline.trim_start(), lines.next().unwrap_or(""));
        let blocks: Vec<Block> = std::iter::once(first)
            .chain(lines.map(|l| l.trim().to_string()))
            .filter(|l| !l.trim().is_empty())
            .map(Block::paragraph)
            .collect();
        let crawl = iso_date(&s.date);
        let article = Article {
            source: SourceRef {
                crawl_date: crawl.clone(),
                ..SourceRef::file("reuters")
            },
            blocks,
            lang: Some("en".into()),
            ..Article::default()
        };
        let release = structurer.structure(&article);
        match &release.dateline {
            Some(d) => {
                found += 1;
                if d.place.eq_ignore_ascii_case(&truth) {
                    place_ok += 1;
                } else if misses.len() < 25 {
                    misses.push(format!("{truth:?} -> {:?}", d.place));
                }
                if d.country.is_some() {
                    country += 1;
                }
            }
            None => {
                if misses.len() < 25 {
                    misses.push(format!("{truth:?} -> none ({:?})", s.dateline.trim()));
                }
            }
        }
        if let (Some(p), Some(c)) = (release.published, crawl.as_deref()) {
            dated += 1;
            let pd = p.to_string();
            if pd.get(pd.len().saturating_sub(5)..) == c.get(5..) {
                dm_ok += 1;
            }
            if pd == c {
                full_ok += 1;
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let share = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    println!("stories with a dateline: {n}");
    println!("dateline found:          {found} ({:.4})", share(found));
    println!(
        "place accuracy:          {place_ok} ({:.4})",
        share(place_ok)
    );
    println!("country resolved:        {country} ({:.4})", share(country));
    println!("date found:              {dated} ({:.4})", share(dated));
    println!("date day+month correct:  {dm_ok} ({:.4})", share(dm_ok));
    println!("full date correct:       {full_ok} ({:.4})", share(full_ok));
    println!(
        "speed:                   {:.0} stories/s",
        n as f64 / secs.max(1e-9)
    );
    if !misses.is_empty() {
        println!("\nfirst misses:");
        for m in misses {
            println!("  {m}");
        }
    }
    ExitCode::SUCCESS
}
