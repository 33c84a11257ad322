//! The date family: dates in the text that cannot exist, and weekdays that do not match.

use super::{Context, FixKind, Rule, RuleMeta};
use crate::diagnostic::{Edit, Fix, Severity, Span};
use crate::document::{day_number, Document, MONTHS};

const ABBREVIATIONS: [&str; 13] = [
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Febr",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A date written in the prose: "6 September 1945", "September 6, 1945", "February 30".
#[derive(Clone, Debug)]
pub struct WrittenDate {
    /// The whole date as written.
    pub span: Span,
    /// Year, when written.
    pub year: Option<i64>,
    /// 1..=12.
    pub month: u32,
    /// As written (may be impossible).
    pub day: u32,
    /// A weekday written right before the date, with its span.
    pub weekday: Option<(usize, Span)>,
}

fn month_of(word: &str, next: Option<char>) -> Option<u32> {
    if let Some(i) = MONTHS.iter().position(|m| *m == word) {
        return Some(i as u32 + 1);
    }
    // Abbreviations only with their full stop: "Sept. 6".
    if next == Some('.') {
        let i = ABBREVIATIONS.iter().position(|a| *a == word)?;
        return Some(match i {
            0..=3 => i as u32 + 1,
            4..=7 => i as u32 + 2,
            8 => 9,
            9..=11 => i as u32 + 1,
            _ => 2,
        });
    }
    None
}

/// Days in `month` of `year` (February has 29 when the year is unknown).
pub fn days_in(month: u32, year: Option<i64>) -> u32 {
    match month {
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Day of the week (0 = Monday) in the proleptic Gregorian calendar.
pub fn weekday(year: i64, month: u32, day: u32) -> usize {
    // Days from 1970-01-01 (a Thursday), after Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (days + 3).rem_euclid(7) as usize
}

fn year(token: &str) -> Option<i64> {
    (token.len() == 4 && token.bytes().all(|b| b.is_ascii_digit()))
        .then(|| token.parse().ok())
        .flatten()
}

/// Push the maximal runs of alphanumeric characters of `s`, with their offsets, onto `out`;
/// ASCII bytes are classified without decoding.
fn alnum_runs<'a>(s: &'a str, out: &mut Vec<(usize, &'a str)>) {
    let bytes = s.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (alnum, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = s[i..].chars().next().expect("a char boundary");
            (c.is_alphanumeric(), c.len_utf8())
        };
        if alnum {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            out.push((st, &s[st..i]));
        }
        i += len;
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
}

/// Every date written in the prose of `doc`.
pub fn find_dates(doc: &Document) -> Vec<WrittenDate> {
    let mut out = Vec::new();
    let mut toks: Vec<(usize, &str)> = Vec::new();
    for p in &doc.outline.prose {
        let s = doc.slice(*p);
        // Every date emend reads has a day number.
        if super::scan::digits(s.as_bytes()).next().is_none() {
            continue;
        }
        let base = p.start as usize;
        toks.clear();
        alnum_runs(s, &mut toks);
        let gap = |a: usize, b: usize| -> &str {
            let (ea, sb) = (toks[a].0 + toks[a].1.len(), toks[b].0);
            &s[ea..sb]
        };
        let small_gap = |a: usize, b: usize| {
            let g = gap(a, b);
            g.len() <= 3
                && g.chars()
                    .all(|c| c == ' ' || c == ',' || c == '.' || c == '\u{a0}')
        };
        for k in 0..toks.len() {
            let (at, word) = toks[k];
            // Month names and their abbreviations: capitalised, three to nine letters.
            if !(3..=9).contains(&word.len())
                || !matches!(
                    word.as_bytes()[0],
                    b'J' | b'F' | b'M' | b'A' | b'S' | b'O' | b'N' | b'D'
                )
            {
                continue;
            }
            let next_char = s[at + word.len()..].chars().next();
            let Some(month) = month_of(word, next_char) else {
                continue;
            };
            // "6 September 1945" or "September 6, 1945".
            let before = (k > 0 && small_gap(k - 1, k) && !gap(k - 1, k).contains(','))
                .then(|| day_number(toks[k - 1].1))
                .flatten();
            let after = (k + 1 < toks.len() && small_gap(k, k + 1))
                .then(|| day_number(toks[k + 1].1))
                .flatten();
            let (day, first, last) = match (before, after) {
                (Some(d), _) => (d, k - 1, k),
                (None, Some(d)) => (d, k, k + 1),
                _ => continue,
            };
            let mut end_tok = last;
            let mut y = None;
            if last + 1 < toks.len() && small_gap(last, last + 1) {
                if let Some(v) = year(toks[last + 1].1) {
                    y = Some(v);
                    end_tok = last + 1;
                }
            }
            let weekday = (first > 0 && small_gap(first - 1, first))
                .then(|| {
                    let (wat, w) = toks[first - 1];
                    WEEKDAYS
                        .iter()
                        .position(|d| *d == w)
                        .map(|i| (i, Span::new(base + wat, base + wat + w.len())))
                })
                .flatten();
            let (s0, e0) = (toks[first].0, toks[end_tok].0 + toks[end_tok].1.len());
            out.push(WrittenDate {
                span: Span::new(base + s0, base + e0),
                year: y,
                month,
                day,
                weekday,
            });
        }
    }
    out
}

/// `date/invalid`: a date that cannot exist.
pub struct Invalid;

static INVALID: RuleMeta = RuleMeta {
    id: "date/invalid",
    severity: Severity::Error,
    summary: "a date that cannot exist (\"31 September 1945\", \"February 30\")",
    explanation: "\
A date that cannot exist — the 31st of a thirty-day month, the 30th of February, the 29th
of February in a year that is not a leap year — is a slip of the typist, the translator or
the OCR engine, and a reader cannot tell which day was meant. Check the original.",
    fix: FixKind::None,
    config: "",
    bad: &[
        "The agreement of 31 September 1945 was not signed.\n",
        "On February 30 the delegation left.\n",
        "On 29 February 1946 it snowed.\n",
    ],
    good: &[
        "The agreement of 30 September 1945 was signed; on 29 February 1944 it snowed; May 5.\n",
    ],
};

impl Rule for Invalid {
    fn meta(&self) -> &'static RuleMeta {
        &INVALID
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for d in cx.shared().dates(doc) {
            let max = days_in(d.month, d.year);
            if d.day >= 1 && d.day <= max {
                continue;
            }
            let month = MONTHS[d.month as usize - 1];
            let why = if d.day == 0 {
                "there is no day 0".to_owned()
            } else if d.month == 2 && d.day == 29 {
                format!("{} was not a leap year", d.year.unwrap_or_default())
            } else {
                format!("{month} has {max} days")
            };
            cx.report(
                d.span,
                format!("“{}” cannot exist: {why}", doc.slice(d.span)),
            )
            .primary("impossible date")
            .help("check the date in the original document");
        }
    }
}

/// `date/weekday-mismatch`: a weekday written with a date that fell on another day.
pub struct WeekdayMismatch;

static WEEKDAY_MISMATCH: RuleMeta = RuleMeta {
    id: "date/weekday-mismatch",
    severity: Severity::Warning,
    summary: "a weekday stated with a date that fell on another day",
    explanation: "\
\"Tuesday, 6 September 1945\" — but 6 September 1945 was a Thursday. A weekday and a date
that disagree mean one of them was mistyped or mistranslated; the message gives the weekday
the date fell on, in the proleptic Gregorian calendar.

Russian documents dated before February 1918 may use the Julian calendar (thirteen days
behind in the twentieth century), so for documents of Russian origin (the Original Language
section says Russian, or the citation names a Russian archive) such dates are skipped unless
`dates: {check_julian_era: true}` is set in emend.yaml.",
    fix: FixKind::Unsafe,
    config: "",
    bad: &[
        "On Tuesday, 6 September 1945 the talks resumed.\n",
        "The meeting of Monday, September 6, 1945 was short.\n",
    ],
    good: &["On Thursday, 6 September 1945 the talks resumed; on Friday the 7th they paused.\n"],
};

/// True when the document is of Russian origin: its dates before 1918 may be Julian.
fn russian(doc: &Document) -> bool {
    let lang = doc
        .section("original language")
        .map(|s| doc.slice(s.content).trim().to_lowercase())
        .unwrap_or_default();
    let cit = doc
        .section("citation")
        .map(|s| doc.slice(s.content))
        .unwrap_or("");
    lang.starts_with("russian")
        || ["AVPRF", "APRF", "RGASPI", "RGANI", "GARF", "RGVIA"]
            .iter()
            .any(|a| cit.contains(a))
}

impl Rule for WeekdayMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &WEEKDAY_MISMATCH
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let julian_doubt = russian(doc) && !cx.shared().check_julian_era;
        for d in cx.shared().dates(doc) {
            let (Some((written, wspan)), Some(y)) = (d.weekday, d.year) else {
                continue;
            };
            if d.day < 1 || d.day > days_in(d.month, Some(y)) {
                continue;
            }
            if julian_doubt
                && (y < 1918 || y == 1918 && d.month < 2 || y == 1918 && d.month == 2 && d.day < 14)
            {
                continue;
            }
            let actual = weekday(y, d.month, d.day);
            if actual == written {
                continue;
            }
            let right = WEEKDAYS[actual];
            cx.report(
                wspan,
                format!(
                    "{} was a {right}, not a {}",
                    doc.slice(Span::new(d.span.start as usize, d.span.end as usize)),
                    WEEKDAYS[written]
                ),
            )
            .primary(format!("should be {right}"))
            .label(d.span, "the date")
            .help(format!(
                "check the original: either the weekday is {right} or the date is wrong"
            ))
            .fix(Fix::unsafe_(vec![Edit::replace(wspan, right)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_of_known_dates() {
        assert_eq!(WEEKDAYS[weekday(1945, 9, 6)], "Thursday");
        assert_eq!(WEEKDAYS[weekday(1949, 10, 1)], "Saturday");
        assert_eq!(WEEKDAYS[weekday(1970, 1, 1)], "Thursday");
        assert_eq!(WEEKDAYS[weekday(2000, 2, 29)], "Tuesday");
        assert_eq!(WEEKDAYS[weekday(1917, 11, 7)], "Wednesday");
    }

    #[test]
    fn finds_dates_in_both_orders() {
        let doc = Document::parse(
            "On Tuesday, 6 September 1945 and on September 7, 1945; Sept. 8 too.\n".into(),
            false,
        );
        let d = find_dates(&doc);
        assert_eq!(d.len(), 3);
        assert_eq!(
            (d[0].day, d[0].month, d[0].year, d[0].weekday.map(|w| w.0)),
            (6, 9, Some(1945), Some(1))
        );
        assert_eq!((d[1].day, d[1].year), (7, Some(1945)));
        assert_eq!((d[2].day, d[2].month, d[2].year), (8, 9, None));
    }
}
