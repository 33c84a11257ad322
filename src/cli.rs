//! Command-line definitions (clap derive only; behaviour lives in `run`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// emend: lint and fix archival transcriptions.
#[derive(Debug, Parser)]
#[command(name = "emend", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and folders (default: the current folder).
    Check(CheckArgs),
    /// Apply safe fixes to files and folders: short for `check --fix`.
    Fix(CheckArgs),
    /// List every rule with its default severity, whether it can fix, and its summary.
    Rules(RulesArgs),
    /// Explain a rule, with examples of text it flags and text it leaves alone.
    Explain {
        /// A rule id, e.g. quotes/unclosed.
        rule: String,
    },
    /// Write a commented emend.yaml for this folder, chosen from what its files contain.
    Init {
        /// The folder to look at and write emend.yaml into.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite an existing emend.yaml.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Output formats of `emend check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets with labels and help, then a summary.
    Human,
    /// One line per diagnostic: path:line:col: severity[rule] message.
    Concise,
    /// The stable JSON report.
    Json,
    /// One JSON object per diagnostic per line, for streaming.
    JsonLines,
    /// SARIF 2.1.0, for GitHub code scanning and other viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// JUnit XML, for GitLab and Jenkins test reports.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// reviewdog diagnostic format (rdjson).
    Rdjson,
    /// Checkstyle XML.
    Checkstyle,
    /// pylint-style lines: path:line: [rule] message.
    Pylint,
    /// Azure Pipelines logging commands.
    Azure,
    /// Test Anything Protocol, version 13.
    Tap,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Options of `emend check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The name to use for standard input in output and for finding its configuration.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Run only these rules or families (comma-separated), replacing the configuration's.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Do not run these rules or families (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Use this configuration file instead of looking for emend.yaml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    pub no_config: bool,
    /// Exit 0 even when errors are found.
    #[arg(long)]
    pub exit_zero: bool,
    /// Print diagnostics only, without the summary line.
    #[arg(short, long)]
    pub quiet: bool,
    /// When to use colours in the human format.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Number of files checked in parallel (default: one per core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Say which files were skipped and which configuration each file used.
    #[arg(short, long)]
    pub verbose: bool,
    /// Apply safe fixes and write the files; report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (fixes that might change meaning); implies --fix unless --diff.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and write nothing.
    #[arg(long)]
    pub diff: bool,
    /// List the fixes applied, per file.
    #[arg(long)]
    pub show_fixes: bool,
    /// Exit 1 when any fix was applied (for CI that must not rewrite files).
    #[arg(long)]
    pub exit_non_zero_on_fix: bool,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Record today's diagnostics in this file, to be ignored later with --baseline.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Report only diagnostics that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Print a table of counts per rule instead of the diagnostics.
    #[arg(long)]
    pub statistics: bool,
    /// Check only files changed since this git revision (and untracked ones).
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
}

/// Options of `emend rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the list as JSON (same as --format json).
    #[arg(long)]
    pub json: bool,
    /// text, json, or markdown (the rules reference, as in docs/rules.md).
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

/// Output formats of `emend rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// A table.
    Text,
    /// JSON objects with id, severity, fix and summary.
    Json,
    /// The rules reference: every rule with its explanation and examples.
    Markdown,
}
