//! Main-content selection over the light block tree.
//!
//! 1. Every text block of paragraph length votes for its container element (and, with less
//!    weight, for the two elements above), more for longer text and for commas.
//! 2. Each voted container gets a final score: votes plus a tag prior plus its class/id hint,
//!    scaled down by its link density. The best one is the article's core.
//! 3. Siblings of the core join when they score well themselves or read like prose, and so
//!    does prose above the core inside a wrapper that holds little else (the lead or teaser
//!    that sites set apart from the body container).
//! 4. Inside the chosen region, blocks under boilerplate-named elements (share bars, related
//!    links, comments), link lists and stock phrases ("Advertisement") are dropped.
//!
//! Everything not kept is returned as removed text, in page order.

use dateline_types::{Block, BlockKind};

use crate::parse::{Kind, NONE, Page, TextBlock, collapse};
use crate::tags::Tag;

/// Whether figure captions and image credits are cut from the body.
const DROP_CAPTIONS: bool = true;

/// Votes the best paragraph container needs before boilerplate names inside the core can
/// be overruled (a few real paragraphs).
const MIN_RESCUE_SCORE: f32 = 8.0;

/// Blocks shorter than this do not vote.
const MIN_VOTE_CHARS: u32 = 25;

/// A content-like class name (`text`, `article`) counts in full only on an element with
/// at least this much text; on a one-line teaser it must not outweigh the real body.
const NAME_EVIDENCE_CHARS: f32 = 200.0;

/// How far up the tree the core may move when looking for a shared ancestor or a lead.
const MAX_CLIMB: usize = 12;

/// The lead wrapper around the core may hold at most this many times the core's own
/// (non-link) text.
const LEAD_WRAPPER_RATIO: f32 = 4.0;

/// Blocks above the core shorter than this are bylines, dates and labels, not the lead.
const LEAD_MIN_CHARS: u32 = 100;

/// Captions at least this long are article text, not captions.
const CAPTION_MAX_CHARS: u32 = 200;

/// A boilerplate name mixed with a content name (`teaser-text`: -25 + 25) weighs at
/// least this; such an element holding prose inside the article is kept.
const MIXED_NAME_WEIGHT: i16 = -10;

/// The chosen main content and the text judged boilerplate.
pub(crate) struct Content {
    pub blocks: Vec<Block>,
    pub removed: Vec<String>,
    /// Index (in the page's text blocks) of the first block kept.
    pub first_kept: Option<usize>,
}

fn link_density(chars: u32, links: u32) -> f32 {
    if chars == 0 {
        0.0
    } else {
        (links as f32 / chars as f32).min(1.0)
    }
}

fn commas(text: &str) -> usize {
    // Counted by bytes (an encoded character never appears inside another in UTF-8).
    let ascii = memchr::memchr_iter(b',', text.as_bytes()).count();
    if text.is_ascii() {
        return ascii;
    }
    ascii
        + ['，', '、', '،']
            .map(|c| text.matches(c).count())
            .iter()
            .sum::<usize>()
}

fn is_paragraph_like(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Para | Tag::Quote | Tag::Pre | Tag::Cell | Tag::Heading(_) | Tag::Item | Tag::Figure
    )
}

fn tag_prior(tag: Tag) -> f32 {
    match tag {
        Tag::Div => 5.0,
        Tag::Pre | Tag::Cell | Tag::Quote => 3.0,
        Tag::List | Tag::Item | Tag::Table | Tag::Row => -3.0,
        Tag::Heading(_) => -5.0,
        _ => 0.0,
    }
}

