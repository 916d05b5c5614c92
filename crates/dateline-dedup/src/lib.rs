//! Decides whether a [`Release`] is new, a duplicate of a stored one, or a revision.
//!
//! The same press release is usually published on several sites, each wrapping it in
//! its own menus and footers, some trimming the last paragraph or retyping the quotes.
//! This crate turns a release into a [`Fingerprint`] and compares fingerprints, so the
//! archive can keep one *story* with several sources. It is pure: no I/O, no clock.
//!
//! * Exact duplicates share a [`Fingerprint::content_key`]: a hash of the body after
//!   [`normalize`] (Unicode NFKC, lower case, quote and dash styles folded, punctuation
//!   and whitespace collapsed).
//! * Near duplicates are found by MinHash over word shingles of the normalized body,
//!   with locality-sensitive hashing ([`Dedup::bands`]) to find candidates
//!   without comparing every pair. Two releases are *similar* when their estimated
//!   Jaccard similarity is at least [`DedupConfig::threshold`].
//! * A [`Verdict`] says what the archive should do: keep as new, attach to an
//!   existing story, or store as a new version of the release at the same URL.
//! * [`Clusters`] is the in-memory reference for grouping: stories are the connected
//!   components of the *similar* relation (plus revisions), and a story's id is the
//!   smallest [`RecordId`] in it, so the grouping does not depend on input order.
//!   `dateline-store` does the same thing with its band buckets persisted in SQLite.
//!
//! Configuration and runtime are kept apart: a serde [`DedupConfig`] is checked and
//! turned into a reusable [`Dedup`] by [`DedupConfig::build`].
//!
//! # API sketch
//!
//! ```text
//! DedupConfig { threshold: f64, bands: usize, rows: usize, shingle: usize }  (serde, Default)
//!   .build() -> Result<Dedup, ConfigError>
//! Dedup::fingerprint(&Release) -> Fingerprint
//! Dedup::similarity(&Fingerprint, &Fingerprint) -> f64     // estimated Jaccard, 0..=1
//! Dedup::is_similar(&Fingerprint, &Fingerprint) -> bool
//! Dedup::verdict(&Candidates) -> Verdict
//! Fingerprint { content_key: u128, signature: Vec<u32> }
//!   .record_id() -> RecordId        // 16 hex digits, content-addressed
//!   .content_hex() / .signature_bytes() / Fingerprint::from_parts(..)  // for storage
//! Dedup::bands(&Fingerprint) -> Vec<BandKey>  // (band index, bucket hash) for LSH lookups
//! Verdict { New, Duplicate { of }, Revision { of } }
//! Clusters::new(Dedup); .insert(&Release, url_key) -> (RecordId, Verdict); .partition()
//! normalize(&str) -> String
//! DEFAULT_THRESHOLD = 0.7   // measured by examples/eval_pairs.rs
//! ```
//!
//! # Example
//!
//! ```
//! use dateline_dedup::{DedupConfig, Verdict};
//! use dateline_types::Release;
//!
//! let dedup = DedupConfig::default().build().unwrap();
//! let body = "Tashkent, Uzbekistan - The Uzbek Government expressed the country's \
//!             willingness to consider possible accession to IOM. The intention was \
//!             reaffirmed during the visit of Ambassador William Lacy Swing.";
//! let a = Release { body: body.to_string(), ..Release::default() };
//! let b = Release { body: body.replace('\'', "’") + "\n\nShare this page", ..Release::default() };
//! let (fa, fb) = (dedup.fingerprint(&a), dedup.fingerprint(&b));
//! assert!(dedup.is_similar(&fa, &fb));
//!
//! let mut clusters = dateline_dedup::Clusters::new(dedup);
//! let (first, v1) = clusters.insert(&a, "https://iom.int/a");
//! let (_, v2) = clusters.insert(&b, "https://un.org/b");
//! assert_eq!(v1, Verdict::New);
//! assert_eq!(v2, Verdict::Duplicate { of: first });
//! ```
#![deny(missing_docs)]

