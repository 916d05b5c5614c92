//! Integration tests of dateline-store.

mod crash;
mod fixtures;
mod migration;
mod search;
mod seeds;
