//! Integration tests of dateline-ingest: one binary, one module per area.

mod alloc;
mod inputs;
mod jsonl;
mod memory;
mod warc;
mod warcgen;

use std::path::{Path, PathBuf};

use dateline_ingest::{IngestError, Inputs, ReadOptions, read_inputs};
use dateline_types::RawPage;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

/// Writes `bytes` to `dir/name`, creating parent directories.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Reads `paths` with default options and collects everything.
pub fn read_all(paths: &[&Path]) -> (Vec<Result<RawPage, IngestError>>, Inputs) {
    read_with(paths, ReadOptions::default())
}

/// Reads `paths` with `options` and collects everything.
pub fn read_with(
    paths: &[&Path],
    options: ReadOptions,
) -> (Vec<Result<RawPage, IngestError>>, Inputs) {
    let mut inputs = read_inputs(paths.iter().map(|p| p.to_path_buf()).collect(), options);
    let items = inputs.by_ref().collect();
    (items, inputs)
}

/// One line per item: the page's label and size, or the error; then the skip counts.
pub fn summary(items: &[Result<RawPage, IngestError>], inputs: &Inputs, root: &Path) -> String {
    let root = format!("{}/", root.display());
    let mut out = String::new();
    for item in items {
        let line = match item {
            Ok(page) => format!(
                "page {} {:?} {} bytes{}{}{}",
                page.source.label(),
                page.kind,
                page.bytes.len(),
                page.source
                    .url
                    .as_ref()
                    .map(|u| format!(" url={u}"))
                    .unwrap_or_default(),
                page.declared_charset
                    .as_ref()
                    .map(|c| format!(" charset={c}"))
                    .unwrap_or_default(),
                page.date_hint
                    .as_ref()
                    .map(|d| format!(" date={d}"))
                    .unwrap_or_default(),
            ),
            Err(e) => format!("error {:?} {e}", e.kind()),
        };
        out.push_str(&line.replace(&root, ""));
        out.push('\n');
    }
    for (reason, n) in inputs.skipped() {
        out.push_str(&format!("skipped {n} x {reason}\n"));
    }
    out
}
