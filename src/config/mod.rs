//! emend.yaml: its schema, discovery (walking up from a file), and compiling it into a RuleSet.

pub mod pack;
mod yaml;

pub use yaml::{parse as parse_yaml, YamlError};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSetBuilder};
use miette::{NamedSource, SourceSpan};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::error::ConfigError;
use crate::rules::romanization::Origin;
use crate::rules::RomanizationSettings;
use crate::rules::{selection, Override, RuleSet, Selector, Settings};
use pack::PackData;

/// File names emend looks for, nearest folder first; in one folder the first wins.
pub const CONFIG_NAMES: [&str; 2] = ["emend.yaml", ".emend.yaml"];

/// The keys of emend.yaml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Rules or families to run (default: all).
    pub select: Option<Vec<String>>,
    /// Rules or families not to run.
    pub ignore: Option<Vec<String>>,
    /// Severity per rule or family.
    pub severity: Option<BTreeMap<String, Severity>>,
    /// Settings for some files only.
    pub overrides: Option<Vec<RawOverride>>,
    /// The citation and structure profile (used by the citation and structure families).
    pub profile: Option<String>,
    /// Rule packs of the user's, paths relative to the configuration file.
    pub packs: Option<Vec<String>>,
    /// Settings of the translit rules.
    pub romanization: Option<RawRomanization>,
    /// Settings of the date rules.
    pub dates: Option<RawDates>,
}

/// The `dates:` key.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDates {
    /// Check weekdays of Russian documents before February 1918 (Julian calendar era).
    pub check_julian_era: Option<bool>,
}

/// The `romanization:` key.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRomanization {
    /// `consistent` (default), or a system every form must be in (`pinyin`, `wade-giles`, `postal`).
    pub prefer: Option<String>,
    /// Forms accepted as conventional in addition to the packs' own.
    pub keep: Option<Vec<String>>,
    /// `lenient` (default: conventional forms are never flagged) or `strict`.
    pub conventional: Option<String>,
    /// Where the documents come from: us, roc, prc, soviet or any (default: read the citation).
    pub origin: Option<String>,
}

/// One entry of `overrides:`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOverride {
    /// Glob patterns, relative to the folder of the configuration file.
    pub files: Vec<String>,
    /// Replaces the selection for these files.
    pub select: Option<Vec<String>>,
    /// Removed from the selection for these files.
    pub ignore: Option<Vec<String>>,
    /// Severities for these files.
    pub severity: Option<BTreeMap<String, Severity>>,
}

const KEYS: &[&str] = &[
    "select",
    "ignore",
    "severity",
    "overrides",
    "profile",
    "packs",
];
const OVERRIDE_KEYS: &[&str] = &["files", "select", "ignore", "severity"];

/// The nearest configuration file at or above `dir`.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find_map(|d| CONFIG_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()))
}

/// Read and compile the configuration file at `path`; `cli` settings are applied last.
pub fn load(path: &Path, cli: &Settings) -> Result<RuleSet, Vec<ConfigError>> {
    let name = path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return Err(vec![problem(
                    &name,
                    "",
                    "emend::config::encoding",
                    "configuration file is not valid UTF-8".into(),
                    None,
                    "",
                    Some("save it as UTF-8".into()),
                )])
            }
        },
        Err(e) => {
            return Err(vec![problem(
                &name,
                "",
                "emend::config::read",
                format!("cannot read configuration file: {e}"),
                None,
                "",
                None,
            )])
        }
    };
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let root = std::path::absolute(&root).unwrap_or(root);
    compile(&name, &text, root, cli).map(|mut set| {
        set.source = Some(path.to_path_buf());
        set
    })
}

