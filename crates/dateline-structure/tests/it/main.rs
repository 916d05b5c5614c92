//! Integration tests of the structure stage.

mod seeds_quotes;
