//! `--format pylint`: `path:line: [rule] message`, pylint's parseable style, as ruff prints it.

use std::io::{self, Write};

use super::{position, FileReport, Reporter, Summary};
use crate::document::Cursor;

/// One line per diagnostic; no summary.
pub struct Pylint;

impl Reporter for Pylint {
    fn report(&self, files: &[FileReport], _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        for f in files.iter().filter(|f| !f.diagnostics.is_empty()) {
            let index = f.line_index();
            let mut cursor = Cursor::new(&index, &f.text);
            for d in &f.diagnostics {
                let (start, _) = position(&mut cursor, d);
                writeln!(out, "{}:{}: [{}] {}", f.path, start.line, d.rule, d.message)?;
            }
        }
        Ok(())
    }
}
