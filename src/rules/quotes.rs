//! The quotes family: quotation marks and brackets paired per paragraph.
//!
//! One scan per document ([`Analysis::new`]) pairs every mark in the prose; the four rules
//! only read its results.

use super::artifact::{Break, Mojibake};
use super::{Context, FixKind, Rule, RuleMeta};
use crate::diagnostic::{Severity, Span};
use crate::document::{BlockKind, Document};

/// Which character style a double quotation mark is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `"`
    Straight,
    /// `“ ”`
    Curly,
    /// `« »` and `„`
    Other,
}

/// An opening mark that was never closed in its paragraph.
#[derive(Clone, Debug)]
pub struct OpenMark {
    /// The opening mark.
    pub mark: Span,
    /// The last character of the paragraph.
    pub para_end: Span,
}

/// A closing quotation mark with nothing open.
#[derive(Clone, Debug)]
pub struct Stray {
    /// The closing mark.
    pub mark: Span,
    /// The first words of the sentence that contains it, where the quotation probably began.
    pub sentence_start: Option<Span>,
}

/// A bracket without its partner.
#[derive(Clone, Debug)]
pub struct BracketProblem {
    /// The bracket.
    pub mark: Span,
    /// The bracket character.
    pub ch: char,
    /// True for an opener never closed, false for a closer with no opener.
    pub unclosed: bool,
    /// The last character of the paragraph.
    pub para_end: Span,
}

/// The quotation marks and brackets of one document, paired.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Opening marks never closed.
    pub unclosed: Vec<OpenMark>,
    /// Closing marks with nothing open.
    pub stray: Vec<Stray>,
    /// Unbalanced brackets.
    pub brackets: Vec<BracketProblem>,
    /// Straight and curly double marks used as quotation marks, in document order.
    pub doubles: Vec<(Span, Style)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Double {
        straight: bool,
        low: bool,
    },
    /// A straight mark with spaces on both sides: a quotation only if something closes it
    /// (`said " we agree"`), otherwise a ditto mark.
    Weak,
    Single,
}

fn is_double(o: &Open) -> bool {
    matches!(o, Open::Double { .. } | Open::Weak)
}

/// One paragraph (or several joined by page breaks): its prose ranges and outer limits.
struct Unit {
    prose: Vec<Span>,
    start: usize,
    end: usize,
    /// The next paragraph opens with a quotation mark: the quotation continues there.
    continues: bool,
}

fn is_opening_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '[' | '{' | '<' | '—' | '–' | '-' | '/' | '“' | '‘' | '«' | '„' | '"'
                )
        }
    }
}

fn is_closing_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '>'
                        | '…'
                        | '—'
                        | '–'
                        | '-'
                        | '’'
                        | '”'
                        | '»'
                        | '\''
                        | '"'
                )
        }
    }
}

/// First bytes of the characters the scan looks at: `"()[]{}`, and the lead bytes of
/// “ ” „ ‘ ’ (0xE2) and « » (0xC2).
static MARK_BYTES: super::scan::ByteSet =
    super::scan::ByteSet::with_leads(b"\"()[]{}", &[0xC2, 0xE2]);

impl Analysis {
    /// Pair the marks of every paragraph of `doc`; paragraphs split by `breaks` count as one.
    pub fn new(doc: &Document, breaks: &[Break], mojibake: &[Mojibake]) -> Self {
        let mut out = Analysis::default();
        let blocks = &doc.outline.blocks;
        let mut i = 0;
        while i < blocks.len() {
            let mut unit = Unit {
                prose: doc.outline.block_prose(&blocks[i]).to_vec(),
                start: blocks[i].span.start as usize,
                end: blocks[i].span.end as usize,
                continues: false,
            };
            let mut last = i;
            // `breaks` is in document order, so a binary search finds the one after `last`.
            while let Some(b) = breaks
                .binary_search_by_key(&last, |b| b.before)
                .ok()
                .map(|k| &breaks[k])
            {
                unit.prose
                    .extend_from_slice(doc.outline.block_prose(&blocks[b.after]));
                unit.end = blocks[b.after].span.end as usize;
                last = b.after;
            }
            unit.continues = blocks.get(last + 1).is_some_and(|next| {
                matches!(
                    blocks[last].kind,
                    BlockKind::Paragraph | BlockKind::ListItem
                ) && next.kind == blocks[last].kind
                    && opens_with_quote(&doc.text[next.span.range()])
            });
            out.scan(&doc.text, &unit, mojibake);
            i = last + 1;
        }
        out
    }

