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
    /// A TOML file with defaults for `archive`, `jobs`, `addr`, `admin-token`;
    /// `DATELINE_*` variables and flags override it.
    #[arg(long, global = true, env = env::CONFIG, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
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
    /// Read pages into the archive: extract, structure, deduplicate, store, index.
    ///
    /// Takes the same inputs as `extract`. Ingesting the same pages again adds nothing;
    /// a changed page at a known URL becomes a new version of its release; the same
    /// release on several sites becomes one story with several sources.
    Ingest(IngestArgs),
    /// Search the archive.
    ///
    /// Words, "phrases", AND/OR/NOT, prefix*, and filters: speaker:, person:, org:,
    /// country:UZ, site:, lang:, published:2018-01..2018-12, has:quotes.
    Search(SearchArgs),
    /// Export records as JSON Lines, CSV or Parquet, streamed.
    Export(ExportArgs),
    /// Every quote of a person, dated, with its release.
    Quotes(QuotesArgs),
    /// Releases per month that mention a country.
    Timeline(TimelineArgs),
    /// The media contacts directory: names, organizations, e-mails, phones, first and last seen.
    Contacts(ContactsArgs),
    /// One release with every field, source and version, as JSON.
    Show(ShowArgs),
    /// Verify the archive: database integrity, and that the index agrees with the store.
    Check(ArchiveArg),
    /// Rebuild the search index from the store.
    Reindex(ArchiveArg),
    /// Serve the archive: a JSON API for scripts and a web UI for people.
    ///
    /// Read-only unless an admin token is set; with one, `POST /api/ingest` accepts
    /// pages, WARC files and JSON Lines carrying `Authorization: Bearer TOKEN`.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub archive: ArchiveArg,
    /// Address to listen on.
    #[arg(long, env = env::ADDR, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Token that unlocks uploads (`POST /api/ingest`); without it the server is read-only.
    #[arg(long, env = env::ADMIN_TOKEN, hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Read requests served at once; more wait in line, first come first served
    /// (0: no line). Default: one per core (at least 2, at most 8).
    #[arg(long, value_name = "N")]
    pub max_in_flight: Option<usize>,
}

/// Where the archive lives.
#[derive(Debug, Args, Clone)]
pub struct ArchiveArg {
    /// The archive directory (created by `ingest` when missing).
    #[arg(long, env = env::ARCHIVE, default_value = "dateline-archive", value_name = "DIR")]
    pub archive: PathBuf,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub archive: ArchiveArg,
    #[command(flatten)]
    pub run: RunArgs,
    /// Print the summary as JSON on stdout, for scripts.
    #[arg(long)]
    pub json: bool,
    /// Pages to read: files, directories, or `-` for standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
}

/// How search hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub archive: ArchiveArg,
    /// The query.
    pub query: String,
    /// Print results (with facets) as JSON.
    #[arg(long)]
    pub json: bool,
    /// At most this many hits.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Skip this many hits (paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Also print facet counts (country, organization, site, year, speaker).
    #[arg(long)]
    pub facets: bool,
    /// One hit per record and source instead of one per story.
    #[arg(long)]
    pub all_versions: bool,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON record per line, every field.
    Jsonl,
    /// One row per record, lists joined with `; `.
    Csv,
    /// Apache Parquet, one row per record (lists joined with `; `, plus the whole
    /// record as JSON in `release_json`).
    Parquet,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub archive: ArchiveArg,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Only records matching this query.
    #[arg(long)]
    pub query: Option<String>,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    pub archive: ArchiveArg,
    /// The speaker's name (full name or surname).
    #[arg(long)]
    pub speaker: String,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub archive: ArchiveArg,
    /// ISO 3166-1 alpha-2 country code (`UZ`).
    #[arg(long)]
    pub country: String,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ContactsArgs {
    #[command(flatten)]
    pub archive: ArchiveArg,
    /// Only contacts whose name, organization, role or e-mail contains this text.
    #[arg(long)]
    pub query: Option<String>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub archive: ArchiveArg,
    /// The release id (as printed by `search`).
    pub id: String,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// JSON records without `quotes`, `contacts`, `people`, `organizations` and
    /// `countries`: finding those is about a quarter of a run. Text and Markdown never
    /// show them, so they skip that work anyway.
    #[arg(long)]
    pub no_analysis: bool,
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn arguments_are_consistent() {
        super::Cli::command().debug_assert();
    }
}
