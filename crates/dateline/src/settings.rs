//! Settings from a config file, under the environment and the flags.
//!
//! Precedence: config file < `DATELINE_*` environment < command-line flags. clap
//! already lets flags win over the environment; a config file fills in the
//! environment variables that are not set, before the arguments are parsed, so every
//! setting has one definition (its flag, with its `env` name) and one precedence rule.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::env;

/// The keys a config file may set (TOML), each standing for one `DATELINE_*` variable.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileSettings {
    /// The archive directory (`--archive`).
    pub archive: Option<PathBuf>,
    /// Worker threads (`--jobs`).
    pub jobs: Option<u16>,
    /// Address `serve` listens on (`--addr`).
    pub addr: Option<String>,
    /// Token that unlocks ingest over HTTP (`--admin-token`).
    pub admin_token: Option<String>,
}

impl FileSettings {
    /// Reads a config file.
    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            anyhow::anyhow!("cannot read the config file `{}`: {e}", path.display())
        })?;
        toml::from_str(&text).map_err(|e| {
            crate::UserError::new(
                format!("the config file `{}` is not valid: {e}", path.display()),
                "keys are `archive`, `jobs`, `addr`, `admin-token`",
            )
            .into()
        })
    }

    /// The `(variable, value)` pairs this file sets.
    pub fn as_env(&self) -> Vec<(&'static str, String)> {
        let mut vars = Vec::new();
        if let Some(a) = &self.archive {
            vars.push((env::ARCHIVE, a.display().to_string()));
        }
        if let Some(j) = self.jobs {
            vars.push((env::JOBS, j.to_string()));
        }
        if let Some(a) = &self.addr {
            vars.push((env::ADDR, a.clone()));
        }
        if let Some(t) = &self.admin_token {
            vars.push((env::ADMIN_TOKEN, t.clone()));
        }
        vars
    }
}

/// The config file named by `--config FILE` / `--config=FILE` among the raw arguments,
/// else by `DATELINE_CONFIG`.
pub fn config_path(args: &[String]) -> Option<PathBuf> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        if arg == "--config" {
            return iter.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--config=") {
            return Some(PathBuf::from(path));
        }
    }
    std::env::var_os(env::CONFIG).map(PathBuf::from)
}

/// Fills unset `DATELINE_*` variables from the config file, if one is named.
///
/// Must run before any other thread starts (it changes the process environment).
pub fn apply_config_file(args: &[String]) -> anyhow::Result<()> {
    let Some(path) = config_path(args) else {
        return Ok(());
    };
    let settings = FileSettings::read(&path)?;
    for (name, value) in settings.as_env() {
        if std::env::var_os(name).is_none() {
            // SAFETY: called at the start of `main`, before any thread is spawned.
            unsafe { std::env::set_var(name, value) };
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_the_config_flag_in_both_spellings() {
        assert_eq!(
            config_path(&args(&["dateline", "--config", "a.toml", "search", "x"])),
            Some(PathBuf::from("a.toml"))
        );
        assert_eq!(
            config_path(&args(&["dateline", "search", "--config=b.toml", "x"])),
            Some(PathBuf::from("b.toml"))
        );
    }

    #[test]
    fn parses_every_key_and_rejects_unknown_ones() {
        let s: FileSettings = toml::from_str(
            "archive = \"/data/a\"\njobs = 2\naddr = \"127.0.0.1:9000\"\nadmin-token = \"t\"\n",
        )
        .unwrap();
        assert_eq!(s.as_env().len(), 4);
        assert!(toml::from_str::<FileSettings>("archiv = \"x\"").is_err());
    }
}
