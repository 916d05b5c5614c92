//! Inputs -> pages -> articles -> releases, in parallel, handed on in input order.
//!
//! One thread reads inputs (files, WARC records, JSON lines) into batches bounded in
//! pages and bytes; a rayon pool extracts and structures each batch; the caller's sink
//! sees the results in input order, while the next batch is processed. A few batches
//! at most are in flight, so memory stays bounded whatever the crawl size. With
//! `--jobs 1` everything runs on one thread.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::mpsc;

use dateline_extract::{Extractor, ExtractorBuilder, TextTemplate};
use dateline_ingest::{IngestError, Inputs, ReadOptions, read_inputs};
use dateline_structure::{StructureOptions, Structurer};
use dateline_types::{Article, PageKind, RawPage, Release};
use rayon::prelude::*;

use crate::summary::RunSummary;

/// Largest number of pages in one batch.
const BATCH_PAGES: usize = 256;
/// Largest number of page bytes in one batch. Up to three batches are in flight (read,
/// processed, written out); 8 MB each keeps a 1 GB WARC run under 200 MB of memory with
/// mimalloc (32 MB batches reached 300 MB), and costs no speed.
const BATCH_BYTES: usize = 8 << 20;

/// One page carried through extraction and structure.
#[derive(Debug)]
pub struct Processed {
    /// The page's main content and metadata.
    pub article: Article,
    /// The structured release.
    pub release: Release,
    /// SHA-256 of the raw page bytes (lower-case hex), when the run asked for it
    /// ([`PipelineOptions::hash_raw`]), to recognise a page seen before.
    pub raw_hash: Option<String>,
    /// The release's near-duplicate fingerprint, computed on the worker when the run
    /// asked for it ([`Pipeline::fingerprint_with`]).
    pub fingerprint: Option<dateline_store::Fingerprint>,
    /// The page was archived before ([`Pipeline::skip_known`]): it was not extracted,
    /// `article` holds only its source and `release` is empty.
    pub known: bool,
}

/// An input or record that gave no release.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The input's label (`path`, `path@offset`, `path:line`).
    pub origin: String,
    /// A short name of the kind of failure, for the summary (`malformed input`).
    pub kind: String,
    /// What is wrong, for the user.
    pub message: String,
}

/// What the sink receives for each input, in input order.
#[derive(Debug)]
pub enum Outcome {
    /// The page became a release.
    Done(Box<Processed>),
    /// The input or record failed.
    Failed(Failure),
}

/// The settings of one run through the pipeline.
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    /// Worker threads for extraction and structure.
    pub jobs: usize,
    /// Limits for reading inputs.
    pub read: ReadOptions,
    /// Compute [`Processed::raw_hash`] (ingest needs it; extract does not).
    pub hash_raw: bool,
}

/// Tells whether a raw page (by its SHA-256, hex) is archived already.
pub type KnownCheck = std::sync::Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// Extraction and structure, ready to run over inputs.
pub struct Pipeline {
    extractor: Extractor,
    structurer: Structurer,
    options: PipelineOptions,
    known: Option<KnownCheck>,
    dedup: Option<dateline_store::Dedup>,
}

