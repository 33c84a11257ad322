//! Orchestration: walk -> per-file check (in parallel) -> report -> exit code.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::cli::{CheckArgs, Cli, Color, Command, Format, RulesArgs};
use crate::error::{ConfigError, Error};
use crate::report::{self, FileReport, Reporter, Summary};
use crate::rules::{self, builtin, FixKind, RuleSet, Selector, Settings};
use crate::walk::{self, Input};
use crate::{check_bytes, config, Checked};

/// Exit code: no error-severity diagnostics (or `--exit-zero`).
pub const EXIT_OK: u8 = 0;
/// Exit code: diagnostics at error severity were found.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage or configuration error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: an input could not be read.
pub const EXIT_UNREADABLE: u8 = 3;

/// Run the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => list_rules(&args),
        Command::Explain { rule } => explain(&rule),
    };
    match result {
        Ok(code) => code,
        Err(Error::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(Error::Config { problems }) => {
            for p in &problems {
                print_error(p);
            }
            EXIT_USAGE
        }
        Err(e) => {
            let code = match e {
                Error::Read { .. } => EXIT_UNREADABLE,
                Error::Write(_) => EXIT_UNREADABLE,
                _ => EXIT_USAGE,
            };
            print_error(&e);
            code
        }
    }
}

/// Print an error to standard error as a miette report.
pub fn print_error(e: &dyn miette::Diagnostic) {
    let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut s = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    if handler.render_report(&mut s, e).is_err() {
        s = format!("error: {e}\n");
    }
    let _ = io::stderr().write_all(s.as_bytes());
}

fn usage(message: String, help: Option<String>) -> Error {
    Error::Usage { message, help }
}

fn parse_selectors(list: &[String], flag: &str) -> Result<Vec<Selector>, Error> {
    list.iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            Selector::parse(s).map_err(|suggestion| {
                usage(
                    format!("unknown rule or family `{s}` in {flag}"),
                    Some(match suggestion {
                        Some(n) => format!("did you mean `{n}`? `emend rules` lists every rule"),
                        None => "`emend rules` lists every rule and family".to_owned(),
                    }),
                )
            })
        })
        .collect()
}

enum Outcome {
    Checked(FileReport),
    Binary(String),
    Unreadable(Error),
}

fn read_input(input: &Input) -> io::Result<Vec<u8>> {
    match &input.path {
        Some(p) => std::fs::read(p),
        None => {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf)?;
            Ok(buf)
        }
    }
}

fn check_one(input: &Input, set: &RuleSet, abs: &Path) -> Outcome {
    let bytes = match read_input(input) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Unreadable(Error::Read {
                path: input.display.clone(),
                reason: walk::io_reason(&e),
            })
        }
    };
    let sel = set.selection_for(Some(abs));
    match check_bytes(&bytes, set, &sel) {
        Checked::Binary => Outcome::Binary(input.display.clone()),
        Checked::Text {
            text,
            bom,
            diagnostics,
        } => Outcome::Checked(FileReport {
            path: input.display.clone(),
            // Keep the text only where a reporter needs it: memory stays per file.
            text: if diagnostics.is_empty() {
                Arc::from("")
            } else {
                Arc::from(text)
            },
            bom_len: if bom { 3 } else { 0 },
            diagnostics,
        }),
    }
}

/// Where a file lives, as an absolute path (for config discovery and override globs).
fn absolute_of(input: &Input, cwd: &Path) -> PathBuf {
    let p = match &input.path {
        Some(p) => p.clone(),
        None => PathBuf::from(&input.display),
    };
    if p.is_absolute() {
        p
    } else {
        cwd.join(p)
    }
}

/// Load (once each) the configuration of every input.
fn rule_sets(
    args: &CheckArgs,
    inputs: &[Input],
    abs: &[PathBuf],
    cli: &Settings,
    cwd: &Path,
) -> Result<Vec<Arc<RuleSet>>, Error> {
    if let Some(path) = &args.config {
        let set = config::load(path, cli).map_err(|problems| Error::Config { problems })?;
        let set = Arc::new(set);
        return Ok(inputs.iter().map(|_| set.clone()).collect());
    }
    if args.no_config {
        let set = Arc::new(RuleSet {
            root: cwd.to_path_buf(),
            cli: cli.clone(),
            ..RuleSet::default()
        });
        return Ok(inputs.iter().map(|_| set.clone()).collect());
    }
    let mut by_dir: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut by_config: HashMap<Option<PathBuf>, Arc<RuleSet>> = HashMap::new();
    let mut problems: Vec<ConfigError> = Vec::new();
    let mut out = Vec::with_capacity(inputs.len());
    for a in abs {
        let dir = a.parent().unwrap_or(cwd).to_path_buf();
        let found = by_dir
            .entry(dir.clone())
            .or_insert_with(|| config::discover(&dir))
            .clone();
        let set = match by_config.get(&found) {
            Some(s) => s.clone(),
            None => {
                let set = match &found {
                    Some(path) => match config::load(path, cli) {
                        Ok(s) => s,
                        Err(mut p) => {
                            problems.append(&mut p);
                            RuleSet::default()
                        }
                    },
                    None => RuleSet {
                        root: cwd.to_path_buf(),
                        cli: cli.clone(),
                        ..RuleSet::default()
                    },
                };
                let set = Arc::new(set);
                by_config.insert(found, set.clone());
                set
            }
        };
        out.push(set);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Config { problems })
    }
}

