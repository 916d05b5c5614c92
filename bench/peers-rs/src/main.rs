//! Rust peer extractors for dateline's side-by-side benchmark.
//!
//! `dateline-bench-peers TOOL DIR` reads every `*.html` file under `DIR` (in
//! sorted path order), extracts it with `TOOL` (`trafilatura-rs`: the
//! `trafilatura` crate with default options; `dom-smoothie`: the `dom_smoothie`
//! Readability port with default config and formatted text) and prints one JSON
//! object per page: `source`, `body`, `title`, `published`, `author`, `error`,
//! `ns`, the wall-clock nanoseconds spent decoding and extracting that page,
//! and `cpu_ns`, the thread CPU time of the same (file reading and output are
//! not counted, the same as for the Python peers).
//! A peer's "found no main text" outcome is an empty body, not an error.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::json;

/// What one extractor gave for one page.
#[derive(Default)]
struct Extracted {
    body: String,
    title: Option<String>,
    published: Option<String>,
    author: Option<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(tool), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: dateline-bench-peers trafilatura-rs|dom-smoothie DIR");
        std::process::exit(2);
    };
    let extract: fn(&str) -> Result<Extracted, String> = match tool.as_str() {
        "trafilatura-rs" => extract_trafilatura,
        "dom-smoothie" => extract_dom_smoothie,
        other => {
            eprintln!("error: unknown tool `{other}`; use `trafilatura-rs` or `dom-smoothie`");
            std::process::exit(2);
        }
    };
    let mut files = Vec::new();
    collect(Path::new(dir), &mut files);
    files.sort();

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for path in files {
        let source = path.display().to_string();
        let record = match std::fs::read(&path) {
            Err(e) => json!({ "source": source, "error": format!("read: {e}"), "ns": 0 }),
            Ok(bytes) => {
                let start = Instant::now();
                let cpu_start = thread_cpu_ns();
                let html = decode(&bytes);
                // A panicking peer counts as a failed page, not a failed run.
                let result = std::panic::catch_unwind(|| extract(&html))
                    .unwrap_or_else(|_| Err("panic".to_string()));
                let ns = start.elapsed().as_nanos() as u64;
                let cpu_ns = thread_cpu_ns().saturating_sub(cpu_start);
                match result {
                    Ok(x) => json!({
                        "source": source, "body": x.body, "title": x.title,
                        "published": x.published, "author": x.author, "ns": ns, "cpu_ns": cpu_ns,
                    }),
                    Err(e) => json!({ "source": source, "error": e, "ns": ns, "cpu_ns": cpu_ns }),
                }
            }
        };
        if writeln!(out, "{record}").is_err() {
            return; // broken pipe: the reader is gone
        }
    }
    let _ = out.flush();
}

/// CPU time of the calling thread, in nanoseconds.
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0;
    }
    (ts.tv_sec as u64).saturating_mul(1_000_000_000).saturating_add(ts.tv_nsec as u64)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "html") {
            files.push(path);
        }
    }
}

/// Bytes to text: a BOM or `<meta charset>` in the first 4 KB wins, else chardetng guesses.
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode_with_bom_removal(bytes).0.into_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head.find("charset=").and_then(|i| {
        let rest = head[i + 8..].trim_start_matches(['"', '\'']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    let enc = declared.unwrap_or_else(|| {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        det.guess(None, chardetng::Utf8Detection::Allow)
    });
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

fn extract_trafilatura(html: &str) -> Result<Extracted, String> {
    let res = match trafilatura::extract(html, &trafilatura::Options::default()) {
        Ok(res) => res,
        // "Found no main text" is an empty result, as Python trafilatura's `None` is.
        Err(trafilatura::TrafilaturaError::InsufficientContent { .. }) => return Ok(Extracted::default()),
        Err(e) => return Err(e.to_string()),
    };
    let m = res.metadata;
    Ok(Extracted {
        body: res.content_text,
        title: non_empty(m.title),
        published: m.date.map(|d| d.format("%Y-%m-%d").to_string()),
        author: non_empty(m.author),
    })
}

fn extract_dom_smoothie(html: &str) -> Result<Extracted, String> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut r = dom_smoothie::Readability::new(html, None, Some(cfg)).map_err(|e| e.to_string())?;
    let a = match r.parse() {
        Ok(a) => a,
        // Readability's "no article here" is an empty result, not a failure.
        Err(dom_smoothie::ReadabilityError::GrabFailed) => return Ok(Extracted::default()),
        Err(e) => return Err(e.to_string()),
    };
    Ok(Extracted {
        body: a.text_content.to_string(),
        title: non_empty(a.title),
        published: a.published_time,
        author: a.byline.and_then(non_empty),
    })
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}
