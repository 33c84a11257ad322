//! The CI and machine formats: two synthetic files (one with a BOM, CRLF line breaks and
//! defects, one clean) rendered in every format and compared with `snapshots/<format>.txt`
//! (`EMEND_BLESS=1` rewrites them). The structured outputs are parsed too, and the escaped
//! ones unescaped, so that a snapshot cannot hide output a consumer would reject.

use std::path::PathBuf;
use std::sync::Arc;

use emend::diagnostic::{Diagnostic, Edit, Fix, Severity, Span};
use emend::report::{
    Azure, Checkstyle, FileReport, Github, Gitlab, Json, JsonLines, Junit, Pylint, Rdjson,
    Reporter, Summary, Tap,
};
use emend::rules::RuleSet;
use emend::Checked;

/// The defective file as stored: BOM, CRLF, a finding on the first line (after the BOM),
/// curly quotes and a ligature before the mojibake (so character and byte columns differ), a
/// sentence split by a page break.
const DEFECTIVE: &[u8] = b"\xef\xbb\xbf# **Record of Conversation**\r\n\r\n\
He said \xe2\x80\x9cwe will \xef\xac\x81nd the way, don\xc3\xa2\xe2\x82\xac\xe2\x84\xa2t worry.\r\n\r\n\
The delegation of the Soviet government arrived in the\r\n\r\n\
capital of Moscow on Tuesday.\r\n\r\n\
\"Straight quotes\" and the the end of it.\r\n";

const CLEAN: &[u8] = b"# Note\n\nA clean paragraph.\n";

/// A path with every character some format must escape.
const PATH: &str = "records/talks, 1945: 100% [a;b] & c#2.md";

/// A message with every character some format must escape, a line break included.
const MESSAGE: &str = "100% sure: \"Moscow\", <not> 'Moskva' & [a;b]\nsecond line #2";

fn check(bytes: &[u8]) -> (String, bool, Vec<Diagnostic>) {
    let set = RuleSet::all();
    let sel = set.selection_for(None);
    match emend::check_bytes(bytes, &set, &sel) {
        Checked::Text {
            text,
            bom,
            diagnostics,
            ..
        } => (text, bom, diagnostics),
        Checked::Binary => panic!("synthetic text taken for binary"),
    }
}

/// The files of the run, as `run` builds them: a clean file keeps no text.
fn files() -> Vec<FileReport> {
    let (text, bom, mut diagnostics) = check(DEFECTIVE);
    assert!(bom);
    let at = text.find("Moscow").unwrap();
    diagnostics.push(Diagnostic {
        rule: "artifact/typo".into(),
        severity: Severity::Warning,
        span: Span::new(at, at + "Moscow".len()),
        message: MESSAGE.into(),
        primary_label: None,
        labels: Vec::new(),
        help: Some("write \"Moskva\"".into()),
        fix: Some(Fix::unsafe_(vec![Edit::replace(
            Span::new(at, at + "Moscow".len()),
            "Moskva",
        )])),
    });
    diagnostics.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
    let (_, _, clean) = check(CLEAN);
    assert!(clean.is_empty(), "the clean text is not clean: {clean:?}");
    vec![
        FileReport {
            path: PATH.into(),
            text: text.into(),
            bom_len: 3,
            diagnostics,
        },
        FileReport {
            path: "records/clean.md".into(),
            text: Arc::from(""),
            bom_len: 0,
            diagnostics: Vec::new(),
        },
    ]
}

