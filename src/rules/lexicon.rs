//! Word knowledge shared by the artifact rules: the English word list and the list of
//! hyphenated compounds shipped in `rules/`, and the vocabulary of one document.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use crate::document::Document;

static WORDS_TXT: &str = include_str!("../../rules/words.txt");
static COMPOUNDS_TXT: &str = include_str!("../../rules/compounds.txt");

fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Lines of `rules/words.txt`, sorted, for binary search; built on first use only.
fn words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut v: Vec<&str> = entries(WORDS_TXT).collect();
        v.sort_unstable();
        v
    })
}

fn compounds() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| entries(COMPOUNDS_TXT).collect())
}

/// True when `word` (any case) is in the English word list.
pub fn is_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    words().binary_search(&lower.as_str()).is_ok()
}

/// True when the hyphenated form (any case) is a listed compound.
pub fn is_listed_compound(hyphenated: &str) -> bool {
    compounds().contains(hyphenated.to_lowercase().as_str())
}

/// The words of a document's prose, split once and read by every rule that works on words.
#[derive(Debug, Default)]
pub struct Words {
    spans: Vec<crate::diagnostic::Span>,
    /// `first[k]..first[k + 1]`: the words of prose range `k`.
    first: Vec<u32>,
    /// Indices of the words with an inner hyphen or apostrophe, ascending.
    joined: Vec<u32>,
    /// The runs of letters where a match may start, per prose range, built on first use.
    runs: std::cell::OnceCell<Runs>,
    /// A very large document is split again wherever it is read, range by range: kept
    /// whole, its words would cost several times its size.
    on_demand: bool,
}

/// Documents larger than this (bytes) are not split once for all rules; see
/// `Words::on_demand`.
const SPLIT_ONCE_UP_TO: usize = 16 << 20;

/// Runs of letters of every prose range: `first[k]..first[k + 1]` index those of range `k`.
#[derive(Debug, Default)]
struct Runs {
    runs: Vec<(u32, u32)>,
    first: Vec<u32>,
}

impl Words {
    /// Split the prose of `doc` into words.
    pub fn of(doc: &Document) -> Self {
        if doc.text.len() > SPLIT_ONCE_UP_TO {
            return Words {
                on_demand: true,
                ..Words::default()
            };
        }
        let prose = &doc.outline.prose;
        let mut spans = Vec::with_capacity(doc.text.len() / 6);
        let mut first = Vec::with_capacity(prose.len() + 1);
        let mut joined = Vec::new();
        for p in prose {
            first.push(spans.len() as u32);
            let base = p.start as usize;
            each_token(doc.slice(*p), |i, w, has_joiner| {
                if has_joiner {
                    joined.push(spans.len() as u32);
                }
                spans.push(crate::diagnostic::Span::new(base + i, base + i + w.len()));
            });
        }
        first.push(spans.len() as u32);
        Words {
            spans,
            first,
            joined,
            runs: std::cell::OnceCell::new(),
            on_demand: false,
        }
    }

