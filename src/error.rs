//! Errors of emend itself (configuration, usage, reading files), as miette diagnostics.
//! Findings in documents are not errors: they are [`crate::diagnostic::Diagnostic`]s.

use std::fmt;
use std::sync::Arc;

use miette::{LabeledSpan, NamedSource, SourceSpan};

/// A problem in a configuration file, pointing at the YAML that causes it.
#[derive(Debug)]
pub struct ConfigError {
    /// Stable code, e.g. `emend::config::unknown-key`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// The configuration file and its text.
    pub src: NamedSource<Arc<str>>,
    /// Where in the file, when known.
    pub span: Option<SourceSpan>,
    /// Text under the span.
    pub label: String,
    /// What to do, e.g. "did you mean `select`?".
    pub help: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl miette::Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.label.clone()), span),
        )))
    }
}

/// Anything that stops emend from doing what it was asked.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    /// One or more configuration files are invalid (exit 2).
    #[error("invalid configuration")]
    #[diagnostic(code(emend::config))]
    Config {
        /// Every problem found, grouped in one report.
        #[related]
        problems: Vec<ConfigError>,
    },
    /// A command-line argument is wrong (exit 2).
    #[error("{message}")]
    #[diagnostic(code(emend::usage))]
    Usage {
        /// What is wrong.
        message: String,
        /// What to do.
        #[help]
        help: Option<String>,
    },
    /// A file or folder could not be read (exit 3 at the end of the run).
    #[error("cannot read {path}: {reason}")]
    #[diagnostic(code(emend::io::read))]
    Read {
        /// The path as given or walked.
        path: String,
        /// Why, as the operating system put it.
        reason: String,
    },
    /// Fixes for a file could not be applied or written.
    #[error("{path}: {message}")]
    #[diagnostic(code(emend::fix))]
    Fix {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// Output could not be written.
    #[error("cannot write output: {0}")]
    #[diagnostic(code(emend::io::write))]
    Write(#[from] std::io::Error),
}