fn render(reporter: &dyn Reporter, files: &[FileReport]) -> String {
    let summary = Summary::of(files, files.len());
    let mut out = Vec::new();
    reporter.report(files, &summary, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn formats() -> Vec<(&'static str, Box<dyn Reporter>)> {
    vec![
        ("github", Box::new(Github)),
        ("junit", Box::new(Junit)),
        ("json-lines", Box::new(JsonLines)),
        ("gitlab", Box::new(Gitlab)),
        ("rdjson", Box::new(Rdjson)),
        ("checkstyle", Box::new(Checkstyle)),
        ("pylint", Box::new(Pylint)),
        ("azure", Box::new(Azure)),
        ("tap", Box::new(Tap)),
    ]
}

#[test]
fn every_format_matches_its_snapshot() {
    let files = files();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots");
    let bless = std::env::var_os("EMEND_BLESS").is_some();
    let mut problems = Vec::new();
    for (name, reporter) in formats() {
        let got = render(&*reporter, &files);
        let path = dir.join(format!("{name}.txt"));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            Ok(want) => problems.push(format!(
                "{name}: output differs from {} (EMEND_BLESS=1 rewrites it):\n{}",
                path.display(),
                emend::fix::unified_diff(name, &want, &got)
            )),
            Err(e) => problems.push(format!(
                "{name}: cannot read {} ({e}); EMEND_BLESS=1 writes it",
                path.display()
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn diagnostic_count(files: &[FileReport]) -> usize {
    files.iter().map(|f| f.diagnostics.len()).sum()
}

#[test]
fn json_lines_are_the_items_of_the_json_report() {
    let files = files();
    let json: serde_json::Value = serde_json::from_str(&render(&Json, &files)).unwrap();
    let lines: Vec<serde_json::Value> = render(&JsonLines, &files)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), diagnostic_count(&files));
    assert_eq!(&lines, json["diagnostics"].as_array().unwrap());
    // Same keys in the same order, not only the same values.
    let text = render(&JsonLines, &files);
    let first = text.lines().next().unwrap();
    let keys: Vec<&str> = [
        "path",
        "rule",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "span",
        "help",
        "fix",
    ]
    .to_vec();
    let mut at = 0;
    for k in keys {
        let i = first[at..]
            .find(&format!("\"{k}\":"))
            .unwrap_or_else(|| panic!("{k} missing or out of order"));
        at += i;
    }
}

#[test]
fn gitlab_is_a_code_quality_report() {
    let files = files();
    let v: serde_json::Value = serde_json::from_str(&render(&Gitlab, &files)).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), diagnostic_count(&files));
    let mut fingerprints = std::collections::HashSet::new();
    for i in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].is_string(), "{key} in {i}");
        }
        assert!(["info", "minor", "major"].contains(&i["severity"].as_str().unwrap()));
        assert_eq!(i["location"]["path"], PATH);
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(i["fingerprint"].as_str().unwrap().to_owned()));
    }
    // The fingerprint does not follow the line number: lines added above keep it.
    let mut moved = files.clone();
    let mut text = String::from("# Added\r\n\r\n");
    text.push_str(&moved[0].text);
    moved[0].text = text.into();
    for d in &mut moved[0].diagnostics {
        d.span.start += 11;
        d.span.end += 11;
    }
    let w: serde_json::Value = serde_json::from_str(&render(&Gitlab, &moved)).unwrap();
    for (a, b) in issues.iter().zip(w.as_array().unwrap()) {
        assert_eq!(a["fingerprint"], b["fingerprint"]);
        assert_eq!(
            a["location"]["lines"]["begin"].as_u64().unwrap() + 2,
            b["location"]["lines"]["begin"].as_u64().unwrap()
        );
    }
}

/// Byte offset in the file as stored of an rdjson position (UTF-8 byte columns).
fn stored_offset(bytes: &[u8], pos: &serde_json::Value) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let column = pos["column"].as_u64().unwrap() as usize;
    let mut start = 0;
    for _ in 1..line {
        start += bytes[start..].iter().position(|&b| b == b'\n').unwrap() + 1;
    }
    start + column - 1
}

