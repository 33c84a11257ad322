//! The translit family: romanization consistency. One pass of the packs' Aho-Corasick
//! automaton over the prose finds every form of every family ([`Analysis`]); the rules read it.

use std::collections::HashMap;
use std::sync::Arc;

use super::romanization::{display_system, syllables, Origin, Romanization};
use super::{Context, FixKind, RomanizationSettings, Rule, RuleMeta};
use crate::diagnostic::{Edit, Fix, Severity, Span};
use crate::document::Document;

/// A form of a family found in the prose.
#[derive(Clone, Copy, Debug)]
pub struct Hit {
    /// The form exactly as written.
    pub span: Span,
    /// Index into [`Romanization::forms`].
    pub form: usize,
    /// Index into [`Romanization::families`].
    pub family: usize,
    /// In the Citation section or part of a gloss: never flagged.
    pub exempt: bool,
    /// Conventional (by the pack or by `romanization.keep`): accepted under every system.
    pub conventional: bool,
}

/// Every romanization form in a document, with the document's system per language.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Hits in document order.
    pub hits: Vec<Hit>,
    /// Per language: the majority system, if any form counted.
    pub system: Vec<Option<usize>>,
    /// Per language and system: how many hits count for it.
    pub counts: Vec<Vec<usize>>,
    /// Where the document comes from.
    pub origin: Option<Origin>,
    /// Per family: the forms the document writes outside exempt places, with their counts.
    used: HashMap<usize, Vec<(usize, usize)>>,
}

/// Read the origin from the citation: the archive it cites.
fn detect_origin(doc: &Document) -> Option<Origin> {
    let text = match doc.section("citation") {
        Some(s) => doc.slice(s.content),
        None => &doc.text[..doc.text.len().min(4000)],
    };
    let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
    if has(&[
        "AVPRF",
        "AVP RF",
        "APRF",
        "AP RF",
        "RGASPI",
        "RGANI",
        "GARF",
        "TsAMO",
        "RGVA",
        "TsKhSD",
        "RTsKhIDNI",
    ]) {
        Some(Origin::Soviet)
    } else if has(&[
        "PRC FMA",
        "Foreign Ministry Archive",
        "Central Archives of China",
    ]) {
        Some(Origin::Prc)
    } else if has(&[
        "RG 59",
        "Foreign Relations of the United States",
        "history.state.gov",
        "National Archives",
    ]) {
        Some(Origin::Us)
    } else if has(&["Academia Historica", "Guoshiguan", "Kuo-shih-kuan"]) {
        Some(Origin::Roc)
    } else {
        None
    }
}

