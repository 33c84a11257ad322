//! The fixture runner: every file under `fixtures/` is checked, and its diagnostics must
//! match the `<!-- expect: ... -->` markers written in it, exactly, both ways.
//!
//! Marker: `<!-- expect: [COL] RULE ["message part"] -->` at the end of the line where the
//! diagnostic's primary span starts; `expect@-1:` / `expect@+2:` shift the line. Markers (and
//! the one space before each) are stripped before checking, so line numbers do not move.
//! `EMEND_FIXTURE=substr` runs only the fixtures whose path contains `substr`.

use std::path::{Path, PathBuf};

use emend::document::LineIndex;
use emend::rules::{builtin, RuleSet};
use emend::Checked;

#[derive(Debug, Clone)]
struct Expect {
    line: usize,
    column: Option<usize>,
    rule: String,
    message: Option<String>,
}

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        // A folder named `*.corpus` is one collection, checked together for cross-file rules.
        if p.is_dir() && p.extension().is_some_and(|e| e == "corpus") {
            out.push(p);
        } else if p.is_dir() {
            fixture_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md")
            && !p.to_string_lossy().ends_with(".fixed.md")
        {
            out.push(p);
        }
    }
}

/// Parse one marker body (`@-1: 12 quotes/unclosed "opened"`); `line` is 1-based.
fn parse_marker(body: &str, line: usize) -> Result<Expect, String> {
    let (shift, rest) = match body.strip_prefix('@') {
        Some(r) => {
            let colon = r.find(':').ok_or("missing ':' after expect@N")?;
            let n: isize = r[..colon]
                .parse()
                .map_err(|_| format!("bad line shift {:?}", &r[..colon]))?;
            (n, &r[colon + 1..])
        }
        None => (0, body.strip_prefix(':').ok_or("missing ':' after expect")?),
    };
    let rest = rest.trim();
    let (head, message) = match rest.find('"') {
        Some(q) => {
            let m = rest[q + 1..]
                .strip_suffix('"')
                .ok_or("unterminated message")?;
            (rest[..q].trim(), Some(m.to_owned()))
        }
        None => (rest, None),
    };
    let mut words = head.split_whitespace();
    let first = words.next().ok_or("missing rule id")?;
    let (column, rule) = match first.parse::<usize>() {
        Ok(c) => (Some(c), words.next().ok_or("missing rule id after column")?),
        Err(_) => (None, first),
    };
    if words.next().is_some() {
        return Err(format!("unexpected words in marker {body:?}"));
    }
    if !builtin().iter().any(|r| r.meta().id == rule) {
        return Err(format!("marker names unknown rule {rule:?}"));
    }
    let line = line as isize + shift;
    if line < 1 {
        return Err("line shift goes before the first line".into());
    }
    Ok(Expect {
        line: line as usize,
        column,
        rule: rule.to_owned(),
        message,
    })
}

/// Strip every marker from the bytes; return the stripped bytes and the expectations.
fn strip_markers(bytes: &[u8]) -> Result<(Vec<u8>, Vec<Expect>), String> {
    const OPEN: &[u8] = b"<!-- expect";
    let mut out = Vec::with_capacity(bytes.len());
    let mut expects = Vec::new();
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let mut rest = line;
        while let Some(at) = find(rest, OPEN) {
            let end =
                find(&rest[at..], b"-->").ok_or(format!("line {}: unterminated marker", i + 1))?;
            let body = std::str::from_utf8(&rest[at + OPEN.len()..at + end])
                .map_err(|_| format!("line {}: marker is not UTF-8", i + 1))?;
            expects.push(
                parse_marker(body.trim_end(), i + 1).map_err(|e| format!("line {}: {e}", i + 1))?,
            );
            let keep = if at > 0 && rest[at - 1] == b' ' {
                at - 1
            } else {
                at
            };
            out.extend_from_slice(&rest[..keep]);
            rest = &rest[at + end + 3..];
        }
        out.extend_from_slice(rest);
    }
    Ok((out, expects))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rule_set_for(path: &Path) -> RuleSet {
    let cfg = path.parent().unwrap().join("emend.yaml");
    if cfg.is_file() {
        emend::config::load(&cfg, &Default::default())
            .unwrap_or_else(|e| panic!("{}: bad fixture config: {:?}", cfg.display(), e))
    } else {
        RuleSet::all()
    }
}

