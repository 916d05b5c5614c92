//! Turns an [`Article`] into a [`Release`]. Pure and deterministic.
//!
//! STUB: API contract: `Structurer::new(StructureOptions::default())`, `Structurer::structure(&Article) -> Release`.
#![deny(missing_docs)]

mod dateline;
mod dates;
mod gazetteer;
mod orgs;
mod people;
mod quotes;

use dateline_types::{Article, Release};

/// Settings of the structure stage.
#[derive(Debug, Clone, Default)]
pub struct StructureOptions {}

/// Finds the structure of releases; cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Structurer {}

impl Structurer {
    /// A structurer with these options.
    pub fn new(options: StructureOptions) -> Self {
        let _ = options;
        Structurer {}
    }

    /// The release in an article.
    pub fn structure(&self, article: &Article) -> Release {
        Release {
            source: article.source.label(),
            url: article.url.clone(),
            title: article.title.clone(),
            body: article.body(),
            ..Release::default()
        }
    }
}
