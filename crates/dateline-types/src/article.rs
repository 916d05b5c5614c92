use serde::{Deserialize, Serialize};

use crate::{Evidence, PartialDate, SourceRef};

/// The kind of a block of main content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A heading, with its level (1-6).
    Heading(u8),
    /// A paragraph of running text (also one line of a text dump).
    Paragraph,
    /// One item of a list.
    ListItem,
    /// A block quotation.
    Quote,
    /// One row of a table, cells separated by ` | `.
    TableRow,
    /// Preformatted text, line breaks significant.
    Preformatted,
}

/// One block of main content: a paragraph, heading, list item, quotation, table row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// What kind of block this is.
    pub kind: BlockKind,
    /// Its text, whitespace collapsed, valid UTF-8, no markup.
    pub text: String,
}

impl Block {
    /// A paragraph block.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
        }
    }
}

/// A date together with how it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateFound {
    /// The date, as precise as the source.
    pub date: PartialDate,
    /// Where it came from (`json-ld datePublished`, `meta article:published_time`, `url`, ...).
    pub evidence: Evidence,
}

/// The main content and metadata of one page: what `extract` finds before any structure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Where the page came from.
    pub source: SourceRef,
    /// The page's URL: canonical link, else the fetched URL.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The publication date found in page metadata or visible text.
    pub published: Option<DateFound>,
    /// Author names, in page order.
    pub authors: Vec<String>,
    /// The publishing site's name (`og:site_name`, ...).
    pub site: Option<String>,
    /// The page's language as a BCP 47 / ISO 639-1 code, declared or detected.
    pub lang: Option<String>,
    /// The page's own summary (`meta description`), if any.
    pub description: Option<String>,
    /// The main content, in reading order.
    pub blocks: Vec<Block>,
    /// Text judged to be boilerplate (menus, footers, share widgets), in page order,
    /// kept so users can see what was removed.
    pub removed: Vec<String>,
}

impl Article {
    /// The main text: blocks separated by a blank line.
    pub fn body(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if block.text.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&block.text);
        }
        out
    }
}
