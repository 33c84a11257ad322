//! `--format gitlab`: a GitLab Code Quality report, shown in merge requests.

use std::collections::HashSet;
use std::io::{self, Write};

use serde::Serialize;

use super::{position, FileReport, JsonArray, Reporter, Stream, Summary};
use crate::diagnostic::Severity;
use crate::document::Cursor;

/// A JSON array of Code Quality issues, one per diagnostic.
pub struct Gitlab;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// FNV-1a, 64 bits: small, stable across runs, platforms and versions of Rust.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // A separator, so that ("ab", "c") and ("a", "bc") differ.
            h ^= 0xff;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl Reporter for Gitlab {
    fn stream(&self) -> Option<Box<dyn Stream>> {
        Some(Box::new(GitlabStream::default()))
    }
}

/// The Code Quality report written a batch of files at a time.
#[derive(Default)]
struct GitlabStream {
    /// Fingerprints given so far: GitLab needs them distinct across the whole report.
    seen: HashSet<u64>,
    issues: JsonArray,
}

impl Stream for GitlabStream {
    fn start(&mut self, _: &[FileReport], _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[")
    }

    fn files(&mut self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        for f in files.iter().filter(|f| !f.diagnostics.is_empty()) {
            let index = f.line_index();
            let mut cursor = Cursor::new(&index, &f.text);
            for d in &f.diagnostics {
                let (start, end) = position(&mut cursor, d);
                // The fingerprint follows the finding, not its line number: it stays the
                // same when lines are added above it, so GitLab sees it as the same issue.
                let line = &f.text[index.line_range(&f.text, start.line - 1)];
                let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
                let parts = [
                    d.rule.as_bytes(),
                    f.path.as_bytes(),
                    line.as_bytes(),
                    d.message.as_bytes(),
                ];
                let mut hash = fnv1a(&parts);
                // The same finding twice on equal lines: GitLab needs distinct fingerprints.
                let mut n = 0u64;
                while !self.seen.insert(hash) {
                    n += 1;
                    let n = n.to_string();
                    hash = fnv1a(&[&parts[..], &[n.as_bytes()]].concat());
                }
                let issue = Issue {
                    description: format!("{}: {}", d.rule, d.message),
                    check_name: &d.rule,
                    fingerprint: format!("{hash:016x}"),
                    severity: match d.severity {
                        Severity::Error => "major",
                        Severity::Warning => "minor",
                        Severity::Info => "info",
                    },
                    location: Location {
                        path: &f.path,
                        lines: Lines {
                            begin: start.line,
                            end: end.line,
                        },
                    },
                };
                self.issues.item(out, &issue)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.issues.end(out)?;
        writeln!(out, "]")
    }
}
