//! The artifact family: debris that PDF extraction, OCR and encoding round trips leave.

use super::lexicon::{self, Mend};
use super::{Context, FixKind, Rule, RuleMeta};
use crate::diagnostic::{Edit, Fix, Severity, Span};
use crate::document::{Block, Document, TopKind};

/// Two top-level paragraphs that are one sentence split by a page break of the source.
#[derive(Clone, Debug)]
pub struct Break {
    /// Index of the first paragraph's block in the outline.
    pub before: usize,
    /// Index of the second paragraph's block.
    pub after: usize,
    /// From the end of the first paragraph to the start of the second.
    pub gap: Span,
    /// The first word of the second paragraph.
    pub first_word: Span,
    /// The first paragraph ends in a hyphenated word part ("gov-"): where the hyphen is,
    /// and the two fragments.
    pub hyphen: Option<Hyphen>,
}

/// A word broken by a hyphen and whitespace: `gov-` / `ernment`.
#[derive(Clone, Copy, Debug)]
pub struct Hyphen {
    /// Offset of the hyphen.
    pub at: usize,
    /// The letters before the hyphen.
    pub first: Span,
    /// The letters after the whitespace.
    pub second: Span,
}

/// Find every page-break split: adjacent top-level paragraphs where the first ends without
/// sentence-final punctuation and the second starts with a lowercase letter.
pub fn find_breaks(doc: &Document, furniture: &std::collections::HashSet<usize>) -> Vec<Break> {
    let top = &doc.outline.top;
    let mut out = Vec::new();
    for (k, pair) in top.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        if a.kind != TopKind::Paragraph || b.kind != TopKind::Paragraph {
            continue;
        }
        // A page number or running header is not half of a sentence: joining it to the next
        // paragraph would make it part of the text.
        if furniture.contains(&k) || furniture.contains(&(k + 1)) {
            continue;
        }
        let (Some(ai), Some(bi)) = (a.block, b.block) else {
            continue;
        };
        let blocks = &doc.outline.blocks;
        let a_continues = out.last().is_some_and(|b: &Break| b.after == ai);
        if let Some(brk) = split_between(doc, &blocks[ai], &blocks[bi], a_continues) {
            out.push(Break {
                before: ai,
                after: bi,
                ..brk
            });
        }
    }
    out
}

/// `a_continues`: `a` is itself the second half of a split sentence, so a short `a` is no
/// label.
fn split_between(doc: &Document, a: &Block, b: &Block, a_continues: bool) -> Option<Break> {
    let text = &doc.text;
    let a_src = &text[a.span.range()];
    let a_core = strip_trailing_markup(a_src);
    let last = a_core.chars().last()?;
    if ends_sentence(a_core) {
        return None;
    }
    let b_src = &text[b.span.range()];
    let lead = b_src.len() - b_src.trim_start_matches(['*', '_', '~']).len();
    let first = b_src[lead..].chars().next()?;
    if !first.is_lowercase()
        || (!a_continues && is_label(a_core, 3))
        || is_label(strip_trailing_markup(b_src), 2)
    {
        return None;
    }
    let b_word_len = b_src[lead..]
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':'))
        .unwrap_or(b_src.len() - lead);
    let b_start = b.span.start as usize + lead;
    let hyphen = (last == '-' && a_src.trim_end().len() == a_core.len())
        .then(|| {
            let at = a.span.start as usize + a_core.len() - 1;
            let first_len: usize = a_core[..a_core.len() - 1]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .map(char::len_utf8)
                .sum();
            let second_len: usize = b_src[lead..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .map(char::len_utf8)
                .sum();
            (first_len > 0 && second_len > 0).then_some(Hyphen {
                at,
                first: Span::new(at - first_len, at),
                second: Span::new(b_start, b_start + second_len),
            })
        })
        .flatten();
    Some(Break {
        before: 0,
        after: 0,
        gap: Span::new(a.span.end as usize, b.span.start as usize),
        first_word: Span::new(
            b.span.start as usize + lead,
            b.span.start as usize + lead + b_word_len,
        ),
        hyphen,
    })
}

/// Top-level paragraphs that are page furniture: page numbers and lines repeated three or
/// more times.
pub fn page_furniture(doc: &Document) -> std::collections::HashSet<usize> {
    let mut keys: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    let mut out = std::collections::HashSet::new();
    for (k, t) in doc.outline.top.iter().enumerate() {
        if page_marker_span(doc, t).is_some() {
            out.insert(k);
            continue;
        }
        let (TopKind::Paragraph, Some(b)) = (t.kind, t.block) else {
            continue;
        };
        if let Some(key) = header_key(doc.slice(doc.outline.blocks[b].span)) {
            keys.entry(key).or_default().push(k);
        }
    }
    out.extend(keys.into_values().filter(|v| v.len() >= 3).flatten());
    out
}

/// Classification and precedence markings that sit on a line of their own, often in small
/// capitals that extraction turns into lowercase ("top secret" under a FRUS heading).
const MARKINGS: &[&str] = &[
    "secret",
    "top secret",
    "most secret",
    "confidential",
    "restricted",
    "unclassified",
    "urgent",
    "priority",
    "niact",
    "immediate",
    "personal",
    "eyes only",
    "for the eyes only",
    "plain",
    "strictly confidential",
    "personal and secret",
    "top secret and personal",
];

/// A line of a few words without sentence punctuation, or a marking: a label such as
/// "Translation - English", "top secret" or "Copy No. 3", not a half of a broken sentence.
fn is_label(s: &str, max_words: usize) -> bool {
    let t = s.trim();
    if t.contains('\n') {
        return false;
    }
    let core = t.trim_matches(|c: char| !c.is_alphanumeric());
    // Markings are short; a paragraph of text is not lowercased to compare with them.
    if core.len() <= 40 && MARKINGS.contains(&core.to_lowercase().as_str()) {
        return true;
    }
    // At most `max_words` words: no word after them (stops early on a long paragraph).
    t.split_whitespace().nth(max_words).is_none() && !ends_sentence(t)
}

/// The paragraph without trailing HTML comments, emphasis marks and whitespace.
fn strip_trailing_markup(s: &str) -> &str {
    let mut s = s.trim_end();
    loop {
        let before = s.len();
        if s.ends_with("-->") {
            if let Some(i) = s.rfind("<!--") {
                s = &s[..i];
            }
        }
        s = s.trim_end().trim_end_matches(['*', '_', '~']).trim_end();
        if s.len() == before {
            return s;
        }
    }
}

/// True when `s` ends with `. ! ? : ;` or an ellipsis, possibly followed by closing quotes
/// or brackets: `…burden."`, `(see above).`, `and so on…`.
fn ends_sentence(s: &str) -> bool {
    let core = s.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', '*', '_']);
    core.ends_with(['.', '!', '?', ':', ';', '…'])
}

/// `artifact/page-break`: a sentence split over two paragraphs by a page break.
pub struct PageBreak;

static PAGE_BREAK: RuleMeta = RuleMeta {
    id: "artifact/page-break",
    severity: Severity::Warning,
    summary: "paragraph break in the middle of a sentence, left by a page break of the source",
    explanation: "\
When a transcription is extracted from a PDF or a scan, the end of each printed page often
becomes a paragraph break. The sentence that ran over the page is then cut in two: the first
paragraph stops without a full stop and the next one begins in lowercase. Readers, search
engines and translation memories all see two broken fragments.

The rule flags two adjacent paragraphs when the first ends without sentence-final
punctuation (`. ! ? : ;` or an ellipsis, possibly followed by closing quotation marks or
brackets) and the second starts with a lowercase letter. Headings, list items, tables,
code, block quotes and HTML blocks are never joined.

The fix (safe) replaces the break by one space. When the first paragraph ends in a
hyphenated word part (`gov-` / `ernment`), the parts are joined without the hyphen if the
joined word occurs elsewhere in the document or in emend's word list, and a compound
(`Sino-` / `Soviet`, `co-` / `operation`) keeps its hyphen.",
    fix: FixKind::Safe,
    config: "",
    bad: &[
        "They propose an unclear formula about \"political construction,\" in\n\nthe course of which this question will find its resolution.\n",
        "The delegation of the provincial gov-\n\nernment arrived on Tuesday.\n",
    ],
    good: &[
        "The talks were long.\n\nthe next day they resumed.\n",
        "He proposed the following:\n\nthat the armies withdraw.\n",
        "The question of legalization\n\nThe second paragraph starts in uppercase.\n",
        "- a list item without a stop\n\nand a paragraph after it.\n",
        "The delegates said \"no.\"\n\nand left.\n",
        "The Ambassador in China (Hurley) to the Secretary of State\n\ntop secret\n\nChungking, August 12, 1945.\n",
        "Translation - English\n\nrecord of a conversation held on 6 September.\n",
    ],
};

