//! Orchestration: walk -> per-file check (in parallel) -> report -> exit code.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::cli::{CheckArgs, Cli, Color, Command, Format, RulesArgs};
use crate::error::{ConfigError, Error};
use crate::report::{self, FileReport, Reporter, Summary};
use crate::rules::{self, builtin, FixKind, RuleSet, Selector, Settings};
use crate::walk::{self, Input};
use crate::{check_bytes, config, fix, Checked};

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
        Command::Check(args) => check(args, false),
        Command::Fix(args) => check(args, true),
        Command::Rules(args) => list_rules(&args),
        Command::Explain { rule } => explain(&rule),
        Command::Init { dir, force } => init(&dir, force),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "emend", &mut io::stdout());
            Ok(EXIT_OK)
        }
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

/// What a run does with the findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Report only.
    Check,
    /// Apply fixes and write the files.
    Fix { unsafe_fixes: bool },
    /// Print what --fix would change.
    Diff { unsafe_fixes: bool },
}

enum Outcome {
    Checked(Box<FileDone>),
    Binary(String),
    Unreadable(Error),
}

/// One checked file: its report and what fixing did to it.
struct FileDone {
    report: FileReport,
    fixed: BTreeMap<String, usize>,
    /// `--diff`: the unified diff; stdin with `--fix`: the fixed text.
    output: Option<String>,
    /// Fixing failed for this file (not written).
    problem: Option<(String, u8)>,
    /// What the file contributes to cross-file checks, with the rule's severity for it.
    summary: Option<(crate::rules::translit::Summary, crate::diagnostic::Severity)>,
    /// The checked text, kept only while cross-file findings may still need it.
    text: Option<String>,
    /// Byte length of the checked text, to notice a file changed before its report is written.
    checked_len: usize,
}

/// A file on disk whose report is written from its text read back.
struct Source {
    path: PathBuf,
    /// Byte length of the text as checked.
    len: usize,
}

fn read_input(input: &Input) -> io::Result<Vec<u8>> {
    // In debug builds, `EMEND_TEST_PAUSE_BEFORE_READ_MS` lets a test delete a file between
    // the walk and the read. Release builds ignore it.
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("EMEND_TEST_PAUSE_BEFORE_READ_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    match &input.path {
        Some(p) => std::fs::read(p),
        None => {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf)?;
            Ok(buf)
        }
    }
}

