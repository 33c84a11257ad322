//! The Markdown outline of a document, built in one pulldown-cmark pass: blocks,
//! headings, sections, and the prose ranges that rules read.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostic::Span;

/// What kind of leaf block holds a run of inline text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph.
    Paragraph,
    /// A heading of the given level (1..=6).
    Heading(u8),
    /// The text of a tight list item (loose items contain paragraphs).
    ListItem,
    /// One table cell.
    TableCell,
}

/// A leaf block of inline text: the unit quotes and brackets are balanced in.
#[derive(Clone, Debug)]
pub struct Block {
    /// Paragraph, heading, tight list item or table cell.
    pub kind: BlockKind,
    /// From the first to the last byte of its inline content (markup included).
    pub span: Span,
    /// Indexes into [`Outline::prose`] of the prose ranges inside this block.
    pub prose: std::ops::Range<usize>,
    /// True when the block is not inside a block quote, list, table or footnote.
    pub top_level: bool,
    /// True when the block is inside a block quote.
    pub in_block_quote: bool,
}

/// The kind of a top-level block, for rules that look at neighbouring blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopKind {
    /// A paragraph (its leaf block is in `TopBlock::block`).
    Paragraph,
    /// A heading.
    Heading,
    /// A block quote.
    BlockQuote,
    /// A fenced or indented code block.
    CodeBlock,
    /// An HTML block, including a comment on lines of its own.
    HtmlBlock,
    /// A list.
    List,
    /// A table.
    Table,
    /// A thematic break (`---`).
    ThematicBreak,
    /// YAML front matter.
    FrontMatter,
    /// A footnote definition.
    Footnote,
    /// A definition list.
    DefinitionList,
}

/// A block at the top level of the document, in document order.
#[derive(Clone, Debug)]
pub struct TopBlock {
    /// What it is.
    pub kind: TopKind,
    /// Its source range.
    pub span: Span,
    /// For paragraphs and headings, the index of its leaf block in [`Outline::blocks`].
    pub block: Option<usize>,
}

/// A heading with its plain text.
#[derive(Clone, Debug)]
pub struct Heading {
    /// Level 1..=6.
    pub level: u8,
    /// The text with emphasis and other markup removed, trimmed.
    pub text: String,
    /// The whole heading in the source, markup included.
    pub span: Span,
    /// Index of the heading's leaf block in [`Outline::blocks`], if it has text.
    pub block: Option<usize>,
}

/// A heading and the content under it, up to the next heading of the same or a higher level;
/// or a label paragraph (`**Summary:**`, as HTML exports write section titles) and the content
/// up to the next heading or label.
#[derive(Clone, Debug)]
pub struct Section {
    /// Index into [`Outline::headings`], or `None` for a label paragraph.
    pub heading: Option<usize>,
    /// The heading or label in the source.
    pub title: Span,
    /// The heading text, normalised: lowercase, trailing colon removed.
    pub key: String,
    /// The content after the heading line up to the next heading of level <= this one.
    pub content: Span,
}

/// A link: its whole source range and its destination.
#[derive(Clone, Debug)]
pub struct Link {
    /// The whole link in the source.
    pub span: Span,
    /// The destination as written, when it appears in the source (inline links, autolinks).
    pub dest: Option<Span>,
    /// True for `<https://…>` and `<mail@…>` autolinks.
    pub autolink: bool,
}

/// Everything the Markdown parse tells rules about a document.
#[derive(Clone, Debug, Default)]
pub struct Outline {
    /// Leaf blocks of inline text, in document order.
    pub blocks: Vec<Block>,
    /// Top-level blocks, in document order.
    pub top: Vec<TopBlock>,
    /// Headings, in document order.
    pub headings: Vec<Heading>,
    /// One section per heading.
    pub sections: Vec<Section>,
    /// Block quotes (outer and nested).
    pub block_quotes: Vec<Span>,
    /// List items.
    pub list_items: Vec<Span>,
    /// Tables.
    pub tables: Vec<Span>,
    /// Fenced and indented code blocks.
    pub code_blocks: Vec<Span>,
    /// Inline code spans, backticks included.
    pub inline_code: Vec<Span>,
    /// HTML blocks and inline HTML, comments included.
    pub html: Vec<Span>,
    /// Links with their destinations.
    pub links: Vec<Link>,
    /// URLs written as plain text in prose (`https://…`, `www.…`).
    pub bare_urls: Vec<Span>,
    /// A leading `---` YAML block.
    pub front_matter: Option<Span>,
    /// The prose: sorted, non-overlapping ranges of text that is neither code, markup,
    /// HTML, a URL nor front matter.
    pub prose: Vec<Span>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

struct Leaf {
    kind: BlockKind,
    start: Option<usize>,
    end: usize,
    prose_start: usize,
    top: Option<usize>,
    heading: Option<usize>,
}

#[derive(Default)]
struct Builder {
    out: Outline,
    depth: usize,
    quote_depth: usize,
    item_depth: Vec<bool>,
    leaf: Option<Leaf>,
    skip: usize,
    autolink: usize,
    links: Vec<(usize, bool)>,
}

impl Builder {
    fn push_top(&mut self, kind: TopKind, span: Span) -> Option<usize> {
        if self.depth == 0 {
            self.out.top.push(TopBlock {
                kind,
                span,
                block: None,
            });
            Some(self.out.top.len() - 1)
        } else {
            None
        }
    }

