//! The citation family: the citation parsed into fields with exact spans, checked against the
//! document and its profile; archival references parsed, not just matched.

use super::selection::suggest;
use super::{Context, FixKind, Rule, RuleMeta};
use crate::config::pack::RawProfile;
use crate::diagnostic::{Edit, Fix, Severity, Span};
use crate::document::{parse_date, Date, Document};

/// A part of the citation: where it is and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Where it is written.
    pub span: Span,
    /// What it says (trimmed).
    pub text: String,
}

/// One archival reference, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveRef {
    /// Where it is written.
    pub span: Span,
    /// The archive as written (`AVPRF`, `PRC FMA`, `SAPMO-BArch`), when recognised.
    pub archive: Option<String>,
    /// The shape it was read as.
    pub shape: Shape,
    /// Parts read, as (label, value): ("fond", "0100"), ("listy", "220-240").
    pub parts: Vec<(String, String)>,
    /// What is wrong with it, with the span of the fault.
    pub problems: Vec<(Span, String)>,
}

/// The kinds of reference emend reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Russian and Soviet archives: fond, opis, delo, papka, listy.
    Russian,
    /// Chinese Foreign Ministry Archive file numbers: `PRC FMA 105-00032-23`.
    PrcFma,
    /// German party and state archives: `SAPMO-BArch, DY 30/3387`.
    German,
    /// US National Archives: record group and decimal file: `RG 59, Central Files, 793.00/9-645`.
    UsNara,
    /// Polish, Hungarian and Czech party and foreign-ministry archives.
    EastEuropean,
    /// Anything else, kept as written.
    Unparsed,
}

/// The citation of a document.
#[derive(Clone, Debug, Default)]
pub struct Citation {
    /// The citation paragraph.
    pub span: Span,
    /// The quoted title, without its quotation marks.
    pub title: Option<Field>,
    /// The date after the title.
    pub date: Option<(Date, Span)>,
    /// The repository label.
    pub repository: Option<Field>,
    /// The archival reference text (after "Source:" in FRUS).
    pub reference: Option<Field>,
    /// The references, parsed.
    pub refs: Vec<ArchiveRef>,
    /// Translator names.
    pub translators: Option<Field>,
    /// Who obtained or contributed the document.
    pub obtained: Option<Field>,
    /// The URL.
    pub url: Option<Field>,
}

const RUSSIAN_ARCHIVES: &[&str] = &[
    "AVPRF",
    "AVP RF",
    "AVP SSSR",
    "APRF",
    "AP RF",
    "RGASPI",
    "RGANI",
    "GARF",
    "GA RF",
    "RGAE",
    "RGVA",
    "TsAMO",
    "TsKhSD",
    "RTsKhIDNI",
    "TsGAOR",
    "TsPA",
    "RGALI",
    "RGVIA",
    "TsA FSB",
    "TsGA",
];
const OTHER_ARCHIVES: &[(&str, Shape)] = &[
    ("PRC FMA", Shape::PrcFma),
    ("SAPMO-BArch", Shape::German),
    ("SAPMO", Shape::German),
    ("BArch", Shape::German),
    ("PAAA", Shape::German),
    ("RG 59", Shape::UsNara),
    ("RG 84", Shape::UsNara),
    ("RG 218", Shape::UsNara),
    ("National Archives", Shape::UsNara),
    ("AAN", Shape::EastEuropean),
    ("AMSZ", Shape::EastEuropean),
    ("MOL", Shape::EastEuropean),
    ("MNL OL", Shape::EastEuropean),
    ("NA", Shape::EastEuropean),
    ("AMZV", Shape::EastEuropean),
    ("ABS", Shape::EastEuropean),
];

/// Every archive abbreviation emend knows, for "did you mean".
fn known_archives() -> impl Iterator<Item = &'static str> {
    RUSSIAN_ARCHIVES
        .iter()
        .copied()
        .chain(OTHER_ARCHIVES.iter().map(|(a, _)| *a))
}

/// Words that start a credit sentence.
const CREDITS: &[&str] = &[
    "Translated",
    "Obtained",
    "Contributed",
    "translated by",
    "Transcribed",
];

/// Find the citation paragraph: the first paragraph of the Citation section.
pub fn citation_span(doc: &Document) -> Option<Span> {
    let sec = doc.section("citation")?;
    doc.outline
        .blocks
        .iter()
        .find(|b| sec.content.contains(b.span.start as usize) && doc.slice(b.span).trim().len() > 1)
        .map(|b| b.span)
}

fn field(base: usize, s: &str, start: usize, end: usize) -> Option<Field> {
    let raw = &s[start..end];
    let trimmed =
        raw.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'));
    let lead = raw.len() - trimmed.len();
    let text = trimmed.trim().trim_end_matches([',', '.', ';']).trim_end();
    (!text.is_empty()).then(|| Field {
        span: Span::new(base + start + lead, base + start + lead + text.len()),
        text: text.to_owned(),
    })
}

/// The longest prefix of `s` (cut at commas) that parses as a date.
fn date_prefix(s: &str) -> Option<(Date, usize)> {
    let mut best = None;
    let mut end = 0;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ','))) {
        if c == ',' || c == '.' && s[..i].ends_with(char::is_numeric) {
            let cand = &s[..i];
            if let Some(d) = parse_date(cand) {
                best = Some((d, i));
            }
            end += 1;
            if end > 3 {
                break;
            }
        }
    }
    best
}

