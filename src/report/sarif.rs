//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers, built with the
//! `serde-sarif` model: every rule in the tool driver, results with physical locations
//! (columns in Unicode code points), fixes as artifact changes, partial fingerprints that
//! survive moved lines.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, Fix, Location, Message,
    MultiformatMessageString, PhysicalLocation, Region, Replacement, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::{split_at_array, FileReport, JsonArray, Reporter, Stream, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{floor_char_boundary, Cursor, LineIndex};
use crate::rules::builtin;

/// SARIF 2.1.0.
pub struct SarifReport;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

fn level_str(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A stable FNV-1a hash, hex: a result's identity that does not depend on its line number.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn region(index: &LineIndex, text: &str, start: usize, end: usize) -> Region {
    let (s, e) = (index.line_col(text, start), index.line_col(text, end));
    Region {
        start_line: Some(s.line as i64),
        start_column: Some(s.column as i64),
        end_line: Some(e.line as i64),
        end_column: Some(e.column as i64),
        ..Default::default()
    }
}

fn result(
    f: &FileReport,
    index: &LineIndex,
    cursor: &mut Cursor<'_>,
    d: &Diagnostic,
) -> SarifResult {
    let (start, end) = super::position(cursor, d);
    let location = |r: Region| Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(ArtifactLocation {
                uri: Some(f.path.clone()),
                ..Default::default()
            }),
            region: Some(r),
            ..Default::default()
        }),
        ..Default::default()
    };
    let text = &f.text;
    let line_start = text[..floor_char_boundary(text, (d.span.start as usize).min(text.len()))]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line: String = text[line_start..line_end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(
        "emend/v1".to_owned(),
        fingerprint(&[&d.rule, &f.path, &line, &d.message]),
    );
    let fixes = d.fix.as_ref().map(|fix| {
        let replacements: Vec<Replacement> = fix
            .edits
            .iter()
            .map(|e| {
                Replacement::builder()
                    .deleted_region(region(
                        index,
                        text,
                        e.span.start as usize,
                        e.span.end as usize,
                    ))
                    .inserted_content(ArtifactContent {
                        text: Some(e.replacement.clone()),
                        ..Default::default()
                    })
                    .build()
            })
            .collect();
        let change = ArtifactChange::builder()
            .artifact_location(ArtifactLocation {
                uri: Some(f.path.clone()),
                ..Default::default()
            })
            .replacements(replacements)
            .build();
        vec![Fix::builder()
            .description(Message {
                text: Some(d.help.clone().unwrap_or_else(|| format!("fix {}", d.rule))),
                ..Default::default()
            })
            .artifact_changes(vec![change])
            .build()]
    });
    let rule_index = builtin()
        .iter()
        .position(|r| r.meta().id == d.rule)
        .map(|i| i as i64);
    let mut r = SarifResult::builder()
        .rule_id(d.rule.clone())
        .level(level(d.severity))
        .message(Message {
            text: Some(match &d.help {
                Some(h) => format!("{} ({h})", d.message),
                None => d.message.clone(),
            }),
            ..Default::default()
        })
        .locations(vec![location(Region {
            start_line: Some(start.line as i64),
            start_column: Some(start.column as i64),
            end_line: Some(end.line as i64),
            end_column: Some(end.column as i64),
            ..Default::default()
        })])
        .partial_fingerprints(fingerprints)
        .build();
    r.rule_index = rule_index;
    r.fixes = fixes;
    r
}

/// The SARIF document of a run.
pub fn sarif(files: &[FileReport]) -> Sarif {
    document(files.iter().flat_map(results_of).collect())
}

/// The SARIF results of one file's diagnostics.
fn results_of(f: &FileReport) -> Vec<SarifResult> {
    if f.diagnostics.is_empty() {
        return Vec::new();
    }
    let index = f.line_index();
    let mut cursor = Cursor::new(&index, &f.text);
    f.diagnostics
        .iter()
        .map(|d| result(f, &index, &mut cursor, d))
        .collect()
}

/// The SARIF document around `results`.
fn document(results: Vec<SarifResult>) -> Sarif {
    let rules: Vec<ReportingDescriptor> = builtin()
        .iter()
        .map(|r| {
            let m = r.meta();
            let text = |t: String| MultiformatMessageString::builder().text(t).build();
            ReportingDescriptor::builder()
                .id(m.id.to_owned())
                .name(m.id.replace('/', "-"))
                .short_description(text(m.summary.to_owned()))
                .full_description(text(m.explanation.to_owned()))
                .help(text(format!(
                    "{}\n\nRun `emend explain {}` for examples.",
                    m.explanation, m.id
                )))
                .default_configuration(ReportingConfiguration {
                    level: Some(json!(level_str(m.severity))),
                    ..Default::default()
                })
                .build()
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("emend")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://github.com/emend/emend")
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(json!("unicodeCodePoints"))
        .build();
    Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

impl Reporter for SarifReport {
    fn stream(&self) -> Option<Box<dyn Stream>> {
        Some(Box::new(SarifStream::default()))
    }
}

/// The SARIF report written a batch of files at a time.
#[derive(Default)]
pub struct SarifStream {
    /// The document from the results' closing bracket.
    rest: String,
    results: JsonArray,
}

impl Stream for SarifStream {
    fn start(&mut self, _: &[FileReport], _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let skeleton = serde_json::to_string_pretty(&document(Vec::new()))?;
        let (head, tail, results) = split_at_array(&skeleton, "results")?;
        self.rest = tail.to_owned();
        self.results = results;
        out.write_all(head.as_bytes())
    }

    fn files(&mut self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        for r in files.iter().flat_map(results_of) {
            self.results.item(out, &r)?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.results.end(out)?;
        out.write_all(self.rest.as_bytes())?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use std::sync::Arc;

    fn file(path: &str, n: u32) -> FileReport {
        let diagnostics = (0..n)
            .map(|i| Diagnostic {
                rule: "quotes/unclosed".to_owned(),
                severity: Severity::Warning,
                span: Span {
                    start: i,
                    end: i + 2,
                },
                message: "an opening “quotation” mark\nis never closed".to_owned(),
                primary_label: None,
                labels: Vec::new(),
                help: Some("close it".to_owned()),
                fix: None,
            })
            .collect();
        FileReport {
            path: path.to_owned(),
            text: Arc::from("He said \"yes.\nNo.\n"),
            bom_len: 0,
            diagnostics,
        }
    }

    /// Written in batches, the report has the bytes of the document serialised whole.
    #[test]
    fn the_streamed_report_equals_the_whole_document() {
        let cases = [
            vec![],
            vec![file("a.md", 0)],
            vec![file("a.md", 2), file("b.md", 0), file("c.md", 3)],
        ];
        for files in cases {
            let summary = Summary::of(&files, files.len());
            let mut streamed = Vec::new();
            let mut stream = SarifStream::default();
            stream.start(&files, &summary, &mut streamed).unwrap();
            for chunk in files.chunks(2) {
                stream.files(chunk, &mut streamed).unwrap();
            }
            stream.finish(&summary, &mut streamed).unwrap();
            let whole = serde_json::to_string_pretty(&sarif(&files)).unwrap() + "\n";
            assert_eq!(String::from_utf8(streamed).unwrap(), whole);
        }
    }
}