/// The edit that mends a break: one space, or a hyphenated word joined or kept whole.
fn mend_break(doc: &Document, cx: &Context<'_>, gap: Span, hyphen: Option<Hyphen>) -> Edit {
    match hyphen {
        None => Edit::replace(gap, " "),
        Some(h) => {
            let vocab = cx.shared().vocabulary(doc);
            match lexicon::mend(doc.slice(h.first), doc.slice(h.second), vocab) {
                Mend::Join => Edit::replace(Span::new(h.at, gap.end as usize), ""),
                Mend::KeepHyphen | Mend::Unknown => Edit::replace(gap, ""),
            }
        }
    }
}

impl Rule for PageBreak {
    fn meta(&self) -> &'static RuleMeta {
        &PAGE_BREAK
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for brk in cx.shared().page_breaks(doc) {
            let edit = mend_break(doc, cx, brk.gap, brk.hyphen);
            cx.report(brk.gap, "paragraph break in the middle of a sentence")
                .primary("the sentence breaks off here, probably at a page break of the source")
                .label(brk.first_word, "and continues here")
                .help("join the two paragraphs into one")
                .fix(Fix::safe(vec![edit]));
        }
    }
}

/// `artifact/hyphenation`: a word broken by a hyphen and a line break or a space.
pub struct Hyphenation;

static HYPHENATION: RuleMeta = RuleMeta {
    id: "artifact/hyphenation",
    severity: Severity::Warning,
    summary: "word broken by a hyphen and a line break or a space inside a paragraph",
    explanation: "\
Printed pages hyphenate long words at the end of a line. When the text is extracted the
hyphen and the line break stay — `inter-` at the end of one line, `national` at the start of
the next — and the word is no longer found by search or read aloud correctly; in Markdown
the line break even shows as a space (`inter- national`).

The rule looks for a letter, a hyphen, then a line break or a space, then a letter, inside a
paragraph. It decides with the document's own words first and emend's word list second:
when the joined word (`international`) is a word, the safe fix removes the hyphen and the
break. A compound (`Sino-Soviet`, `anti-Party`, `so-called`, `co-operation`, two words
joined by a hyphen, or any form the document itself writes with a hyphen) is never joined:
wrapped after its hyphen it is left alone, and written with a space after the hyphen
(`Sino- Soviet`) the fix removes the space. When neither is known, a word broken at a line
break keeps its hyphen and loses the break. Suspended hyphens (`pre- and post-war`) are
left alone.",
    fix: FixKind::Safe,
    config: "",
    bad: &[
        "The question of inter-\nnational control was raised again.\n",
        "The Soviet- American talks and the inter- national situation were discussed.\n",
    ],
    good: &[
        "The Sino-Soviet treaty and the so-called anti-Party group.\n",
        "Both pre- and post-war plans, the Sino- and Soviet-Korean talks.\n",
        "He paused - and then went on.\n",
        "She said the well-\n\nNext paragraph.\n",
        "The Sino-\nSoviet treaty and the twenty-\nfive divisions.\n",
    ],
};

/// A hyphen inside a paragraph followed by whitespace and a letter.
struct Broken {
    hyphen: Hyphen,
    /// The whitespace (and block-quote markers) between the hyphen and the second part.
    gap: Span,
    line_break: bool,
}

fn broken_words(doc: &Document) -> Vec<Broken> {
    let text = &doc.text;
    let mut out = Vec::new();
    for p in &doc.outline.prose {
        let slice = doc.slice(*p);
        for (i, _) in slice.match_indices('-') {
            let at = p.start as usize + i;
            let first_len: usize = text[..at]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .map(char::len_utf8)
                .sum();
            if first_len == 0 || text[..at - first_len].ends_with(['-', '/']) {
                continue;
            }
            // The gap: spaces, at most one line break, and block-quote markers after it.
            let rest = &text[at + 1..];
            let mut gap_len = 0;
            let mut newlines = 0;
            for c in rest.chars() {
                match c {
                    ' ' | '\t' | '\r' => {}
                    '\n' => newlines += 1,
                    '>' if newlines > 0 => {}
                    _ => break,
                }
                gap_len += c.len_utf8();
            }
            if gap_len == 0 || newlines > 1 {
                continue;
            }
            let second_start = at + 1 + gap_len;
            if !doc.outline.is_prose(second_start) {
                continue;
            }
            let second_len: usize = text[second_start..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .map(char::len_utf8)
                .sum();
            if second_len == 0 {
                continue;
            }
            let second = &text[second_start..second_start + second_len];
            // "pre- and post-war": a suspended hyphen, not a broken word.
            if matches!(
                second.to_lowercase().as_str(),
                "and" | "or" | "nor" | "to" | "versus" | "und" | "as" | "but" | "than"
            ) {
                continue;
            }
            out.push(Broken {
                hyphen: Hyphen {
                    at,
                    first: Span::new(at - first_len, at),
                    second: Span::new(second_start, second_start + second_len),
                },
                gap: Span::new(at + 1, second_start),
                line_break: newlines == 1,
            });
        }
    }
    out
}

impl Rule for Hyphenation {
    fn meta(&self) -> &'static RuleMeta {
        &HYPHENATION
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for b in broken_words(doc) {
            let (first, second) = (doc.slice(b.hyphen.first), doc.slice(b.hyphen.second));
            let how = lexicon::mend(first, second, cx.shared().vocabulary(doc));
            let where_ = if b.line_break {
                "a line break"
            } else {
                "a space"
            };
            let span = Span::new(b.hyphen.first.start as usize, b.hyphen.second.end as usize);
            let (message, edit) = match how {
                Mend::Join => (
                    format!("word broken by a hyphen and {where_}: “{first}-{second}” reads “{first}{second}”"),
                    Edit::replace(Span::new(b.hyphen.at, b.gap.end as usize), ""),
                ),
                // A compound wrapped after its hyphen is not a broken word; one with a
                // space after the hyphen reads wrongly everywhere.
                Mend::KeepHyphen if b.line_break => continue,
                Mend::KeepHyphen => (
                    format!("hyphenated compound split by a space: “{first}- {second}”"),
                    Edit::replace(b.gap, ""),
                ),
                Mend::Unknown if b.line_break => (
                    format!("word broken by a hyphen and a line break: “{first}-{second}”"),
                    Edit::replace(b.gap, ""),
                ),
                Mend::Unknown => continue,
            };
            let help = match how {
                Mend::Join => format!("join the parts: “{first}{second}”"),
                _ => format!("remove the break and keep the hyphen: “{first}-{second}”"),
            };
            cx.report(span, message)
                .primary(format!("broken at {where_}"))
                .help(help)
                .fix(Fix::safe(vec![edit]));
        }
    }
}

