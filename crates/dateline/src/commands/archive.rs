//! The commands over an archive: `ingest`, `search`, `export`, `quotes`, `timeline`,
//! `contacts`, `show`, `check`, `reindex`.

use std::io::{self, BufWriter, IsTerminal, Write};

use anyhow::Context;
use dateline_ingest::ReadOptions;
use dateline_store::{
    Archive, IngestSummary, Ingested, RecordId, SearchRequest, SearchResults, Sort, SourceInfo,
};

use crate::UserError;
use crate::cli::{
    ArchiveArg, ContactsArgs, ExportArgs, ExportFormat, IngestArgs, QuotesArgs, SearchArgs,
    ShowArgs, SortArg, TimelineArgs,
};
use crate::pipeline::{Outcome, Pipeline, PipelineOptions};
use crate::printer::Printer;
use crate::summary::RunSummary;

/// Opens an archive that must already exist (every command but `ingest`).
fn open_existing(archive: &ArchiveArg) -> anyhow::Result<Archive> {
    let dir = &archive.archive;
    if !dir.join("archive.sqlite").exists() && !dir.exists() {
        return Err(UserError::new(
            format!("there is no archive at `{}`", dir.display()),
            "run `dateline ingest PATHS...` first, or point `--archive` (or DATELINE_ARCHIVE) at an existing archive",
        )
        .into());
    }
    Archive::open(dir).with_context(|| format!("opening the archive at `{}`", dir.display()))
}

/// `dateline ingest`: inputs through extraction and structure into the archive.
pub fn ingest(args: IngestArgs, printer: &Printer) -> anyhow::Result<RunSummary> {
    let dir = &args.archive.archive;
    let mut archive = Archive::open(dir)
        .with_context(|| format!("opening the archive at `{}`", dir.display()))?;
    let pipeline = Pipeline::new(PipelineOptions {
        jobs: args.run.jobs(),
        read: ReadOptions {
            max_page_bytes: args.run.max_page_mib.saturating_mul(1 << 20),
        },
        hash_raw: true,
    });
    // Fingerprints on the workers; pages archived before are recognised by their raw
    // hash before extraction.
    let pipeline = pipeline.fingerprint_with(archive.dedup().clone());
    let pipeline = match dateline_store::KnownPages::open(dir) {
        Ok(known) => {
            let known = std::sync::Arc::new(known);
            pipeline.skip_known(std::sync::Arc::new(move |hash: &str| known.contains(hash)))
        }
        Err(err) => {
            tracing::debug!(error = %err, "pages archived before will be extracted again");
            pipeline
        }
    };
    let mut stored = IngestSummary::default();
    let progress = printer.progress("ingesting", io::stderr().is_terminal());
    let run = pipeline.run(args.paths, |outcome| {
        progress.inc(1);
        let label = match &outcome {
            Outcome::Done(p) => p.article.source.label(),
            Outcome::Failed(f) => {
                printer.error(&f.message);
                f.origin.clone()
            }
        };
        let result = store_outcome(&mut archive, outcome, &mut stored)?;
        if let Some(result) = result.filter(|_| printer.is_verbose()) {
            printer.detail(&describe(&label, &result));
        }
        Ok(())
    });
    // Whatever happened, commit what was stored so far.
    let flushed = archive
        .flush()
        .context("committing the last batch to the archive");
    progress.finish_and_clear();
    let summary = run?;
    flushed?;
    if args.json {
        let report = serde_json::json!({ "run": summary, "archive": stored });
        println!("{report}");
    } else {
        printer.summary(&stored.to_string());
    }
    Ok(summary)
}

/// Stores one pipeline outcome in the archive and counts it; shared by `ingest` and the
/// server's upload route.
pub fn store_outcome(
    archive: &mut Archive,
    outcome: Outcome,
    stored: &mut IngestSummary,
) -> anyhow::Result<Option<Ingested>> {
    stored.pages_read += 1;
    match outcome {
        Outcome::Done(p) if p.known => {
            // Archived before (the pipeline skipped extraction): nothing to write.
            let hash = p.raw_hash.unwrap_or_default();
            match archive.source_record(&hash)? {
                Some(id) => {
                    let result = Ingested::Unchanged { id };
                    stored.record(&result);
                    Ok(Some(result))
                }
                // Cannot happen while records are never deleted; counted, not fatal.
                None => {
                    tracing::warn!(page = %p.article.source.label(), "a page taken for archived is not in the archive");
                    stored.error("lookup");
                    Ok(None)
                }
            }
        }
        Outcome::Done(p) => {
            let source = SourceInfo {
                source: p.article.source.clone(),
                raw_hash: p.raw_hash.unwrap_or_default(),
                removed: p.article.removed.clone(),
            };
            let result = archive
                .ingest_fingerprinted(&p.release, &source, p.fingerprint)
                .with_context(|| {
                    format!("storing `{}` in the archive", p.article.source.label())
                })?;
            stored.record(&result);
            Ok(Some(result))
        }
        Outcome::Failed(f) => {
            stored.error(f.kind);
            Ok(None)
        }
    }
}

