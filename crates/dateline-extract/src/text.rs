//! Plain-text page dumps: the rendered text of a page, one line per block, with the
//! site's navigation still in (like the seed pages).
//!
//! Two kinds of cue tell menu lines from article lines:
//!
//! * **Across pages** ([`TextTemplate`]): when several dumps of one site are given
//!   together, a line that recurs in several of them is part of the site template.
//! * **Within one page**: menu entries are short and come in runs before the headline:
//!   bullet lines (`- Data and Research`), a lone `-`, headings printed twice
//!   (`Take Action` / `Take Action`), and a heading glued to its blurb
//!   (`Our Work` / `Our WorkAs the leading ...`).
//!
//! Only the runs before the headline and after the last article line are cut:
//! a recurring line inside the article (an "About IOM" paragraph, a contact line)
//! is the structure stage's business, not template.

use std::collections::HashMap;

use dateline_types::{Article, Block, BlockKind, RawPage, SourceRef};
use xxhash_rust::xxh3::xxh3_64;

/// Lines that recur across several text dumps of one site: template, not article.
#[derive(Debug, Clone, Default)]
pub struct TextTemplate {
    /// Hashes of normalized lines seen in at least [`TextTemplate::MIN_PAGES`] pages.
    recurring: HashMap<u64, u32>,
    pages: u32,
}

impl TextTemplate {
    /// A line must appear in this many pages to count as template.
    pub const MIN_PAGES: u32 = 2;

    /// Learns template lines from text dumps given together (HTML pages are ignored).
    pub fn learn(pages: &[&RawPage]) -> Self {
        let mut counts: HashMap<u64, u32> = HashMap::new();
        let mut seen = 0;
        for page in pages {
            if page.kind != dateline_types::PageKind::Text {
                continue;
            }
            seen += 1;
            let text = String::from_utf8_lossy(&page.bytes);
            let mut in_page: Vec<u64> = text
                .lines()
                .map(normalize)
                .filter(|l| !l.is_empty())
                .map(|l| xxh3_64(l.as_bytes()))
                .collect();
            in_page.sort_unstable();
            in_page.dedup();
            for h in in_page {
                *counts.entry(h).or_default() += 1;
            }
        }
        counts.retain(|_, n| *n >= Self::MIN_PAGES);
        TextTemplate {
            recurring: counts,
            pages: seen,
        }
    }

    /// How many text pages the template was learnt from.
    pub fn pages(&self) -> u32 {
        self.pages
    }

    fn recurs(&self, line: &str) -> bool {
        let n = normalize(line);
        !n.is_empty() && self.recurring.contains_key(&xxh3_64(n.as_bytes()))
    }
}

/// Case-folded, whitespace-collapsed form of a line, for comparing lines across pages.
fn normalize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Longest line, in words, that can be a menu entry.
const MENU_MAX_WORDS: usize = 6;

fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

/// A bullet menu entry: `-` alone or `- Short Label`.
fn is_bullet(line: &str) -> bool {
    let t = line.trim();
    t == "-"
        || t == "*"
        || t == "•"
        || ((t.starts_with("- ") || t.starts_with("• ") || t.starts_with("* "))
            && words(t) <= MENU_MAX_WORDS + 1
            && !ends_sentence(t))
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '”', '"'])
}

/// `heading` glued to the start of `next` with no space (`Our Work` / `Our WorkAs ...`),
/// compared without case (`Who we are` / `WHO WE AREThe ...`).
fn glued_heading(heading: &str, next: &str) -> bool {
    let h = heading.trim();
    if h.is_empty() || words(h) > MENU_MAX_WORDS || next.len() <= h.len() {
        return false;
    }
    let mut hc = h.chars();
    let mut nc = next.trim_start().chars();
    loop {
        match (hc.next(), nc.next()) {
            (None, Some(after)) => return !after.is_whitespace(),
            (Some(a), Some(b)) if a.to_lowercase().eq(b.to_lowercase()) => {}
            _ => return false,
        }
    }
}

/// A menu printed on one line: three or more short labels between `|`, `·` or `•`
/// (`Home | Who we are | News | Donate`).
fn is_inline_menu(line: &str) -> bool {
    let parts: Vec<&str> = line.split(['|', '·', '•']).map(str::trim).collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && words(p) <= 4 && !ends_sentence(p))
}

/// A section label above the headline (`News`, `Press releases`): one or two words, no
/// sentence, no number.
fn is_label(line: &str) -> bool {
    let t = line.trim();
    words(t) <= 2
        && t.chars().count() <= 30
        && !ends_sentence(t)
        && !t.bytes().any(|b| b.is_ascii_digit())
}

