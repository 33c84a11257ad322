//! `--format human`: source snippets with labels, rendered by miette, and a summary line.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents, ThemeCharacters, ThemeStyles,
};

use super::{summary_line, FileReport, Reporter, Style, Summary};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::LineIndex;

/// The default format: what a person reads in a terminal.
pub struct Human {
    /// Colours and quietness.
    pub style: Style,
}

struct Shown<'a> {
    d: &'a Diagnostic,
    src: Excerpt,
}

/// The lines a diagnostic points into, with long lines cropped around its spans so that a
/// paragraph written on one line of 2,000 characters shows as a readable window.
struct Excerpt {
    name: String,
    text: String,
    /// 0-based line of the original text where the excerpt starts.
    first_line: usize,
    /// Per excerpt line: byte start in the excerpt, bytes of "…" prefix, first char column
    /// of the window in the original line.
    lines: Vec<(usize, usize, usize)>,
    /// Spans of the diagnostic mapped into the excerpt: primary first, then labels.
    spans: Vec<SourceSpan>,
}

const WIDTH: usize = 110;
const MARGIN: usize = 40;

impl Excerpt {
    fn new(name: &str, text: &str, d: &Diagnostic) -> Self {
        let index = LineIndex::new(text);
        // A file read back for its report may have changed since it was checked: keep every
        // span inside the text and on character boundaries.
        let fit = |s: Span| {
            let a = crate::document::floor_char_boundary(text, (s.start as usize).min(text.len()));
            let b = crate::document::floor_char_boundary(text, (s.end as usize).min(text.len()));
            Span::new(a, b.max(a))
        };
        let mut spans = vec![display_span(text, fit(d.span))];
        spans.extend(d.labels.iter().map(|l| display_span(text, fit(l.span))));
        let points: Vec<usize> = spans
            .iter()
            .flat_map(|s| [s.start as usize, s.end as usize])
            .collect();
        let lo_line = points
            .iter()
            .map(|&p| index.line_of(p))
            .min()
            .unwrap_or(0)
            .saturating_sub(1);
        let hi_line = (points.iter().map(|&p| index.line_of(p)).max().unwrap_or(0) + 1)
            .min(index.line_count() - 1);
        let mut out = String::new();
        let mut lines = Vec::new();
        // (line, window char start, window byte start, window byte end) per original line
        let mut windows = Vec::new();
        for line in lo_line..=hi_line {
            let range = index.line_range(text, line);
            let content = &text[range.clone()];
            let cols: Vec<usize> = points
                .iter()
                .filter(|&&p| index.line_of(p) == line)
                .map(|&p| {
                    content[..(p - range.start).min(content.len())]
                        .chars()
                        .count()
                })
                .collect();
            let n = content.chars().count();
            let (lo, hi) = if n <= WIDTH {
                (0, n)
            } else {
                let first = cols.iter().copied().min().unwrap_or(0);
                let last = cols.iter().copied().max().unwrap_or(0);
                // More context before the first mark than after: the reader needs to see
                // what leads up to it.
                let lo = first.saturating_sub(MARGIN + MARGIN / 2);
                (lo, n.min((last + MARGIN).max(lo + WIDTH)))
            };
            let byte_at = |c: usize| {
                content
                    .char_indices()
                    .nth(c)
                    .map_or(content.len(), |(i, _)| i)
            };
            let (blo, bhi) = (byte_at(lo), byte_at(hi));
            let start = out.len();
            let prefix = if lo > 0 { "…" } else { "" };
            out.push_str(prefix);
            out.push_str(&content[blo..bhi]);
            if hi < n {
                out.push('…');
            }
            out.push('\n');
            lines.push((start, prefix.len(), lo));
            windows.push((range.start + blo, range.start + bhi, start + prefix.len()));
        }
        let map = |p: usize| -> usize {
            let line = index.line_of(p);
            let (ws, we, es) = windows[line - lo_line];
            es + p.clamp(ws, we) - ws
        };
        let spans = spans
            .iter()
            .map(|s| {
                let a = map(s.start as usize);
                let b = map(s.end as usize).max(a);
                SourceSpan::from(a..b)
            })
            .collect();
        Excerpt {
            name: name.to_owned(),
            text: out,
            first_line: lo_line,
            lines,
            spans,
        }
    }

    /// The 0-based column in the original line of an excerpt offset.
    fn original_column(&self, offset: usize) -> usize {
        let i = self
            .lines
            .partition_point(|l| l.0 <= offset)
            .saturating_sub(1);
        let (start, prefix, col) = self.lines[i];
        let from = (start + prefix).min(offset);
        col + self.text[from..offset].chars().count()
    }
}

/// A span as drawn: a break made only of whitespace over several lines is drawn as the
/// point where it begins, not as a box around empty lines.
fn display_span(text: &str, s: Span) -> Span {
    let inner = &text[s.range()];
    if inner.contains('\n') && inner.trim().is_empty() {
        Span::new(s.start as usize, s.start as usize)
    } else {
        s
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        let column = if before == 0 && after == 0 {
            self.original_column(span.offset())
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.d.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let spans = &self.src.spans;
        let primary = LabeledSpan::new_primary_with_span(self.d.primary_label.clone(), spans[0]);
        let others = self
            .d
            .labels
            .iter()
            .zip(&spans[1..])
            .map(|(l, s)| LabeledSpan::new_with_span(Some(l.message.clone()), *s));
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

impl Human {
    fn handler(&self) -> GraphicalReportHandler {
        let theme = if self.style.color {
            GraphicalTheme {
                characters: ThemeCharacters::unicode(),
                styles: ThemeStyles::ansi(),
            }
        } else {
            GraphicalTheme {
                characters: ThemeCharacters::unicode(),
                styles: ThemeStyles::none(),
            }
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100);
        GraphicalReportHandler::new_themed(theme)
            .with_width(width)
            .with_links(false)
            .with_context_lines(1)
    }
}

impl Reporter for Human {
    fn report(
        &self,
        files: &[FileReport],
        summary: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let handler = self.handler();
        for f in files {
            for d in &f.diagnostics {
                let shown = Shown {
                    d,
                    src: Excerpt::new(&f.path, &f.text, d),
                };
                let mut s = String::new();
                handler
                    .render_report(&mut s, &shown)
                    .map_err(|e| io::Error::other(e.to_string()))?;
                out.write_all(s.as_bytes())?;
                writeln!(out)?;
            }
        }
        if !self.style.quiet {
            writeln!(out, "{}", summary_line(summary))?;
        }
        Ok(())
    }
}