/// Short stock lines that are widgets, not article text.
fn is_stock_phrase(text: &str) -> bool {
    // A character is at most four bytes: longer text is ruled out before counting.
    if text.len() > 48 * 4 || text.chars().count() > 48 {
        return false;
    }
    let t = text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    const STOCK: &[&str] = &[
        "advertisement",
        "anzeige",
        "werbung",
        "publicité",
        "publicidad",
        "share",
        "share this",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "tweet",
        "email",
        "e-mail",
        "print",
        "print this page",
        "read more",
        "weiterlesen",
        "mehr lesen",
        "related",
        "related articles",
        "related stories",
        "related content",
        "more on this story",
        "comments",
        "kommentare",
        "leave a comment",
        "leave a reply",
        "skip to content",
        "skip to main content",
        "back to top",
        "nach oben",
        "zurück",
        "top",
        "menu",
        "navigation",
        "loading",
        "close",
        "schließen",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "pinterest",
        "reddit",
        "xing",
        "teilen",
        "drucken",
        "artikel teilen",
        "follow us",
        "subscribe",
        "sign up",
        "log in",
        "login",
        "cookie settings",
        "auch interessant",
        "das könnte sie auch interessieren",
        "das könnte dich auch interessieren",
        "mehr zum thema",
        "weitere artikel",
        "lesen sie auch",
        "ähnliche beiträge",
        "ähnliche artikel",
        "you may also like",
        "you might also like",
        "recommended for you",
        "most read",
        "most popular",
        "read next",
        "related posts",
        "more stories",
        "top stories",
        "newsletter",
        "war der artikel nützlich",
        "möchten sie den artikel teilen",
    ];
    STOCK.contains(&t.as_str())
}

/// Shortest run of reader-comment bylines that marks a comment thread.
const MIN_COMMENT_BYLINES: usize = 2;

