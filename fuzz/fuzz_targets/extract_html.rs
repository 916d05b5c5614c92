//! Arbitrary bytes as an HTML page through the extractor: it must never panic.
#![no_main]

use std::sync::OnceLock;

use dateline_extract::{Extractor, ExtractorBuilder};
use dateline_types::{PageKind, RawPage, SourceRef};
use libfuzzer_sys::fuzz_target;

static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let extractor = EXTRACTOR.get_or_init(|| ExtractorBuilder::new().build());
    let page = RawPage::new(SourceRef::file("fuzz.html"), PageKind::Html, data.to_vec());
    let _ = extractor.extract(&page);
});