    fn scan(&mut self, text: &str, unit: &Unit, mojibake: &[Mojibake]) {
        let limits = &text[..unit.end];
        let para_end = match unit.prose.last() {
            Some(p) => last_char_span(text, p.start as usize, p.end as usize),
            None => last_char_span(text, unit.start, unit.end),
        };
        let mut stack: Vec<(Open, Span)> = Vec::new();
        let mut brackets: Vec<(char, Span)> = Vec::new();
        for range in &unit.prose {
            let slice = &text[range.range()];
            for (off, c) in MARK_BYTES.chars(slice) {
                if !matches!(
                    c,
                    '"' | '“'
                        | '”'
                        | '„'
                        | '«'
                        | '»'
                        | '‘'
                        | '’'
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | '{'
                        | '}'
                ) {
                    continue;
                }
                let at = range.start as usize + off;
                // "â€œ" and "â„¢" hold quotation-mark characters that are not quotation marks.
                let k = mojibake.partition_point(|m| (m.span.end as usize) <= at);
                if mojibake.get(k).is_some_and(|m| m.span.contains(at)) {
                    continue;
                }
                let span = Span::new(at, at + c.len_utf8());
                let prev = prev_char(limits, unit.start, at);
                let next = next_char(limits, at + c.len_utf8());
                match c {
                    '(' | '[' | '{' => brackets.push((c, span)),
                    ')' | ']' | '}' => {
                        let enumerator = c == ')' && is_enumerator(limits, unit.start, at, next);
                        self.close_bracket(c, span, enumerator, &mut brackets, para_end)
                    }
                    '"' => self.straight(span, prev, next, &mut stack, text, unit.start),
                    '“' => {
                        self.doubles.push((span, Style::Curly));
                        // „…“ is the German and Russian pairing: “ closes an open „. A “
                        // placed like a closing mark (`“Yes“ he said`) is a smart-quote slip
                        // that closes the open quotation.
                        let low_open =
                            matches!(top_double(&stack), Some(Open::Double { low: true, .. }));
                        let placed_as_close = !is_opening_context(prev)
                            && is_closing_context(next)
                            && top_double(&stack).is_some();
                        if low_open || placed_as_close {
                            self.close_double(span, &mut stack, text, unit.start);
                        } else {
                            stack.push((
                                Open::Double {
                                    straight: false,
                                    low: false,
                                },
                                span,
                            ));
                        }
                    }
                    '„' => {
                        self.doubles.push((span, Style::Other));
                        stack.push((
                            Open::Double {
                                straight: false,
                                low: true,
                            },
                            span,
                        ));
                    }
                    '«' => {
                        self.doubles.push((span, Style::Other));
                        stack.push((
                            Open::Double {
                                straight: false,
                                low: false,
                            },
                            span,
                        ));
                    }
                    '”' => {
                        self.doubles.push((span, Style::Curly));
                        // A ” used as an opening mark (”Word”) is a typesetting slip, not a stray.
                        let opening = is_opening_context(prev) && !is_closing_context(next);
                        if top_double(&stack).is_none() && opening {
                            stack.push((
                                Open::Double {
                                    straight: false,
                                    low: false,
                                },
                                span,
                            ));
                        } else {
                            self.close_double(span, &mut stack, text, unit.start);
                        }
                    }
                    '»' => {
                        self.doubles.push((span, Style::Other));
                        self.close_double(span, &mut stack, text, unit.start);
                    }
                    '‘' => {
                        let letter_after = next.is_some_and(|n| n.is_alphabetic());
                        if is_opening_context(prev) && letter_after {
                            stack.push((Open::Single, span));
                        }
                    }
                    '’' => {
                        let between_letters = prev.is_some_and(char::is_alphanumeric)
                            && next.is_some_and(char::is_alphanumeric);
                        if !between_letters && matches!(stack.last(), Some((Open::Single, _))) {
                            stack.pop();
                        }
                    }
                    _ => {}
                }
            }
        }
        if !unit.continues {
            for (open, mark) in stack {
                if open != Open::Weak {
                    self.unclosed.push(OpenMark { mark, para_end });
                }
            }
        } else {
            for (open, mark) in stack {
                // A quotation running into the next paragraph leaves its double mark open;
                // an inner single quotation must still close within the paragraph.
                if open == Open::Single {
                    self.unclosed.push(OpenMark { mark, para_end });
                }
            }
        }
        for (ch, mark) in brackets {
            self.brackets.push(BracketProblem {
                mark,
                ch,
                unclosed: true,
                para_end,
            });
        }
    }

