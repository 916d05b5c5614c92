//! One module per subcommand.

pub mod archive;
pub mod extract;