    /// The words of prose ranges `prose` (indices into `doc.outline.prose`).
    pub fn in_prose(
        &self,
        doc: &Document,
        prose: std::ops::Range<usize>,
    ) -> Cow<'_, [crate::diagnostic::Span]> {
        if prose.start >= prose.end {
            return Cow::Borrowed(&[]);
        }
        if self.on_demand {
            let mut out = Vec::new();
            for p in &doc.outline.prose[prose] {
                let base = p.start as usize;
                each_token(doc.slice(*p), |i, w, _| {
                    out.push(crate::diagnostic::Span::new(base + i, base + i + w.len()));
                });
            }
            return Cow::Owned(out);
        }
        Cow::Borrowed(&self.spans[self.first[prose.start] as usize..self.first[prose.end] as usize])
    }

    /// The runs of letters of prose range `k` where a whole-word match may start, as
    /// [`letter_runs`] gives them (offsets in the range's text), from the words split once.
    pub fn runs_in(&self, doc: &Document, k: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let p = doc.outline.prose[k];
        let runs: Cow<'_, [(u32, u32)]> = if self.on_demand {
            let to_doc = |(a, b): (usize, usize)| (a as u32 + p.start, b as u32 + p.start);
            Cow::Owned(letter_runs(doc.slice(p)).map(to_doc).collect())
        } else {
            let all = self.runs.get_or_init(|| self.all_runs(doc));
            Cow::Borrowed(&all.runs[all.first[k] as usize..all.first[k + 1] as usize])
        };
        (0..runs.len()).map(move |i| {
            let (s, e) = runs[i];
            ((s - p.start) as usize, (e - p.start) as usize)
        })
    }

    fn all_runs(&self, doc: &Document) -> Runs {
        let mut out = Runs {
            runs: Vec::with_capacity(self.spans.len()),
            first: Vec::with_capacity(doc.outline.prose.len() + 1),
        };
        let mut joined = self.joined.iter().map(|&x| x as usize).peekable();
        for (k, p) in doc.outline.prose.iter().enumerate() {
            out.first.push(out.runs.len() as u32);
            let s = doc.slice(*p);
            let lo = self.first[k] as usize;
            for (n, w) in self.in_prose(doc, k..k + 1).iter().enumerate() {
                let (start, end) = ((w.start - p.start) as usize, (w.end - p.start) as usize);
                let first = !prev_is_alphanumeric(s, start);
                let to_doc = |(a, b): (usize, usize)| (a as u32 + p.start, b as u32 + p.start);
                if joined.next_if_eq(&(lo + n)).is_some() {
                    // Split at the joiners: a run after one may start a match ("anti-Chiang").
                    out.runs.extend(
                        split_runs(s, start, end)
                            .skip(usize::from(!first))
                            .map(to_doc),
                    );
                } else if first {
                    out.runs.push(to_doc((start, end)));
                }
            }
        }
        out.first.push(out.runs.len() as u32);
        out
    }
}

/// The words a document uses in its prose, lowercase: single words and hyphenated ones.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: HashSet<String>,
}

impl Vocabulary {
    /// Collect the words of `doc`'s prose.
    pub fn of(doc: &Document, split: &Words) -> Self {
        let mut words = HashSet::new();
        for k in 0..doc.outline.prose.len() {
            for w in split.in_prose(doc, k..k + 1).iter() {
                let t = doc.slice(*w);
                if t.contains('-') {
                    for part in t.split('-') {
                        if !part.is_empty() {
                            words.insert(part.to_lowercase());
                        }
                    }
                }
                words.insert(t.to_lowercase());
            }
        }
        Vocabulary { words }
    }

    /// True when the document uses `word` (any case) somewhere in its prose.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(&word.to_lowercase())
    }
}

/// Words of `s` with their byte offsets: runs of letters, joined by single inner hyphens
/// or apostrophes ("Sino-Soviet", "Ch'en", "don’t").
pub fn tokens(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    each_token(s, |i, t, _| out.push((i, t)));
    out.into_iter()
}

/// The character at byte `i` of `s` (a char boundary) and its length; ASCII without decoding.
#[inline]
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((b as char, 1));
    }
    let c = s[i..].chars().next()?;
    Some((c, c.len_utf8()))
}

