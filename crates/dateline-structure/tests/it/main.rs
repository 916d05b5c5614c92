//! Integration tests of the structure stage: the seed pages, a hand-checked sample of
//! wire releases, and the invariants every field keeps.

mod fields;
mod pressrel;
mod seeds_fields;
mod seeds_quotes;
mod wire;

use std::path::{Path, PathBuf};

use dateline_extract::ExtractorBuilder;
use dateline_structure::{StructureOptions, Structurer};
use dateline_types::{Article, PageKind, RawPage, Release, SourceRef};

/// The shared data folder (`../shared/data` beside the repository).
pub fn shared_data() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")).to_path_buf()
}

/// The five seed pages as (file name, article, release), read through the text-dump
/// extractor; `None` (with a note) when the shared data is absent.
pub fn seeds() -> Option<Vec<(String, Article, Release)>> {
    let dir = shared_data().join("seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("note: `{}` is absent; seed tests skipped", dir.display());
        return None;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let pages: Vec<RawPage> = paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("seed page is readable");
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            RawPage::new(SourceRef::file(name), PageKind::Text, bytes)
        })
        .collect();
    let refs: Vec<&RawPage> = pages.iter().collect();
    let template = dateline_extract::TextTemplate::learn(&refs);
    let extractor = ExtractorBuilder::new().build();
    let structurer = Structurer::new(StructureOptions::default());
    let mut out = Vec::new();
    for page in &pages {
        let article = extractor
            .extract_with_template(page, Some(&template))
            .expect("seed page extracts");
        let release = structurer.structure(&article);
        out.push((page.source.origin.clone(), article, release));
    }
    Some(out)
}