#[test]
fn rdjson_positions_are_byte_columns_of_the_stored_file() {
    let files = files();
    let v: serde_json::Value = serde_json::from_str(&render(&Rdjson, &files)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&render(&Json, &files)).unwrap();
    assert_eq!(v["source"]["name"], "emend");
    assert_eq!(v["severity"], "ERROR");
    let diagnostics = v["diagnostics"].as_array().unwrap();
    let items = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), items.len());
    for (d, item) in diagnostics.iter().zip(items) {
        assert_eq!(d["code"]["value"], item["rule"]);
        assert_eq!(d["message"], item["message"]);
        let range = &d["location"]["range"];
        assert_eq!(
            stored_offset(DEFECTIVE, &range["start"]) as u64,
            item["span"]["start"].as_u64().unwrap()
        );
        assert_eq!(
            stored_offset(DEFECTIVE, &range["end"]) as u64,
            item["span"]["end"].as_u64().unwrap()
        );
        let edits = item["fix"]["edits"].as_array().cloned().unwrap_or_default();
        let suggestions = d["suggestions"].as_array().cloned().unwrap_or_default();
        assert_eq!(edits.len(), suggestions.len());
        for (e, s) in edits.iter().zip(&suggestions) {
            assert_eq!(s["text"], e["replacement"]);
            assert_eq!(
                stored_offset(DEFECTIVE, &s["range"]["start"]) as u64,
                e["start"].as_u64().unwrap()
            );
            assert_eq!(
                stored_offset(DEFECTIVE, &s["range"]["end"]) as u64,
                e["end"].as_u64().unwrap()
            );
        }
    }
    // No diagnostics: no overall severity, an empty list.
    let clean = &files[1..];
    let v: serde_json::Value = serde_json::from_str(&render(&Rdjson, clean)).unwrap();
    assert!(v.get("severity").is_none());
    assert_eq!(v["diagnostics"], serde_json::json!([]));
}

