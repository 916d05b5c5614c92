//! The `dateline` binary: arguments -> settings -> commands, progress, exit codes.

mod cli;
mod commands;
mod env;
mod output;
mod pipeline;
mod printer;
mod settings;
mod summary;

use std::io;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::printer::{Level, Printer};

/// mimalloc instead of the system allocator: extraction allocates and frees many small
/// strings per page, and glibc's malloc spent about a tenth of a run on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code when the run could not start or finish.
const EXIT_CANNOT_RUN: u8 = 2;

fn main() -> ExitCode {
    let raw_args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if let Err(e) = settings::apply_config_file(&raw_args) {
        report(&e);
        return ExitCode::from(EXIT_CANNOT_RUN);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_CANNOT_RUN } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let level = if cli.global.quiet {
        Level::Quiet
    } else if cli.global.verbose {
        Level::Verbose
    } else {
        Level::Normal
    };
    let printer = Printer::new(level, !cli.global.no_progress);
    init_logging(level);

    let result = match cli.command {
        Command::Extract(args) => commands::extract::run(args, &printer).map(|summary| {
            printer.summary(&summary.to_string());
            summary.exit_code()
        }),
        Command::Ingest(args) => {
            commands::archive::ingest(args, &printer).map(|summary| summary.exit_code())
        }
        Command::Search(args) => commands::archive::search(args).map(|()| 0),
        Command::Export(args) => commands::archive::export(args).map(|()| 0),
        Command::Quotes(args) => commands::archive::quotes(args).map(|()| 0),
        Command::Timeline(args) => commands::archive::timeline(args).map(|()| 0),
        Command::Contacts(args) => commands::archive::contacts(args).map(|()| 0),
        Command::Show(args) => commands::archive::show(args).map(|()| 0),
        Command::Check(args) => commands::archive::check(args).map(|ok| if ok { 0 } else { 1 }),
        Command::Reindex(args) => commands::archive::reindex(args).map(|()| 0),
        Command::Serve(args) => commands::serve::run(args).map(|()| 0),
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(EXIT_CANNOT_RUN)
        }
    }
}

/// Server and store events go to stderr through `tracing`, filtered by `DATELINE_LOG`
/// (`info` by default for `serve`'s access log, `warn` with `--quiet`).
fn init_logging(level: Level) {
    use tracing_subscriber::EnvFilter;
    let default = match level {
        Level::Quiet => "warn",
        Level::Normal => "info",
        Level::Verbose => "debug",
    };
    let filter = EnvFilter::try_from_env(env::LOG).unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(
            io::IsTerminal::is_terminal(&io::stderr()) && std::env::var_os(env::NO_COLOR).is_none(),
        )
        .try_init();
}

/// The reader of our stdout went away (`dateline extract ... | head`): not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// `error: ...`, then `  Caused by: ...` lines, then a `hint:` when one applies.
fn report(e: &anyhow::Error) {
    eprintln!("error: {e}");
    for cause in e.chain().skip(1) {
        eprintln!("  Caused by: {cause}");
    }
    if let Some(hint) = e
        .chain()
        .find_map(|c| c.downcast_ref::<UserError>())
        .and_then(|u| u.hint.as_deref())
    {
        eprintln!("hint: {hint}");
    }
}

/// A mistake the user can fix (a bad argument, a missing archive), with advice.
#[derive(Debug)]
pub struct UserError {
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl UserError {
    /// An error with a hint.
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        UserError {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}