/// Windows-1252 bytes 0x80..=0x9F that are not the Latin-1 C1 controls.
const CP1252_HIGH: [(u8, char); 27] = [
    (0x80, '€'),
    (0x82, '‚'),
    (0x83, 'ƒ'),
    (0x84, '„'),
    (0x85, '…'),
    (0x86, '†'),
    (0x87, '‡'),
    (0x88, 'ˆ'),
    (0x89, '‰'),
    (0x8A, 'Š'),
    (0x8B, '‹'),
    (0x8C, 'Œ'),
    (0x8E, 'Ž'),
    (0x91, '‘'),
    (0x92, '’'),
    (0x93, '“'),
    (0x94, '”'),
    (0x95, '•'),
    (0x96, '–'),
    (0x97, '—'),
    (0x98, '˜'),
    (0x99, '™'),
    (0x9A, 'š'),
    (0x9B, '›'),
    (0x9C, 'œ'),
    (0x9E, 'ž'),
    (0x9F, 'Ÿ'),
];

/// The byte a character had before it was wrongly decoded as Windows-1252 (or Latin-1).
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..0x100).contains(&u) {
        return Some(u as u8);
    }
    CP1252_HIGH.iter().find(|(_, ch)| *ch == c).map(|(b, _)| *b)
}

/// Decode one level of mojibake at the start of `s`: the characters of one UTF-8 sequence
/// read as Windows-1252. Returns (characters consumed in bytes of `s`, decoded char).
fn decode_one(s: &str) -> Option<(usize, char)> {
    let mut chars = s.char_indices();
    let (_, lead) = chars.next()?;
    let b0 = cp1252_byte(lead)?;
    let n = match b0 {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = vec![b0];
    let mut end = lead.len_utf8();
    let mut ordinary = 0;
    for _ in 1..n {
        let (i, c) = chars.next()?;
        let b = cp1252_byte(c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        if matches!(c, '’' | '‘' | '“' | '”' | '…' | '–' | '—') {
            ordinary += 1;
        }
        bytes.push(b);
        end = i + c.len_utf8();
    }
    // "é’’" is French punctuation, not a CJK character read as Windows-1252.
    if n > 2 && ordinary == n - 1 {
        return None;
    }
    let decoded = std::str::from_utf8(&bytes).ok()?.chars().next()?;
    if decoded.is_control() || (decoded as u32) < 0x80 {
        return None;
    }
    Some((end, decoded))
}

/// Decode every mojibake sequence in `s`; `None` when there is none.
fn decode_level(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut changed = false;
    while i < s.len() {
        if let Some((len, c)) = decode_one(&s[i..]) {
            out.push(c);
            i += len;
            changed = true;
        } else {
            let c = s[i..].chars().next().expect("inside the string");
            out.push(c);
            i += c.len_utf8();
        }
    }
    changed.then_some(out)
}

/// A run of mojibake and what it was meant to say.
#[derive(Clone, Debug)]
pub struct Mojibake {
    /// The garbled characters.
    pub span: Span,
    /// The intended text, when the round trip is exact.
    pub intended: String,
    /// False when a byte was lost (`â€` for ”): the intended text is a guess.
    pub exact: bool,
}

/// Find mojibake in the prose: sequences of characters that are UTF-8 bytes decoded as
/// Windows-1252, possibly more than once.
pub fn find_mojibake(doc: &Document) -> Vec<Mojibake> {
    let mut out: Vec<Mojibake> = Vec::new();
    for p in &doc.outline.prose {
        let slice = doc.slice(*p);
        let mut i = 0;
        while i < slice.len() {
            // Mojibake is made of characters outside ASCII.
            static NON_ASCII: super::scan::ByteSet = super::scan::ByteSet::new(b"", true);
            match NON_ASCII.find(&slice.as_bytes()[i..]) {
                Some(k) => i += k,
                None => break,
            }
            let rest = &slice[i..];
            let c = rest.chars().next().expect("inside the slice");
            if (c as u32) < 0xC2 || decode_one(rest).is_none() {
                // "â€" with its third byte (0x9D, for ”) dropped by the round trip.
                if rest.starts_with("â€") && decode_one(rest).is_none() {
                    let at = p.start as usize + i;
                    out.push(Mojibake {
                        span: Span::new(at, at + "â€".len()),
                        intended: "”".to_owned(),
                        exact: false,
                    });
                    i += "â€".len();
                    continue;
                }
                i += c.len_utf8();
                continue;
            }
            // A run of adjacent sequences, decoded as a whole so that double encoding
            // ("Ã¢â‚¬â„¢") unwinds to one character.
            let mut end = i;
            while end < slice.len() {
                match decode_one(&slice[end..]) {
                    Some((len, _)) => end += len,
                    None => break,
                }
            }
            let mut intended = slice[i..end].to_owned();
            for _ in 0..4 {
                match decode_level(&intended) {
                    Some(next) => intended = next,
                    None => break,
                }
            }
            let at = p.start as usize + i;
            out.push(Mojibake {
                span: Span::new(at, p.start as usize + end),
                intended,
                exact: true,
            });
            i = end;
        }
    }
    out
}

fn describe_char(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// `artifact/mojibake`: UTF-8 text that was decoded as Windows-1252 or Latin-1.
pub struct MojibakeRule;

static MOJIBAKE: RuleMeta = RuleMeta {
    id: "artifact/mojibake",
    severity: Severity::Error,
    summary: "UTF-8 text garbled by a Windows-1252 or Latin-1 round trip (â€™, Ã©)",
    explanation: "\
When UTF-8 text is opened as Windows-1252 (or Latin-1) and saved again, every accented
letter and typographic mark turns into two or three characters of garbage: ’ becomes â€™,
“ becomes â€œ, é becomes Ã©, the Cyrillic С becomes Ð¡. Done twice, the garbage doubles
(Ã¢â‚¬â„¢). Names of people and places are the first victims.

The rule re-encodes the suspicious characters as Windows-1252 bytes and decodes them as
UTF-8; when that gives a real character, the text was garbled. The safe fix puts the
intended character back; the message names it. When the round trip lost a byte (â€ for ”),
the intended character is a guess and the fix is unsafe.",
    fix: FixKind::Safe,
    config: "",
    bad: &[
        "Mao said that the GMDâ€™s position was unchanged.\n",
        "The delegation met RÃ©vÃ©sz in Budapest.\n",
        "Twice garbled: the CCPÃ¢â‚¬â„¢s view.\n",
        "The signal read â€œagreedâ€ and nothing more.\n",
    ],
    good: &[
        "The GMD’s position and Révész in Budapest; Ürümqi and Gomułka.\n",
        "São Paulo, Øresund, Ðakovo and the café’s “menu”.\n",
        "Prices in € and £, © 1950, 12° north.\n",
    ],
};

impl Rule for MojibakeRule {
    fn meta(&self) -> &'static RuleMeta {
        &MOJIBAKE
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for m in cx.shared().mojibake(doc) {
            let garbled = doc.slice(m.span);
            let names: Vec<String> = m.intended.chars().map(describe_char).collect();
            let edit = Edit::replace(m.span, m.intended.clone());
            if m.exact {
                cx.report(
                    m.span,
                    format!(
                        "mojibake: “{garbled}” is “{}” ({}) garbled by a Windows-1252 round trip",
                        m.intended,
                        names.join(" ")
                    ),
                )
                .primary(format!("should read “{}”", m.intended))
                .help(format!("replace it with “{}”", m.intended))
                .fix(Fix::safe(vec![edit]));
            } else {
                cx.report(
                    m.span,
                    format!(
                        "mojibake: “{garbled}” is probably “{}” ({}) garbled by a Windows-1252 round trip that lost a byte",
                        m.intended,
                        names.join(" ")
                    ),
                )
                .primary(format!("probably “{}”", m.intended))
                .help(format!("check the source and replace it with “{}”", m.intended))
                .fix(Fix::unsafe_(vec![edit]));
            }
        }
    }
}

/// `artifact/replacement-char`: U+FFFD, a character lost in conversion.
pub struct ReplacementChar;

static REPLACEMENT_CHAR: RuleMeta = RuleMeta {
    id: "artifact/replacement-char",
    severity: Severity::Error,
    summary: "replacement character � (U+FFFD): a character was lost in conversion",
    explanation: "\
The replacement character � is what a program writes when it cannot decode a byte. The
character that stood there — often an accented letter of a name, a dash or a quotation
mark — is gone, and nothing in the file says what it was. Only the source document can.

There is no fix: look the passage up in the original and type the character.",
    fix: FixKind::None,
    config: "",
    bad: &["The delegation met R�v�sz in Budapest.\n"],
    good: &["The delegation met Révész in Budapest.\n"],
};

impl Rule for ReplacementChar {
    fn meta(&self) -> &'static RuleMeta {
        &REPLACEMENT_CHAR
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for p in &doc.outline.prose {
            let slice = doc.slice(*p);
            let mut iter = slice.match_indices('\u{FFFD}').peekable();
            while let Some((i, _)) = iter.next() {
                let mut end = i + 3;
                while iter.peek().is_some_and(|(j, _)| *j == end) {
                    iter.next();
                    end += 3;
                }
                let n = (end - i) / 3;
                let span = Span::new(p.start as usize + i, p.start as usize + end);
                let what = if n == 1 {
                    "a character was lost".to_owned()
                } else {
                    format!("{n} characters were lost")
                };
                cx.report(
                    span,
                    format!("replacement character �: {what} in conversion"),
                )
                .primary("the original character is unknown")
                .help("look the passage up in the source document and type the missing character");
            }
        }
    }
}

/// What to do with an invisible character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Invisible {
    /// Remove it: it carries nothing in English prose.
    Remove,
    /// A control character: replace by a space between words, else remove.
    Control,
    /// A bidirectional control: name it only.
    Bidi,
}

