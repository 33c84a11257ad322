//! Inline suppressions: `<!-- emend-disable RULE -->` … `<!-- emend-enable RULE -->`,
//! `<!-- emend-disable-line RULE -->`, `<!-- emend-disable-next-line RULE -->` and
//! `<!-- emend-disable-file RULE -->`. RULE may be a rule, a family or nothing (all rules).

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::rules::{Selection, Selector};

/// What a directive applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    /// From here to the matching enable (or the end of the file).
    Disable,
    /// Ends a Disable.
    Enable,
    /// Diagnostics that start on this line.
    Line,
    /// Diagnostics that start on the next line.
    NextLine,
    /// The whole file.
    File,
}

/// One suppression comment.
#[derive(Clone, Debug)]
struct Directive {
    kind: Kind,
    /// The comment.
    span: Span,
    /// The rules named (empty: all), with their spans.
    selectors: Vec<(Selector, Span)>,
    /// 0-based lines covered: [first, last].
    lines: (usize, usize),
    used: bool,
}

fn directives(doc: &Document) -> (Vec<Directive>, Vec<(Span, String)>) {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for h in &doc.outline.html {
        let src = doc.slice(*h);
        let mut from = 0;
        while let Some(i) = src[from..].find("<!--") {
            let start = from + i;
            // The comment's end comes after its opening: "<!--->" is not a closed comment.
            let Some(j) = src[start + 4..].find("-->") else {
                break;
            };
            let end = start + 4 + j + 3;
            from = end;
            let body = src[start + 4..end - 3].trim();
            let Some(rest) = body.strip_prefix("emend-") else {
                continue;
            };
            let (word, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let kind = match word {
                "disable" => Kind::Disable,
                "enable" => Kind::Enable,
                "disable-line" => Kind::Line,
                "disable-next-line" => Kind::NextLine,
                "disable-file" => Kind::File,
                _ => continue,
            };
            let base = h.start as usize + start;
            let span = Span::new(base, h.start as usize + end);
            let comment = &src[start..end];
            let mut cursor = comment.find(word).map_or(0, |k| k + word.len());
            let mut selectors = Vec::new();
            for token in args.split(|c: char| c.is_whitespace() || c == ',') {
                if token.is_empty() || token == "-->" {
                    continue;
                }
                let Some(k) = comment[cursor..].find(token).map(|k| k + cursor) else {
                    continue;
                };
                cursor = k + token.len();
                let tspan = Span::new(base + k, base + k + token.len());
                match Selector::parse(token) {
                    Ok(s) => selectors.push((s, tspan)),
                    Err(suggestion) => unknown.push((
                        tspan,
                        match suggestion {
                            Some(n) => format!("unknown rule or family `{token}` in a suppression comment; did you mean `{n}`?"),
                            None => format!("unknown rule or family `{token}` in a suppression comment"),
                        },
                    )),
                }
            }
            let line = doc.lines.line_of(span.start as usize);
            let end_line = doc.lines.line_of(span.end as usize);
            let lines = match kind {
                Kind::Line => (line, line),
                Kind::NextLine => (end_line + 1, end_line + 1),
                Kind::File => (0, usize::MAX),
                Kind::Disable | Kind::Enable => (line, usize::MAX),
            };
            out.push(Directive {
                kind,
                span,
                selectors,
                lines,
                used: false,
            });
        }
    }
    // A disable ends at the first enable after it that names the same rules (or all).
    for i in 0..out.len() {
        if out[i].kind != Kind::Disable {
            continue;
        }
        let end = out[i + 1..]
            .iter()
            .find(|e| {
                e.kind == Kind::Enable
                    && (e.selectors.is_empty()
                        || e.selectors
                            .iter()
                            .all(|(s, _)| out[i].selectors.iter().any(|(d, _)| d == s)))
            })
            .map(|e| e.lines.0);
        if let Some(end) = end {
            out[i].lines.1 = end;
        }
    }
    (out, unknown)
}

fn matches(selectors: &[(Selector, Span)], rule: &str) -> bool {
    selectors.is_empty() || selectors.iter().any(|(s, _)| s.matches(rule))
}

/// Drop the diagnostics that comments suppress; add `suppress/unknown-rule` for unknown
/// ids and `suppress/unused` for comments that suppressed nothing (when those are enabled).
pub fn apply(doc: &Document, diagnostics: &mut Vec<Diagnostic>, sel: &Selection) {
    if !doc.text.contains("emend-") {
        return;
    }
    let (mut dirs, unknown) = directives(doc);
    diagnostics.retain(|d| {
        let line = doc.lines.line_of(d.span.start as usize);
        let mut keep = true;
        for dir in dirs.iter_mut().filter(|x| x.kind != Kind::Enable) {
            if line >= dir.lines.0 && line <= dir.lines.1 && matches(&dir.selectors, &d.rule) {
                dir.used = true;
                keep = false;
            }
        }
        keep
    });
    if let Some(severity) = sel.severity_of("suppress/unknown-rule") {
        for (span, message) in unknown {
            diagnostics.push(Diagnostic {
                rule: "suppress/unknown-rule".into(),
                severity,
                span,
                message,
                primary_label: Some("not a rule or family".into()),
                labels: Vec::new(),
                help: Some("`emend rules` lists every rule and family".into()),
                fix: None,
            });
        }
    }
    if let Some(severity) = sel.severity_of("suppress/unused") {
        for dir in dirs.iter().filter(|d| !d.used && d.kind != Kind::Enable) {
            // A comment about rules this run does not check cannot be judged.
            let all_on = dir.selectors.iter().all(|(s, _)| {
                crate::rules::builtin()
                    .iter()
                    .any(|r| s.matches(r.meta().id) && sel.severity_of(r.meta().id).is_some())
            });
            if !all_on {
                continue;
            }
            let what = if dir.selectors.is_empty() {
                "any rule".to_owned()
            } else {
                dir.selectors
                    .iter()
                    .map(|(_, sp)| doc.slice(*sp).to_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            diagnostics.push(Diagnostic {
                rule: "suppress/unused".into(),
                severity,
                span: dir.span,
                message: format!("this suppression comment suppresses nothing ({what})"),
                primary_label: Some("stale".into()),
                labels: Vec::new(),
                help: Some("remove the comment, or the rule it names no longer fires here".into()),
                fix: Some(crate::diagnostic::Fix::safe(vec![
                    crate::diagnostic::Edit::replace(dir.span, ""),
                ])),
            });
        }
    }
    diagnostics.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
}
