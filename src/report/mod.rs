//! Output formats: one file per format, all behind [`Reporter`]. Reporters only format
//! diagnostics they are given; they never re-parse text.

mod azure;
mod checkstyle;
mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod json_lines;
mod junit;
mod pylint;
mod rdjson;
mod sarif;
mod tap;

pub use azure::Azure;
pub use checkstyle::Checkstyle;
pub use concise::Concise;
pub use github::Github;
pub use gitlab::Gitlab;
pub use human::Human;
pub use json::{Json, JsonStream};
pub use json_lines::JsonLines;
pub use junit::Junit;
pub use pylint::Pylint;
pub use rdjson::Rdjson;
pub use sarif::{sarif, SarifReport, SarifStream};
pub use tap::Tap;

use std::io::{self, Write};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Cursor, LineCol, LineIndex};

/// The findings of one file, with the text they point into.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as shown to users.
    pub path: String,
    /// The text that spans point into (without BOM).
    pub text: Arc<str>,
    /// Bytes stripped from the start of the file (a BOM), added to offsets in data formats.
    pub bom_len: usize,
    /// Findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// A line index over the text, for turning spans into lines and columns.
    pub fn line_index(&self) -> LineIndex {
        LineIndex::new(&self.text)
    }
}

/// Counts over a whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Files with at least one diagnostic.
    pub files_with_diagnostics: usize,
    /// Diagnostics at error severity.
    pub errors: usize,
    /// Diagnostics at warning severity.
    pub warnings: usize,
    /// Diagnostics at info severity.
    pub infos: usize,
    /// Diagnostics that carry a fix.
    pub fixable: usize,
    /// Of those, the ones whose fix is safe (applied by `--fix`).
    pub safe_fixable: usize,
    /// Fixes applied in this run, per rule (empty unless `--fix`).
    pub fixed: std::collections::BTreeMap<String, usize>,
    /// Files changed by `--fix`.
    pub fixed_files: usize,
    /// Diagnostics hidden by `--baseline`.
    pub baselined: usize,
}

impl Summary {
    /// Count the diagnostics of `files`; `checked` is the number of files checked.
    pub fn of(files: &[FileReport], checked: usize) -> Self {
        let mut s = Summary {
            files: checked,
            ..Summary::default()
        };
        for f in files {
            if !f.diagnostics.is_empty() {
                s.files_with_diagnostics += 1;
            }
            for d in &f.diagnostics {
                s.count(d.severity);
                if let Some(fix) = &d.fix {
                    s.fixable += 1;
                    if fix.applicability == crate::diagnostic::Applicability::Safe {
                        s.safe_fixable += 1;
                    }
                }
            }
        }
        s
    }

    /// Count one more finding of `severity`.
    pub fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Total number of diagnostics.
    pub fn diagnostics(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// How the human format is drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Leave out the summary line.
    pub quiet: bool,
}

/// An output format.
pub trait Reporter {
    /// Write the report of a run to `out`. Formats that stream write it as one batch.
    fn report(
        &self,
        files: &[FileReport],
        summary: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let Some(mut stream) = self.stream() else {
            return Err(io::Error::other("this format writes no report"));
        };
        stream.start(files, summary, out)?;
        stream.files(files, out)?;
        stream.finish(summary, out)
    }

    /// A writer of the same report a batch of files at a time, for formats that wrap their
    /// findings in one document; `None` for formats whose `report` can take any batch.
    fn stream(&self) -> Option<Box<dyn Stream>> {
        None
    }
}

/// A report written a batch of files at a time, so that a run need not hold every file's
/// text at once. The bytes are those `report` writes for all the files together.
pub trait Stream {
    /// Write what comes before the first file. `files` are all the run's files, with their
    /// findings but perhaps not their texts.
    fn start(
        &mut self,
        files: &[FileReport],
        summary: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()>;
    /// Write the findings of the next `batch` of files, whose texts are loaded.
    fn files(&mut self, batch: &[FileReport], out: &mut dyn Write) -> io::Result<()>;
    /// Write what comes after the last file.
    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()>;
}

/// The elements of a pretty-printed JSON array written one at a time, with the bytes
/// `serde_json::to_writer_pretty` gives the whole array. `outer` is the indentation of the
/// line that opens the array.
#[derive(Default)]
struct JsonArray {
    outer: String,
    items: usize,
}

impl JsonArray {
    fn new(outer: &str) -> Self {
        JsonArray {
            outer: outer.to_owned(),
            items: 0,
        }
    }