fn invisible_kind(c: char) -> Option<(Invisible, &'static str)> {
    Some(match c {
        '\u{00AD}' => (Invisible::Remove, "SOFT HYPHEN"),
        '\u{200B}' => (Invisible::Remove, "ZERO WIDTH SPACE"),
        '\u{200C}' => (Invisible::Remove, "ZERO WIDTH NON-JOINER"),
        '\u{200D}' => (Invisible::Remove, "ZERO WIDTH JOINER"),
        '\u{2060}' => (Invisible::Remove, "WORD JOINER"),
        '\u{FEFF}' => (Invisible::Remove, "BYTE ORDER MARK"),
        '\u{200E}' => (Invisible::Bidi, "LEFT-TO-RIGHT MARK"),
        '\u{200F}' => (Invisible::Bidi, "RIGHT-TO-LEFT MARK"),
        '\u{061C}' => (Invisible::Bidi, "ARABIC LETTER MARK"),
        '\u{202A}' => (Invisible::Bidi, "LEFT-TO-RIGHT EMBEDDING"),
        '\u{202B}' => (Invisible::Bidi, "RIGHT-TO-LEFT EMBEDDING"),
        '\u{202C}' => (Invisible::Bidi, "POP DIRECTIONAL FORMATTING"),
        '\u{202D}' => (Invisible::Bidi, "LEFT-TO-RIGHT OVERRIDE"),
        '\u{202E}' => (Invisible::Bidi, "RIGHT-TO-LEFT OVERRIDE"),
        '\u{2066}' => (Invisible::Bidi, "LEFT-TO-RIGHT ISOLATE"),
        '\u{2067}' => (Invisible::Bidi, "RIGHT-TO-LEFT ISOLATE"),
        '\u{2068}' => (Invisible::Bidi, "FIRST STRONG ISOLATE"),
        '\u{2069}' => (Invisible::Bidi, "POP DIRECTIONAL ISOLATE"),
        '\t' | '\n' | '\r' => return None,
        c if (c as u32) < 0x20 || c == '\u{7F}' => (Invisible::Control, "control character"),
        c if (0x80..0xA0).contains(&(c as u32)) => (Invisible::Control, "C1 control character"),
        _ => return None,
    })
}

/// `artifact/invisible-char`: zero-width, soft-hyphen, control and bidi characters.
pub struct InvisibleChar;

static INVISIBLE_CHAR: RuleMeta = RuleMeta {
    id: "artifact/invisible-char",
    severity: Severity::Warning,
    summary: "invisible character in the text: zero-width, soft hyphen, control or bidi",
    explanation: "\
Characters that print as nothing still break things: a zero-width space or a soft hyphen
inside \"Zhou\" makes the name unsearchable, a stray byte order mark or control character
left by a conversion confuses other tools, and a bidirectional override can make text display
in a different order from the one in the file.

The safe fix removes soft hyphens, zero-width spaces and joiners, word joiners and byte order
marks, and control characters (a control character between two words becomes a space).
Bidirectional controls are only named: they may be intended in right-to-left text.",
    fix: FixKind::Safe,
    config: "",
    bad: &[
        "Zhou\u{200B} Enlai arrived.\n",
        "The nego\u{00AD}tiations resumed.\n",
        "The text\u{000C}continued.\n",
        "The note\u{202E} ended.\n",
    ],
    good: &["Zhou Enlai arrived; the negotiations resumed\tat once.\n"],
};

impl Rule for InvisibleChar {
    fn meta(&self) -> &'static RuleMeta {
        &INVISIBLE_CHAR
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let moji = cx.shared().mojibake(doc);
        let in_mojibake = |o: usize| {
            let k = moji.partition_point(|m| (m.span.end as usize) <= o);
            moji.get(k).is_some_and(|m| m.span.contains(o))
        };
        // Every invisible character is a control byte or outside ASCII.
        static CANDIDATES: super::scan::ByteSet = super::scan::ByteSet::new(
            b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f",
            true,
        );
        for p in &doc.outline.prose {
            let slice = doc.slice(*p);
            for (i, c) in CANDIDATES.chars(slice) {
                let Some((kind, name)) = invisible_kind(c) else {
                    continue;
                };
                let at = p.start as usize + i;
                if in_mojibake(at) {
                    continue;
                }
                let span = Span::new(at, at + c.len_utf8());
                let code = describe_char(c);
                match kind {
                    Invisible::Bidi => {
                        cx.report(
                            span,
                            format!("bidirectional control {code} {name} in the text"),
                        )
                        .primary("invisible")
                        .help("remove it unless the passage is right-to-left text that needs it");
                    }
                    Invisible::Remove | Invisible::Control => {
                        let prev = doc.text[..at].chars().next_back();
                        let next = doc.text[at + c.len_utf8()..].chars().next();
                        let between_words = kind == Invisible::Control
                            && prev.is_some_and(|c| !c.is_whitespace())
                            && next.is_some_and(|c| !c.is_whitespace());
                        let replacement = if between_words { " " } else { "" };
                        cx.report(
                            span,
                            format!("invisible character {code} {name} in the text"),
                        )
                        .primary("invisible")
                        .help(if between_words {
                            "replace it by a space"
                        } else {
                            "remove it"
                        })
                        .fix(Fix::safe(vec![Edit::replace(span, replacement)]));
                    }
                }
            }
        }
    }
}

/// `artifact/ligature`: presentation-form ligatures from PDF extraction.
pub struct Ligature;

static LIGATURE: RuleMeta = RuleMeta {
    id: "artifact/ligature",
    severity: Severity::Warning,
    summary: "typographic ligature character (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) from PDF extraction",
    explanation: "\
Typeset PDFs draw \"fi\", \"fl\", \"ff\" as single ligature glyphs, and text extraction often
copies the glyph instead of the letters: \"ofﬁcial\", \"conﬂict\". The word then fails every
search and spell check.

The safe fix writes the letters out.",
    fix: FixKind::Safe,
    config: "",
    bad: &["The ofﬁcial spoke of the conﬂict and the staﬀ.\n"],
    good: &["The official spoke of the conflict and the staff.\n"],
};

fn ligature_letters(c: char) -> Option<&'static str> {
    Some(match c {
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        _ => return None,
    })
}