    fn straight(
        &mut self,
        span: Span,
        prev: Option<char>,
        next: Option<char>,
        stack: &mut Vec<(Open, Span)>,
        text: &str,
        unit_start: usize,
    ) {
        let open_ctx = is_opening_context(prev);
        let close_ctx = is_closing_context(next);
        let double_open = top_double(stack).is_some();
        let straight_open = stack
            .iter()
            .any(|(o, _)| matches!(o, Open::Double { straight: true, .. } | Open::Weak));
        // 12" (inches) and a lone " (ditto) are not quotation marks unless one is open.
        if !double_open && prev.is_some_and(|p| p.is_ascii_digit()) && close_ctx {
            return;
        }
        let opening = match (open_ctx, close_ctx) {
            (true, false) => true,
            (false, true) => false,
            (true, true) => {
                if !straight_open && !double_open {
                    stack.push((Open::Weak, span));
                    return;
                }
                false
            }
            (false, false) => !double_open,
        };
        self.doubles.push((span, Style::Straight));
        if opening {
            stack.push((
                Open::Double {
                    straight: true,
                    low: false,
                },
                span,
            ));
        } else {
            self.close_double(span, stack, text, unit_start);
        }
    }

    fn close_double(
        &mut self,
        span: Span,
        stack: &mut Vec<(Open, Span)>,
        text: &str,
        unit_start: usize,
    ) {
        match stack.iter().rposition(|(o, _)| is_double(o)) {
            Some(i) => {
                for (_, inner) in stack.drain(i..).skip(1) {
                    // A single quotation still open when its enclosing double closes.
                    self.unclosed.push(OpenMark {
                        mark: inner,
                        para_end: span,
                    });
                }
            }
            None => self.stray.push(Stray {
                mark: span,
                sentence_start: sentence_start(text, unit_start, span.start as usize),
            }),
        }
    }

    /// Close the innermost matching bracket; `enumerator` marks a `1)` that needs none.
    fn close_bracket(
        &mut self,
        c: char,
        span: Span,
        enumerator: bool,
        open: &mut Vec<(char, Span)>,
        para_end: Span,
    ) {
        let want = match c {
            ')' => '(',
            ']' => '[',
            _ => '{',
        };
        if let Some(i) = open.iter().rposition(|(o, _)| *o == want) {
            for (ch, mark) in open.drain(i..).skip(1) {
                self.brackets.push(BracketProblem {
                    mark,
                    ch,
                    unclosed: true,
                    para_end,
                });
            }
            return;
        }
        if enumerator {
            return;
        }
        self.brackets.push(BracketProblem {
            mark: span,
            ch: c,
            unclosed: false,
            para_end,
        });
    }
}

fn top_double(stack: &[(Open, Span)]) -> Option<Open> {
    stack.iter().rev().map(|(o, _)| *o).find(is_double)
}

fn is_markup(c: char) -> bool {
    matches!(c, '*' | '_' | '~')
}

/// The character before `at`, skipping emphasis marks; `None` at the start of the unit.
fn prev_char(text: &str, start: usize, at: usize) -> Option<char> {
    text[start..at].chars().rev().find(|&c| !is_markup(c))
}

/// The character at `at`, skipping emphasis marks; `None` at the end of the unit.
fn next_char(text: &str, at: usize) -> Option<char> {
    text[at..].chars().find(|&c| !is_markup(c))
}

fn opens_with_quote(block: &str) -> bool {
    let t = block.trim_start_matches(|c: char| c.is_whitespace() || is_markup(c));
    let mut chars = t.chars();
    match chars.next() {
        Some('“' | '«' | '„') => true,
        Some('"') => chars.next().is_some_and(|c| !c.is_whitespace()),
        _ => false,
    }
}

fn last_char_span(text: &str, start: usize, end: usize) -> Span {
    let trimmed = text[start..end].trim_end();
    match trimmed.char_indices().last() {
        Some((i, c)) => Span::new(start + i, start + i + c.len_utf8()),
        None => Span::new(start, start),
    }
}

