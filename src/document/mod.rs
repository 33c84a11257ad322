//! The document model: bytes decoded to text, line index, Markdown outline, metadata.

mod line_index;
mod metadata;
mod outline;

pub use line_index::{floor_char_boundary, Cursor, LineCol, LineIndex};
pub use metadata::{day_number, looks_like_date, parse_date, Date, Metadata, MONTHS};
pub use outline::{
    find_urls, Block, BlockKind, Heading, Link, Outline, Section, TopBlock, TopKind,
};

use crate::diagnostic::Span;

/// How the lines of a file end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnding {
    /// No line break at all.
    None,
    /// Every break is `\n`.
    Lf,
    /// Every break is `\r\n`.
    Crlf,
    /// Both kinds occur.
    Mixed,
}

impl LineEnding {
    /// Detect the line endings of `text`.
    pub fn detect(text: &str) -> Self {
        let bytes = text.as_bytes();
        let (mut lf, mut crlf) = (0usize, 0usize);
        for i in memchr::memchr_iter(b'\n', bytes) {
            if i > 0 && bytes[i - 1] == b'\r' {
                crlf += 1;
            } else {
                lf += 1;
            }
        }
        match (lf, crlf) {
            (0, 0) => LineEnding::None,
            (_, 0) => LineEnding::Lf,
            (0, _) => LineEnding::Crlf,
            _ => LineEnding::Mixed,
        }
    }
}

/// Why a file's bytes could not be read as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Undecodable {
    /// A NUL byte in the first 8 KiB: not a text file.
    Binary,
    /// Not valid UTF-8.
    NotUtf8 {
        /// Whether the file began with a UTF-8 BOM (offsets below do not count it).
        bom: bool,
        /// Offset of the first bad byte, counted after the BOM.
        offset: usize,
        /// Number of bytes of the bad sequence.
        len: usize,
        /// The bad bytes, for the message.
        bytes: Vec<u8>,
        /// The encoding the file is probably in, when that is clear.
        guess: Option<&'static str>,
        /// The file as text with every undecodable byte shown as `?`, so that byte offsets
        /// of the display text equal those of the file (after the BOM).
        display: String,
    },
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// [`decode`] taking the bytes by value: a UTF-8 file becomes its text without a copy, which
/// halves the memory a large file costs while it is checked.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<(String, bool), Undecodable> {
    let bom = bytes.starts_with(UTF8_BOM);
    let body = if bom {
        &bytes[UTF8_BOM.len()..]
    } else {
        &bytes[..]
    };
    let plain = !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
        && memchr::memchr(0, &body[..body.len().min(8192)]).is_none()
        && std::str::from_utf8(body).is_ok();
    if !plain {
        return decode(&bytes);
    }
    if bom {
        bytes.drain(..UTF8_BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, bom)),
        // Not reached: the body was validated above.
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decode file bytes: strip a UTF-8 BOM, refuse binary files and invalid UTF-8.
///
/// Returns the text and whether a BOM was present.
pub fn decode(bytes: &[u8]) -> Result<(String, bool), Undecodable> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Undecodable::NotUtf8 {
            bom: false,
            offset: 0,
            len: 2,
            bytes: bytes[..2].to_vec(),
            guess: Some("UTF-16"),
            display: String::new(),
        });
    }
    let (bom, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    if memchr::memchr(0, &body[..body.len().min(8192)]).is_some() {
        return Err(Undecodable::Binary);
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok((s.to_owned(), bom)),
        Err(e) => {
            let at = e.valid_up_to();
            let len = e.error_len().unwrap_or(body.len() - at).max(1);
            Err(Undecodable::NotUtf8 {
                bom,
                offset: at,
                len,
                bytes: body[at..(at + len).min(body.len())].to_vec(),
                guess: guess_encoding(body),
                display: byte_preserving_display(body),
            })
        }
    }
}

/// Replace every byte that is not part of a valid UTF-8 sequence by `?`, byte for byte,
/// so that offsets into the display text equal offsets into the file.
fn byte_preserving_display(body: &[u8]) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                let bad = e.error_len().unwrap_or(rest.len() - good);
                out.extend(std::iter::repeat_n('?', bad));
                rest = &rest[good + bad..];
            }
        }
    }
    out
}

