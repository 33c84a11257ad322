//! Byte-level skipping for rules that look for a few characters in mostly ASCII prose.
//!
//! Decoding every character of a document to compare it with a handful of marks costs more
//! than the rest of such a rule; testing bytes against a table and decoding only the hits
//! is several times faster.

/// A set of bytes, each tested with one table lookup; runs of bytes that cannot be in the
/// set are skipped eight at a time when the set allows it.
pub struct ByteSet {
    table: [bool; 256],
    skip: Skip,
}

/// Which eight-byte words can be skipped whole.
#[derive(Clone, Copy)]
enum Skip {
    /// None: test every byte.
    Never,
    /// Words of ASCII bytes (the set has only bytes from 0x80 up).
    Ascii,
    /// Words of printable ASCII, 0x20 to 0x7E (the set has none of them).
    Printable,
}

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

impl ByteSet {
    /// The bytes of `ascii`, and every byte from 0x80 up when `non_ascii` is set.
    pub const fn new(ascii: &[u8], non_ascii: bool) -> Self {
        let mut table = [false; 256];
        let mut i = 0;
        while i < ascii.len() {
            table[ascii[i] as usize] = true;
            i += 1;
        }
        if non_ascii {
            let mut b = 0x80;
            while b < 256 {
                table[b] = true;
                b += 1;
            }
        }
        ByteSet::from_table(table)
    }

    /// The set `ascii` plus the given lead bytes of multi-byte characters (never
    /// continuation bytes, so that every hit is the start of a character).
    pub const fn with_leads(ascii: &[u8], leads: &[u8]) -> Self {
        let mut table = ByteSet::new(ascii, false).table;
        let mut i = 0;
        while i < leads.len() {
            assert!(leads[i] >= 0xC0, "only lead bytes");
            table[leads[i] as usize] = true;
            i += 1;
        }
        ByteSet::from_table(table)
    }

    const fn from_table(table: [bool; 256]) -> Self {
        let (mut ascii, mut printable) = (false, false);
        let mut b = 0;
        while b < 0x80 {
            if table[b] {
                ascii = true;
                if b >= 0x20 && b < 0x7F {
                    printable = true;
                }
            }
            b += 1;
        }
        let skip = if !ascii {
            Skip::Ascii
        } else if !printable {
            Skip::Printable
        } else {
            Skip::Never
        };
        ByteSet { table, skip }
    }

    /// True when `b` is in the set.
    pub fn contains(&self, b: u8) -> bool {
        self.table[b as usize]
    }

    /// The offset of the first byte of `bytes` in the set.
    pub fn find(&self, bytes: &[u8]) -> Option<usize> {
        let mut at = 0;
        // Exact "has a byte below n / above n" tests on a word (Anderson's bit hacks).
        let skippable = |x: u64| match self.skip {
            Skip::Never => false,
            Skip::Ascii => x & HIGHS == 0,
            Skip::Printable => {
                let below = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
                let above = (x.wrapping_add(ONES) | x) & HIGHS;
                below | above == 0
            }
        };
        if !matches!(self.skip, Skip::Never) {
            while at + 8 <= bytes.len() {
                let x = u64::from_ne_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
                if !skippable(x) {
                    break;
                }
                at += 8;
            }
        }
        bytes[at..]
            .iter()
            .position(|&b| self.table[b as usize])
            .map(|k| at + k)
    }

    /// The characters of `s` whose first byte is in the set, with their offsets.
    pub fn chars<'a>(&'a self, s: &'a str) -> impl Iterator<Item = (usize, char)> + 'a {
        let bytes = s.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            let i = at + self.find(&bytes[at..])?;
            // A hit is an ASCII byte or a lead byte (continuation bytes are never in a set
            // made with `with_leads`, and with `new(_, true)` the scan only stops on the lead
            // byte since it resumes after whole characters), so `i` is a char boundary.
            let c = s[i..].chars().next()?;
            at = i + c.len_utf8();
            Some((i, c))
        })
    }
}

