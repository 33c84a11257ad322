//! `--format json`: the stable machine-readable report described in DESIGN.md.

use std::io::{self, Write};

use serde::Serialize;

use super::{position, FileReport, JsonArray, Reporter, Stream, Summary};
use crate::diagnostic::Applicability;
use crate::document::Cursor;

/// The JSON report: `{ "version": 1, "diagnostics": [...], "summary": {...} }`.
pub struct Json;

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    diagnostics: usize,
    fixable: usize,
}

/// One diagnostic of the report, shared with `--format json-lines`.
#[derive(Serialize)]
pub(super) struct Item<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    span: JsonSpan,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonSpan {
    start: u32,
    end: u32,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start: u32,
    end: u32,
    replacement: &'a str,
}

/// The items of one file's diagnostics, in order.
pub(super) fn items(f: &FileReport) -> Vec<Item<'_>> {
    let index = f.line_index();
    let mut cursor = Cursor::new(&index, &f.text);
    let bom = f.bom_len as u32;
    f.diagnostics
        .iter()
        .map(|d| {
            let (start, end) = position(&mut cursor, d);
            Item {
                path: &f.path,
                rule: &d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                span: JsonSpan {
                    start: d.span.start + bom,
                    end: d.span.end + bom,
                },
                help: d.help.as_deref(),
                fix: d.fix.as_ref().map(|fix| JsonFix {
                    applicability: fix.applicability,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            start: e.span.start + bom,
                            end: e.span.end + bom,
                            replacement: &e.replacement,
                        })
                        .collect(),
                }),
            }
        })
        .collect()
}

impl Reporter for Json {
    fn stream(&self) -> Option<Box<dyn Stream>> {
        Some(Box::new(JsonStream::default()))
    }
}

/// The JSON report written a batch of files at a time.
pub struct JsonStream {
    diagnostics: JsonArray,
}

impl Default for JsonStream {
    fn default() -> Self {
        JsonStream {
            diagnostics: JsonArray::new("  "),
        }
    }
}

impl Stream for JsonStream {
    fn start(&mut self, _: &[FileReport], _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\n  \"version\": 1,\n  \"diagnostics\": [")
    }

    fn files(&mut self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        for f in files.iter().filter(|f| !f.diagnostics.is_empty()) {
            for item in items(f) {
                self.diagnostics.item(out, &item)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.diagnostics.end(out)?;
        write!(out, "],\n  \"summary\": ")?;
        let summary = JsonSummary {
            files: summary.files,
            diagnostics: summary.diagnostics(),
            fixable: summary.fixable,
        };
        let text = serde_json::to_string_pretty(&summary)?;
        let mut lines = text.lines();
        if let Some(first) = lines.next() {
            out.write_all(first.as_bytes())?;
        }
        for line in lines {
            write!(out, "\n  {line}")?;
        }
        writeln!(out, "\n}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity, Span};
    use std::sync::Arc;

    #[derive(Serialize)]
    struct Whole<'a> {
        version: u32,
        diagnostics: Vec<Item<'a>>,
        summary: JsonSummary,
    }

    fn file(path: &str, n: u32) -> FileReport {
        let diagnostics = (0..n)
            .map(|i| Diagnostic {
                rule: "quotes/unclosed".to_owned(),
                severity: Severity::Error,
                span: Span {
                    start: i,
                    end: i + 1,
                },
                message: "a message with \"quotes\"\nand a newline".to_owned(),
                primary_label: None,
                labels: Vec::new(),
                help: Some("help".to_owned()),
                fix: None,
            })
            .collect();
        FileReport {
            path: path.to_owned(),
            text: Arc::from("abc\ndef\n"),
            bom_len: 0,
            diagnostics,
        }
    }

    /// Written in batches, the report has the bytes of the report serialised whole.
    #[test]
    fn the_streamed_report_equals_the_whole_report() {
        for files in [
            vec![],
            vec![file("a.md", 0)],
            vec![file("a.md", 2), file("b.md", 0), file("c.md", 3)],
        ] {
            let summary = Summary::of(&files, files.len());
            let mut streamed = Vec::new();
            let mut stream = JsonStream::default();
            stream.start(&files, &summary, &mut streamed).unwrap();
            for chunk in files.chunks(2) {
                stream.files(chunk, &mut streamed).unwrap();
            }
            stream.finish(&summary, &mut streamed).unwrap();
            let whole = Whole {
                version: 1,
                diagnostics: files.iter().flat_map(items).collect(),
                summary: JsonSummary {
                    files: summary.files,
                    diagnostics: summary.diagnostics(),
                    fixable: summary.fixable,
                },
            };
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(String::from_utf8(streamed).unwrap(), expected);
        }
    }
}
