//! Command-line arguments. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::env;
use crate::output::Format;

/// Press releases from raw crawls to a clean, searchable archive.
///
/// Reads HTML pages, WARC archives, plain-text page dumps and JSON Lines; finds each
/// release's title, dateline, date, body, quotes with speakers, media contacts, people,
/// organizations and countries.
#[derive(Debug, Parser)]
#[command(name = "dateline", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Print nothing on stderr but errors and the final summary.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print more detail on stderr (each skipped record, timings).
    #[arg(long, short, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Never draw progress bars (they are only drawn when stderr is a terminal).
    #[arg(long, global = true)]
    pub no_progress: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract pages straight to text, Markdown or JSON on stdout.
    ///
    /// PATHS are files, directories (read recursively) or `-` for standard input:
    /// `.html`/`.htm` (optionally `.gz`), `.warc`/`.warc.gz`, `.txt` page dumps,
    /// `.jsonl` with one `{"url", "html"|"text", "date"?}` object per line.
    /// Records come out in input order; errors and a summary go to stderr.
    /// Exit code 0 when every input was handled, 1 when some failed, 2 when the run
    /// could not start.
    Extract(ExtractArgs),
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub run: RunArgs,
    /// Pages to read: files, directories, or `-` for standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
}

/// How a run over inputs is carried out.
#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    /// Worker threads (default: all cores). With `--jobs 1` dateline uses one core.
    #[arg(long, short, env = env::JOBS, value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Largest page accepted, in MiB after decompression; larger ones are counted as errors.
    #[arg(long, default_value_t = 64, value_name = "MIB")]
    pub max_page_mib: u64,
}

impl RunArgs {
    /// The number of worker threads to use.
    pub fn jobs(&self) -> usize {
        self.jobs.map(usize::from).unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
    }
}
