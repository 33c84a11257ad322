//! Rule packs: YAML files of data (not code) that rules read. The built-in packs in
//! `rules/` and a user's packs named under `packs:` in emend.yaml share this format.
//!
//! ```yaml
//! typos:
//!   - typo: goverment          # matched as whole words, ASCII case-insensitive
//!     correction: government   # keeps the case of the typo's first letter
//! ```

use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use super::yaml;

/// The built-in typo pack.
pub static TYPOS_YAML: &str = include_str!("../../rules/typos.yaml");

/// One pack file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    /// Transcription typos and their single corrections.
    #[serde(default)]
    pub typos: Vec<TypoEntry>,
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
    if problems.is_empty() {
        Ok(pack)
    } else {
        Err(problems)
    }
}

fn find(text: &str, token: &str) -> Option<usize> {
    text.find(token)
}

/// Every typo of the loaded packs, in one Aho-Corasick automaton.
#[derive(Debug)]
pub struct Typos {
    automaton: AhoCorasick,
    entries: Vec<TypoEntry>,
}

impl Typos {
    /// Compile the typo entries into one automaton.
    pub fn new(mut entries: Vec<TypoEntry>) -> Self {
        for e in &mut entries {
            e.typo = e.typo.trim().to_owned();
            e.correction = e.correction.trim().to_owned();
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries.iter().map(|e| e.typo.as_str()))
            .expect("typo patterns are plain strings");
        Typos { automaton, entries }
    }

    /// Matches in `text` as (start, end, entry), whole words only.
    pub fn find_in<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, &'a TypoEntry)> + 'a {
        self.automaton.find_iter(text).filter_map(move |m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            // "Sino-" or "’s" around a typo still make it a word of its own; letters do not.
            (!joined(before) && !joined(after))
                .then(|| (m.start(), m.end(), &self.entries[m.pattern().as_usize()]))
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
#[derive(Debug)]
pub struct PackData {
    /// Typos for `artifact/typo`.
    pub typos: Typos,
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
        let mut typos = builtin_typos().to_vec();
        for p in user {
            typos.extend(p.typos);
        }
        PackData {
            typos: Typos::new(typos),
        }
    }
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
        assert!(data.typos.len() >= 150);
        let hits: Vec<&str> = data
            .typos
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
