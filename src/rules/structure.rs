//! The structure family: the shape of the Markdown document.

use super::{Context, FixKind, Rule, RuleMeta};
use crate::diagnostic::{Edit, Fix, Severity, Span};
use crate::document::Document;

/// `structure/heading-emphasis`: a heading whose whole text is bold.
pub struct HeadingEmphasis;

static HEADING_EMPHASIS: RuleMeta = RuleMeta {
    id: "structure/heading-emphasis",
    severity: Severity::Warning,
    summary: "heading text wholly wrapped in ** or __",
    explanation: "\
A heading is already set apart; wrapping its whole text in `**…**` or `__…__` adds nothing
but noise, and it is almost always left by an HTML-to-Markdown conversion of a page whose
headings were bold paragraphs (`# **Original Language:**`). The markup also gets in the way
of tools that read headings, such as a table of contents or a check for required sections.

The safe fix removes the wrapping markers and keeps the text.",
    fix: FixKind::Safe,
    config: "",
    bad: &[
        "# **Original Language:**\n\nRussian\n",
        "### __Contents__\n\nText.\n",
    ],
    good: &[
        "# Original Language:\n\nRussian\n",
        "## The **second** meeting\n\nText.\n",
        "## **Part one** and **part two**\n\nText.\n",
        "**Citation:**\n\nA bold paragraph is not a heading.\n",
    ],
};

impl Rule for HeadingEmphasis {
    fn meta(&self) -> &'static RuleMeta {
        &HEADING_EMPHASIS
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for h in &doc.outline.headings {
            let Some(b) = h.block else { continue };
            let span = doc.outline.blocks[b].span;
            let inner = doc.slice(span);
            for marker in ["**", "__"] {
                let Some(body) = inner
                    .strip_prefix(marker)
                    .and_then(|r| r.strip_suffix(marker))
                else {
                    continue;
                };
                if body.trim().is_empty() || body.contains(marker) {
                    continue;
                }
                let (s, e) = (span.start as usize, span.end as usize);
                let open = Span::new(s, s + 2);
                let close = Span::new(e - 2, e);
                cx.report(span, format!("heading text is wholly wrapped in {marker}"))
                    .primary("the whole heading is bold")
                    .help("remove the emphasis: a heading needs none")
                    .fix(Fix::safe(vec![
                        Edit::replace(open, ""),
                        Edit::replace(close, ""),
                    ]));
            }
        }
    }
}
