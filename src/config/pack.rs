//! Rule packs: YAML files of data (not code) that rules read. The built-in packs in
//! `rules/` and a user's packs named under `packs:` in emend.yaml share this format.
//!
//! ```yaml
//! typos:
//!   - typo: goverment          # matched as whole words, ASCII case-insensitive
//!     correction: government   # keeps the case of the typo's first letter
//! ```

use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use super::yaml;

/// The built-in typo pack.
pub static TYPOS_YAML: &str = include_str!("../../rules/typos.yaml");

/// One pack file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    /// Transcription typos and their single corrections.
    #[serde(default)]
    pub typos: Vec<TypoEntry>,
    /// The language of the romanization families (`zh`, `ru`).
    #[serde(default)]
    pub language: Option<String>,
    /// The romanization systems the families use, in order of preference for ties.
    #[serde(default)]
    pub systems: Vec<String>,
    /// A citation and structure profile.
    #[serde(default)]
    pub profile: Option<RawProfile>,
    /// Groups of systems that belong together in one document (Wade-Giles with postal).
    #[serde(default)]
    pub compatible: Vec<Vec<String>>,
    /// Romanization families: one name, its forms per system.
    #[serde(default)]
    pub families: Vec<RawFamily>,
}

/// A citation and structure profile as written in a pack.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    /// The name `profile:` in emend.yaml selects it by.
    pub name: String,
    /// Repository labels that identify the profile in a citation.
    #[serde(default)]
    pub repositories: Vec<String>,
    /// URL hosts allowed in the citation (the first is canonical).
    #[serde(default)]
    pub hosts: Vec<String>,
    /// The path prefix of a document page on those hosts (`/document/`).
    #[serde(default)]
    pub document_path: String,
    /// The document starts with a date heading.
    #[serde(default)]
    pub date_heading: bool,
    /// The document has a title heading.
    #[serde(default)]
    pub title_heading: bool,
    /// The sections, in order.
    #[serde(default)]
    pub sections: Vec<RawSection>,
    /// The sections must come in the listed order.
    #[serde(default)]
    pub ordered: bool,
    /// Citation fields required: title, date, repository, url, reference, url-or-reference.
    #[serde(default)]
    pub fields: Vec<String>,
    /// When a translator must be credited: when-not-english or never.
    #[serde(default)]
    pub translator: Option<String>,
}

/// A section a profile names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    /// The heading text (case-insensitive; colon and emphasis ignored).
    pub name: String,
    /// Other headings accepted for it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The document must have it.
    #[serde(default)]
    pub required: bool,
    /// It must not be empty.
    #[serde(default)]
    pub non_empty: bool,
}

/// A string or a list of strings.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values as a list.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// A date as written in a pack: `1945`, `1945-08` or `1945-08-15`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum RawDate {
    /// A year written as a number.
    Year(u32),
    /// Any other date, as text.
    Text(String),
}

impl RawDate {
    /// The date as text.
    pub fn text(&self) -> String {
        match self {
            RawDate::Year(y) => y.to_string(),
            RawDate::Text(s) => s.clone(),
        }
    }
}

/// A validity window of a period-bound name.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RawWindow {
    /// First date the name was in use (inclusive).
    pub from: Option<RawDate>,
    /// Last date the name was in use (inclusive).
    pub to: Option<RawDate>,
    /// The document origins the window applies to (us, roc, prc, soviet); all when absent.
    pub origin: Option<Vec<String>>,
}

/// An example carried by a family, checked by the test suite and at load time.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RawBadExample {
    /// A document (or a paragraph) that must produce the rule.
    pub text: String,
    /// The rule id it must produce.
    pub rule: String,
    /// A substring of the expected message.
    pub message: Option<String>,
    /// The expected replacement of the fix.
    pub fix: Option<String>,
}

/// The examples of a family.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    /// Texts that must produce a diagnostic.
    #[serde(default)]
    pub bad: Vec<RawBadExample>,
    /// Texts that must produce no translit diagnostic.
    #[serde(default)]
    pub good: Vec<String>,
}