    fn open_leaf(&mut self, kind: BlockKind, top: Option<usize>, heading: Option<usize>) {
        self.close_leaf();
        self.leaf = Some(Leaf {
            kind,
            start: None,
            end: 0,
            prose_start: self.out.prose.len(),
            top,
            heading,
        });
    }

    fn close_leaf(&mut self) {
        let Some(leaf) = self.leaf.take() else {
            return;
        };
        let Some(start) = leaf.start else {
            return;
        };
        let index = self.out.blocks.len();
        self.out.blocks.push(Block {
            kind: leaf.kind,
            span: Span::new(start, leaf.end.max(start)),
            prose: leaf.prose_start..self.out.prose.len(),
            top_level: self.depth == 0,
            in_block_quote: self.quote_depth > 0,
        });
        if let Some(t) = leaf.top {
            self.out.top[t].block = Some(index);
        }
        if let Some(h) = leaf.heading {
            self.out.headings[h].block = Some(index);
        }
    }

    /// Note inline content at `range`, opening an implicit leaf (a tight list item's text).
    fn inline(&mut self, range: &std::ops::Range<usize>) {
        if self.skip > 0 {
            return;
        }
        if self.leaf.is_none() {
            let kind = if self.item_depth.last() == Some(&true) {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            };
            self.open_leaf(kind, None, None);
        }
        if let Some(leaf) = &mut self.leaf {
            leaf.start.get_or_insert(range.start);
            leaf.end = leaf.end.max(range.end);
        }
    }

    fn add_prose(&mut self, text: &str, range: std::ops::Range<usize>) {
        let slice = &text[range.clone()];
        let mut pos = range.start;
        for url in find_urls(slice) {
            let (s, e) = (range.start + url.start, range.start + url.end);
            self.out.bare_urls.push(Span::new(s, e));
            self.push_prose(pos, s);
            pos = e;
        }
        self.push_prose(pos, range.end);
    }

