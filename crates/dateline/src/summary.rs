//! Counting what happened to every input, so a run can end with a summary line.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// What happened to the inputs of one run.
#[derive(Debug, Default, Clone, Serialize)]
pub struct RunSummary {
    /// Pages that became records.
    pub extracted: u64,
    /// Records passed over on purpose, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Inputs or records that failed, by kind of failure.
    pub failed: BTreeMap<String, u64>,
}

impl RunSummary {
    /// Counts one failure of this kind.
    pub fn fail(&mut self, kind: impl Into<String>) {
        *self.failed.entry(kind.into()).or_default() += 1;
    }

    /// Number of failures of every kind.
    pub fn failures(&self) -> u64 {
        self.failed.values().sum()
    }

    /// Number of records skipped on purpose.
    pub fn skips(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// The process exit code: 0 when every input was handled, 1 when some failed.
    pub fn exit_code(&self) -> i32 {
        if self.failures() > 0 { 1 } else { 0 }
    }
}

fn plural(n: u64, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn breakdown(counts: &BTreeMap<String, u64>) -> String {
    counts
        .iter()
        .map(|(what, n)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for RunSummary {
    /// `12 pages extracted, 3 skipped: 2 non-HTML response, 1 request record; 1 failed: 1 malformed input`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} extracted", plural(self.extracted, "page"))?;
        write!(f, ", {} skipped", self.skips())?;
        if self.skips() > 0 {
            write!(f, ": {}", breakdown(&self.skipped))?;
        }
        if self.failures() > 0 {
            write!(
                f,
                "; {} failed: {}",
                self.failures(),
                breakdown(&self.failed)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_a_sentence() {
        let mut s = RunSummary {
            extracted: 3,
            ..RunSummary::default()
        };
        assert_eq!(s.to_string(), "3 pages extracted, 0 skipped");
        s.skipped.insert("request record".into(), 2);
        s.fail("empty input");
        assert_eq!(
            s.to_string(),
            "3 pages extracted, 2 skipped: 2 request record; 1 failed: 1 empty input"
        );
        assert_eq!(s.exit_code(), 1);
    }
}