/// A minimal XML well-formedness check: one declaration, one root, balanced tags, quoted
/// attributes without duplicates, only known entity references, no raw `<` or `&`, no
/// characters XML 1.0 forbids.
fn check_xml(s: &str) -> Result<(), String> {
    fn check_chars(text: &str) -> Result<(), String> {
        if let Some(c) = text
            .chars()
            .find(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}')
        {
            return Err(format!("forbidden character {c:?}"));
        }
        let mut rest = text;
        while let Some(i) = rest.find('&') {
            rest = &rest[i + 1..];
            let end = rest.find(';').ok_or("unterminated entity")?;
            let name = &rest[..end];
            let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                || name
                    .strip_prefix("#x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || name
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(format!("unknown entity &{name};"));
            }
        }
        Ok(())
    }
    fn is_name(n: &str) -> bool {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
    }
    let mut rest = s
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .ok_or("no XML declaration")?;
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    loop {
        let i = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..i];
        if text.contains("]]>") {
            return Err("]]> in text".into());
        }
        check_chars(text)?;
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text:?}"));
        }
        if i == rest.len() {
            break;
        }
        rest = &rest[i + 1..];
        // The end of the tag: the first `>` outside a quoted attribute value.
        let mut quote = None;
        let end = rest
            .char_indices()
            .find(|&(_, c)| match quote {
                Some(q) if c == q => {
                    quote = None;
                    false
                }
                Some(_) => false,
                None if c == '"' || c == '\'' => {
                    quote = Some(c);
                    false
                }
                None => c == '>',
            })
            .map(|(i, _)| i)
            .ok_or("unterminated tag")?;
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name.trim_end() => {}
                open => return Err(format!("</{name}> closes {open:?}")),
            }
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if !is_name(name) {
            return Err(format!("bad element name {name:?}"));
        }
        let mut attrs = tag[name_end..].trim_start();
        let mut seen = Vec::new();
        while !attrs.is_empty() {
            let eq = attrs
                .find('=')
                .ok_or(format!("attribute without value in <{name}>"))?;
            let key = &attrs[..eq];
            if !is_name(key) || seen.contains(&key) {
                return Err(format!("bad or repeated attribute {key:?} in <{name}>"));
            }
            seen.push(key);
            let after = &attrs[eq + 1..];
            let q = after.chars().next().filter(|&c| c == '"' || c == '\'');
            let q = q.ok_or(format!("unquoted attribute {key} in <{name}>"))?;
            let close = after[1..].find(q).ok_or("unterminated attribute")?;
            let value = &after[1..1 + close];
            if value.contains('<') {
                return Err(format!("< in attribute {key}"));
            }
            check_chars(value)?;
            let next = &after[close + 2..];
            if !next.is_empty() && !next.starts_with(char::is_whitespace) {
                return Err(format!("no space after attribute {key}"));
            }
            attrs = next.trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !empty {
            stack.push(name.to_owned());
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed elements {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

#[test]
fn the_xml_checker_rejects_broken_xml() {
    let ok = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1 &amp; 2\"><b/>t&lt;</a>\n";
    assert_eq!(check_xml(ok), Ok(()));
    for bad in [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a><b></a></b>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a x=\"<\"/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>&</a>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a x=1/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/><b/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a x=\"1\" x=\"2\"/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\u{1}</a>",
    ] {
        assert!(check_xml(bad).is_err(), "accepted {bad:?}");
    }
}

#[test]
fn xml_formats_are_well_formed() {
    let files = files();
    let n = diagnostic_count(&files);
    let junit = render(&Junit, &files);
    check_xml(&junit).unwrap_or_else(|e| panic!("junit: {e}\n{junit}"));
    assert_eq!(junit.matches("<failure ").count(), n);
    assert_eq!(junit.matches("<testcase ").count(), files.len());
    assert!(junit.contains(r#"<testsuites name="emend" tests="2" failures="1">"#));
    let checkstyle = render(&Checkstyle, &files);
    check_xml(&checkstyle).unwrap_or_else(|e| panic!("checkstyle: {e}\n{checkstyle}"));
    assert_eq!(checkstyle.matches("<error ").count(), n);
    assert_eq!(checkstyle.matches("<file ").count(), 1);
    // Characters XML cannot carry do not break it.
    let mut odd = files.clone();
    odd[0].diagnostics[0].message = "bell \u{7} and nul \u{0}, tab\t, ]]> end".into();
    for r in [&Junit as &dyn Reporter, &Checkstyle] {
        let out = render(r, &odd);
        check_xml(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    }
}

/// Undo the `%XX` escapes of a CI logging command.
fn unescape(s: &str, table: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut rest = s;
    'outer: while !rest.is_empty() {
        for (from, to) in table {
            if let Some(r) = rest.strip_prefix(from) {
                out.push_str(to);
                rest = r;
                continue 'outer;
            }
        }
        let c = rest.chars().next().unwrap();
        assert_ne!(c, '%', "stray % in {s:?}");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[test]
fn github_commands_unescape_to_the_original_values() {
    let files = files();
    let out = render(&Github, &files);
    let diagnostics = &files[0].diagnostics;
    assert_eq!(out.lines().count(), diagnostics.len());
    let table = [
        ("%25", "%"),
        ("%0D", "\r"),
        ("%0A", "\n"),
        ("%3A", ":"),
        ("%2C", ","),
    ];
    for (line, d) in out.lines().zip(diagnostics) {
        let rest = line.strip_prefix("::").unwrap();
        let (command, data) = rest.split_once("::").unwrap();
        let (level, props) = command.split_once(' ').unwrap();
        let want = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        assert_eq!(level, want);
        let props: Vec<(&str, String)> = props
            .split(',')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k, unescape(v, &table))
            })
            .collect();
        let keys: Vec<&str> = props.iter().map(|p| p.0).collect();
        assert_eq!(
            keys,
            ["file", "line", "endLine", "col", "endColumn", "title"]
        );
        assert_eq!(props[0].1, PATH);
        assert_eq!(props[5].1, d.rule);
        assert_eq!(unescape(data, &table[..3]), d.message);
    }
}

#[test]
fn azure_commands_unescape_to_the_original_values() {
    let files = files();
    let out = render(&Azure, &files);
    let diagnostics = &files[0].diagnostics;
    assert_eq!(out.lines().count(), diagnostics.len());
    let table = [
        ("%AZP25", "%"),
        ("%0D", "\r"),
        ("%0A", "\n"),
        ("%3B", ";"),
        ("%5D", "]"),
    ];
    for (line, d) in out.lines().zip(diagnostics) {
        let rest = line.strip_prefix("##vso[task.logissue ").unwrap();
        let (props, data) = rest.split_once(']').unwrap();
        let props: Vec<(&str, String)> = props
            .strip_suffix(';')
            .unwrap()
            .split(';')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k, unescape(v, &table))
            })
            .collect();
        let keys: Vec<&str> = props.iter().map(|p| p.0).collect();
        assert_eq!(
            keys,
            ["type", "sourcepath", "linenumber", "columnnumber", "code"]
        );
        let want = if d.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        assert_eq!(props[0].1, want);
        assert_eq!(props[1].1, PATH);
        assert_eq!(props[4].1, d.rule);
        assert_eq!(unescape(data, &table[..3]), d.message);
    }
}

#[test]
fn tap_has_a_plan_a_line_per_file_and_yaml_blocks() {
    let files = files();
    let out = render(&Tap, &files);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("TAP version 13"));
    assert_eq!(lines.next(), Some("1..2"));
    let mut tests = Vec::new();
    let mut blocks = Vec::new();
    let mut block: Option<String> = None;
    for l in lines {
        match &mut block {
            Some(b) if l == "  ..." => {
                blocks.push(std::mem::take(b));
                block = None;
            }
            Some(b) => {
                b.push_str(l.strip_prefix("  ").expect("YAML block indented by two"));
                b.push('\n');
            }
            None if l == "  ---" => block = Some(String::new()),
            None => tests.push(l.to_owned()),
        }
    }
    assert!(block.is_none(), "unterminated YAML block");
    assert_eq!(
        tests,
        [
            "not ok 1 - records/talks, 1945: 100% [a;b] & c\\#2.md",
            "ok 2 - records/clean.md"
        ]
    );
    assert_eq!(blocks.len(), 1);
    let yaml: serde_yaml::Value = serde_yaml::from_str(&blocks[0]).unwrap();
    let listed = yaml["diagnostics"].as_sequence().unwrap();
    assert_eq!(listed.len(), files[0].diagnostics.len());
    for (y, d) in listed.iter().zip(&files[0].diagnostics) {
        assert_eq!(y["rule"].as_str(), Some(d.rule.as_str()));
        assert_eq!(y["severity"].as_str(), Some(d.severity.as_str()));
        assert_eq!(y["message"].as_str(), Some(d.message.as_str()));
        assert!(y["line"].as_u64().unwrap() >= 1);
        assert!(y["column"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn no_diagnostics_is_still_valid_output() {
    let files = &files()[1..];
    for (name, reporter) in formats() {
        let out = render(&*reporter, files);
        match name {
            "github" | "azure" | "pylint" | "json-lines" => assert_eq!(out, "", "{name}"),
            "gitlab" => assert_eq!(out, "[]\n"),
            "junit" | "checkstyle" => check_xml(&out).unwrap(),
            "tap" => assert_eq!(out, "TAP version 13\n1..1\nok 1 - records/clean.md\n"),
            _ => {
                serde_json::from_str::<serde_json::Value>(&out).unwrap();
            }
        }
    }
}

/// Every fixture file (some are not UTF-8, some have a BOM) in every format: no panic, and
/// the structured outputs parse.
#[test]
fn every_fixture_renders_valid_output() {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    let mut files = Vec::new();
    for p in &paths {
        let set = RuleSet::all();
        let sel = set.selection_for(None);
        let bytes = std::fs::read(p).unwrap();
        let Checked::Text {
            text,
            bom,
            diagnostics,
            ..
        } = emend::check_bytes(&bytes, &set, &sel)
        else {
            continue;
        };
        files.push(FileReport {
            path: p.strip_prefix(&root).unwrap().display().to_string(),
            text: text.into(),
            bom_len: if bom { 3 } else { 0 },
            diagnostics,
        });
    }
    let n = diagnostic_count(&files);
    assert!(
        n > 100,
        "the fixtures should give many diagnostics, not {n}"
    );
    for (name, reporter) in formats() {
        let out = render(&*reporter, &files);
        match name {
            "json-lines" => {
                assert_eq!(out.lines().count(), n);
                for l in out.lines() {
                    serde_json::from_str::<serde_json::Value>(l).unwrap();
                }
            }
            "gitlab" => {
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                let fingerprints: std::collections::HashSet<&str> = v
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["fingerprint"].as_str().unwrap())
                    .collect();
                assert_eq!(fingerprints.len(), n, "gitlab fingerprints must be unique");
            }
            "rdjson" => {
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                assert_eq!(v["diagnostics"].as_array().unwrap().len(), n);
            }
            "junit" | "checkstyle" => {
                check_xml(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            "tap" => {
                let tests = out
                    .lines()
                    .filter(|l| l.starts_with("ok ") || l.starts_with("not ok "))
                    .count();
                assert_eq!(tests, files.len());
            }
            "github" | "azure" => {
                let prefix = if name == "github" { "::" } else { "##vso[" };
                assert_eq!(out.lines().count(), n, "{name}");
                assert!(out.lines().all(|l| l.starts_with(prefix)), "{name}");
            }
            _ => {}
        }
    }
}
