//! The floor under the extractor's speed: lol_html alone over the pages of a folder, with
//! handlers that do no work. It shows what any extractor built on lol_html's element,
//! end-tag and text callbacks pays before it does anything, so the one-core figures in
//! BENCHMARKS.md can be read against it.
//!
//! ```text
//! cargo run --release -p dateline-extract --example parse_floor -- ../shared/data/extraction-dev
//! ```

use std::cell::Cell;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use lol_html::{EndTagHandler, HtmlRewriter, MemorySettings, Settings, doc_text, element};

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("error: no folder given\nhint: pass `../shared/data/extraction-dev`");
        return ExitCode::from(2);
    };
    let mut pages = Vec::new();
    collect(Path::new(&dir), &mut pages);
    if pages.is_empty() {
        eprintln!("error: no `.html` or `.html.gz` pages under `{dir}`");
        return ExitCode::from(2);
    }
    let bytes: usize = pages.iter().map(String::len).sum();
    println!(
        "{} pages, {:.1} MB of HTML in memory",
        pages.len(),
        bytes as f64 / 1e6
    );
    for (label, handlers, end_tags) in [
        ("tokenizing only, no handlers", false, false),
        ("every element and text chunk", true, false),
        ("every element, end tag and text chunk", true, true),
    ] {
        let started = Instant::now();
        let mut seen = 0usize;
        for page in &pages {
            seen += run(page, handlers, end_tags);
        }
        let s = started.elapsed().as_secs_f64();
        println!(
            "{label:<40} {:>7.0} pages/s {:>6.0} MB/s ({seen} events)",
            pages.len() as f64 / s,
            bytes as f64 / s / 1e6
        );
    }
    ExitCode::SUCCESS
}

fn run(page: &str, handlers: bool, end_tags: bool) -> usize {
    let seen = Cell::new(0usize);
    let mut settings = Settings::new().with_memory_settings(
        MemorySettings::new().with_preallocated_parsing_buffer_size(16 * 1024),
    );
    if handlers {
        settings = settings
            .append_element_content_handler(element!("*", |el| {
                seen.set(seen.get() + 1);
                if end_tags && el.can_have_content() {
                    let handler: EndTagHandler<'static> = Box::new(|_end| Ok(()));
                    el.on_end_tag(handler)?;
                }
                Ok(())
            }))
            .append_document_content_handler(doc_text!(|t| {
                seen.set(seen.get() + usize::from(!t.as_str().is_empty()));
                Ok(())
            }));
    }
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    if rewriter.write(page.as_bytes()).is_ok() {
        let _ = rewriter.end();
    }
    seen.get()
}

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.to_string_lossy().into_owned();
        if path.is_dir() {
            collect(&path, out);
        } else if name.ends_with(".html.gz") {
            let mut bytes = Vec::new();
            let ok = std::fs::File::open(&path)
                .and_then(|f| flate2::read::GzDecoder::new(f).read_to_end(&mut bytes));
            if ok.is_ok() {
                out.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        } else if name.ends_with(".html") {
            if let Ok(bytes) = std::fs::read(&path) {
                out.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
}