impl Analysis {
    /// Find and classify every form in `doc`'s prose.
    pub fn new(
        doc: &Document,
        words: &super::lexicon::Words,
        rom: &Romanization,
        settings: &RomanizationSettings,
    ) -> Self {
        let mut hits = Vec::new();
        for (k, p) in doc.outline.prose.iter().enumerate() {
            for m in rom.find_runs(doc.slice(*p), words.runs_in(doc, k)) {
                let form = &rom.forms[m.form];
                hits.push(Hit {
                    span: Span::new(p.start as usize + m.start, p.start as usize + m.end),
                    form: m.form,
                    family: form.family,
                    exempt: false,
                    conventional: form.conventional || settings.keep.contains(&form.text),
                });
            }
        }
        // The Citation keeps the spelling of cited titles; the Summary is the archive's own
        // modern text over an older translation. Neither is the document.
        for name in ["citation", "summary"] {
            if let Some(sec) = doc.section(name) {
                for h in &mut hits {
                    if sec.content.contains(h.span.start as usize) {
                        h.exempt = true;
                    }
                }
            }
        }
        // Glosses: "Chiang Kai-shek [Jiang Jieshi]", "Peking (Beijing)".
        for i in 1..hits.len() {
            let (a, b) = (hits[i - 1], hits[i]);
            if a.family != b.family {
                continue;
            }
            let between = &doc.text[a.span.end as usize..b.span.start as usize];
            let after = doc.text[b.span.end as usize..].chars().next();
            let opened = between
                .trim_start()
                .trim_start_matches(['’', '\''])
                .trim_start_matches('s')
                .trim();
            let gloss =
                (opened == "[" && after == Some(']')) || (opened == "(" && after == Some(')'));
            if gloss {
                hits[i - 1].exempt = true;
                hits[i].exempt = true;
            }
        }
        // Counts per group of compatible systems, kept under the group's first system.
        let mut counts: Vec<Vec<usize>> = rom
            .languages
            .iter()
            .map(|l| vec![0; l.systems.len()])
            .collect();
        let mut first: Vec<Vec<usize>> = rom
            .languages
            .iter()
            .map(|l| vec![usize::MAX; l.systems.len()])
            .collect();
        for (k, h) in hits.iter().enumerate() {
            if h.exempt || h.conventional {
                continue;
            }
            let fam = &rom.families[h.family];
            let lang = &rom.languages[fam.language];
            let mask = rom.forms[h.form].systems;
            if mask == fam.systems {
                continue;
            }
            let mut reps = 0u32;
            for s in 0..lang.systems.len() {
                if mask & (1 << s) != 0 {
                    reps |= 1 << lang.group(s).trailing_zeros();
                }
            }
            for s in 0..lang.systems.len() {
                if reps & (1 << s) != 0 {
                    counts[fam.language][s] += 1;
                    first[fam.language][s] = first[fam.language][s].min(k);
                }
            }
        }
        let system = counts
            .iter()
            .zip(&first)
            .map(|(c, f)| {
                (0..c.len())
                    .filter(|&s| c[s] > 0)
                    .max_by(|&x, &y| c[x].cmp(&c[y]).then(f[y].cmp(&f[x])))
            })
            .collect();
        let mut used: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        for h in hits.iter().filter(|h| !h.exempt) {
            let forms = used.entry(h.family).or_default();
            match forms.iter_mut().find(|(f, _)| *f == h.form) {
                Some((_, n)) => *n += 1,
                None => forms.push((h.form, 1)),
            }
        }
        Analysis {
            hits,
            system,
            counts,
            origin: settings.origin.or_else(|| detect_origin(doc)),
            used,
        }
    }

    /// The form this document already uses most for `family` among those acceptable in the
    /// group of `system` (or conventional), else the family's first form in that group
    /// (postal first for places, the group's first system otherwise).
    pub fn expected(
        &self,
        rom: &Romanization,
        family: usize,
        system: usize,
        abbreviation: bool,
    ) -> Option<String> {
        let fam = &rom.families[family];
        let lang = &rom.languages[fam.language];
        let group = lang.group(system);
        // The form this document already writes most, among those acceptable here.
        let best = self
            .used
            .get(&family)
            .into_iter()
            .flatten()
            .filter(|(f, _)| {
                let form = &rom.forms[*f];
                form.abbreviation == abbreviation
                    && (form.systems & group != 0 || form.conventional)
            })
            .max_by_key(|(f, n)| (*n, usize::MAX - *f));
        if let Some((form, _)) = best {
            return Some(rom.forms[*form].text.clone());
        }
        let mut order: Vec<usize> = (0..lang.systems.len())
            .filter(|s| group & (1 << s) != 0)
            .collect();
        if fam.kind == "place" {
            order.sort_by_key(|&s| lang.systems[s] != "postal");
        }
        order.into_iter().find_map(|s| {
            let forms = fam.by_system.get(s)?;
            forms
                .iter()
                .find(|&&f| rom.forms[f].abbreviation == abbreviation)
                .map(|&f| rom.forms[f].text.clone())
        })
    }

    /// Up to three forms of `system`'s group the document uses, to show what it writes.
    fn samples(&self, rom: &Romanization, language: usize, system: usize) -> Vec<String> {
        let group = rom.languages[language].group(system);
        let mut out: Vec<String> = Vec::new();
        for h in &self.hits {
            let f = &rom.forms[h.form];
            let fam = &rom.families[h.family];
            if fam.language == language
                && !h.exempt
                && !h.conventional
                && f.systems & group != 0
                && f.systems != fam.systems
            {
                let t = f.text.clone();
                if !out.contains(&t) {
                    out.push(t);
                }
                if out.len() == 3 {
                    break;
                }
            }
        }
        out
    }
}

/// The systems of a form, named: "Wade-Giles and postal/conventional".
fn systems_of(rom: &Romanization, language: usize, mask: u32) -> String {
    let names: Vec<&str> = (0..rom.languages[language].systems.len())
        .filter(|s| mask & (1 << s) != 0)
        .map(|s| display_system(rom.system_name(language, s)))
        .collect();
    names.join(" and ")
}