    /// Write `item` as the next element.
    fn item(&mut self, out: &mut dyn Write, item: &impl serde::Serialize) -> io::Result<()> {
        out.write_all(if self.items == 0 { b"\n" } else { b",\n" })?;
        // JSON strings never hold a raw newline, so indenting by lines is safe.
        for (i, line) in serde_json::to_string_pretty(item)?.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            write!(out, "{}  {line}", self.outer)?;
        }
        self.items += 1;
        Ok(())
    }

    /// Write what comes before the closing bracket.
    fn end(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.items > 0 {
            write!(out, "\n{}", self.outer)?;
        }
        Ok(())
    }
}

/// Split a document serialised with an empty array under `key` into what comes up to the
/// array's opening bracket and what comes from its closing bracket, with an array writer
/// indented like the key.
fn split_at_array<'a>(skeleton: &'a str, key: &str) -> io::Result<(&'a str, &'a str, JsonArray)> {
    // A key in quotes cannot occur inside a JSON string, whose quotes are escaped.
    let opening = format!("\"{key}\": [");
    let at = skeleton.find(&opening).ok_or_else(|| {
        io::Error::other(format!("internal error: the report has no \"{key}\" array"))
    })?;
    let (head, tail) = skeleton.split_at(at + opening.len());
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let indent: String = head[line_start..]
        .chars()
        .take_while(|c| *c == ' ')
        .collect();
    Ok((head, tail, JsonArray::new(&indent)))
}

/// Start and end line/column of a diagnostic's primary span; `cursor` walks the file's
/// diagnostics in order.
pub fn position(cursor: &mut Cursor<'_>, d: &Diagnostic) -> (LineCol, LineCol) {
    let start = cursor.line_col(d.span.start as usize);
    let end = cursor.line_col(d.span.end as usize);
    cursor.line_col(d.span.start as usize);
    (start, end)
}

/// `s` escaped for an XML attribute value or text: `& < > " '` as entities, tab and line
/// breaks as character references (so attribute values keep them), and characters XML 1.0
/// cannot carry at all as U+FFFD.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Fixed 3 problems in 2 files (2 × artifact/page-break, 1 × artifact/ligature)."
pub fn fixed_line(s: &Summary) -> Option<String> {
    let n: usize = s.fixed.values().sum();
    if n == 0 {
        return None;
    }
    let parts: Vec<String> = s.fixed.iter().map(|(r, k)| format!("{k} × {r}")).collect();
    Some(format!(
        "Fixed {} in {} ({}).",
        plural(n, "problem", "problems"),
        plural(s.fixed_files, "file", "files"),
        parts.join(", ")
    ))
}

/// The closing lines of the human formats: what was fixed, then
/// "3 errors, 1 warning in 2 files (5 checked); 1 fixable with --fix".
pub fn summary_line(s: &Summary) -> String {
    let fixed = fixed_line(s).map(|l| l + "\n").unwrap_or_default();
    if s.files == 0 {
        // Nothing was read (a missing file, an empty folder): nothing "passed" either.
        return "No files checked.".to_owned();
    }
    if s.diagnostics() == 0 {
        let what = if fixed.is_empty() {
            "All checks passed"
        } else {
            "No problems remain"
        };
        let base = if s.baselined > 0 {
            format!("; {} baselined", s.baselined)
        } else {
            String::new()
        };
        return format!(
            "{fixed}{what} ({} checked{base}).",
            plural(s.files, "file", "files")
        );
    }
    let mut parts = Vec::new();
    if s.errors > 0 {
        parts.push(plural(s.errors, "error", "errors"));
    }
    if s.warnings > 0 {
        parts.push(plural(s.warnings, "warning", "warnings"));
    }
    if s.infos > 0 {
        parts.push(plural(s.infos, "info", "infos"));
    }
    let mut line = format!(
        "{} in {} ({} checked)",
        parts.join(", "),
        plural(s.files_with_diagnostics, "file", "files"),
        s.files
    );
    let unsafe_only = s.fixable - s.safe_fixable;
    if s.safe_fixable > 0 {
        line.push_str(&format!("; {} fixable with --fix", s.safe_fixable));
    }
    if unsafe_only > 0 {
        let more = if s.safe_fixable > 0 { " more" } else { "" };
        line.push_str(&format!("; {unsafe_only}{more} with --unsafe-fixes"));
    }
    if s.baselined > 0 {
        line.push_str(&format!("; {} baselined", s.baselined));
    }
    line.push('.');
    format!("{fixed}{line}")
}

