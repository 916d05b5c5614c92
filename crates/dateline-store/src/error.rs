//! The store's error type.

use std::path::PathBuf;

use crate::query::QueryError;

/// Whether an error comes from the caller's input or from the archive itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input: a malformed query, an unknown record id. Exit code 1, HTTP 400/404.
    User,
    /// The archive could not be read or written. Exit code 2, HTTP 500.
    Internal,
}

/// What went wrong in the archive.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The archive directory could not be created or opened.
    #[error("cannot open the archive at `{path}`: {source}; check the path and its permissions")]
    Open {
        /// The archive directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error(
        "archive database error while {context}: {source}; run `dateline check` to verify the archive"
    )]
    Sqlite {
        /// What the store was doing.
        context: &'static str,
        /// The underlying error.
        source: rusqlite::Error,
    },
    /// The search index failed.
    #[error(
        "search index error while {context}: {source}; `dateline reindex` rebuilds the index from the database"
    )]
    Index {
        /// What the store was doing.
        context: &'static str,
        /// The underlying error.
        source: tantivy::TantivyError,
    },
    /// The database was written by a newer dateline.
    #[error(
        "the archive database has schema version `{found}` but this dateline knows up to `{known}`; upgrade dateline"
    )]
    TooNew {
        /// The version found.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// A stored record could not be decoded.
    #[error("stored record `{id}` is corrupt: {reason}; run `dateline check`")]
    Corrupt {
        /// The record's row id.
        id: i64,
        /// What is wrong.
        reason: String,
    },
    /// The query is malformed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// Writing an export failed.
    #[error("cannot write the export: {0}")]
    Export(String),
    /// The dedup settings are invalid.
    #[error(transparent)]
    Config(#[from] dateline_dedup::ConfigError),
}

impl StoreError {
    /// User or internal error, to pick the exit code or HTTP status.
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::Query(_) | StoreError::Config(_) => ErrorKind::User,
            _ => ErrorKind::Internal,
        }
    }

    /// True when another process holds the index writer (a `dateline ingest` or a
    /// server upload is running): try the write again when it ends.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            StoreError::Index {
                source: tantivy::TantivyError::LockFailure(..),
                ..
            }
        )
    }
}

/// Adds what the store was doing to a lower-level error.
pub(crate) trait Context<T> {
    fn ctx(self, context: &'static str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, rusqlite::Error> {
    fn ctx(self, context: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Sqlite { context, source })
    }
}

impl<T> Context<T> for Result<T, tantivy::TantivyError> {
    fn ctx(self, context: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Index { context, source })
    }
}
