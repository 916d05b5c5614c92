//! Boilerplate and content hints from `class`, `id` and `role` attribute values.
//!
//! One Aho-Corasick automaton scans the lower-cased attribute text once per block element.
//! Short, ambiguous words (`nav`, `ad`, `tags`) only count as whole tokens, so `ads` does not
//! fire on `downloads` and `nav` not on `canvas`.

use std::cell::RefCell;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use rustc_hash::FxHashMap;

/// What a pattern says about the element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// Clearly boilerplate: navigation, comments, share widgets, related links.
    Bad,
    /// Leans towards boilerplate (weaker than `Bad`; lowers the score only).
    Weak,
    /// Leans towards main content.
    Good,
    /// Names the article body outright; beats `Bad` cues on the same element.
    Body,
    /// A caption or image credit.
    Caption,
    /// Boilerplate regions that hold prose of their own (comments, sidebars, footers,
    /// related stories): cut even when they read like an article.
    Talk,
    /// Hidden, but only when a whole class token says so (`hidden`, `is-hidden`), not a
    /// label or breakpoint modifier (`field--label-hidden`, `is-hidden-sm`).
    Hidden,
}

/// (pattern, cue, must be a whole token)
const PATTERNS: &[(&str, Cue, bool)] = &[
    ("comment", Cue::Talk, false),
    ("disqus", Cue::Talk, false),
    ("sidebar", Cue::Talk, false),
    ("side-bar", Cue::Talk, false),
    ("share", Cue::Bad, false),
    ("sharing", Cue::Bad, false),
    ("social", Cue::Bad, false),
    ("related", Cue::Talk, false),
    ("footer", Cue::Talk, false),
    ("breadcrumb", Cue::Bad, false),
    ("cookie", Cue::Bad, false),
    ("consent", Cue::Bad, false),
    ("gdpr", Cue::Bad, false),
    ("newsletter", Cue::Talk, false),
    ("subscri", Cue::Bad, false),
    ("advert", Cue::Bad, false),
    ("sponsor", Cue::Bad, false),
    ("promo", Cue::Bad, false),
    ("widget", Cue::Bad, false),
    ("popup", Cue::Bad, false),
    ("navigation", Cue::Bad, false),
    ("navbar", Cue::Bad, false),
    ("menu", Cue::Bad, false),
    ("masthead", Cue::Bad, false),
    ("outbrain", Cue::Bad, false),
    ("taboola", Cue::Bad, false),
    ("recommend", Cue::Talk, false),
    ("trending", Cue::Bad, false),
    ("pagination", Cue::Bad, false),
    ("toolbar", Cue::Bad, false),
    ("most-popular", Cue::Bad, false),
    ("mostpopular", Cue::Bad, false),
    ("most-read", Cue::Bad, false),
    ("skip-link", Cue::Bad, false),
    ("signup", Cue::Bad, false),
    ("login", Cue::Bad, false),
    ("teaser", Cue::Bad, false),
    ("banner", Cue::Bad, false),
    ("overlay", Cue::Bad, false),
    ("modal", Cue::Bad, false),
    ("shoutbox", Cue::Talk, false),
    ("sitemap", Cue::Bad, false),
    ("print-only", Cue::Bad, false),
    ("screen-reader", Cue::Bad, false),
    ("sr-only", Cue::Bad, false),
    ("visually-hidden", Cue::Bad, false),
    ("author-bio", Cue::Talk, false),
    ("more-stories", Cue::Talk, false),
    ("read-more", Cue::Bad, false),
    ("readmore", Cue::Bad, false),
    ("nav", Cue::Bad, true),
    ("ad", Cue::Bad, true),
    ("ads", Cue::Bad, true),
    ("tags", Cue::Bad, true),
    ("tag", Cue::Bad, true),
    ("foot", Cue::Talk, true),
    ("rss", Cue::Bad, true),
    ("hidden", Cue::Hidden, true),
    ("hide", Cue::Hidden, true),
    ("print", Cue::Weak, true),
    ("meta", Cue::Weak, true),
    ("byline", Cue::Weak, false),
    ("dateline", Cue::Weak, false),
    ("caption", Cue::Caption, false),
    ("credit", Cue::Caption, true),
    ("credits", Cue::Caption, true),
    ("photo-credit", Cue::Caption, false),
    ("image-credit", Cue::Caption, false),
    ("bildunterschrift", Cue::Caption, false),
    ("header", Cue::Weak, false),
    ("masthead", Cue::Weak, false),
    ("links", Cue::Weak, false),
    ("complementary", Cue::Talk, false),
    ("contentinfo", Cue::Talk, false),
    ("article", Cue::Good, false),
    ("content", Cue::Good, false),
    ("entry", Cue::Good, false),
    ("story", Cue::Good, false),
    ("blog", Cue::Good, false),
    ("text", Cue::Good, false),
    ("main", Cue::Good, false),
    ("body", Cue::Good, false),
    ("post", Cue::Good, true),
    ("hentry", Cue::Good, false),
    ("articlebody", Cue::Body, false),
    ("article-body", Cue::Body, false),
    ("article_body", Cue::Body, false),
    ("article__body", Cue::Body, false),
    ("article-content", Cue::Body, false),
    ("article-text", Cue::Body, false),
    ("entry-content", Cue::Body, false),
    ("post-content", Cue::Body, false),
    ("post-body", Cue::Body, false),
    ("postbody", Cue::Body, false),
    ("story-body", Cue::Body, false),
    ("storybody", Cue::Body, false),
    ("story-content", Cue::Body, false),
    ("news-text", Cue::Body, false),
    ("bodytext", Cue::Body, false),
];

