//! `--format json-lines`: the items of the JSON report, one compact object a line.

use std::io::{self, Write};

use super::{json, FileReport, Reporter, Summary};

/// One JSON object per diagnostic, exactly an element of the JSON report's `diagnostics`;
/// no summary.
pub struct JsonLines;

impl Reporter for JsonLines {
    fn report(&self, files: &[FileReport], _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        for f in files.iter().filter(|f| !f.diagnostics.is_empty()) {
            for item in json::items(f) {
                serde_json::to_writer(&mut *out, &item)?;
                writeln!(out)?;
            }
        }
        Ok(())
    }
}
