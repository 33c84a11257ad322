//! Romanization data compiled for matching: families of forms per system, validity windows,
//! one Aho-Corasick automaton over every form, and the Mandarin syllable table.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use crate::config::pack::{OneOrMany, Pack, RawWindow};
use crate::document::{parse_date, Date};

/// Where a document comes from: decides which validity windows apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// United States (FRUS, State Department).
    Us,
    /// Republic of China (Taiwan after 1949).
    Roc,
    /// People's Republic of China.
    Prc,
    /// Soviet Union.
    Soviet,
}

impl Origin {
    /// Parse `us`, `roc`, `prc`, `soviet`.
    pub fn parse(s: &str) -> Option<Origin> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "us" => Origin::Us,
            "roc" => Origin::Roc,
            "prc" => Origin::Prc,
            "soviet" => Origin::Soviet,
            _ => return None,
        })
    }
}

/// When a name was in use; either end may be open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// First day (inclusive).
    pub from: Option<Date>,
    /// Last day (inclusive).
    pub to: Option<Date>,
    /// Origins the window applies to; empty for all.
    pub origins: Vec<Origin>,
}

/// The first and last day a partial date can stand for, as comparable (y, m, d) triples.
pub fn date_range(d: Date) -> ((u16, u8, u8), (u16, u8, u8)) {
    let first = (d.year, d.month.unwrap_or(1), d.day.unwrap_or(1));
    let last = (d.year, d.month.unwrap_or(12), d.day.unwrap_or(31));
    (first, last)
}

impl Window {
    /// True when some day of `date` lies inside the window.
    pub fn overlaps(&self, date: Date) -> bool {
        let (first, last) = date_range(date);
        let after_start = self.from.is_none_or(|f| last >= date_range(f).0);
        let before_end = self.to.is_none_or(|t| first <= date_range(t).1);
        after_start && before_end
    }

    /// "28 June 1928 – 27 September 1949", "until 1954", "from 1949".
    pub fn describe(&self) -> String {
        match (self.from, self.to) {
            (Some(f), Some(t)) => format!("{f} – {t}"),
            (Some(f), None) => format!("from {f}"),
            (None, Some(t)) => format!("until {t}"),
            (None, None) => "always".to_owned(),
        }
    }
}

/// One name with its forms per system.
#[derive(Clone, Debug)]
pub struct Family {
    /// Unique id.
    pub id: String,
    /// person | place | org | term.
    pub kind: String,
    /// Index of the family's language in [`Romanization::languages`].
    pub language: usize,
    /// Families naming the same thing in other periods share it.
    pub entity: Option<String>,
    /// Validity windows; empty when the name is not period-bound.
    pub windows: Vec<Window>,
    /// Forms per system (indexes into [`Romanization::forms`]), in the language's order.
    pub by_system: Vec<Vec<usize>>,
    /// Bit set of the systems the family has forms in.
    pub systems: u32,
}

/// One spelling.
#[derive(Clone, Debug)]
pub struct Form {
    /// The spelling as written in the pack (straight apostrophes).
    pub text: String,
    /// The family.
    pub family: usize,
    /// Bit set of the systems this spelling belongs to.
    pub systems: u32,
    /// Accepted under every system.
    pub conventional: bool,
    /// An abbreviation (GMD, KMT).
    pub abbreviation: bool,
}

/// A language's systems.
#[derive(Clone, Debug)]
pub struct Language {
    /// `zh`, `ru`.
    pub name: String,
    /// System names in order.
    pub systems: Vec<String>,
    /// Per system: the bit set of the systems compatible with it (itself included).
    pub groups: Vec<u32>,
}

impl Language {
    /// The systems compatible with `sys` (its group), as a bit set.
    pub fn group(&self, sys: usize) -> u32 {
        self.groups.get(sys).copied().unwrap_or(1 << sys)
    }

