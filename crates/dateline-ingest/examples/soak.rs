//! A fuzz smoke runner that needs neither nightly nor cargo-fuzz: for a given time, feeds
//! random and mutated inputs through the HTML extractor and the WARC reader (the two
//! `fuzz/` targets) and stops at the first panic, saving the input that caused it.
//!
//! `cargo run --release -p dateline-ingest --example soak -- --seconds 60 [--seed 7]`

#[path = "../tests/it/warcgen.rs"]
mod warcgen;

use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dateline_extract::ExtractorBuilder;
use dateline_ingest::{ReadOptions, read_warc};
use dateline_types::{PageKind, RawPage, SourceRef};

/// xorshift64*: small, deterministic for a given seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const TOKENS: &[&[u8]] = &[
    b"<div>",
    b"</div>",
    b"<p>",
    b"</p>",
    b"<script>",
    b"</script>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"<table><tr><td>",
    b"&amp;",
    b"&#x1F600;",
    b"&#99999999;",
    b"<meta charset=\"windows-1251\">",
    b"<meta charset=\"utf-16\">",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\0",
    b"\r\n\r\n",
    b"WARC/1.1\r\n",
    b"Content-Length: 99999999999\r\n",
    b"Content-Length: -1\r\n",
    b"WARC-Type: response\r\n",
    b"HTTP/1.1 200 OK\r\n",
    b"Transfer-Encoding: chunked\r\n",
    b"Content-Encoding: gzip\r\n",
    b"\x1f\x8b\x08\0\0\0\0\0",
    b"GENEVA, 12 March 2021 (IOM) \xe2\x80\x93 ",
    b"\xe2\x80\x9c",
    b"said ",
    b"Email: a@b.example",
    b"<h1>",
    b"<title>",
    b"<script type=\"application/ld+json\">{\"datePublished\":",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    for _ in 0..=rng.below(8) {
        let len = input.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let at = rng.below(len + 1);
                input.splice(at..at, token.iter().copied());
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(4096)).min(len);
                input.drain(a..b);
            }
            4 if len > 0 => input.truncate(rng.below(len)),
            5 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(512)).min(len);
                let chunk = input[a..b].to_vec();
                let at = rng.below(len + 1);
                input.splice(
                    at..at,
                    chunk
                        .iter()
                        .copied()
                        .cycle()
                        .take(chunk.len() * (1 + rng.below(20))),
                );
            }
            6 => {
                // Deep nesting, to check that nothing recurses per element.
                let depth = 1000 + rng.below(20_000);
                let at = rng.below(len + 1);
                input.splice(
                    at..at,
                    b"<div><span>".iter().copied().cycle().take(11 * depth),
                );
            }
            _ => {
                let n = rng.below(256);
                let at = rng.below(len + 1);
                let noise: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                input.splice(at..at, noise);
            }
        }
    }
}

fn corpus() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"));
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                out.push(bytes);
            }
        }
    }
    let page =
        "<!doctype html><html><body><p>GENEVA, 1 May 2020 (IOM) – A release.</p></body></html>";
    let records = vec![
        warcgen::warcinfo(),
        warcgen::request("https://x.example/"),
        warcgen::html_response("https://x.example/", page),
        warcgen::image_response("https://x.example/a.png"),
    ];
    out.push(warcgen::plain(&records).0);
    out.push(warcgen::gzip_members(&records).0);
    let chunked = warcgen::http(
        "200 OK",
        &[
            ("Content-Type", "text/html"),
            ("Transfer-Encoding", "chunked"),
            ("Content-Encoding", "gzip"),
        ],
        &warcgen::chunked(&warcgen::gzip(page.as_bytes()), 7),
    );
    out.push(warcgen::record(
        "response",
        "https://c.example/",
        "application/http",
        &chunked,
    ));
    out
}

fn save(input: &[u8], target: &str, iteration: u64) -> PathBuf {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/soak-failures"
    ));
    let _ = std::fs::create_dir_all(dir);
    let path = dir.join(format!("{target}-{iteration}.bin"));
    let _ = std::fs::write(&path, input);
    path
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let seconds = arg("--seconds", 10);
    let seed = arg("--seed", 0x5eed);
    let mut rng = Rng(seed | 1);
    let corpus = corpus();
    let extractor = ExtractorBuilder::new().build();
    let options = ReadOptions {
        max_page_bytes: 1 << 20,
    };
    panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));

    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let (mut iterations, mut bytes, mut pages, mut errors) = (0u64, 0u64, 0u64, 0u64);
    while Instant::now() < deadline {
        iterations += 1;
        let mut input = if rng.below(10) == 0 {
            (0..rng.below(4096)).map(|_| rng.next() as u8).collect()
        } else {
            corpus[rng.below(corpus.len())].clone()
        };
        mutate(&mut rng, &mut input);
        if rng.below(4) == 0 {
            input = warcgen::gzip(&input);
        }
        bytes += input.len() as u64;

        let kind = if rng.below(5) == 0 {
            PageKind::Text
        } else {
            PageKind::Html
        };
        let page = RawPage::new(SourceRef::file("soak"), kind, input.clone());
        if panic::catch_unwind(AssertUnwindSafe(|| {
            let _ = extractor.extract(&page);
        }))
        .is_err()
        {
            eprintln!(
                "extract_html panicked; input saved to {}",
                save(&input, "extract_html", iterations).display()
            );
            std::process::exit(1);
        }

        let warc_input = input.clone();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            let mut n = (0u64, 0u64);
            for item in read_warc(
                "soak.warc",
                std::io::Cursor::new(warc_input),
                options.clone(),
            ) {
                match item {
                    Ok(page) => {
                        n.0 += 1;
                        let _ = page.bytes.as_slice().bytes().count();
                    }
                    Err(_) => n.1 += 1,
                }
            }
            n
        }));
        match outcome {
            Ok((p, e)) => {
                pages += p;
                errors += e;
            }
            Err(_) => {
                eprintln!(
                    "read_warc panicked; input saved to {}",
                    save(&input, "read_warc", iterations).display()
                );
                std::process::exit(1);
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "soak: {iterations} inputs ({:.1} MB) in {secs:.1} s, seed {seed}: no panic; \
         the WARC reader gave {pages} pages and {errors} errors",
        bytes as f64 / 1e6
    );
}
