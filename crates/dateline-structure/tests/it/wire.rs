//! Reading the pressrel-dev wire releases (Markdown, `WIRE/YYYY/MMDD/SLUG.md`) as Articles.
//! Shared by the integration tests and the `coverage_pressrel` example.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use dateline_types::{Article, Block, DateFound, Evidence, PartialDate, SourceRef};

/// Unpacks `prwire-2018-2024.tar.xz` from `data_dir` once into `cache` (about a second
/// with `tar -xJf`) and returns the folder holding the wire folders.
pub fn unpack(data_dir: &Path, cache: &Path) -> Result<PathBuf, String> {
    let archive = data_dir.join("prwire-2018-2024.tar.xz");
    let done = cache.join(".unpacked");
    if done.exists() {
        return Ok(cache.to_path_buf());
    }
    if !archive.exists() {
        return Err(format!("`{}` is absent", archive.display()));
    }
    std::fs::create_dir_all(cache)
        .map_err(|e| format!("cannot create `{}`: {e}", cache.display()))?;
    let status = Command::new("tar")
        .arg("-xJf")
        .arg(&archive)
        .arg("-C")
        .arg(cache)
        .status()
        .map_err(|e| format!("cannot run `tar`: {e}"))?;
    if !status.success() {
        return Err(format!("`tar -xJf {}` failed", archive.display()));
    }
    std::fs::write(&done, b"").map_err(|e| format!("cannot write `{}`: {e}", done.display()))?;
    Ok(cache.to_path_buf())
}

/// Every release file under `root`, sorted by path. Two releases have an empty slug
/// (`.../1229/.md`); `with_empty_slugs` keeps them (the hand-checked sample was drawn
/// without them).
pub fn release_paths(root: &Path, with_empty_slugs: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md")
                || (with_empty_slugs && p.file_name().is_some_and(|n| n == ".md"))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The wire's publication date from the path (`.../2024/0917/slug.md`).
pub fn path_date(rel: &Path) -> Option<PartialDate> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let n = parts.len();
    let year: i32 = parts.get(n.checked_sub(3)?)?.parse().ok()?;
    let md = parts.get(n - 2)?;
    let month: u8 = md.get(..2)?.parse().ok()?;
    let day: u8 = md.get(2..)?.parse().ok()?;
    PartialDate::ymd(year, month, day)
}

/// A release file as an Article: `# Title`, then one block per non-empty line, up to the
/// `---` line that opens the wire's block of links. With `with_date`, the path date is
/// the page metadata date.
pub fn article(root: &Path, path: &Path, with_date: bool) -> Option<Article> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let rel = path.strip_prefix(root).unwrap_or(path);
    let wire = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let mut title = None;
    let mut blocks = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if title.is_none()
            && let Some(h) = t.strip_prefix("# ")
        {
            title = Some(h.trim().to_string());
            continue;
        }
        if t == "---" {
            break;
        }
        let t = t
            .strip_prefix("* ")
            .or_else(|| t.strip_prefix("- "))
            .unwrap_or(t);
        blocks.push(Block::paragraph(t));
    }
    let published = if with_date {
        path_date(rel).map(|date| DateFound {
            date,
            evidence: Evidence::rule("path", rel.to_string_lossy()),
        })
    } else {
        None
    };
    Some(Article {
        source: SourceRef::file(rel.to_string_lossy()),
        title,
        published,
        site: wire,
        lang: Some("en".into()),
        blocks,
        ..Article::default()
    })
}
