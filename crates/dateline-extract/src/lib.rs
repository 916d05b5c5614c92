//! Turns a [`RawPage`] into an [`Article`]: charset, main content, metadata. Pure, no I/O.
//!
//! An [`Extractor`] (built by [`ExtractorBuilder`]) reads one page at a time:
//!
//! 1. **Charset** ([`charset::decode`]): byte-order mark, then the charset declared outside
//!    the page, then `<meta charset>`, then detection (chardetng); UTF-8 input is borrowed.
//! 2. **One streaming pass** (lol_html, no DOM) builds a light block tree: block elements
//!    with their class/id hints and text totals, and the text blocks between them. Script,
//!    style, SVG, templates and hidden elements are skipped; entities are decoded.
//! 3. **Main content**: text blocks vote for their container; the best container (scaled by
//!    link density, helped or hurt by its class/id names) and its good siblings are the
//!    article; share bars, related links, comments and link lists inside it are cut. What was
//!    cut is kept in [`Article::removed`].
//! 4. **Metadata**: headline, publication date (with the rule that found it), authors, site
//!    name, canonical URL, language and description, from JSON-LD, `<meta>` tags, `<time>`,
//!    the URL and visible text.
//!
//! Plain-text dumps ([`PageKind::Text`]) go to a line-based extractor instead, optionally
//! helped by a [`TextTemplate`] learnt from sibling dumps of the same site.
//!
//! The whole pass is linear in the page size: a 50 MB page or 10,000 nested elements are
//! fine, and no page content can make it panic.
//!
//! # How good, how fast
//!
//! `cargo run --release -p dateline-extract --example eval -- ../shared/data/extraction-dev`
//! measures both (metrics as the data set's README defines them). At the time of writing,
//! on the 939 pages with body truth: precision 0.946, recall 0.943, body F1 0.945
//! (l3s-gn1 0.952, dragnet 0.922, cleanportaleval 0.954); trafilatura-eval snippets:
//! precision 0.915, recall 0.941, accuracy 0.927; one thread extracts about 1,600 pages/s,
//! about 180 MB/s of HTML (CPU time on a loaded machine; 2,308 pages, 262 MB). The
//! `parse_floor` example measures what lol_html alone costs on the same pages.
//!
//! ```
//! use dateline_extract::ExtractorBuilder;
//! use dateline_types::{PageKind, RawPage, SourceRef};
//!
//! let html = r#"<html lang="en"><head><title>Aid reaches the north | Example News</title>
//!   <meta property="article:published_time" content="2024-03-05T08:00:00Z"></head>
//!   <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
//!   <article><h1>Aid reaches the north</h1>
//!   <p>GENEVA, 5 March 2024 – The first convoy of the season reached the northern towns on
//!   Tuesday, carrying food, water and medicine for twelve thousand people.</p>
//!   <p>“We will keep going as long as the roads stay open,” said the convoy's coordinator,
//!   adding that a second convoy is planned for next week.</p></article>
//!   <footer>© Example News</footer></body></html>"#;
//! let page = RawPage::new(SourceRef::file("aid.html"), PageKind::Html, html.as_bytes().to_vec());
//! let article = ExtractorBuilder::new().build().extract(&page)?;
//! assert_eq!(article.title.as_deref(), Some("Aid reaches the north"));
//! assert_eq!(article.published.unwrap().date.to_string(), "2024-03-05");
//! assert_eq!(article.lang.as_deref(), Some("en"));
//! assert_eq!(article.blocks.len(), 2);
//! assert!(article.removed.iter().any(|r| r.contains("Home")));
//! # Ok::<(), dateline_extract::ExtractError>(())
//! ```
#![deny(missing_docs)]

pub mod charset;
mod content;
mod dates;
mod hints;
mod lang;
mod meta;
mod parse;
mod tags;
mod text;

use dateline_types::{Article, DateFound, Evidence, PageKind, RawPage};

pub use text::TextTemplate;

/// Below this many bytes of article text, markup hidden in `<noscript>` and template
/// scripts is tried as content.
const REVEAL_BELOW_BYTES: usize = 400;

/// How many leading bytes are inspected to tell text from binary data.
const SNIFF_BYTES: usize = 8 * 1024;