/// `1)`, `b)`, `iv)` at the start of a word: an enumeration, not a stray bracket.
fn is_enumerator(text: &str, unit_start: usize, at: usize, next: Option<char>) -> bool {
    if next.is_some_and(|n| !n.is_whitespace()) {
        return false;
    }
    // An enumerator is a short token: look no further back than a few characters.
    let from = crate::document::floor_char_boundary(text, at.saturating_sub(8).max(unit_start));
    let before = &text[from..at];
    let token_start = match before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == '(')
    {
        Some((i, c)) => i + c.len_utf8(),
        None if from == unit_start => 0,
        None => return false,
    };
    let token = before[token_start..].trim_end_matches('.');
    let token = token.trim_start_matches(['*', '_']);
    !token.is_empty()
        && (token.len() <= 3 && token.bytes().all(|b| b.is_ascii_digit())
            || token.chars().count() == 1 && token.chars().all(char::is_alphabetic)
            || token.len() <= 4
                && token
                    .bytes()
                    .all(|b| matches!(b, b'i' | b'v' | b'x' | b'I' | b'V' | b'X')))
}

/// The first words of the sentence containing `at`: where a stray closing mark's
/// quotation probably began.
fn sentence_start(text: &str, unit_start: usize, at: usize) -> Option<Span> {
    // Sentences are short; a bounded look back keeps a paragraph of a thousand stray marks
    // linear.
    let unit_start =
        crate::document::floor_char_boundary(text, at.saturating_sub(1500).max(unit_start));
    let before = &text[unit_start..at];
    let body = before.trim_end_matches(['.', '!', '?', ',', ';', '…', ' ']);
    let mut start = 0;
    let bytes = body.as_bytes();
    for (i, c) in body.char_indices().rev() {
        if matches!(c, '.' | '!' | '?')
            && bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b')'))
        {
            // Skip initials and the abbreviations of the genre: "N. Roshchin", "cde. Mao".
            let word_start = body[..i]
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(j, c)| j + c.len_utf8());
            let word = &body[word_start..i];
            let abbrev = word.chars().count() == 1
                || matches!(
                    word,
                    "cde"
                        | "cdes"
                        | "Cde"
                        | "Mr"
                        | "Mrs"
                        | "Dr"
                        | "Gen"
                        | "Col"
                        | "St"
                        | "No"
                        | "i.e"
                        | "e.g"
                        | "U.S"
                        | "U.S.S.R"
                        | "U.S.A"
                );
            if !abbrev {
                start = i + c.len_utf8();
                break;
            }
        }
    }
    let rest = &body[start..];
    let lead = rest.len()
        - rest
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '"' | '“' | '”' | '*' | '_')
            })
            .len();
    let sentence = &rest[lead..];
    if sentence.is_empty() {
        return None;
    }
    // Five words are enough to recognise the place.
    let mut end = sentence.len();
    let mut words = 0;
    for (i, c) in sentence.char_indices() {
        if c.is_whitespace() {
            words += 1;
            if words == 5 {
                end = i;
                break;
            }
        }
    }
    let s = unit_start + start + lead;
    Some(Span::new(
        s,
        s + sentence[..end].trim_end_matches([',', ';', ':']).len(),
    ))
}

fn describe(ch: char) -> &'static str {
    match ch {
        '(' | ')' => "parenthesis",
        '[' | ']' => "square bracket",
        _ => "brace",
    }
}

/// `quotes/unclosed`: an opening quotation mark never closed in its paragraph.
pub struct Unclosed;