    fn push_prose(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        if let Some(last) = self.out.prose.last_mut() {
            if last.end as usize == start {
                last.end = end as u32;
                return;
            }
        }
        self.out.prose.push(Span::new(start, end));
    }
}

impl Outline {
    /// Build the outline of `text` in one pulldown-cmark pass.
    pub fn parse(text: &str) -> Self {
        let mut b = Builder::default();
        for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
            let span = Span::new(range.start, range.end);
            match event {
                Event::Start(tag) => match tag {
                    Tag::Paragraph => {
                        let top = b.push_top(TopKind::Paragraph, span);
                        b.open_leaf(BlockKind::Paragraph, top, None);
                    }
                    Tag::Heading { level, .. } => {
                        let top = b.push_top(TopKind::Heading, span);
                        b.out.headings.push(Heading {
                            level: level as u8,
                            text: String::new(),
                            span,
                            block: None,
                        });
                        let h = b.out.headings.len() - 1;
                        b.open_leaf(BlockKind::Heading(level as u8), top, Some(h));
                    }
                    Tag::BlockQuote(_) => {
                        b.close_leaf();
                        b.push_top(TopKind::BlockQuote, span);
                        b.out.block_quotes.push(span);
                        b.depth += 1;
                        b.quote_depth += 1;
                        b.item_depth.push(false);
                    }
                    Tag::CodeBlock(_) => {
                        b.close_leaf();
                        b.push_top(TopKind::CodeBlock, span);
                        b.out.code_blocks.push(span);
                        b.skip += 1;
                    }
                    Tag::HtmlBlock => {
                        b.close_leaf();
                        b.push_top(TopKind::HtmlBlock, span);
                        b.out.html.push(span);
                        b.skip += 1;
                    }
                    Tag::MetadataBlock(_) => {
                        b.close_leaf();
                        b.push_top(TopKind::FrontMatter, span);
                        b.out.front_matter = Some(span);
                        b.skip += 1;
                    }
                    Tag::List(_) => {
                        b.close_leaf();
                        b.push_top(TopKind::List, span);
                        b.depth += 1;
                        b.item_depth.push(false);
                    }
                    Tag::Item => {
                        b.close_leaf();
                        b.out.list_items.push(span);
                        b.item_depth.push(true);
                    }
                    Tag::Table(_) => {
                        b.close_leaf();
                        b.push_top(TopKind::Table, span);
                        b.out.tables.push(span);
                        b.depth += 1;
                        b.item_depth.push(false);
                    }
                    Tag::TableCell => b.open_leaf(BlockKind::TableCell, None, None),
                    Tag::FootnoteDefinition(_) => {
                        b.close_leaf();
                        b.push_top(TopKind::Footnote, span);
                        b.depth += 1;
                        b.item_depth.push(false);
                    }
                    Tag::DefinitionList => {
                        b.close_leaf();
                        b.push_top(TopKind::DefinitionList, span);
                        b.depth += 1;
                        b.item_depth.push(false);
                    }
                    Tag::DefinitionListTitle | Tag::DefinitionListDefinition => b.close_leaf(),
                    Tag::TableHead | Tag::TableRow => {}
                    Tag::Link { link_type, .. } => {
                        b.inline(&range);
                        let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                        if auto {
                            b.autolink += 1;
                        }
                        b.links.push((range.start, auto));
                    }
                    _ => b.inline(&range),
                },
                Event::End(end) => match end {
                    TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => b.close_leaf(),
                    TagEnd::BlockQuote(_) => {
                        b.close_leaf();
                        b.depth -= 1;
                        b.quote_depth -= 1;
                        b.item_depth.pop();
                    }
                    TagEnd::List(_)
                    | TagEnd::Table
                    | TagEnd::FootnoteDefinition
                    | TagEnd::DefinitionList => {
                        b.close_leaf();
                        b.depth -= 1;
                        b.item_depth.pop();
                    }
                    TagEnd::Item => {
                        b.close_leaf();
                        b.item_depth.pop();
                    }
                    TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => {
                        b.close_leaf()
                    }
                    TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                        b.skip -= 1;
                    }
                    TagEnd::Link => {
                        if let Some((start, auto)) = b.links.pop() {
                            if auto {
                                b.autolink -= 1;
                            }
                            let dest = link_destination(text, start, range.end, auto);
                            b.out.links.push(Link {
                                span: Span::new(start, range.end),
                                dest,
                                autolink: auto,
                            });
                        }
                    }
                    _ => {}
                },
                Event::Text(t) => {
                    if b.skip > 0 {
                        continue;
                    }
                    b.inline(&range);
                    if let Some(h) = b.leaf.as_ref().and_then(|l| l.heading) {
                        b.out.headings[h].text.push_str(&t);
                    }
                    if b.autolink == 0 {
                        b.add_prose(text, range);
                    }
                }
                Event::Code(t) => {
                    b.inline(&range);
                    b.out.inline_code.push(span);
                    if let Some(h) = b.leaf.as_ref().and_then(|l| l.heading) {
                        b.out.headings[h].text.push_str(&t);
                    }
                }
                Event::InlineHtml(_) => {
                    b.inline(&range);
                    b.out.html.push(span);
                }
                Event::Rule => {
                    b.close_leaf();
                    b.push_top(TopKind::ThematicBreak, span);
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(h) = b.leaf.as_ref().and_then(|l| l.heading) {
                        b.out.headings[h].text.push(' ');
                    }
                }
                Event::Html(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
                Event::FootnoteReference(_) | Event::TaskListMarker(_) => b.inline(&range),
            }
        }
        b.close_leaf();
        let mut out = b.out;
        for h in &mut out.headings {
            let trimmed = h.text.trim();
            if trimmed.len() != h.text.len() {
                h.text = trimmed.to_owned();
            }
        }
        out.html.sort();
        let labels = labels(&out, text);
        out.sections = sections(&out.headings, &labels, text.len());
        out
    }

    /// The prose ranges of a block.
    pub fn block_prose(&self, block: &Block) -> &[Span] {
        &self.prose[block.prose.clone()]
    }

    /// The prose ranges that overlap `span`.
    pub fn prose_in(&self, span: Span) -> &[Span] {
        let lo = self.prose.partition_point(|p| p.end <= span.start);
        let hi = self.prose.partition_point(|p| p.start < span.end);
        &self.prose[lo..hi.max(lo)]
    }

