//! Integration tests of `dateline-extract`: one binary, one module per concern.
#![allow(clippy::disallowed_types)]

mod golden;
mod robustness;

use std::io::Read;

use dateline_types::{PageKind, RawPage, SourceRef};

/// `../shared/data/extraction-dev`, read at run time (never copied into the repository).
pub const DEV_SET: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/extraction-dev"
);

/// One real page of the dev set, or `None` (with a printed note) when the data is absent.
pub fn dev_page(source: &str, id: &str) -> Option<RawPage> {
    let path = format!("{DEV_SET}/{source}/html/{id}.html.gz");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("note: `{path}` not found; skipping this golden test");
        return None;
    };
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(RawPage::new(
        SourceRef::file(format!("{source}/{id}")),
        PageKind::Html,
        bytes,
    ))
}

/// A generated HTML page.
pub fn html_page(html: impl Into<Vec<u8>>) -> RawPage {
    RawPage::new(SourceRef::file("test.html"), PageKind::Html, html.into())
}