    /// The group's name: "pinyin", "Wade-Giles/postal".
    pub fn group_name(&self, sys: usize) -> String {
        let g = self.group(sys);
        (0..self.systems.len())
            .filter(|s| g & (1 << s) != 0)
            .map(|s| display_system(&self.systems[s]))
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// A system's name as readers know it.
pub fn display_system(name: &str) -> &str {
    match name {
        "wade-giles" => "Wade-Giles",
        "postal" => "postal",
        "popular" => "popular English",
        "lc" => "Library of Congress",
        "bgn" => "BGN/PCGN",
        other => other,
    }
}

/// All romanization families, compiled.
#[derive(Debug)]
pub struct Romanization {
    /// Languages and their systems.
    pub languages: Vec<Language>,
    /// Families.
    pub families: Vec<Family>,
    /// Every spelling of every family.
    pub forms: Vec<Form>,
    automaton: Option<super::scan::WordPatterns>,
    /// Pattern index → form index (apostrophe variants share a form).
    pattern_form: Vec<usize>,
    /// Per family, the shared strings of its corpus summaries, built on first use so that
    /// thousands of files summarising the same family share one copy.
    shared: Vec<OnceLock<SharedFamily>>,
    /// Per family, the spellings files were found to write, shared between their summaries.
    written: Vec<std::sync::Mutex<Vec<Arc<str>>>>,
}

/// A family's id and first form per system group, shared between the summaries of all files.
#[derive(Clone, Debug)]
pub struct SharedFamily {
    /// The family id.
    pub id: Arc<str>,
    /// (system group name, first form) per system group that has a form.
    pub forms: Arc<[(Arc<str>, Arc<str>)]>,
    /// Group name per system index of the family's language.
    pub groups: Arc<[Arc<str>]>,
}

/// A form found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormMatch {
    /// Byte offsets in the searched text.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// Index into [`Romanization::forms`].
    pub form: usize,
}

fn curly(s: &str) -> String {
    s.replace('\'', "’")
}

impl Romanization {
    /// Compile packs (already validated) into families and one automaton.
    pub fn new(packs: &[Pack]) -> Self {
        let mut languages: Vec<Language> = Vec::new();
        let mut families = Vec::new();
        let mut forms: Vec<Form> = Vec::new();
        let mut by_text: HashMap<String, usize> = HashMap::new();
        for pack in packs.iter().filter(|p| !p.families.is_empty()) {
            let lang_name = pack.language.clone().unwrap_or_default();
            let lang = match languages.iter().position(|l| l.name == lang_name) {
                Some(i) => {
                    for s in &pack.systems {
                        if !languages[i].systems.contains(s) {
                            languages[i].systems.push(s.clone());
                        }
                    }
                    i
                }
                None => {
                    languages.push(Language {
                        name: lang_name,
                        systems: pack.systems.clone(),
                        groups: Vec::new(),
                    });
                    languages.len() - 1
                }
            };
            {
                let l = &mut languages[lang];
                l.groups = (0..l.systems.len()).map(|s| 1u32 << s).collect();
                for group in &pack.compatible {
                    let mask = group
                        .iter()
                        .filter_map(|g| l.systems.iter().position(|s| s == g))
                        .fold(0u32, |m, s| m | (1 << s));
                    for s in 0..l.systems.len() {
                        if mask & (1 << s) != 0 {
                            l.groups[s] |= mask;
                        }
                    }
                }
            }
            let systems = languages[lang].systems.clone();
            for raw in &pack.families {
                let fi = families.len();
                let conventional: HashSet<String> = raw
                    .conventional
                    .as_ref()
                    .map(OneOrMany::to_vec)
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                let mut by_system = vec![Vec::new(); systems.len()];
                let mut fam_systems = 0u32;
                let mut add =
                    |text: &str, sys: usize, abbreviation: bool, forms: &mut Vec<Form>| {
                        let key = format!("{fi}\u{0}{text}");
                        let idx = *by_text.entry(key).or_insert_with(|| {
                            forms.push(Form {
                                text: text.to_owned(),
                                family: fi,
                                systems: 0,
                                conventional: conventional.contains(text),
                                abbreviation,
                            });
                            forms.len() - 1
                        });
                        forms[idx].systems |= 1 << sys;
                        if !by_system[sys].contains(&idx) {
                            by_system[sys].push(idx);
                        }
                        idx
                    };
                for (si, sys) in systems.iter().enumerate() {
                    if let Some(v) = raw.forms.get(sys) {
                        for text in v.to_vec() {
                            add(text.trim(), si, false, &mut forms);
                            fam_systems |= 1 << si;
                        }
                    }
                    if let Some(v) = raw.abbreviations.as_ref().and_then(|a| a.get(sys)) {
                        for text in v.to_vec() {
                            add(text.trim(), si, true, &mut forms);
                        }
                    }
                }
                // Conventional forms not listed under a system still belong to the family.
                for c in &conventional {
                    if !forms.iter().any(|f| f.family == fi && &f.text == c) {
                        let idx = forms.len();
                        forms.push(Form {
                            text: c.clone(),
                            family: fi,
                            systems: fam_systems,
                            conventional: true,
                            abbreviation: false,
                        });
                        let _ = idx;
                    }
                }
                families.push(Family {
                    id: raw.id.clone(),
                    kind: raw.kind.clone(),
                    language: lang,
                    entity: raw.entity.clone(),
                    windows: raw.valid.iter().filter_map(window).collect(),
                    by_system,
                    systems: fam_systems,
                });
            }
        }
        let mut patterns = Vec::new();
        let mut pattern_form = Vec::new();
        for (i, f) in forms.iter().enumerate() {
            patterns.push(f.text.clone());
            pattern_form.push(i);
            if f.text.contains('\'') {
                patterns.push(curly(&f.text));
                pattern_form.push(i);
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            super::scan::WordPatterns::new(&patterns, false, crate::config::pack::automaton_kind())
                .expect("romanization forms are plain strings")
        });
        let shared = families.iter().map(|_| OnceLock::new()).collect();
        let written = families.iter().map(|_| Default::default()).collect();
        Romanization {
            languages,
            families,
            forms,
            automaton,
            pattern_form,
            shared,
            written,
        }
    }