/// A reader comment's byline: `Posted by: Brad, Glasgow on 11:16am Wed 9 Jan 08`.
fn is_comment_byline(text: &str) -> bool {
    if text.len() > 160 {
        return false;
    }
    let lower = text
        .get(..text.len().min(16))
        .unwrap_or(text)
        .to_ascii_lowercase();
    [
        "posted by",
        "submitted by",
        "comment by",
        "commented by",
        "written by",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        && [" on ", " at ", " | ", "am ", "pm "]
            .iter()
            .any(|w| text.contains(w))
}

/// A short label that opens a reader-comment section (`Have your say`, `Comments`).
fn is_comment_label(text: &str) -> bool {
    if text.len() > 60 {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    lower.contains("comment") || lower.contains("have your say")
}

/// How far before the first comment byline a comment-section label is looked for.
const COMMENT_LABEL_REACH: usize = 12;

/// Comment threads without telling class names (old news sites) read as a run of
/// `Posted by ... on <date>` lines after the article. From the section's label (`Have your
/// say`) or else the first such byline after the first third of the kept text, everything is
/// cut: when there are at least two bylines, or one right after a label. A lone byline
/// without a label is the article's own.
fn cut_comment_thread(blocks: &[TextBlock], keep: &mut [bool]) {
    let kept: Vec<usize> = (0..blocks.len())
        .filter(|&i| keep.get(i).copied().unwrap_or(false))
        .collect();
    let total: u64 = kept.iter().map(|&i| u64::from(blocks[i].chars)).sum();
    let mut seen = 0u64;
    let mut late = 0;
    let mut first = None;
    let mut bylines = 0;
    for (n, &i) in kept.iter().enumerate() {
        if seen * 3 < total {
            late = n + 1;
        } else if is_comment_byline(&blocks[i].text) {
            first.get_or_insert(n);
            bylines += 1;
        }
        seen += u64::from(blocks[i].chars);
    }
    let Some(first) = first else {
        return;
    };
    let label = (late.max(first.saturating_sub(COMMENT_LABEL_REACH))..first)
        .find(|&n| is_comment_label(&blocks[kept[n]].text));
    let cut = match label {
        Some(n) => n,
        None if bylines >= MIN_COMMENT_BYLINES => first,
        None => return,
    };
    for &i in kept.iter().skip(cut) {
        if let Some(k) = keep.get_mut(i) {
            *k = false;
        }
    }
}

/// Script source shown as text (a broken attribute quote before a `<script>` lets its
/// code through): dense in `;{}=` (prose has a few in a thousand characters, code
/// dozens) and written in JavaScript's words.
fn is_script_text(text: &str) -> bool {
    // Prose rarely has three semicolons: most text is ruled out by one quick count.
    if memchr::memchr_iter(b';', text.as_bytes()).nth(2).is_none() {
        return false;
    }
    let (mut code, mut semicolons) = (0, 0);
    for b in text.bytes() {
        match b {
            b';' => {
                code += 1;
                semicolons += 1;
            }
            b'{' | b'}' | b'=' => code += 1,
            _ => {}
        }
    }
    semicolons >= 3
        && code * 25 >= text.len()
        && ["function", "var ", "document.", "window.", "});", "return "]
            .iter()
            .any(|w| text.contains(w))
}

/// A copyright notice (`© 2012 The Associated Press. All Rights Reserved.`).
fn is_copyright(text: &str) -> bool {
    text.len() < 400
        && (text.starts_with('©')
            || text
                .get(..9)
                .is_some_and(|t| t.eq_ignore_ascii_case("copyright")))
}

/// Chooses the main content of `page`.
pub(crate) fn select(page: &Page, title: Option<&str>) -> Content {
    let nodes = &page.nodes;
    let parent_of = |n: u32| nodes.get(n as usize).map_or(NONE, |x| x.parent);
    let mut score = vec![0.0f32; nodes.len()];
    let mut add = |n: u32, s: f32| {
        if let Some(v) = score.get_mut(n as usize) {
            *v += s;
        }
    };

    for b in &page.blocks {
        if b.chars < MIN_VOTE_CHARS || matches!(b.kind, Kind::Heading(_)) {
            continue;
        }
        let owner = nodes.get(b.node as usize);
        let container = match owner {
            Some(o) if is_paragraph_like(o.tag) => o.parent,
            Some(_) => b.node,
            None => continue,
        };
        let mut s = 1.0 + commas(&b.text) as f32 + (b.chars as f32 / 100.0).min(3.0);
        if b.kind == Kind::Item {
            s *= 0.5;
        }
        s *= 1.0 - link_density(b.chars, b.link_chars);
        add(container, s);
        let p = parent_of(container);
        add(p, s / 2.0);
        add(parent_of(p), s / 3.0);
    }

    // A wrapper that holds most of the page's text is not boilerplate, whatever its name
    // (`<body class="nav-open">`, `<div id="wrapper-sidebar-left">`).
    let total_chars: u64 = nodes
        .iter()
        .filter(|n| n.parent == NONE)
        .map(|n| n.chars as u64)
        .sum();
    let is_wrapper = |n: &crate::parse::Node| n.chars as u64 * 2 > total_chars;
    let final_score = |i: usize| -> f32 {
        let (Some(n), Some(&s)) = (nodes.get(i), score.get(i)) else {
            return f32::MIN;
        };
        if s <= 0.0 {
            return f32::MIN;
        }
        let weight = if is_wrapper(n) {
            n.hint.weight.max(0)
        } else {
            n.hint.weight
        };
        // A content-like name counts in full only with a few paragraphs of evidence: a
        // `class="text"` on a one-line teaser must not beat the real body.
        // A name both boilerplate-like and content-like (`footerText`, `teaser-text`) weighs
        // as boilerplate until the element holds that much text too.
        let evidence = (n.chars as f32 / NAME_EVIDENCE_CHARS).min(1.0);
        let weight = if weight > 0 {
            weight as f32 * evidence
        } else if is_wrapper(n) {
            weight as f32
        } else {
            weight as f32 - f32::from(n.hint.content) * (1.0 - evidence)
        };
        (s + tag_prior(n.tag) + weight) * (1.0 - link_density(n.chars, n.link_chars))
    };

    let mut top = NONE;
    let mut top_score = f32::MIN;
    for i in 0..nodes.len() {
        let f = final_score(i);
        if f > top_score {
            top_score = f;
            top = i as u32;
        }
    }

    // Content split over sibling containers: when the parent of the core scores close to
    // it, or several of the best candidates share an ancestor, the article is that ancestor.
    let mut ext = NONE;
    if top != NONE && top_score > 0.0 {
        let mut ranked: Vec<(f32, u32)> = (0..nodes.len())
            .map(|i| (final_score(i), i as u32))
            .filter(|(s, _)| *s >= top_score * 0.75)
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.truncate(5);
        if ranked.len() >= 3 {
            // The lowest ancestor of `top` that holds at least three of them.
            let mut anc = parent_of(top);
            let mut steps = 0;
            while anc != NONE && steps < MAX_CLIMB {
                let end = nodes.get(anc as usize).map_or(anc, |n| n.end);
                let held = ranked.iter().filter(|(_, i)| *i > anc && *i <= end).count();
                if held >= 3 {
                    top = anc;
                    break;
                }
                anc = parent_of(anc);
                steps += 1;
            }
        }
        let mut last = score.get(top as usize).copied().unwrap_or(0.0);
        let threshold = last / 3.0;
        let mut p = parent_of(top);
        let mut steps = 0;
        while p != NONE && steps < 6 {
            let ps = score.get(p as usize).copied().unwrap_or(0.0);
            if ps < threshold {
                break;
            }
            if ps > last {
                top = p;
                break;
            }
            last = ps;
            p = parent_of(p);
            steps += 1;
        }
        // Lead, teaser and intro paragraphs often sit beside the body container in a wrapper
        // that holds little else: climb while the wrapper adds little non-link text.
        let own = |n: &crate::parse::Node| n.chars.saturating_sub(n.link_chars) as f32;
        let mut steps = 0;
        ext = top;
        let base = nodes.get(top as usize).map_or(0.0, own);
        while let Some(p) = nodes.get(parent_of(ext) as usize) {
            if steps >= MAX_CLIMB
                || p.hint.bad && !is_wrapper(p)
                || own(p) > base * LEAD_WRAPPER_RATIO
            {
                break;
            }
            ext = parent_of(ext);
            steps += 1;
        }
        top_score = top_score.max(final_score(top as usize));
    }

    let core_range = nodes
        .get(top as usize)
        .filter(|_| top_score > 0.0)
        .map(|n| (top, n.end));
    // A node inside the core named as boilerplate (`section--ads`, `teaser-wrapper`) that
    // holds one of the page's best paragraph containers is part of the article: ads and link
    // boxes never hold the best prose. Comments, sidebars, footers and chrome tags stay cut. Children come after
    // their parents, so one backward pass spreads "holds strong prose" up the tree and one
    // forward pass recomputes the nearest boilerplate ancestor.
    let best_raw = score.iter().copied().fold(0.0f32, f32::max);
    let mut strong: Vec<bool> = score
        .iter()
        .map(|&s| best_raw >= MIN_RESCUE_SCORE && s >= best_raw * 0.5)
        .collect();
    for i in (0..nodes.len()).rev() {
        let (Some(n), Some(&st)) = (nodes.get(i), strong.get(i)) else {
            continue;
        };
        if st && let Some(p) = strong.get_mut(n.parent as usize) {
            *p = true;
        }
    }
    let mut bad_anc = vec![NONE; nodes.len()];
    // Caption regions, recomputed here so a caption name on a page wrapper
    // (`<body class="wp-featherlight-captions">`) does not make the whole page a caption.
    let mut in_caption = vec![false; nodes.len()];
    let mut in_talk = vec![false; nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        let own_caption = (n.tag == Tag::Figure || n.hint.caption) && !is_wrapper(n);
        let caption = own_caption || in_caption.get(n.parent as usize).copied().unwrap_or(false);
        if let Some(slot) = in_caption.get_mut(i) {
            *slot = caption;
        }
        let talk = n.hint.talk || in_talk.get(n.parent as usize).copied().unwrap_or(false);
        if let Some(slot) = in_talk.get_mut(i) {
            *slot = talk;
        }
        let in_core = core_range.is_some_and(|(s, e)| i as u32 > s && i as u32 <= e);
        let rescued = in_core
            && (strong.get(i).copied().unwrap_or(false)
                || n.hint.weight >= MIXED_NAME_WEIGHT
                    && matches!(n.tag, Tag::Para | Tag::Heading(_)))
            && !n.hint.talk
            && n.tag != Tag::Chrome
            && link_density(n.chars, n.link_chars) < 0.3;
        let own_bad = n.bad_anc == i as u32 && !rescued;
        let inherited = bad_anc.get(n.parent as usize).copied().unwrap_or(NONE);
        if let Some(slot) = bad_anc.get_mut(i) {
            *slot = if own_bad { i as u32 } else { inherited };
        }
    }

    // The region: the core plus good siblings, as node ranges.
    let mut region: Vec<(u32, u32)> = Vec::new();
    if let Some(core) = nodes.get(top as usize).filter(|_| top_score > 0.0) {
        let threshold = (top_score * 0.2).max(10.0);
        let parent = core.parent;
        for (i, n) in nodes.iter().enumerate() {
            let i = i as u32;
            if i == top {
                region.push((i, n.end));
                continue;
            }
            if n.parent != parent || parent == NONE && i < top || n.hint.bad {
                continue;
            }
            let ld = link_density(n.chars, n.link_chars);
            let good = final_score(i as usize) >= threshold
                || (is_paragraph_like(n.tag) && n.chars >= 80 && ld < 0.25);
            if good {
                region.push((i, n.end));
            }
        }
    }

    let inside = |b: &TextBlock| -> bool {
        if region.is_empty() {
            // No core: keep whatever is not boilerplate by name.
            let bad = bad_anc.get(b.node as usize).copied().unwrap_or(NONE);
            return bad == NONE || nodes.get(bad as usize).is_some_and(is_wrapper);
        }
        let ok = |start: u32, end: u32| {
            if b.node < start || b.node > end {
                return false;
            }
            let bad = bad_anc.get(b.node as usize).copied().unwrap_or(NONE);
            bad == NONE
                || bad <= start
                || bad > end
                || nodes.get(bad as usize).is_some_and(is_wrapper)
        };
        if region.iter().any(|&(start, end)| ok(start, end)) {
            return true;
        }
        // Prose above the core, inside the wrapper that holds little else: the lead or
        // teaser (a long "heading" there is a lead set in `<h2>`). Named boilerplate only
        // stops it when the name says nothing content-like (`teaser-text` does).
        if ext == top || b.node < ext || b.node >= top || b.chars < LEAD_MIN_CHARS {
            return false;
        }
        if link_density(b.chars, b.link_chars) >= 0.2 || matches!(b.kind, Kind::Pre | Kind::Cell) {
            return false;
        }
        let named_ok = || {
            !in_talk.get(b.node as usize).copied().unwrap_or(true)
                && nodes
                    .get(bad_anc.get(b.node as usize).copied().unwrap_or(NONE) as usize)
                    .is_none_or(|n| n.hint.weight >= MIXED_NAME_WEIGHT)
        };
        nodes.get(ext as usize).is_some_and(|n| ok(ext, n.end)) || named_ok()
    };

    let title_norm = title.map(normalize);
    let mut keep = Vec::with_capacity(page.blocks.len());
    let mut kept_any = false;
    for b in &page.blocks {
        let mut k = inside(b);
        if k {
            let ld = link_density(b.chars, b.link_chars);
            let link_list = ld > 0.5 && (b.chars < 200 || b.kind == Kind::Item);
            // A long "caption" is article text set in a figure or a caption-named box.
            let caption = b.caption
                && b.chars < CAPTION_MAX_CHARS
                && in_caption.get(b.node as usize).copied().unwrap_or(false);
            let widget = is_stock_phrase(&b.text)
                || is_copyright(&b.text)
                || (DROP_CAPTIONS && caption)
                || (b.kind != Kind::Pre && is_script_text(&b.text));
            // The headline is metadata, not body.
            let headline = !kept_any
                && matches!(b.kind, Kind::Heading(_))
                && title_norm
                    .as_deref()
                    .is_some_and(|t| normalize(&b.text) == t);
            k = !(link_list || widget || headline);
        }
        kept_any |= k;
        keep.push(k);
    }

    // Trailing short headings with nothing after them are section titles of what was cut.
    for (b, k) in page.blocks.iter().zip(keep.iter_mut()).rev() {
        if !*k {
            continue;
        }
        if matches!(b.kind, Kind::Heading(_)) {
            *k = false;
        } else {
            break;
        }
    }

    cut_comment_thread(&page.blocks, &mut keep);

    let mut blocks = Vec::new();
    let mut removed = Vec::new();
    let mut i = 0;
    while let Some(b) = page.blocks.get(i) {
        if !keep.get(i).copied().unwrap_or(false) {
            removed.push(b.text.clone());
            i += 1;
            continue;
        }
        if b.kind == Kind::Cell && b.row != NONE {
            let mut cells = vec![b.text.as_str()];
            let mut j = i + 1;
            while let (Some(c), Some(true)) = (page.blocks.get(j), keep.get(j).copied()) {
                if c.kind != Kind::Cell || c.row != b.row {
                    break;
                }
                cells.push(c.text.as_str());
                j += 1;
            }
            let kind = if cells.len() > 1 {
                BlockKind::TableRow
            } else {
                BlockKind::Paragraph
            };
            blocks.push(Block {
                kind,
                text: cells.join(" | "),
            });
            i = j;
            continue;
        }
        let kind = match b.kind {
            Kind::Para | Kind::Cell => BlockKind::Paragraph,
            Kind::Heading(l) => BlockKind::Heading(l),
            Kind::Item => BlockKind::ListItem,
            Kind::Quote => BlockKind::Quote,
            Kind::Pre => BlockKind::Preformatted,
        };
        blocks.push(Block {
            kind,
            text: b.text.clone(),
        });
        i += 1;
    }
    let first_kept = keep.iter().position(|&k| k);
    Content {
        blocks,
        removed,
        first_kept,
    }
}

fn normalize(s: &str) -> String {
    collapse(s).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    /// `n` paragraphs of article prose, long enough to vote.
    fn article_paragraphs(n: usize) -> String {
        "<p>The article itself, a paragraph long enough to count, with commas, and detail.</p>"
            .repeat(n)
    }

    #[test]
    fn keeps_the_article_and_drops_the_chrome() {
        let body =
            "<p>This is a long paragraph of the article, with commas, clauses, and detail.</p>"
                .repeat(5);
        let html = format!(
            "<nav><ul><li><a href=/>Home</a><li><a href=/n>News</a></ul></nav>\
             <div class=article>{body}<div class=share>Share on Facebook</div></div>\
             <footer><p>Copyright 2020 Example Org, all rights reserved, every one.</p></footer>"
        );
        let page = parse(&html);
        let c = select(&page, None);
        assert_eq!(c.blocks.len(), 5);
        assert!(c.removed.iter().any(|r| r == "Home"));
        assert!(c.removed.iter().any(|r| r.starts_with("Copyright")));
        assert!(c.removed.iter().any(|r| r == "Share on Facebook"));
    }

    #[test]
    fn layout_table_paragraphs_beat_a_footer_named_text() {
        // One paragraph per table row (old sites), and a footer whose class also says
        // "text": the footer's content-like name must not win on a single line.
        let rows: String = [
            "Portsmouth made the best possible start to the new year with a win away from home.",
            "The writing was on the wall early, when the defender was sent off in the second minute.",
            "Their keeper saved a penalty late on, leaving the home side relieved for a short while.",
        ]
        .iter()
        .map(|t| format!("<tr><td class=bodyText>{t}</td></tr>"))
        .collect();
        let html = format!(
            "<table><tr><td><table>{rows}</table></td></tr>\
             <tr><td><div class=footerText>(c) Copyright Example.com 2006 Contact Us</div></td></tr></table>"
        );
        let c = select(&parse(&html), None);
        assert_eq!(c.blocks.len(), 3, "{:?}", c.blocks);
        assert!(c.blocks[0].text.starts_with("Portsmouth"));
    }

    #[test]
    fn reader_comments_after_the_article_are_cut() {
        let article = article_paragraphs(4);
        let comment =
            "<p>A reader's long opinion about the story, with commas, and much to say.</p>";
        let html = format!(
            "<div>{article}<p>Have your say</p>{comment}<p>Posted by Idealist on January 10, 2008 5:58 PM</p>\
             {comment}<p>Posted by John on January 10, 2008 5:29 PM</p></div>"
        );
        let c = select(&parse(&html), None);
        assert_eq!(c.blocks.len(), 4, "{:?}", c.blocks);
        assert!(c.removed.iter().any(|r| r == "Have your say"));
    }

    #[test]
    fn an_article_byline_is_not_a_comment_thread() {
        let article = article_paragraphs(4);
        let html = format!("<div><p>Posted by Jane on May 5, 2020</p>{article}</div>");
        let c = select(&parse(&html), None);
        assert_eq!(c.blocks.len(), 5, "{:?}", c.blocks);
    }

    #[test]
    fn script_source_shown_as_text_is_dropped() {
        // An unclosed attribute quote swallows a `<script>` start tag, so its code is text.
        let article = article_paragraphs(4);
        let html = format!(
            "<meta name=description content=\"broken>\n<script>\"x\">\
             <div><p>var a=0,b=new Array;function f(x){{b=x;return b;}} var hbx=f(1);hbx.acct=\"A;B\";</p>{article}</div>"
        );
        let c = select(&parse(&html), None);
        assert!(
            c.blocks.iter().all(|b| !b.text.contains("function")),
            "{:?}",
            c.blocks
        );
        assert!(!is_script_text(
            "Prices rose; wages did not; rents, however, fell = a relief; for now."
        ));
    }

    #[test]
    fn table_rows_become_one_block() {
        let p =
            "<p>Words of a real paragraph, long enough to vote, with a comma or two.</p>".repeat(3);
        let html = format!("<div>{p}<table><tr><td>a</td><td>b</td></tr></table></div>");
        let c = select(&parse(&html), None);
        assert!(
            c.blocks
                .iter()
                .any(|b| b.kind == BlockKind::TableRow && b.text == "a | b")
        );
    }
}