/// `name.fixed.md` beside a fixture: fixing the fixture (safe and unsafe fixes) gives exactly
/// those bytes; the fixed text has nothing fixable left; fixing it again changes nothing.
fn check_fixed_pair(
    name: &str,
    path: &Path,
    bytes: &[u8],
    set: &RuleSet,
    problems: &mut Vec<String>,
) {
    let fixed_path = path.with_extension("fixed.md");
    let bless = std::env::var_os("EMEND_BLESS").is_some();
    if !fixed_path.exists() && !bless {
        return;
    }
    let sel = set.selection_for(Some(path));
    let (text, bom) = match emend::document::decode(bytes) {
        Ok(x) => x,
        Err(_) => return problems.push(format!("{name}: a fixture with a .fixed.md must be text")),
    };
    let fixed = match emend::fix::fix_text(&text, set, &sel, true) {
        Ok(f) => f,
        Err(u) => return problems.push(format!("{name}: fixes did not settle: {:?}", u.rules)),
    };
    let out = emend::fix::to_bytes(&fixed.text, bom);
    if bless {
        if fixed.count() > 0 || fixed_path.exists() {
            std::fs::write(&fixed_path, &out).unwrap();
        }
        return;
    }
    let want = std::fs::read(&fixed_path).unwrap();
    if out != want {
        problems.push(format!(
            "{name}: fixed text differs from {} (EMEND_BLESS=1 rewrites it):\n{}",
            fixed_path.display(),
            emend::fix::unified_diff(
                name,
                &String::from_utf8_lossy(&want),
                &String::from_utf8_lossy(&out)
            )
        ));
    }
    if let Some(d) = fixed.remaining.iter().find(|d| d.fix.is_some()) {
        problems.push(format!(
            "{name}: still fixable after fixing: {} {}",
            d.rule, d.message
        ));
    }
    match emend::fix::fix_text(&fixed.text, set, &sel, true) {
        Ok(again) if again.count() == 0 => {}
        _ => problems.push(format!("{name}: fixing the fixed text changes it again")),
    }
}

fn display_name(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Expectations against diagnostics, both ways.
fn compare(
    name: &str,
    text: &str,
    expects: &[Expect],
    diagnostics: &[emend::diagnostic::Diagnostic],
) -> Vec<String> {
    let index = LineIndex::new(text);
    let mut actual: Vec<(usize, usize, String, String)> = diagnostics
        .iter()
        .map(|d| {
            let lc = index.line_col(text, d.span.start as usize);
            (lc.line, lc.column, d.rule.clone(), d.message.clone())
        })
        .collect();
    let mut problems = Vec::new();
    for e in expects {
        let hit = actual.iter().position(|(line, col, rule, msg)| {
            *line == e.line
                && *rule == e.rule
                && e.column.is_none_or(|c| c == *col)
                && e.message.as_ref().is_none_or(|m| msg.contains(m.as_str()))
        });
        match hit {
            Some(i) => {
                actual.remove(i);
            }
            None => problems.push(format!(
                "{name}:{}: missing {}{}{}",
                e.line,
                e.rule,
                e.column
                    .map(|c| format!(" at column {c}"))
                    .unwrap_or_default(),
                e.message
                    .as_ref()
                    .map(|m| format!(" with message containing {m:?}"))
                    .unwrap_or_default()
            )),
        }
    }
    for (line, col, rule, msg) in actual {
        problems.push(format!("{name}:{line}:{col}: unexpected {rule}: {msg}"));
    }
    problems
}

/// Check a `*.corpus` folder: its files as one collection, for cross-file rules.
fn check_corpus(dir: &Path) -> (Vec<String>, Vec<String>) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut stripped = Vec::new();
    for f in &files {
        match strip_markers(&std::fs::read(f).unwrap()) {
            Ok((bytes, expects)) => stripped.push((String::from_utf8(bytes).unwrap(), expects)),
            Err(e) => return (vec![format!("{}: {e}", display_name(f))], Vec::new()),
        }
    }
    let set = rule_set_for(&files[0]);
    let texts: Vec<&str> = stripped.iter().map(|(t, _)| t.as_str()).collect();
    let all = emend::check_collection(&texts, &set);
    let mut problems = Vec::new();
    let mut rules = Vec::new();
    for ((f, (text, expects)), diagnostics) in files.iter().zip(&stripped).zip(all) {
        problems.extend(compare(&display_name(f), text, expects, &diagnostics));
        rules.extend(expects.iter().map(|e| e.rule.clone()));
    }
    (problems, rules)
}