/// Compile configuration text (named `name` in messages) whose globs are relative to `root`.
pub fn compile(
    name: &str,
    text: &str,
    root: PathBuf,
    cli: &Settings,
) -> Result<RuleSet, Vec<ConfigError>> {
    let raw: RawConfig = yaml::parse(text).map_err(|e| vec![yaml_problem(name, text, e)])?;
    let mut problems = Vec::new();
    let mut cx = Compiler {
        name,
        text,
        problems: &mut problems,
    };
    let base = cx.settings(
        raw.select.as_deref(),
        raw.ignore.as_deref(),
        raw.severity.as_ref(),
    );
    let mut overrides = Vec::new();
    for o in raw.overrides.unwrap_or_default() {
        let settings = cx.settings(
            o.select.as_deref(),
            o.ignore.as_deref(),
            o.severity.as_ref(),
        );
        let mut globs = GlobSetBuilder::new();
        for pattern in &o.files {
            let full = if pattern.contains('/') {
                pattern.trim_start_matches("./").to_owned()
            } else {
                format!("**/{pattern}")
            };
            match GlobBuilder::new(&full).literal_separator(true).build() {
                Ok(g) => {
                    globs.add(g);
                }
                Err(e) => cx.error(
                    "emend::config::glob",
                    format!("invalid file pattern `{pattern}`: {}", e.kind()),
                    pattern,
                    "this pattern",
                    None,
                ),
            }
        }
        match globs.build() {
            Ok(files) => overrides.push(Override { files, settings }),
            Err(e) => cx.error(
                "emend::config::glob",
                format!("invalid file patterns: {e}"),
                "files",
                "here",
                None,
            ),
        }
    }
    let mut user_packs = Vec::new();
    let mut pack_sources: Vec<(String, String)> = Vec::new();
    for p in raw.packs.unwrap_or_default() {
        let path = root.join(&p);
        let pack_name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(pack_text) => match pack::parse(&pack_text) {
                Ok(pack) => {
                    user_packs.push(pack);
                    pack_sources.push((pack_name.clone(), pack_text.clone()));
                }
                Err(errs) => {
                    for (message, offset) in errs {
                        let span = offset.map(|o| (o, o));
                        problems.push(problem(
                            &pack_name,
                            &pack_text,
                            "emend::pack::invalid",
                            message,
                            span,
                            "here",
                            None,
                        ));
                    }
                }
            },
            Err(e) => cx_error(
                &mut problems,
                name,
                text,
                "emend::config::pack-unreadable",
                format!("cannot read pack `{p}`: {}", crate::walk::io_reason(&e)),
                &p,
            ),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let examples: Vec<(usize, crate::config::pack::RawFamily)> = user_packs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.families
                .iter()
                .filter(|f| f.examples.is_some())
                .map(move |f| (i, f.clone()))
        })
        .collect();
    let packs = (!user_packs.is_empty()).then(|| Arc::new(PackData::with(user_packs)));
    let mut romanization = match raw.romanization {
        Some(r) => romanization_settings(name, text, r)?,
        None => RomanizationSettings::default(),
    };
    if let Some(wanted) = &raw.profile {
        let data = packs.clone().unwrap_or_else(PackData::builtin);
        let known: Vec<&str> = data.profiles().iter().map(|p| p.name.as_str()).collect();
        if !known.contains(&wanted.as_str()) {
            let help = match selection::suggest(wanted, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? The profiles are: {}", known.join(", ")),
                None => format!("the profiles are: {}", known.join(", ")),
            };
            return Err(vec![problem(
                name,
                text,
                "emend::config::unknown-profile",
                format!("unknown profile `{wanted}`"),
                locate(text, wanted),
                "not a profile",
                Some(help),
            )]);
        }
    }
    // The frus profile is the State Department's documents: US origin.
    if romanization.origin.is_none() && raw.profile.as_deref() == Some("frus") {
        romanization.origin = Some(Origin::Us);
    }
    if let Some(data) = &packs {
        // A dictionary must not rot: the examples of a user's families are checked on load.
        let probe = RuleSet {
            packs: Some(data.clone()),
            ..RuleSet::default()
        };
        for (i, family) in &examples {
            let (pack_name, pack_text) = &pack_sources[*i];
            for (message, example) in family_example_failures(family, &probe) {
                let at = pack_text
                    .find(example.as_str())
                    .map(|o| (o, o + example.len()));
                problems.push(problem(
                    pack_name,
                    pack_text,
                    "emend::pack::example-failed",
                    format!("family `{}`: {message}", family.id),
                    at,
                    "this example",
                    Some("fix the family's forms or the example".to_owned()),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    Ok(RuleSet {
        root,
        source: None,
        base,
        overrides,
        cli: cli.clone(),
        profile: raw.profile,
        packs,
        romanization,
        check_julian_era: raw.dates.and_then(|d| d.check_julian_era).unwrap_or(false),
    })
}

/// Run a family's examples: each `bad` must produce its rule (with the message part and fix
/// it names), each `good` no translit diagnostic. Returns (what failed, the example text).
pub fn family_example_failures(family: &pack::RawFamily, set: &RuleSet) -> Vec<(String, String)> {
    let Some(ex) = &family.examples else {
        return Vec::new();
    };
    let sel = set.selection_for(None);
    let run = |text: &str| -> Vec<crate::diagnostic::Diagnostic> {
        match crate::check_bytes(text.as_bytes(), set, &sel) {
            crate::Checked::Text { diagnostics, .. } => diagnostics,
            crate::Checked::Binary => Vec::new(),
        }
    };
    let mut failures = Vec::new();
    for bad in &ex.bad {
        let found = run(&bad.text);
        let ok = found.iter().any(|d| {
            d.rule == bad.rule
                && bad
                    .message
                    .as_ref()
                    .is_none_or(|m| d.message.contains(m.as_str()))
                && bad.fix.as_ref().is_none_or(|f| {
                    d.fix
                        .as_ref()
                        .is_some_and(|x| x.edits.iter().any(|e| e.replacement == *f))
                })
        });
        if !ok {
            let got: Vec<String> = found
                .iter()
                .map(|d| format!("{}: {}", d.rule, d.message))
                .collect();
            failures.push((
                format!(
                    "the bad example does not produce {} as described (got: {})",
                    bad.rule,
                    if got.is_empty() {
                        "nothing".to_owned()
                    } else {
                        got.join("; ")
                    }
                ),
                bad.text.clone(),
            ));
        }
    }
    for good in &ex.good {
        let found: Vec<String> = run(good)
            .iter()
            .filter(|d| d.rule.starts_with("translit/"))
            .map(|d| format!("{}: {}", d.rule, d.message))
            .collect();
        if !found.is_empty() {
            failures.push((
                format!("the good example is flagged: {}", found.join("; ")),
                good.clone(),
            ));
        }
    }
    failures
}

fn romanization_settings(
    name: &str,
    text: &str,
    r: RawRomanization,
) -> Result<RomanizationSettings, Vec<ConfigError>> {
    let mut problems = Vec::new();
    let mut bad = |value: &str, what: &str, allowed: &str| {
        problems.push(problem(
            name,
            text,
            "emend::config::invalid-value",
            format!("`{value}` is not a valid {what}"),
            locate(text, value),
            "not a valid value",
            Some(format!("expected one of: {allowed}")),
        ));
    };
    let prefer = match r.prefer.as_deref() {
        None | Some("consistent") => None,
        Some(p)
            if [
                "pinyin",
                "wade-giles",
                "postal",
                "popular",
                "lc",
                "bgn",
                "scholarly",
            ]
            .contains(&p) =>
        {
            Some(p.to_owned())
        }
        Some(p) => {
            bad(
                p,
                "romanization.prefer",
                "consistent, pinyin, wade-giles, postal",
            );
            None
        }
    };
    let strict = match r.conventional.as_deref() {
        None | Some("lenient") => false,
        Some("strict") => true,
        Some(c) => {
            bad(c, "romanization.conventional", "lenient, strict");
            false
        }
    };
    let origin = match r.origin.as_deref() {
        None | Some("any") => None,
        Some(o) => match Origin::parse(o) {
            Some(o) => Some(o),
            None => {
                bad(o, "romanization.origin", "us, roc, prc, soviet, any");
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(RomanizationSettings {
        prefer,
        keep: r.keep.unwrap_or_default(),
        strict,
        origin,
    })
}

fn cx_error(
    problems: &mut Vec<ConfigError>,
    name: &str,
    text: &str,
    code: &'static str,
    message: String,
    token: &str,
) {
    let span = locate(text, token);
    problems.push(problem(name, text, code, message, span, "this pack", None));
}

struct Compiler<'a> {
    name: &'a str,
    text: &'a str,
    problems: &'a mut Vec<ConfigError>,
}

impl Compiler<'_> {
    fn error(
        &mut self,
        code: &'static str,
        message: String,
        token: &str,
        label: &str,
        help: Option<String>,
    ) {
        let span = locate(self.text, token);
        self.problems.push(problem(
            self.name, self.text, code, message, span, label, help,
        ));
    }

    fn selector(&mut self, s: &str) -> Option<Selector> {
        match Selector::parse(s) {
            Ok(sel) => Some(sel),
            Err(suggestion) => {
                let help = match suggestion {
                    Some(n) => format!("did you mean `{n}`? `emend rules` lists every rule"),
                    None => "`emend rules` lists every rule and family".to_owned(),
                };
                self.error(
                    "emend::config::unknown-rule",
                    format!("unknown rule or family `{s}`"),
                    s,
                    "not a rule or family",
                    Some(help),
                );
                None
            }
        }
    }

    fn selectors(&mut self, list: &[String]) -> Vec<Selector> {
        list.iter().filter_map(|s| self.selector(s)).collect()
    }

    fn settings(
        &mut self,
        select: Option<&[String]>,
        ignore: Option<&[String]>,
        severity: Option<&BTreeMap<String, Severity>>,
    ) -> Settings {
        Settings {
            select: select.map(|s| self.selectors(s)),
            ignore: ignore.map(|s| self.selectors(s)).unwrap_or_default(),
            severity: severity
                .into_iter()
                .flatten()
                .filter_map(|(k, v)| self.selector(k).map(|s| (s, *v)))
                .collect(),
        }
    }
}

fn problem(
    name: &str,
    text: &str,
    code: &'static str,
    message: String,
    span: Option<(usize, usize)>,
    label: &str,
    help: Option<String>,
) -> ConfigError {
    // Without a location, the message itself must say which file is wrong.
    let message = if span.is_none() && !message.contains(name) {
        format!("{name}: {message}")
    } else {
        message
    };
    ConfigError {
        code,
        message,
        src: NamedSource::new(name, Arc::<str>::from(text)),
        span: span.map(|(s, e)| SourceSpan::from(s..e)),
        label: label.to_owned(),
        help,
    }
}

fn yaml_problem(name: &str, text: &str, e: YamlError) -> ConfigError {
    let mut code = "emend::config::syntax";
    let mut help = None;
    let mut label = "here".to_owned();
    let mut span = e.offset.map(|o| {
        let o = crate::document::floor_char_boundary(text, o.min(text.len()));
        let end = text[o..]
            .find(|c: char| c == ':' || c.is_whitespace())
            .map_or(text.len(), |i| o + i);
        (o, end.max(o))
    });
    if let Some(field) = backticked(&e.message, "unknown field `") {
        code = "emend::config::unknown-key";
        label = "unknown key".to_owned();
        let expected = expected_names(&e.message);
        let pool: Vec<&str> = if expected.is_empty() {
            KEYS.iter().chain(OVERRIDE_KEYS).copied().collect()
        } else {
            expected.iter().map(String::as_str).collect()
        };
        help = Some(match selection::suggest(field, pool) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the keys are: {}", KEYS.join(", ")),
        });
    } else if let Some(variant) = backticked(&e.message, "unknown variant `") {
        code = "emend::config::invalid-value";
        label = "not a valid value".to_owned();
        let expected = expected_names(&e.message);
        help = selection::suggest(variant, expected.iter().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some(format!("expected one of: {}", expected.join(", "))));
        if let (Some((s, _)), Some(_)) = (span, Some(())) {
            span = Some((s, s + variant.len().min(text.len() - s)));
        }
    } else if e.message.starts_with("invalid type") {
        code = "emend::config::invalid-type";
        label = "wrong type".to_owned();
        help = Some("`select` and `ignore` take a list such as [quotes, artifact/page-break]; `severity` maps rules to error, warning or info".to_owned());
    }
    problem(name, text, code, e.message.clone(), span, &label, help)
}

fn backticked<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = message.strip_prefix(prefix)?;
    rest.split('`').next()
}

fn expected_names(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected one of ") else {
        return Vec::new();
    };
    message[i..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// Byte range of `token` as a whole YAML scalar in `text`, outside comments.
fn locate(text: &str, token: &str) -> Option<(usize, usize)> {
    if token.is_empty() {
        return None;
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = match line.find(" #") {
            Some(i) => &line[..i],
            None if line.trim_start().starts_with('#') => "",
            None => line,
        };
        let mut from = 0;
        while let Some(i) = code[from..].find(token) {
            let s = from + i;
            let e = s + token.len();
            let before = code[..s].chars().last();
            let after = code[e..].chars().next();
            let edge = |c: Option<char>| {
                c.is_none_or(|c| {
                    c.is_whitespace()
                        || matches!(c, '[' | ']' | ',' | '-' | '"' | '\'' | ':' | '{' | '}')
                })
            };
            if edge(before) && edge(after) {
                return Some((offset + s, offset + e));
            }
            from = e;
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str) -> Vec<ConfigError> {
        compile("emend.yaml", src, PathBuf::from("/x"), &Settings::default()).unwrap_err()
    }

    #[test]
    fn unknown_key_points_at_the_key_with_a_suggestion() {
        let e = &errors("select: [quotes]\nignor: [artifact]\n")[0];
        assert_eq!(e.code, "emend::config::unknown-key");
        assert_eq!(e.span, Some(SourceSpan::from(17..22)));
        assert_eq!(e.help.as_deref(), Some("did you mean `ignore`?"));
    }

    #[test]
    fn unknown_rule_points_at_the_value() {
        let src = "select:\n  - quotes\n  - quotes/unclosd # typo\n";
        let e = &errors(src)[0];
        assert_eq!(e.code, "emend::config::unknown-rule");
        let span = e.span.unwrap();
        assert_eq!(
            &src[span.offset()..span.offset() + span.len()],
            "quotes/unclosd"
        );
        assert!(e.help.as_deref().unwrap().contains("`quotes/unclosed`"));
    }

    #[test]
    fn wrong_severity_value_is_reported() {
        let e = &errors("severity:\n  quotes: eror\n")[0];
        assert_eq!(e.code, "emend::config::invalid-value");
        assert_eq!(e.help.as_deref(), Some("did you mean `error`?"));
    }

    #[test]
    fn overrides_apply_to_matching_files() {
        let src = "overrides:\n  - files: [\"originals/**\"]\n    ignore: [quotes]\n";
        let set = compile("e", src, PathBuf::from("/c"), &Settings::default()).unwrap();
        let inside = set.selection_for(Some(Path::new("/c/originals/a/b.md")));
        let outside = set.selection_for(Some(Path::new("/c/docs/b.md")));
        assert_eq!(inside.severity_of("quotes/unclosed"), None);
        assert!(outside.severity_of("quotes/unclosed").is_some());
    }
}