impl Citation {
    /// Parse the citation paragraph at `span`.
    pub fn parse(doc: &Document, span: Span, repositories: &[String]) -> Citation {
        let text = doc.slice(span);
        let base = span.start as usize;
        let mut c = Citation {
            span,
            ..Citation::default()
        };
        let body = text.trim_start();
        let lead = text.len() - body.len();
        let mut pos = lead;
        // The quoted title.
        let open = body.chars().next();
        if matches!(open, Some('"' | '“')) {
            let inner_start = lead + open.map_or(1, char::len_utf8);
            let close = match open {
                Some('“') => text[inner_start..].find('”'),
                _ => text[inner_start..]
                    .match_indices('"')
                    .map(|(i, _)| i)
                    .find(|&i| {
                        let after = text[inner_start + i + 1..].chars().next();
                        after.is_none_or(|a| a == ',' || a.is_whitespace() || a == '.')
                    }),
            };
            if let Some(close) = close {
                let end = inner_start + close;
                c.title = field(base, text, inner_start, end);
                pos = end + open.map_or(1, char::len_utf8);
            }
        }
        // The date right after the title.
        let rest = &text[pos..];
        let skip = rest.len() - rest.trim_start_matches([',', ' ', '\u{a0}']).len();
        if let Some((d, len)) = date_prefix(&rest[skip..]) {
            let s = pos + skip;
            c.date = Some((d, Span::new(base + s, base + s + len)));
            pos = s + len;
        }
        // The URL.
        let url = crate::document::find_urls(text)
            .into_iter()
            .find(|r| r.start >= pos);
        let url_start = url.as_ref().map_or(text.len(), |r| r.start);
        if let Some(r) = &url {
            c.url = field(base, text, r.start, r.end);
        }
        // The repository label.
        let mut ref_start = pos;
        if let Some((i, name)) = repositories
            .iter()
            .filter_map(|r| {
                text[pos..url_start.max(pos)]
                    .find(r.as_str())
                    .map(|i| (pos + i, r))
            })
            .min_by_key(|(i, _)| *i)
        {
            c.repository = field(base, text, i, i + name.len());
            ref_start = i + name.len();
        }
        // Credits: "Translated by …", "Obtained by … and translated by …".
        let credit_start = CREDITS
            .iter()
            .filter_map(|w| text[ref_start..url_start].find(w).map(|i| ref_start + i))
            .min()
            .unwrap_or(url_start);
        let credits = &text[credit_start..url_start];
        let lower = credits.to_lowercase();
        if let Some(i) = lower.find("translated") {
            if let Some(by) = lower[i..].find(" by ") {
                let s = credit_start + i + by + 4;
                let e = text[s..url_start]
                    .find(['.', ';'])
                    .map_or(url_start, |k| s + k);
                // "Translated by A." — but not the "." of an initial ("A. B. Smith").
                let e = extend_over_initials(text, s, e, url_start);
                c.translators = field(base, text, s, e);
            }
        }
        for word in ["obtained by ", "contributed by "] {
            if let Some(i) = lower.find(word) {
                let s = credit_start + i + word.len();
                let e = text[s..url_start]
                    .find([';', '.'])
                    .map_or(url_start, |k| s + k);
                let e = match text[s..e].find(" and translated") {
                    Some(k) => s + k,
                    None => e,
                };
                c.obtained = field(base, text, s, e);
                break;
            }
        }
        // The archival reference: between the repository and the credits; in FRUS, after
        // "Source:".
        let region = &text[ref_start..credit_start];
        let (r_start, r_end) = match region.find("Source:") {
            Some(i) => (ref_start + i + "Source:".len(), credit_start),
            None => (ref_start, credit_start),
        };
        if let Some(f) = field(base, text, r_start, r_end) {
            let is_volume = c
                .repository
                .as_ref()
                .is_some_and(|r| r.text.starts_with("Foreign Relations"))
                && !region.contains("Source:");
            if !is_volume {
                c.refs = parse_refs(&f.text, f.span.start as usize);
                c.reference = Some(f);
            }
        }
        c
    }
}

/// Move the end of a name list past the full stops of initials: "Translated by A. Ya. Smith".
fn extend_over_initials(text: &str, start: usize, mut end: usize, limit: usize) -> usize {
    while end < limit && text[end..].starts_with('.') {
        let word_start = text[..end]
            .rfind([' ', ','])
            .map_or(start, |i| i + 1)
            .max(start);
        let word = &text[word_start..end];
        let initial =
            word.chars().count() <= 2 && word.chars().next().is_some_and(char::is_uppercase);
        if !initial {
            break;
        }
        end = text[end + 1..limit]
            .find(['.', ';'])
            .map_or(limit, |k| end + 1 + k);
    }
    end
}