fn describe(label: &str, result: &Ingested) -> String {
    match result {
        Ingested::Unchanged { id } => format!("`{label}`: unchanged ({id})"),
        Ingested::Stored { id, story, verdict } => {
            format!("`{label}`: {verdict:?} as {id} in story {story}")
        }
    }
}

/// `dateline search`.
pub fn search(args: SearchArgs) -> anyhow::Result<()> {
    let archive = open_existing(&args.archive)?;
    let request = SearchRequest {
        query: args.query.clone(),
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Newest,
        },
        limit: args.limit,
        offset: args.offset,
        all_versions: args.all_versions,
        facet_limit: if args.facets || args.json { 10 } else { 0 },
        ..SearchRequest::default()
    };
    let results = archive
        .search(&request)
        .with_context(|| format!("searching for `{}`", args.query))?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &results)?;
        writeln!(out)?;
    } else {
        let bold = io::stdout().is_terminal() && std::env::var_os(crate::env::NO_COLOR).is_none();
        write_results(&mut out, &args, &results, bold)?;
    }
    out.flush()?;
    Ok(())
}

fn write_results(
    out: &mut impl Write,
    args: &SearchArgs,
    results: &SearchResults,
    bold: bool,
) -> io::Result<()> {
    let first = args.offset + 1;
    let last = args.offset + results.hits.len();
    match results.total {
        0 => writeln!(out, "no results for `{}`", args.query)?,
        n => writeln!(
            out,
            "{n} results for `{}` (showing {first}-{last})",
            args.query
        )?,
    }
    for (i, hit) in results.hits.iter().enumerate() {
        writeln!(out)?;
        writeln!(
            out,
            "{}. {}",
            args.offset + i + 1,
            hit.title.as_deref().unwrap_or("(untitled)")
        )?;
        let mut meta = Vec::new();
        if let Some(d) = &hit.published {
            meta.push(d.to_string());
        }
        if let Some(site) = &hit.site {
            meta.push(site.clone());
        }
        meta.push(match hit.sources {
            1 => "1 source".to_string(),
            n => format!("{n} sources"),
        });
        meta.push(format!("id {}", hit.id));
        writeln!(out, "   {}", meta.join(" · "))?;
        if let Some(url) = &hit.url {
            writeln!(out, "   {url}")?;
        }
        if !hit.snippet.text.is_empty() {
            let snippet = highlight(&hit.snippet.text, &hit.snippet.highlights, bold);
            writeln!(
                out,
                "   {}",
                snippet.split_whitespace().collect::<Vec<_>>().join(" ")
            )?;
        }
    }
    if args.facets {
        writeln!(out)?;
        writeln!(out, "facets:")?;
        let f = &results.facets;
        for (name, counts) in [
            ("country", &f.country),
            ("organization", &f.organization),
            ("site", &f.site),
            ("year", &f.year),
            ("speaker", &f.speaker),
        ] {
            let list: Vec<String> = counts
                .iter()
                .map(|c| format!("{} ({})", c.value, c.count))
                .collect();
            writeln!(out, "  {name}: {}", list.join(", "))?;
        }
    }
    Ok(())
}

/// Marks highlighted byte ranges with ANSI bold on a terminal, `[...]` otherwise.
fn highlight(text: &str, ranges: &[[usize; 2]], bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut at = 0;
    for &[start, end] in ranges {
        let (Some(before), Some(inside)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str(open);
        out.push_str(inside);
        out.push_str(close);
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    strip_controls(&out, bold)
}

/// Page text never moves the terminal: control characters other than our own bold
/// markers are dropped.
fn strip_controls(s: &str, keep_ansi_bold: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if keep_ansi_bold && (rest.starts_with("\x1b[1m") || rest.starts_with("\x1b[0m")) {
            out.push_str(&rest[..4]);
            rest = &rest[4..];
            continue;
        }
        if !c.is_control() || c == '\n' || c == '\t' {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `dateline export`.
pub fn export(args: ExportArgs) -> anyhow::Result<()> {
    let archive = open_existing(&args.archive)?;
    let records = archive
        .export(args.query.as_deref())
        .context("reading records to export")?;
    if args.format == ExportFormat::Parquet && args.output.is_none() && io::stdout().is_terminal() {
        return Err(UserError::new(
            "refusing to write Parquet (binary) to a terminal",
            "add `--output FILE.parquet` or redirect stdout to a file",
        )
        .into());
    }
    let out: Box<dyn Write + Send> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("creating `{}`", path.display()))?,
        ),
        None => Box::new(io::stdout()),
    };
    let out = BufWriter::with_capacity(1 << 16, out);
    match args.format {
        ExportFormat::Jsonl => dateline_store::export::write_jsonl(records, out)?,
        ExportFormat::Csv => dateline_store::export::write_csv(records, out)?,
        ExportFormat::Parquet => dateline_store::export::write_parquet(records, out)?,
    };
    Ok(())
}

/// Prints a value as pretty JSON or through `human`.
fn print<T: serde::Serialize>(
    json: bool,
    value: &T,
    human: impl FnOnce(&mut dyn Write, &T) -> io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
    } else {
        human(&mut out, value)?;
    }
    out.flush()?;
    Ok(())
}