impl Rule for Ligature {
    fn meta(&self) -> &'static RuleMeta {
        &LIGATURE
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        // The ligatures U+FB00–FB06 all start with the byte 0xEF.
        static CANDIDATES: super::scan::ByteSet = super::scan::ByteSet::with_leads(b"", &[0xEF]);
        for p in &doc.outline.prose {
            for (i, c) in CANDIDATES.chars(doc.slice(*p)) {
                let Some(letters) = ligature_letters(c) else {
                    continue;
                };
                let at = p.start as usize + i;
                let span = Span::new(at, at + c.len_utf8());
                cx.report(
                    span,
                    format!("ligature character “{c}” instead of the letters “{letters}”"),
                )
                .primary("one glyph for several letters")
                .help(format!("write “{letters}”"))
                .fix(Fix::safe(vec![Edit::replace(span, letters)]));
            }
        }
    }
}

/// Named HTML entities that turn up in exported transcriptions.
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("nbsp", '\u{A0}'),
    ("quot", '"'),
    ("apos", '\''),
    ("lt", '<'),
    ("gt", '>'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("hellip", '…'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("bdquo", '„'),
    ("sbquo", '‚'),
    ("shy", '\u{AD}'),
    ("copy", '©'),
    ("sect", '§'),
    ("deg", '°'),
    ("middot", '·'),
    ("bull", '•'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("aacute", 'á'),
    ("agrave", 'à'),
    ("oacute", 'ó'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("auml", 'ä'),
    ("iacute", 'í'),
    ("ccedil", 'ç'),
    ("szlig", 'ß'),
    ("ntilde", 'ñ'),
];

/// Tags that Markdown writers use on purpose.
const ALLOWED_TAGS: &[&str] = &[
    "sup", "sub", "a", "abbr", "kbd", "mark", "u", "ins", "del", "s", "cite", "q", "small",
];

/// `artifact/html-residue`: HTML entities and tags left in the prose by a conversion.
pub struct HtmlResidue;

static HTML_RESIDUE: RuleMeta = RuleMeta {
    id: "artifact/html-residue",
    severity: Severity::Warning,
    summary: "HTML entity or stray HTML tag left in the text by a conversion",
    explanation: "\
Transcriptions copied out of web pages or word processors carry HTML residue: entities such
as `&amp;`, `&nbsp;`, `&#8217;` written out in the text, and tags such as `<br>`, `<span …>`
or `</p>`. Plain-text readers and search indexes show them as they are.

The safe fix writes the character an entity stands for (`&#8217;` becomes ’). `&lt;` and
`&gt;` are only reported, since writing them out could create a tag; tags are reported for
the editor to remove. Comments (`<!-- … -->`) and tags commonly used on purpose in Markdown
(`<sup>`, `<sub>`, `<a>`) are left alone.",
    fix: FixKind::Safe,
    config: "",
    bad: &[
        "The Ministry of Foreign Affairs &amp; Trade replied.\n",
        "Mao&#8217;s answer was short.\n",
        "The first line<br>the second line.\n",
    ],
    good: &[
        "The Ministry of Foreign Affairs & Trade replied; Mao’s answer was short.\n",
        "Footnote<sup>1</sup> and a comment <!-- checked -->.\n",
        "The code `&amp;` is not prose.\n",
    ],
};

/// An entity at the start of `s` ("&amp;", "&#8217;", "&#x2019;"): its length and character.
fn entity_at(s: &str) -> Option<(usize, char)> {
    let body = s.strip_prefix('&')?;
    let end = body.find(';')?;
    if end == 0 || end > 10 {
        return None;
    }
    let name = &body[..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code).filter(|c| !c.is_control())?
    } else {
        ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)?
    };
    Some((end + 2, c))
}

impl Rule for HtmlResidue {
    fn meta(&self) -> &'static RuleMeta {
        &HTML_RESIDUE
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for p in &doc.outline.prose {
            let slice = doc.slice(*p);
            for (i, _) in slice.match_indices('&') {
                let Some((len, c)) = entity_at(&doc.text[p.start as usize + i..]) else {
                    continue;
                };
                let at = p.start as usize + i;
                let span = Span::new(at, at + len);
                let entity = doc.slice(span);
                let after = &doc.text[span.end as usize..];
                // Writing out &lt; or &gt; (or an &amp; before another entity) changes markup.
                let entity_like = after
                    .char_indices()
                    .take(12)
                    .find(|(_, ch)| !(ch.is_ascii_alphanumeric() || *ch == '#'))
                    .is_some_and(|(k, ch)| k > 0 && ch == ';');
                let risky = matches!(c, '<' | '>') || (c == '&' && entity_like);
                let shown = if c == '\u{A0}' {
                    "a no-break space".to_owned()
                } else {
                    format!("“{c}”")
                };
                let mut r = cx
                    .report(span, format!("HTML entity {entity} in the text"))
                    .primary(format!("stands for {shown}"));
                if risky {
                    r = r.help(
                        "write the character it stands for, taking care not to create markup",
                    );
                } else {
                    r = r
                        .help(format!("write {shown} instead"))
                        .fix(Fix::safe(vec![Edit::replace(span, c.to_string())]));
                }
                drop(r);
            }
        }
        for h in &doc.outline.html {
            let src = doc.slice(*h).trim_end();
            if src.starts_with("<!--") || src.contains('\n') {
                continue;
            }
            let Some(name) = tag_name(src) else { continue };
            if ALLOWED_TAGS.contains(&name.to_ascii_lowercase().as_str()) {
                continue;
            }
            let span = Span::new(h.start as usize, h.start as usize + src.len());
            cx.report(span, format!("stray HTML tag {src} in the text"))
                .primary("left by a conversion")
                .help("remove the tag (a <br> is usually a line or paragraph break)");
        }
    }
}

/// The name of a single tag (`<br>`, `</p>`, `<span class="x">`), or `None`.
fn tag_name(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('<')?.strip_suffix('>')?;
    if inner.contains(['<', '>']) {
        return None;
    }
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let end = inner
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(inner.len());
    let name = &inner[..end];
    (!name.is_empty()
        && name.chars().next()?.is_ascii_alphabetic()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-'))
    .then_some(name)
}

/// `artifact/doubled-word`: "the the".
pub struct DoubledWord;

static DOUBLED_WORD: RuleMeta = RuleMeta {
    id: "artifact/doubled-word",
    severity: Severity::Warning,
    summary: "the same word twice in a row (\"the the\")",
    explanation: "\
A word typed twice — \"the the\", \"of of\" — is the most common slip of transcription,
easy to miss when the two copies sit on different lines.

Grammatical doubles stay silent: \"that that\", \"had had\", \"do do\", and \"is is\" after a
clause such as \"what it is is\". Capitalised doubles are left alone too, since they are
usually names. The fix (unsafe, because a double can be meant) removes the second word.",
    fix: FixKind::Unsafe,
    config: "",
    bad: &[
        "The delegation of of the CCP arrived.\n",
        "Zhou said that the\nthe talks would go on.\n",
    ],
    good: &[
        "He said that that was settled; they had had enough.\n",
        "What it is is a trap. They do do their best.\n",
        "Liu Liu and Wang Wang are names.\n",
        "No, no, the talks will go on.\n",
    ],
};

impl Rule for DoubledWord {
    fn meta(&self) -> &'static RuleMeta {
        &DOUBLED_WORD
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let split = cx.shared().words(doc);
        for block in &doc.outline.blocks {
            let words = split.in_prose(doc, block.prose.clone());
            for k in 1..words.len() {
                let (a, b) = (words[k - 1], words[k]);
                // Most neighbours differ in length: no need to look at their letters.
                if a.end - a.start != b.end - b.start {
                    continue;
                }
                let (wa, wb) = (doc.slice(a), doc.slice(b));
                if !wa.eq_ignore_ascii_case(wb) || wa.chars().any(|c| !c.is_alphabetic()) {
                    continue;
                }
                if !doc.text[a.end as usize..b.start as usize]
                    .chars()
                    .all(char::is_whitespace)
                {
                    continue;
                }
                if wb.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                let lower = wb.to_lowercase();
                if matches!(lower.as_str(), "that" | "had" | "do") {
                    continue;
                }
                if lower == "is" {
                    let clause = words[k.saturating_sub(4)..k - 1].iter().any(|w| {
                        matches!(
                            doc.slice(*w).to_lowercase().as_str(),
                            "what"
                                | "whatever"
                                | "where"
                                | "why"
                                | "how"
                                | "who"
                                | "thing"
                                | "all"
                                | "problem"
                                | "question"
                        )
                    });
                    if clause {
                        continue;
                    }
                }
                let span = Span::new(a.start as usize, b.end as usize);
                cx.report(span, format!("doubled word “{wa} {wb}”"))
                    .primary("the same word twice")
                    .help(format!("remove the second “{wb}”"))
                    .fix(Fix::unsafe_(vec![Edit::replace(
                        Span::new(a.end as usize, b.end as usize),
                        "",
                    )]));
            }
        }
    }
}