/// Guess the 8-bit encoding of bytes that are not UTF-8.
fn guess_encoding(body: &[u8]) -> Option<&'static str> {
    let high: Vec<u8> = body.iter().copied().filter(|&b| b >= 0x80).collect();
    if high.is_empty() {
        return None;
    }
    let letters = body.iter().filter(|b| b.is_ascii_alphabetic()).count();
    // Cyrillic text in Windows-1251 is mostly bytes 0xC0..=0xFF.
    let cyr = high.iter().filter(|&&b| b >= 0xC0).count();
    if high.len() > letters && cyr * 10 >= high.len() * 9 {
        return Some("Windows-1251 (Cyrillic)");
    }
    // Windows-1252 smart quotes and dashes live in 0x80..=0x9F, which Latin-1 leaves unused.
    if high.iter().any(|&b| matches!(b, 0x91..=0x97 | 0x85 | 0x80)) {
        return Some("Windows-1252");
    }
    if high.iter().all(|&b| b >= 0xA0) {
        return Some("Windows-1252 or Latin-1 (ISO-8859-1)");
    }
    None
}

/// A parsed transcription: its text, line index, Markdown outline and metadata.
#[derive(Debug)]
pub struct Document {
    /// The text without its BOM.
    pub text: String,
    /// Whether the file began with a UTF-8 BOM.
    pub bom: bool,
    /// The line endings found in the text.
    pub line_ending: LineEnding,
    /// Byte offset to line/column.
    pub lines: LineIndex,
    /// Blocks, headings, sections and prose ranges.
    pub outline: Outline,
    /// Date and title.
    pub meta: Metadata,
}

impl Document {
    /// Parse a text (already decoded) into a document.
    pub fn parse(text: String, bom: bool) -> Self {
        let lines = LineIndex::new(&text);
        let outline = Outline::parse(&text);
        let meta = Metadata::extract(&text, &outline);
        Document {
            line_ending: LineEnding::detect(&text),
            text,
            bom,
            lines,
            outline,
            meta,
        }
    }

    /// Parse file bytes: decode, then build the document.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Undecodable> {
        let (text, bom) = decode(bytes)?;
        Ok(Document::parse(text, bom))
    }

    /// Length of the BOM stripped from the file, to turn text offsets into file offsets.
    pub fn bom_len(&self) -> usize {
        if self.bom {
            UTF8_BOM.len()
        } else {
            0
        }
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(&self.text, offset)
    }

    /// First and last 1-based line of a span (a paragraph's first and last line).
    pub fn lines_of(&self, span: Span) -> (usize, usize) {
        let last = (span.end as usize)
            .saturating_sub(1)
            .max(span.start as usize);
        (
            self.lines.line_of(span.start as usize) + 1,
            self.lines.line_of(last) + 1,
        )
    }

    /// The section whose heading reads `title` (case-insensitive; colon and emphasis ignored).
    pub fn section(&self, title: &str) -> Option<&Section> {
        self.outline.section(title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_owned_agrees_with_decode() {
        let inputs: [&[u8]; 9] = [
            b"",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB\xBFa\r\nb\r\n",
            "Chou En-lai met Mao Tse-tung in Yan\u{2019}an.\n".as_bytes(),
            b"the \x93Gang\x94 said",
            b"\xEF\xBB\xBFthe \x93Gang\x94",
            b"\xFF\xFEa\0b\0",
            b"PK\x03\x04\0\0",
            b"\xEF\xBB",
        ];
        for bytes in inputs {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn decode_strips_bom_and_detects_crlf() {
        let (text, bom) = decode(b"\xEF\xBB\xBFa\r\nb\r\n").unwrap();
        assert!(bom);
        assert_eq!(text, "a\r\nb\r\n");
        assert_eq!(LineEnding::detect(&text), LineEnding::Crlf);
        assert_eq!(LineEnding::detect("a\nb\r\n"), LineEnding::Mixed);
    }

    #[test]
    fn decode_reports_first_bad_byte_and_guesses_cp1252() {
        let err = decode(b"\xEF\xBB\xBFline one\nthe \x93Gang\x94 said").unwrap_err();
        match err {
            Undecodable::NotUtf8 {
                bom,
                offset,
                len,
                guess,
                display,
                ..
            } => {
                assert!(bom);
                assert_eq!(offset, 13);
                assert_eq!(len, 1);
                assert_eq!(guess, Some("Windows-1252"));
                assert_eq!(display, "line one\nthe ?Gang? said");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn paragraphs_know_their_first_and_last_lines() {
        let doc = Document::parse("# T\n\nOne\ntwo\nthree.\n\nNext.\n".into(), false);
        let para = &doc.outline.blocks[1];
        assert_eq!(doc.lines_of(para.span), (3, 5));
        assert_eq!(doc.lines_of(doc.outline.blocks[2].span), (7, 7));
    }

    #[test]
    fn decode_refuses_binary() {
        assert_eq!(decode(b"PK\x03\x04\0\0"), Err(Undecodable::Binary));
    }
}
