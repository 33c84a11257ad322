//! Document metadata read from the outline: the document's date and title.

use std::fmt;

use super::outline::{BlockKind, Outline};
use crate::diagnostic::Span;

/// A calendar date, possibly partial ("September 1945", "1945").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// 1..=12, when known.
    pub month: Option<u8>,
    /// 1..=31, when known (only with a month).
    pub day: Option<u8>,
}

/// English month names, January first: how dates are read and written everywhere.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{} {}, {}", MONTHS[m as usize - 1], d, self.year),
            (Some(m), None) => write!(f, "{} {}", MONTHS[m as usize - 1], self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

/// The document's date and title, each with the span it was read from.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    /// The first heading or line that parses as a date.
    pub date: Option<(Date, Span)>,
    /// The first heading that is not a date.
    pub title: Option<(String, Span)>,
}

impl Metadata {
    /// Read date and title from the outline.
    pub fn extract(text: &str, outline: &Outline) -> Self {
        let mut meta = Metadata::default();
        for block in &outline.blocks {
            if meta.date.is_some() && meta.title.is_some() {
                break;
            }
            let is_heading = matches!(block.kind, BlockKind::Heading(_));
            if !is_heading && block.kind != BlockKind::Paragraph {
                continue;
            }
            let raw = &text[block.span.range()];
            if meta.date.is_none() {
                let single_line = !raw.trim().contains('\n');
                if single_line {
                    if let Some(d) = parse_date(raw) {
                        meta.date = Some((d, block.span));
                        continue;
                    }
                }
            }
            if is_heading && meta.title.is_none() {
                if let Some(h) = outline
                    .headings
                    .iter()
                    .find(|h| h.span.contains(block.span.start as usize))
                {
                    if !h.text.is_empty()
                        && parse_date(&h.text).is_none()
                        && !looks_like_date(&h.text)
                    {
                        meta.title = Some((h.text.clone(), block.span));
                    }
                }
            }
        }
        meta
    }
}

/// A heading that was meant as a date even if it does not parse: a four-digit year with a
/// word close to a month name ("Septmber 6, 1945"), in a few words.
pub fn looks_like_date(s: &str) -> bool {
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    let near_month = |w: &str| {
        w.chars().count() >= 3
            && MONTHS.iter().any(|m| {
                let m = m.to_lowercase();
                let head: String = w.chars().take(3).collect();
                m.starts_with(&head) && crate::rules::selection::suggest(w, [m.as_str()]).is_some()
                    || m.starts_with(w)
            })
    };
    let digits = |w: &str| w.bytes().all(|b| b.is_ascii_digit());
    let year = words.iter().any(|w| w.len() >= 4 && digits(w));
    let month = words.iter().any(|w| near_month(w));
    month && (year || words.iter().any(|w| digits(w)))
}

fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let sept = w == "sept";
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_ascii_lowercase();
            m == w || (w.len() == 3 && m.starts_with(&w))
        })
        .or(if sept { Some(8) } else { None })
        .map(|i| i as u8 + 1)
}

fn year(word: &str) -> Option<u16> {
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        let y: u16 = word.parse().ok()?;
        (1000..=2999).contains(&y).then_some(y)
    } else {
        None
    }
}

/// The number of a day as written, one or two digits with an optional ordinal ending
/// ("6", "06", "6th"); not checked against any month (the date rules report "September 31").
pub fn day_number(word: &str) -> Option<u32> {
    let w = word
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    if w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok()
}

fn day(word: &str) -> Option<u8> {
    let d = day_number(word)?;
    (1..=31).contains(&d).then_some(d as u8)
}

/// Parse a whole string as a date: "September 6, 1945", "6 September 1945",
/// "Sept. 6, 1945", "1945-09-06", "September 1945", "1945". Markup and a final full stop
/// are ignored; anything else makes it not a date.
pub fn parse_date(s: &str) -> Option<Date> {
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '#'))
        .collect();
    let cleaned = cleaned.trim().trim_end_matches('.').trim();
    if let Some(d) = parse_iso(cleaned) {
        return Some(d);
    }
    let words: Vec<&str> = cleaned
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [y] => year(y).map(|year| Date {
            year,
            month: None,
            day: None,
        }),
        [m, y] => Some(Date {
            year: year(y)?,
            month: Some(month_number(m)?),
            day: None,
        }),
        [a, b, y] => {
            let year = year(y)?;
            let (month, day) = match (month_number(a), month_number(b)) {
                (Some(m), None) => (m, day(b)?),
                (None, Some(m)) => (m, day(a)?),
                _ => return None,
            };
            Some(Date {
                year,
                month: Some(month),
                day: Some(day),
            })
        }
        _ => None,
    }
}

fn parse_iso(s: &str) -> Option<Date> {
    let mut parts = s.split('-');
    let y = year(parts.next()?)?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d = match parts.next() {
        Some(d) if d.len() == 2 => Some(d.parse::<u8>().ok()?),
        Some(_) => return None,
        None => None,
    };
    if parts.next().is_some() || !(1..=12).contains(&m) || d.is_some_and(|d| !(1..=31).contains(&d))
    {
        return None;
    }
    Some(Date {
        year: y,
        month: Some(m),
        day: d,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: Option<u8>, dd: Option<u8>) -> Option<Date> {
        Some(Date {
            year: y,
            month: m,
            day: dd,
        })
    }

    #[test]
    fn parses_the_shapes_archives_use() {
        assert_eq!(parse_date("September 6, 1945"), d(1945, Some(9), Some(6)));
        assert_eq!(parse_date("6 September 1945"), d(1945, Some(9), Some(6)));
        assert_eq!(parse_date("Sept. 6, 1945"), d(1945, Some(9), Some(6)));
        assert_eq!(parse_date("December 01, 1949"), d(1949, Some(12), Some(1)));
        assert_eq!(parse_date("1945-09-06"), d(1945, Some(9), Some(6)));
        assert_eq!(parse_date("**September 1945**"), d(1945, Some(9), None));
        assert_eq!(parse_date("1945"), d(1945, None, None));
        assert_eq!(parse_date("Sep 6, 1945"), d(1945, Some(9), Some(6)));
    }

    #[test]
    fn rejects_what_is_not_only_a_date() {
        for s in [
            "Record of Conversation, 6 September 1945",
            "May",
            "45",
            "1945-13-01",
            "32 May 1945",
            "Mars 6, 1945",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn date_and_title_come_from_the_first_headings() {
        let text = "\n\n# September 6, 1945\n\n#### Record of *Conversation*\n\n### Citation:\n";
        let o = Outline::parse(text);
        let m = Metadata::extract(text, &o);
        assert_eq!(m.date.unwrap().0.to_string(), "September 6, 1945");
        assert_eq!(m.title.unwrap().0, "Record of Conversation");
    }
}
