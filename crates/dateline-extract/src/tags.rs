//! What each HTML tag means to the extractor: skipped, inline, or a block boundary.

/// The role of an element in the light block tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    /// Content never shown as text (`script`, `style`, `svg`, ...).
    Skip,
    /// `<title>`: its text is metadata.
    Title,
    /// `<script>`: JSON-LD is read, other scripts skipped.
    Script,
    /// `<a>`: counts towards link density.
    Link,
    /// Any other phrasing element (`span`, `b`, `em`, unknown tags).
    Inline,
    /// `<p>` and similar paragraph containers.
    Para,
    /// `<h1>`..`<h6>`.
    Heading(u8),
    /// `<li>`, `<dt>`, `<dd>`.
    Item,
    /// `<ul>`, `<ol>`, `<dl>`, `<menu>`.
    List,
    /// `<blockquote>`.
    Quote,
    /// `<pre>`.
    Pre,
    /// `<table>`, `<tbody>`, `<thead>`, `<tfoot>`, `<caption>`.
    Table,
    /// `<tr>`.
    Row,
    /// `<td>`, `<th>`.
    Cell,
    /// Sectioning and generic containers (`div`, `section`, `article`, `main`, `body`, ...).
    Div,
    /// `<nav>`, `<aside>`, `<footer>`, `<header>`, `<menu>`: boilerplate by tag.
    Chrome,
    /// `<figure>`, `<figcaption>`: captions.
    Figure,
    /// `<br>`, `<hr>`: void elements that break a block.
    Break,
}

impl Tag {
    /// Classifies a lower-case tag name.
    pub(crate) fn of(name: &str) -> Tag {
        match name {
            "script" => Tag::Script,
            "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object" | "embed"
            | "canvas" | "select" | "textarea" | "button" | "video" | "audio" | "map"
            | "noembed" | "noframes" | "xmp" | "datalist" | "dialog" => Tag::Skip,
            "title" => Tag::Title,
            "a" => Tag::Link,
            "p" | "address" | "center" | "summary" | "legend" | "option" => Tag::Para,
            "h1" => Tag::Heading(1),
            "h2" => Tag::Heading(2),
            "h3" => Tag::Heading(3),
            "h4" => Tag::Heading(4),
            "h5" => Tag::Heading(5),
            "h6" => Tag::Heading(6),
            "li" | "dt" | "dd" => Tag::Item,
            "ul" | "ol" | "dl" => Tag::List,
            "blockquote" => Tag::Quote,
            "pre" | "listing" | "plaintext" => Tag::Pre,
            "table" | "tbody" | "thead" | "tfoot" | "caption" | "colgroup" => Tag::Table,
            "tr" => Tag::Row,
            "td" | "th" => Tag::Cell,
            "div" | "section" | "article" | "main" | "body" | "html" | "form" | "fieldset"
            | "details" | "hgroup" | "frameset" | "frame" => Tag::Div,
            "nav" | "aside" | "footer" | "header" | "menu" => Tag::Chrome,
            "figure" | "figcaption" => Tag::Figure,
            "br" | "hr" => Tag::Break,
            // Custom elements (web components) are mostly layout containers.
            _ if name.contains('-') => Tag::Div,
            _ => Tag::Inline,
        }
    }

    /// True for elements that end the current text block when they open or close.
    pub(crate) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Skip | Tag::Title | Tag::Script | Tag::Link | Tag::Inline
        )
    }

    /// True for elements whose opening implicitly closes an open `<p>` (HTML spec, simplified).
    pub(crate) fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::Para
                | Tag::Heading(_)
                | Tag::List
                | Tag::Quote
                | Tag::Pre
                | Tag::Table
                | Tag::Div
                | Tag::Chrome
                | Tag::Figure
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_common_tags() {
        assert_eq!(Tag::of("p"), Tag::Para);
        assert_eq!(Tag::of("h3"), Tag::Heading(3));
        assert_eq!(Tag::of("span"), Tag::Inline);
        assert_eq!(Tag::of("my-widget"), Tag::Div);
        assert_eq!(Tag::of("font"), Tag::Inline);
        assert!(Tag::of("div").is_block());
        assert!(!Tag::of("a").is_block());
        assert!(Tag::of("ul").closes_p());
        assert!(!Tag::of("li").closes_p());
    }
}
