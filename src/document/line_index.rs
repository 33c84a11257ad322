//! Byte offsets to 1-based line/column and back.

/// Maps byte offsets in a text to lines and columns.
///
/// Lines end at `\n` (a `\r` before it belongs to the line). Columns count Unicode
/// scalar values, 1-based, as editors and the JSON output expect.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
    len: u32,
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0u32];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| (i + 1) as u32));
        LineIndex {
            starts,
            len: text.len() as u32,
        }
    }

    /// Number of lines (a final line without `\n` counts; an empty text has one line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len as usize) as u32;
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where the 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len) as usize
    }

    /// Byte range of the 0-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    /// 1-based line and column (in Unicode scalar values) of `offset`.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        LineCol {
            line: line + 1,
            column: text[start..offset].chars().count() + 1,
        }
    }

    /// 1-based column of `offset` counted in UTF-16 code units, as LSP editors count.
    pub fn utf16_column(&self, text: &str, offset: usize) -> usize {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let start = self.line_start(self.line_of(offset));
        text[start..offset].encode_utf16().count() + 1
    }

    /// Byte offset of a 1-based line and column; `None` when outside the text.
    pub fn offset(&self, text: &str, at: LineCol) -> Option<usize> {
        if at.line == 0 || at.column == 0 || at.line > self.starts.len() {
            return None;
        }
        let range = self.line_range(text, at.line - 1);
        let line = &text[range.clone()];
        if at.column == 1 {
            return Some(range.start);
        }
        match line.char_indices().nth(at.column - 1) {
            Some((i, _)) => Some(range.start + i),
            None if line.chars().count() + 1 == at.column => Some(range.end),
            None => None,
        }
    }
}

/// Line/column lookups for offsets that mostly increase (diagnostics sorted by position):
/// each lookup counts characters from the previous one instead of from the line start, so a
/// paragraph of a megabyte on one line with thousands of findings stays linear.
pub struct Cursor<'a> {
    index: &'a LineIndex,
    text: &'a str,
    offset: usize,
    at: LineCol,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `text`.
    pub fn new(index: &'a LineIndex, text: &'a str) -> Self {
        Cursor {
            index,
            text,
            offset: 0,
            at: LineCol { line: 1, column: 1 },
        }
    }

    /// 1-based line and column of `offset`.
    pub fn line_col(&mut self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.index.line_of(offset);
        let at = if offset >= self.offset && line + 1 == self.at.line {
            LineCol {
                line: self.at.line,
                column: self.at.column + self.text[self.offset..offset].chars().count(),
            }
        } else {
            self.index.line_col(self.text, offset)
        };
        self.offset = offset;
        self.at = at;
        at
    }
}

/// The greatest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_scalar_values_and_utf16_units() {
        let text = "ab\nÜrümqi 𝄞x\r\nend";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), LineCol { line: 2, column: 9 });
        assert_eq!(idx.utf16_column(text, x), 10);
        assert_eq!(idx.offset(text, LineCol { line: 2, column: 9 }), Some(x));
        let e = text.find("end").unwrap();
        assert_eq!(idx.line_col(text, e), LineCol { line: 3, column: 1 });
        assert_eq!(idx.line_range(text, 1), 3..text.find('\r').unwrap());
        assert_eq!(idx.offset(text, LineCol { line: 4, column: 1 }), None);
    }

    #[test]
    fn cursor_agrees_with_direct_lookups() {
        let text = "«Да», — сказал он.\n\nT’ang and “Ch’en”\nend";
        let idx = LineIndex::new(text);
        let mut cur = Cursor::new(&idx, text);
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for &i in offsets.iter().chain(offsets.iter().rev().step_by(3)) {
            assert_eq!(cur.line_col(i), idx.line_col(text, i), "offset {i}");
        }
    }

    #[test]
    fn round_trips_every_offset() {
        let text = "«Да», — сказал он.\n\nT’ang\n";
        let idx = LineIndex::new(text);
        for (i, _) in text.char_indices() {
            let lc = idx.line_col(text, i);
            assert_eq!(idx.offset(text, lc), Some(i), "offset {i}");
        }
    }
}