/// Call `f(offset, word, joined)` for every word of `s`, as [`tokens`] splits them;
/// `joined`: the word has an inner hyphen or apostrophe. ASCII text, the
/// bulk of a transcription, is classified byte by byte without decoding.
pub fn each_token<'a>(s: &'a str, mut f: impl FnMut(usize, &'a str, bool)) {
    let bytes = s.as_bytes();
    let n = bytes.len();
    let letter_at = |i: usize| char_at(s, i).is_some_and(|(c, _)| c.is_alphabetic());
    let mut i = 0;
    'words: while i < n {
        // Outside a word: find the first letter.
        let b = bytes[i];
        if b.is_ascii() {
            if !b.is_ascii_alphabetic() {
                i += 1;
                continue;
            }
        } else {
            let (c, len) = char_at(s, i).expect("a char boundary");
            if !c.is_alphabetic() {
                i += len;
                continue;
            }
        }
        let start = i;
        let mut joined = false;
        // Inside: letters, and joiners with a letter after them.
        loop {
            i = super::scan::end_of_ascii_letters(bytes, i);
            if i >= n {
                f(start, &s[start..i], joined);
                break 'words;
            }
            let b = bytes[i];
            if b == b'-' || b == b'\'' {
                if letter_at(i + 1) {
                    joined = true;
                    i += 1;
                    continue;
                }
                f(start, &s[start..i], joined);
                i += 1;
                continue 'words;
            }
            if b.is_ascii() {
                f(start, &s[start..i], joined);
                i += 1;
                continue 'words;
            }
            let (c, len) = char_at(s, i).expect("a char boundary");
            if c.is_alphabetic() {
                i += len;
                continue;
            }
            if c == '’' && letter_at(i + len) {
                joined = true;
                i += len;
                continue;
            }
            f(start, &s[start..i], joined);
            i += len;
            continue 'words;
        }
    }
}

/// The runs of letters in `s[start..end]`, a word of [`each_token`], split at its joiners.
fn split_runs(s: &str, start: usize, end: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = start;
    std::iter::from_fn(move || {
        if at >= end {
            return None;
        }
        let from = at;
        let rest = &s[from..end];
        match rest
            .char_indices()
            .find(|&(_, c)| matches!(c, '-' | '\'' | '’'))
        {
            Some((i, c)) => {
                at = from + i + c.len_utf8();
                Some((from, from + i))
            }
            None => {
                at = end;
                Some((from, end))
            }
        }
    })
}

/// Where a whole-word match may start in `s`: the maximal runs of letters whose previous
/// character is not alphanumeric, as (start, end). A pattern that starts with a letter and
/// stands as a whole word starts at one of them.
pub fn letter_runs(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut out = Vec::new();
    each_token(s, |i, w, joined| {
        let first = !prev_is_alphanumeric(s, i);
        if joined {
            out.extend(split_runs(s, i, i + w.len()).skip(usize::from(!first)));
        } else if first {
            out.push((i, i + w.len()));
        }
    });
    out.into_iter()
}

fn prev_is_alphanumeric(s: &str, at: usize) -> bool {
    match s.as_bytes()[..at].last() {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => s[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric),
    }
}

/// How a word broken by a hyphen and whitespace should be mended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mend {
    /// One word: drop the hyphen and the whitespace ("inter- national" → "international").
    Join,
    /// A compound: keep the hyphen, drop the whitespace ("Sino-\nSoviet" → "Sino-Soviet").
    KeepHyphen,
    /// Not known either way.
    Unknown,
}

