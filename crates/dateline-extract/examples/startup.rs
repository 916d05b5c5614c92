//! How much of the first extraction is one-time setup (lazy automata and regexes).
//!
//! `cargo run --release -p dateline-extract --example startup`
use std::time::Instant;

use dateline_extract::ExtractorBuilder;
use dateline_types::{PageKind, RawPage, SourceRef};

fn main() {
    let html = "<html><head><title>Talks resume | Example</title></head><body><nav><a href=/>Home</a></nav>\
        <div class=content><p>GENEVA, 5 March 2024 – Talks resumed on Tuesday, officials said, after a pause of two weeks.</p>\
        <p>A second round is planned for April 2, 2024, in the same city, with the same delegations.</p></div></body></html>";
    let page = RawPage::new(
        SourceRef::file("tiny.html"),
        PageKind::Html,
        html.as_bytes().to_vec(),
    );
    let ex = ExtractorBuilder::new().build();
    for run in 0..3 {
        let t = Instant::now();
        let article = ex.extract(&page);
        println!(
            "run {run}: {:>8.1} µs ({} blocks)",
            t.elapsed().as_secs_f64() * 1e6,
            article.map_or(0, |a| a.blocks.len())
        );
    }
}