/// Why a line looks like template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// Nothing: an article line.
    None,
    /// It recurs in sibling pages.
    Recurring,
    /// It has a menu's shape: a bullet, a doubled heading, a heading glued to its blurb.
    MenuShape,
}

/// Marks the lines of one page that look like the site's menus and template.
fn template_cues(lines: &[&str], template: Option<&TextTemplate>) -> Vec<Cue> {
    let n = lines.len();
    let mut cues = vec![Cue::None; n];
    for i in 0..n {
        let line = lines[i].trim();
        if line.is_empty() {
            continue;
        }
        if is_bullet(line) || is_inline_menu(line) {
            cues[i] = Cue::MenuShape;
        } else if template.is_some_and(|t| t.recurs(line)) {
            cues[i] = Cue::Recurring;
        }
        if i + 1 < n {
            let next = lines[i + 1].trim();
            let doubled = words(line) <= MENU_MAX_WORDS && normalize(line) == normalize(next);
            if doubled || glued_heading(line, next) {
                cues[i] = Cue::MenuShape;
                cues[i + 1] = Cue::MenuShape;
            }
        }
    }
    cues
}

/// Extracts the article from a text dump.
pub(crate) fn extract_text_dump(
    source: &SourceRef,
    text: &str,
    template: Option<&TextTemplate>,
) -> Article {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let cues = template_cues(&lines, template);
    let blank = |i: usize| lines[i].trim().is_empty();

    // The article starts at the first line after the leading run of template and blank
    // lines, and ends at the last line before a trailing run of menu lines.
    let start = (0..lines.len())
        .find(|&i| cues[i] == Cue::None && !blank(i))
        .unwrap_or(lines.len());
    // Section labels right above the headline are not the headline: `News` /
    // `Volunteers Reach 5,000 Migrants ...` starts at the second line. A short line
    // followed by a sentence is itself the headline (`A headline` / `The first ...`).
    let headline = (start..lines.len().min(start + 8)).find(|&j| !blank(j) && !is_label(lines[j]));
    let start = match headline {
        Some(j) if words(lines[j]) >= 3 && !ends_sentence(lines[j]) => j,
        _ => start,
    };
    let end = (start..lines.len())
        .rev()
        .find(|&i| !blank(i) && !is_trailing_menu(lines[i], cues[i]))
        .map_or(start, |i| i + 1);

    let mut removed: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if (i < start || i >= end) && !line.trim().is_empty() {
            removed.push(line.trim().to_string());
        }
    }

    let article_lines = &lines[start..end];
    let title = article_lines
        .first()
        .map(|l| collapse(heading_level(l).map_or(l, |(_, text)| text)))
        .filter(|t| !t.is_empty());
    let blocks = blocks_of(article_lines.get(1..).unwrap_or(&[]));

    Article {
        source: source.clone(),
        url: source.url.clone(),
        title,
        blocks,
        removed,
        ..Article::default()
    }
}

/// A line that may be cut from the end of a page: menu-shaped or a short recurring label,
/// never a sentence nor a line with an address or a number in it (contact blocks end pages).
fn is_trailing_menu(line: &str, cue: Cue) -> bool {
    let t = line.trim();
    let label_like = !t.contains('@') && !t.bytes().any(|b| b.is_ascii_digit());
    match cue {
        Cue::None => false,
        Cue::MenuShape => label_like,
        Cue::Recurring => label_like && words(t) <= MENU_MAX_WORDS && !ends_sentence(t),
    }
}

/// One block per line, unless the dump separates paragraphs with blank lines: then one
/// block per paragraph, its lines joined.
fn blocks_of(lines: &[&str]) -> Vec<Block> {
    let has_blank_separators = lines.iter().any(|l| l.trim().is_empty());
    let mut blocks = Vec::new();
    if has_blank_separators {
        let mut current = String::new();
        for line in lines {
            let t = line.trim();
            if t.is_empty() {
                push_block(&mut blocks, &mut current);
            } else {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(t);
            }
        }
        push_block(&mut blocks, &mut current);
    } else {
        for line in lines {
            let mut t = line.trim().to_string();
            push_block(&mut blocks, &mut t);
        }
    }
    blocks
}

fn push_block(blocks: &mut Vec<Block>, text: &mut String) {
    let (kind, t) = match heading_level(text) {
        Some((level, rest)) => (BlockKind::Heading(level), collapse(rest)),
        None => (BlockKind::Paragraph, collapse(text)),
    };
    text.clear();
    if !t.is_empty() {
        blocks.push(Block { kind, text: t });
    }
}

