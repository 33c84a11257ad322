//! Which rules run on which file, at which severity: selectors, selections, the RuleSet.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use globset::GlobSet;

use super::{builtin, translit, Context, Shared};
use crate::config::pack::PackData;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;

/// A rule selector as written in `select`, `ignore`, `severity` or on the command line:
/// `ALL`, a family (`quotes`) or a rule id (`quotes/unclosed`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    /// Every rule.
    All,
    /// Every rule of a family.
    Family(String),
    /// One rule.
    Rule(String),
}

impl Selector {
    /// Parse a selector; on failure return the nearest known name, if any.
    pub fn parse(s: &str) -> Result<Selector, Option<String>> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("all") {
            return Ok(Selector::All);
        }
        let rules = builtin();
        if rules.iter().any(|r| r.meta().id == s) {
            return Ok(Selector::Rule(s.to_owned()));
        }
        if !s.contains('/') && rules.iter().any(|r| r.meta().family() == s) {
            return Ok(Selector::Family(s.to_owned()));
        }
        Err(suggest(s, known_names()))
    }

    /// True when the selector covers rule `id`.
    pub fn matches(&self, id: &str) -> bool {
        match self {
            Selector::All => true,
            Selector::Family(f) => id.split('/').next() == Some(f.as_str()),
            Selector::Rule(r) => r == id,
        }
    }

    fn specificity(&self) -> u8 {
        match self {
            Selector::All => 0,
            Selector::Family(_) => 1,
            Selector::Rule(_) => 2,
        }
    }
}

/// Every name a selector may use: rule ids and family names.
pub fn known_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = builtin().iter().map(|r| r.meta().id).collect();
    for r in builtin() {
        if !names.contains(&r.meta().family()) {
            names.push(r.meta().family());
        }
    }
    names
}

/// The candidate nearest to `word` by edit distance, when it is near enough to be a typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word_l, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_owned())
}

/// The Levenshtein distance between `a` and `b`, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// One layer of rule settings: a config file, one of its overrides, or the command line.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// When present, replaces the rules selected so far.
    pub select: Option<Vec<Selector>>,
    /// Removed from the selection.
    pub ignore: Vec<Selector>,
    /// Severity per rule or family; the most specific selector wins.
    pub severity: Vec<(Selector, Severity)>,
}

/// Settings that apply to the files matching a glob set.
#[derive(Clone, Debug)]
pub struct Override {
    /// Patterns relative to the config file's folder.
    pub files: GlobSet,
    /// The settings for those files.
    pub settings: Settings,
}

/// The rules enabled for one file, each with its severity (indexed like [`builtin`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    severities: Vec<Option<Severity>>,
}

impl Selection {
    /// The severity of rule `index`, or `None` when it is off.
    pub fn severity(&self, index: usize) -> Option<Severity> {
        self.severities.get(index).copied().flatten()
    }

    /// The severity of the rule with this id, or `None` when it is off.
    pub fn severity_of(&self, id: &str) -> Option<Severity> {
        let i = builtin().iter().position(|r| r.meta().id == id)?;
        self.severity(i)
    }

    fn apply(&mut self, s: &Settings) {
        let rules = builtin();
        if let Some(select) = &s.select {
            for (i, r) in rules.iter().enumerate() {
                let on = select.iter().any(|sel| sel.matches(r.meta().id));
                self.severities[i] = on.then_some(self.severities[i].unwrap_or(r.meta().severity));
            }
        }
        for (i, r) in rules.iter().enumerate() {
            if s.ignore.iter().any(|sel| sel.matches(r.meta().id)) {
                self.severities[i] = None;
            }
        }
    }
}

/// The compiled rule configuration for a tree of files, shared by all threads.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    /// The folder the configuration came from; override globs are relative to it.
    pub root: PathBuf,
    /// The configuration file itself, if any.
    pub source: Option<PathBuf>,
    /// Settings of the configuration file.
    pub base: Settings,
    /// Per-file settings, applied in order after `base`.
    pub overrides: Vec<Override>,
    /// Settings from the command line, applied last.
    pub cli: Settings,
    /// The citation/structure profile named in the configuration.
    pub profile: Option<String>,
    /// Data from the built-in packs and the configuration's `packs:`; `None` means the
    /// built-in packs alone.
    pub packs: Option<Arc<PackData>>,
    /// The `romanization:` settings.
    pub romanization: RomanizationSettings,
    /// `dates: {check_julian_era: true}`.
    pub check_julian_era: bool,
}

/// The `romanization:` settings, read by the translit rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RomanizationSettings {
    /// The system every form must be in; `None` for "consistent" (the document's majority).
    pub prefer: Option<String>,
    /// Forms accepted as conventional besides the packs' own.
    pub keep: Vec<String>,
    /// Flag conventional forms too.
    pub strict: bool,
    /// Where the documents come from; `None`: read it from the citation.
    pub origin: Option<crate::rules::romanization::Origin>,
}

impl RuleSet {
    /// Every built-in rule at its default severity, with no configuration.
    pub fn all() -> Self {
        RuleSet::default()
    }