/// Labels of Russian reference parts, lowercase, mapped to the part they name.
fn russian_label(word: &str) -> Option<&'static str> {
    Some(match word.to_lowercase().trim_end_matches('.') {
        "f" | "fond" | "ф" => "fond",
        "op" | "opis" | "opis'" | "opis’" | "оп" => "opis",
        "d" | "delo" | "д" | "ed. khr" | "ed" => "delo",
        "p" | "pap" | "papka" => "papka",
        "por" => "por",
        "l" | "ll" | "list" | "listy" | "л" => "listy",
        _ => return None,
    })
}

/// Parse a reference text (one or several joined by ";") starting at byte `base` of the document.
pub fn parse_refs(text: &str, base: usize) -> Vec<ArchiveRef> {
    let mut out = Vec::new();
    let mut offset = 0;
    for part in text.split(';') {
        let start = offset + (part.len() - part.trim_start().len());
        let piece = part.trim();
        offset += part.len() + 1;
        if piece.is_empty() {
            continue;
        }
        let piece = piece.trim_start_matches("and ").trim();
        let start = start + (part.trim().len() - piece.len());
        out.push(parse_ref(piece, base + start));
    }
    out
}

fn parse_ref(text: &str, base: usize) -> ArchiveRef {
    let span = Span::new(base, base + text.len());
    let mut r = ArchiveRef {
        span,
        archive: None,
        shape: Shape::Unparsed,
        parts: Vec::new(),
        problems: Vec::new(),
    };
    let head_end = text.find([',', ':']).unwrap_or(text.len());
    let head = text[..head_end].trim();
    // Which archive: the longest known abbreviation the reference starts with.
    let russian = RUSSIAN_ARCHIVES
        .iter()
        .filter(|a| head == **a || head.starts_with(&format!("{a} ")))
        .max_by_key(|a| a.len());
    if let Some(a) = russian {
        r.archive = Some((*a).to_owned());
        r.shape = Shape::Russian;
        parse_russian(&text[a.len()..], base + a.len(), &mut r);
        return r;
    }
    if let Some((a, shape)) = OTHER_ARCHIVES
        .iter()
        .filter(|(a, _)| {
            text.starts_with(a)
                && text[a.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
        .max_by_key(|(a, _)| a.len())
    {
        r.archive = Some((*a).to_owned());
        r.shape = *shape;
        let rest = text[a.len()..].trim_start_matches([',', ':', ' ']);
        let rest_at = base + (text.len() - rest.len());
        if *shape == Shape::PrcFma {
            parse_fma(rest, rest_at, &mut r);
        } else if !rest.is_empty() {
            r.parts.push(("reference".to_owned(), rest.to_owned()));
        }
        return r;
    }
    // An unknown abbreviation one letter away from a known one: "AVRPF".
    let word_end = text
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(text.len());
    let word = &text[..word_end];
    if word.len() >= 3 && word.chars().filter(|c| c.is_uppercase()).count() >= 3 {
        let near = known_archives()
            .filter(|k| !k.contains(' ') && k.len() >= 3)
            .find(|k| super::selection::edit_distance(k, word) == 1 || is_transposition(k, word));
        if let Some(k) = near {
            r.problems.push((
                Span::new(base, base + word.len()),
                format!("“{word}” is not a known archive; did you mean {k}?"),
            ));
        }
    }
    r
}

/// "AVRPF" for "AVPRF": two neighbouring letters swapped.
fn is_transposition(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    diff.len() == 2
        && diff[1] == diff[0] + 1
        && a[diff[0]] == b[diff[1]]
        && a[diff[1]] == b[diff[0]]
}

/// `fond 0100, opis 33, delo 13, papka 244, listy 220-240` and `f. 5, op. 49, d. 131, ll. 193-194`.
fn parse_russian(text: &str, base: usize, r: &mut ArchiveRef) {
    let mut offset = 0;
    for item in text.split(',') {
        let at = offset;
        offset += item.len() + 1;
        let t = item.trim().trim_start_matches(':').trim();
        if t.is_empty() {
            continue;
        }
        let t_at =
            base + at + (item.len() - item.trim_start().trim_start_matches(':').trim_start().len());
        // "ed. khr. 16" has a two-word label.
        let (label, value) = if let Some(v) = t.strip_prefix("ed. khr.") {
            (Some("delo"), v.trim())
        } else {
            let (w, v) = match t.find(|c: char| c == ' ' || c.is_ascii_digit()) {
                Some(i) if t[..i].ends_with('.') || t.as_bytes()[i] == b' ' => {
                    (&t[..i], t[i..].trim())
                }
                Some(i) => (&t[..i], t[i..].trim()),
                None => (t, ""),
            };
            (russian_label(w), v)
        };
        match label {
            Some(name) => {
                if value.is_empty()
                    || !value
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit() || c.is_uppercase())
                {
                    r.problems.push((
                        Span::new(t_at, t_at + t.len()),
                        format!("“{t}” has no number: the {name} is missing"),
                    ));
                } else {
                    if name == "listy" {
                        check_folios(value, t_at + (t.len() - value.len()), r);
                    }
                    r.parts.push((name.to_owned(), value.to_owned()));
                }
            }
            None if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) => {
                r.parts.push(("year".to_owned(), t.to_owned()))
            }
            None => {
                // A list of folios continues after a comma: "ll. 3-5, 9".
                if r.parts.last().is_some_and(|(n, _)| n == "listy")
                    && t.starts_with(|c: char| c.is_ascii_digit())
                {
                    check_folios(t, t_at, r);
                    if let Some(last) = r.parts.last_mut() {
                        last.1.push_str(", ");
                        last.1.push_str(t);
                    }
                }
            }
        }
    }
}

/// Folio ranges must ascend: "ll. 240-220" is a slip.
fn check_folios(value: &str, at: usize, r: &mut ArchiveRef) {
    let num = |s: &str| {
        let d: String = s
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        d.parse::<u64>().ok()
    };
    let v = value.trim_end_matches('.');
    if let Some((a, b)) = v.split_once(['-', '–']) {
        if let (Some(x), Some(y)) = (num(a), num(b)) {
            if y < x {
                r.problems.push((
                    Span::new(at, at + v.len()),
                    format!("the folio range {v} descends: the last folio comes before the first"),
                ));
            }
        }
    }
}

/// `105-00032-23`: series (3 digits), file (5), item (2), then optional pages.
fn parse_fma(text: &str, base: usize, r: &mut ArchiveRef) {
    let number: &str = text.split([',', ' ', '(']).next().unwrap_or("");
    let groups: Vec<&str> = number.split('-').collect();
    let ok = groups.len() == 3
        && groups
            .iter()
            .zip([3, 5, 2])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_digit()));
    if ok {
        r.parts.push(("file".to_owned(), number.to_owned()));
    } else {
        r.problems.push((
            Span::new(base, base + number.len()),
            format!("“{number}” is not a Foreign Ministry Archive file number (three digits, five digits, two digits: 105-00032-23)"),
        ));
    }
}

