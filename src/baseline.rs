//! Baselines: today's diagnostics recorded so that only new ones are reported. A
//! diagnostic's identity is its rule, its file and the normalised text of its line and
//! message — not its line number — so editing elsewhere in the file keeps it recognised.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::report::FileReport;

/// One recorded diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entry {
    /// The rule id.
    pub rule: String,
    /// The path as reported.
    pub path: String,
    /// The text of the line the diagnostic starts on, whitespace collapsed.
    pub line: String,
    /// The message.
    pub message: String,
}

/// The baseline file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// Recorded diagnostics (a diagnostic recorded twice is suppressed twice).
    pub entries: Vec<Entry>,
}

fn entry(f: &FileReport, d: &Diagnostic) -> Entry {
    let text = &f.text;
    let start = (d.span.start as usize).min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Entry {
        rule: d.rule.clone(),
        path: f.path.clone(),
        line: text
            .get(line_start..line_end)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        message: d.message.clone(),
    }
}

impl Baseline {
    /// Record every diagnostic of `files`.
    pub fn of(files: &[FileReport]) -> Self {
        let mut entries: Vec<Entry> = files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| entry(f, d)))
            .collect();
        entries.sort_by(|a, b| {
            (&a.path, &a.rule, &a.line, &a.message).cmp(&(&b.path, &b.rule, &b.line, &b.message))
        });
        Baseline {
            version: 1,
            entries,
        }
    }

    /// Read a baseline file.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| crate::walk::io_reason(&e))?;
        serde_json::from_str(&text).map_err(|e| format!("not an emend baseline: {e}"))
    }

    /// Write the baseline as pretty JSON.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(path, text)
    }

    /// Remove the diagnostics the baseline records; returns how many were removed.
    pub fn filter(&self, files: &mut [FileReport]) -> usize {
        let mut budget: HashMap<&Entry, usize> = HashMap::new();
        for e in &self.entries {
            *budget.entry(e).or_default() += 1;
        }
        let mut removed = 0;
        for f in files.iter_mut() {
            let keep: Vec<bool> = f
                .diagnostics
                .iter()
                .map(|d| {
                    let e = entry(f, d);
                    match budget.get_mut(&e) {
                        Some(n) if *n > 0 => {
                            *n -= 1;
                            false
                        }
                        _ => true,
                    }
                })
                .collect();
            let mut k = keep.iter();
            let before = f.diagnostics.len();
            f.diagnostics.retain(|_| *k.next().unwrap_or(&true));
            removed += before - f.diagnostics.len();
        }
        removed
    }
}