    /// The rules and severities for the file at `path` (absolute or relative to `root`).
    pub fn selection_for(&self, path: Option<&Path>) -> Selection {
        let rules = builtin();
        let mut sel = Selection {
            severities: rules.iter().map(|r| Some(r.meta().severity)).collect(),
        };
        let rel = path.map(|p| p.strip_prefix(&self.root).unwrap_or(p));
        let mut layers: Vec<&Settings> = vec![&self.base];
        if let Some(rel) = rel {
            layers.extend(
                self.overrides
                    .iter()
                    .filter(|o| o.files.is_match(rel))
                    .map(|o| &o.settings),
            );
        }
        layers.push(&self.cli);
        for layer in &layers {
            sel.apply(layer);
        }
        for (i, r) in rules.iter().enumerate() {
            if sel.severities[i].is_none() {
                continue;
            }
            let mut best: Option<(u8, Severity)> = None;
            for layer in &layers {
                for (s, sev) in &layer.severity {
                    if s.matches(r.meta().id)
                        && best.is_none_or(|(spec, _)| s.specificity() >= spec)
                    {
                        best = Some((s.specificity(), *sev));
                    }
                }
            }
            if let Some((_, sev)) = best {
                sel.severities[i] = Some(sev);
            }
        }
        sel
    }

    /// The pack data rules read (typos, later romanization families and profiles).
    pub fn packs(&self) -> Arc<PackData> {
        self.packs.clone().unwrap_or_else(PackData::builtin)
    }

    /// Run every enabled rule over `doc`; diagnostics come back sorted by position.
    pub fn check(&self, doc: &Document, sel: &Selection) -> Vec<Diagnostic> {
        self.check_summarized(doc, sel).0
    }

    /// [`RuleSet::check`], plus the file's summary for cross-file rules when one of them is
    /// enabled.
    pub fn check_summarized(
        &self,
        doc: &Document,
        sel: &Selection,
    ) -> (Vec<Diagnostic>, Option<translit::Summary>) {
        let packs = self.packs();
        let mut shared = Shared::new(self.romanization.clone());
        shared.profile = self.profile.clone();
        shared.check_julian_era = self.check_julian_era;
        let mut out = Vec::new();
        for (i, rule) in builtin().iter().enumerate() {
            if let Some(severity) = sel.severity(i) {
                let mut cx = Context::new(rule.meta().id, severity, &shared, &packs, &mut out);
                rule.check(doc, &mut cx);
            }
        }
        sanitize(&mut out, &doc.text);
        crate::suppress::apply(doc, &mut out, sel);
        out.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
        let summary = sel.severity_of("translit/corpus-mixed").map(|_| {
            let a = shared.translit(doc, &packs);
            translit::summarize(doc, a, packs.romanization())
        });
        (out, summary)
    }
}

/// Keep every span inside the text and on character boundaries, and drop a fix whose edits
/// are not: a rule's slip must never become a panic in a reporter or a corrupt write.
fn sanitize(diagnostics: &mut [Diagnostic], text: &str) {
    let ok = |s: crate::diagnostic::Span| {
        s.start <= s.end
            && text.is_char_boundary(s.start as usize)
            && text.is_char_boundary(s.end as usize)
    };
    let clamp = |s: crate::diagnostic::Span| {
        let start = crate::document::floor_char_boundary(text, (s.start as usize).min(text.len()));
        let end =
            crate::document::floor_char_boundary(text, (s.end as usize).min(text.len())).max(start);
        crate::diagnostic::Span::new(start, end)
    };
    for d in diagnostics {
        debug_assert!(
            ok(d.span),
            "{}: span {:?} off a character boundary",
            d.rule,
            d.span
        );
        d.span = clamp(d.span);
        for l in &mut d.labels {
            l.span = clamp(l.span);
        }
        if d.fix
            .as_ref()
            .is_some_and(|f| f.edits.iter().any(|e| !ok(e.span)))
        {
            d.fix = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_parse_and_suggest() {
        assert_eq!(
            Selector::parse("quotes"),
            Ok(Selector::Family("quotes".into()))
        );
        assert_eq!(
            Selector::parse("quotes/unclosed"),
            Ok(Selector::Rule("quotes/unclosed".into()))
        );
        assert_eq!(Selector::parse("ALL"), Ok(Selector::All));
        assert_eq!(
            Selector::parse("quotes/unclsed"),
            Err(Some("quotes/unclosed".into()))
        );
        assert_eq!(Selector::parse("qoutes"), Err(Some("quotes".into())));
        assert_eq!(Selector::parse("zzzzzz/qqqq"), Err(None));
    }

    #[test]
    fn cli_select_replaces_and_specific_severity_wins() {
        let set = RuleSet {
            base: Settings {
                select: Some(vec![Selector::Family("quotes".into())]),
                ignore: vec![Selector::Rule("quotes/mixed-style".into())],
                severity: vec![
                    (Selector::Rule("quotes/unclosed".into()), Severity::Warning),
                    (Selector::Family("quotes".into()), Severity::Info),
                ],
            },
            ..RuleSet::default()
        };
        let sel = set.selection_for(None);
        assert_eq!(sel.severity_of("quotes/unclosed"), Some(Severity::Warning));
        assert_eq!(
            sel.severity_of("quotes/unmatched-close"),
            Some(Severity::Info)
        );
        assert_eq!(sel.severity_of("quotes/mixed-style"), None);
        assert_eq!(sel.severity_of("artifact/page-break"), None);

        let mut set = set;
        set.cli.select = Some(vec![Selector::Rule("artifact/page-break".into())]);
        let sel = set.selection_for(None);
        assert_eq!(
            sel.severity_of("artifact/page-break"),
            Some(Severity::Warning)
        );
        assert_eq!(sel.severity_of("quotes/unclosed"), None);
    }
}