/// The profile for a document: the configured one, else the one whose repository or host
/// the citation names, else `generic`.
pub fn profile_for<'p>(
    doc: &Document,
    profiles: &'p [RawProfile],
    configured: Option<&str>,
) -> Option<&'p RawProfile> {
    if let Some(name) = configured {
        if let Some(p) = profiles.iter().find(|p| p.name == name) {
            return Some(p);
        }
    }
    if let Some(span) = citation_span(doc) {
        let text = doc.slice(span);
        if let Some(p) = profiles.iter().find(|p| {
            p.repositories.iter().any(|r| text.contains(r.as_str()))
                || p.hosts.iter().any(|h| text.contains(h.as_str()))
        }) {
            return Some(p);
        }
    }
    profiles.iter().find(|p| p.name == "generic")
}

/// True for text that is a transcription rather than a fragment: it has at least two
/// sections (headings or label paragraphs such as `Citation:`).
pub fn is_document(doc: &Document) -> bool {
    doc.outline.sections.len() >= 2
}

/// Every repository label of every profile, for finding the repository in a citation.
fn all_repositories(profiles: &[RawProfile]) -> Vec<String> {
    let mut v: Vec<String> = profiles
        .iter()
        .flat_map(|p| p.repositories.iter().cloned())
        .collect();
    v.sort_by_key(|r| std::cmp::Reverse(r.len()));
    v.dedup();
    v
}

/// The citation and profile of a document, as the citation rules read them.
pub struct Parsed<'p> {
    /// The profile in force.
    pub profile: &'p RawProfile,
    /// The parsed citation, when the document has one.
    pub citation: Option<&'p Citation>,
}

/// Parse the document's citation, recognising the repositories of every profile.
pub fn parse_citation(doc: &Document, profiles: &[RawProfile]) -> Option<Citation> {
    let repos = all_repositories(profiles);
    citation_span(doc).map(|s| Citation::parse(doc, s, &repos))
}

/// The profile a document is judged by (configured, or chosen by its citation); `None` for a
/// fragment, which the citation and structure rules leave alone.
pub fn document_profile<'a>(doc: &Document, cx: &Context<'a>) -> Option<&'a RawProfile> {
    if !is_document(doc) {
        return None;
    }
    profile_for(doc, cx.packs().profiles(), cx.shared().profile.as_deref())
}

/// The profile and citation of a document the citation rules check (`None` for a fragment
/// or a document no profile covers); the citation is parsed once for all of them.
fn parsed<'a>(doc: &Document, cx: &Context<'a>) -> Option<Parsed<'a>> {
    let profile = document_profile(doc, cx)?;
    let citation = cx.shared().citation(doc, cx.packs());
    Some(Parsed { profile, citation })
}

/// The document's original language: the Original Language section, or front matter.
fn original_language(doc: &Document) -> Option<String> {
    if let Some(sec) = doc
        .section("original language")
        .or_else(|| doc.section("language"))
    {
        let t = doc.slice(sec.content).trim();
        let first = t.lines().next().unwrap_or("").trim();
        if !first.is_empty() {
            return Some(first.to_owned());
        }
    }
    let fm = doc.outline.front_matter.map(|s| doc.slice(s))?;
    fm.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("original_language:")
                .or_else(|| l.trim().strip_prefix("language:"))
        })
        .map(|v| v.trim().trim_matches('"').to_owned())
}

/// `citation/missing`: no Citation section.
pub struct Missing;