mod clusters;
mod minhash;
mod normalize;

use dateline_types::{RecordId, Release};
use serde::{Deserialize, Serialize};

pub use clusters::Clusters;
pub use normalize::{normalize, words};

/// What the archive should do with a release it is given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "verdict")]
pub enum Verdict {
    /// Nothing like it is stored: a new story.
    New,
    /// The same (or nearly the same) release is already stored as `of`, from another
    /// source: join its story.
    Duplicate {
        /// The stored record it duplicates.
        of: RecordId,
    },
    /// The page at the same URL was stored before with a different text: a new version
    /// of `of`, which is kept.
    Revision {
        /// The latest stored version at that URL.
        of: RecordId,
    },
}

/// Why a [`DedupConfig`] could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// The similarity threshold is outside `0..=1`.
    #[error("dedup threshold `{0}` is not between 0 and 1; use a value such as `0.5`")]
    Threshold(f64),
    /// A size is zero or too large.
    #[error("dedup `{name}` is `{value}`, expected 1 to {max}; the default is `{default}`")]
    Size {
        /// The setting.
        name: &'static str,
        /// Its value.
        value: usize,
        /// The largest accepted value.
        max: usize,
        /// The default value.
        default: usize,
    },
}

/// Settings of near-duplicate detection (the serde side; see [`Dedup`] for the runtime).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DedupConfig {
    /// Estimated Jaccard similarity of body shingles from which two releases are the
    /// same story. The default, `0.7`, was chosen with `examples/eval_pairs.rs`
    /// on pressrel-dev: precision 0.988, recall 0.998 (F1 0.993) over 2,013 realistic copies
    /// and 9,198 negatives, 4,672 of them sharing a long boilerplate paragraph; `0.5`
    /// lets in 7x more false pairs for three more true ones, `0.8` loses trimmed copies
    /// of short releases.
    pub threshold: f64,
    /// Number of LSH bands.
    pub bands: usize,
    /// MinHash rows per band; the signature has `bands * rows` slots.
    pub rows: usize,
    /// Words per shingle.
    pub shingle: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            threshold: DEFAULT_THRESHOLD,
            bands: 32,
            rows: 4,
            shingle: 3,
        }
    }
}

/// The default similarity threshold (see [`DedupConfig::threshold`]).
pub const DEFAULT_THRESHOLD: f64 = 0.7;

impl DedupConfig {
    /// Checks the settings and builds the reusable detector.
    pub fn build(&self) -> Result<Dedup, ConfigError> {
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err(ConfigError::Threshold(self.threshold));
        }
        let d = DedupConfig::default();
        for (name, value, max, default) in [
            ("bands", self.bands, 256, d.bands),
            ("rows", self.rows, 32, d.rows),
            ("shingle", self.shingle, 16, d.shingle),
        ] {
            if value == 0 || value > max {
                return Err(ConfigError::Size {
                    name,
                    value,
                    max,
                    default,
                });
            }
        }
        Ok(Dedup {
            config: self.clone(),
            seeds: minhash::seeds(self.bands * self.rows),
        })
    }
}

/// The near-duplicate detector built from a [`DedupConfig`]; cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Dedup {
    config: DedupConfig,
    seeds: Vec<u64>,
}

/// What the dedup stage computes for one release: enough to find and judge its duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    /// Hash of the normalized body (or, for an empty body, of the normalized title and URL).
    pub content_key: u128,
    /// The MinHash signature, `bands * rows` slots.
    pub signature: Vec<u32>,
}

/// One LSH bucket: releases sharing a bucket are candidates for comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BandKey {
    /// The band's index.
    pub band: u16,
    /// Hash of the band's slots.
    pub bucket: i64,
}