/// A romanization family as written in a pack; system forms are the keys named in the
/// pack's `systems`.
#[derive(Debug, Clone, Deserialize)]
pub struct RawFamily {
    /// Unique id.
    pub id: String,
    /// person | place | org | term.
    pub kind: String,
    /// Families naming the same thing in different periods share an entity.
    #[serde(default)]
    pub entity: Option<String>,
    /// Forms accepted under every system.
    #[serde(default)]
    pub conventional: Option<OneOrMany>,
    /// Abbreviations per system (GMD, KMT).
    #[serde(default)]
    pub abbreviations: Option<std::collections::BTreeMap<String, OneOrMany>>,
    /// Validity windows, for period-bound names.
    #[serde(default)]
    pub valid: Vec<RawWindow>,
    /// Examples checked by the test suite.
    #[serde(default)]
    pub examples: Option<RawExamples>,
    /// Forms per system.
    #[serde(flatten)]
    pub forms: std::collections::BTreeMap<String, OneOrMany>,
}

/// A typo and its correction.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TypoEntry {
    /// The misspelling, one or more words.
    pub typo: String,
    /// What it should read.
    pub correction: String,
}

/// Parse a pack's text; problems come back as (message, byte offset) pairs.
pub fn parse(text: &str) -> Result<Pack, Vec<(String, Option<usize>)>> {
    let pack: Pack = yaml::parse(text).map_err(|e| vec![(e.message, e.offset)])?;
    let mut problems = Vec::new();
    for t in &pack.typos {
        let typo = t.typo.trim();
        if typo.is_empty() || t.correction.trim().is_empty() {
            problems.push((
                "a typo entry needs a non-empty `typo` and `correction`".to_owned(),
                None,
            ));
        } else if typo.eq_ignore_ascii_case(t.correction.trim()) {
            problems.push((
                format!("the typo `{typo}` is corrected to itself"),
                find(text, typo),
            ));
        }
    }
    problems.extend(crate::rules::romanization::validate(&pack, text));
    if problems.is_empty() {
        Ok(pack)
    } else {
        Err(problems)
    }
}

fn find(text: &str, token: &str) -> Option<usize> {
    text.find(token)
}

/// Set by the runner for large runs: automatons are then built as DFAs, which take longer to
/// build (tens of milliseconds) and scan faster; a run over a few files keeps the quick NFA.
pub static LARGE_RUN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The automaton kind for this run (see [`LARGE_RUN`]).
pub fn automaton_kind() -> aho_corasick::AhoCorasickKind {
    if LARGE_RUN.load(std::sync::atomic::Ordering::Relaxed) {
        aho_corasick::AhoCorasickKind::DFA
    } else {
        aho_corasick::AhoCorasickKind::ContiguousNFA
    }
}

/// Every typo of the loaded packs, in one Aho-Corasick automaton.
#[derive(Debug)]
pub struct Typos {
    automaton: crate::rules::scan::WordPatterns,
    entries: Vec<TypoEntry>,
}

impl Typos {
    /// Compile the typo entries into one automaton.
    pub fn new(mut entries: Vec<TypoEntry>) -> Self {
        for e in &mut entries {
            e.typo = e.typo.trim().to_owned();
            e.correction = e.correction.trim().to_owned();
        }
        let patterns: Vec<&str> = entries.iter().map(|e| e.typo.as_str()).collect();
        let automaton = crate::rules::scan::WordPatterns::new(&patterns, true, automaton_kind())
            .expect("typo patterns are plain strings");
        Typos { automaton, entries }
    }

    /// Matches in `text` as (start, end, entry), whole words only.
    pub fn find_in<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, &'a TypoEntry)> + 'a {
        self.find_runs(text, crate::rules::lexicon::letter_runs(text))
    }