    /// `text`, a spelling of family `f` as a file writes it, shared with every other
    /// summary that writes it so (a collection repeats a few spellings thousands of times).
    pub fn shared_written(&self, f: usize, text: &str) -> Arc<str> {
        let mut seen = self.written[f]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(w) = seen.iter().find(|w| ***w == *text) {
            return w.clone();
        }
        let w: Arc<str> = Arc::from(text);
        seen.push(w.clone());
        w
    }

    /// The shared strings of family `f` for corpus summaries.
    pub fn shared_family(&self, f: usize) -> &SharedFamily {
        self.shared[f].get_or_init(|| {
            let fam = &self.families[f];
            let lang = &self.languages[fam.language];
            let groups: Arc<[Arc<str>]> = (0..lang.systems.len())
                .map(|s| Arc::from(lang.group_name(s)))
                .collect();
            let forms = fam
                .by_system
                .iter()
                .enumerate()
                .filter_map(|(s, v)| {
                    v.first()
                        .map(|&x| (groups[s].clone(), Arc::from(self.forms[x].text.as_str())))
                })
                .collect();
            SharedFamily {
                id: Arc::from(fam.id.as_str()),
                forms,
                groups,
            }
        })
    }

    /// Every form in `text` that stands as a whole word (a possessive `’s` may follow): `runs`
    /// are the runs of letters where a word may start ([`super::lexicon::Words::runs_in`]).
    pub fn find_runs(
        &self,
        text: &str,
        runs: impl Iterator<Item = (usize, usize)>,
    ) -> Vec<FormMatch> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (start, end, pattern) in ac.find_runs(text, runs) {
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            out.push(FormMatch {
                start,
                end,
                form: self.pattern_form[pattern],
            });
        }
        out
    }

