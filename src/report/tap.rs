//! `--format tap`: Test Anything Protocol, version 13: one test per checked file, with the
//! diagnostics of a failing file in a YAML block.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{position, FileReport, Reporter, Stream, Summary};
use crate::document::Cursor;

/// `ok`/`not ok` per checked file (every file, clean ones too).
pub struct Tap;

/// A YAML double-quoted scalar: `\` and `"` escaped, and every character YAML does not allow
/// printed as is (controls, line separators, BOM) written as an escape.
fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A test description: `#` would start a directive and a line break would end the line.
fn description(path: &str) -> String {
    path.replace('\\', "\\\\")
        .replace('#', "\\#")
        .replace(['\r', '\n'], " ")
}

impl Reporter for Tap {
    fn stream(&self) -> Option<Box<dyn Stream>> {
        Some(Box::new(TapStream::default()))
    }
}

/// The TAP report written a batch of files at a time; tests are numbered across batches.
#[derive(Default)]
struct TapStream {
    tests: usize,
}

impl Stream for TapStream {
    fn start(&mut self, files: &[FileReport], _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "TAP version 13")?;
        writeln!(out, "1..{}", files.len())
    }

    fn files(&mut self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        for f in files {
            self.tests += 1;
            let k = self.tests;
            let name = description(&f.path);
            if f.diagnostics.is_empty() {
                writeln!(out, "ok {k} - {name}")?;
                continue;
            }
            writeln!(out, "not ok {k} - {name}")?;
            writeln!(out, "  ---")?;
            writeln!(out, "  diagnostics:")?;
            let index = f.line_index();
            let mut cursor = Cursor::new(&index, &f.text);
            for d in &f.diagnostics {
                let (start, _) = position(&mut cursor, d);
                writeln!(out, "    - rule: {}", yaml_quote(&d.rule))?;
                writeln!(out, "      severity: {}", yaml_quote(d.severity.as_str()))?;
                writeln!(out, "      line: {}", start.line)?;
                writeln!(out, "      column: {}", start.column)?;
                writeln!(out, "      message: {}", yaml_quote(&d.message))?;
            }
            writeln!(out, "  ...")?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
