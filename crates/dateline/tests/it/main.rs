//! CLI tests: the real `dateline` binary in a temporary directory, exit code, stdout and
//! stderr checked together.

mod archive;
mod extract;
mod serve;
mod support;