/// What the archive found for a release before judging it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Candidates {
    /// A stored record with the same content key.
    pub exact: Option<RecordId>,
    /// The latest stored record at the same URL, if its content key differs.
    pub same_url: Option<RecordId>,
    /// Stored records sharing an LSH bucket, with their estimated similarity.
    pub near: Vec<(RecordId, f64)>,
}

impl Dedup {
    /// The settings this detector was built from.
    pub fn config(&self) -> &DedupConfig {
        &self.config
    }

    /// Computes the fingerprint of a release from its body (title and URL when the body is empty).
    pub fn fingerprint(&self, release: &Release) -> Fingerprint {
        let body = normalize(&release.body);
        let content = if body.is_empty() {
            let mut s = normalize(release.title.as_deref().unwrap_or_default());
            s.push_str(" \u{1}");
            s.push_str(release.url.as_deref().unwrap_or(&release.source));
            s
        } else {
            body
        };
        Fingerprint {
            content_key: xxhash_rust::xxh3::xxh3_128(content.as_bytes()),
            signature: minhash::signature(&content, self.config.shingle, &self.seeds),
        }
    }

    /// Estimated Jaccard similarity of the two bodies' shingle sets, in `0..=1`.
    pub fn similarity(&self, a: &Fingerprint, b: &Fingerprint) -> f64 {
        if a.content_key == b.content_key {
            return 1.0;
        }
        minhash::similarity(&a.signature, &b.signature)
    }

    /// True when the two releases are the same story by [`DedupConfig::threshold`].
    pub fn is_similar(&self, a: &Fingerprint, b: &Fingerprint) -> bool {
        self.similarity(a, b) >= self.config.threshold
    }

    /// The LSH buckets of a fingerprint.
    pub fn bands(&self, fp: &Fingerprint) -> Vec<BandKey> {
        minhash::bands(&fp.signature, self.config.rows)
    }

    /// Judges a release from what the archive found. Exact duplicates win, then a
    /// changed page at a known URL, then the most similar near duplicate above the
    /// threshold (ties broken by the smaller id, so the answer is order-free).
    pub fn verdict(&self, c: &Candidates) -> Verdict {
        if let Some(of) = &c.exact {
            return Verdict::Duplicate { of: of.clone() };
        }
        if let Some(of) = &c.same_url {
            return Verdict::Revision { of: of.clone() };
        }
        c.near
            .iter()
            .filter(|(_, s)| *s >= self.config.threshold)
            .max_by(|(ia, sa), (ib, sb)| sa.total_cmp(sb).then_with(|| ib.cmp(ia)))
            .map_or(Verdict::New, |(of, _)| Verdict::Duplicate {
                of: of.clone(),
            })
    }
}

impl Fingerprint {
    /// The record id for this content: 16 hex digits of the content key.
    pub fn record_id(&self) -> RecordId {
        RecordId(format!("{:016x}", (self.content_key >> 64) as u64))
    }

    /// The content key as 32 hex digits (for storage).
    pub fn content_hex(&self) -> String {
        format!("{:032x}", self.content_key)
    }

    /// The signature as little-endian bytes (for storage).
    pub fn signature_bytes(&self) -> Vec<u8> {
        self.signature
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect()
    }

