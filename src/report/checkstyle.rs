//! `--format checkstyle`: Checkstyle XML, read by many CI and code review tools.

use std::io::{self, Write};

use super::{position, xml_escape, FileReport, Reporter, Stream, Summary};
use crate::document::Cursor;

/// One `<file>` per file with diagnostics, one `<error>` per diagnostic.
pub struct Checkstyle;

impl Reporter for Checkstyle {
    fn stream(&self) -> Option<Box<dyn Stream>> {
        Some(Box::new(CheckstyleStream))
    }
}

/// The Checkstyle report written a batch of files at a time.
struct CheckstyleStream;

impl Stream for CheckstyleStream {
    fn start(&mut self, _: &[FileReport], _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<checkstyle version="4.3">"#)
    }

    fn files(&mut self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        for f in files.iter().filter(|f| !f.diagnostics.is_empty()) {
            writeln!(out, r#"  <file name="{}">"#, xml_escape(&f.path))?;
            let index = f.line_index();
            let mut cursor = Cursor::new(&index, &f.text);
            for d in &f.diagnostics {
                let (start, _) = position(&mut cursor, d);
                writeln!(
                    out,
                    r#"    <error line="{}" column="{}" severity="{}" message="{}" source="emend.{}"/>"#,
                    start.line,
                    start.column,
                    d.severity,
                    xml_escape(&d.message),
                    xml_escape(&d.rule),
                )?;
            }
            writeln!(out, "  </file>")?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "</checkstyle>")
    }
}