static MISSING: RuleMeta = RuleMeta {
    id: "citation/missing",
    severity: Severity::Error,
    summary: "the document has no Citation section",
    explanation: "\
A transcription without a citation cannot be traced back to its folio, and cannot be cited in
turn. Every profile requires a Citation section (a heading or a label paragraph such as
`**Citation:**`). Text with fewer than two headings or section labels is taken for a
fragment, not a document, and is not checked by the citation and structure rules.",
    fix: FixKind::None,
    config: "select: [citation/missing]\n",
    bad: &["# September 6, 1945\n\n## Record of Conversation\n\nThe talks went on.\n"],
    good: &["# September 6, 1945\n\n## Record of Conversation\n\n### Citation:\n\n\"Record of Conversation\", September 6, 1945, AVPRF, f. 0100, op. 33, d. 13, ll. 1-2.\n"],
};

impl Rule for Missing {
    fn meta(&self) -> &'static RuleMeta {
        &MISSING
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        if !is_document(doc) || doc.section("citation").is_some() {
            return;
        }
        let at = doc
            .outline
            .headings
            .first()
            .map_or(Span::new(0, 0), |h| h.span);
        cx.report(at, "the document has no Citation section")
            .primary("a Citation section is expected after the title")
            .help("add a `Citation:` section with the title, date, repository, archival reference and URL");
    }
}

/// `citation/missing-field`: a field the profile requires is absent.
pub struct MissingField;

static MISSING_FIELD: RuleMeta = RuleMeta {
    id: "citation/missing-field",
    severity: Severity::Error,
    summary: "the citation lacks a field its profile requires (title, date, repository, URL, translator)",
    explanation: "\
Each profile names the fields a citation must carry: for the Wilson Center the quoted title,
the date, the repository label and the URL; for FRUS the title, date, volume and URL; for
any other document a title, a date and either a URL or an archival reference. A translation
must also credit its translator: when the Original Language section (or `language:` in the
front matter) names a language other than English, \"Translated by …\" is required.",
    fix: FixKind::None,
    config: "select: [citation/missing-field]\n",
    bad: &[
        "# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, Wilson Center Digital Archive, AVPRF, f. 0100, op. 33, d. 13, l. 5.\n\n### Summary:\n\nS.\n\n### Original Language:\n\nRussian\n\n### Contents:\n\nText.\n",
    ],
    good: &[
        "# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, Wilson Center Digital Archive, AVPRF, f. 0100, op. 33, d. 13, l. 5. Translated by Anna Petrova. https://digitalarchive.wilsoncenter.org/document/1\n\n### Summary:\n\nS.\n\n### Original Language:\n\nRussian\n\n### Contents:\n\nText.\n",
    ],
};

impl Rule for MissingField {
    fn meta(&self) -> &'static RuleMeta {
        &MISSING_FIELD
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(p) = parsed(doc, cx) else {
            return;
        };
        let Some(c) = p.citation else { return };
        let end = Span::new(c.span.end as usize, c.span.end as usize);
        let mut missing: Vec<(&str, Span)> = Vec::new();
        for f in &p.profile.fields {
            let present = match f.as_str() {
                "title" => c.title.is_some(),
                "date" => c.date.is_some(),
                "repository" => c.repository.is_some(),
                "url" => c.url.is_some(),
                "reference" => c.reference.is_some(),
                "url-or-reference" => c.url.is_some() || c.reference.is_some(),
                _ => true,
            };
            if !present {
                let at = match f.as_str() {
                    "title" => Span::new(c.span.start as usize, c.span.start as usize),
                    "date" => c
                        .title
                        .as_ref()
                        .map_or(end, |t| Span::new(t.span.end as usize, t.span.end as usize)),
                    _ => end,
                };
                let name = match f.as_str() {
                    "url" => "URL",
                    "url-or-reference" => "URL or archival reference",
                    "title" => "quoted title",
                    other => other,
                };
                missing.push((name, at));
            }
        }
        if p.profile.translator.as_deref() == Some("when-not-english") && c.translators.is_none() {
            if let Some(lang) = original_language(doc) {
                if !lang.to_lowercase().starts_with("english") {
                    missing.push((
                        "translator",
                        c.url.as_ref().map_or(end, |u| {
                            Span::new(u.span.start as usize, u.span.start as usize)
                        }),
                    ));
                }
            }
        }
        let lang = original_language(doc);
        for (name, at) in missing {
            let why = match (name, &lang) {
                ("translator", Some(l)) => {
                    format!("the original is in {l}, so the citation must name its translator")
                }
                _ => format!("the {} profile requires it", p.profile.name),
            };
            let help = match name {
                "translator" => "add \"Translated by NAME.\" before the URL".to_owned(),
                "URL" => format!(
                    "add the document's address{}",
                    p.profile
                        .hosts
                        .first()
                        .map(|h| format!(" on {h}"))
                        .unwrap_or_default()
                ),
                other => format!("add the {other}"),
            };
            cx.report(at, format!("the citation has no {name}"))
                .primary(format!("{name} expected here"))
                .label(c.span, why)
                .help(help);
        }
    }
}

/// Normalise a title for comparison: quotes, dashes, whitespace and case.
fn normalise(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '“' | '”' | '„' | '«' | '»' => '"',
            '‘' | '’' => '\'',
            '–' | '—' | '‐' => '-',
            c => c,
        })
        .collect();
    mapped
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ','])
        .to_lowercase()
}