/// `--statistics`: diagnostics counted per rule (and how many have a fix), most frequent first.
pub fn statistics(files: &[FileReport], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: std::collections::BTreeMap<&str, (usize, usize, Severity)> =
        std::collections::BTreeMap::new();
    for d in files.iter().flat_map(|f| &f.diagnostics) {
        let e = counts.entry(&d.rule).or_insert((0, 0, d.severity));
        e.0 += 1;
        e.1 += usize::from(d.fix.is_some());
    }
    let mut rows: Vec<(&str, (usize, usize, Severity))> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|(r, _)| r.len()).max().unwrap_or(4).max(4);
    writeln!(
        out,
        "{:>6}  {:<width$}  {:<8}  fixable",
        "count", "rule", "severity"
    )?;
    for (rule, (n, fixable, sev)) in rows {
        writeln!(
            out,
            "{n:>6}  {rule:<width$}  {:<8}  {fixable}",
            sev.as_str()
        )?;
    }
    writeln!(out, "{}", summary_line(summary))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Label, Span};

    /// Every format that streams writes, batch by batch, the bytes of its whole report.
    #[test]
    fn streamed_reports_equal_whole_reports() {
        let file = |path: &str, n: u32| FileReport {
            path: path.to_owned(),
            text: Arc::from("He said \"yes.\nShe said \"no.\n"),
            bom_len: 0,
            diagnostics: (0..n)
                .map(|i| Diagnostic {
                    rule: "quotes/unclosed".to_owned(),
                    severity: Severity::Warning,
                    span: crate::diagnostic::Span {
                        start: 8 + 15 * i,
                        end: 9 + 15 * i,
                    },
                    message: "an opening quotation mark is never closed".to_owned(),
                    primary_label: None,
                    labels: Vec::new(),
                    help: None,
                    fix: None,
                })
                .collect(),
        };
        let files = [
            file("a.md", 1),
            file("b.md", 0),
            file("c.md", 2),
            file("d.md", 0),
        ];
        let summary = Summary::of(&files, files.len());
        let reporters: Vec<Box<dyn Reporter>> = vec![
            Box::new(Json),
            Box::new(SarifReport),
            Box::new(Junit),
            Box::new(Checkstyle),
            Box::new(Tap),
            Box::new(Gitlab),
            Box::new(Rdjson),
        ];
        for r in reporters {
            let mut whole = Vec::new();
            r.report(&files, &summary, &mut whole).unwrap();
            let mut stream = r.stream().expect("the format streams");
            let mut streamed = Vec::new();
            stream.start(&files, &summary, &mut streamed).unwrap();
            for batch in files.chunks(3) {
                stream.files(batch, &mut streamed).unwrap();
            }
            stream.finish(&summary, &mut streamed).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }

    /// A file read back for its report may have changed since it was checked: spans past
    /// its end or inside a character must still give a report, in every format.
    #[test]
    fn every_format_reports_spans_that_no_longer_fit_the_text() {
        let span = |start, end| Span { start, end };
        let d = Diagnostic {
            rule: "quotes/unclosed".to_owned(),
            severity: Severity::Error,
            span: span(1, 40),
            message: "an opening quotation mark is never closed".to_owned(),
            primary_label: Some("opened here".to_owned()),
            labels: vec![Label {
                span: span(30, 90),
                message: "the paragraph ends here".to_owned(),
            }],
            help: None,
            fix: None,
        };
        let files = [FileReport {
            path: "changed.md".to_owned(),
            text: Arc::from("é\n"),
            bom_len: 0,
            diagnostics: vec![d],
        }];
        let summary = Summary::of(&files, 1);
        let style = Style {
            color: false,
            quiet: false,
        };
        let reporters: Vec<Box<dyn Reporter>> = vec![
            Box::new(Human { style }),
            Box::new(Concise { quiet: false }),
            Box::new(Json),
            Box::new(JsonLines),
            Box::new(SarifReport),
            Box::new(Github),
            Box::new(Junit),
            Box::new(Gitlab),
            Box::new(Rdjson),
            Box::new(Checkstyle),
            Box::new(Pylint),
            Box::new(Azure),
            Box::new(Tap),
        ];
        for r in reporters {
            let mut out = Vec::new();
            r.report(&files, &summary, &mut out).unwrap();
            let out = String::from_utf8(out).unwrap();
            assert!(out.contains("changed.md"), "{out}");
        }
    }
}
