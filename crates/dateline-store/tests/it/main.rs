//! Integration tests of dateline-store.

mod crash;
mod fixtures;
mod invariants;
mod migration;
mod search;
mod seeds;