/// Write `form` with the apostrophe style of the form it replaces.
fn styled(form: &str, written: &str) -> String {
    if written.contains('’') {
        form.replace('\'', "’")
    } else {
        form.to_owned()
    }
}

/// `translit/mixed-system`: forms of more than one romanization system in one document.
pub struct MixedSystem;

static MIXED_SYSTEM: RuleMeta = RuleMeta {
    id: "translit/mixed-system",
    severity: Severity::Warning,
    summary: "name written in another romanization system than the rest of the document",
    explanation: "\
The same party is the Guomindang, the Kuomintang, the GMD and the KMT; the same city is
Nanjing or Nanking. A translation that mixes systems — \"Beiping, Tianjin, Shanghai, Nanking,
Canton, Qingdao\" — reads as careless and hides names from search.

The document's system is the one most of its names are written in (a name spelt the same
in every system, like Shanghai, does not count; ties go to the system used first). Every name
written in another system is flagged, with the form to use: the one the document already uses
for that name, else the majority system's. Conventional forms (Chiang Kai-shek, Sun Yat-sen,
Hong Kong, Tibet, or your `romanization.keep`) never count. Glosses (`Chiang Kai-shek [Jiang
Jieshi]`, `Peking (Beijing)`), the Citation section, code, URLs and comments are left alone.
Russian names are judged the same way among their own systems (popular, Library of Congress,
BGN/PCGN, scholarly). The fix is unsafe: a name inside a quotation may be the source's own.",
    fix: FixKind::Unsafe,
    config: "",
    bad: &[
        "Beiping, Tianjin, Shanghai, Nanking, Canton and Qingdao must include CCP representatives.\n",
        "The Kuomintang answered; Chou En-lai and Mao Tse-tung left Yenan. Zhou Enlai stayed.\n",
    ],
    good: &[
        "Chiang Kai-shek [Jiang Jieshi] met the Guomindang [Kuomintang] leaders in Beiping, Tianjin and Qingdao.\n",
        "Mao Zedong spoke with Chiang Kai-shek in Chongqing; Sun Yat-sen's portrait hung in Shanghai.\n",
        "Chou En-lai, Mao Tse-tung and the Kuomintang in Chungking.\n",
    ],
};

impl Rule for MixedSystem {
    fn meta(&self) -> &'static RuleMeta {
        &MIXED_SYSTEM
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        if cx.shared().romanization.prefer.is_some() {
            return;
        }
        let rom = &cx.packs().romanization();
        let a = cx.shared().translit(doc, cx.packs());
        for h in &a.hits {
            if h.exempt || h.conventional {
                continue;
            }
            let fam = &rom.families[h.family];
            let Some(sys) = a.system[fam.language] else {
                continue;
            };
            let lang = &rom.languages[fam.language];
            let group = lang.group(sys);
            let form = &rom.forms[h.form];
            if form.systems & group != 0 || fam.systems & group == 0 {
                continue;
            }
            let Some(expected) = a.expected(rom, h.family, sys, form.abbreviation) else {
                continue;
            };
            let written = doc.slice(h.span);
            let expected = styled(&expected, written);
            let doc_sys = lang.group_name(sys);
            let samples = a.samples(rom, fam.language, sys);
            cx.report(
                h.span,
                format!(
                    "“{written}” is {} romanization in a document written in {doc_sys} ({}); {doc_sys} has “{expected}”",
                    systems_of(rom, fam.language, form.systems),
                    samples.join(", ")
                ),
            )
            .primary(format!("{doc_sys}: {expected}"))
            .help(format!("write “{expected}”, or gloss it (“{expected} [{written}]”) where the original spelling matters"))
            .fix(Fix::unsafe_(vec![Edit::replace(h.span, expected)]));
        }
    }
}

/// `translit/non-preferred`: forms outside the system the configuration prefers.
pub struct NonPreferred;

