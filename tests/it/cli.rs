//! The `emend` binary as a user runs it: exit codes, formats, configuration errors,
//! awkward inputs.

use serde_json::Value;

use crate::common::{emend, stderr, stdout, write};

// One heading: a note, not a transcription, so the citation and structure rules stay out.
const CLEAN: &str = "## 6 September 1945\n\n\"We agree,\" Mao said.\n";
const UNCLOSED: &str = "## 6 September 1945\n\n\"We agree, Mao said.\n";

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)))
}

#[test]
fn exit_codes_follow_the_design() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "clean.md", CLEAN);
    write(d.path(), "bad.md", UNCLOSED);
    emend(d.path()).args(["check", "clean.md"]).assert().code(0);
    emend(d.path()).args(["check", "bad.md"]).assert().code(1);
    emend(d.path())
        .args(["check", "--exit-zero", "bad.md"])
        .assert()
        .code(0);
    emend(d.path())
        .args(["check", "--select", "quotes/nope", "clean.md"])
        .assert()
        .code(2);
    let out = emend(d.path())
        .args(["check", "missing.md", "clean.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("missing.md"), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 file checked"),
        "the run goes on: {}",
        stdout(&out)
    );
    // A warning alone does not fail the run.
    write(
        d.path(),
        "warn.md",
        "A sentence cut by a page break in\n\nthe middle.\n",
    );
    emend(d.path()).args(["check", "warn.md"]).assert().code(0);
}

#[test]
fn json_output_has_the_documented_shape() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "docs/a.md",
        "\u{feff}He said \"no.\n\nIt was cut in\n\ntwo.\n",
    );
    let out = emend(d.path())
        .args(["check", "--format", "json", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["version"], 1);
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 2);
    let file = std::fs::read(d.path().join("docs/a.md")).unwrap();
    for d in diags {
        for key in ["path", "rule", "severity", "message"] {
            assert!(d[key].is_string(), "{key} in {d}");
        }
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(d[key].as_u64().unwrap() >= 1, "{key} in {d}");
        }
        assert!(d["help"].is_string() || d["help"].is_null());
        assert!(d["fix"].is_object() || d["fix"].is_null());
        assert_eq!(d["path"], "docs/a.md");
    }
    let q = &diags[0];
    assert_eq!(q["rule"], "quotes/unclosed");
    assert_eq!(
        (q["line"].as_u64(), q["column"].as_u64()),
        (Some(1), Some(9))
    );
    // Spans are byte offsets into the file as stored: the BOM counts.
    let (s, e) = (
        q["span"]["start"].as_u64().unwrap() as usize,
        q["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&file[s..e], b"\"");
    let pb = &diags[1];
    assert_eq!(pb["rule"], "artifact/page-break");
    assert_eq!(pb["fix"]["applicability"], "safe");
    let edit = &pb["fix"]["edits"][0];
    let (s, e) = (
        edit["start"].as_u64().unwrap() as usize,
        edit["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&file[s..e], b"\n\n");
    assert_eq!(edit["replacement"], " ");
    assert_eq!(
        v["summary"],
        serde_json::json!({"files": 1, "diagnostics": 2, "fixable": 1})
    );
}

#[test]
fn human_and_concise_formats() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "b.md", UNCLOSED);
    write(d.path(), "a.md", "He said (no.\n");
    let out = emend(d.path())
        .args(["check", "--format", "concise", "."])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        "a.md:1:9: error[quotes/unmatched-bracket] opening parenthesis ( is never closed in this paragraph\n\
         b.md:3:1: error[quotes/unclosed] double quotation mark \" is never closed in this paragraph\n\
         2 errors in 2 files (2 checked).\n"
    );
    let out = emend(d.path()).args(["check", "b.md"]).output().unwrap();
    let s = stdout(&out);
    assert!(s.contains("quotes/unclosed"), "{s}");
    assert!(s.contains("[b.md:3:1]"), "{s}");
    assert!(
        s.contains("opened here") && s.contains("paragraph ends here"),
        "{s}"
    );
    assert!(s.contains("help:"), "{s}");
    assert!(s.ends_with("1 error in 1 file (1 checked).\n"), "{s}");
    assert!(!s.contains('\u{1b}'), "no colour when not asked: {s}");
    let quiet = emend(d.path())
        .args(["check", "-q", "--format", "concise", "b.md"])
        .output()
        .unwrap();
    assert_eq!(stdout(&quiet).lines().count(), 1);
    let colored = emend(d.path())
        .args(["check", "--color", "always", "b.md"])
        .output()
        .unwrap();
    assert!(stdout(&colored).contains('\u{1b}'));
}