/// Why a page gave no article.
///
/// The caller knows which input the page came from and adds it as context.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The bytes are not a text document (binary junk); the text says what gave it away,
    /// e.g. the share of NUL bytes or a file signature.
    #[error("not a text document: {0}; skip it, or check that it was decompressed")]
    Binary(String),
    /// The page has no bytes or no text at all.
    #[error("the page is empty: it has no bytes or no visible text")]
    Empty,
}

/// What kind of failure an [`ExtractError`] is, for callers that count or branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtractErrorKind {
    /// See [`ExtractError::Binary`].
    Binary,
    /// See [`ExtractError::Empty`].
    Empty,
}

impl ExtractError {
    /// The kind of failure.
    pub fn kind(&self) -> ExtractErrorKind {
        match self {
            ExtractError::Binary(_) => ExtractErrorKind::Binary,
            ExtractError::Empty => ExtractErrorKind::Empty,
        }
    }
}

/// Builds an [`Extractor`].
#[derive(Debug, Clone, Default)]
pub struct ExtractorBuilder {
    detect_language: bool,
}

impl ExtractorBuilder {
    /// Default settings: language detection on.
    pub fn new() -> Self {
        ExtractorBuilder {
            detect_language: true,
        }
    }

    /// Whether to detect the language from the text when the page declares none
    /// (default: on). Off saves a little time when the language is not needed.
    pub fn detect_language(&mut self, yes: bool) -> &mut Self {
        self.detect_language = yes;
        self
    }

    /// A reusable extractor.
    pub fn build(&self) -> Extractor {
        Extractor {
            detect_language: self.detect_language,
        }
    }
}

/// Extracts main content and metadata; cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    detect_language: bool,
}

impl Extractor {
    /// Extracts one page.
    pub fn extract(&self, page: &RawPage) -> Result<Article, ExtractError> {
        self.extract_with_template(page, None)
    }

    /// Extracts one page, using template lines learnt from its siblings (text dumps only).
    pub fn extract_with_template(
        &self,
        page: &RawPage,
        template: Option<&TextTemplate>,
    ) -> Result<Article, ExtractError> {
        if page.bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ExtractError::Empty);
        }
        if let Some(reason) = binary_reason(&page.bytes) {
            return Err(ExtractError::Binary(format!(
                "`{}`: {reason}",
                page.source.label()
            )));
        }
        let html = page.kind == PageKind::Html;
        let decoded = charset::decode(&page.bytes, page.declared_charset.as_deref(), html);
        let mut article = match page.kind {
            PageKind::Text => {
                let mut article = text::extract_text_dump(&page.source, &decoded.text, template);
                // A dump has no metadata of its own: the date given beside it is the date.
                article.published = page.date_hint.as_deref().and_then(|hint| {
                    dates::parse_any(hint).map(|date| DateFound {
                        date,
                        evidence: Evidence::rule("input:date", hint),
                    })
                });
                article
            }
            PageKind::Html => self.extract_html(page, &decoded.text),
        };
        // A page with metadata but no visible text (script-rendered) still gives its title,
        // date and description.
        if article.blocks.is_empty()
            && article.removed.is_empty()
            && article.title.is_none()
            && article.description.is_none()
            && article.published.is_none()
        {
            return Err(ExtractError::Empty);
        }
        if article.lang.is_none() && self.detect_language {
            article.lang = lang::detect(&lang_sample(&article));
        }
        Ok(article)
    }

    fn extract_html(&self, page: &RawPage, html: &str) -> Article {
        let mut parsed = parse::parse(html);
        let ld = meta::ld_facts(&parsed.ld_json);
        let (mut title, mut shown) = meta::title(&parsed, &ld);
        let mut content = content::select(&parsed, title.as_deref());
        // Next to no article text, but markup kept in `<noscript>` or a template script:
        // read the page again with that markup shown, and keep whichever reads better.
        let kept: usize = content.blocks.iter().map(|b| b.text.len()).sum();
        if kept < REVEAL_BELOW_BYTES
            && let Some(shown_html) = parse::reveal(html, &parsed.hidden_markup)
        {
            let again = parse::parse(&shown_html);
            let (title2, shown2) = meta::title(&again, &ld);
            let content2 = content::select(&again, title2.as_deref());
            let kept2: usize = content2.blocks.iter().map(|b| b.text.len()).sum();
            if kept2 > kept * 2 + 100 {
                (parsed, title, shown, content) = (again, title2, shown2, content2);
            }
        }
        if !shown && let Some(h) = meta::heading_before(&parsed, content.first_kept) {
            // The document title is a site name or a section: the heading right above the
            // article text is the headline.
            title = Some(h);
        }
        let url = meta::canonical(&parsed, page.source.url.as_deref());
        let date_url = url.as_deref().or(page.source.url.as_deref());
        let published = meta::published(
            &parsed,
            &ld,
            date_url,
            page.date_hint.as_deref(),
            title.as_deref(),
        );
        let lang = parsed
            .lang
            .as_deref()
            .and_then(lang::normalize)
            .or_else(|| {
                meta::meta(
                    &parsed,
                    &["content-language", "og:locale", "dc.language", "language"],
                )
                .and_then(lang::normalize)
            });
        Article {
            source: page.source.clone(),
            url,
            title,
            published,
            authors: meta::authors(&parsed, &ld),
            site: meta::site(&parsed, &ld),
            lang,
            description: meta::description(&parsed, &ld),
            blocks: content.blocks,
            removed: content.removed,
        }
    }
}

