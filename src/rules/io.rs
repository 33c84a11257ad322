//! The io family: problems found while reading a file, before any rule can look at it.

use super::{Context, FixKind, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::document::Document;

/// `io/encoding`: the file is not valid UTF-8.
///
/// The diagnostic is produced while decoding (see [`crate::check_bytes`]), because a file
/// that is not text never becomes a [`Document`]; this type carries the rule's metadata so
/// that it can be selected, ignored, given a severity and explained like any other rule.
pub struct Encoding;

static ENCODING: RuleMeta = RuleMeta {
    id: "io/encoding",
    severity: Severity::Error,
    summary: "file is not valid UTF-8",
    explanation: "\
emend reads transcriptions as UTF-8. A file saved in another encoding (most often
Windows-1252 from an old word processor, sometimes Windows-1251 for Russian, or UTF-16
from a Windows tool) shows its accented letters, curly quotation marks and dashes as
garbage once it is published, and no other rule can check it.

The diagnostic points at the first byte that is not UTF-8 and names the encoding the file
is probably in. Convert the file (for example `iconv -f WINDOWS-1252 -t UTF-8`) and check
it again. The rest of the run goes on with the other files.

Examples are shown with `\\xNN` for a raw byte.",
    fix: FixKind::None,
    config: "",
    bad: &["The minister quoted the \\x93Kuomintang\\x94 resolution."],
    good: &["The minister quoted the “Kuomintang” resolution."],
};

impl Rule for Encoding {
    fn meta(&self) -> &'static RuleMeta {
        &ENCODING
    }

    fn check(&self, _doc: &Document, _cx: &mut Context<'_>) {}
}
