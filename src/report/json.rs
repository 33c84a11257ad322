//! `--format json`: the stable machine-readable report described in DESIGN.md.

use std::io::{self, Write};

use serde::Serialize;

use super::{position, FileReport, Reporter, Summary};
use crate::diagnostic::Applicability;
use crate::document::Cursor;

/// The JSON report: `{ "version": 1, "diagnostics": [...], "summary": {...} }`.
pub struct Json;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    diagnostics: Vec<Item<'a>>,
    summary: JsonSummary,
}

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
    fn report(
        &self,
        files: &[FileReport],
        summary: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let diagnostics = files
            .iter()
            .filter(|f| !f.diagnostics.is_empty())
            .flat_map(items)
            .collect();
        let report = Report {
            version: 1,
            diagnostics,
            summary: JsonSummary {
                files: summary.files,
                diagnostics: summary.diagnostics(),
                fixable: summary.fixable,
            },
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)
    }
}