/// The first blocks of the body, enough for language detection (whole blocks, joined by
/// newlines; the detector cuts the sample itself).
fn lang_sample(article: &Article) -> String {
    let mut out = String::new();
    for b in &article.blocks {
        if out.len() >= lang::SAMPLE_BYTES {
            break;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&b.text);
    }
    out
}

/// Why `bytes` look like binary data rather than text, if they do.
fn binary_reason(bytes: &[u8]) -> Option<String> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"GIF8", "GIF image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1F\x8B", "gzip data (not decompressed)"),
        (b"\x28\xB5\x2F\xFD", "zstd data (not decompressed)"),
        (b"BZh", "bzip2 data"),
        (b"\x7FELF", "ELF executable"),
        (b"RIFF", "RIFF media"),
        (b"\x00\x00\x01\x00", "icon"),
        (b"wOFF", "web font"),
        (b"wOF2", "web font"),
    ];
    for (sig, what) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Some(format!("it starts with the signature of a {what}"));
        }
    }
    // UTF-16 text has NULs but also a BOM; charset decoding handles it.
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return None;
    }
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    // Two plain counts, which the compiler turns into vector code.
    let nul = head.iter().filter(|&&b| b == 0).count();
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B | 0))
        .count();
    let n = head.len().max(1);
    if nul * 100 > n {
        return Some(format!(
            "{}% of its first {} bytes are NUL bytes",
            nul * 100 / n,
            head.len()
        ));
    }
    if control * 10 > n {
        return Some(format!(
            "{}% of its first {} bytes are control bytes",
            control * 100 / n,
            head.len()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_types::SourceRef;

    fn page(bytes: &[u8]) -> RawPage {
        RawPage::new(SourceRef::file("t.html"), PageKind::Html, bytes.to_vec())
    }

    #[test]
    fn rejects_binary_and_empty_pages() {
        let ex = ExtractorBuilder::new().build();
        let e = ex.extract(&page(b"%PDF-1.4 ...")).unwrap_err();
        assert_eq!(e.kind(), ExtractErrorKind::Binary);
        let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
        let e = ex.extract(&page(&junk)).unwrap_err();
        assert_eq!(e.kind(), ExtractErrorKind::Binary);
        assert!(e.to_string().contains("t.html"), "{e}");
        assert_eq!(
            ex.extract(&page(b"")).unwrap_err().kind(),
            ExtractErrorKind::Empty
        );
        assert_eq!(
            ex.extract(&page(b" \n ")).unwrap_err().kind(),
            ExtractErrorKind::Empty
        );
        assert_eq!(
            ex.extract(&page(b"<html><script>x()</script></html>"))
                .unwrap_err()
                .kind(),
            ExtractErrorKind::Empty
        );
    }
}
