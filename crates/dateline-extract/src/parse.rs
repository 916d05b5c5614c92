//! One streaming pass over the HTML that builds a light block tree and collects metadata.
//!
//! # Why lol_html
//!
//! Building a full DOM (html5ever + a tree sink) costs more than the whole time budget of
//! the extractor (html5ever alone parses at about 140 MB/s; the target is about 190 MB/s for
//! everything). lol_html is a spec-compliant streaming tokenizer with a small tree-builder
//! simulator (it knows when text is script data, raw text or RCDATA), and surfacing every
//! element and every text chunk through it runs at about 500 MB/s. So the extractor asks
//! lol_html for every start tag (`*` selector), every end tag (`on_end_tag`) and every text
//! chunk (document text handler), and keeps its own stack of open elements.
//!
//! lol_html does not call end-tag handlers for implicitly closed elements (`<p>` closed by a
//! following `<div>`, `<li>` by the next `<li>`), so this module applies the common implicit
//! close rules itself on every start tag, and closes by element id on every end tag: an end
//! tag pops everything opened after its element. Ids on the stack increase, so finding the
//! element is a binary search and the whole pass stays linear in the input, whatever the
//! nesting depth.
//!
//! What comes out ([`Page`]) is not a DOM: block-level elements become [`Node`]s that only
//! know their parent, tag, class/id hint and text totals, and text between block boundaries
//! becomes [`TextBlock`]s owned by the innermost open block element.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use lol_html::html_content::{Element, TextType};
use lol_html::{HtmlRewriter, MemorySettings, Settings, doc_text, element};

use crate::hints::{Hint, hint, hint_cached};
use crate::tags::Tag;

/// No node / no row.
pub(crate) const NONE: u32 = u32::MAX;

/// Bytes of JSON-LD kept per page; more is ignored.
const MAX_LD_BYTES: usize = 1 << 20;
/// How many `<meta>` tags are kept per page.
const MAX_METAS: usize = 512;
/// Skipped elements that HTML block content closes (see [`Builder::start`]).
const SOFT_SKIP: &[&str] = &[
    "svg", "math", "select", "button", "map", "video", "audio", "object", "canvas", "datalist",
    "dialog",
];

/// How far implicit-close rules look down the stack.
const CLOSE_SCAN: usize = 48;

/// A block-level element of the light tree.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Parent node, or [`NONE`] for a root.
    pub parent: u32,
    /// What kind of element it is.
    pub tag: Tag,
    /// What its class/id/role say.
    pub hint: Hint,
    /// Nearest node at or above this one that is boilerplate by tag or name, or [`NONE`].
    pub bad_anc: u32,
    /// Index of its last descendant node (nodes are numbered in document order).
    pub end: u32,
    /// Characters of text inside it, descendants included.
    pub chars: u32,
    /// Characters of link text inside it, descendants included.
    pub link_chars: u32,
}

/// What kind of text block the owner element makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Para,
    Heading(u8),
    Item,
    Quote,
    Pre,
    Cell,
}

/// A run of text between two block boundaries.
#[derive(Debug, Clone)]
pub(crate) struct TextBlock {
    /// The innermost open block element when the text was read.
    pub node: u32,
    /// What kind of block it is.
    pub kind: Kind,
    /// The `<tr>` node it sits in, for table cells; [`NONE`] otherwise.
    pub row: u32,
    /// The text, entities decoded, whitespace collapsed (kept in `<pre>`).
    pub text: String,
    /// Characters in `text`.
    pub chars: u32,
    /// Characters of `text` inside links.
    pub link_chars: u32,
    /// Inside a `<figure>` or an element named as a caption or credit.
    pub caption: bool,
}

/// What one pass over the page found.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub nodes: Vec<Node>,
    pub blocks: Vec<TextBlock>,
    /// Text of the first `<title>`.
    pub title: String,
    /// `(lower-case name/property/itemprop, content)` of `<meta>` tags, in page order.
    pub metas: Vec<(String, String)>,
    /// Bodies of `<script type="application/ld+json">`.
    pub ld_json: Vec<String>,
    /// `<link rel=canonical href>`.
    pub canonical: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// `<time datetime>` values with the index of the next text block.
    pub times: Vec<(String, usize)>,
    /// The `<title>` was never closed and swallowed the page.
    pub title_unclosed: bool,
    /// Texts of `rel=author` links and `itemprop=author` / `class=author` inline elements.
    pub author_texts: Vec<String>,
    /// Byte ranges of the start tags of `<noscript>` and HTML-template scripts
    /// (`<script type="text/template">`): markup the browser shows only with scripts off or
    /// after a script runs. Some pages keep their whole article there ([`reveal`]).
    pub hidden_markup: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    id: u32,
    tag: Tag,
    /// Owner node: its own node for block elements, else the owner of its parent.
    node: u32,
    /// The `<tr>` node it sits in.
    row: u32,
    /// This entry hides its content (script, style, hidden element).
    skip: bool,
    /// A JSON-LD script.
    ld: bool,
    /// A skipped element that block content closes ([`SOFT_SKIP`]).
    soft: bool,
    /// A `<figure>` or caption-named element.
    caption: bool,
    /// A link: `<a>`, or a custom element with `href`.
    link: bool,
    /// Collect its text as an author name: `(flush count, raw length)` at its start.
    author: Option<(u32, usize)>,
}