static NON_PREFERRED: RuleMeta = RuleMeta {
    id: "translit/non-preferred",
    severity: Severity::Warning,
    summary: "name not in the romanization system the collection prefers (romanization.prefer)",
    explanation: "\
A collection that has chosen one system — `romanization: {prefer: pinyin}` in emend.yaml —
wants every name in it, whatever the majority of one document says. Every form of another
system is flagged with the preferred form; conventional forms (Chiang Kai-shek, Sun Yat-sen,
Hong Kong and `romanization.keep`) are accepted unless `romanization.conventional: strict`.
Glosses and the Citation section are left alone. Without `prefer` the rule is silent and
`translit/mixed-system` keeps each document consistent instead. The fix is unsafe.",
    fix: FixKind::Unsafe,
    config: "romanization: {prefer: pinyin}\n",
    bad: &[
        "Beiping, Tianjin, Shanghai, Nanking and Canton.\n",
        "Chou En-lai and Mao Tse-tung in Chungking.\n",
    ],
    good: &[
        "Zhou Enlai and Chiang Kai-shek [Jiang Jieshi] in Chongqing and Hong Kong.\n",
        "The Guomindang [Kuomintang] in Beiping.\n",
    ],
};

impl Rule for NonPreferred {
    fn meta(&self) -> &'static RuleMeta {
        &NON_PREFERRED
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(prefer) = cx.shared().romanization.prefer.clone() else {
            return;
        };
        let strict = cx.shared().romanization.strict;
        let rom = &cx.packs().romanization();
        let a = cx.shared().translit(doc, cx.packs());
        for h in &a.hits {
            if h.exempt || (h.conventional && !strict) {
                continue;
            }
            let fam = &rom.families[h.family];
            let Some(sys) = rom.system_index(fam.language, &prefer) else {
                continue;
            };
            let group = rom.languages[fam.language].group(sys);
            let form = &rom.forms[h.form];
            if form.systems & group != 0 || fam.systems & (1 << sys) == 0 {
                continue;
            }
            let Some(expected) = fam.by_system[sys]
                .first()
                .map(|&f| rom.forms[f].text.clone())
            else {
                continue;
            };
            let written = doc.slice(h.span);
            let expected = styled(&expected, written);
            let name = display_system(&prefer);
            cx.report(
                h.span,
                format!(
                    "“{written}” is {} romanization; this collection prefers {name}: “{expected}”",
                    systems_of(rom, fam.language, form.systems)
                ),
            )
            .primary(format!("{name}: {expected}"))
            .help(format!("write “{expected}”"))
            .fix(Fix::unsafe_(vec![Edit::replace(h.span, expected)]));
        }
    }
}

/// `translit/anachronism`: a period-bound name used outside its period.
pub struct Anachronism;

static ANACHRONISM: RuleMeta = RuleMeta {
    id: "translit/anachronism",
    severity: Severity::Warning,
    summary: "place or organisation name not in use at the document's date",
    explanation: "\
Names of places changed with the regimes: Peking became Beiping in June 1928 and Beijing
again in September 1949; Dairen was Japanese Dalian; Hsinking was Changchun under Manchukuo;
Tihwa was Ürümqi until 1954. A 1945 record that says \"Beijing\" — or a 1955 Soviet record
that says \"Beiping\" — was touched up later, or mistranslated.

The document's date comes from its date heading. Which windows apply depends on the
document's origin — US and ROC documents kept \"Peiping\" long after 1949 — taken from
`romanization.origin`, else from the archive its citation names (AVPRF, RGASPI → Soviet;
RG 59, FRUS → US; PRC FMA → PRC). With the origin unknown, only names wrong for every origin
are flagged. Organisations are flagged only before they existed. The fix (unsafe) writes the
name in use at that date.",
    fix: FixKind::Unsafe,
    config: "",
    bad: &["# September 6, 1945\n\nThe delegation returned to Beijing on Monday.\n"],
    good: &[
        "# September 6, 1945\n\nThe delegation returned to Beiping on Monday.\n",
        "# June 3, 1955\n\nThe delegation returned to Beijing on Monday.\n",
        "# September 6, 1945\n\nThe old capital, Peking (Beijing), and Beiping today.\n",
        "The delegation returned to Beijing; the document has no date.\n",
    ],
};

