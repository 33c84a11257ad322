//! The structure family: the shape of the Markdown document.

use super::citation::document_profile;
use super::{Context, FixKind, Rule, RuleMeta};
use crate::diagnostic::{Edit, Fix, Severity, Span};
use crate::document::{Document, Section};

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

/// The sections of `doc` matching a profile section (its name or an alias).
fn find_section<'d>(
    doc: &'d Document,
    spec: &crate::config::pack::RawSection,
) -> Option<&'d Section> {
    std::iter::once(&spec.name)
        .chain(spec.aliases.iter())
        .find_map(|n| doc.section(n))
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// `structure/missing-section`: a section the profile requires is absent.
pub struct MissingSection;

static MISSING_SECTION: RuleMeta = RuleMeta {
    id: "structure/missing-section",
    severity: Severity::Warning,
    summary: "a section the document's profile requires is missing",
    explanation: "\
A profile names the parts a document of its collection has. A Wilson Center document has a
date heading, a title, then Citation, Summary, Original Language and Contents; a FRUS
document a title and a Citation. A missing part is reported where it was expected. The
Citation section itself is citation/missing's business. Text without any heading is a
fragment, not a document, and is not checked.",
    fix: FixKind::None,
    config: "select: [structure/missing-section]\n",
    bad: &["# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, Wilson Center Digital Archive, AVPRF, f. 0100, op. 33, d. 13, l. 5. https://digitalarchive.wilsoncenter.org/document/1\n\n### Contents:\n\nText.\n"],
    good: &["# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, Wilson Center Digital Archive, AVPRF, f. 0100, op. 33, d. 13, l. 5. https://digitalarchive.wilsoncenter.org/document/1\n\n### Summary:\n\nS.\n\n### Original Language:\n\nEnglish\n\n### Contents:\n\nText.\n"],
};

impl Rule for MissingSection {
    fn meta(&self) -> &'static RuleMeta {
        &MISSING_SECTION
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(p) = document_profile(doc, cx) else {
            return;
        };
        let start = doc
            .outline
            .headings
            .first()
            .map_or(Span::new(0, 0), |h| h.span);
        if p.title_heading && doc.meta.title.is_none() {
            cx.report(start, "the document has no title heading")
                .primary("a title heading is expected here")
                .help(format!(
                    "the {} profile expects the document's title as a heading",
                    p.name
                ));
        }
        let found: Vec<Option<Span>> = p
            .sections
            .iter()
            .map(|spec| find_section(doc, spec).map(|s| s.title))
            .collect();
        let end = Span::new(doc.text.len(), doc.text.len());
        for (k, spec) in p.sections.iter().enumerate() {
            if found[k].is_some() || !spec.required || spec.name == "citation" {
                continue;
            }
            // Point at the section that should follow it, or at the end of the document.
            let next = found[k + 1..].iter().flatten().next().copied();
            let (at, label) = match next {
                Some(n) => (
                    n,
                    format!("{} expected before this", title_case(&spec.name)),
                ),
                None => (end, format!("{} expected here", title_case(&spec.name))),
            };
            cx.report(
                at,
                format!("the document has no {} section", title_case(&spec.name)),
            )
            .primary(label)
            .help(format!(
                "add a `{}:` heading; the {} profile requires it",
                title_case(&spec.name),
                p.name
            ));
        }
    }
}

/// `structure/empty-section`: a section the profile wants filled is empty.
pub struct EmptySection;

static EMPTY_SECTION: RuleMeta = RuleMeta {
    id: "structure/empty-section",
    severity: Severity::Warning,
    summary: "a section the profile requires to have content is empty",
    explanation: "\
A Summary or Original Language heading with nothing under it is left over from a template or
a failed export; readers and search engines see an empty promise. The profile names the
sections that must not be empty.",
    fix: FixKind::None,
    config: "select: [structure/empty-section]\n",
    bad: &["# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, Wilson Center Digital Archive, AVPRF, f. 0100, op. 33, d. 13, l. 5. https://digitalarchive.wilsoncenter.org/document/1\n\n### Summary:\n\n### Original Language:\n\nEnglish\n\n### Contents:\n\nText.\n"],
    good: &["# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, Wilson Center Digital Archive, AVPRF, f. 0100, op. 33, d. 13, l. 5. https://digitalarchive.wilsoncenter.org/document/1\n\n### Summary:\n\nS.\n\n### Original Language:\n\nEnglish\n\n### Contents:\n\nText.\n"],
};