/// The attributes the block tree needs, read in one pass. Values are borrowed from the
/// page by source location (lol_html's `value()` and `get_attribute` allocate a string on
/// every call, which showed in profiles); like `value()`, they are not entity-decoded.
#[derive(Default)]
struct Attrs<'a> {
    class: Option<Cow<'a, str>>,
    id: Option<Cow<'a, str>>,
    role: Option<Cow<'a, str>>,
    itemprop: Option<Cow<'a, str>>,
    style: Option<Cow<'a, str>>,
    kind: Option<Cow<'a, str>>,
    rel: Option<Cow<'a, str>>,
    hidden: bool,
    href: bool,
}

/// The attribute names [`Attrs`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AttrName {
    Class,
    Id,
    Role,
    Itemprop,
    Style,
    Type,
    Rel,
    Hidden,
    Href,
}

const ATTR_NAMES: &[(&[u8], AttrName)] = &[
    (b"class", AttrName::Class),
    (b"id", AttrName::Id),
    (b"role", AttrName::Role),
    (b"itemprop", AttrName::Itemprop),
    (b"style", AttrName::Style),
    (b"type", AttrName::Type),
    (b"rel", AttrName::Rel),
    (b"hidden", AttrName::Hidden),
    (b"href", AttrName::Href),
];

/// Which of the wanted attributes `name` (any case) is. Lengths are compared first, which
/// rules out most names (`data-...`, `src`, `width`) at once.
fn attr_name(name: &[u8]) -> Option<AttrName> {
    ATTR_NAMES
        .iter()
        .find(|(wanted, _)| wanted.len() == name.len() && wanted.eq_ignore_ascii_case(name))
        .map(|&(_, which)| which)
}

impl<'a> Attrs<'a> {
    fn read(el: &Element<'_, '_>, html: &'a str) -> Attrs<'a> {
        let mut a = Attrs::default();
        for attr in el.attributes() {
            let which = match attr
                .name_source_location()
                .and_then(|loc| html.as_bytes().get(loc.bytes()))
            {
                Some(raw) => attr_name(raw),
                None => attr_name(attr.name().as_bytes()),
            };
            let slot = match which {
                Some(AttrName::Class) => &mut a.class,
                Some(AttrName::Id) => &mut a.id,
                Some(AttrName::Role) => &mut a.role,
                Some(AttrName::Itemprop) => &mut a.itemprop,
                Some(AttrName::Style) => &mut a.style,
                Some(AttrName::Type) => &mut a.kind,
                Some(AttrName::Rel) => &mut a.rel,
                Some(AttrName::Hidden) => {
                    a.hidden = true;
                    continue;
                }
                Some(AttrName::Href) => {
                    a.href = true;
                    continue;
                }
                None => continue,
            };
            let value = match attr.value_source_location() {
                Some(loc) => html.get(loc.bytes()).map(Cow::Borrowed),
                None => None,
            };
            *slot = Some(value.unwrap_or_else(|| Cow::Owned(attr.value())));
        }
        a
    }
}

#[derive(Default)]
struct Builder<'a> {
    /// The whole input: tag and attribute names are read from it by source location,
    /// which saves an allocation per element and attribute.
    html: &'a str,
    page: Page,
    stack: Vec<Open>,
    next_id: u32,
    skip: u32,
    links: u32,
    pre: u32,
    quotes: u32,
    captions: u32,
    title_done: bool,
    in_title: bool,
    ld_bytes: usize,
    ld_buf: String,
    raw: String,
    raw_total: usize,
    raw_link: usize,
    flushes: u32,
    /// Lower-cased class/id text for [`hint`].
    lower: String,
    /// The raw class/id values of one element, as the key of their hint.
    hint_key: Vec<u8>,
    decoded: String,
}

fn non_ws_bytes(s: &str) -> usize {
    s.bytes().filter(|b| !b.is_ascii_whitespace()).count()
}

impl<'a> Builder<'a> {
    fn top_node(&self) -> u32 {
        self.stack.last().map_or(NONE, |o| o.node)
    }

    fn flush(&mut self) {
        if self.raw_total == 0 {
            // Only ASCII whitespace between tags: nothing to keep (the common case).
            self.raw.clear();
            return;
        }
        self.flushes = self.flushes.wrapping_add(1);
        let raw = std::mem::take(&mut self.raw);
        let (total, link) = (self.raw_total, self.raw_link);
        self.raw_total = 0;
        self.raw_link = 0;
        let src: &str = if raw.contains('&') {
            self.decoded.clear();
            if raw.contains("&#") {
                let fixed = terminate_numeric_refs(&raw);
                html_escape::decode_html_entities_to_string(&fixed, &mut self.decoded);
            } else {
                html_escape::decode_html_entities_to_string(&raw, &mut self.decoded);
            }
            fix_c1(&mut self.decoded);
            &self.decoded
        } else {
            &raw
        };
        let pre = self.pre > 0;
        let mut text = String::with_capacity(src.len());
        if pre {
            text.push_str(src.trim_matches(|c: char| c == '\n' || c == '\r'));
            if text.trim().is_empty() {
                text.clear();
            }
        } else {
            collapse_into(src, &mut text);
        }
        let mut raw = raw;
        raw.clear();
        self.raw = raw;
        if text.is_empty() {
            return;
        }
        let node = self.top_node();
        let chars = text.chars().count() as u32;
        let link_chars = if total == 0 {
            0
        } else {
            ((chars as u64 * link.min(total) as u64) / total as u64) as u32
        };
        let kind = self.kind_of(node);
        let row = self.stack.last().map_or(NONE, |o| o.row);
        if let Some(n) = self.page.nodes.get_mut(node as usize) {
            n.chars = n.chars.saturating_add(chars);
            n.link_chars = n.link_chars.saturating_add(link_chars);
        }
        self.page.blocks.push(TextBlock {
            node,
            kind,
            row: if kind == Kind::Cell { row } else { NONE },
            text,
            chars,
            link_chars,
            caption: self.captions > 0,
        });
    }