#[test]
fn malformed_config_shows_line_and_column() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "doc.md", CLEAN);
    write(
        d.path(),
        "emend.yaml",
        "select: [quotes]\nignore: [artifact\nseverity: {}\n",
    );
    let out = emend(d.path()).args(["check", "doc.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("emend.yaml:"), "{err}");
    assert!(err.contains("emend::config::syntax"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );

    write(
        d.path(),
        "emend.yaml",
        "select: [quotes]\nignor: [artifact]\n",
    );
    let out = emend(d.path()).args(["check", "doc.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("emend.yaml:2:1"), "{err}");
    assert!(err.contains("did you mean `ignore`?"), "{err}");

    write(d.path(), "emend.yaml", "select: [quotes/unclosd]\n");
    let out = emend(d.path()).args(["check", "doc.md"]).output().unwrap();
    let err = stderr(&out);
    assert!(err.contains("emend.yaml:1:10"), "{err}");
    assert!(err.contains("did you mean `quotes/unclosed`?"), "{err}");

    write(d.path(), "emend.yaml", "select: quotes\n");
    let out = emend(d.path()).args(["check", "doc.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("emend.yaml:1:9"), "{}", stderr(&out));
}

#[test]
fn nearest_config_wins_and_overrides_apply() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "emend.yaml", "severity:\n  quotes/unclosed: warning\noverrides:\n  - files: [\"originals/**\"]\n    ignore: [quotes]\n");
    write(d.path(), "a.md", UNCLOSED);
    write(d.path(), "originals/b.md", UNCLOSED);
    write(d.path(), "sub/emend.yaml", "select: [artifact]\n");
    write(d.path(), "sub/c.md", UNCLOSED);
    let out = emend(d.path())
        .args(["check", "--format", "concise", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "a.md:3:1: warning[quotes/unclosed] double quotation mark \" is never closed in this paragraph\n\
         1 warning in 1 file (3 checked).\n"
    );
    // --no-config: defaults everywhere; --config: one file for all.
    let out = emend(d.path())
        .args(["check", "--no-config", "-q", "--format", "concise", "."])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).lines().count(), 3);
    let out = emend(d.path())
        .args([
            "check",
            "--config",
            "sub/emend.yaml",
            "-q",
            "--format",
            "concise",
            ".",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "");
    // The command line's --select replaces the configuration's.
    let out = emend(d.path())
        .args([
            "check", "--select", "quotes", "-q", "--format", "concise", "sub/c.md",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn non_utf8_empty_and_binary_files() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "cp1252.md",
        b"First line.\nThe \x93Gang\x94 met.\n",
    );
    write(d.path(), "empty.md", "");
    write(d.path(), "scan.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(d.path(), "ok.md", CLEAN);
    let out = emend(d.path())
        .args(["check", "--verbose", "--format", "concise", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "cp1252.md:2:5: error[io/encoding] file is not valid UTF-8: byte 0x93 cannot be read; it is probably Windows-1252\n\
         1 error in 1 file (3 checked).\n"
    );
    assert!(
        stderr(&out).contains("scan.md: skipped, it is a binary file"),
        "{}",
        stderr(&out)
    );
    let human = emend(d.path())
        .args(["check", "cp1252.md"])
        .output()
        .unwrap();
    let s = stdout(&human);
    assert!(s.contains("iconv -f WINDOWS-1252"), "{s}");
    emend(d.path()).args(["check", "empty.md"]).assert().code(0);
}

#[test]
fn a_thousand_files_in_parallel() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..1000 {
        let text = if i % 100 == 7 { UNCLOSED } else { CLEAN };
        write(
            d.path(),
            &format!("corpus/{:02}/doc-{i:04}.md", i % 10),
            text,
        );
    }
    write(
        d.path(),
        "corpus/notes.pdf",
        "ignored: not a text extension",
    );
    let out = emend(d.path())
        .args(["check", "--format", "json", "--jobs", "2", "corpus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["summary"]["files"], 1000);
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 10);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "output is ordered by path");
    // Deterministic whatever the thread count.
    let again = emend(d.path())
        .args(["check", "--format", "json", "--jobs", "1", "corpus"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn stdin_with_a_name() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "emend.yaml", "severity: {quotes: info}\n");
    let out = emend(d.path())
        .args([
            "check",
            "-",
            "--stdin-filename",
            "drafts/cable.md",
            "--format",
            "concise",
        ])
        .write_stdin(UNCLOSED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).starts_with("drafts/cable.md:3:1: info[quotes/unclosed]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn rules_and_explain() {
    let d = tempfile::tempdir().unwrap();
    let out = emend(d.path()).arg("rules").output().unwrap();
    assert!(out.status.success());
    let s = stdout(&out);
    for r in emend::rules::builtin() {
        assert!(
            s.contains(r.meta().id),
            "{} missing from `emend rules`",
            r.meta().id
        );
    }
    let out = emend(d.path())
        .args(["explain", "quotes/unclosed"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = stdout(&out);
    assert!(
        s.starts_with("quotes/unclosed (error, no automatic fix)"),
        "{s}"
    );
    assert!(
        s.contains("Flagged:") && s.contains("Not flagged:") && s.contains("Ch’en"),
        "{s}"
    );
    let out = emend(d.path())
        .args(["explain", "quotes/unclosd"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean `quotes/unclosed`?"));
}

#[test]
fn files_named_explicitly_are_checked_whatever_their_extension() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "cable.text", UNCLOSED);
    write(d.path(), "ignored/x.md", UNCLOSED);
    write(d.path(), ".gitignore", "ignored/\n");
    emend(d.path())
        .args(["check", "cable.text"])
        .assert()
        .code(1);
    // The folder walk skips the unknown extension and the .gitignored folder.
    let out = emend(d.path()).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("No files checked."),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("no files to check"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn user_packs_extend_the_typo_list() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "emend.yaml", "packs: [packs/local.yaml]\n");
    write(
        d.path(),
        "packs/local.yaml",
        "typos:\n  - typo: Kuomintnag\n    correction: Kuomintang\n",
    );
    write(d.path(), "a.md", "The Kuomintnag replied.\n");
    let out = emend(d.path())
        .args(["check", "--format", "concise", "a.md"])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        "a.md:1:5: warning[artifact/typo] “Kuomintnag” is a typo for “Kuomintang”\n1 warning in 1 file (1 checked); 1 with --unsafe-fixes.\n"
    );
    write(
        d.path(),
        "packs/local.yaml",
        "typos:\n  - typo: Kuomintnag\n    corection: Kuomintang\n",
    );
    let out = emend(d.path()).args(["check", "a.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = stderr(&out);
    assert!(
        e.contains("local.yaml:3:5") && e.contains("unknown field `corection`"),
        "{e}"
    );
    write(d.path(), "emend.yaml", "packs: [packs/missing.yaml]\n");
    let out = emend(d.path()).args(["check", "a.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read pack `packs/missing.yaml`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn corpus_mixed_across_files_is_independent_of_order() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.md", "The Guomindang delegation arrived.\n");
    write(d.path(), "b.md", "The Guomindang answered at once.\n");
    write(
        d.path(),
        "c.md",
        "Text first.\n\nThe Kuomintang delegation left.\n",
    );
    let run = |jobs: &str| {
        emend(d.path())
            .args([
                "check",
                "--no-config",
                "--select",
                "translit/corpus-mixed",
                "--format",
                "concise",
                "--jobs",
                jobs,
                ".",
            ])
            .output()
            .unwrap()
    };
    let out = run("2");
    assert_eq!(
        stdout(&out),
        "c.md:3:5: warning[translit/corpus-mixed] “Kuomintang” is Wade-Giles/postal romanization, but the collection mostly writes “Guomindang” (pinyin): Guomindang in 2 files, Kuomintang in 1 file\n\
         1 warning in 1 file (3 checked).\n"
    );
    assert_eq!(run("1").stdout, out.stdout);
    let human = emend(d.path())
        .args(["check", "--no-config", "c.md", "a.md", "b.md"])
        .output()
        .unwrap();
    assert!(stdout(&human).contains("[c.md:3:5]"), "{}", stdout(&human));
}

#[test]
fn a_user_family_whose_example_fails_is_a_load_error() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "emend.yaml", "packs: [names.yaml]\n");
    write(
        d.path(),
        "names.yaml",
        "language: zh\nsystems: [pinyin, wade-giles, postal]\nfamilies:\n  - id: fu-zuoyi-test\n    kind: person\n    pinyin: Fu Zuoyi\n    wade-giles: Fu Tso-i\n    examples:\n      good: [\"Mao Zedong and Zhou Enlai met Fu Tso-i in Beiping.\"]\n",
    );
    write(d.path(), "a.md", "Text.\n");
    let out = emend(d.path()).args(["check", "a.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(
        e.contains("family `fu-zuoyi-test`: the good example is flagged"),
        "{e}"
    );
    assert!(e.contains("names.yaml:9:"), "{e}");
}

#[test]
fn origin_decides_the_window_of_peiping() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "doc.md",
        "# June 3, 1955\n\nThe Embassy heard the Peiping broadcast.\n",
    );
    let run = |cfg: &str| {
        write(d.path(), "emend.yaml", cfg);
        stdout(
            &emend(d.path())
                .args([
                    "check",
                    "-q",
                    "--format",
                    "concise",
                    "--select",
                    "translit/anachronism",
                    "doc.md",
                ])
                .output()
                .unwrap(),
        )
    };
    assert_eq!(
        run("{}\n"),
        "",
        "origin unknown: Peiping was still in US use"
    );
    assert_eq!(run("profile: frus\n"), "");
    assert!(run("romanization: {origin: soviet}\n").contains("“Peiping” is anachronistic"));
    assert!(run("romanization: {origin: mars}\n").is_empty());
}

#[test]
fn cross_file_findings_reach_every_format_and_the_counts() {
    // 300 files, so the report is written in two batches; the one file in the minority
    // spelling comes last, in the second batch, and has no other finding.
    let d = tempfile::tempdir().unwrap();
    for i in 0..299 {
        write(
            d.path(),
            &format!("a{i:03}.md"),
            "The Guomindang delegation arrived.\n",
        );
    }
    write(d.path(), "z.md", "The Kuomintang delegation left.\n");
    let run = |args: &[&str]| {
        let out = emend(d.path())
            .args(["check", "--no-config", "--select", "translit/corpus-mixed"])
            .args(args)
            .arg(".")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let junit = run(&["--format", "junit"]);
    assert!(
        junit.contains(r#"<testsuites name="emend" tests="300" failures="1">"#),
        "{junit}"
    );
    assert!(junit.contains("corpus-mixed"), "{junit}");
    let rdjson = run(&["--format", "rdjson"]);
    let v: serde_json::Value = serde_json::from_str(&rdjson).unwrap();
    assert_eq!(v["severity"], "WARNING", "{rdjson}");
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1, "{rdjson}");
    let concise = run(&["--format", "concise"]);
    assert!(
        concise.starts_with("z.md:1:5: warning[translit/corpus-mixed]")
            && concise.ends_with("1 warning in 1 file (300 checked).\n"),
        "{concise}"
    );
    // Statistics take every finding at once, by another road: the same count.
    let stats = run(&["--statistics"]);
    assert!(stats.contains("translit/corpus-mixed"), "{stats}");
}