/// `TooLarge` -> `too large`: a summary-friendly name for an error kind.
pub fn kind_name(debug: &str) -> String {
    let head = debug.split(['(', '{', ' ']).next().unwrap_or(debug);
    let mut out = String::new();
    for (i, c) in head.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

impl Pipeline {
    /// A pipeline with default extraction and structure settings.
    pub fn new(options: PipelineOptions) -> Self {
        Pipeline {
            extractor: ExtractorBuilder::new().build(),
            structurer: Structurer::new(StructureOptions::default()),
            options,
            known: None,
            dedup: None,
        }
    }

    /// Computes each release's near-duplicate fingerprint on the workers with `dedup`
    /// (the archive's, [`dateline_store::Archive::dedup`]), so the thread writing the
    /// archive does not.
    pub fn fingerprint_with(mut self, dedup: dateline_store::Dedup) -> Self {
        self.dedup = Some(dedup);
        self
    }

    /// Leaves out the analysis half of structure (quotes, contacts, people,
    /// organizations, countries; see [`StructureOptions::analysis`]): for output that
    /// does not show them.
    pub fn without_analysis(mut self) -> Self {
        self.structurer = Structurer::new(StructureOptions { analysis: false });
        self
    }

    /// Skips extraction of pages `known` says are archived (by the raw hash, so it
    /// implies [`PipelineOptions::hash_raw`]): they come out as [`Processed::known`].
    pub fn skip_known(mut self, known: KnownCheck) -> Self {
        self.options.hash_raw = true;
        self.known = Some(known);
        self
    }

    /// Runs every input through the pipeline, handing each outcome to `sink` in input
    /// order. Stops early, returning the sink's error, if the sink fails.
    pub fn run(
        &self,
        paths: Vec<PathBuf>,
        sink: impl FnMut(Outcome) -> anyhow::Result<()>,
    ) -> anyhow::Result<RunSummary> {
        self.run_inputs(read_inputs(paths, self.options.read.clone()), sink)
    }

    /// Runs already opened inputs (an upload, standard input) through the pipeline.
    pub fn run_inputs(
        &self,
        inputs: Inputs,
        mut sink: impl FnMut(Outcome) -> anyhow::Result<()>,
    ) -> anyhow::Result<RunSummary> {
        let mut summary = RunSummary::default();
        let jobs = self.options.jobs.max(1);
        let mut emit = |outcome: Outcome, summary: &mut RunSummary| -> anyhow::Result<()> {
            match &outcome {
                Outcome::Done(_) => summary.extracted += 1,
                Outcome::Failed(f) => summary.fail(f.kind.clone()),
            }
            sink(outcome)
        };

        if jobs == 1 {
            let mut inputs = inputs;
            loop {
                let batch = next_batch(&mut inputs);
                if batch.is_empty() {
                    break;
                }
                for outcome in self.process_batch(batch, false) {
                    emit(outcome, &mut summary)?;
                }
            }
            summary.skipped = inputs.skipped().clone();
            return Ok(summary);
        }

        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .thread_name(|i| format!("dateline-worker-{i}"))
            .build()?;
        // Three stages overlap: a reader thread fills batches, a processing thread runs
        // each batch on the pool, and this thread hands results to the sink (which may be
        // the store, itself single-threaded) while the next batch is being processed.
        std::thread::scope(|scope| -> anyhow::Result<RunSummary> {
            let (batch_tx, batch_rx) = mpsc::sync_channel::<Vec<Read>>(1);
            let (done_tx, done_rx) = mpsc::sync_channel::<Vec<Outcome>>(1);
            let reader = scope.spawn(move || {
                let mut inputs = inputs;
                loop {
                    let batch = next_batch(&mut inputs);
                    if batch.is_empty() || batch_tx.send(batch).is_err() {
                        break;
                    }
                }
                inputs.skipped().clone()
            });
            let pool = &pool;
            scope.spawn(move || {
                for batch in batch_rx.iter() {
                    let outcomes = pool.install(|| self.process_batch(batch, true));
                    if done_tx.send(outcomes).is_err() {
                        break;
                    }
                }
            });
            let mut result = Ok(());
            'batches: for outcomes in done_rx.iter() {
                for outcome in outcomes {
                    if let Err(e) = emit(outcome, &mut summary) {
                        result = Err(e);
                        break 'batches;
                    }
                }
            }
            // Dropping the receiver stops the processing thread, which stops the reader.
            drop(done_rx);
            summary.skipped = reader
                .join()
                .map_err(|_| anyhow::anyhow!("the input reader thread crashed"))?;
            result.map(|()| summary.clone())
        })
    }

    fn process_batch(&self, batch: Vec<Read>, parallel: bool) -> Vec<Outcome> {
        let text_pages: Vec<&RawPage> = batch
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .filter(|p| p.kind == PageKind::Text)
            .collect();
        let template = (text_pages.len() > 1).then(|| TextTemplate::learn(&text_pages));
        let work = |read: Read| -> Outcome {
            match read {
                Ok(page) => self.process_page(page, template.as_ref()),
                Err(e) => Outcome::Failed(ingest_failure(e)),
            }
        };
        if parallel {
            batch.into_par_iter().map(work).collect()
        } else {
            batch.into_iter().map(work).collect()
        }
    }

    /// Extracts and structures one page; a panic (a bug) becomes a counted failure.
    pub fn process_page(&self, page: RawPage, template: Option<&TextTemplate>) -> Outcome {
        let origin = page.source.label();
        // Hashed once, before extraction: a page archived before is not extracted again.
        let raw_hash = self
            .options
            .hash_raw
            .then(|| dateline_store::raw_hash(&page.bytes));
        if let (Some(hash), Some(known)) = (&raw_hash, &self.known)
            && known(hash)
        {
            return Outcome::Done(Box::new(Processed {
                article: Article {
                    source: page.source,
                    ..Article::default()
                },
                release: Release::default(),
                raw_hash,
                fingerprint: None,
                known: true,
            }));
        }
        let run = AssertUnwindSafe(|| {
            let article = self.extractor.extract_with_template(&page, template)?;
            let release = self.structurer.structure(&article);
            let fingerprint = self.dedup.as_ref().map(|d| d.fingerprint(&release));
            Ok::<_, dateline_extract::ExtractError>(Processed {
                article,
                release,
                raw_hash: raw_hash.clone(),
                fingerprint,
                known: false,
            })
        });
        match catch_unwind(run) {
            Ok(Ok(processed)) => Outcome::Done(Box::new(processed)),
            Ok(Err(e)) => Outcome::Failed(Failure {
                kind: kind_name(&format!("{e:?}")),
                message: format!("`{origin}`: {e}"),
                origin,
            }),
            Err(_) => Outcome::Failed(Failure {
                kind: "internal error".into(),
                message: format!(
                    "`{origin}`: dateline crashed on this page (a bug); please report it with the page attached"
                ),
                origin,
            }),
        }
    }
}