/// `citation/title-mismatch`: the citation's title differs from the title heading.
pub struct TitleMismatch;

static TITLE_MISMATCH: RuleMeta = RuleMeta {
    id: "citation/title-mismatch",
    severity: Severity::Warning,
    summary: "the citation's title differs from the document's title heading",
    explanation: "\
The citation's quoted title and the document's title heading are the same string on the
archive's page; when they differ, one of them was edited by hand and the other not, and a
reader searching for either finds only half. Quotes, dashes, whitespace and case are
normalised before comparing; the message shows the words that differ.",
    fix: FixKind::None,
    config: "select: [citation/title-mismatch]\n",
    bad: &["# September 6, 1945\n\n## Record of Conversation with Mao Zedong\n\n### Citation:\n\n\"Record of Conversation with Zhou Enlai\", September 6, 1945, AVPRF, f. 0100, op. 33, d. 13, l. 5.\n"],
    good: &["# September 6, 1945\n\n## Record of Conversation – with Mao Zedong\n\n### Citation:\n\n“record of conversation - with  Mao Zedong,” September 6, 1945, AVPRF, f. 0100, op. 33, d. 13, l. 5.\n"],
};

/// Words of `a` missing from `b` and words of `b` missing from `a`.
fn word_diff(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    let diff = similar::TextDiff::from_slices(&wa, &wb);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Delete => removed.push(change.value().to_string()),
            similar::ChangeTag::Insert => added.push(change.value().to_string()),
            similar::ChangeTag::Equal => {}
        }
    }
    (removed, added)
}

impl Rule for TitleMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &TITLE_MISMATCH
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(p) = parsed(doc, cx) else {
            return;
        };
        let (Some(c), Some((title, title_span))) = (p.citation, doc.meta.title.clone()) else {
            return;
        };
        let Some(ct) = &c.title else { return };
        let (a, b) = (normalise(&ct.text), normalise(&title));
        if a == b {
            return;
        }
        let (removed, added) = word_diff(&b, &a);
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("the citation has “{}”", added.join(" ")));
        }
        if !removed.is_empty() {
            parts.push(format!("the heading has “{}”", removed.join(" ")));
        }
        cx.report(
            ct.span,
            format!(
                "the citation's title differs from the title heading: {}",
                parts.join("; ")
            ),
        )
        .primary("citation title")
        .label(title_span, "title heading")
        .help("make the citation's title and the title heading the same");
    }
}

/// `citation/date-mismatch`: the citation's date differs from the date heading.
pub struct DateMismatch;

static DATE_MISMATCH: RuleMeta = RuleMeta {
    id: "citation/date-mismatch",
    severity: Severity::Error,
    summary: "the citation's date differs from the document's date heading",
    explanation: "\
The citation's date and the date heading must name the same day: \"September 6, 1945\",
\"6 September 1945\" and \"1945-09-06\" are the same; a month-only or year-only date matches
any day within it. A mismatch usually means one of the two was copied from another document.
Dates inside the title (\"… on 16 October 1949\") are not compared: a diary entry is dated
when it was written.",
    fix: FixKind::None,
    config: "select: [citation/date-mismatch]\n",
    bad: &["# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 16, 1945, AVPRF, f. 0100, op. 33, d. 13, l. 5.\n"],
    good: &[
        "# 6 September 1945\n\n## Record\n\n### Citation:\n\n\"Record\", 1945-09-06, AVPRF, f. 0100, op. 33, d. 13, l. 5.\n",
        "# September 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, AVPRF, f. 0100, op. 33, d. 13, l. 5.\n",
    ],
};

fn dates_agree(a: Date, b: Date) -> bool {
    a.year == b.year
        && (a.month.is_none() || b.month.is_none() || a.month == b.month)
        && (a.day.is_none() || b.day.is_none() || a.day == b.day)
}

impl Rule for DateMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &DATE_MISMATCH
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(p) = parsed(doc, cx) else {
            return;
        };
        let (Some(c), Some((date, date_span))) = (p.citation, doc.meta.date) else {
            return;
        };
        let Some((cd, span)) = c.date else { return };
        if dates_agree(cd, date) {
            return;
        }
        cx.report(
            span,
            format!("the citation is dated {cd}, the date heading {date}"),
        )
        .primary("citation date")
        .label(date_span, "date heading")
        .help("check the original and make the two dates agree");
    }
}

/// `citation/url`: a malformed URL or a host the profile does not allow.
pub struct Url;

static URL: RuleMeta = RuleMeta {
    id: "citation/url",
    severity: Severity::Error,
    summary: "the citation's URL is malformed or points at a host other than the archive's",
    explanation: "\
Citations are copied from wherever the document was found — and sometimes that was a staging
or agency host (`wilson-center.drivingcreative.com`) that will not last. The profile names
the canonical host (digitalarchive.wilsoncenter.org, history.state.gov); a URL on another
host, or one that is not a well-formed http(s) address, is flagged. When the path is the
archive's document path (`/document/122807`), the unsafe fix moves it to the canonical host.",
    fix: FixKind::Unsafe,
    config: "select: [citation/url]\n",
    bad: &["# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, Wilson Center Digital Archive, AVPRF, f. 0100, op. 33, d. 13, l. 5. https://wilson-center.drivingcreative.com/document/122807\n"],
    good: &["# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, Wilson Center Digital Archive, AVPRF, f. 0100, op. 33, d. 13, l. 5. http://digitalarchive.wilsoncenter.org/document/122807\n"],
};

