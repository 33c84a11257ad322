//! `--format azure`: Azure Pipelines logging commands, which the pipeline shows as issues.

use std::io::{self, Write};

use super::{position, FileReport, Reporter, Summary};
use crate::diagnostic::Severity;
use crate::document::Cursor;

/// One `##vso[task.logissue …]message` command per diagnostic; no summary.
pub struct Azure;

/// Escape a command's message: `%`, CR and LF. The agent decodes `%AZP25` (not `%25`) back
/// to `%`, as the Azure Pipelines task library writes it.
fn escape_data(s: &str) -> String {
    s.replace('%', "%AZP25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: as the message, and `;` and `]` too.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(';', "%3B").replace(']', "%5D")
}

impl Reporter for Azure {
    fn report(&self, files: &[FileReport], _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        for f in files.iter().filter(|f| !f.diagnostics.is_empty()) {
            let index = f.line_index();
            let mut cursor = Cursor::new(&index, &f.text);
            let path = escape_property(&f.path);
            for d in &f.diagnostics {
                let (start, _) = position(&mut cursor, d);
                // Azure knows only errors and warnings.
                let kind = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning | Severity::Info => "warning",
                };
                writeln!(
                    out,
                    "##vso[task.logissue type={kind};sourcepath={path};linenumber={};columnnumber={};code={};]{}",
                    start.line,
                    start.column,
                    escape_property(&d.rule),
                    escape_data(&d.message)
                )?;
            }
        }
        Ok(())
    }
}