fn check_one(input: &Input, set: &RuleSet, abs: &Path, mode: Mode) -> Outcome {
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
    // Only --fix needs the original bytes afterwards (to see that the file has not changed).
    let (checked, bytes) = match mode {
        Mode::Check => (crate::check_owned(bytes, set, &sel), Vec::new()),
        _ => (check_bytes(&bytes, set, &sel), bytes),
    };
    let (text, bom, diagnostics, summary) = match checked {
        Checked::Binary => return Outcome::Binary(input.display.clone()),
        Checked::Text {
            text,
            bom,
            diagnostics,
            summary,
        } => (text, bom, diagnostics, summary),
    };
    let mut done = FileDone {
        report: FileReport {
            path: input.display.clone(),
            text: Arc::from(""),
            bom_len: if bom { 3 } else { 0 },
            diagnostics: Vec::new(),
        },
        fixed: BTreeMap::new(),
        output: None,
        problem: None,
        summary: summary.zip(sel.severity_of("translit/corpus-mixed")),
        text: None,
        checked_len: 0,
    };
    let fixable = diagnostics.iter().any(|d| d.fix.is_some());
    let (final_text, remaining) = match mode {
        Mode::Fix { unsafe_fixes } | Mode::Diff { unsafe_fixes } if fixable => {
            match fix::fix_text(&text, set, &sel, unsafe_fixes) {
                Ok(fixed) if fixed.count() > 0 => {
                    let new_bytes = fix::to_bytes(&fixed.text, bom);
                    let mut keep = true;
                    if let Mode::Diff { .. } = mode {
                        done.output = Some(fix::unified_diff(&input.display, &text, &fixed.text));
                    } else if let Some(path) = &input.path {
                        if let Err(e) =
                            fix::write_atomic(path, &bytes, &new_bytes, &test_pause_before_write)
                        {
                            done.problem = Some((e.to_string(), EXIT_UNREADABLE));
                            keep = false;
                        }
                    } else {
                        done.output = Some(fixed.text.clone());
                    }
                    if keep {
                        done.fixed = fixed.applied;
                        if done.summary.is_some() {
                            // The collection is judged on the text as fixed.
                            let doc = crate::document::Document::parse(fixed.text.clone(), bom);
                            let (_, summary) = set.check_summarized(&doc, &sel);
                            done.summary = summary.zip(sel.severity_of("translit/corpus-mixed"));
                        }
                        (fixed.text, fixed.remaining)
                    } else {
                        (text, diagnostics)
                    }
                }
                Ok(_) => (text, diagnostics),
                Err(unstable) => {
                    done.problem = Some((
                        format!(
                            "fixes did not settle after {} rounds: {} kept changing the text; nothing was written",
                            fix::MAX_ROUNDS,
                            unstable.rules.join(", ")
                        ),
                        EXIT_FINDINGS,
                    ));
                    (text, diagnostics)
                }
            }
        }
        _ => (text, diagnostics),
    };
    done.checked_len = final_text.len();
    if matches!(mode, Mode::Diff { .. }) {
        // --diff reports only the diff.
        return Outcome::Checked(Box::new(done));
    }
    // Memory stays per file: a file on disk is read again when its report is written (it
    // holds the checked text: the original, or what --fix wrote). Only standard input keeps
    // its text, when a reporter or a cross-file finding may need it.
    if input.path.is_none() {
        if !remaining.is_empty() {
            done.report.text = Arc::from(final_text);
        } else if done
            .summary
            .as_ref()
            .is_some_and(|(s, _)| !s.families.is_empty())
        {
            done.text = Some(final_text);
        }
    }
    done.report.diagnostics = remaining;
    Outcome::Checked(Box::new(done))
}