impl Rule for EmptySection {
    fn meta(&self) -> &'static RuleMeta {
        &EMPTY_SECTION
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(p) = document_profile(doc, cx) else {
            return;
        };
        for spec in p.sections.iter().filter(|s| s.non_empty) {
            let Some(s) = find_section(doc, spec) else {
                continue;
            };
            let has_text = doc
                .outline
                .prose_in(s.content)
                .iter()
                .any(|r| !doc.slice(*r).trim().is_empty());
            if !has_text {
                cx.report(
                    s.title,
                    format!("the {} section is empty", title_case(&spec.name)),
                )
                .primary("nothing under this heading")
                .help("fill it in from the archive's page, or remove the heading");
            }
        }
    }
}

/// `structure/section-order`: sections out of the profile's order.
pub struct SectionOrder;

static SECTION_ORDER: RuleMeta = RuleMeta {
    id: "structure/section-order",
    severity: Severity::Info,
    summary: "sections are not in the order the profile gives",
    explanation: "\
A collection reads best when every document has its parts in the same order — for the Wilson
Center: Citation, Summary, Original Language, Contents. A section found before one that the
profile puts ahead of it is reported.",
    fix: FixKind::None,
    config: "select: [structure/section-order]\n",
    bad: &["# September 6, 1945\n\n## Record\n\n### Summary:\n\nS.\n\n### Citation:\n\n\"Record\", September 6, 1945, Wilson Center Digital Archive, AVPRF, f. 0100, op. 33, d. 13, l. 5. https://digitalarchive.wilsoncenter.org/document/1\n\n### Original Language:\n\nEnglish\n\n### Contents:\n\nText.\n"],
    good: &["# September 6, 1945\n\n## Record\n\n### Citation:\n\n\"Record\", September 6, 1945, Wilson Center Digital Archive, AVPRF, f. 0100, op. 33, d. 13, l. 5. https://digitalarchive.wilsoncenter.org/document/1\n\n### Summary:\n\nS.\n\n### Original Language:\n\nEnglish\n\n### Contents:\n\nText.\n"],
};

impl Rule for SectionOrder {
    fn meta(&self) -> &'static RuleMeta {
        &SECTION_ORDER
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(p) = document_profile(doc, cx) else {
            return;
        };
        if !p.ordered {
            return;
        }
        let found: Vec<(&str, Span)> = p
            .sections
            .iter()
            .filter_map(|spec| find_section(doc, spec).map(|s| (spec.name.as_str(), s.title)))
            .collect();
        for k in 1..found.len() {
            let (name, span) = found[k];
            if let Some((before, bspan)) = found[..k].iter().find(|(_, s)| s.start > span.start) {
                cx.report(
                    span,
                    format!("{} comes before {}", title_case(name), title_case(before)),
                )
                .primary("out of order")
                .label(*bspan, format!("{} should come first", title_case(before)))
                .help(format!(
                    "move {} after {}",
                    title_case(name),
                    title_case(before)
                ));
                break;
            }
        }
    }
}

/// `structure/date-heading`: the date heading does not parse as a date.
pub struct DateHeading;

static DATE_HEADING: RuleMeta = RuleMeta {
    id: "structure/date-heading",
    severity: Severity::Warning,
    summary: "the date heading does not parse as a date",
    explanation: "\
The date heading dates the document for readers, for sorting, and for emend's own checks
(the citation's date, names in use at that date). A heading that was meant as a date but
does not read as one — \"Septmber 6, 1945\", \"6 Sept 19455\" — is reported. Accepted:
\"September 6, 1945\", \"6 September 1945\", \"Sept. 6, 1945\", \"1945-09-06\",
\"September 1945\", \"1945\".",
    fix: FixKind::None,
    config: "select: [structure/date-heading]\n",
    bad: &["# Septmber 6, 1945\n\n## Record\n\nText.\n"],
    good: &[
        "# September 6, 1945\n\n## Record\n\nText.\n",
        "# 1945-09-06\n\n## Record\n\nText.\n",
    ],
};

impl Rule for DateHeading {
    fn meta(&self) -> &'static RuleMeta {
        &DATE_HEADING
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        if doc.meta.date.is_some() {
            return;
        }
        let Some(h) = doc.outline.headings.first() else {
            return;
        };
        if crate::document::looks_like_date(&h.text) {
            cx.report(
                h.span,
                format!("the date heading “{}” does not read as a date", h.text),
            )
            .primary("not a date")
            .help("write it as \"September 6, 1945\", \"6 September 1945\" or \"1945-09-06\"");
        }
    }
}
