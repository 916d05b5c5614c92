//! `dateline extract`: pages straight to stdout.

use std::io::{self, BufWriter, IsTerminal};

use dateline_ingest::ReadOptions;

use crate::cli::ExtractArgs;
use crate::output::{Format, RecordWriter};
use crate::pipeline::{Outcome, Pipeline, PipelineOptions};
use crate::printer::Printer;
use crate::summary::RunSummary;

/// Runs `extract`, returning the run's summary.
pub fn run(args: ExtractArgs, printer: &Printer) -> anyhow::Result<RunSummary> {
    let pipeline = Pipeline::new(PipelineOptions {
        jobs: args.run.jobs(),
        read: ReadOptions {
            max_page_bytes: args.run.max_page_mib.saturating_mul(1 << 20),
        },
        hash_raw: false,
    });
    // Text and Markdown show no quotes, contacts, people, organizations or countries.
    let analysis = !args.no_analysis && matches!(args.format, Format::Json | Format::Jsonl);
    let pipeline = if analysis {
        pipeline
    } else {
        pipeline.without_analysis()
    };
    let several = args.paths.len() > 1 || args.paths.iter().any(|p| may_hold_many(p));
    let stdout = io::stdout();
    let out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut writer = RecordWriter::new(out, args.format, several).analysis(analysis);
    let progress = printer.progress("extracting", io::stderr().is_terminal());
    let summary = pipeline.run(args.paths, |outcome| {
        match outcome {
            Outcome::Done(p) => writer.write(&p.article, &p.release)?,
            Outcome::Failed(f) => printer.error(&f.message),
        }
        progress.inc(1);
        Ok(())
    })?;
    progress.finish_and_clear();
    writer.finish()?;
    Ok(summary)
}

fn may_hold_many(path: &std::path::Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    path.is_dir() || name == "-" || name.contains(".warc") || name.contains(".jsonl")
}