/// In debug builds (the ones `cargo test` runs), `EMEND_TEST_PAUSE_BEFORE_WRITE_MS` makes
/// emend wait between reading a file and writing its fixes, so that a test can change the
/// file in between and see it refused. Release builds ignore it.
fn test_pause_before_write(_path: &Path) {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("EMEND_TEST_PAUSE_BEFORE_WRITE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
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

fn check(args: CheckArgs, fix_command: bool) -> Result<u8, Error> {
    let mode = if args.diff {
        Mode::Diff {
            unsafe_fixes: args.unsafe_fixes,
        }
    } else if args.fix || args.unsafe_fixes || fix_command {
        Mode::Fix {
            unsafe_fixes: args.unsafe_fixes,
        }
    } else {
        Mode::Check
    };
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
    let (mut inputs, walk_errors) = walk::collect(&args.paths, args.stdin_filename.as_deref());
    if let Some(rev) = &args.changed_since {
        let changed = changed_files(rev, &cwd)?;
        inputs.retain(|i| match &i.path {
            None => true,
            Some(p) => {
                let abs = if p.is_absolute() {
                    p.clone()
                } else {
                    cwd.join(p)
                };
                let abs = abs.canonicalize().unwrap_or(abs);
                changed.contains(&abs)
            }
        });
    }
    if inputs.is_empty() && walk_errors.is_empty() && !args.quiet {
        eprintln!(
            "warning: no files to check: in folders emend checks .md, .markdown and .txt files \
             that .gitignore does not exclude"
        );
    }
    let abs: Vec<PathBuf> = inputs.iter().map(|i| absolute_of(i, &cwd)).collect();
    let large = inputs.len() >= 64
        || inputs
            .iter()
            .filter_map(|i| i.path.as_ref())
            .any(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 4 << 20));
    if large {
        crate::config::pack::LARGE_RUN.store(true, std::sync::atomic::Ordering::Relaxed);
    }
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
    // A progress bar for long runs in a terminal; never on a pipe or in a data format.
    let human = matches!(args.format, Format::Human | Format::Concise);
    let progress =
        (inputs.len() > 300 && human && !args.quiet && io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(inputs.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
    let outcomes: Vec<Outcome> = pool.install(|| {
        inputs
            .par_iter()
            .zip(&sets)
            .zip(&abs)
            .map(|((input, set), abs)| {
                let o = check_one(input, set, abs, mode);
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
                o
            })
            .collect()
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    let mut unreadable = !walk_errors.is_empty();
    for e in walk_errors {
        print_error(&Error::Read {
            path: e.display,
            reason: e.reason,
        });
    }
    let mut files: Vec<FileReport> = Vec::new();
    let mut summaries = Vec::new();
    let mut texts: Vec<Option<String>> = Vec::new();
    let mut sources: Vec<Option<Source>> = Vec::new();
    let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
    let mut fixed_files = 0;
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut failure = EXIT_OK;
    for (o, input) in outcomes.into_iter().zip(&inputs) {
        let source = input.path.clone();
        match o {
            Outcome::Checked(done) => {
                let done = *done;
                if !done.fixed.is_empty() {
                    fixed_files += 1;
                    if args.show_fixes
                        && mode
                            != (Mode::Diff {
                                unsafe_fixes: args.unsafe_fixes,
                            })
                    {
                        let list: Vec<String> = done
                            .fixed
                            .iter()
                            .map(|(r, n)| format!("{n} × {r}"))
                            .collect();
                        eprintln!("fixed {}: {}", done.report.path, list.join(", "));
                    }
                }
                for (rule, n) in done.fixed {
                    *fixed.entry(rule).or_default() += n;
                }
                if let Some((message, code)) = done.problem {
                    print_error(&Error::Fix {
                        path: done.report.path.clone(),
                        message,
                    });
                    failure = failure.max(code);
                }
                if let Some(out) = done.output {
                    outputs.push((done.report.path.clone(), out));
                }
                summaries.push(done.summary);
                texts.push(done.text);
                sources.push(source.map(|path| Source {
                    path,
                    len: done.checked_len,
                }));
                files.push(done.report);
            }
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
    // In debug builds, `EMEND_TEST_PAUSE_BEFORE_REPORT_MS` lets a test change a file after it
    // was checked and before it is read back for its report. Release builds ignore it.
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("EMEND_TEST_PAUSE_BEFORE_REPORT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    let mut corpus = crate::corpus::CorpusFindings::new(&summaries);
    drop(summaries);
    for i in corpus.files() {
        // Standard input kept its text in case a cross-file finding needs it.
        let f = &mut files[i];
        if f.text.is_empty() {
            if let Some(t) = texts[i].take() {
                f.text = Arc::from(t);
            }
        }
    }
    drop(texts);
    // With stdin fixed, standard output carries the fixed text; the report goes to stderr.
    let stdin_fixed = outputs
        .iter()
        .any(|(p, _)| inputs.iter().any(|i| i.path.is_none() && &i.display == p));
    // Cross-file findings become diagnostics a batch of files at a time, as the files are
    // reported, unless something needs every finding at once: baselines compare them,
    // statistics count them, and the report of a fixed standard input is written whole.
    let all_at_once =
        args.write_baseline.is_some() || args.baseline.is_some() || args.statistics || stdin_fixed;
    if all_at_once {
        for (i, f) in files.iter_mut().enumerate() {
            corpus.add_to(i, &mut f.diagnostics);
        }
        corpus = crate::corpus::CorpusFindings::default();
    }
    if args.write_baseline.is_some() || args.baseline.is_some() {
        // Baselines compare the text of each finding's line: read every reported file back.
        for (f, src) in files.iter_mut().zip(&sources) {
            load_text(f, src.as_ref());
        }
    }
    if let Some(path) = &args.write_baseline {
        let b = crate::baseline::Baseline::of(&files);
        b.write(path).map_err(|e| Error::Read {
            path: walk::display(path),
            reason: walk::io_reason(&e),
        })?;
        if !args.quiet {
            eprintln!(
                "Wrote {} diagnostics to the baseline {}.",
                b.entries.len(),
                walk::display(path)
            );
        }
    }
    let mut baselined = 0;
    if let Some(path) = &args.baseline {
        let b = crate::baseline::Baseline::read(path).map_err(|reason| {
            usage(
                format!("cannot use the baseline {}: {reason}", walk::display(path)),
                Some("write one with --write-baseline FILE".to_owned()),
            )
        })?;
        baselined = b.filter(&mut files);
    }
    let mut summary = Summary::of(&files, files.len());
    for i in corpus.files() {
        if files[i].diagnostics.is_empty() {
            summary.files_with_diagnostics += 1;
        }
        for severity in corpus.severities(i) {
            summary.count(severity);
        }
    }
    summary.fixed = fixed;
    summary.fixed_files = fixed_files;
    summary.baselined = baselined;

    let mut out: Box<dyn Write> = match &args.output_file {
        Some(path) => Box::new(io::BufWriter::new(std::fs::File::create(path).map_err(
            |e| {
                usage(
                    format!(
                        "cannot write the report to {}: {}",
                        walk::display(path),
                        walk::io_reason(&e)
                    ),
                    None,
                )
            },
        )?)),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    if let Mode::Diff { .. } = mode {
        for (_, diff) in &outputs {
            out.write_all(diff.as_bytes())?;
        }
        out.flush()?;
        let n: usize = summary.fixed.values().sum();
        if !args.quiet {
            if n == 0 {
                eprintln!("No fixes to apply ({} checked).", summary.files);
            } else {
                eprintln!(
                    "Would fix {n} problem{} in {} file{}; run with --fix to apply.",
                    if n == 1 { "" } else { "s" },
                    summary.fixed_files,
                    if summary.fixed_files == 1 { "" } else { "s" }
                );
            }
        }
        return Ok(if unreadable {
            EXIT_UNREADABLE
        } else if n > 0 {
            EXIT_FINDINGS
        } else {
            failure
        });
    }
    for (_, text) in &outputs {
        out.write_all(text.as_bytes())?;
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto if stdin_fixed => false,
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
        Format::JsonLines => Box::new(report::JsonLines),
        Format::Sarif => Box::new(report::SarifReport),
        Format::Github => Box::new(report::Github),
        Format::Junit => Box::new(report::Junit),
        Format::Gitlab => Box::new(report::Gitlab),
        Format::Rdjson => Box::new(report::Rdjson),
        Format::Checkstyle => Box::new(report::Checkstyle),
        Format::Pylint => Box::new(report::Pylint),
        Format::Azure => Box::new(report::Azure),
        Format::Tap => Box::new(report::Tap),
    };
    if stdin_fixed {
        out.flush()?;
        for (f, src) in files.iter_mut().zip(&sources) {
            load_text(f, src.as_ref());
        }
        let mut err = io::stderr().lock();
        reporter.report(&files, &summary, &mut err)?;
    } else {
        if args.statistics {
            report::statistics(&files, &summary, &mut out)?;
        } else if let Some(mut stream) = reporter.stream() {
            // Formats that wrap their findings are written a batch of files at a time, each
            // file read back just for its report, so memory does not grow with the collection.
            stream.start(&files, &summary, &mut out)?;
            for_batches(&mut files, &sources, &corpus, |batch| {
                stream.files(batch, &mut out)
            })?;
            stream.finish(&summary, &mut out)?;
        } else if streams(args.format) {
            // Line formats are written the same way, each batch as a report of its own.
            let quiet = report::Style {
                quiet: true,
                ..style
            };
            let batch_reporter: Box<dyn Reporter> = match args.format {
                Format::Human => Box::new(report::Human { style: quiet }),
                Format::Concise => Box::new(report::Concise { quiet: true }),
                _ => reporter,
            };
            for_batches(&mut files, &sources, &corpus, |batch| {
                batch_reporter.report(batch, &summary, &mut out)
            })?;
            if matches!(args.format, Format::Human | Format::Concise) && !args.quiet {
                writeln!(out, "{}", report::summary_line(&summary))?;
            }
        } else {
            for (f, src) in files.iter_mut().zip(&sources) {
                load_text(f, src.as_ref());
            }
            reporter.report(&files, &summary, &mut out)?;
        }
        out.flush()?;
    }
    let fixed_any = summary.fixed.values().sum::<usize>() > 0;

    Ok(if unreadable {
        EXIT_UNREADABLE
    } else if failure == EXIT_UNREADABLE {
        failure
    } else if (summary.errors > 0
        || failure == EXIT_FINDINGS
        || (args.exit_non_zero_on_fix && fixed_any))
        && !args.exit_zero
    {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Line formats: any batch of files makes a report of its own.
fn streams(f: Format) -> bool {
    matches!(
        f,
        Format::Human
            | Format::Concise
            | Format::Github
            | Format::Pylint
            | Format::Azure
            | Format::JsonLines
    )
}

/// Call `write` on batches of 256 files, each file's text read back for it and dropped after.
fn for_batches(
    files: &mut [FileReport],
    sources: &[Option<Source>],
    corpus: &crate::corpus::CorpusFindings,
    mut write: impl FnMut(&[FileReport]) -> io::Result<()>,
) -> io::Result<()> {
    const BATCH: usize = 256;
    for (k, (batch, srcs)) in files
        .chunks_mut(BATCH)
        .zip(sources.chunks(BATCH))
        .enumerate()
    {
        for (j, (f, src)) in batch.iter_mut().zip(srcs).enumerate() {
            corpus.add_to(k * BATCH + j, &mut f.diagnostics);
            load_text(f, src.as_ref());
        }
        write(batch)?;
        // Written: the batch's texts and findings are not needed again.
        for (f, src) in batch.iter_mut().zip(srcs) {
            if src.is_some() {
                f.text = Arc::from("");
            }
            f.diagnostics = Vec::new();
        }
    }
    Ok(())
}

/// Read a reported file's text back (as it was checked: decoded, or with undecodable bytes
/// shown as `?`), when it has findings and its text was not kept.
fn load_text(f: &mut FileReport, src: Option<&Source>) {
    let Some(src) = src else { return };
    if f.diagnostics.is_empty() || !f.text.is_empty() {
        return;
    }
    let Ok(bytes) = std::fs::read(&src.path) else {
        eprintln!(
            "warning: {}: could not be read again for its report; positions are shown as 1:1",
            f.path
        );
        return;
    };
    let text = match crate::document::decode_owned(bytes) {
        Ok((t, _)) => t,
        Err(crate::document::Undecodable::NotUtf8 { display, .. }) => display,
        Err(crate::document::Undecodable::Binary) => return,
    };
    if text.len() != src.len {
        eprintln!(
            "warning: {}: changed while emend was checking it; lines and columns are from its new text and may be off",
            f.path
        );
    }
    f.text = Arc::from(text);
}

/// Files changed since `rev` (and untracked ones), as canonical absolute paths.
fn changed_files(rev: &str, cwd: &Path) -> Result<std::collections::HashSet<PathBuf>, Error> {
    let git = |args: &[&str]| -> Result<String, Error> {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(cwd)
            .output()
            .map_err(|e| {
                usage(
                    format!(
                        "--changed-since needs the git command: {}",
                        walk::io_reason(&e)
                    ),
                    None,
                )
            })?;
        if !out.status.success() {
            let msg = String::from_utf8_lossy(&out.stderr).trim().to_owned();
            return Err(usage(
                format!("--changed-since {rev}: git failed: {msg}"),
                Some(
                    "run emend inside a git repository and name a revision that exists".to_owned(),
                ),
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let root = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?.trim());
    let mut set = std::collections::HashSet::new();
    let diff = git(&["diff", "--name-only", "-z", rev, "--"])?;
    let untracked = git(&["ls-files", "--others", "--exclude-standard", "-z"])?;
    for name in diff.split('\0').filter(|n| !n.is_empty()) {
        let p = root.join(name);
        set.insert(p.canonicalize().unwrap_or(p));
    }
    for name in untracked.split('\0').filter(|n| !n.is_empty()) {
        let p = cwd.join(name);
        set.insert(p.canonicalize().unwrap_or(p));
    }
    Ok(set)
}

fn fix_word(f: FixKind) -> &'static str {
    match f {
        FixKind::None => "-",
        FixKind::Safe => "safe",
        FixKind::Unsafe => "unsafe",
    }
}

fn init(dir: &Path, force: bool) -> Result<u8, Error> {
    let target = dir.join("emend.yaml");
    if target.exists() && !force {
        return Err(usage(
            format!("{} already exists", walk::display(&target)),
            Some("use --force to overwrite it".to_owned()),
        ));
    }
    let choice = crate::init::survey(dir);
    std::fs::write(&target, crate::init::config_text(&choice)).map_err(|e| Error::Read {
        path: walk::display(&target),
        reason: walk::io_reason(&e),
    })?;
    eprintln!("Read {} files in {}", choice.files, walk::display(dir));
    match &choice.profile {
        Some((p, n)) => eprintln!("profile: {p} ({n} files cite this way)"),
        None => eprintln!("profile: none chosen (no citation found); emend picks one per file"),
    }
    match &choice.system {
        Some((s, n)) => eprintln!("romanization: prefer {s} ({n} documents are written in it)"),
        None => eprintln!("romanization: consistent (no Chinese names found)"),
    }
    eprintln!("Wrote {}.", walk::display(&target));
    Ok(EXIT_OK)
}

/// The rules reference in Markdown: every rule, its summary, explanation and examples.
pub fn rules_markdown() -> String {
    let mut out = String::new();
    out.push_str("# emend rules\n\n");
    out.push_str(
        "<!-- Generated by `emend rules --format markdown`; a test keeps it current. -->\n\n",
    );
    out.push_str("| rule | severity | fix | summary |\n|---|---|---|---|\n");
    for r in builtin() {
        let m = r.meta();
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |
",
            m.id,
            m.id.replace('/', ""),
            m.severity,
            fix_word(m.fix),
            m.summary.replace('|', "\\|")
        ));
    }
    for r in builtin() {
        let m = r.meta();
        out.push_str(&format!(
            "
## {}

",
            m.id
        ));
        out.push_str(&format!(
            "{} — {}, fix: {}.

",
            m.summary,
            m.severity,
            fix_word(m.fix)
        ));
        out.push_str(
            "```text
",
        );
        out.push_str(m.explanation.trim_end());
        out.push_str(
            "
```
",
        );
        for (title, list) in [("Flagged", m.bad), ("Not flagged", m.good)] {
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "
{title}:
"
            ));
            for ex in list {
                out.push_str(
                    "
```markdown
",
                );
                out.push_str(ex.trim_end_matches('\n'));
                out.push_str(
                    "
```
",
                );
            }
        }
    }
    out
}

fn list_rules(args: &RulesArgs) -> Result<u8, Error> {
    let mut out = io::stdout().lock();
    if args.format == crate::cli::RulesFormat::Markdown {
        out.write_all(rules_markdown().as_bytes())?;
        return Ok(EXIT_OK);
    }
    if args.json || args.format == crate::cli::RulesFormat::Json {
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
