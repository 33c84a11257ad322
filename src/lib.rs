//! emend: a linter and fixer for archival transcriptions.
//!
//! The core does no I/O and no printing: [`check_bytes`] turns a file's bytes into
//! diagnostics; the binary (see `run`) walks folders, loads configuration and reports.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod fix;
pub mod init;
pub mod report;
pub mod rules;
pub mod run;
pub mod suppress;
pub mod walk;

use diagnostic::{Diagnostic, Label, Severity, Span};
use document::{Document, Undecodable};
use rules::{RuleSet, Selection};

/// The outcome of checking one file's bytes.
#[derive(Debug)]
pub enum Checked {
    /// The file was read and checked.
    Text {
        /// The text that was checked (without BOM), or, for a file that is not UTF-8,
        /// the bytes with every undecodable one shown as `?`.
        text: String,
        /// Whether the file began with a UTF-8 BOM.
        bom: bool,
        /// Findings, sorted by position.
        diagnostics: Vec<Diagnostic>,
        /// What the file contributes to cross-file checks, when they are enabled.
        summary: Option<rules::translit::Summary>,
    },
    /// The file holds a NUL byte in its first 8 KiB: not a text file, skipped.
    Binary,
}

/// Check a file's bytes with the rules and severities of `sel`.
pub fn check_bytes(bytes: &[u8], rules: &RuleSet, sel: &Selection) -> Checked {
    check_decoded(document::decode(bytes), rules, sel)
}

/// [`check_bytes`] taking the bytes by value, so that a UTF-8 file is checked without a copy.
pub fn check_owned(bytes: Vec<u8>, rules: &RuleSet, sel: &Selection) -> Checked {
    check_decoded(document::decode_owned(bytes), rules, sel)
}

fn check_decoded(
    decoded: Result<(String, bool), Undecodable>,
    rules: &RuleSet,
    sel: &Selection,
) -> Checked {
    match decoded {
        Ok((text, bom)) => {
            let doc = Document::parse(text, bom);
            let (diagnostics, summary) = rules.check_summarized(&doc, sel);
            Checked::Text {
                text: doc.text,
                bom,
                diagnostics,
                summary,
            }
        }
        Err(Undecodable::Binary) => Checked::Binary,
        Err(Undecodable::NotUtf8 {
            bom,
            offset,
            len,
            bytes,
            guess,
            display,
        }) => {
            let diagnostics = sel
                .severity_of("io/encoding")
                .map(|severity| encoding_diagnostic(severity, offset, len, &bytes, guess, &display))
                .into_iter()
                .collect();
            Checked::Text {
                text: display,
                bom,
                diagnostics,
                summary: None,
            }
        }
    }
}

/// The line that separates the files of a multi-file rule example.
pub const NEXT_FILE: &str = "\n=== next file ===\n";

/// Check several texts as one collection (cross-file rules included) with one RuleSet;
/// returns each text's diagnostics.
pub fn check_collection(texts: &[&str], rules: &RuleSet) -> Vec<Vec<Diagnostic>> {
    let sel = rules.selection_for(None);
    let mut all = Vec::new();
    let mut summaries = Vec::new();
    for t in texts {
        match check_bytes(t.as_bytes(), rules, &sel) {
            Checked::Text {
                diagnostics,
                summary,
                ..
            } => {
                all.push(diagnostics);
                summaries.push(summary.zip(sel.severity_of("translit/corpus-mixed")));
            }
            Checked::Binary => {
                all.push(Vec::new());
                summaries.push(None);
            }
        }
    }
    let corpus = corpus::CorpusFindings::new(&summaries);
    for (i, d) in all.iter_mut().enumerate() {
        corpus.add_to(i, d);
    }
    all
}

/// Check a text with every built-in rule at its default severity (for tests and examples).
pub fn check_text(text: &str) -> Vec<Diagnostic> {
    let rules = RuleSet::all();
    let sel = rules.selection_for(None);
    match check_bytes(text.as_bytes(), &rules, &sel) {
        Checked::Text { diagnostics, .. } => diagnostics,
        Checked::Binary => Vec::new(),
    }
}

fn encoding_diagnostic(
    severity: Severity,
    offset: usize,
    len: usize,
    bytes: &[u8],
    guess: Option<&str>,
    display: &str,
) -> Diagnostic {
    let hex: Vec<String> = bytes.iter().map(|b| format!("0x{b:02X}")).collect();
    let what = if hex.len() == 1 { "byte" } else { "bytes" };
    let mut message = format!(
        "file is not valid UTF-8: {what} {} cannot be read",
        hex.join(" ")
    );
    let help = match guess {
        Some(enc) => {
            message.push_str(&format!("; it is probably {enc}"));
            let iconv = match enc {
                "UTF-16" => "UTF-16",
                e if e.starts_with("Windows-1251") => "WINDOWS-1251",
                _ => "WINDOWS-1252",
            };
            format!(
                "convert the file to UTF-8, for example: iconv -f {iconv} -t UTF-8 FILE > FILE.new"
            )
        }
        None => "save the file as UTF-8 and check it again".to_owned(),
    };
    let span = if display.is_empty() {
        Span::new(0, 0)
    } else {
        Span::new(offset, (offset + len).min(display.len()))
    };
    Diagnostic {
        rule: "io/encoding".to_owned(),
        severity,
        span,
        message,
        primary_label: Some("not UTF-8".to_owned()),
        labels: Vec::<Label>::new(),
        help: Some(help),
        fix: None,
    }
}
