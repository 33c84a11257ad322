//! `--format concise`: one line per diagnostic, `path:line:col: severity[rule] message`.

use std::io::{self, Write};

use super::{position, summary_line, FileReport, Reporter, Summary};
use crate::document::Cursor;

/// One line per diagnostic, for grep and editors' quickfix lists.
pub struct Concise {
    /// Leave out the summary line.
    pub quiet: bool,
}

impl Reporter for Concise {
    fn report(
        &self,
        files: &[FileReport],
        summary: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for f in files.iter().filter(|f| !f.diagnostics.is_empty()) {
            let index = f.line_index();
            let mut cursor = Cursor::new(&index, &f.text);
            for d in &f.diagnostics {
                let (start, _) = position(&mut cursor, d);
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}] {}",
                    f.path, start.line, start.column, d.severity, d.rule, d.message
                )?;
            }
        }
        if !self.quiet {
            writeln!(out, "{}", summary_line(summary))?;
        }
        Ok(())
    }
}