fn check(args: CheckArgs) -> Result<u8, Error> {
    let cli = Settings {
        select: if args.select.is_empty() {
            None
        } else {
            Some(parse_selectors(&args.select, "--select")?)
        },
        ignore: parse_selectors(&args.ignore, "--ignore")?,
        severity: Vec::new(),
    };
    if args.stdin_filename.is_some() && !args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(usage(
            "--stdin-filename needs `-` among the paths".to_owned(),
            Some("run `emend check - --stdin-filename NAME < FILE`".to_owned()),
        ));
    }
    let cwd = std::env::current_dir().map_err(Error::Write)?;
    let (inputs, walk_errors) = walk::collect(&args.paths, args.stdin_filename.as_deref());
    if inputs.is_empty() && walk_errors.is_empty() && !args.quiet {
        eprintln!(
            "warning: no files to check: in folders emend checks .md, .markdown and .txt files \
             that .gitignore does not exclude"
        );
    }
    let abs: Vec<PathBuf> = inputs.iter().map(|i| absolute_of(i, &cwd)).collect();
    let sets = rule_sets(&args, &inputs, &abs, &cli, &cwd)?;
    if args.verbose {
        for (input, set) in inputs.iter().zip(&sets) {
            let cfg = set
                .source
                .as_ref()
                .map_or("no configuration file".to_owned(), |p| {
                    format!("configuration {}", walk::display(p))
                });
            eprintln!("note: {}: {cfg}", input.display);
        }
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| {
            usage(
                format!(
                    "cannot start {} worker threads: {e}",
                    args.jobs.unwrap_or(0)
                ),
                None,
            )
        })?;
    let outcomes: Vec<Outcome> = pool.install(|| {
        inputs
            .par_iter()
            .zip(&sets)
            .zip(&abs)
            .map(|((input, set), abs)| check_one(input, set, abs))
            .collect()
    });

    let mut unreadable = !walk_errors.is_empty();
    for e in walk_errors {
        print_error(&Error::Read {
            path: e.display,
            reason: e.reason,
        });
    }
    let mut files = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Checked(f) => files.push(f),
            Outcome::Binary(path) => {
                if args.verbose {
                    eprintln!("note: {path}: skipped, it is a binary file");
                }
            }
            Outcome::Unreadable(e) => {
                unreadable = true;
                print_error(&e);
            }
        }
    }
    let summary = Summary::of(&files, files.len());
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let style = report::Style {
        color,
        quiet: args.quiet,
    };
    let reporter: Box<dyn Reporter> = match args.format {
        Format::Human => Box::new(report::Human { style }),
        Format::Concise => Box::new(report::Concise { quiet: args.quiet }),
        Format::Json => Box::new(report::Json),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    reporter.report(&files, &summary, &mut out)?;
    out.flush()?;

    Ok(if unreadable {
        EXIT_UNREADABLE
    } else if summary.errors > 0 && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn fix_word(f: FixKind) -> &'static str {
    match f {
        FixKind::None => "-",
        FixKind::Safe => "safe",
        FixKind::Unsafe => "unsafe",
    }
}

fn list_rules(args: &RulesArgs) -> Result<u8, Error> {
    let mut out = io::stdout().lock();
    if args.json {
        let list: Vec<_> = builtin()
            .iter()
            .map(|r| {
                let m = r.meta();
                serde_json::json!({
                    "id": m.id,
                    "severity": m.severity.as_str(),
                    "fix": fix_word(m.fix),
                    "summary": m.summary,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list).map_err(io::Error::other)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    let width = builtin()
        .iter()
        .map(|r| r.meta().id.len())
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "{:width$}  {:8}  {:6}  summary",
        "rule", "severity", "fix"
    )?;
    for r in builtin() {
        let m = r.meta();
        writeln!(
            out,
            "{:width$}  {:8}  {:6}  {}",
            m.id,
            m.severity.as_str(),
            fix_word(m.fix),
            m.summary
        )?;
    }
    writeln!(out, "\n`emend explain RULE` explains a rule with examples; a family name (e.g. `quotes`) selects all its rules.")?;
    Ok(EXIT_OK)
}

fn indent(s: &str) -> String {
    s.trim_end_matches('\n')
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn explain(id: &str) -> Result<u8, Error> {
    let Some(rule) = rules::find(id) else {
        let names: Vec<&str> = builtin().iter().map(|r| r.meta().id).collect();
        return Err(usage(
            format!("unknown rule `{id}`"),
            Some(match rules::selection::suggest(id, names) {
                Some(n) => format!("did you mean `{n}`? `emend rules` lists every rule"),
                None => "`emend rules` lists every rule".to_owned(),
            }),
        ));
    };
    let m = rule.meta();
    let fix = match m.fix {
        FixKind::None => "no automatic fix",
        FixKind::Safe => "safe fix available",
        FixKind::Unsafe => "unsafe fix available",
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{} ({}, {})\n", m.id, m.severity, fix)?;
    writeln!(out, "{}\n", m.summary)?;
    writeln!(out, "{}\n", m.explanation.trim_end())?;
    writeln!(out, "Flagged:\n")?;
    for ex in m.bad {
        writeln!(out, "{}\n", indent(ex))?;
    }
    writeln!(out, "Not flagged:\n")?;
    for ex in m.good {
        writeln!(out, "{}\n", indent(ex))?;
    }
    Ok(EXIT_OK)
}