static UNCLOSED: RuleMeta = RuleMeta {
    id: "quotes/unclosed",
    severity: Severity::Error,
    summary: "opening quotation mark never closed in its paragraph",
    explanation: "\
A quotation that is opened and never closed leaves the reader unable to tell where the
speaker's words end and the record-keeper's begin — in a record of conversation that is the
difference between what Mao said and what the Soviet ambassador wrote about it.

The rule pairs double quotation marks (straight \", curly “ ”, « », „ “) and curly single
quotation marks (‘ ’) within each paragraph. Straight marks are read by their position: after
a space or at the start of the paragraph a mark opens, before a space or punctuation it
closes. Apostrophes never count: Chiang's, Ch’en, T’ang, don’t, '45.

A quotation that runs over several paragraphs is written, by English convention, with an
opening mark at the start of every paragraph and a closing mark only at the end of the last;
an open quotation is therefore not reported when the next paragraph begins with an opening
mark. Paragraphs split by a page break of the source are paired as one.",
    fix: FixKind::None,
    config: "",
    bad: &[
        "The minister said: \"We cannot accept these terms.\n",
        "Molotov replied that “the Soviet side would wait.\n",
        "He called it the ‘general line of the Party.\n",
        "Вышинский ответил: «Нет.\n",
    ],
    good: &[
        "\"We,\" Mao Zedong said, \"stand for immediate talks.\"\n",
        "“The GMD,” noted Mao, “refuses.”\n",
        "Ch'en Yi and Ch’en Po-ta met at T’ang's house; Mao’s view was clear in '45.\n",
        "“We demand,” he said, “the release of all prisoners.\n\n“We also demand an amnesty.”\n",
        "He said “the ‘special services’ must go.”\n",
        "Use `\"` for straight quotes.\n",
        "```\nprint(\"unclosed\n```\n",
        "A 12\" gun and a 6\" howitzer.\n",
        "Он сказал: „Да“.\n",
        "He said \" we agree\" and left.\n",
        "| 1946 | wheat |\n|---|---|\n| \" | rice |\n",
        "Mao wrote “Yes“ in the margin.\n",
    ],
};

impl Rule for Unclosed {
    fn meta(&self) -> &'static RuleMeta {
        &UNCLOSED
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for u in &cx.shared().quotes(doc).unclosed {
            let mark = doc.slice(u.mark);
            let what = if matches!(mark, "‘") {
                "single"
            } else {
                "double"
            };
            cx.report(u.mark, format!("{what} quotation mark {mark} is never closed in this paragraph"))
                .primary("opened here")
                .label(u.para_end, "paragraph ends here")
                .help("close the quotation where the quoted words end; if the quotation goes on in the next paragraph, begin that paragraph with an opening mark");
        }
    }
}

/// `quotes/unmatched-close`: a closing quotation mark with nothing open.
pub struct UnmatchedClose;

static UNMATCHED_CLOSE: RuleMeta = RuleMeta {
    id: "quotes/unmatched-close",
    severity: Severity::Error,
    summary: "closing quotation mark with no opening mark in its paragraph",
    explanation: "\
A closing quotation mark with no opening mark usually means the opening one was lost in
transcription, or that the translator closed a quotation twice — so the reader cannot tell
which words are quoted. The help names the start of the sentence that contains the closing
mark, where the quotation most probably began.

Straight marks are judged by their position (before a space or punctuation a mark closes).
Inch and ditto marks (12\", a lone \") are not quotation marks. A closing curly single mark
’ is never reported: it is far more often an apostrophe (the Chiangs’ position).",
    fix: FixKind::None,
    config: "",
    bad: &[
        "Mao Zedong said the CCP could keep 25 divisions. But this is our limit, which we cannot breach.\"\n",
        "The GMD refused.” Then the talks ended.\n",
        "Он сказал нет». Переговоры закончились.\n",
    ],
    good: &[
        "\"On the excuse of a civil war,\" Mao said, \"they cut our forces.\"\n",
        "They discussed the special services (\"tewu\").\n",
        "A 12\" gun.\n",
        "The Chiangs’ position was firm.\n",
    ],
};

impl Rule for UnmatchedClose {
    fn meta(&self) -> &'static RuleMeta {
        &UNMATCHED_CLOSE
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for s in &cx.shared().quotes(doc).stray {
            let mark = doc.slice(s.mark);
            let mut r = cx
                .report(
                    s.mark,
                    format!("closing quotation mark {mark} has no opening mark in this paragraph"),
                )
                .primary("closes nothing");
            match s.sentence_start {
                Some(start) => {
                    r = r
                        .label(start, "the quotation probably starts here")
                        .help(format!(
                            "the quotation probably starts at \"{}\"; add the opening mark there, or remove this one",
                            doc.slice(start)
                        ));
                }
                None => r = r.help("add the missing opening mark, or remove this one"),
            }
            drop(r);
        }
    }
}

/// `quotes/unmatched-bracket`: a bracket without its partner in the paragraph.
pub struct UnmatchedBracket;