impl Rule for Anachronism {
    fn meta(&self) -> &'static RuleMeta {
        &ANACHRONISM
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some((date, _)) = doc.meta.date else {
            return;
        };
        let rom = &cx.packs().romanization();
        let a = cx.shared().translit(doc, cx.packs());
        let origin = a.origin;
        let applies = |w: &super::romanization::Window| match origin {
            Some(o) => w.origins.is_empty() || w.origins.contains(&o),
            None => true,
        };
        let valid = |fam: usize| {
            let f = &rom.families[fam];
            f.windows.is_empty() || f.windows.iter().any(|w| applies(w) && w.overlaps(date))
        };
        for h in &a.hits {
            let fam = &rom.families[h.family];
            if h.exempt || fam.windows.is_empty() || valid(h.family) {
                continue;
            }
            let form = &rom.forms[h.form];
            let sys = (0..32).find(|s| form.systems & (1 << s) != 0).unwrap_or(0);
            let successor = fam.entity.as_ref().and_then(|e| {
                rom.families
                    .iter()
                    .enumerate()
                    .find(|(i, f)| *i != h.family && f.entity.as_ref() == Some(e) && valid(*i))
            });
            let windows: Vec<String> = fam
                .windows
                .iter()
                .filter(|w| applies(w))
                .map(|w| w.describe())
                .collect();
            let written = doc.slice(h.span);
            let mut message = format!(
                "“{written}” is anachronistic in a document dated {date}: the name was in use {}",
                windows.join(" and ")
            );
            let mut replacement = None;
            if let Some((_, succ)) = successor {
                let pick = succ
                    .by_system
                    .get(sys)
                    .and_then(|v| v.first())
                    .or_else(|| succ.by_system.iter().flatten().next())
                    .map(|&f| rom.forms[f].text.clone());
                if let Some(name) = pick {
                    message.push_str(&format!("; on that date it was “{name}”"));
                    replacement = Some(styled(&name, written));
                }
            }
            let mut r = cx
                .report(h.span, message)
                .primary(format!("not in use in {}", date.year));
            match replacement {
                Some(name) => {
                    r = r
                        .help(format!(
                            "write “{name}”, or gloss the modern name: “{name} [{written}]”"
                        ))
                        .fix(Fix::unsafe_(vec![Edit::replace(h.span, name)]));
                }
                None => {
                    r = r.help(
                        "check the source: the name may have been modernised in transcription",
                    )
                }
            }
            drop(r);
        }
    }
}