    fn kind_of(&self, node: u32) -> Kind {
        if self.pre > 0 {
            return Kind::Pre;
        }
        let tag = self
            .page
            .nodes
            .get(node as usize)
            .map_or(Tag::Div, |n| n.tag);
        match tag {
            Tag::Heading(l) => Kind::Heading(l),
            Tag::Item => Kind::Item,
            Tag::Cell => Kind::Cell,
            _ if self.quotes > 0 => Kind::Quote,
            _ => Kind::Para,
        }
    }

    /// Pops the top entry, keeping counters and node totals right.
    fn pop(&mut self) {
        let Some(open) = self.stack.pop() else {
            return;
        };
        if open.skip {
            self.skip = self.skip.saturating_sub(1);
        }
        if open.caption {
            self.captions = self.captions.saturating_sub(1);
        }
        if open.link {
            self.links = self.links.saturating_sub(1);
        }
        match open.tag {
            Tag::Pre => self.pre = self.pre.saturating_sub(1),
            Tag::Quote => self.quotes = self.quotes.saturating_sub(1),
            Tag::Title if self.in_title => {
                self.in_title = false;
                self.title_done = true;
            }
            _ => {}
        }
        if open.ld {
            let body = std::mem::take(&mut self.ld_buf);
            if !body.trim().is_empty() {
                self.page.ld_json.push(body);
            }
        }
        if let Some((flushes, start)) = open.author
            && flushes == self.flushes
            && let Some(raw) = self.raw.get(start..)
        {
            let text = collapse(&html_escape::decode_html_entities(raw));
            if !text.is_empty() && text.len() < 200 && self.page.author_texts.len() < 16 {
                self.page.author_texts.push(text);
            }
        }
        let parent = self.top_node();
        if open.tag.is_block() && open.node != parent {
            let last = self.page.nodes.len().saturating_sub(1) as u32;
            let (chars, link_chars) = match self.page.nodes.get_mut(open.node as usize) {
                Some(n) => {
                    n.end = last;
                    (n.chars, n.link_chars)
                }
                None => (0, 0),
            };
            if let Some(p) = self.page.nodes.get_mut(parent as usize) {
                p.chars = p.chars.saturating_add(chars);
                p.link_chars = p.link_chars.saturating_add(link_chars);
            }
        }
    }

    /// Closes the element with `id` and everything opened after it.
    fn close(&mut self, id: u32) {
        let Ok(pos) = self.stack.binary_search_by_key(&id, |o| o.id) else {
            return;
        };
        if self
            .stack
            .get(pos..)
            .is_some_and(|s| s.iter().any(|o| o.tag.is_block()))
        {
            self.flush();
        }
        while self.stack.len() > pos {
            self.pop();
        }
    }

    /// Closes up to and including the nearest entry matching `target`, looking down the stack
    /// only through entries `pass` allows.
    fn close_implied(&mut self, target: impl Fn(Tag) -> bool, pass: impl Fn(Tag) -> bool) {
        let mut found = None;
        for (i, open) in self.stack.iter().enumerate().rev().take(CLOSE_SCAN) {
            if target(open.tag) {
                found = Some(i);
                break;
            }
            if !pass(open.tag) {
                break;
            }
        }
        if let Some(i) = found
            && let Some(open) = self.stack.get(i)
        {
            let id = open.id;
            self.close(id);
        }
    }

    fn start(&mut self, el: &mut Element<'_, '_>) -> Option<u32> {
        let mut buf = [0u8; 16];
        // A start tag that is only `<name>` has no attributes: asking lol_html for them
        // would still build its attribute list.
        let mut bare = false;
        let tag_start = el.source_location().bytes().start;
        let raw_name = self
            .html
            .as_bytes()
            .get(el.source_location().bytes())
            .and_then(|tag| tag.strip_prefix(b"<"))
            .map(|tag| {
                let end = tag
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
                    .unwrap_or(tag.len());
                bare = tag.get(end..) == Some(b">".as_slice());
                tag.get(..end).unwrap_or_default()
            });
        let from_source = match raw_name {
            // Already lower case, as most pages write it: borrowed from the page.
            Some(n)
                if n.len() <= buf.len()
                    && n.iter().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) =>
            {
                self.html.get(tag_start + 1..tag_start + 1 + n.len())
            }
            Some(n) => lower_name(n, &mut buf).and_then(|n| std::str::from_utf8(n).ok()),
            None => None,
        };
        bare &= from_source.is_some();
        let owned;
        let name: &str = match from_source {
            Some(n) => n,
            None => {
                owned = el.tag_name();
                &owned
            }
        };
        let tag = Tag::of(name);
        match name {
            "meta" => self.meta(el),
            "link" => self.link(el),
            "html" => {
                if let Some(lang) = el
                    .get_attribute("lang")
                    .or_else(|| el.get_attribute("xml:lang"))
                    && self.page.lang.is_none()
                {
                    self.page.lang = Some(lang);
                }
            }
            "time" => {
                if let Some(dt) = el.get_attribute("datetime")
                    && self.page.times.len() < 64
                {
                    self.page.times.push((dt, self.page.blocks.len()));
                }
            }
            _ => {}
        }
        if !el.can_have_content() {
            if tag == Tag::Break {
                self.flush();
            } else if name == "img" && self.skip == 0 {
                // Images separate words that would otherwise run together.
                self.raw.push(' ');
            }
            return None;
        }

