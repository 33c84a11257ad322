//! Cross-file checks over small per-file summaries, merged after the parallel pass so that
//! no file's findings depend on the order files were read.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::rules::translit::{Summary, SummaryEntry};

/// Per system name: the files (index, entry) that write a family in it.
type BySystem<'a> = BTreeMap<&'a str, Vec<(usize, &'a SummaryEntry)>>;

fn display(system: &str) -> &str {
    system
}

/// What a mixed family's findings share: the collection's spelling and the tally.
struct FamilyNote {
    major_form: String,
    major: Arc<str>,
    counts: String,
}

/// One file's minority spelling of a mixed family.
struct Finding {
    file: usize,
    note: usize,
    span: Span,
    written: Arc<str>,
    system: Arc<str>,
    severity: Severity,
}

/// The findings of `translit/corpus-mixed`, kept compact: a collection can have tens of
/// thousands of them, and each becomes a [`Diagnostic`] only when its file is reported.
#[derive(Default)]
pub struct CorpusFindings {
    notes: Vec<FamilyNote>,
    /// Sorted by file, then span.
    findings: Vec<Finding>,
}

impl CorpusFindings {
    /// For each family written in more than one system across the files, one finding per
    /// file in a minority system. `summaries[i]` belongs to file `i` (`None` when the rule
    /// is off for it).
    pub fn new(summaries: &[Option<(Summary, Severity)>]) -> Self {
        // family -> system -> files, in file order
        let mut by_family: BTreeMap<&str, BySystem> = BTreeMap::new();
        for (i, s) in summaries.iter().enumerate() {
            for e in s.iter().flat_map(|(s, _)| s.families.iter()) {
                by_family
                    .entry(&e.family)
                    .or_default()
                    .entry(&e.system)
                    .or_default()
                    .push((i, e));
            }
        }
        let mut out = CorpusFindings::default();
        for systems in by_family.values() {
            if systems.len() < 2 {
                continue;
            }
            // The majority system; a tie goes to the system whose first file comes first.
            let Some((&major, major_files)) = systems
                .iter()
                .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.1[0].0.cmp(&a.1[0].0)))
            else {
                continue;
            };
            let forms = &major_files[0].1.forms;
            let form_in = |sys: &str| {
                forms
                    .iter()
                    .find(|(s, _)| &**s == sys)
                    .map(|(_, f)| f.to_string())
                    .unwrap_or_default()
            };
            let mut tally: Vec<(&str, usize)> =
                systems.iter().map(|(s, f)| (*s, f.len())).collect();
            tally.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            // Each system is shown by the form its first file writes ("Peiping", not
            // "Pei-p'ing").
            let shown = |sys: &str| {
                systems
                    .get(sys)
                    .map(|f| f[0].1.written.to_string())
                    .unwrap_or_else(|| form_in(sys))
            };
            let counts: Vec<String> = tally
                .iter()
                .map(|(s, n)| format!("{} in {n} file{}", shown(s), if *n == 1 { "" } else { "s" }))
                .collect();
            let note = out.notes.len();
            out.notes.push(FamilyNote {
                major_form: form_in(major),
                major: major_files[0].1.system.clone(),
                counts: counts.join(", "),
            });
            for (&system, files) in systems {
                if system == major {
                    continue;
                }
                for &(file, e) in files {
                    out.findings.push(Finding {
                        file,
                        note,
                        span: e.span,
                        written: e.written.clone(),
                        system: e.system.clone(),
                        severity: summaries[file]
                            .as_ref()
                            .map_or(Severity::Warning, |(_, s)| *s),
                    });
                }
            }
        }
        out.findings.sort_by_key(|f| (f.file, f.span));
        out
    }

    /// The files that have findings, ascending, each once.
    pub fn files(&self) -> impl Iterator<Item = usize> + '_ {
        let mut last = None;
        self.findings.iter().filter_map(move |f| {
            let new = last != Some(f.file);
            last = Some(f.file);
            new.then_some(f.file)
        })
    }

    /// The severities of file `i`'s findings.
    pub fn severities(&self, i: usize) -> impl Iterator<Item = Severity> + '_ {
        self.of(i).iter().map(|f| f.severity)
    }

    fn of(&self, i: usize) -> &[Finding] {
        let lo = self.findings.partition_point(|f| f.file < i);
        let hi = self.findings.partition_point(|f| f.file <= i);
        &self.findings[lo..hi]
    }

    /// Add file `i`'s findings to `diagnostics`, keeping them sorted by position.
    pub fn add_to(&self, i: usize, diagnostics: &mut Vec<Diagnostic>) {
        let found = self.of(i);
        if found.is_empty() {
            return;
        }
        for f in found {
            let n = &self.notes[f.note];
            diagnostics.push(Diagnostic {
                rule: "translit/corpus-mixed".to_owned(),
                severity: f.severity,
                span: f.span,
                message: format!(
                    "“{}” is {} romanization, but the collection mostly writes “{}” ({}): {}",
                    f.written,
                    display(&f.system),
                    n.major_form,
                    display(&n.major),
                    n.counts
                ),
                primary_label: Some(format!("the collection writes {}", n.major_form)),
                labels: Vec::new(),
                help: Some(format!(
                    "write “{}” throughout the collection",
                    n.major_form
                )),
                fix: None,
            });
        }
        diagnostics.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
    }
}
