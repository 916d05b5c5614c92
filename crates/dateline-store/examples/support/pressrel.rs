//! Reading the pressrel-dev wire releases, shared by the store's examples.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The tarball's name inside `../shared/data/pressrel-dev`.
pub const TARBALL: &str = "prwire-2018-2024.tar.xz";

/// Unpacks `tarball` with the system `tar` into `into`.
pub fn unpack(tarball: &Path, into: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let ok = Command::new("tar")
        .arg("-xJf")
        .arg(tarball)
        .arg("-C")
        .arg(into)
        .status()?
        .success();
    if !ok {
        return Err(format!("`tar -xJf {}` failed", tarball.display()).into());
    }
    Ok(())
}

/// Every `.md` file below `root`, sorted.
pub fn md_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