        let attrs = if bare {
            Attrs::default()
        } else {
            Attrs::read(el, self.html)
        };
        let itemprop = attrs.itemprop;
        if let Some(prop) = &itemprop
            && prop.eq_ignore_ascii_case("datePublished")
            && let Some(v) = el
                .get_attribute("content")
                .or_else(|| el.get_attribute("datetime"))
        {
            self.push_meta("itemprop:datepublished".into(), v);
        }

        // Implicit closes (HTML tree construction, simplified).
        if self.skip > 0
            && matches!(
                tag,
                Tag::Div
                    | Tag::Table
                    | Tag::List
                    | Tag::Heading(_)
                    | Tag::Quote
                    | Tag::Pre
                    | Tag::Chrome
            )
        {
            // An unclosed `<svg>`, `<select>`, `<button>`... must not hide the rest of the
            // page: HTML content breaks out of foreign content, and pages that leave such
            // elements open mean them to end here.
            let soft = self
                .stack
                .iter()
                .rev()
                .take(CLOSE_SCAN)
                .find(|o| o.soft)
                .map(|o| o.id);
            if let Some(id) = soft {
                self.close(id);
            }
        }
        if tag.closes_p() {
            self.close_implied(|t| t == Tag::Para, |t| !t.is_block());
        }
        match tag {
            Tag::Item => self.close_implied(
                |t| t == Tag::Item,
                |t| !t.is_block() || matches!(t, Tag::Para | Tag::Div),
            ),
            Tag::Row => {
                self.close_implied(|t| t == Tag::Row, |t| !matches!(t, Tag::Table | Tag::Row))
            }
            Tag::Cell => self.close_implied(
                |t| t == Tag::Cell,
                |t| !matches!(t, Tag::Table | Tag::Row | Tag::Cell),
            ),
            Tag::Heading(_) => self.close_implied(|t| matches!(t, Tag::Heading(_)), |_| false),
            _ => {}
        }

        let mut skip = matches!(tag, Tag::Skip);
        let mut ld = false;
        if tag == Tag::Script {
            let kind = attrs.kind.as_deref().map(str::to_ascii_lowercase);
            ld = kind.as_deref().is_some_and(|t| t.contains("ld+json"));
            if kind
                .as_deref()
                .is_some_and(|t| t.contains("template") || t.contains("html"))
            {
                self.note_hidden_markup(el);
            }
            skip = true;
        }
        if name == "noscript" {
            self.note_hidden_markup(el);
        }
        if !skip && attrs.hidden {
            skip = true;
        }
        if !skip
            && let Some(style) = &attrs.style
            && (style.contains("none") || style.contains("idden"))
        {
            let s: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if s.contains("display:none") || s.contains("visibility:hidden") {
                skip = true;
            }
        }

