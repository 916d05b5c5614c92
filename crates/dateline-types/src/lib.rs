//! The values that flow through dateline's pipeline.
//!
//! Every stage takes one of these and returns the next, so no stage depends on
//! its neighbours:
//!
//! ```text
//! RawPage  --extract-->  Article  --structure-->  Release  --dedup/store-->  archive
//! ```
//!
//! * [`RawPage`]: bytes of one crawled page and where they came from ([`SourceRef`]).
//! * [`Article`]: the page's main content as [`Block`]s plus page metadata.
//! * [`Release`]: the structured press release, the record contract of every
//!   `extract`, `ingest` and `export` output.
//!
//! ```
//! use dateline_types::{PartialDate, RawPage, PageKind, SourceRef};
//!
//! let page = RawPage::new(SourceRef::file("news.html"), PageKind::Html, b"<p>Hi</p>".to_vec());
//! assert_eq!(page.source.origin, "news.html");
//! assert_eq!(PartialDate::parse("2018-04").unwrap().to_string(), "2018-04");
//! ```
#![deny(missing_docs)]

mod article;
mod date;
mod page;
mod release;

pub use article::{Article, Block, BlockKind, DateFound};
pub use date::PartialDate;
pub use page::{PageKind, RawPage, SourceRef};
pub use release::{
    Confidence, Contact, Dateline, Evidence, Person, Quote, RecordId, Release, Site,
};