    /// Rebuilds a fingerprint from [`Fingerprint::content_hex`] and
    /// [`Fingerprint::signature_bytes`]; `None` when either is malformed.
    pub fn from_parts(content_hex: &str, signature: &[u8]) -> Option<Fingerprint> {
        if !signature.len().is_multiple_of(4) {
            return None;
        }
        Some(Fingerprint {
            content_key: u128::from_str_radix(content_hex, 16).ok()?,
            signature: signature
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(body: &str) -> Release {
        Release {
            body: body.to_string(),
            ..Release::default()
        }
    }

    const BODY: &str = "Dignity, protection and the promotion of the human rights of all migrants, \
        at all stages of their journeys, were stressed by IOM Regional Director Argentina Szabados \
        at the inaugural Asian Human Rights conference which closes today in Samarkand, Uzbekistan.\n\n\
        Speaking to a group of politicians, academics, civil society leaders and diplomats, Szabados \
        reiterated IOM's belief of the need to ensure respect, protection and fulfilment of the human \
        rights of all migrants, regardless of their migration status.\n\n\
        For more information please contact Joe Lowry at the IOM Regional Office.";

    #[test]
    fn exact_duplicates_ignore_quote_style_and_whitespace() {
        let d = DedupConfig::default().build().unwrap();
        let a = d.fingerprint(&rel(BODY));
        let b = d.fingerprint(&rel(&BODY.replace('\'', "’").replace(", ", " ,  ")));
        assert_eq!(a.content_key, b.content_key);
        assert_eq!(a.record_id(), b.record_id());
    }

    #[test]
    fn a_trimmed_paragraph_is_still_similar() {
        let d = DedupConfig::default().build().unwrap();
        let a = d.fingerprint(&rel(BODY));
        let trimmed = BODY.rsplit_once("\n\n").unwrap().0;
        let b = d.fingerprint(&rel(trimmed));
        assert_ne!(a.content_key, b.content_key);
        assert!(d.similarity(&a, &b) > 0.6, "{}", d.similarity(&a, &b));
        assert!(d.bands(&a).iter().any(|k| d.bands(&b).contains(k)));
    }

    #[test]
    fn different_releases_are_not_similar() {
        let d = DedupConfig::default().build().unwrap();
        let a = d.fingerprint(&rel(BODY));
        let b = d.fingerprint(&rel(
            "Ten years after reaching a cooperation agreement, IOM and UNFPA, the United Nations \
             Population Fund, have endorsed an updated agreement to address current global challenges.",
        ));
        assert!(d.similarity(&a, &b) < 0.1);
    }

    #[test]
    fn empty_bodies_do_not_collapse() {
        let d = DedupConfig::default().build().unwrap();
        let a = Release {
            title: Some("One".into()),
            url: Some("https://a.example/1".into()),
            ..Release::default()
        };
        let b = Release {
            title: Some("Two".into()),
            url: Some("https://a.example/2".into()),
            ..Release::default()
        };
        assert_ne!(d.fingerprint(&a).content_key, d.fingerprint(&b).content_key);
    }

    #[test]
    fn storage_round_trip() {
        let d = DedupConfig::default().build().unwrap();
        let a = d.fingerprint(&rel(BODY));
        let b = Fingerprint::from_parts(&a.content_hex(), &a.signature_bytes()).unwrap();
        assert_eq!(a, b);
        assert!(Fingerprint::from_parts("zz", &[]).is_none());
        assert!(Fingerprint::from_parts("00", &[1, 2, 3]).is_none());
    }

    #[test]
    fn bad_config_is_explained() {
        let err = DedupConfig {
            threshold: 1.5,
            ..DedupConfig::default()
        }
        .build()
        .unwrap_err();
        assert!(err.to_string().contains("`1.5`"));
        let err = DedupConfig {
            rows: 0,
            ..DedupConfig::default()
        }
        .build()
        .unwrap_err();
        assert!(err.to_string().contains("`rows`"));
    }

    #[test]
    fn verdict_prefers_exact_then_url_then_nearest() {
        let d = DedupConfig::default().build().unwrap();
        let id = |s: &str| RecordId(s.to_string());
        let mut c = Candidates {
            near: vec![
                (id("b"), 0.7),
                (id("a"), 0.9),
                (id("c"), 0.9),
                (id("d"), 0.2),
            ],
            ..Candidates::default()
        };
        assert_eq!(d.verdict(&c), Verdict::Duplicate { of: id("a") });
        c.same_url = Some(id("u"));
        assert_eq!(d.verdict(&c), Verdict::Revision { of: id("u") });
        c.exact = Some(id("e"));
        assert_eq!(d.verdict(&c), Verdict::Duplicate { of: id("e") });
        assert_eq!(d.verdict(&Candidates::default()), Verdict::New);
    }
}
