//! Everything dateline says on stderr: errors, warnings, progress, the summary.
//! stdout carries data only.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How much to say on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Errors and the summary only.
    Quiet,
    /// Errors, warnings, summary, progress bars on a terminal.
    Normal,
    /// Also details.
    Verbose,
}

/// Writes messages to stderr at the chosen level.
#[derive(Debug, Clone)]
pub struct Printer {
    level: Level,
    progress: bool,
}

impl Printer {
    /// A printer; `progress` allows bars (they still need a terminal).
    pub fn new(level: Level, progress: bool) -> Self {
        Printer { level, progress }
    }

    /// One input failed: `error: <message>`.
    pub fn error(&self, message: &str) {
        eprintln!("error: {message}");
    }

    /// The run's closing line; printed at every level.
    pub fn summary(&self, line: &str) {
        eprintln!("{line}");
    }

    /// True with `--verbose`.
    pub fn is_verbose(&self) -> bool {
        self.level == Level::Verbose
    }

    /// Detail printed only with `--verbose`.
    pub fn detail(&self, message: &str) {
        if self.level == Level::Verbose {
            eprintln!("{message}");
        }
    }

    /// A progress counter, hidden unless allowed and `is_terminal`.
    pub fn progress(&self, what: &str, is_terminal: bool) -> ProgressBar {
        if !self.progress || !is_terminal || self.level != Level::Normal {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {human_pos} pages ({per_sec}) {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(what.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }
}