    /// The name of system `sys` of `language`.
    pub fn system_name(&self, language: usize, sys: usize) -> &str {
        &self.languages[language].systems[sys]
    }

    /// The index of the system called `name` in `language`.
    pub fn system_index(&self, language: usize, name: &str) -> Option<usize> {
        self.languages[language]
            .systems
            .iter()
            .position(|s| s == name)
    }

    /// All patterns, for benchmarks that compare against a plain scan.
    pub fn patterns(&self) -> Vec<String> {
        let mut v = Vec::new();
        for f in &self.forms {
            v.push(f.text.clone());
            if f.text.contains('\'') {
                v.push(curly(&f.text));
            }
        }
        v
    }
}

fn window(w: &RawWindow) -> Option<Window> {
    Some(Window {
        from: w.from.as_ref().and_then(|d| parse_date(&d.text())),
        to: w.to.as_ref().and_then(|d| parse_date(&d.text())),
        origins: w
            .origin
            .iter()
            .flatten()
            .filter_map(|o| Origin::parse(o))
            .collect(),
    })
}

/// Check a pack's romanization part; problems as (message, offset) pairs.
pub fn validate(pack: &Pack, text: &str) -> Vec<(String, Option<usize>)> {
    let mut problems = Vec::new();
    if pack.families.is_empty() {
        return problems;
    }
    let at = |needle: &str| text.find(needle);
    if pack.language.is_none() || pack.systems.is_empty() {
        problems.push((
            "a pack with `families` needs `language` and `systems`".to_owned(),
            None,
        ));
        return problems;
    }
    let mut ids = HashSet::new();
    for f in &pack.families {
        let id_at = at(&format!("id: {}", f.id));
        if !ids.insert(f.id.as_str()) {
            problems.push((format!("family id `{}` is used twice", f.id), id_at));
        }
        if !matches!(f.kind.as_str(), "person" | "place" | "org" | "term") {
            problems.push((
                format!(
                    "family `{}`: kind must be person, place, org or term, not `{}`",
                    f.id, f.kind
                ),
                id_at,
            ));
        }
        for key in f.forms.keys() {
            if !pack.systems.contains(key) {
                let hint =
                    crate::rules::selection::suggest(key, pack.systems.iter().map(String::as_str))
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                problems.push((
                    format!(
                        "family `{}`: `{key}` is not one of the pack's systems{hint}",
                        f.id
                    ),
                    id_at.and_then(|i| text[i..].find(&format!("{key}:")).map(|j| i + j)),
                ));
            }
        }
        if f.forms.is_empty() {
            problems.push((format!("family `{}` has no forms", f.id), id_at));
        }
        for w in &f.valid {
            for d in [&w.from, &w.to].into_iter().flatten() {
                if parse_date(&d.text()).is_none() {
                    problems.push((
                        format!(
                            "family `{}`: `{}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                            f.id,
                            d.text()
                        ),
                        id_at,
                    ));
                }
            }
            for o in w.origin.iter().flatten() {
                if Origin::parse(o).is_none() {
                    problems.push((
                        format!(
                            "family `{}`: origin `{o}` is not us, roc, prc or soviet",
                            f.id
                        ),
                        id_at,
                    ));
                }
            }
        }
    }
    problems
}

/// Pinyin ↔ Wade-Giles syllables, from `rules/romanization/syllables.csv`.
#[derive(Debug)]
pub struct Syllables {
    /// Wade-Giles syllable (lowercase, straight apostrophe) → pinyin readings, also under the
    /// spellings that drop apostrophes and umlauts.
    pub wg_to_pinyin: HashMap<String, Vec<String>>,
    /// Strict Wade-Giles syllable → its one pinyin reading.
    pub strict: HashMap<String, String>,
    /// Every pinyin syllable.
    pub pinyin: HashSet<String>,
}

static SYLLABLES_CSV: &str = include_str!("../../rules/romanization/syllables.csv");

