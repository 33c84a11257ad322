//! The one integration test binary: fixtures, rule examples, CLI.

mod cli;
mod examples;
mod fixtures;
mod props;
mod robust;
