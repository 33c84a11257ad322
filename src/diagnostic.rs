//! Findings as data: spans, severities, labels, fixes. Rules produce these; reporters render them.

use std::fmt;

/// A byte range into a document's text (the text after any BOM was stripped).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The span as a `usize` range, for slicing text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True for an empty span.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `offset` lies inside the span.
    pub fn contains(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset < self.end as usize
    }
}

/// How serious a finding is; ordered so that `Error` is the greatest.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Probably a defect; fails a run only when configured to.
    Warning,
    /// A defect that must be mended before publication.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format and in configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary span with a short message, e.g. "quotation opened here".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where the label points.
    pub span: Span,
    /// What the label says.
    pub message: String,
}

/// Whether a fix can be applied without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Cannot change the meaning of the text; applied by `--fix`.
    Safe,
    /// Might change meaning; applied only with `--unsafe-fixes`.
    Unsafe,
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The bytes to replace (may be empty for an insertion).
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

impl Edit {
    /// An edit replacing `span` by `replacement`.
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }
}

/// A set of edits that together mend one finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// Non-overlapping edits, sorted by position.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix that cannot change meaning.
    pub fn safe(mut edits: Vec<Edit>) -> Self {
        edits.sort_by_key(|e| e.span);
        Fix {
            applicability: Applicability::Safe,
            edits,
        }
    }

    /// A fix that might change meaning.
    pub fn unsafe_(mut edits: Vec<Edit>) -> Self {
        edits.sort_by_key(|e| e.span);
        Fix {
            applicability: Applicability::Unsafe,
            edits,
        }
    }
}

/// One finding of one rule in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule id, `family/name`.
    pub rule: String,
    /// The configured severity.
    pub severity: Severity,
    /// Where the finding is.
    pub span: Span,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Label for the primary span, if the message alone is not enough.
    pub primary_label: Option<String>,
    /// Other places that explain the finding.
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// An automatic repair, if one is known.
    pub fix: Option<Fix>,
}
