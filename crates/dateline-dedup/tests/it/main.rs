//! Integration tests of dateline-dedup.

mod clustering;
