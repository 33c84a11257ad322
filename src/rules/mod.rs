//! The rule framework: the `Rule` trait, rule metadata, the report context, the registry
//! of built-in rules, and the `RuleSet` compiled once from configuration.

pub mod artifact;
pub mod citation;
pub mod date;
pub mod io;
pub mod lexicon;
pub mod quotes;
pub mod romanization;
pub mod scan;
pub mod selection;
pub mod structure;
pub mod suppress;
pub mod translit;

use std::cell::OnceCell;

pub use selection::{Override, RomanizationSettings, RuleSet, Selection, Selector, Settings};

use crate::config::pack::PackData;
use crate::diagnostic::{Diagnostic, Fix, Label, Severity, Span};
use crate::document::Document;

/// Whether and how a rule can mend what it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    /// The rule never offers a fix.
    None,
    /// Its fixes are safe: they cannot change meaning.
    Safe,
    /// Its fixes may change meaning and need `--unsafe-fixes`.
    Unsafe,
}

/// Everything about a rule except its code: shown by `emend rules` and `emend explain`,
/// and checked by the test suite (every `bad` example fires, no `good` example does).
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable id, `family/kebab-name`.
    pub id: &'static str,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// One line: what is flagged.
    pub summary: &'static str,
    /// Why it matters for an archival text, and what the rule deliberately leaves alone.
    pub explanation: &'static str,
    /// Whether findings come with a fix.
    pub fix: FixKind,
    /// emend.yaml text under which the examples are checked (empty: the defaults). An example
    /// may hold several files, separated by a line `=== next file ===`.
    pub config: &'static str,
    /// Snippets that must produce this rule.
    pub bad: &'static [&'static str],
    /// Snippets that must produce no diagnostic at all.
    pub good: &'static [&'static str],
}

impl RuleMeta {
    /// The family part of the id (`quotes` for `quotes/unclosed`).
    pub fn family(&self) -> &'static str {
        self.id.split('/').next().unwrap_or(self.id)
    }
}

/// A check over one document.
pub trait Rule: Send + Sync {
    /// The rule's id, severity, texts and examples.
    fn meta(&self) -> &'static RuleMeta;
    /// Look at `doc` and report findings through `cx`.
    fn check(&self, doc: &Document, cx: &mut Context<'_>);
}

/// Every built-in rule, in the order `emend rules` lists them.
pub fn builtin() -> &'static [&'static dyn Rule] {
    static RULES: &[&dyn Rule] = &[
        &citation::ArchiveRefRule,
        &citation::DateMismatch,
        &citation::Missing,
        &citation::MissingField,
        &citation::TitleMismatch,
        &citation::Url,
        &date::Invalid,
        &date::WeekdayMismatch,
        &artifact::DoubledWord,
        &artifact::HtmlResidue,
        &artifact::Hyphenation,
        &artifact::InvisibleChar,
        &artifact::Ligature,
        &artifact::MojibakeRule,
        &artifact::OcrDigit,
        &artifact::PageBreak,
        &artifact::PageNumber,
        &artifact::ReplacementChar,
        &artifact::RunningHeader,
        &artifact::Typo,
        &io::Encoding,
        &quotes::MixedStyle,
        &quotes::Unclosed,
        &quotes::UnmatchedBracket,
        &quotes::UnmatchedClose,
        &structure::DateHeading,
        &structure::EmptySection,
        &structure::HeadingEmphasis,
        &structure::MissingSection,
        &structure::SectionOrder,
        &suppress::UnknownRule,
        &suppress::Unused,
        &translit::Anachronism,
        &translit::CorpusMixed,
        &translit::MixedSystem,
        &translit::NonPreferred,
        &translit::WadeGilesName,
    ];
    RULES
}

/// Look up a built-in rule by id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    builtin().iter().copied().find(|r| r.meta().id == id)
}

/// Per-document results shared by the rules of a family, computed at most once.
#[derive(Default)]
pub struct Shared {
    /// The configuration's `romanization:` settings.
    pub romanization: RomanizationSettings,
    /// The profile named in the configuration.
    pub profile: Option<String>,
    /// `dates: {check_julian_era: true}`: check weekdays of Russian documents before 1918.
    pub check_julian_era: bool,
    translit: OnceCell<translit::Analysis>,
    vocabulary: OnceCell<lexicon::Vocabulary>,
    words: OnceCell<lexicon::Words>,
    dates: OnceCell<Vec<date::WrittenDate>>,
    page_breaks: OnceCell<Vec<artifact::Break>>,
    furniture: OnceCell<std::collections::HashSet<usize>>,
    mojibake: OnceCell<Vec<artifact::Mojibake>>,
    quotes: OnceCell<quotes::Analysis>,
    citation: OnceCell<Option<citation::Citation>>,
}