/// Split `https://host/path` into (scheme, host, path).
fn split_url(u: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = u.split_once("://")?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    Some((scheme, host, path))
}

impl Rule for Url {
    fn meta(&self) -> &'static RuleMeta {
        &URL
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(p) = parsed(doc, cx) else {
            return;
        };
        let Some(url) = p.citation.and_then(|c| c.url.as_ref()) else {
            return;
        };
        let Some((scheme, host, path)) = split_url(&url.text) else {
            cx.report(url.span, format!("“{}” is not a well-formed URL", url.text))
                .primary("not an http(s) address")
                .help("write the full address, starting with https://");
            return;
        };
        let host_ok = host.contains('.')
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !matches!(scheme, "http" | "https") || !host_ok {
            cx.report(url.span, format!("“{}” is not a well-formed URL", url.text))
                .primary("not an http(s) address")
                .help("write the full address, starting with https://");
            return;
        }
        let hosts = &p.profile.hosts;
        let Some(canonical) = hosts.first() else {
            return;
        };
        if hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return;
        }
        let host_span = {
            let s = url.span.start as usize + scheme.len() + 3;
            Span::new(s, s + host.len())
        };
        let mut r = cx
            .report(
                host_span,
                format!("the citation's URL is on {host}, not on the archive's host {canonical}"),
            )
            .primary("not the archive's host")
            .help(format!("cite the document on https://{canonical}{path}"));
        let doc_path = &p.profile.document_path;
        if !doc_path.is_empty()
            && path.starts_with(doc_path.as_str())
            && path.len() > doc_path.len()
        {
            r = r.fix(Fix::unsafe_(vec![Edit::replace(
                host_span,
                canonical.clone(),
            )]));
        }
        drop(r);
    }
}

/// `citation/archive-ref`: an archival reference that starts like a known shape but is malformed.
pub struct ArchiveRefRule;

static ARCHIVE_REF: RuleMeta = RuleMeta {
    id: "citation/archive-ref",
    severity: Severity::Warning,
    summary: "archival reference that starts like a known shape but is malformed",
    explanation: "\
The archival reference is how a reader orders the folio from the archive, so every number
counts. emend parses these shapes:

  Russian and Soviet archives (AVPRF, APRF, RGASPI, RGANI, GARF, RGAE, RGVA, TsAMO, TsKhSD,
  RTsKhIDNI, TsGAOR, TsPA, RGALI, RGVIA, TsA FSB), in words or abbreviated:
      AVPRF: fond 0100, opis 33, delo 13, papka 244, listy 220-240
      AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 28-31
      RGANI, f. 5, op. 49, d. 131, ll. 193-194     (l. for one folio, ob. for verso,
      GARF, f. R-5446, op. 1, ed. khr. 16, ll. 5-7ob.   lists such as ll. 3-5, 9; a year
      AVPRF f. 0100, op. 34, 1946, p. 253, d. 18        may stand among the parts)
  Chinese Foreign Ministry Archive file numbers: PRC FMA 105-00032-23 (pages may follow)
  German archives: SAPMO-BArch, DY 30/3387; BArch; PAAA
  US National Archives: RG 59, Central Files, 793.00/9-645
  Polish (AAN, AMSZ), Hungarian (MOL, MNL OL) and Czech (NA, AMZV, ABS) archives
  several references joined by \";\"; anything else is kept as written, not an error.

Flagged: a part without its number (`fond , opis 33`), a folio range that descends
(`ll. 240-220`), a Foreign Ministry file number of the wrong shape (`105-0032-23`), and an
unknown archive abbreviation one letter away from a known one (`AVRPF`). The order of the
parts is not checked: it varies between archives and citations.",
    fix: FixKind::None,
    config: "select: [citation/archive-ref]\n",
    bad: &[
        "# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, AVPRF, f. 0100, op. 33, d. 13, ll. 240-220.\n",
        "# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, AVRPF, f. 0100, op. 33, d. 13, l. 5.\n",
        "# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, RGASPI, f. 558, op. , d. 97, ll. 67-70.\n",
    ],
    good: &[
        "# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, AVPRF: fond 0100, opis 33, delo 13, papka 244, listy 220-240.\n",
        "# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, GARF, f. R-5446, op. 1, ed. khr. 16, ll. 5-7ob.; PRC FMA 105-00032-23, 1-5.\n",
    ],
};

impl Rule for ArchiveRefRule {
    fn meta(&self) -> &'static RuleMeta {
        &ARCHIVE_REF
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(p) = parsed(doc, cx) else {
            return;
        };
        let Some(c) = p.citation else { return };
        for r in &c.refs {
            for (span, message) in &r.problems {
                cx.report(*span, message.clone())
                    .primary("malformed reference")
                    .label(r.span, "archival reference")
                    .help("check the reference against the archive's finding aid or the document's stamp");
            }
        }
    }
}

