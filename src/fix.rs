//! Applying fixes: non-overlapping edits, re-checked to a fixpoint; writing files so that no
//! data is ever lost; unified diffs of what `--fix` would do.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::document::Document;
use crate::rules::{RuleSet, Selection};

/// Most rounds of fix-and-recheck before a file is declared unstable.
pub const MAX_ROUNDS: usize = 10;

/// The result of fixing one text.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The text after every applicable fix.
    pub text: String,
    /// How many fixes of each rule were applied.
    pub applied: BTreeMap<String, usize>,
    /// What the last check of the fixed text found.
    pub remaining: Vec<Diagnostic>,
}

impl Fixed {
    /// Total number of fixes applied.
    pub fn count(&self) -> usize {
        self.applied.values().sum()
    }
}

/// Fixing did not settle: these rules were still changing the text after [`MAX_ROUNDS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unstable {
    /// The rules whose fixes kept applying.
    pub rules: Vec<String>,
}

/// Choose the fixes to apply in one round: allowed by `unsafe_fixes`, and whose edits overlap
/// neither each other nor an edit already chosen (earlier in the text wins).
pub fn select_fixes(diagnostics: &[Diagnostic], unsafe_fixes: bool) -> Vec<&Diagnostic> {
    let mut candidates: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            d.fix.as_ref().is_some_and(|f| {
                !f.edits.is_empty() && (unsafe_fixes || f.applicability == Applicability::Safe)
            })
        })
        .collect();
    candidates.sort_by_key(|d| d.fix.as_ref().map(|f| f.edits[0].span));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut chosen = Vec::new();
    for d in candidates {
        let edits = &d.fix.as_ref().expect("filtered above").edits;
        if edits.iter().all(|e| taken.iter().all(|t| !overlap(e, t))) {
            taken.extend(edits.iter());
            chosen.push(d);
        }
    }
    chosen
}

/// Two edits conflict when their ranges intersect, or both insert at the same place (the
/// order of the insertions would be arbitrary).
fn overlap(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (a.span, b.span);
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// Apply non-overlapping edits to `text`; bytes outside the edited ranges are copied as they are.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| e.span);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in sorted {
        let (s, end) = (e.span.start as usize, e.span.end as usize);
        debug_assert!(s >= pos, "overlapping edits");
        out.push_str(&text[pos..s]);
        out.push_str(&e.replacement);
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Fix `text` to a fixpoint: check, apply the non-overlapping fixes, re-check, at most
/// [`MAX_ROUNDS`] times.
pub fn fix_text(
    text: &str,
    rules: &RuleSet,
    sel: &Selection,
    unsafe_fixes: bool,
) -> Result<Fixed, Unstable> {
    let mut text = text.to_owned();
    let mut applied: BTreeMap<String, usize> = BTreeMap::new();
    let mut last_round: Vec<String> = Vec::new();
    for _ in 0..=MAX_ROUNDS {
        let doc = Document::parse(text, false);
        let diagnostics = rules.check(&doc, sel);
        let chosen = select_fixes(&diagnostics, unsafe_fixes);
        if chosen.is_empty() {
            return Ok(Fixed {
                text: doc.text,
                applied,
                remaining: diagnostics,
            });
        }
        if last_round.len() == MAX_ROUNDS {
            break;
        }
        let edits: Vec<&Edit> = chosen
            .iter()
            .flat_map(|d| d.fix.as_ref().expect("chosen fixes exist").edits.iter())
            .collect();
        let new_text = apply_edits(&doc.text, &edits);
        let mut rules_now: Vec<String> = chosen.iter().map(|d| d.rule.clone()).collect();
        rules_now.sort();
        rules_now.dedup();
        for d in &chosen {
            *applied.entry(d.rule.clone()).or_default() += 1;
        }
        last_round.push(rules_now.join(", "));
        text = new_text;
    }
    let mut rules: Vec<String> = last_round
        .last()
        .map(|s| s.split(", ").map(str::to_owned).collect())
        .unwrap_or_default();
    rules.dedup();
    Err(Unstable { rules })
}

/// Why a fixed file was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// The file is read-only.
    ReadOnly,
    /// The file changed on disk after it was read; writing would lose those changes.
    Changed,
    /// The operating system refused.
    Io(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::ReadOnly => f.write_str("the file is read-only; fixes were not written"),
            WriteError::Changed => f.write_str(
                "the file changed on disk while emend was checking it; fixes were not written",
            ),
            WriteError::Io(e) => write!(f, "fixes were not written: {e}"),
        }
    }
}

