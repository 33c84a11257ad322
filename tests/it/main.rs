//! The one integration test binary: fixtures, rule examples, CLI.

mod cli;
mod cli_ci;
mod cli_fix;
mod common;
mod examples;
mod fixtures;
mod formats;
mod hostile;
mod props;
mod robust;
mod sarif;
