//! The suppress family: problems with suppression comments themselves. Found by
//! [`crate::suppress::apply`] after the rules ran; these types carry their metadata.

use super::{Context, FixKind, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::document::Document;

/// `suppress/unused`: a suppression comment that suppressed nothing.
pub struct Unused;

static UNUSED: RuleMeta = RuleMeta {
    id: "suppress/unused",
    severity: Severity::Info,
    summary: "a suppression comment that suppresses nothing",
    explanation: "\
A `<!-- emend-disable… -->` comment whose rule no longer fires where it points is stale: it
hides nothing today and would hide a real problem tomorrow. Comments naming rules that the
run does not check are not judged. The safe fix removes the comment.

Suppression comments: `<!-- emend-disable RULE… -->` … `<!-- emend-enable RULE… -->` for a
stretch, `<!-- emend-disable-line RULE… -->` at the end of a line, `<!-- emend-disable-next-line
RULE… -->` for the line below, `<!-- emend-disable-file RULE… -->` for the whole file. RULE is
a rule id or a family; without one, every rule. No blank line is needed around a comment.",
    fix: FixKind::Safe,
    config: "",
    bad: &["The talks went on. <!-- emend-disable-line quotes/unclosed -->\n"],
    good: &[
        "He said \"yes. <!-- emend-disable-line quotes/unclosed -->\n",
        "<!-- emend-disable-next-line quotes -->\nHe said \"yes.\n",
        "<!-- emend-disable-file -->\nHe said \"yes.\n\nIt was cut in\n\ntwo.\n",
        "<!-- emend-disable quotes/unclosed -->\nHe said \"yes.\n<!-- emend-enable quotes/unclosed -->\n\nShe said \"no. <!-- emend-disable-line quotes -->\n",
    ],
};

impl Rule for Unused {
    fn meta(&self) -> &'static RuleMeta {
        &UNUSED
    }

    fn check(&self, _doc: &Document, _cx: &mut Context<'_>) {}
}

/// `suppress/unknown-rule`: a suppression comment naming no known rule.
pub struct UnknownRule;

static UNKNOWN_RULE: RuleMeta = RuleMeta {
    id: "suppress/unknown-rule",
    severity: Severity::Warning,
    summary: "a suppression comment names a rule or family that does not exist",
    explanation: "\
A misspelt rule id in `<!-- emend-disable-line quotes/unclsed -->` suppresses nothing and
gives no sign of it. The message suggests the nearest rule id.",
    fix: FixKind::None,
    config: "",
    bad: &["He said \"yes. <!-- emend-disable-line quotes/unclsed quotes/unclosed -->\n"],
    good: &["He said \"yes. <!-- emend-disable-line quotes/unclosed -->\n"],
};

impl Rule for UnknownRule {
    fn meta(&self) -> &'static RuleMeta {
        &UNKNOWN_RULE
    }

    fn check(&self, _doc: &Document, _cx: &mut Context<'_>) {}
}