/// A personal name in the shape of Wade-Giles: a one-syllable surname and a hyphenated
/// given name, every syllable valid Wade-Giles.
struct WgName {
    span: Span,
    /// The pinyin reading, syllables read as strict Wade-Giles.
    pinyin: String,
    /// Other readings when apostrophes or umlauts may have been dropped.
    others: Vec<String>,
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn find_wg_names(doc: &Document, words: &super::lexicon::Words, known: &[Hit]) -> Vec<WgName> {
    let table = syllables();
    let mut out = Vec::new();
    for (k, p) in doc.outline.prose.iter().enumerate() {
        let slice = doc.slice(*p);
        let bytes = doc.text.as_bytes();
        for w in words.in_prose(doc, k..k + 1).windows(2) {
            // Two words one space apart, the second capitalised: cheap tests on bytes first.
            if w[1].start != w[0].end + 1
                || bytes[w[0].end as usize] != b' '
                || bytes[w[1].start as usize].is_ascii_lowercase()
            {
                continue;
            }
            let (i1, i2) = (
                (w[0].start - p.start) as usize,
                (w[1].start - p.start) as usize,
            );
            let (sur, given) = (doc.slice(w[0]), doc.slice(w[1]));
            let capitalised = |t: &str| t.chars().next().is_some_and(char::is_uppercase);
            if !capitalised(given) || !capitalised(sur) || i2 != i1 + sur.len() + 1 {
                continue;
            }
            if slice.as_bytes()[i1 + sur.len()] != b' ' || sur.contains(['-', '\'', '’']) {
                continue;
            }
            let parts: Vec<&str> = given.split('-').collect();
            if parts.len() < 2 || parts.len() > 3 || parts[1..].iter().any(|s| capitalised(s)) {
                continue;
            }
            let syllables: Vec<&str> = std::iter::once(sur).chain(parts.iter().copied()).collect();
            if syllables.iter().any(|s| table.readings(s).is_none()) {
                continue;
            }
            let start = p.start as usize + i1;
            let end = p.start as usize + i2 + given.len();
            // Hits are in document order: only the first one ending after `start` can overlap.
            let k = known.partition_point(|h| (h.span.end as usize) <= start);
            if known.get(k).is_some_and(|h| (h.span.start as usize) < end) {
                continue;
            }
            let strict: Option<Vec<&str>> =
                syllables.iter().map(|s| table.strict_reading(s)).collect();
            let has_marks = syllables.iter().any(|s| s.contains(['\'', '’', 'ü']));
            let reading = |choice: &[&str]| {
                format!(
                    "{} {}",
                    capitalize(choice[0]),
                    capitalize(&choice[1..].concat())
                )
            };
            let loose: Vec<&[String]> = syllables
                .iter()
                .map(|s| table.readings(s).unwrap_or(&[]))
                .collect();
            let mut others = Vec::new();
            if !has_marks {
                // Apostrophes may have been dropped: list the other readings (a few).
                let mut combos: Vec<Vec<&str>> = vec![Vec::new()];
                for options in &loose {
                    let mut next = Vec::new();
                    for c in &combos {
                        for o in options.iter() {
                            let mut c2 = c.clone();
                            c2.push(o.as_str());
                            next.push(c2);
                        }
                    }
                    combos = next;
                    if combos.len() > 8 {
                        break;
                    }
                }
                for c in combos.iter().filter(|c| c.len() == syllables.len()) {
                    let r = reading(c);
                    if !others.contains(&r) {
                        others.push(r);
                    }
                }
            }
            let pinyin = match &strict {
                Some(s) => reading(s),
                None => match others.first() {
                    Some(r) => r.clone(),
                    None => continue,
                },
            };
            others.retain(|o| *o != pinyin);
            out.push(WgName {
                span: Span::new(start, end),
                pinyin,
                others,
            });
        }
    }
    out
}

/// `translit/wade-giles-name`: a Wade-Giles name not in the dictionary, in a pinyin document.
pub struct WadeGilesName;

static WADE_GILES_NAME: RuleMeta = RuleMeta {
    id: "translit/wade-giles-name",
    severity: Severity::Warning,
    summary: "personal name in Wade-Giles in a document written in pinyin",
    explanation: "\
No dictionary holds every name of a documentary edition. A name in Wade-Giles shape — a
one-syllable surname and a hyphenated given name whose syllables are all Wade-Giles (\"Chang
Chih-chung\", \"Hsü Hsiang-ch'ien\", \"Li Li-san\", also without apostrophes: \"Peng
Teh-huai\") — in a document written in pinyin (or when `romanization.prefer` is pinyin) is
flagged with its pinyin reading: surname and joined given name (Zhang Zhizhong).

When the spelling has lost its apostrophes the reading is ambiguous (Chang may be Zhang or
Chang); the message then lists the readings and no fix is offered. Otherwise the fix is
unsafe. Names the packs know are judged by translit/mixed-system instead, and English words
never fire: the rule needs the capitalised, hyphenated name shape.",
    fix: FixKind::Unsafe,
    config: "",
    bad: &[
        "Mao Zedong and Zhou Enlai received Hsieh Chüeh-tsai in Beiping.\n",
        "Mao Zedong and Zhou Enlai received Chao Shih-yen in Beiping.\n",
    ],
    good: &[
        "Mao Zedong and Zhou Enlai received Xu Xiangqian in Beiping.\n",
        "Mao Zedong met the Long March veterans and Sun Yat-sen's widow in Beiping.\n",
        "Kim Il-sung and Pak Hon-yong met Zhou Enlai in Beiping.\n",
        "Chou En-lai met Hsieh Chüeh-tsai in Chungking.\n",
    ],
};

impl Rule for WadeGilesName {
    fn meta(&self) -> &'static RuleMeta {
        &WADE_GILES_NAME
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let rom = &cx.packs().romanization();
        let Some(zh) = rom.languages.iter().position(|l| l.name == "zh") else {
            return;
        };
        let Some(pinyin) = rom.system_index(zh, "pinyin") else {
            return;
        };
        let a = cx.shared().translit(doc, cx.packs());
        let prefers = cx.shared().romanization.prefer.as_deref() == Some("pinyin");
        if !(prefers || a.system[zh] == Some(pinyin)) {
            return;
        }
        let in_citation = doc.section("citation").map(|s| s.content);
        for n in find_wg_names(doc, cx.shared().words(doc), &a.hits) {
            if in_citation.is_some_and(|c| c.contains(n.span.start as usize)) {
                continue;
            }
            let written = doc.slice(n.span);
            if n.others.is_empty() {
                cx.report(n.span, format!("“{written}” is a Wade-Giles name in a pinyin document: in pinyin it is “{}”", n.pinyin))
                    .primary(format!("pinyin: {}", n.pinyin))
                    .help(format!("write “{}”", n.pinyin))
                    .fix(Fix::unsafe_(vec![Edit::replace(n.span, n.pinyin.clone())]));
            } else {
                cx.report(
                    n.span,
                    format!(
                        "“{written}” is a Wade-Giles name in a pinyin document: in pinyin probably “{}” (or {})",
                        n.pinyin,
                        n.others.iter().map(|o| format!("“{o}”")).collect::<Vec<_>>().join(", ")
                    ),
                )
                .primary(format!("pinyin: {}?", n.pinyin))
                .help("check the characters of the name: the spelling may have lost the apostrophes that decide its reading");
            }
        }
    }
}

/// `translit/corpus-mixed`: one name in different systems across the files of a run.
///
/// Cross-file: computed by [`crate::corpus`] from per-file [`Summary`]s after the parallel
/// pass; this type carries the rule's metadata.
pub struct CorpusMixed;

static CORPUS_MIXED: RuleMeta = RuleMeta {
    id: "translit/corpus-mixed",
    severity: Severity::Warning,
    summary: "name written in a different system here than in most files of the collection",
    explanation: "\
A collection should converge on one spelling of each name. Each file may be consistent in
itself and the collection still write Kuomintang in three files and Guomindang in forty-one.

Across all files of one run, each name's system is counted per file; a file that writes a
name in a system other than the collection's majority gets one diagnostic, at the first use,
with the counts. Conventional forms, glosses and citations do not count. The result never
depends on the order in which files were read.",
    fix: FixKind::None,
    config: "",
    bad: &["The Kuomintang met.\n=== next file ===\nThe Guomindang met.\n=== next file ===\nThe Guomindang met again.\n"],
    good: &[
        "The Guomindang met.\n=== next file ===\nThe Guomindang met again.\n",
        "Chiang Kai-shek spoke.\n=== next file ===\nChiang Kai-shek [Jiang Jieshi] spoke.\n",
    ],
};

impl Rule for CorpusMixed {
    fn meta(&self) -> &'static RuleMeta {
        &CORPUS_MIXED
    }