impl Shared {
    /// Per-document results for a run with these romanization settings.
    pub fn new(romanization: RomanizationSettings) -> Self {
        Shared {
            romanization,
            ..Shared::default()
        }
    }

    /// Romanization forms found in the document, classified.
    pub fn translit(&self, doc: &Document, packs: &PackData) -> &translit::Analysis {
        self.translit.get_or_init(|| {
            translit::Analysis::new(
                doc,
                self.words(doc),
                packs.romanization(),
                &self.romanization,
            )
        })
    }

    /// The document's citation, parsed once for all the citation rules.
    pub fn citation(&self, doc: &Document, packs: &PackData) -> Option<&citation::Citation> {
        self.citation
            .get_or_init(|| citation::parse_citation(doc, packs.profiles()))
            .as_ref()
    }

    /// The words the document uses in its prose.
    pub fn vocabulary(&self, doc: &Document) -> &lexicon::Vocabulary {
        self.vocabulary
            .get_or_init(|| lexicon::Vocabulary::of(doc, self.words(doc)))
    }

    /// The dates written in the prose, for both date rules.
    pub fn dates(&self, doc: &Document) -> &[date::WrittenDate] {
        self.dates.get_or_init(|| date::find_dates(doc))
    }

    /// The words of the prose, split once.
    pub fn words(&self, doc: &Document) -> &lexicon::Words {
        self.words.get_or_init(|| lexicon::Words::of(doc))
    }

    /// Top-level blocks that are page furniture (page numbers, lines repeated three times).
    pub fn furniture(&self, doc: &Document) -> &std::collections::HashSet<usize> {
        self.furniture.get_or_init(|| artifact::page_furniture(doc))
    }

    /// Runs of mojibake in the prose.
    pub fn mojibake(&self, doc: &Document) -> &[artifact::Mojibake] {
        self.mojibake.get_or_init(|| artifact::find_mojibake(doc))
    }

    /// Paragraph pairs split by a page break of the source.
    pub fn page_breaks(&self, doc: &Document) -> &[artifact::Break] {
        self.page_breaks
            .get_or_init(|| artifact::find_breaks(doc, self.furniture(doc)))
    }

    /// Quotation marks and brackets paired per paragraph.
    pub fn quotes(&self, doc: &Document) -> &quotes::Analysis {
        self.quotes
            .get_or_init(|| quotes::Analysis::new(doc, self.page_breaks(doc), self.mojibake(doc)))
    }
}

/// What a rule reports through: fills in the rule id and the configured severity.
pub struct Context<'a> {
    rule: &'static str,
    severity: Severity,
    shared: &'a Shared,
    packs: &'a PackData,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    /// A context that reports as `rule` at `severity` into `out`.
    pub fn new(
        rule: &'static str,
        severity: Severity,
        shared: &'a Shared,
        packs: &'a PackData,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Context {
            rule,
            severity,
            shared,
            packs,
            out,
        }
    }

    /// Data from the rule packs (built-in and the user's).
    pub fn packs(&self) -> &'a PackData {
        self.packs
    }

    /// Results shared between rules for this document.
    pub fn shared(&self) -> &'a Shared {
        self.shared
    }

    /// Report a finding at `span`; add labels, help and a fix on the returned builder.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> Report<'_> {
        Report {
            diag: Some(Diagnostic {
                rule: self.rule.to_owned(),
                severity: self.severity,
                span,
                message: message.into(),
                primary_label: None,
                labels: Vec::new(),
                help: None,
                fix: None,
            }),
            out: self.out,
        }
    }
}

/// A finding under construction; it is recorded when dropped.
pub struct Report<'c> {
    diag: Option<Diagnostic>,
    out: &'c mut Vec<Diagnostic>,
}

impl Report<'_> {
    fn with(mut self, f: impl FnOnce(&mut Diagnostic)) -> Self {
        if let Some(d) = self.diag.as_mut() {
            f(d);
        }
        self
    }

    /// Text shown under the primary span.
    pub fn primary(self, message: impl Into<String>) -> Self {
        self.with(|d| d.primary_label = Some(message.into()))
    }

    /// A secondary span with its own message.
    pub fn label(self, span: Span, message: impl Into<String>) -> Self {
        self.with(|d| {
            d.labels.push(Label {
                span,
                message: message.into(),
            })
        })
    }

    /// What the reader should do.
    pub fn help(self, help: impl Into<String>) -> Self {
        self.with(|d| d.help = Some(help.into()))
    }

    /// An automatic repair.
    pub fn fix(self, fix: Fix) -> Self {
        self.with(|d| d.fix = Some(fix))
    }
}

impl Drop for Report<'_> {
    fn drop(&mut self) {
        if let Some(d) = self.diag.take() {
            self.out.push(d);
        }
    }
}