    /// [`Typos::find_in`] for a text already split into words: `runs` are the runs of
    /// letters where a word may start ([`crate::rules::lexicon::Words::runs_in`]).
    pub fn find_runs<'a>(
        &'a self,
        text: &'a str,
        runs: impl Iterator<Item = (usize, usize)>,
    ) -> impl Iterator<Item = (usize, usize, &'a TypoEntry)> + 'a {
        self.automaton
            .find_runs(text, runs)
            .into_iter()
            .filter_map(move |(start, end, pattern)| {
                let before = text[..start].chars().next_back();
                let after = text[end..].chars().next();
                let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                // "Sino-" or "’s" around a typo still make it a word of its own; letters do
                // not.
                (!joined(before) && !joined(after)).then(|| (start, end, &self.entries[pattern]))
            })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The data that rules read from packs, compiled once per RuleSet.
///
/// Each part is compiled on first use, so a run whose rules do not read it pays nothing.
#[derive(Debug)]
pub struct PackData {
    user: Vec<Pack>,
    typos: OnceLock<Typos>,
    romanization: OnceLock<crate::rules::romanization::Romanization>,
    profiles: OnceLock<Vec<RawProfile>>,
}

impl PackData {
    /// The built-in packs alone, compiled on first use.
    pub fn builtin() -> Arc<PackData> {
        static DATA: OnceLock<Arc<PackData>> = OnceLock::new();
        DATA.get_or_init(|| Arc::new(PackData::with(Vec::new())))
            .clone()
    }

    /// The built-in packs plus user packs.
    pub fn with(user: Vec<Pack>) -> PackData {
        PackData {
            user,
            typos: OnceLock::new(),
            romanization: OnceLock::new(),
            profiles: OnceLock::new(),
        }
    }

    /// Citation and structure profiles: the user's first (they may replace a built-in one
    /// of the same name), then the built-in ones.
    pub fn profiles(&self) -> &[RawProfile] {
        self.profiles.get_or_init(|| {
            let mut out: Vec<RawProfile> =
                self.user.iter().filter_map(|p| p.profile.clone()).collect();
            for (name, text) in PROFILES_YAML {
                let p = parse(text)
                    .unwrap_or_else(|e| panic!("the built-in profile {name} is invalid: {e:?}"));
                if let Some(prof) = p.profile {
                    if !out.iter().any(|o| o.name == prof.name) {
                        out.push(prof);
                    }
                }
            }
            out
        })
    }

    /// Typos for `artifact/typo`: the built-in pack and the user's.
    pub fn typos(&self) -> &Typos {
        self.typos.get_or_init(|| {
            let mut typos = builtin_typos().to_vec();
            for p in &self.user {
                typos.extend(p.typos.iter().cloned());
            }
            Typos::new(typos)
        })
    }

    /// Romanization families for the translit rules: the built-in packs and the user's.
    pub fn romanization(&self) -> &crate::rules::romanization::Romanization {
        self.romanization.get_or_init(|| {
            let mut packs: Vec<Pack> = builtin_romanization();
            packs.extend(self.user.iter().filter(|p| !p.families.is_empty()).cloned());
            crate::rules::romanization::Romanization::new(&packs)
        })
    }
}

/// The built-in citation and structure profiles.
pub static PROFILES_YAML: [(&str, &str); 3] = [
    (
        "rules/profiles/wilson-center.yaml",
        include_str!("../../rules/profiles/wilson-center.yaml"),
    ),
    (
        "rules/profiles/frus.yaml",
        include_str!("../../rules/profiles/frus.yaml"),
    ),
    (
        "rules/profiles/generic.yaml",
        include_str!("../../rules/profiles/generic.yaml"),
    ),
];

/// The built-in romanization packs.
pub static ROMANIZATION_YAML: [(&str, &str); 2] = [
    (
        "rules/romanization/zh.yaml",
        include_str!("../../rules/romanization/zh.yaml"),
    ),
    (
        "rules/romanization/ru.yaml",
        include_str!("../../rules/romanization/ru.yaml"),
    ),
];

/// The built-in romanization packs as JSON, generated from the YAML above (a test keeps
/// them equal): JSON parses in a few milliseconds where YAML takes tens, which is the
/// start-up time of a one-file run.
pub static ROMANIZATION_JSON: [(&str, &str); 2] = [
    (
        "rules/romanization/zh.json",
        include_str!("../../rules/romanization/zh.json"),
    ),
    (
        "rules/romanization/ru.json",
        include_str!("../../rules/romanization/ru.json"),
    ),
];

fn builtin_romanization() -> Vec<Pack> {
    ROMANIZATION_JSON
        .iter()
        .map(|(name, text)| {
            serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("the built-in pack {name} is invalid: {e}"))
        })
        .collect()
}

fn builtin_typos() -> &'static [TypoEntry] {
    static ENTRIES: OnceLock<Vec<TypoEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        parse(TYPOS_YAML)
            .expect("the built-in typo pack is valid")
            .typos
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_pack_parses_and_matches_whole_words() {
        let data = PackData::builtin();
        assert!(data.typos().len() >= 150);
        let hits: Vec<&str> = data
            .typos()
            .find_in("The Goverment said teh goverments; governmentteh an then.")
            .map(|(_, _, e)| e.correction.as_str())
            .collect();
        assert_eq!(hits, ["government", "the", "governments", "and then"]);
    }

    #[test]
    fn bad_entries_are_refused() {
        assert!(parse("typos:\n  - typo: x\n    correction: X\n").is_err());
        assert!(parse("typos:\n  - typo: x\n    fix: y\n").is_err());
    }
}
