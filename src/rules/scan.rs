//! Byte-level skipping for rules that look for a few characters in mostly ASCII prose.
//!
//! Decoding every character of a document to compare it with a handful of marks costs more
//! than the rest of such a rule; testing bytes against a table and decoding only the hits
//! is several times faster.

/// A set of bytes, each tested with one table lookup.
pub struct ByteSet([bool; 256]);

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
        ByteSet(table)
    }

    /// The set `ascii` plus the given lead bytes of multi-byte characters (never
    /// continuation bytes, so that every hit is the start of a character).
    pub const fn with_leads(ascii: &[u8], leads: &[u8]) -> Self {
        let mut set = ByteSet::new(ascii, false);
        let mut i = 0;
        while i < leads.len() {
            assert!(leads[i] >= 0xC0, "only lead bytes");
            set.0[leads[i] as usize] = true;
            i += 1;
        }
        set
    }

    /// True when `b` is in the set.
    pub fn contains(&self, b: u8) -> bool {
        self.0[b as usize]
    }

    /// The characters of `s` whose first byte is in the set, with their offsets.
    pub fn chars<'a>(&'a self, s: &'a str) -> impl Iterator<Item = (usize, char)> + 'a {
        let bytes = s.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            let k = bytes[at..].iter().position(|&b| self.0[b as usize])?;
            let i = at + k;
            // A hit is an ASCII byte or a lead byte (continuation bytes are never in a set
            // made with `with_leads`, and with `new(_, true)` the scan only stops on the lead
            // byte since it resumes after whole characters), so `i` is a char boundary.
            let c = s[i..].chars().next()?;
            at = i + c.len_utf8();
            Some((i, c))
        })
    }
}

/// Offsets of the ASCII digits in `bytes`, eight bytes at a time: prose has few digits.
pub fn digits(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
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