/// Suggest a known archive for an unknown word (used by tests and explain).
pub fn suggest_archive(word: &str) -> Option<String> {
    suggest(word, known_archives())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(text: &str) -> Citation {
        let doc = Document::parse(format!("# T\n\n### Citation:\n\n{text}\n"), false);
        let span = citation_span(&doc).unwrap();
        let repos = vec![
            "Wilson Center Digital Archive".to_owned(),
            "History and Public Policy Program Digital Archive".to_owned(),
            "Foreign Relations of the United States".to_owned(),
        ];
        let c = Citation::parse(&doc, span, &repos);
        // Field texts must be exactly what their spans cover.
        for f in [
            &c.title,
            &c.repository,
            &c.reference,
            &c.translators,
            &c.obtained,
            &c.url,
        ]
        .into_iter()
        .flatten()
        {
            assert_eq!(doc.slice(f.span), f.text);
        }
        c
    }

    #[test]
    fn parses_the_seed_shape() {
        let c = cite("\"Record of Conversation between Soviet Ambassador in China Apollon Petrov and Mao Zedong, Zhou Enlai and Wang Ruofei\", September 6, 1945, Wilson Center Digital Archive, AVPRF: fond 0100, opis 33, delo 13, papka 244, listy 220-240. Translated by Sergey Radchenko. https://wilson-center.drivingcreative.com/document/122807");
        assert!(c.title.unwrap().text.ends_with("Wang Ruofei"));
        assert_eq!(c.date.unwrap().0.to_string(), "September 6, 1945");
        assert_eq!(c.repository.unwrap().text, "Wilson Center Digital Archive");
        assert_eq!(
            c.reference.unwrap().text,
            "AVPRF: fond 0100, opis 33, delo 13, papka 244, listy 220-240"
        );
        assert_eq!(c.translators.unwrap().text, "Sergey Radchenko");
        assert!(c.url.unwrap().text.contains("drivingcreative"));
        let r = &c.refs[0];
        assert_eq!(r.shape, Shape::Russian);
        let parts: Vec<&str> = r.parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(parts, ["fond", "opis", "delo", "papka", "listy"]);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn parses_old_site_and_credit_shapes() {
        let c = cite("\"From the Diary of N.V. Roshchin: Memorandum of Conversation with Chairman Mao Zedong on 16 October 1949,\" December 01, 1949, History and Public Policy Program Digital Archive, AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 28-31. Translated for CWIHP by David Wolff.");
        assert!(c.title.unwrap().text.ends_with("16 October 1949"));
        assert_eq!(c.date.unwrap().0.to_string(), "December 1, 1949");
        assert_eq!(c.translators.unwrap().text, "David Wolff");
        let c = cite("“Note Number 399, 'China and Eastern Europe',” May 16, 1969, History and Public Policy Program Digital Archive, Archives of the Ministry of Foreign Affairs, France. Obtained by Enrico Fardella and translated by Garret Martin. https://digitalarchive.wilsoncenter.org/document/116451");
        assert_eq!(
            c.title.unwrap().text,
            "Note Number 399, 'China and Eastern Europe'"
        );
        assert_eq!(c.obtained.unwrap().text, "Enrico Fardella");
        assert_eq!(c.translators.unwrap().text, "Garret Martin");
        assert_eq!(c.refs[0].shape, Shape::Unparsed);
        let c = cite("\"T\", 1958, Wilson Center Digital Archive, RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by A. Ya. Smith and B. Jones.");
        assert_eq!(c.translators.unwrap().text, "A. Ya. Smith and B. Jones");
    }

    #[test]
    fn parses_reference_shapes() {
        let shapes = |t: &str| {
            parse_refs(t, 0)
                .iter()
                .map(|r| (r.shape, r.problems.len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(shapes("PRC FMA 105-00032-23, 1-5"), [(Shape::PrcFma, 0)]);
        assert_eq!(shapes("PRC FMA 105-0032-23"), [(Shape::PrcFma, 1)]);
        assert_eq!(shapes("SAPMO-BArch, DY 30/3387"), [(Shape::German, 0)]);
        assert_eq!(
            shapes("RG 59, Central Files, 793.00/9-645"),
            [(Shape::UsNara, 0)]
        );
        assert_eq!(
            shapes("APRF, f. 45, op. 1, d. 342, l. 78; AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 80"),
            [(Shape::Russian, 0), (Shape::Russian, 0)]
        );
        assert_eq!(
            shapes("GARF, f. R-5446, op. 1, ed. khr. 16, ll. 5-7ob., 9"),
            [(Shape::Russian, 0)]
        );
        assert_eq!(
            shapes("AVPRF f. 0100, op. 34, 1946, p. 253, d. 18"),
            [(Shape::Russian, 0)]
        );
        assert_eq!(
            shapes("AVPRF, f. 0100, op. 33, d. 13, ll. 240-220"),
            [(Shape::Russian, 1)]
        );
        assert_eq!(shapes("AVPRF, fond , opis 33"), [(Shape::Russian, 1)]);
        assert_eq!(shapes("AVRPF, f. 0100"), [(Shape::Unparsed, 1)]);
        assert_eq!(
            shapes("Archives of the Ministry of Foreign Affairs, France"),
            [(Shape::Unparsed, 0)]
        );
    }
}
