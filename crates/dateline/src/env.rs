//! Names of the environment variables dateline reads, in one place.

/// Where the archive lives (`--archive`).
pub const ARCHIVE: &str = "DATELINE_ARCHIVE";
/// Worker threads (`--jobs`).
pub const JOBS: &str = "DATELINE_JOBS";
/// Address `serve` listens on (`--addr`).
pub const ADDR: &str = "DATELINE_ADDR";
/// Token that unlocks `POST /api/ingest` (`--admin-token`).
pub const ADMIN_TOKEN: &str = "DATELINE_ADMIN_TOKEN";
/// Log filter for `tracing` (`info`, `dateline=debug`, ...).
pub const LOG: &str = "DATELINE_LOG";
/// Set to anything to disable colors (the common convention).
pub const NO_COLOR: &str = "NO_COLOR";
/// A TOML config file (`--config`): the lowest layer of settings.
pub const CONFIG: &str = "DATELINE_CONFIG";