    /// True when `offset` is inside a prose range.
    pub fn is_prose(&self, offset: usize) -> bool {
        let i = self.prose.partition_point(|p| (p.end as usize) <= offset);
        self.prose.get(i).is_some_and(|p| p.contains(offset))
    }

    /// The section whose heading reads `title` (case-insensitive; colon and emphasis ignored).
    pub fn section(&self, title: &str) -> Option<&Section> {
        let key = section_key(title);
        self.sections.iter().find(|s| s.key == key)
    }
}

/// Normalise a heading for section lookup: lowercase, no emphasis marks, no trailing colon.
pub fn section_key(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .filter(|c| !matches!(c, '*' | '_'))
        .collect::<String>()
        .to_lowercase();
    cleaned
        .trim()
        .trim_end_matches([':', '：'])
        .trim()
        .to_owned()
}

fn sections(headings: &[Heading], labels: &[(Span, String)], len: usize) -> Vec<Section> {
    let mut out: Vec<Section> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = headings[i + 1..]
                .iter()
                .find(|n| n.level <= h.level)
                .map_or(len, |n| n.span.start as usize);
            Section {
                heading: Some(i),
                title: h.span,
                key: section_key(&h.text),
                content: Span::new((h.span.end as usize).min(end), end),
            }
        })
        .collect();
    for (k, (span, text)) in labels.iter().enumerate() {
        let next_label = labels.get(k + 1).map(|(s, _)| s.start as usize);
        let next_heading = headings
            .iter()
            .map(|h| h.span.start as usize)
            .find(|&s| s > span.start as usize);
        let end = [next_label, next_heading]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(len);
        out.push(Section {
            heading: None,
            title: *span,
            key: section_key(text),
            content: Span::new((span.end as usize).min(end), end),
        });
    }
    out.sort_by_key(|s| s.title.start);
    out
}

/// The section titles archives' pages use, which exports turn into label paragraphs.
const LABELS: &[&str] = &[
    "citation",
    "summary",
    "original language",
    "language",
    "contents",
    "content",
    "source",
    "credits",
    "document information",
    "translation",
    "notes",
    "description",
    "rights",
    "type",
    "record id",
];

/// Top-level paragraphs that are section labels: a known section title alone on a line and
/// ending in a colon, such as `**Citation:**` or `Original Language:` (a speaker's name
/// before a colon, "Mao Zedong:", is not one).
fn labels(out: &Outline, text: &str) -> Vec<(Span, String)> {
    out.top
        .iter()
        .filter(|t| t.kind == TopKind::Paragraph)
        .filter_map(|t| {
            let b = &out.blocks[t.block?];
            let src = text[b.span.range()].trim();
            // A label is one short line ending in a colon: turn everything else away before
            // building strings (a transcription's paragraphs run to thousands of bytes).
            let end = src.trim_end_matches(|c: char| matches!(c, '*' | '_') || c.is_whitespace());
            if src.len() > 200 || !end.ends_with(':') || src.contains('\n') {
                return None;
            }
            let plain: String = src.chars().filter(|c| !matches!(c, '*' | '_')).collect();
            let plain = plain.trim();
            let words = plain.split_whitespace().count();
            let ok = !src.contains('\n')
                && plain.ends_with(':')
                && plain.matches(':').count() == 1
                && (1..=4).contains(&words)
                && LABELS.contains(&section_key(plain).as_str());
            ok.then(|| (b.span, plain.to_owned()))
        })
        .collect()
}

/// Where the destination of a link is written: `(dest)` of an inline link or `<dest>`.
fn link_destination(text: &str, start: usize, end: usize, auto: bool) -> Option<Span> {
    let src = text.get(start..end)?;
    if auto {
        let inner = src.strip_prefix('<')?.strip_suffix('>')?;
        return Some(Span::new(start + 1, start + 1 + inner.len()));
    }
    let body = src.strip_suffix(')')?;
    let open = body.rfind("](")? + 2;
    let dest = &body[open..];
    let dest = dest.split([' ', '\t', '\n']).next().unwrap_or(dest);
    let lead = usize::from(dest.starts_with('<'));
    let trimmed = dest.trim_start_matches('<').trim_end_matches('>');
    Some(Span::new(
        start + open + lead,
        start + open + lead + trimmed.len(),
    ))
}

/// "://" and "www.", searched for in every text of the document: built once.
static URL_MARKS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
    std::sync::LazyLock::new(|| [&b"://"[..], b"www."].map(memchr::memmem::Finder::new));