/// The bytes of a fixed file: BOM restored in front of the text.
pub fn to_bytes(text: &str, bom: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 3);
    if bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    out.extend_from_slice(text.as_bytes());
    out
}

/// Replace the file at `path`, whose content was `original` when it was read, by `new`.
///
/// Refuses a read-only file and a file whose bytes changed since they were read (checked
/// immediately before writing); writes a temporary file in the same folder, flushes it to
/// disk, gives it the original's permissions and renames it over the original, so that a
/// crash at any moment leaves either the old or the new file whole. `before_write` runs just
/// before the final check (tests use it to change the file behind emend's back).
pub fn write_atomic(
    path: &Path,
    original: &[u8],
    new: &[u8],
    before_write: &dyn Fn(&Path),
) -> Result<(), WriteError> {
    let io = |e: std::io::Error| WriteError::Io(crate::walk::io_reason(&e));
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    before_write(path);
    if std::fs::read(path).map_err(io)? != original {
        return Err(WriteError::Changed);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.emend-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(new)?;
        f.sync_all()?;
        drop(f);
        std::fs::set_permissions(&tmp, meta.permissions())?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

/// A unified diff of `old` → `new` with `a/` and `b/` headers and three lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity, Span};

    fn diag(rule: &str, edits: Vec<Edit>, safe: bool) -> Diagnostic {
        Diagnostic {
            rule: rule.into(),
            severity: Severity::Warning,
            span: edits[0].span,
            message: String::new(),
            primary_label: None,
            labels: vec![],
            help: None,
            fix: Some(if safe {
                Fix::safe(edits)
            } else {
                Fix::unsafe_(edits)
            }),
        }
    }

    #[test]
    fn overlapping_fixes_are_never_applied_together() {
        let ds = vec![
            diag("a/x", vec![Edit::replace(Span::new(0, 4), "A")], true),
            diag("a/y", vec![Edit::replace(Span::new(2, 6), "B")], true),
            diag("a/z", vec![Edit::replace(Span::new(6, 7), "C")], true),
            diag("a/u", vec![Edit::replace(Span::new(8, 9), "D")], false),
        ];
        let chosen: Vec<&str> = select_fixes(&ds, false)
            .iter()
            .map(|d| d.rule.as_str())
            .collect();
        assert_eq!(chosen, ["a/x", "a/z"]);
        let chosen = select_fixes(&ds, true);
        let edits: Vec<&Edit> = chosen
            .iter()
            .flat_map(|d| d.fix.as_ref().unwrap().edits.iter())
            .collect();
        assert_eq!(apply_edits("0123456789", &edits), "A45C7D9");
    }

    #[test]
    fn page_breaks_are_joined_to_a_fixpoint() {
        let text = "It was cut in\n\ntwo and then\n\nagain.\n";
        let set = RuleSet::all();
        let fixed = fix_text(text, &set, &set.selection_for(None), false).unwrap();
        assert_eq!(fixed.text, "It was cut in two and then again.\n");
        assert_eq!(fixed.count(), 2);
        let again = fix_text(&fixed.text, &set, &set.selection_for(None), false).unwrap();
        assert_eq!(again.text, fixed.text);
        assert_eq!(again.count(), 0);
    }

    #[test]
    fn refuses_changed_and_read_only_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "old").unwrap();
        let hook = |p: &Path| std::fs::write(p, "edited meanwhile").unwrap();
        assert_eq!(
            write_atomic(&p, b"old", b"new", &hook),
            Err(WriteError::Changed)
        );
        assert_eq!(std::fs::read(&p).unwrap(), b"edited meanwhile");
        let mut perm = std::fs::metadata(&p).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&p, perm).unwrap();
        assert_eq!(
            write_atomic(&p, b"edited meanwhile", b"new", &|_| {}),
            Err(WriteError::ReadOnly)
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn diff_has_headers() {
        let d = unified_diff("x.md", "a\nb\n", "a\nc\n");
        assert!(
            d.starts_with("--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"),
            "{d}"
        );
    }
}