    fn check(&self, _doc: &Document, _cx: &mut Context<'_>) {}
}

/// What one file contributes to the cross-file check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// One entry per family the file writes in a system-specific form.
    pub families: Vec<SummaryEntry>,
}

/// How one file writes one family.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SummaryEntry {
    /// The family id (stable across configurations).
    pub family: Arc<str>,
    /// The system the file mostly writes it in.
    pub system: Arc<str>,
    /// The first place the family is written.
    pub span: Span,
    /// The form first written.
    pub written: Arc<str>,
    /// The family's first form per system, to name the collection's spelling.
    pub forms: Arc<[(Arc<str>, Arc<str>)]>,
}

/// The per-file summary for `translit/corpus-mixed`.
pub fn summarize(doc: &Document, a: &Analysis, rom: &Romanization) -> Summary {
    let mut per: HashMap<usize, (Vec<usize>, Span)> = HashMap::new();
    for h in &a.hits {
        if h.exempt || h.conventional {
            continue;
        }
        let fam = &rom.families[h.family];
        let mask = rom.forms[h.form].systems;
        if mask == fam.systems {
            continue;
        }
        let lang = &rom.languages[fam.language];
        let n = lang.systems.len();
        let e = per.entry(h.family).or_insert_with(|| (vec![0; n], h.span));
        for s in 0..n {
            // Count each group once, under its first system.
            if mask & (1 << s) != 0 && lang.group(s).trailing_zeros() as usize == s {
                e.0[s] += 1;
            } else if mask & (1 << s) != 0 {
                let rep = lang.group(s).trailing_zeros() as usize;
                if mask & (1 << rep) == 0 {
                    e.0[rep] += 1;
                }
            }
        }
    }
    let mut families: Vec<SummaryEntry> = per
        .into_iter()
        .filter_map(|(f, (counts, span))| {
            let best = (0..counts.len())
                .filter(|&s| counts[s] > 0)
                .max_by_key(|&s| (counts[s], usize::MAX - s))?;
            let shared = rom.shared_family(f);
            Some(SummaryEntry {
                family: shared.id.clone(),
                system: shared.groups[best].clone(),
                span,
                written: rom.shared_written(f, doc.slice(span)),
                forms: shared.forms.clone(),
            })
        })
        .collect();
    families.sort();
    Summary { families }
}
