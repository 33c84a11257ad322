//! The one integration test binary: fixtures, rule examples, CLI.

mod cli;
mod cli_fix;
mod examples;
mod fixtures;
mod props;
mod robust;