/// `dateline quotes --speaker NAME`.
pub fn quotes(args: QuotesArgs) -> anyhow::Result<()> {
    let archive = open_existing(&args.archive)?;
    let quotes = archive.quotes_by(&args.speaker)?;
    print(args.json, &quotes, |out, quotes| {
        if quotes.is_empty() {
            writeln!(out, "no quotes of `{}`", args.speaker)?;
        }
        for q in quotes {
            let date = q
                .published
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into());
            let role = q
                .role
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default();
            writeln!(out, "{date}  {}{role}", q.speaker)?;
            writeln!(out, "  “{}”", q.text)?;
            writeln!(
                out,
                "  in: {} ({})",
                q.title.as_deref().unwrap_or("(untitled)"),
                q.record
            )?;
        }
        Ok(())
    })
}

/// `dateline timeline --country CODE`.
pub fn timeline(args: TimelineArgs) -> anyhow::Result<()> {
    let archive = open_existing(&args.archive)?;
    let country = args.country.to_ascii_uppercase();
    let months = archive.timeline(&country)?;
    print(args.json, &months, |out, months| {
        if months.is_empty() {
            writeln!(out, "no releases mention `{country}`")?;
        }
        for m in months {
            writeln!(out, "{}  {} releases", m.month, m.stories)?;
            for r in &m.releases {
                writeln!(
                    out,
                    "  - {} ({})",
                    r.title.as_deref().unwrap_or("(untitled)"),
                    r.id
                )?;
            }
        }
        Ok(())
    })
}

/// `dateline contacts`.
pub fn contacts(args: ContactsArgs) -> anyhow::Result<()> {
    let archive = open_existing(&args.archive)?;
    let contacts = archive
        .contacts_page(args.query.as_deref().unwrap_or_default(), 0, usize::MAX)?
        .contacts;
    print(args.json, &contacts, |out, contacts| {
        for c in contacts {
            writeln!(out, "{}", c.name.as_deref().unwrap_or("(no name)"))?;
            let seen = match (&c.first_seen, &c.last_seen) {
                (Some(a), Some(b)) if a != b => format!("{a} .. {b}"),
                (Some(a), _) | (None, Some(a)) => a.to_string(),
                (None, None) => "undated".into(),
            };
            for (label, values) in [
                ("role", &c.roles),
                ("organization", &c.organizations),
                ("email", &c.emails),
                ("phone", &c.phones),
            ] {
                if !values.is_empty() {
                    writeln!(out, "  {label}: {}", values.join(", "))?;
                }
            }
            writeln!(out, "  seen: {seen} in {} releases", c.record_count)?;
        }
        writeln!(out, "{} contacts", contacts.len())?;
        Ok(())
    })
}

/// `dateline show ID`.
pub fn show(args: ShowArgs) -> anyhow::Result<()> {
    let archive = open_existing(&args.archive)?;
    let id = RecordId(args.id.clone());
    let Some(view) = archive.get(&id)? else {
        return Err(UserError::new(
            format!("no release with id `{}` in the archive", args.id),
            "ids are printed by `dateline search`; use the full id",
        )
        .into());
    };
    // The record is shown whole as JSON: every field, every source and version.
    print(true, &view, |_, _| Ok(()))
}

/// `dateline check`.
pub fn check(archive: ArchiveArg) -> anyhow::Result<bool> {
    let mut archive = open_existing(&archive)?;
    let report = archive.check()?;
    println!("{report}");
    Ok(report.is_ok())
}

/// `dateline reindex`.
pub fn reindex(archive: ArchiveArg) -> anyhow::Result<()> {
    let mut archive = open_existing(&archive)?;
    let n = archive.reindex()?;
    eprintln!("reindexed {n} records");
    Ok(())
}
