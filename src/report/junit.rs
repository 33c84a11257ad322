//! `--format junit`: a JUnit XML report, one test case per checked file, for CI systems that
//! show test results.

use std::io::{self, Write};

use super::{position, xml_escape, FileReport, Reporter, Stream, Summary};
use crate::document::Cursor;

/// One `<testcase>` per checked file (every file, clean ones too), one `<failure>` per
/// diagnostic. `failures` counts the files with diagnostics, as JUnit counts failed cases.
pub struct Junit;

impl Reporter for Junit {
    fn stream(&self) -> Option<Box<dyn Stream>> {
        Some(Box::new(JunitStream))
    }
}

/// The JUnit report written a batch of files at a time.
struct JunitStream;

impl Stream for JunitStream {
    fn start(
        &mut self,
        files: &[FileReport],
        summary: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let tests = files.len();
        // From the summary: cross-file findings join their files only when those are written.
        let failures = summary.files_with_diagnostics;
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="emend" tests="{tests}" failures="{failures}">"#
        )?;
        writeln!(
            out,
            r#"  <testsuite name="emend" tests="{tests}" failures="{failures}">"#
        )
    }

    fn files(&mut self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        for f in files {
            let path = xml_escape(&f.path);
            if f.diagnostics.is_empty() {
                writeln!(out, r#"    <testcase name="{path}" classname="emend"/>"#)?;
                continue;
            }
            writeln!(out, r#"    <testcase name="{path}" classname="emend">"#)?;
            let index = f.line_index();
            let mut cursor = Cursor::new(&index, &f.text);
            for d in &f.diagnostics {
                let (start, _) = position(&mut cursor, d);
                let message = xml_escape(&d.message);
                writeln!(
                    out,
                    r#"      <failure message="{}: {message}" type="{}">{path}:{}:{}: {message}</failure>"#,
                    xml_escape(&d.rule),
                    d.severity,
                    start.line,
                    start.column,
                )?;
            }
            writeln!(out, "    </testcase>")?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}