        if tag.is_block() {
            self.flush();
        }
        let parent = self.top_node();
        let row_parent = self.stack.last().map_or(NONE, |o| o.row);
        let node = if tag.is_block() {
            let mut h = self.names_hint(
                [&attrs.class, &attrs.id, &attrs.role, &itemprop].map(|v| v.as_deref()),
                name,
            );
            // `<header>` is an article's own introduction (headline, lead) as often as the
            // site's banner; only its class/id names judge it.
            if tag == Tag::Chrome && !h.body && name != "header" {
                h.bad = true;
                h.weight -= 25;
            }
            match name {
                "article" => {
                    h.weight += 20;
                    h.content += 20;
                }
                "main" => {
                    h.weight += 15;
                    h.content += 15;
                }
                _ => {}
            }
            let idx = self.page.nodes.len() as u32;
            let parent_bad = self
                .page
                .nodes
                .get(parent as usize)
                .map_or(NONE, |p| p.bad_anc);
            self.page.nodes.push(Node {
                parent,
                tag,
                hint: h,
                bad_anc: if h.bad { idx } else { parent_bad },
                end: idx,
                chars: 0,
                link_chars: 0,
            });
            idx
        } else {
            parent
        };
        let row = match tag {
            Tag::Row => node,
            Tag::Table => NONE,
            _ => row_parent,
        };
        let author = (!tag.is_block()
            && (itemprop
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case("author"))
                || (tag == Tag::Link
                    && attrs
                        .rel
                        .as_deref()
                        .is_some_and(|r| r.to_ascii_lowercase().contains("author")))))
        .then_some((self.flushes, self.raw.len()));

        let link = tag == Tag::Link || (attrs.href && name.contains('-'));
        if tag == Tag::Inline && !skip && !link && author.is_none() {
            // Plain phrasing elements (`span`, `b`, `font`...) change nothing the block tree
            // tracks; leaving them off the stack saves an end-tag handler each.
            return None;
        }
        if link {
            self.links += 1;
        }
        match tag {
            Tag::Pre => self.pre += 1,
            Tag::Quote => self.quotes += 1,
            Tag::Title if !self.title_done => self.in_title = true,
            _ => {}
        }
        if skip {
            self.skip += 1;
        }
        let caption = tag == Tag::Figure
            || self
                .page
                .nodes
                .get(node as usize)
                .is_some_and(|n| tag.is_block() && n.hint.caption);
        if caption {
            self.captions += 1;
        }
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        self.stack.push(Open {
            id,
            tag,
            node,
            row,
            skip,
            ld,
            soft: tag == Tag::Skip && SOFT_SKIP.contains(&name),
            caption,
            link,
            author,
        });
        if tag == Tag::Cell {
            // Cells of one row become one `cell | cell` line later; keep them apart here.
        }
        Some(id)
    }

    /// What the class/id/role/itemprop values of a block element (and the tag name of a
    /// custom element) say. Class names repeat within a page and across a site's pages, so
    /// the hint is remembered by the raw values: a repeated element costs one hash.
    fn names_hint(&mut self, values: [Option<&str>; 4], name: &str) -> Hint {
        let custom = name.contains('-');
        if values.iter().all(Option::is_none) && !custom {
            return Hint::default();
        }
        // Length-prefixed, so that no two different sets of values give the same bytes.
        self.hint_key.clear();
        for v in values.into_iter().chain([custom.then_some(name)]) {
            match v {
                Some(v) => {
                    self.hint_key.push(1);
                    self.hint_key
                        .extend_from_slice(&(v.len() as u64).to_le_bytes());
                    self.hint_key.extend_from_slice(v.as_bytes());
                }
                None => self.hint_key.push(0),
            }
        }
        let key = xxhash_rust::xxh3::xxh3_64(&self.hint_key);
        let lower = &mut self.lower;
        hint_cached(key, || {
            lower.clear();
            for token in values
                .into_iter()
                .flatten()
                .flat_map(str::split_ascii_whitespace)
            {
                // CMS classes that carry the post's own words (WordPress `tag-share`,
                // `category-footer-news`) say nothing about the element.
                let content_word = ["tag-", "category-", "tags-", "topic-", "term-"]
                    .iter()
                    .any(|p| {
                        token.len() > p.len()
                            && token
                                .get(..p.len())
                                .is_some_and(|t| t.eq_ignore_ascii_case(p))
                    });
                if !content_word {
                    let from = lower.len();
                    lower.push_str(token);
                    if let Some(added) = lower.get_mut(from..) {
                        added.make_ascii_lowercase();
                    }
                    lower.push(' ');
                }
            }
            if custom {
                lower.push_str(name);
            }
            hint(lower)
        })
    }

    fn note_hidden_markup(&mut self, el: &Element<'_, '_>) {
        let r = el.source_location().bytes();
        if self.page.hidden_markup.len() < 64 {
            self.page.hidden_markup.push((r.start, r.end));
        }
    }

    fn push_meta(&mut self, key: String, value: String) {
        if self.page.metas.len() < MAX_METAS {
            self.page.metas.push((key, value));
        }
    }

    fn meta(&mut self, el: &Element<'_, '_>) {
        let Some(content) = el.get_attribute("content") else {
            return;
        };
        for attr in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(key) = el.get_attribute(attr) {
                let key = key.trim().to_ascii_lowercase();
                if !key.is_empty() {
                    let key = if attr == "itemprop" {
                        format!("itemprop:{key}")
                    } else {
                        key
                    };
                    self.push_meta(key, content.clone());
                }
            }
        }
    }

    fn link(&mut self, el: &Element<'_, '_>) {
        let Some(rel) = el.get_attribute("rel") else {
            return;
        };
        if rel.eq_ignore_ascii_case("canonical")
            && self.page.canonical.is_none()
            && let Some(href) = el.get_attribute("href")
        {
            self.page.canonical = Some(href);
        }
    }

    fn text(&mut self, text: &str, kind: TextType) {
        match kind {
            TextType::Data | TextType::CDataSection => {
                if self.skip > 0 {
                    return;
                }
                if self.in_title {
                    if self.page.title.len() <= MAX_TITLE {
                        self.page.title.push_str(text);
                    }
                    return;
                }
                let n = non_ws_bytes(text);
                if n == 0 && self.raw.is_empty() {
                    return;
                }
                self.raw.push_str(text);
                self.raw_total += n;
                if self.links > 0 {
                    self.raw_link += n;
                }
            }
            TextType::RCData => {
                if self.in_title && self.page.title.len() <= MAX_TITLE {
                    self.page.title.push_str(text);
                }
            }
            TextType::ScriptData => {
                if self.stack.last().is_some_and(|o| o.ld) && self.ld_bytes < MAX_LD_BYTES {
                    self.ld_bytes += text.len();
                    self.ld_buf.push_str(text);
                }
            }
            TextType::PlainText | TextType::RawText => {}
        }
    }

    fn finish(mut self) -> Page {
        self.flush();
        while !self.stack.is_empty() {
            self.pop();
        }
        let mut page = self.page;
        if page.title.len() > MAX_TITLE {
            // Never closed: keep its first line, before anything tag-like.
            page.title_unclosed = true;
            let mut end = page
                .title
                .find(['\n', '<'])
                .unwrap_or(page.title.len())
                .min(400);
            while !page.title.is_char_boundary(end) {
                end -= 1;
            }
            page.title.truncate(end);
        }
        page.title = collapse(&html_escape::decode_html_entities(&page.title));
        page
    }
}