static UNMATCHED_BRACKET: RuleMeta = RuleMeta {
    id: "quotes/unmatched-bracket",
    severity: Severity::Error,
    summary: "parenthesis, square bracket or brace not balanced within its paragraph",
    explanation: "\
Square brackets carry the editor's voice in a documentary edition — N[ikolai], [sic],
[illegible], Chiang Kai-shek [Jiang Jieshi] — and parentheses carry the author's. A bracket
left open blurs where the editor's insertion ends and the document resumes.

The rule balances ( ), [ ] and { } within each paragraph and reports an opener that is never
closed or a closer with nothing open. Enumerations such as `1)` or `b)` at the start of a
word are not stray brackets. Brackets in code, URLs and link syntax are ignored.",
    fix: FixKind::None,
    config: "",
    bad: &[
        "The CCP strives to keep 48 divisions (or 600,000 men.\n",
        "N[ikolai Fedorenko was present.\n",
        "The talks ended) without agreement.\n",
    ],
    good: &[
        "N[ikolai] V. Roshchin and A[pollon] Petrov were present [sic].\n",
        "Chiang Kai-shek [Jiang Jieshi] spoke of the Guomindang [Kuomintang] [...].\n",
        "The demands were: 1) an amnesty; 2) elections; a) first; iv) last.\n",
        "See [the record](https://digitalarchive.wilsoncenter.org/document/1(a)).\n",
        "The code `f(x` is not prose.\n",
    ],
};

impl Rule for UnmatchedBracket {
    fn meta(&self) -> &'static RuleMeta {
        &UNMATCHED_BRACKET
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for b in &cx.shared().quotes(doc).brackets {
            let name = describe(b.ch);
            if b.unclosed {
                cx.report(
                    b.mark,
                    format!("opening {name} {} is never closed in this paragraph", b.ch),
                )
                .primary("opened here")
                .label(b.para_end, "paragraph ends here")
                .help("close the bracket where the inserted or parenthetical words end");
            } else {
                cx.report(
                    b.mark,
                    format!(
                        "closing {name} {} has no opening bracket in this paragraph",
                        b.ch
                    ),
                )
                .primary("closes nothing")
                .help("add the missing opening bracket, or remove this one");
            }
        }
    }
}

/// `quotes/mixed-style`: both straight and curly double quotation marks in one document.
pub struct MixedStyle;

static MIXED_STYLE: RuleMeta = RuleMeta {
    id: "quotes/mixed-style",
    severity: Severity::Info,
    summary: "document uses both straight and curly double quotation marks",
    explanation: "\
A published edition holds to one style of quotation marks. Straight marks among curly ones
usually show a passage pasted from another source or typed after the smart-quote pass, and
they are a hint that that passage was not proofread with the rest.

The rule counts the straight (\") and curly (“ ”) double quotation marks in the prose and
points at the first mark of the less used style. Marks in code, URLs and HTML comments are
not counted, nor are inch and ditto marks. « » and „ “ are a different convention and are
not counted either.",
    fix: FixKind::None,
    config: "",
    bad: &["“We agree,” Mao said. Zhou added: \"So do we.\"\n"],
    good: &[
        "“We agree,” Mao said. “So do we,” Zhou added.\n",
        "\"We agree,\" Mao said. \"So do we,\" Zhou added.\n",
        "“We agree,” Mao said. The code `\"x\"` is not prose.\n",
    ],
};

impl Rule for MixedStyle {
    fn meta(&self) -> &'static RuleMeta {
        &MIXED_STYLE
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let doubles = &cx.shared().quotes(doc).doubles;
        let first = |style: Style| doubles.iter().position(|(_, s)| *s == style);
        let count = |style: Style| doubles.iter().filter(|(_, s)| *s == style).count();
        let (Some(fs), Some(fc)) = (first(Style::Straight), first(Style::Curly)) else {
            return;
        };
        let (ns, nc) = (count(Style::Straight), count(Style::Curly));
        let straight_is_minority = ns < nc || (ns == nc && fs > fc);
        let (minor, major) = if straight_is_minority {
            (fs, fc)
        } else {
            (fc, fs)
        };
        let (minor_name, major_name) = if straight_is_minority {
            ("straight (\")", "curly (“ ”)")
        } else {
            ("curly (“ ”)", "straight (\")")
        };
        cx.report(
            doubles[minor].0,
            format!("this document mixes straight and curly double quotation marks ({ns} straight, {nc} curly)"),
        )
        .primary(format!("first {minor_name} mark"))
        .label(doubles[major].0, format!("{major_name} marks are used from here"))
        .help(format!("use one style throughout; most marks here are {major_name}"));
    }
}