/// The alphanumeric token of `s` around byte `at` ("C0mmunist", "l945", "B"), with its
/// offset; empty when the character at `at` is not alphanumeric.
fn alnum_token_at(s: &str, at: usize) -> (usize, &str) {
    let start = s[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(at, |(i, _)| i);
    let end = s[at..]
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| at + i);
    (start, &s[start..end])
}

/// Letters OCR reads as digits, by the case of the word around them.
fn digit_as_letter(d: char, upper: bool) -> Option<char> {
    Some(match (d, upper) {
        ('0', false) => 'o',
        ('0', true) => 'O',
        ('1', false) => 'l',
        ('1', true) => 'I',
        ('5', false) => 's',
        ('5', true) => 'S',
        ('8', _) => 'B',
        ('6', false) => 'b',
        _ => return None,
    })
}

fn letter_as_digit(c: char) -> Option<char> {
    Some(match c {
        'l' | 'I' | 'i' => '1',
        'O' | 'o' => '0',
        'S' | 's' => '5',
        'B' => '8',
        'Z' | 'z' => '2',
        _ => return None,
    })
}

/// What an OCR-damaged token was, when that is clear: a word known to the document or the
/// word list, or a number.
fn ocr_correction(
    token: &str,
    listed: &dyn Fn(&str) -> bool,
    known: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let letters = token.chars().filter(|c| c.is_alphabetic()).count();
    let digits = token.chars().filter(|c| c.is_ascii_digit()).count();
    let n = token.chars().count();
    if digits > 0 && letters > 0 {
        let lower = token.to_lowercase();
        // 1st, 20th, 1940s, 12mm, 5km: numbers with suffixes, not damage.
        let suffix = lower.trim_start_matches(|c: char| c.is_ascii_digit());
        if suffix.len() < lower.len()
            && matches!(
                suffix,
                "st" | "nd"
                    | "rd"
                    | "th"
                    | "s"
                    | "mm"
                    | "cm"
                    | "km"
                    | "kg"
                    | "m"
                    | "g"
                    | "t"
                    | "h"
                    | "am"
                    | "pm"
                    | "a"
                    | "b"
                    | "c"
            )
        {
            return None;
        }
        if letters >= digits && token.chars().any(char::is_lowercase) && letters >= 3 {
            // "agreement5", "State1": a footnote number printed against the word.
            let head = token.trim_end_matches(|c: char| c.is_ascii_digit());
            if head.chars().all(char::is_alphabetic) {
                return None;
            }
            let upper_word = token
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            let fixed: Option<String> = token
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if c.is_ascii_digit() {
                        // "C0mmunist": a digit after a capital at the start of a word is
                        // lowercase like the rest.
                        let _ = i;
                        digit_as_letter(c, upper_word)
                    } else {
                        Some(c)
                    }
                })
                .collect();
            let fixed = fixed?;
            return (!listed(token) && known(&fixed)).then_some(fixed);
        }
        if digits > letters && n >= 3 && letters <= 2 {
            let fixed: Option<String> = token
                .chars()
                .map(|c| {
                    if c.is_ascii_digit() {
                        Some(c)
                    } else {
                        letter_as_digit(c)
                    }
                })
                .collect();
            return fixed;
        }
        return None;
    }
    if digits == 0 && letters >= 4 && !listed(token) {
        for (from, to) in [("vv", "w"), ("rn", "m"), ("VV", "W")] {
            if token.contains(from) {
                let fixed = token.replace(from, to);
                if known(&fixed) {
                    return Some(fixed);
                }
            }
        }
    }
    None
}

/// Letter pairs OCR makes of single letters ("vv" for "w", "rn" for "m"), built once: a
/// searcher per call would cost more than the search on a short paragraph.
static LOOK_ALIKES: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
    std::sync::LazyLock::new(|| [&b"vv"[..], b"VV", b"rn"].map(memchr::memmem::Finder::new));

/// `artifact/ocr-digit`: digits and look-alike letters confused by OCR.
pub struct OcrDigit;

static OCR_DIGIT: RuleMeta = RuleMeta {
    id: "artifact/ocr-digit",
    severity: Severity::Warning,
    summary: "digits and look-alike letters confused by OCR (C0mmunist, l945, Moscovv)",
    explanation: "\
Optical character recognition confuses shapes: 0 and O, 1 and l, 5 and S, 8 and B, \"vv\"
and \"w\", \"rn\" and \"m\". The result — \"C0mmunist\", \"l945\", \"19S0\", \"Moscovv\" — looks
right at a glance and is wrong for every search.

A token that mixes letters and digits is reported when putting the look-alike back gives a
word the document uses elsewhere or a word of emend's list, or, for a mostly numeric token,
a number. Ordinals and units (1st, 1940s, 12mm) and designations in capitals (MiG-15, B-29,
T34) are left alone. The fix is unsafe: check the source.",
    fix: FixKind::Unsafe,
    config: "",
    bad: &[
        "The C0mmunist delegation arrived.\n",
        "The treaty of l945 was signed.\n",
        "The plan for 19S0 was approved.\n",
        "The delegation flew to Moscovv on Monday.\n",
    ],
    good: &[
        "The 1st Army, the 20th Congress, the 1940s, 12mm guns, MiG-15 and B-29 aircraft, T34 tanks.\n",
        "The Communist delegation flew to Moscow in 1950; the government was modern.\n",
        "Article 5b and clause 12a; No. 5; the U2 flight; PRC FMA 105-00032-23.\n",
        "The agreement5 of the time5 and the Secretary of State1 (footnote numbers).\n",
    ],
};

impl Rule for OcrDigit {
    fn meta(&self) -> &'static RuleMeta {
        &OCR_DIGIT
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let shared = cx.shared();
        // The vocabulary is only built when a candidate needs it.
        let known = |w: &str| lexicon::is_word(w) || shared.vocabulary(doc).contains(w);
        // The damaged token is in the document's vocabulary by definition: judge it by the
        // word list alone.
        let listed = |w: &str| lexicon::is_word(w);
        for p in &doc.outline.prose {
            let slice = doc.slice(*p);
            // Only tokens with a digit, or with a look-alike pair, can be OCR damage: find
            // those spots and look at the tokens around them.
            let bytes = slice.as_bytes();
            let mut spots: Vec<usize> = super::scan::digits(bytes).collect();
            for pair in LOOK_ALIKES.iter() {
                spots.extend(pair.find_iter(bytes));
            }
            if spots.is_empty() {
                continue;
            }
            spots.sort_unstable();
            let mut done = 0;
            for spot in spots {
                if spot < done {
                    continue;
                }
                let (i, token) = alnum_token_at(slice, spot);
                done = i + token.len();
                if token.is_empty() {
                    continue;
                }
                // Designations: MiG-15, B-29, Il-28 are joined by a hyphen to a number.
                let before = slice[..i].chars().next_back();
                let after = slice[i + token.len()..].chars().next();
                if matches!(before, Some('-' | '/' | '.' | '\'' | '’'))
                    || matches!(after, Some('-' | '/'))
                {
                    continue;
                }
                let Some(fixed) = ocr_correction(token, &listed, &known) else {
                    continue;
                };
                if fixed == token {
                    continue;
                }
                let at = p.start as usize + i;
                let span = Span::new(at, at + token.len());
                cx.report(
                    span,
                    format!("“{token}” looks like OCR damage of “{fixed}”"),
                )
                .primary("letters and digits confused")
                .help(format!("check the source; it probably reads “{fixed}”"))
                .fix(Fix::unsafe_(vec![Edit::replace(span, fixed)]));
            }
        }
    }
}

