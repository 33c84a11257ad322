//! `--format rdjson`: the Reviewdog Diagnostic Format, with fixes as suggestions.
//!
//! Columns here are counted in UTF-8 bytes of the file as stored (a BOM included on the
//! first line), as the format defines them, not in characters as the other formats count.

use std::io::{self, Write};

use serde::Serialize;

use super::{split_at_array, FileReport, JsonArray, Reporter, Stream, Summary};
use crate::diagnostic::{Severity, Span};
use crate::document::{floor_char_boundary, LineIndex};

/// One `DiagnosticResult` object holding every diagnostic.
pub struct Rdjson;

#[derive(Serialize)]
struct DiagnosticResult<'a> {
    source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<&'static str>,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    message: &'a str,
    location: Location<'a>,
    severity: &'static str,
    code: Code<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
}

#[derive(Serialize)]
struct Suggestion<'a> {
    range: Range,
    text: &'a str,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// 1-based line and 1-based UTF-8 byte column of `offset`.
fn byte_position(f: &FileReport, index: &LineIndex, offset: u32) -> Position {
    let offset = floor_char_boundary(&f.text, (offset as usize).min(f.text.len()));
    let line = index.line_of(offset);
    let bom = if line == 0 { f.bom_len } else { 0 };
    Position {
        line: line + 1,
        column: offset - index.line_start(line) + bom + 1,
    }
}

fn range(f: &FileReport, index: &LineIndex, span: Span) -> Range {
    Range {
        start: byte_position(f, index, span.start),
        end: byte_position(f, index, span.end),
    }
}

impl Reporter for Rdjson {
    fn stream(&self) -> Option<Box<dyn Stream>> {
        Some(Box::new(RdjsonStream::default()))
    }
}

/// The rdjson report written a batch of files at a time.
#[derive(Default)]
struct RdjsonStream {
    /// The document from the diagnostics' closing bracket.
    rest: String,
    diagnostics: JsonArray,
}

impl Stream for RdjsonStream {
    fn start(
        &mut self,
        _: &[FileReport],
        summary: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        // From the summary: cross-file findings join their files only when those are written.
        let worst = if summary.errors > 0 {
            Some(Severity::Error)
        } else if summary.warnings > 0 {
            Some(Severity::Warning)
        } else if summary.infos > 0 {
            Some(Severity::Info)
        } else {
            None
        };
        let skeleton = serde_json::to_string_pretty(&DiagnosticResult {
            source: Source {
                name: "emend",
                url: "https://github.com/emend/emend",
            },
            severity: worst.map(severity),
            diagnostics: Vec::new(),
        })?;
        let (head, tail, diagnostics) = split_at_array(&skeleton, "diagnostics")?;
        self.rest = tail.to_owned();
        self.diagnostics = diagnostics;
        out.write_all(head.as_bytes())
    }

    fn files(&mut self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        for f in files.iter().filter(|f| !f.diagnostics.is_empty()) {
            let index = f.line_index();
            for d in &f.diagnostics {
                let item = Diagnostic {
                    message: &d.message,
                    location: Location {
                        path: &f.path,
                        range: range(f, &index, d.span),
                    },
                    severity: severity(d.severity),
                    code: Code { value: &d.rule },
                    suggestions: d
                        .fix
                        .iter()
                        .flat_map(|fix| &fix.edits)
                        .map(|e| Suggestion {
                            range: range(f, &index, e.span),
                            text: &e.replacement,
                        })
                        .collect(),
                };
                self.diagnostics.item(out, &item)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.diagnostics.end(out)?;
        out.write_all(self.rest.as_bytes())?;
        writeln!(out)
    }
}