/// Spellings of the English press that strict Wade-Giles writes otherwise ("Teh" for "Te").
const PRESS_SPELLINGS: &[(&str, &str)] = &[
    ("teh", "de"),
    ("hsueh", "xue"),
    ("yueh", "yue"),
    ("chueh", "jue"),
];

/// The syllable table, parsed on first use.
pub fn syllables() -> &'static Syllables {
    static TABLE: OnceLock<Syllables> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut wg_to_pinyin: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut strict = HashMap::new();
        let mut pinyin = HashSet::new();
        for line in SYLLABLES_CSV
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
        {
            let Some((py, wg)) = line.split_once(',') else {
                continue;
            };
            let (py, wg) = (py.trim(), wg.trim().to_lowercase());
            strict.entry(wg.clone()).or_insert_with(|| py.to_owned());
            pinyin.insert(py.replace('ü', "v"));
            pinyin.insert(py.replace('ü', "u"));
            let mut push = |k: String| {
                let e = wg_to_pinyin.entry(k).or_default();
                if !e.iter().any(|p| p == py) {
                    e.push(py.to_owned());
                }
            };
            push(wg.clone());
            // Real documents drop apostrophes and umlauts: "Peng Teh-huai", "Hsu".
            push(wg.replace('\'', ""));
            push(wg.replace('ü', "u"));
            push(wg.replace('\'', "").replace('ü', "u"));
        }
        for (wg, py) in PRESS_SPELLINGS {
            wg_to_pinyin
                .entry((*wg).to_owned())
                .or_default()
                .push((*py).to_owned());
            strict
                .entry((*wg).to_owned())
                .or_insert_with(|| (*py).to_owned());
        }
        Syllables {
            wg_to_pinyin: wg_to_pinyin.into_iter().collect(),
            strict,
            pinyin,
        }
    })
}

impl Syllables {
    /// Pinyin readings of a Wade-Giles syllable as written (any case, either apostrophe).
    pub fn readings(&self, wg: &str) -> Option<&[String]> {
        let key = wg.to_lowercase().replace('’', "'");
        self.wg_to_pinyin.get(&key).map(Vec::as_slice)
    }

    /// The pinyin of a syllable read as strict Wade-Giles (apostrophes and umlauts meant).
    pub fn strict_reading(&self, wg: &str) -> Option<&str> {
        let key = wg.to_lowercase().replace('’', "'");
        self.strict.get(&key).map(String::as_str)
    }

    /// True when `s` is a pinyin syllable.
    pub fn is_pinyin(&self, s: &str) -> bool {
        self.pinyin.contains(&s.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllable_table_reads_both_ways() {
        let t = syllables();
        assert_eq!(t.strict_reading("Chih"), Some("zhi"));
        assert!(t.readings("Chih").unwrap().contains(&"chi".to_owned()));
        assert_eq!(t.readings("ch’ien").unwrap(), ["qian"]);
        assert!(t.readings("chien").unwrap().contains(&"jian".to_owned()));
        assert!(t.readings("chien").unwrap().contains(&"qian".to_owned()));
        assert_eq!(t.readings("hsü").unwrap(), ["xu"]);
        assert!(t.is_pinyin("zhong") && !t.is_pinyin("hsiang"));
        assert!(t.wg_to_pinyin.len() > 400);
    }

    #[test]
    fn windows_compare_partial_dates() {
        let w = Window {
            from: parse_date("1928-06-28"),
            to: parse_date("1949-09-27"),
            origins: vec![],
        };
        assert!(w.overlaps(parse_date("September 6, 1945").unwrap()));
        assert!(w.overlaps(parse_date("1949").unwrap()));
        assert!(!w.overlaps(parse_date("October 1949").unwrap()));
        assert!(!w.overlaps(parse_date("1927").unwrap()));
        assert_eq!(w.describe(), "June 28, 1928 – September 27, 1949");
    }
}