/// The offset of the first byte at or after `at` that is not an ASCII letter, eight bytes
/// at a time while the bytes are ASCII.
#[inline]
pub fn end_of_ascii_letters(bytes: &[u8], mut at: usize) -> usize {
    while at + 8 <= bytes.len() {
        let x = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
        if x & HIGHS != 0 {
            break;
        }
        // Per byte, with every byte below 0x80 no carry crosses bytes: t >= 'a' sets the high
        // bit of t + (0x80 - 'a'), and t <= 'z' that of (0x80 + 'z') - t.
        let t = x | (ONES * 0x20);
        let ge_a = t + ONES * (0x80 - u64::from(b'a'));
        let le_z = ONES * (0x80 + u64::from(b'z')) - t;
        let not_letter = !(ge_a & le_z) & HIGHS;
        if not_letter != 0 {
            return at + (not_letter.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && bytes[at].is_ascii_alphabetic() {
        at += 1;
    }
    at
}

/// Offsets of the ASCII digits in `bytes`, eight bytes at a time: prose has few digits.
pub fn digits(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const ZERO: u64 = u64::from_ne_bytes([b'0'; 8]);
    // A word holds a digit when some byte XOR '0' is below 10 (the classic "has less" test,
    // exact for whether any byte qualifies); then its bytes are looked at one by one.
    let chunks = bytes.chunks_exact(8);
    let tail = chunks.remainder().len();
    chunks
        .enumerate()
        .filter(|(_, c)| {
            let x = u64::from_ne_bytes((*c).try_into().expect("eight bytes")) ^ ZERO;
            x.wrapping_sub(ONES * 10) & !x & HIGHS != 0
        })
        .flat_map(|(k, c)| {
            c.iter()
                .enumerate()
                .filter(|(_, b)| b.is_ascii_digit())
                .map(move |(j, _)| k * 8 + j)
        })
        .chain((bytes.len() - tail..bytes.len()).filter(move |&i| bytes[i].is_ascii_digit()))
}

/// Whole-word patterns, found by looking up the runs of letters where words start.
///
/// An automaton over thousands of names walks a table too large for the cache at every
/// byte of the text. A pattern that starts with a letter and stands as a whole word starts
/// at a run of letters whose previous character is not alphanumeric, and its own first run
/// of letters must equal that run. So each run is tested against a small bit table keyed by
/// a few of its bytes, and only the runs that pass are compared with the patterns filed under
/// the same key, longest first, as an automaton's leftmost-longest search would choose.
#[derive(Debug)]
pub struct WordPatterns {
    /// The patterns' bytes, one after another; `spans[i]` is pattern `i`.
    bytes: Vec<u8>,
    spans: Vec<(u32, u32)>,
    /// Length in bytes of each pattern's first run of letters.
    run_len: Vec<u32>,
    /// `items[offsets[k]..offsets[k + 1]]`: the patterns whose first run has [`run_key`]
    /// `k`, longest first (then in the order given).
    offsets: Vec<u32>,
    items: Vec<u32>,
    /// Bits set by [`run_key`] of every pattern's first run: 8 KB, to stay in the cache.
    filter: Box<[u64]>,
    /// ASCII letters compared without case.
    fold: bool,
    /// Used instead when a pattern starts with something other than a letter.
    fallback: Option<aho_corasick::AhoCorasick>,
}

/// Keys of the run filter and index: 2^16.
const KEYS: usize = 1 << 16;

/// A hash of a run's length and its first, second and last bytes, folded.
fn run_key(run: &[u8], fold: bool) -> usize {
    let norm = |b: u8| if fold { b.to_ascii_lowercase() } else { b };
    let (first, last) = (
        run.first().copied().unwrap_or(0),
        run.last().copied().unwrap_or(0),
    );
    let second = run.get(1).copied().unwrap_or(0);
    let k = (run.len() as u32) << 24
        | u32::from(norm(first)) << 16
        | u32::from(norm(second)) << 8
        | u32::from(norm(last));
    (k.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// The first run of letters of a pattern.
fn first_run(pattern: &str) -> &str {
    let end = pattern
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(pattern.len(), |(i, _)| i);
    &pattern[..end]
}

impl WordPatterns {
    /// Compile `patterns` (`fold`: ASCII letters without case).
    pub fn new<P: AsRef<str>>(
        patterns: &[P],
        fold: bool,
        kind: aho_corasick::AhoCorasickKind,
    ) -> Result<Self, aho_corasick::BuildError> {
        let letters_first = patterns
            .iter()
            .all(|p| p.as_ref().chars().next().is_some_and(char::is_alphabetic));
        let mut out = WordPatterns {
            bytes: Vec::new(),
            spans: Vec::new(),
            run_len: Vec::new(),
            offsets: vec![0; KEYS + 1],
            items: Vec::new(),
            filter: vec![0u64; KEYS / 64].into_boxed_slice(),
            fold,
            fallback: None,
        };
        if !letters_first {
            out.fallback = Some(
                aho_corasick::AhoCorasickBuilder::new()
                    .ascii_case_insensitive(fold)
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .kind(Some(kind))
                    .build(patterns.iter().map(|p| p.as_ref()))?,
            );
            return Ok(out);
        }
        let mut keyed: Vec<(usize, std::cmp::Reverse<usize>, usize)> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let p = p.as_ref();
            let start = out.bytes.len() as u32;
            out.bytes.extend_from_slice(p.as_bytes());
            out.spans.push((start, out.bytes.len() as u32));
            let run = first_run(p).as_bytes();
            out.run_len.push(run.len() as u32);
            let key = run_key(run, fold);
            out.filter[key / 64] |= 1 << (key % 64);
            keyed.push((key, std::cmp::Reverse(p.len()), i));
        }
        keyed.sort_unstable();
        for &(key, _, i) in &keyed {
            out.offsets[key + 1] += 1;
            out.items.push(i as u32);
        }
        for k in 0..KEYS {
            out.offsets[k + 1] += out.offsets[k];
        }
        Ok(out)
    }

    /// Non-overlapping longest matches (start, end, pattern) that start at one of `runs`:
    /// ascending runs of letters where a word may start ([`crate::rules::lexicon::letter_runs`]
    /// or [`crate::rules::lexicon::Words::runs_in`]). Whether a match stands as a whole
    /// word at its end is the caller's to judge.
    pub fn find_runs(
        &self,
        text: &str,
        runs: impl Iterator<Item = (usize, usize)>,
    ) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        if let Some(ac) = &self.fallback {
            for m in ac.find_iter(text) {
                out.push((m.start(), m.end(), m.pattern().as_usize()));
            }
            return out;
        }
        let bytes = text.as_bytes();
        let mut next = 0;
        for (start, end) in runs {
            if start < next {
                continue;
            }
            let run = &bytes[start..end];
            let key = run_key(run, self.fold);
            if self.filter[key / 64] & (1 << (key % 64)) == 0 {
                continue;
            }
            let rest = &bytes[start..];
            let filed = &self.items[self.offsets[key] as usize..self.offsets[key + 1] as usize];
            let found = filed.iter().map(|&i| i as usize).find(|&i| {
                let (a, b) = self.spans[i];
                let p = &self.bytes[a as usize..b as usize];
                self.run_len[i] as usize == run.len()
                    && rest.len() >= p.len()
                    && if self.fold {
                        rest[..p.len()].eq_ignore_ascii_case(p)
                    } else {
                        rest[..p.len()] == *p
                    }
            });
            if let Some(i) = found {
                let (a, b) = self.spans[i];
                let stop = start + (b - a) as usize;
                out.push((start, stop, i));
                next = stop;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_same_characters_as_a_full_decode() {
        let s = "“Yes,” he said (twice) — in Ürümqi\u{200B}, [sic] ﬁne\u{7}.";
        let quotes = ByteSet::with_leads(b"\"()[]{}", &[0xC2, 0xE2]);
        let got: Vec<char> = quotes.chars(s).map(|(_, c)| c).collect();
        assert_eq!(got, ['“', '”', '(', ')', '—', '\u{200B}', '[', ']']);
        let odd = ByteSet::new(&[7], true);
        let got: Vec<(usize, char)> = odd.chars(s).collect();
        let want: Vec<(usize, char)> = s
            .char_indices()
            .filter(|&(_, c)| !c.is_ascii() || c == '\u{7}')
            .collect();
        assert_eq!(got, want);
    }

    fn whole(text: &str, s: usize, e: usize) -> bool {
        !text[..s]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !text[e..].chars().next().is_some_and(char::is_alphanumeric)
    }

    #[test]
    fn word_patterns_find_what_an_automaton_finds() {
        let patterns = [
            "Mao",
            "Mao Zedong",
            "Mao Tse-tung",
            "Ch'en Yi",
            "Ch’en Yi",
            "Chen Yi",
            "Kai-shek",
            "Chiang Kai-shek",
            "Ürümqi",
            "tudi gaige",
            "t'u-ti kai-ko",
            "Wu",
            "Li",
            "Peking",
            "Pe",
            "goverment",
            "an then",
        ];
        let pieces = [
            "Mao",
            "Zedong",
            "Tse-tung",
            "Ch'en",
            "Ch’en",
            "Chen",
            "Yi",
            "Kai-shek",
            "Chiang",
            "Ürümqi",
            "tudi",
            "gaige",
            "t'u-ti",
            "kai-ko",
            "Wu",
            "Li",
            "Peking",
            "Pe",
            "king",
            "GOVERMENT",
            "Goverment",
            "an",
            "then",
            "the",
            "1945",
            "anti-",
            "-",
            "'",
            "’s",
            "s",
            "X",
            "é",
        ];
        let seps = [" ", " ", ", ", "-", "", "(", ") ", ". "];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as usize % n
        };
        for fold in [false, true] {
            let wp =
                WordPatterns::new(&patterns, fold, aho_corasick::AhoCorasickKind::DFA).unwrap();
            let ac = aho_corasick::AhoCorasickBuilder::new()
                .ascii_case_insensitive(fold)
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(patterns)
                .unwrap();
            for _ in 0..3000 {
                let mut text = String::new();
                for _ in 0..next(12) {
                    text.push_str(pieces[next(pieces.len())]);
                    text.push_str(seps[next(seps.len())]);
                }
                let got: Vec<_> = wp
                    .find_runs(&text, crate::rules::lexicon::letter_runs(&text))
                    .into_iter()
                    .filter(|&(s, e, _)| whole(&text, s, e))
                    .collect();
                let all: Vec<_> = ac.find_iter(&text).collect();
                let want: Vec<_> = all
                    .iter()
                    .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                    .filter(|&(s, e, _)| whole(&text, s, e))
                    .collect();
                // The automaton also tries matches that start inside a word ("XMao"); once
                // rejected they can hide a match that starts within them. Only those may
                // differ.
                let hidden = |at: usize| {
                    all.iter().any(|m| {
                        m.start() < at && at < m.end() && !whole(&text, m.start(), m.end())
                    })
                };
                let same = want.iter().all(|m| got.contains(m))
                    && got.iter().all(|m| want.contains(m) || hidden(m.0));
                assert!(same, "fold {fold}: {text:?}: {got:?} vs {want:?}");
            }
        }
    }

    #[test]
    fn skipping_words_finds_the_same_bytes_as_testing_each() {
        let sets = [
            ByteSet::new(b"", true),
            ByteSet::new(b"\x00\x07\x1f\x7f", true),
            ByteSet::with_leads(b"", &[0xEF]),
            ByteSet::with_leads(b"\"()", &[0xE2]),
        ];
        let texts = [
            "plain ASCII text of more than eight bytes, with no hit at all........",
            "a\u{7}b, the bell; ﬁne; “quoted” (x) and \u{7f} delete ~ tilde }",
            "exactly8",
            "",
            "Ürümqi ééé\u{1f}",
        ];
        for set in &sets {
            for t in texts {
                for start in 0..t.len().min(12) {
                    let b = &t.as_bytes()[start..];
                    let want = b.iter().position(|&x| set.contains(x));
                    assert_eq!(set.find(b), want, "{t:?} from {start}");
                }
            }
        }
    }

    #[test]
    fn letters_end_where_a_byte_by_byte_scan_ends() {
        let texts = [
            "",
            "abc",
            "Zedong said: yes",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{",
            "abcdefgh",
            "abcdefgÜ",
            "@`[{",
        ];
        for t in texts {
            let b = t.as_bytes();
            for at in 0..=b.len() {
                let want = (at..b.len())
                    .find(|&i| !b[i].is_ascii_alphabetic())
                    .unwrap_or(b.len());
                assert_eq!(end_of_ascii_letters(b, at), want, "{t:?} from {at}");
            }
        }
        // Every byte value at every position of a word.
        for v in 0..=255u8 {
            for pos in 0..8 {
                let mut b = *b"abcdefghij";
                b[pos] = v;
                let want = (0..b.len())
                    .find(|&i| !b[i].is_ascii_alphabetic())
                    .unwrap_or(b.len());
                assert_eq!(end_of_ascii_letters(&b, 0), want, "byte {v:#x} at {pos}");
            }
        }
    }

    #[test]
    fn digits_are_found_wherever_they_stand() {
        let s = "In 1945, on 6 September, the 8th Army; /0:9 ~~9a ÿ9 é0 ";
        for start in 0..s.len() {
            let bytes = &s.as_bytes()[start..];
            let got: Vec<usize> = digits(bytes).collect();
            let want: Vec<usize> = (0..bytes.len())
                .filter(|&i| bytes[i].is_ascii_digit())
                .collect();
            assert_eq!(got, want, "from byte {start}");
        }
    }
}