/// Decide how to mend `first`-`second` (the fragments around the hyphen) using the
/// document's own vocabulary first, then the shipped lists.
pub fn mend(first: &str, second: &str, vocab: &Vocabulary) -> Mend {
    let hyphenated = format!("{first}-{second}");
    let joined = format!("{first}{second}");
    if vocab.contains(&hyphenated) {
        return Mend::KeepHyphen;
    }
    if vocab.contains(&joined) {
        return Mend::Join;
    }
    if is_listed_compound(&hyphenated) || second.chars().next().is_some_and(char::is_uppercase) {
        return Mend::KeepHyphen;
    }
    if is_word(&joined) {
        return Mend::Join;
    }
    if is_word(first) && is_word(second) {
        return Mend::KeepHyphen;
    }
    Mend::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_list_and_compounds_load() {
        assert!(is_word("international") && is_word("Moscow") && !is_word("internat"));
        assert!(is_listed_compound("Co-operation") && !is_listed_compound("inter-national"));
    }

    #[test]
    fn tokens_keep_inner_hyphens_and_apostrophes() {
        let t: Vec<&str> = tokens("Sino-Soviet talks; Ch'en's 'quote' -x- don’t 12")
            .map(|t| t.1)
            .collect();
        assert_eq!(
            t,
            ["Sino-Soviet", "talks", "Ch'en's", "quote", "x", "don’t"]
        );
    }

    /// The word splitting spelled out char by char, to hold the byte-level one to.
    fn reference_tokens(s: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut last_letter_end = 0;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if c.is_alphabetic() {
                start.get_or_insert(i);
                last_letter_end = i + c.len_utf8();
            } else if matches!(c, '-' | '\'' | '’')
                && start.is_some()
                && iter.peek().is_some_and(|(_, n)| n.is_alphabetic())
            {
            } else if let Some(st) = start.take() {
                out.push((st, &s[st..last_letter_end]));
            }
        }
        if let Some(st) = start {
            out.push((st, &s[st..last_letter_end]));
        }
        out
    }

    #[test]
    fn byte_level_splitting_agrees_with_the_char_level_one() {
        // Every string over a small alphabet of letters, joiners and other marks, up to
        // length four, then some longer mixed text.
        let alphabet = ['a', 'Ü', '-', '\'', '’', ' ', '1', 'ж', '—', '_'];
        let mut cases = vec![String::new()];
        let mut layer = vec![String::new()];
        for _ in 0..4 {
            layer = layer
                .iter()
                .flat_map(|c| alphabet.iter().map(move |a| format!("{c}{a}")))
                .collect();
            cases.extend(layer.iter().cloned());
        }
        cases.push("Ch’en Yi-’s Ürümqi--talks 'n' x- -y Sino-Soviet’s ж-ж".into());
        for s in &cases {
            let got: Vec<(usize, &str)> = tokens(s).collect();
            assert_eq!(got, reference_tokens(s), "{s:?}");
        }
    }

    #[test]
    fn words_split_on_demand_are_the_words_split_once() {
        let doc = Document::parse(
            "# Talks\n\nMao’s anti-Chiang line, Ch'en Yi and 3Li; the the end.\n\n> Zhou Enlai: `code` ok\n\n- Liu Shao-ch'i\n".into(),
            false,
        );
        let once = Words::of(&doc);
        let lazy = Words {
            on_demand: true,
            ..Words::default()
        };
        let n = doc.outline.prose.len();
        assert!(n > 2);
        for k in 0..n {
            assert_eq!(once.in_prose(&doc, k..k + 1), lazy.in_prose(&doc, k..k + 1));
            let (a, b): (Vec<_>, Vec<_>) = (
                once.runs_in(&doc, k).collect(),
                lazy.runs_in(&doc, k).collect(),
            );
            assert_eq!(a, b, "range {k}");
        }
        assert_eq!(once.in_prose(&doc, 0..n), lazy.in_prose(&doc, 0..n));
    }

    #[test]
    fn mending_prefers_the_document_then_the_lists() {
        let empty = Vocabulary::default();
        assert_eq!(mend("inter", "national", &empty), Mend::Join);
        assert_eq!(mend("co", "operation", &empty), Mend::KeepHyphen);
        assert_eq!(mend("Sino", "Soviet", &empty), Mend::KeepHyphen);
        assert_eq!(mend("twenty", "five", &empty), Mend::KeepHyphen);
        assert_eq!(mend("Ruo", "fei", &empty), Mend::Unknown);
        let doc = Document::parse("Wang Ruofei and the pre-war order.\n".into(), false);
        let v = Vocabulary::of(&doc, &Words::of(&doc));
        assert_eq!(mend("Ruo", "fei", &v), Mend::Join);
        assert_eq!(mend("pre", "war", &v), Mend::KeepHyphen);
    }
}