/// A Markdown heading line (`# Title`, `## Section`): its level and text.
fn heading_level(line: &str) -> Option<(u8, &str)> {
    let t = line.trim_start();
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    let rest = t.get(hashes..)?;
    ((1..=6).contains(&hashes) && rest.starts_with(' ')).then(|| (hashes as u8, rest.trim()))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_types::PageKind;

    const PAGE: &str = "-\nWho we are\nWHO WE AREThe Organization is part of the system.\n-\nOur Work\nOur WorkAs the leading agency, it works.\nTake Action\nTake Action\n- Data and Research\n- 2030 Agenda\nA Headline About Migrants\nGENEVA – The first paragraph of the release.\n“A quote,” she said.\nFor more information please contact Jane Doe, Tel: +41 22 000 0000\n";

    fn extract(text: &str) -> Article {
        extract_text_dump(&SourceRef::file("page.txt"), text, None)
    }

    #[test]
    fn cuts_the_menu_and_keeps_the_article() {
        let a = extract(PAGE);
        assert_eq!(a.title.as_deref(), Some("A Headline About Migrants"));
        let texts: Vec<_> = a.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "GENEVA – The first paragraph of the release.",
                "“A quote,” she said.",
                "For more information please contact Jane Doe, Tel: +41 22 000 0000",
            ]
        );
        assert!(a.removed.contains(&"Take Action".to_string()));
        assert!(a.removed.iter().any(|l| l.starts_with("WHO WE AREThe")));
    }

    #[test]
    fn glued_headings_ignore_case() {
        assert!(glued_heading(
            "Who we are",
            "WHO WE AREThe International ..."
        ));
        assert!(glued_heading("Our Work", "Our WorkAs the leading ..."));
        assert!(!glued_heading("Our Work", "Our Work"));
        assert!(!glued_heading("Geneva", "Geneva – the talks opened today"));
    }

    #[test]
    fn recurring_lines_are_template_only_around_the_article() {
        let a = "Home\nNews\nFirst headline\nBody one.\nAbout Us: we help.\n";
        let b = "Home\nNews\nSecond headline\nBody two.\nAbout Us: we help.\n";
        let pages = [
            RawPage::new(SourceRef::file("a.txt"), PageKind::Text, a.into()),
            RawPage::new(SourceRef::file("b.txt"), PageKind::Text, b.into()),
        ];
        let refs: Vec<&RawPage> = pages.iter().collect();
        let t = TextTemplate::learn(&refs);
        let art = extract_text_dump(&pages[0].source, a, Some(&t));
        assert_eq!(art.title.as_deref(), Some("First headline"));
        assert_eq!(art.removed, ["Home", "News"]);
        // The shared "About" line ends the page but has no menu shape: it stays.
        assert_eq!(
            art.blocks.last().map(|b| b.text.as_str()),
            Some("About Us: we help.")
        );
        // Without the template, the lone page keeps its short lines.
        let lone = extract(a);
        assert_eq!(lone.title.as_deref(), Some("Home"));
    }

    #[test]
    fn a_one_line_menu_and_a_section_label_are_not_the_title() {
        let a = extract(
            "Home | Who we are | Our programmes | News | Donate\nNews\nVolunteers Reach Migrants With Kits\nBihać – Volunteers gave out kits.\n",
        );
        assert_eq!(
            a.title.as_deref(),
            Some("Volunteers Reach Migrants With Kits")
        );
        assert_eq!(a.blocks.len(), 1);
        assert!(is_inline_menu("Share this: Facebook | X | Email"));
        assert!(!is_inline_menu(
            "Prices rose | a report says it will go on."
        ));
        assert!(!is_inline_menu("A | B"));
    }

    #[test]
    fn blank_lines_separate_paragraphs_when_present() {
        let a = extract("Title\n\nfirst line\nwrapped on.\n\nsecond para.\n");
        let texts: Vec<_> = a.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["first line wrapped on.", "second para."]);
    }

    #[test]
    fn markdown_headings_lose_their_marks() {
        let a = extract("# A wire headline\n## A subtitle\nBody text.\n#hashtag line\n");
        assert_eq!(a.title.as_deref(), Some("A wire headline"));
        assert_eq!(a.blocks[0].kind, BlockKind::Heading(2));
        assert_eq!(a.blocks[0].text, "A subtitle");
        assert_eq!(a.blocks[2].text, "#hashtag line");
    }

    #[test]
    fn empty_and_menu_only_pages_give_no_title() {
        assert_eq!(extract("").title, None);
        assert_eq!(extract("-\n- Home\n- News\n").title, None);
    }
}
