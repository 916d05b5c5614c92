//! Integration tests of dateline-store.

mod crash;
mod fixtures;
mod invariants;
mod migration;
mod processes;
mod removed;
mod search;
mod seeds;
