//! Cross-file checks over small per-file summaries, merged after the parallel pass so that
//! no file's findings depend on the order files were read.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::translit::{Summary, SummaryEntry};

/// Per system name: the files (index, entry) that write a family in it.
type BySystem<'a> = BTreeMap<&'a str, Vec<(usize, &'a SummaryEntry)>>;

fn display(system: &str) -> &str {
    system
}

/// `translit/corpus-mixed`: for each family written in more than one system across the
/// files, one diagnostic per file in a minority system. `summaries[i]` belongs to file `i`
/// (`None` when the rule is off for it); the result pairs file indexes with diagnostics.
pub fn corpus_mixed(summaries: &[Option<(Summary, Severity)>]) -> Vec<(usize, Diagnostic)> {
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
    let mut out = Vec::new();
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
        let major_form = form_in(major);
        let mut tally: Vec<(&str, usize)> = systems.iter().map(|(s, f)| (*s, f.len())).collect();
        tally.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        // Each system is shown by the form its first file writes ("Peiping", not "Pei-p'ing").
        let shown = |sys: &str| {
            systems
                .get(sys)
                .map(|f| f[0].1.written.clone())
                .unwrap_or_else(|| form_in(sys))
        };
        let counts: Vec<String> = tally
            .iter()
            .map(|(s, n)| format!("{} in {n} file{}", shown(s), if *n == 1 { "" } else { "s" }))
            .collect();
        for (&system, files) in systems {
            if system == major {
                continue;
            }
            for &(i, e) in files {
                let severity = summaries[i].as_ref().map_or(Severity::Warning, |(_, s)| *s);
                out.push((
                    i,
                    Diagnostic {
                        rule: "translit/corpus-mixed".to_owned(),
                        severity,
                        span: e.span,
                        message: format!(
                            "“{}” is {} romanization, but the collection mostly writes “{major_form}” ({}): {}",
                            e.written,
                            display(system),
                            display(major),
                            counts.join(", ")
                        ),
                        primary_label: Some(format!("the collection writes {major_form}")),
                        labels: Vec::new(),
                        help: Some(format!("write “{major_form}” throughout the collection")),
                        fix: None,
                    },
                ));
            }
        }
    }
    out.sort_by_key(|(i, d)| (*i, d.span));
    out
}