/// Collapses whitespace runs (Unicode whitespace, zero-width space, BOM) to one space and
/// trims, appending to `out`.
pub(crate) fn collapse_into(src: &str, out: &mut String) {
    if src.is_ascii() {
        collapse_ascii_into(src, out);
        return;
    }
    // Kept text is copied in runs, not word by word: a run ends at a separator or at a soft
    // hyphen (soft hyphens only mark where a word may break, and are dropped), and a single
    // plain space between two kept characters stays inside the run.
    let bytes = src.as_bytes();
    let mut run_start: Option<usize> = None;
    // A separator was seen since the last kept character.
    let mut gap = false;
    let mut wrote = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b > b' ' && b.is_ascii() {
            // Fast path: printable ASCII is always kept.
            run_start.get_or_insert(i);
            i += 1;
            continue;
        }
        let c = char_at(src, i);
        let next = i + c.len_utf8();
        if is_kept(c) {
            run_start.get_or_insert(i);
        } else if c == ' ' && run_start.is_some() && next < src.len() && is_kept(char_at(src, next))
        {
            // A single space inside a run.
        } else {
            if let Some(start) = run_start.take() {
                if gap && wrote {
                    out.push(' ');
                }
                out.push_str(src.get(start..i).unwrap_or_default());
                (gap, wrote) = (false, true);
            }
            gap |= c != '\u{ad}';
        }
        i = next;
    }
    if let Some(start) = run_start {
        if gap && wrote {
            out.push(' ');
        }
        out.push_str(src.get(start..).unwrap_or_default());
    }
}

/// The character starting at byte `i` of `s` (a character boundary).
fn char_at(s: &str, i: usize) -> char {
    s.get(i..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Whitespace that separates words: Unicode whitespace, zero-width space, BOM.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
}

/// A character [`collapse_into`] keeps: not a separator, not a soft hyphen.
fn is_kept(c: char) -> bool {
    !is_separator(c) && c != '\u{ad}'
}

/// [`collapse_into`] for ASCII text: the same words joined by single spaces, but text that
/// is already clean (words and single spaces) is copied in whole runs, not word by word.
fn collapse_ascii_into(src: &str, out: &mut String) {
    let text = src.trim_ascii();
    let bytes = text.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if !b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // `text` is trimmed, so whitespace is always followed by something.
        let next_is_word = bytes.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace());
        if b == b' ' && next_is_word {
            i += 1;
            continue;
        }
        // A run of whitespace, or one that is not a plain space: end the clean run there.
        out.push_str(text.get(run_start..i).unwrap_or_default());
        out.push(' ');
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        run_start = i;
    }
    out.push_str(text.get(run_start..).unwrap_or_default());
}

/// `&#150 ` without its `;` still means `&#150;` to browsers.
fn terminate_numeric_refs(raw: &str) -> std::borrow::Cow<'_, str> {
    let bytes = raw.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(pos) = memchr::memmem::find(bytes.get(i..).unwrap_or_default(), b"&#") {
        let start = i + pos + 2;
        let hex = matches!(bytes.get(start), Some(b'x' | b'X'));
        let digits_from = if hex { start + 1 } else { start };
        let mut end = digits_from;
        while bytes.get(end).is_some_and(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        }) {
            end += 1;
        }
        if end > digits_from && bytes.get(end) != Some(&b';') {
            let o = out.get_or_insert_with(|| String::with_capacity(raw.len() + 8));
            o.push_str(raw.get(copied..end).unwrap_or_default());
            o.push(';');
            copied = end;
        }
        i = end.max(start);
    }
    match out {
        Some(mut o) => {
            o.push_str(raw.get(copied..).unwrap_or_default());
            std::borrow::Cow::Owned(o)
        }
        None => std::borrow::Cow::Borrowed(raw),
    }
}

/// `&#150;` and friends name windows-1252 bytes, as browsers read them (HTML spec), not C1
/// control characters.
fn fix_c1(s: &mut String) {
    if !s.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        return;
    }
    *s = s
        .chars()
        .map(|c| {
            let code = c as u32;
            if (0x80..=0x9f).contains(&code) {
                let byte = [code as u8];
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(&byte)
                    .0
                    .chars()
                    .next()
                    .unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
}

/// Whitespace collapsed and trimmed.
pub(crate) fn collapse(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    collapse_into(src, &mut out);
    out
}

/// Longest `<title>` text taken as is; longer means the title was never closed.
const MAX_TITLE: usize = 2000;

/// `name` lower-cased into `buf`, when it is short ASCII (all tag and attribute names
/// the extractor looks at are).
fn lower_name<'b>(name: &[u8], buf: &'b mut [u8; 16]) -> Option<&'b [u8]> {
    let out = buf.get_mut(..name.len())?;
    for (o, b) in out.iter_mut().zip(name) {
        if !b.is_ascii() {
            return None;
        }
        *o = b.to_ascii_lowercase();
    }
    Some(out)
}

