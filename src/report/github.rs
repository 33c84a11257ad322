//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on
//! the lines of a pull request.

use std::io::{self, Write};

use super::{position, FileReport, Reporter, Summary};
use crate::diagnostic::Severity;
use crate::document::Cursor;

/// One `::error file=…,line=…::message` command per diagnostic; no summary.
pub struct Github;

/// Escape a command's data (the message): `%`, CR and LF.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: as data, and `:` and `,` too.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn report(&self, files: &[FileReport], _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        for f in files.iter().filter(|f| !f.diagnostics.is_empty()) {
            let index = f.line_index();
            let mut cursor = Cursor::new(&index, &f.text);
            let file = escape_property(&f.path);
            for d in &f.diagnostics {
                let (start, end) = position(&mut cursor, d);
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                writeln!(
                    out,
                    "::{level} file={file},line={},endLine={},col={},endColumn={},title={}::{}",
                    start.line,
                    end.line,
                    start.column,
                    end.column,
                    escape_property(&d.rule),
                    escape_data(&d.message)
                )?;
            }
        }
        Ok(())
    }
}
