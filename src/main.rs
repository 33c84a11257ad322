//! The `emend` binary: parse arguments, run, map the outcome to an exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = emend::cli::Cli::parse();
    std::process::ExitCode::from(emend::run::run(cli))
}