/// `html` with the `<noscript>` and template-script start tags at `starts` (and their end
/// tags) turned into `<div>`s, so that the markup inside them is read as page content;
/// `None` when there is nothing to reveal. Linear: each hidden element is searched for its
/// end tag from its own start, and the ranges are in page order.
pub(crate) fn reveal(html: &str, starts: &[(usize, usize)]) -> Option<String> {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 16);
    let mut copied = 0;
    let mut revealed = 0usize;
    for &(start, end) in starts {
        if start < copied || end > bytes.len() || start >= end {
            continue;
        }
        let name: &[u8] = if bytes
            .get(start..(start + 9).min(bytes.len()))
            .is_some_and(|t| t.eq_ignore_ascii_case(b"<noscript"))
        {
            b"</noscript"
        } else {
            b"</script"
        };
        let Some(close) = find_ignore_case(bytes.get(end..)?, name).map(|i| end + i) else {
            continue;
        };
        let close_end = bytes
            .get(close..)
            .and_then(|b| memchr::memchr(b'>', b))
            .map_or(bytes.len(), |i| close + i + 1);
        out.push_str(html.get(copied..start)?);
        out.push_str("<div>");
        out.push_str(html.get(end..close)?);
        out.push_str("</div>");
        copied = close_end;
        revealed += close - end;
    }
    // Tracking pixels and "enable JavaScript" notes are not worth a second pass.
    if revealed < MIN_REVEAL_BYTES {
        return None;
    }
    out.push_str(html.get(copied..)?);
    Some(out)
}

/// Hidden markup shorter than this (bytes, all elements together) is not revealed.
const MIN_REVEAL_BYTES: usize = 256;