// A DFA: a plain table walk per byte, and small for these few short patterns.
static AUTOMATON: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .build(PATTERNS.iter().map(|p| p.0))
        .ok()
});

/// Distinct class/id texts whose hints one thread remembers (the cache starts over when
/// full).
const CACHE_ENTRIES: usize = 16 * 1024;

thread_local! {
    /// Hints by a hash of the text they were computed from (the caller's key). Class names
    /// repeat within a page and across the pages of a site, so each distinct text is scored
    /// once per thread. The keys are already hashes, so FxHash.
    static CACHE: RefCell<FxHashMap<u64, Hint>> = RefCell::default();
}

/// What the attributes of one element say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Hint {
    /// Score adjustment: positive for content-like names, negative for boilerplate-like.
    pub weight: i16,
    /// The content-like part of `weight` (names such as `text` or `article-body`, the
    /// `<article>` and `<main>` tags): evidence only when the element holds real text.
    pub content: i16,
    /// The element is boilerplate by name (and not also named as the article body).
    pub bad: bool,
    /// The element is named as the article body.
    pub body: bool,
    /// The element is named as a caption or image credit.
    pub caption: bool,
    /// The element is named as a region with prose of its own (comments, sidebar, footer,
    /// related stories): cut even when it reads like the article.
    pub talk: bool,
}

/// The hint with this `key` (a hash of the text it is computed from), computing it with
/// `compute` only the first time a thread sees the key.
pub(crate) fn hint_cached(key: u64, compute: impl FnOnce() -> Hint) -> Hint {
    if let Some(h) = CACHE.with_borrow(|cache| cache.get(&key).copied()) {
        return h;
    }
    let h = compute();
    CACHE.with_borrow_mut(|cache| {
        if cache.len() >= CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(key, h);
    });
    h
}

/// Scores lower-cased `class`/`id`/`role` text.
pub(crate) fn hint(lower: &str) -> Hint {
    let Some(ac) = AUTOMATON.as_ref() else {
        return Hint::default();
    };
    let bytes = lower.as_bytes();
    let (mut bad, mut weak, mut good, mut body, mut caption) = (false, false, false, false, false);
    let mut talk = false;
    for m in ac.find_overlapping_iter(lower) {
        let Some(&(_, cue, whole)) = PATTERNS.get(m.pattern().as_usize()) else {
            continue;
        };
        if whole {
            let before = m.start().checked_sub(1).and_then(|i| bytes.get(i));
            let after = bytes.get(m.end());
            let edge = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric());
            if !(edge(before) && edge(after)) {
                continue;
            }
        }
        if cue == Cue::Hidden {
            let token_start = bytes
                .get(..m.start())
                .and_then(|b| b.iter().rposition(|c| c.is_ascii_whitespace()))
                .map_or(0, |i| i + 1);
            let token_end = bytes
                .get(m.end()..)
                .and_then(|b| b.iter().position(|c| c.is_ascii_whitespace()))
                .map_or(bytes.len(), |i| m.end() + i);
            let token = lower.get(token_start..token_end).unwrap_or_default();
            if !matches!(
                token,
                "hidden" | "hide" | "is-hidden" | "u-hidden" | "js-hidden"
            ) {
                continue;
            }
        }
        match cue {
            Cue::Bad | Cue::Hidden => bad = true,
            Cue::Talk => {
                bad = true;
                talk = true;
            }
            Cue::Weak => weak = true,
            Cue::Good => good = true,
            Cue::Body => body = true,
            Cue::Caption => caption = true,
        }
    }
    let mut weight = 0;
    if bad {
        weight -= 25;
    }
    if weak || caption {
        weight -= 10;
    }
    if good {
        weight += 25;
    }
    if body {
        weight += 40;
    }
    Hint {
        weight,
        content: if good { 25 } else { 0 } + if body { 40 } else { 0 },
        bad: bad && !body,
        body,
        caption,
        talk: talk && !body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_boilerplate_and_content() {
        assert!(hint("share-buttons").bad);
        assert!(hint("nav main-nav").bad);
        assert!(!hint("canvas-wrap").bad);
        assert!(!hint("downloads").bad);
        assert!(hint("ad").bad);
        assert!(hint("article-body").body);
        assert!(!hint("article-body comments-aware").bad);
        assert!(hint("entry").weight > 0);
        assert!(hint("is-hidden").bad && hint("hidden x").bad);
        assert!(!hint("field field--label-hidden").bad);
        assert!(!hint("is-hidden-sm col").bad);
        assert!(hint("comments").talk);
        assert_eq!(hint(""), Hint::default());
    }
}
