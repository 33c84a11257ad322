//! The one integration test binary: fixtures, rule examples, CLI.

mod examples;
mod fixtures;