/// First position of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|h| memchr::memchr(first, h)) {
        let at = from + i;
        if hay
            .get(at..at + needle.len())
            .is_some_and(|c| c.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Parses decoded HTML into a [`Page`].
///
/// A `<title>` that is never closed swallows the whole page as RCDATA (browsers show an
/// empty page; damaged crawls have this). Then the page is read again with that tag
/// neutralized, and the title is cut at the first line or tag-like text.
pub(crate) fn parse(html: &str) -> Page {
    let page = parse_once(html);
    if !page.title_unclosed {
        return page;
    }
    let lower_head = html
        .get(..html.len().min(64 * 1024))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let Some(at) = lower_head.find("<title") else {
        return page;
    };
    let mut fixed = String::with_capacity(html.len() + 1);
    fixed.push_str(html.get(..at).unwrap_or_default());
    fixed.push_str("<x-title");
    fixed.push_str(html.get(at + 6..).unwrap_or_default());
    let mut again = parse_once(&fixed);
    again.title = page.title;
    // The title text itself was read as a first text block; drop it.
    if let Some(first) = again.blocks.first()
        && !again.title.is_empty()
        && first.text.starts_with(&again.title)
    {
        again.blocks.remove(0);
    }
    again
}

fn parse_once(html: &str) -> Page {
    let state = RefCell::new(Builder {
        html,
        ..Builder::default()
    });
    // End-tag handlers must be `'static`, so they only queue the id of the element that
    // ended; the builder applies the queue before the next event.
    let ended: Rc<RefCell<Vec<u32>>> = Rc::default();
    let muted: Rc<Cell<bool>> = Rc::default();
    let apply = |b: &mut Builder<'_>| {
        let mut queue = ended.borrow_mut();
        for id in queue.drain(..) {
            b.close(id);
        }
    };
    let settings = Settings::new()
        .with_strict(false)
        .with_memory_settings(
            MemorySettings::new().with_preallocated_parsing_buffer_size(16 * 1024),
        )
        .append_element_content_handler(element!("*", |el| {
            let mut b = state.borrow_mut();
            apply(&mut b);
            // Nothing reads the rewritten output, so the outermost open element is marked
            // removed: lol_html then skips serializing every token inside it.
            if !muted.get() && el.can_have_content() {
                el.remove();
                muted.set(true);
                let muted = Rc::clone(&muted);
                let unmute: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                    muted.set(false);
                    Ok(())
                });
                el.on_end_tag(unmute)?;
            }
            let id = b.start(el);
            if let Some(id) = id
                && el.can_have_content()
            {
                let queue = Rc::clone(&ended);
                el.on_end_tag(Box::new(move |_end| {
                    queue.borrow_mut().push(id);
                    Ok(())
                }))?;
            }
            Ok(())
        }))
        .append_document_content_handler(doc_text!(|t| {
            if t.as_str().is_empty() {
                // lol_html ends every text node with an empty chunk. Ended elements stay
                // queued until the next event, which applies them before anything else.
                return Ok(());
            }
            let mut b = state.borrow_mut();
            apply(&mut b);
            b.text(t.as_str(), t.text_type());
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    // A rewriting error (never expected with strict mode off and no memory limit) leaves what
    // was read so far, which is still the best available answer for a broken page.
    let ok = rewriter.write(html.as_bytes()).is_ok();
    if ok {
        let _ = rewriter.end();
    } else {
        drop(rewriter);
    }
    let mut b = state.into_inner();
    apply(&mut b);
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<(Kind, String)> {
        parse(html)
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn splits_blocks_and_keeps_inline_text_together() {
        let b = texts("<div><p>One <b>bold</b> line</p><p>Two</p>tail</div>");
        assert_eq!(
            b,
            vec![
                (Kind::Para, "One bold line".into()),
                (Kind::Para, "Two".into()),
                (Kind::Para, "tail".into())
            ]
        );
    }

    #[test]
    fn closes_paragraphs_and_items_implicitly() {
        let page = parse("<div><p>a<p>b<ul><li>x<li>y</ul></div><p>c");
        let b: Vec<_> = page
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            b,
            vec![
                (Kind::Para, "a"),
                (Kind::Para, "b"),
                (Kind::Item, "x"),
                (Kind::Item, "y"),
                (Kind::Para, "c")
            ]
        );
        // The two paragraphs are siblings, not nested.
        let p: Vec<_> = page
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Para)
            .map(|n| n.parent)
            .collect();
        assert_eq!(p[0], p[1]);
        let items: Vec<_> = page
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Item)
            .map(|n| n.parent)
            .collect();
        assert_eq!(items[0], items[1]);
    }

    #[test]
    fn skips_scripts_styles_and_hidden_content() {
        let page = parse(
            "<title>T &amp; U</title><style>p{}</style><script>var x='<p>no</p>';</script>\
             <noscript>no</noscript><p>yes</p><div hidden>no</div><div style='display: none'>no</div>\
             <svg><text>no</text></svg><template><p>no</p></template>",
        );
        let b: Vec<_> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(b, vec!["yes"]);
        assert_eq!(page.title, "T & U");
    }

    #[test]
    fn c1_references_mean_windows_1252() {
        let page = parse("<p>2008 &#150; &#147;quoted&#148; &#150 x &#8217y &#x41;</p>");
        assert_eq!(page.blocks[0].text, "2008 – “quoted” – x ’y A");
    }

    #[test]
    fn decodes_entities_and_counts_links() {
        let page = parse("<p>Caf&eacute; &amp; <a href=x>link text</a></p>");
        let b = &page.blocks[0];
        assert_eq!(b.text, "Café & link text");
        assert!(b.link_chars > 0 && b.link_chars < b.chars);
    }

    #[test]
    fn reads_metadata() {
        let page = parse(
            r#"<html lang="de"><head><meta property="og:title" content="Hi"><link rel="canonical" href="https://x.org/a">
            <script type="application/ld+json">{"headline":"H"}</script></head>
            <body><time datetime="2020-01-02">x</time><a rel="author" href="/a">Jane Doe</a></body></html>"#,
        );
        assert_eq!(page.lang.as_deref(), Some("de"));
        assert_eq!(page.metas, vec![("og:title".to_string(), "Hi".to_string())]);
        assert_eq!(page.canonical.as_deref(), Some("https://x.org/a"));
        assert_eq!(page.ld_json.len(), 1);
        assert_eq!(page.times[0].0, "2020-01-02");
        assert_eq!(page.author_texts, vec!["Jane Doe".to_string()]);
    }

    #[test]
    fn table_cells_know_their_row() {
        let page = parse("<table><tr><td>a<td>b<tr><td>c</table>");
        let rows: Vec<_> = page.blocks.iter().map(|b| (b.kind, b.row)).collect();
        assert_eq!(rows[0].0, Kind::Cell);
        assert_eq!(rows[0].1, rows[1].1);
        assert_ne!(rows[1].1, rows[2].1);
    }

    #[test]
    fn reveals_noscript_and_template_markup() {
        let pad = " ".repeat(300);
        let html = format!(
            "<p>a</p><noscript><p>b</p></noscript><script type='text/template'><p>c &amp; d</p>{pad}</SCRIPT><p>e</p>"
        );
        let html = html.as_str();
        let page = parse(html);
        assert_eq!(page.hidden_markup.len(), 2);
        let shown = reveal(html, &page.hidden_markup).unwrap();
        let b: Vec<_> = parse(&shown).blocks.into_iter().map(|b| b.text).collect();
        assert_eq!(b, vec!["a", "b", "c & d", "e"]);
    }

    /// The word-by-word definition that [`collapse_into`] implements faster.
    fn collapse_by_words(src: &str) -> String {
        let words: Vec<String> = if src.is_ascii() {
            src.split_ascii_whitespace().map(String::from).collect()
        } else {
            src.split(is_separator)
                .map(|w| w.chars().filter(|&c| c != '\u{ad}').collect::<String>())
                .filter(|w| !w.is_empty())
                .collect()
        };
        words.join(" ")
    }

    #[test]
    fn collapse_matches_the_word_by_word_definition() {
        let pieces = [
            "a", "bc", " ", "  ", "\n", "\t", "\r\n", "\u{b}", "\u{c}", "\u{a0}", "\u{200b}",
            "\u{feff}", "\u{ad}", "é", "日本", "\u{3000}", "\u{85}", "\u{1}", "x\u{ad}y", "’",
        ];
        // Every sequence of up to four pieces, and a few longer mixes.
        let mut cases = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for c in &cases {
                for p in pieces {
                    next.push(format!("{c}{p}"));
                }
            }
            cases.extend(next);
            cases.sort();
            cases.dedup();
        }
        for case in &cases {
            assert_eq!(collapse(case), collapse_by_words(case), "{case:?}");
        }
    }

    #[test]
    fn deep_nesting_is_fine() {
        let html = "<div>".repeat(10_000) + "deep text" + &"</div>".repeat(10_000);
        let page = parse(&html);
        assert_eq!(page.blocks.len(), 1);
        assert_eq!(page.nodes.len(), 10_000);
    }
}
