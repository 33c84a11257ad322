//! The artifact family: debris that PDF extraction, OCR and encoding round trips leave.

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
    /// The first paragraph ends in a hyphen ("gov-").
    pub hyphen: bool,
}

/// Find every page-break split: adjacent top-level paragraphs where the first ends without
/// sentence-final punctuation and the second starts with a lowercase letter.
pub fn find_breaks(doc: &Document) -> Vec<Break> {
    let top = &doc.outline.top;
    let mut out = Vec::new();
    for pair in top.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.kind != TopKind::Paragraph || b.kind != TopKind::Paragraph {
            continue;
        }
        let (Some(ai), Some(bi)) = (a.block, b.block) else {
            continue;
        };
        let blocks = &doc.outline.blocks;
        if let Some(brk) = split_between(doc, &blocks[ai], &blocks[bi]) {
            out.push(Break {
                before: ai,
                after: bi,
                ..brk
            });
        }
    }
    out
}

fn split_between(doc: &Document, a: &Block, b: &Block) -> Option<Break> {
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
    if !first.is_lowercase() || is_label(a_core, 3) || is_label(strip_trailing_markup(b_src), 2) {
        return None;
    }
    let b_word_len = b_src[lead..]
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':'))
        .unwrap_or(b_src.len() - lead);
    Some(Break {
        before: 0,
        after: 0,
        gap: Span::new(a.span.end as usize, b.span.start as usize),
        first_word: Span::new(
            b.span.start as usize + lead,
            b.span.start as usize + lead + b_word_len,
        ),
        hyphen: last == '-'
            && a_core[..a_core.len() - 1]
                .chars()
                .last()
                .is_some_and(char::is_alphabetic),
    })
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
    let lower = t
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if MARKINGS.contains(&lower.as_str()) {
        return true;
    }
    t.split_whitespace().count() <= max_words && !ends_sentence(t)
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

The fix (safe) replaces the break by one space; when the first paragraph ends in a
hyphenated word part (`gov-`) the break is removed and the hyphen kept.",
    fix: FixKind::Safe,
    bad: &["They propose an unclear formula about \"political construction,\" in\n\nthe course of which this question will find its resolution.\n"],
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

impl Rule for PageBreak {
    fn meta(&self) -> &'static RuleMeta {
        &PAGE_BREAK
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for brk in cx.shared().page_breaks(doc) {
            let replacement = if brk.hyphen { "" } else { " " };
            cx.report(brk.gap, "paragraph break in the middle of a sentence")
                .primary("the sentence breaks off here, probably at a page break of the source")
                .label(brk.first_word, "and continues here")
                .help("join the two paragraphs into one")
                .fix(Fix::safe(vec![Edit::replace(brk.gap, replacement)]));
        }
    }
}
