//! `emend init`: a commented emend.yaml chosen from what the folder's files contain.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::pack::PackData;
use crate::document::Document;
use crate::rules::citation::profile_for;
use crate::rules::translit::Analysis;
use crate::rules::RomanizationSettings;

/// What `emend init` found and chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Files read.
    pub files: usize,
    /// The profile most documents match, with its count.
    pub profile: Option<(String, usize)>,
    /// The romanization system most Chinese-language documents are written in, with its count.
    pub system: Option<(String, usize)>,
}

/// Look at the files under `dir` (as a check would walk them) and choose.
pub fn survey(dir: &Path) -> Choice {
    let (inputs, _) = crate::walk::collect(&[dir.to_path_buf()], None);
    let packs = PackData::builtin();
    let rom = packs.romanization();
    let settings = RomanizationSettings::default();
    let mut profiles: BTreeMap<String, usize> = BTreeMap::new();
    let mut systems: BTreeMap<String, usize> = BTreeMap::new();
    let mut files = 0;
    for input in &inputs {
        let Some(path) = &input.path else { continue };
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(doc) = Document::from_bytes(&bytes) else {
            continue;
        };
        files += 1;
        if let Some(p) = profile_for(&doc, packs.profiles(), None) {
            if crate::rules::citation::citation_span(&doc).is_some() {
                *profiles.entry(p.name.clone()).or_default() += 1;
            }
        }
        let words = crate::rules::lexicon::Words::of(&doc);
        let a = Analysis::new(&doc, &words, rom, &settings);
        if let Some(zh) = rom.languages.iter().position(|l| l.name == "zh") {
            if let Some(sys) = a.system[zh] {
                // A group of compatible systems is named by its first system.
                *systems
                    .entry(rom.system_name(zh, sys).to_owned())
                    .or_default() += 1;
            }
        }
    }
    let best = |m: BTreeMap<String, usize>| {
        m.into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
    };
    Choice {
        files,
        profile: best(profiles),
        system: best(systems),
    }
}

/// The text of emend.yaml for a choice.
pub fn config_text(c: &Choice) -> String {
    let profile = match &c.profile {
        Some((p, n)) => format!(
            "profile: {p}                # {n} of {} files cite this way\n",
            c.files
        ),
        None => "# profile: generic              # no citation found to choose from\n".to_owned(),
    };
    let prefer = match &c.system {
        Some((s, n)) => {
            format!("  prefer: {s}                # {n} documents are written in {s}\n")
        }
        None => {
            "  prefer: consistent            # each document keeps to its own majority\n".to_owned()
        }
    };
    format!(
        "# emend.yaml — written by `emend init` from the {files} files in this folder.\n\
         # Every key is optional; `emend rules` lists the rules, `emend explain RULE` explains one.\n\
         \n\
         {profile}\
         \n\
         romanization:\n\
         {prefer}\
         \x20 keep: []                      # forms accepted as conventional, e.g. [\"Canton\"]\n\
         \x20 conventional: lenient         # strict: flag conventional forms (Chiang Kai-shek) too\n\
         \n\
         # select: [citation, translit, quotes, artifact, structure, date]\n\
         # ignore: [artifact/ocr-digit]\n\
         # severity: {{translit/mixed-system: error}}\n\
         # packs: [rules/local.yaml]         # your own typos, names and profiles\n\
         # overrides:\n\
         #   - files: [\"originals/**\"]\n\
         #     ignore: [translit]\n",
        files = c.files
    )
}