type Read = Result<RawPage, IngestError>;

fn next_batch(inputs: &mut impl Iterator<Item = Read>) -> Vec<Read> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    for read in inputs.by_ref() {
        if let Ok(page) = &read {
            bytes += page.bytes.len();
        }
        batch.push(read);
        if batch.len() >= BATCH_PAGES || bytes >= BATCH_BYTES {
            break;
        }
    }
    batch
}

fn ingest_failure(e: IngestError) -> Failure {
    Failure {
        origin: e.origin.clone(),
        kind: kind_name(&format!("{:?}", e.kind())),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use dateline_ingest::{ReadOptions, read_reader};

    use super::{Outcome, Pipeline, PipelineOptions, kind_name};

    const PAGE: &str = "Tashkent, Uzbekistan - The Uzbek Government expressed the country's \
        willingness to consider possible accession to IOM, officials said on Monday.\n\n\
        The talks in Tashkent covered labour migration and the protection of migrants.";

    fn run(pipeline: &Pipeline) -> Vec<super::Processed> {
        let inputs = read_reader(
            "page.txt",
            std::io::Cursor::new(PAGE),
            ReadOptions::default(),
        );
        let mut out = Vec::new();
        pipeline
            .run_inputs(inputs, |o| {
                if let Outcome::Done(p) = o {
                    out.push(*p);
                }
                Ok(())
            })
            .unwrap();
        out
    }

    #[test]
    fn known_pages_are_not_extracted_again() {
        let options = PipelineOptions {
            jobs: 1,
            read: ReadOptions::default(),
            hash_raw: true,
        };
        let first = run(&Pipeline::new(options.clone()));
        assert_eq!(first.len(), 1);
        assert!(!first[0].known);
        let hash = first[0].raw_hash.clone().expect("hashed");
        assert_eq!(hash, dateline_store::raw_hash(PAGE.as_bytes()));
        let seen = hash.clone();
        let skipping = Pipeline::new(PipelineOptions {
            hash_raw: false,
            ..options
        })
        .skip_known(Arc::new(move |h: &str| h == seen));
        let again = run(&skipping);
        assert_eq!(again.len(), 1);
        assert!(again[0].known);
        assert_eq!(again[0].raw_hash.as_deref(), Some(hash.as_str()));
        assert!(again[0].release.body.is_empty());
    }

    #[test]
    fn kind_names_read_well() {
        assert_eq!(kind_name("TooLarge"), "too large");
        assert_eq!(kind_name("Binary(\"x\")"), "binary");
        assert_eq!(kind_name("Io"), "io");
    }
}