/// Byte ranges of URLs written as plain text (`https://…`, `www.…`) in `s`.
pub fn find_urls(s: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = s.as_bytes();
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    for i in URL_MARKS[0].find_iter(bytes) {
        let mut st = i;
        while st > 0 && bytes[st - 1].is_ascii_alphabetic() {
            st -= 1;
        }
        if st < i {
            starts.push(st);
        }
    }
    for i in URL_MARKS[1].find_iter(bytes) {
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'/');
        if boundary {
            starts.push(i);
        }
    }
    starts.sort_unstable();
    for st in starts {
        if out.last().is_some_and(|r| r.end > st) {
            continue;
        }
        let mut end = st;
        while end < bytes.len()
            && !matches!(
                bytes[end],
                b' ' | b'\t' | b'\r' | b'\n' | b'<' | b'>' | b'"'
            )
        {
            end += 1;
        }
        // Trailing punctuation belongs to the sentence, and a ')' only to the URL when the
        // URL opened one: "(see https://example.org/a_(b))."
        loop {
            let tail = &s[st..end];
            let Some(c) = tail.chars().last() else { break };
            let strip = match c {
                '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’' | '”' | '»' => true,
                ')' => tail.matches('(').count() < tail.matches(')').count(),
                ']' => tail.matches('[').count() < tail.matches(']').count(),
                _ => false,
            };
            if !strip {
                break;
            }
            end -= c.len_utf8();
        }
        if end > st + 4 {
            out.push(st..end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str) -> Vec<&str> {
        let o = Outline::parse(text);
        o.prose.iter().map(|p| &text[p.range()]).collect()
    }

    #[test]
    fn labels_fit_the_length_bound_of_the_label_scan() {
        // `labels` skips paragraphs over 200 bytes; a label with emphasis must stay under it.
        assert!(LABELS.iter().all(|l| l.len() + 8 < 200));
    }

    #[test]
    fn prose_excludes_code_html_urls_and_front_matter() {
        let text = "---\ntitle: \"x\n---\n\nHe said `\"x` <!-- \"c --> and [link \"t\"](http://a.b/\"q) see https://example.org/a.\n\n```\n\"code\n```\n";
        let p = prose(text);
        assert!(p
            .iter()
            .all(|s| !s.contains("code") && !s.contains("title")));
        assert!(p.iter().any(|s| s.contains("link \"t\"")));
        assert!(!p.concat().contains("example.org"));
        assert!(p.concat().ends_with('.'));
    }

    #[test]
    fn tight_list_items_become_blocks_and_sections_nest() {
        let text = "# 6 September 1945\n\n### **Citation:**\n\n\"T\", x.\n\n- one \"a\n- two\n\n## Summary\n\nText.\n";
        let o = Outline::parse(text);
        let kinds: Vec<_> = o.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading(1),
                BlockKind::Heading(3),
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Heading(2),
                BlockKind::Paragraph
            ]
        );
        assert_eq!(o.headings[1].text, "Citation:");
        let cit = o.section("citation").unwrap();
        assert!(text[cit.content.range()].contains("- two"));
        assert!(!text[cit.content.range()].contains("Summary"));
        assert!(o.section("SUMMARY:").is_some());
        let labelled = "# T\n\n**Citation:**\n\n\"T\", x.\n\n**Summary:**\n\nText.\n\n## Next\n";
        let o2 = Outline::parse(labelled);
        let cit = o2.section("citation").unwrap();
        assert_eq!(labelled[cit.content.range()].trim(), "\"T\", x.");
        assert_eq!(
            labelled[o2.section("summary").unwrap().content.range()].trim(),
            "Text."
        );
        assert!(!o.blocks[3].top_level);
    }

    #[test]
    fn urls_stop_at_sentence_punctuation() {
        let s = "see https://digitalarchive.wilsoncenter.org/document/1. And (www.x.org/a_(b)).";
        let urls: Vec<_> = find_urls(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            urls,
            [
                "https://digitalarchive.wilsoncenter.org/document/1",
                "www.x.org/a_(b)"
            ]
        );
    }

    #[test]
    fn link_destinations_are_located() {
        let text = "A [report](https://h.org/d) and <https://a.b/c>.\n";
        let o = Outline::parse(text);
        let dests: Vec<_> = o
            .links
            .iter()
            .map(|l| &text[l.dest.unwrap().range()])
            .collect();
        assert_eq!(dests, ["https://h.org/d", "https://a.b/c"]);
    }
}