/// Check one fixture (or a `*.corpus` folder); returns its mismatches and the rules it expects.
fn check_fixture(path: &Path) -> (Vec<String>, Vec<String>) {
    if path.is_dir() {
        return check_corpus(path);
    }
    let name = display_name(path);
    let raw = std::fs::read(path).unwrap();
    let (bytes, expects) = match strip_markers(&raw) {
        Ok(x) => x,
        Err(e) => return (vec![format!("{name}: {e}")], Vec::new()),
    };
    let set = rule_set_for(path);
    let sel = set.selection_for(Some(path));
    let (text, diagnostics) = match emend::check_bytes(&bytes, &set, &sel) {
        Checked::Text {
            text, diagnostics, ..
        } => (text, diagnostics),
        Checked::Binary => return (vec![format!("{name}: fixture is binary")], Vec::new()),
    };
    let mut problems = compare(&name, &text, &expects, &diagnostics);
    check_fixed_pair(&name, path, &bytes, &set, &mut problems);
    (problems, expects.into_iter().map(|e| e.rule).collect())
}

#[test]
fn fixtures_match_their_expectations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    fixture_files(&root, &mut files);
    let filter = std::env::var("EMEND_FIXTURE").ok();
    let mut problems = Vec::new();
    let mut covered = std::collections::HashSet::new();
    let mut ran = 0;
    for f in &files {
        if filter
            .as_ref()
            .is_some_and(|s| !f.to_string_lossy().contains(s.as_str()))
        {
            continue;
        }
        ran += 1;
        let (mut p, rules) = check_fixture(f);
        problems.append(&mut p);
        covered.extend(rules);
    }
    assert!(ran > 0, "no fixture matched");
    if filter.is_none() {
        for r in builtin() {
            if !covered.contains(r.meta().id) {
                problems.push(format!("rule {} has no fixture expectation", r.meta().id));
            }
        }
        assert!(
            files.len() >= 12,
            "expected at least 12 fixtures, found {}",
            files.len()
        );
    }
    assert!(
        problems.is_empty(),
        "{} fixture mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn markers_are_parsed_and_stripped() {
    let (out, e) = strip_markers(
        b"a \"x <!-- expect: 3 quotes/unclosed \"never closed\" -->\r\nb <!-- expect@-1: artifact/page-break -->\n",
    )
    .unwrap();
    assert_eq!(out, b"a \"x\r\nb\n");
    assert_eq!(e.len(), 2);
    assert_eq!(
        (e[0].line, e[0].column, e[0].message.as_deref()),
        (1, Some(3), Some("never closed"))
    );
    assert_eq!((e[1].line, e[1].rule.as_str()), (1, "artifact/page-break"));
    assert!(strip_markers(b"x <!-- expect: quotes/nope -->\n").is_err());
}

#[test]
fn the_runner_reports_missing_and_unexpected_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("wrong.md");
    std::fs::write(
        &p,
        "He said \"yes.\n\nAll quiet here. <!-- expect: quotes/unclosed -->\n",
    )
    .unwrap();
    let (problems, _) = check_fixture(&p);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains(":3: missing quotes/unclosed"));
    assert!(problems[1].contains(":1:9: unexpected quotes/unclosed"));
}