/// True when a paragraph's text is only a page number or page marker.
fn is_page_marker(s: &str) -> bool {
    let t = s.trim();
    let digits = |x: &str| !x.is_empty() && x.len() <= 4 && x.bytes().all(|b| b.is_ascii_digit());
    if digits(t) {
        // A year on a line of its own ("1945") is a date line, not a page number.
        let year = t.len() == 4 && (1800..=2099).contains(&t.parse::<u32>().unwrap_or(0));
        return !year;
    }
    let inner = t
        .strip_prefix(['-', '–', '—'])
        .and_then(|r| r.strip_suffix(['-', '–', '—']))
        .or_else(|| t.strip_prefix('[').and_then(|r| r.strip_suffix(']')))
        .or_else(|| t.strip_prefix('(').and_then(|r| r.strip_suffix(')')))
        .map(str::trim);
    if let Some(inner) = inner {
        if digits(inner) {
            return true;
        }
        return is_page_word(inner);
    }
    is_page_word(t)
}

/// "Page 12", "p. 12", "pg. 12", "Page 3 of 12".
fn is_page_word(t: &str) -> bool {
    // "стр. 1234 of 5678" is the longest shape: a paragraph of text is no page marker.
    if t.len() > 48 {
        return false;
    }
    let lower = t.to_lowercase();
    let rest = ["page ", "p. ", "pg. ", "p.", "стр. "]
        .iter()
        .find_map(|p| lower.strip_prefix(p));
    let Some(rest) = rest else { return false };
    let mut parts = rest.split_whitespace();
    let num = parts.next().unwrap_or("");
    let ok = !num.is_empty() && num.len() <= 4 && num.bytes().all(|b| b.is_ascii_digit());
    match (parts.next(), parts.next(), parts.next()) {
        (None, _, _) => ok,
        (Some("of"), Some(total), None) => ok && total.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// A removable paragraph between two paragraphs: its removal edit, which rejoins a sentence
/// the paragraph had split.
fn removal_edit(doc: &Document, cx: &Context<'_>, top: usize) -> Option<(Edit, bool)> {
    let tops = &doc.outline.top;
    let furniture = cx.shared().furniture(doc);
    let p = (0..top).rev().find(|i| !furniture.contains(i))?;
    let n = (top + 1..tops.len()).find(|i| !furniture.contains(i))?;
    if tops[p].kind != TopKind::Paragraph || tops[n].kind != TopKind::Paragraph {
        return None;
    }
    let (pb, nb) = (
        &doc.outline.blocks[tops[p].block?],
        &doc.outline.blocks[tops[n].block?],
    );
    let alone = p + 1 == top && n == top + 1;
    if alone {
        if let Some(brk) = split_between(doc, pb, nb, false) {
            let gap = Span::new(pb.span.end as usize, nb.span.start as usize);
            return Some((mend_break(doc, cx, gap, brk.hyphen), true));
        }
    }
    // Remove the line and the blank lines after it; in a run of several, each removes
    // itself and the sentence is rejoined once they are gone.
    let start = doc
        .lines
        .line_start(doc.lines.line_of(tops[top].span.start as usize));
    let end = doc
        .lines
        .line_start(doc.lines.line_of(tops[top + 1].span.start as usize));
    Some((Edit::replace(Span::new(start, end.max(start)), ""), false))
}

/// The line of a top-level paragraph or one-line list, when it is a page marker.
fn page_marker_span(doc: &Document, t: &crate::document::TopBlock) -> Option<Span> {
    let span = match (t.kind, t.block) {
        (TopKind::Paragraph, Some(b)) => doc.outline.blocks[b].span,
        // "- 12 -" is a list item to Markdown; read the line as written.
        (TopKind::List, _) => {
            let trimmed = doc.slice(t.span).trim_end();
            if trimmed.contains('\n') {
                return None;
            }
            Span::new(t.span.start as usize, t.span.start as usize + trimmed.len())
        }
        _ => return None,
    };
    is_page_marker(strip_trailing_markup(doc.slice(span))).then_some(span)
}

/// `artifact/page-number`: a paragraph that is only a page number between paragraphs.
pub struct PageNumber;

static PAGE_NUMBER: RuleMeta = RuleMeta {
    id: "artifact/page-number",
    severity: Severity::Warning,
    summary: "page number or page marker left as a paragraph of its own",
    explanation: "\
Text extracted from a paginated source keeps the page numbers, as paragraphs of their own
between the paragraphs of the text: \"12\", \"- 12 -\", \"Page 12\", \"p. 12\", \"[12]\". They are
not part of the document, and when the page break fell inside a sentence they also cut it in
two.

Only a paragraph between two prose paragraphs is reported. The safe fix removes it, and
rejoins the sentence when the paragraphs around it are the two halves of one.",
    fix: FixKind::Safe,
    config: "",
    bad: &[
        "The talks went on until late.\n\n- 12 -\n\nThe next day they resumed.\n",
        "The GMD has not until now\n\nPage 7\n\ngiven any answer.\n",
    ],
    good: &[
        "# 1945\n\nThe year of the talks.\n",
        "The following figures were given:\n\n- 12\n- 14\n\nThe divisions numbered 48.\n",
        "He named the number 48.\n\nThe GMD named 12.\n",
        "The diary resumes.\n\n1946\n\nThe talks began again.\n",
    ],
};

impl Rule for PageNumber {
    fn meta(&self) -> &'static RuleMeta {
        &PAGE_NUMBER
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for (k, t) in doc.outline.top.iter().enumerate() {
            let Some(span) = page_marker_span(doc, t) else {
                continue;
            };
            let Some((edit, rejoin)) = removal_edit(doc, cx, k) else {
                continue;
            };
            let help = if rejoin {
                "remove it and rejoin the sentence it splits"
            } else {
                "remove it"
            };
            cx.report(
                span,
                format!("page number “{}” left in the text", doc.slice(span).trim()),
            )
            .primary("not part of the document")
            .help(help)
            .fix(Fix::safe(vec![edit]));
        }
    }
}

/// `artifact/running-header`: a short line repeated on every page of the source.
pub struct RunningHeader;

static RUNNING_HEADER: RuleMeta = RuleMeta {
    id: "artifact/running-header",
    severity: Severity::Warning,
    summary: "short line repeated three or more times: a running header or stamp of the source",
    explanation: "\
Each page of a PDF export or a scanned file repeats a running title, an archive stamp or a
classification (\"Digital Archive digitalarchive.wilsoncenter.org International History
Declassified\", \"TOP SECRET\"). Extracted as text, the repeats land between the paragraphs of
the document, often in the middle of a sentence.

A paragraph of one short line (at most ten words) that occurs three or more times is
reported from its second occurrence on, when it shows itself as page furniture: one of its
occurrences cuts a sentence in two, or it is a stamp in capitals, or it holds a web address.
Repeated headings of a compilation of telegrams are therefore left alone. Speaker labels (\"Mao Zedong:\"), bracketed
remarks (\"[Laughter]\"), bold lines and lines without letters are left alone. The fix
(unsafe: check that the line is not part of the text) removes the repeat and rejoins a
sentence it splits.",
    fix: FixKind::Unsafe,
    config: "",
    bad: &[
        "Digital Archive digitalarchive.wilsoncenter.org\n\nThe talks began.\n\nDigital Archive digitalarchive.wilsoncenter.org\n\nThey went on.\n\nDigital Archive digitalarchive.wilsoncenter.org\n\nThey ended.\n",
        "TOP SECRET\n\nThe talks began.\n\nTOP SECRET\n\nThey went on.\n\nTOP SECRET\n\nThey ended.\n",
        "Record of the talks\n\nThe talks began and\n\nRecord of the talks\n\nwent on.\n\nRecord of the talks\n\nThey ended.\n",
    ],
    good: &[
        "Mao Zedong:\n\nWe agree.\n\nMao Zedong:\n\nWe insist.\n\nMao Zedong:\n\nWe are ready.\n",
        "[Laughter]\n\nYes.\n\n[Laughter]\n\nNo.\n\n[Laughter]\n",
        "[...]\n\nText.\n\n[...]\n\nMore.\n\n[...]\n",
        "The Chargé in China to the Secretary of State\n\nFirst telegram.\n\nThe Chargé in China to the Secretary of State\n\nSecond.\n\nThe Chargé in China to the Secretary of State\n\nThird.\n",
    ],
};

/// The longest line taken for a running header: ten words, some of them web addresses.
const MAX_HEADER_BYTES: usize = 400;

/// The normalised text of a paragraph that could be a running header.
fn header_key(s: &str) -> Option<String> {
    let t = strip_trailing_markup(s).trim();
    // A running header is one short line; a paragraph of text is turned away unread.
    if t.len() > MAX_HEADER_BYTES
        || t.contains('\n')
        || t.ends_with(':')
        || !t.chars().any(char::is_alphabetic)
    {
        return None;
    }
    if (t.starts_with('[') && t.ends_with(']')) || (t.starts_with('(') && t.ends_with(')')) {
        return None;
    }
    if (t.starts_with("**") && t.ends_with("**")) || (t.starts_with("__") && t.ends_with("__")) {
        return None;
    }
    // A long paragraph is no header: stop counting at eleven words.
    let words: Vec<&str> = t.split_whitespace().take(11).collect();
    let single_stamp =
        words.len() == 1 && t.chars().count() >= 4 && t.chars().all(|c| !c.is_lowercase());
    if words.len() > 10 || (words.len() < 2 && !single_stamp) {
        return None;
    }
    Some(words.join(" "))
}

impl Rule for RunningHeader {
    fn meta(&self) -> &'static RuleMeta {
        &RUNNING_HEADER
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let mut seen: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (k, t) in doc.outline.top.iter().enumerate() {
            if t.kind != TopKind::Paragraph {
                continue;
            }
            let Some(b) = t.block else { continue };
            if let Some(key) = header_key(doc.slice(doc.outline.blocks[b].span)) {
                seen.entry(key).or_default().push(k);
            }
        }
        let mut repeated: Vec<(String, Vec<usize>)> =
            seen.into_iter().filter(|(_, v)| v.len() >= 3).collect();
        repeated.sort_by_key(|(_, v)| v[0]);
        for (key, tops) in repeated {
            // Repeated headings of a compilation ("The Chargé in China to the Secretary of
            // State" over each telegram) are not page furniture; a running header shows
            // itself by cutting a sentence, by being a stamp in capitals, or by a web address.
            let splits = tops
                .iter()
                .any(|&k| removal_edit(doc, cx, k).is_some_and(|(_, rejoin)| rejoin));
            let stamp = !key.chars().any(char::is_lowercase);
            let address = key.contains("www.")
                || key.contains(".org")
                || key.contains(".com")
                || key.contains("://");
            if !(splits || stamp || address) {
                continue;
            }
            let block_of = |k: usize| doc.outline.top[k].block.map(|b| doc.outline.blocks[b].span);
            let Some(first) = block_of(tops[0]) else {
                continue;
            };
            for &k in &tops[1..] {
                let Some(span) = block_of(k) else { continue };
                let edit = removal_edit(doc, cx, k).map(|(e, _)| e);
                let mut r = cx
                    .report(
                        span,
                        format!(
                            "“{key}” repeats {} times: a running header of the source",
                            tops.len()
                        ),
                    )
                    .primary("repeated line")
                    .label(first, "first occurrence")
                    .help("remove the repeats; they are not part of the document");
                if let Some(edit) = edit {
                    r = r.fix(Fix::unsafe_(vec![edit]));
                }
                drop(r);
            }
        }
    }
}

/// `artifact/typo`: a known transcription typo from the typo packs.
pub struct Typo;

static TYPO: RuleMeta = RuleMeta {
    id: "artifact/typo",
    severity: Severity::Warning,
    summary: "known transcription typo (\"goverment\", \"an then\")",
    explanation: "\
Transcribers and OCR engines make the same mistakes again and again: \"goverment\",
\"recieve\", \"Communsit\", \"an then\", and OCR's \"tlie\" for \"the\". emend ships a curated
pack of them (`rules/typos.yaml`) in which no entry is a real word, so a match is a typo;
projects add their own in packs named under `packs:` in emend.yaml.

Typos are matched as whole words, ignoring case, in prose only; the correction keeps the
case of the first letter. The fix is unsafe: a typo inside a quoted source may be the
source's own.",
    fix: FixKind::Unsafe,
    config: "",
    bad: &[
        "The goverment replied an then the Communsit delegation left.\n",
        "Teh talks resumed.\n",
    ],
    good: &[
        "The government replied and then the Communist delegation left.\n",
        "Chu Teh and Peng Teh-huai commanded the armies.\n",
    ],
};

/// The correction with the case of the typo as written: "Goverment" → "Government",
/// "GOVERMENT" → "GOVERNMENT".
fn match_case(written: &str, correction: &str) -> String {
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return correction.to_uppercase();
    }
    let mut out = String::with_capacity(correction.len());
    let mut chars = correction.chars();
    if let Some(first) = chars.next() {
        if written.chars().next().is_some_and(char::is_uppercase) {
            out.extend(first.to_uppercase());
        } else {
            out.push(first);
        }
    }
    out.extend(chars);
    out
}

impl Rule for Typo {
    fn meta(&self) -> &'static RuleMeta {
        &TYPO
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let typos = cx.packs().typos();
        let words = cx.shared().words(doc);
        for (k, p) in doc.outline.prose.iter().enumerate() {
            let slice = doc.slice(*p);
            for (s, e, entry) in typos.find_runs(slice, words.runs_in(doc, k)) {
                let span = Span::new(p.start as usize + s, p.start as usize + e);
                let written = doc.slice(span);
                // Capitalised in the middle of a sentence, a "typo" that is also a Chinese
                // syllable is a name: "Chu Teh", "Peng Teh-huai".
                let capital = written.chars().next().is_some_and(char::is_uppercase);
                let before =
                    doc.text[..span.start as usize].trim_end_matches([' ', '\t', '*', '_']);
                let sentence_start = before.is_empty()
                    || before.ends_with(['.', '!', '?', ':', '"', '“', '\n', '(', '[']);
                let syllables = super::romanization::syllables();
                let syllable =
                    syllables.readings(written).is_some() || syllables.is_pinyin(written);
                if capital && !sentence_start && syllable {
                    continue;
                }
                let fixed = match_case(written, &entry.correction);
                cx.report(span, format!("“{written}” is a typo for “{fixed}”"))
                    .primary("known typo")
                    .help(format!("write “{fixed}”"))
                    .fix(Fix::unsafe_(vec![Edit::replace(span, fixed)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_cuts_keep_every_marking_and_page_marker_shape() {
        // `is_label` compares at most 40 bytes with the markings, `is_page_word` at most 48.
        assert!(MARKINGS.iter().all(|m| m.len() <= 40));
        assert!(MARKINGS.iter().all(|m| is_label(&m.to_uppercase(), 0)));
        assert!(is_page_marker("[стр. 1234 of 5678]") && is_page_marker("- Page 12 -"));
    }
}
