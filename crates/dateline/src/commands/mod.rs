//! One module per subcommand.

pub mod archive;
pub mod extract;
pub mod serve;
