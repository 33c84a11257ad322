//! emend in CI: baselines, statistics, output files, init, completions, --changed-since.

use std::path::{Path, PathBuf};

use crate::common::{emend, stderr_lossy as err, stdout_lossy as out};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest: PathBuf = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn a_baseline_hides_old_diagnostics_and_survives_edits_elsewhere() {
    let d = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &d.path().join("fx"),
    );
    let base = d.path().join("baseline.json");
    let o = emend(d.path())
        .args(["check", "-q", "--write-baseline"])
        .arg(&base)
        .arg("fx")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).is_empty() || !err(&o).contains("panicked"));
    let check = || {
        emend(d.path())
            .args(["check", "--format", "concise", "--baseline"])
            .arg(&base)
            .arg("fx")
            .output()
            .unwrap()
    };
    let o = check();
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(
        out(&o).starts_with("All checks passed") && out(&o).contains("baselined"),
        "{}",
        out(&o)
    );
    // A paragraph inserted at the top moves every line: still all suppressed.
    let f = d.path().join("fx/quotes/unclosed.md");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, format!("An editor's note added at the top.\n\n{text}")).unwrap();
    let o = check();
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    // A new defect is reported, and only it.
    let f = d.path().join("fx/artifact/typo.md");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        text.replace(
            "## Must stay silent",
            "The goverment answered again.\n\n## Must stay silent",
        ),
    )
    .unwrap();
    let o = check();
    let text = out(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].contains("artifact/typo") && lines[0].contains("goverment"),
        "{}",
        lines[0]
    );
}

#[test]
fn statistics_output_file_and_exit_on_fix() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("a.md"),
        "He said \"yes.\n\nThe talks went on until\n\nthe end of of the day.\n",
    )
    .unwrap();
    let o = emend(d.path())
        .args(["check", "--statistics", "a.md"])
        .output()
        .unwrap();
    let s = out(&o);
    assert!(s.starts_with(" count  rule"), "{s}");
    assert!(s.contains("1  quotes/unclosed"), "{s}");
    let o = emend(d.path())
        .args(["check", "--format", "json", "-o", "report.json", "a.md"])
        .output()
        .unwrap();
    assert_eq!(out(&o), "");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(report["summary"]["diagnostics"], 3);
    std::fs::write(
        d.path().join("b.md"),
        "The talks went on until\n\nthe end.\n",
    )
    .unwrap();
    emend(d.path())
        .args(["check", "--fix", "-q", "b.md"])
        .assert()
        .code(0);
    std::fs::write(
        d.path().join("b.md"),
        "The talks went on until\n\nthe end.\n",
    )
    .unwrap();
    emend(d.path())
        .args(["check", "--fix", "--exit-non-zero-on-fix", "-q", "b.md"])
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(d.path().join("b.md")).unwrap(),
        "The talks went on until the end.\n"
    );
}

#[test]
fn init_chooses_profile_and_romanization() {
    let d = tempfile::tempdir().unwrap();
    for (i, name) in ["Chou En-lai", "Mao Tse-tung", "Liu Shao-ch'i"]
        .iter()
        .enumerate()
    {
        std::fs::write(
            d.path().join(format!("doc{i}.md")),
            format!("# September {}, 1946\n\n## Telegram\n\n### Citation:\n\n\"Telegram\", September {}, 1946, Foreign Relations of the United States, 1946, Volume IX. https://history.state.gov/historicaldocuments/frus1946v09/d{i}\n\n### Contents:\n\n{name} met the Kuomintang envoy in Chungking and Nanking.\n", i + 1, i + 1),
        )
        .unwrap();
    }
    let o = emend(d.path()).arg("init").output().unwrap();
    assert!(o.status.success(), "{}", err(&o));
    let cfg = std::fs::read_to_string(d.path().join("emend.yaml")).unwrap();
    assert!(cfg.contains("profile: frus"), "{cfg}");
    assert!(cfg.contains("prefer: wade-giles"), "{cfg}");
    assert!(err(&o).contains("prefer wade-giles"), "{}", err(&o));
    // The written file is a valid configuration.
    emend(d.path()).args(["check", "-q", "."]).assert().code(0);
    emend(d.path()).arg("init").assert().code(2);
    emend(d.path()).args(["init", "--force"]).assert().code(0);
}

#[test]
fn completions_are_printed() {
    let d = tempfile::tempdir().unwrap();
    let o = emend(d.path())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(out(&o).contains("emend") && out(&o).contains("--select"));
}

#[test]
fn changed_since_checks_only_changed_files() {
    let d = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(d.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
    };
    // Outside a repository: a clear error.
    let o = emend(d.path())
        .args(["check", "--changed-since", "HEAD", "."])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("--changed-since HEAD: git failed"),
        "{}",
        err(&o)
    );
    git(&["init", "-q"]);
    std::fs::write(d.path().join("old.md"), "He said \"yes.\n").unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "one"]);
    std::fs::write(d.path().join("new.md"), "She said \"no.\n").unwrap();
    let o = emend(d.path())
        .args([
            "check",
            "--changed-since",
            "HEAD",
            "--format",
            "concise",
            ".",
        ])
        .output()
        .unwrap();
    let s = out(&o);
    assert!(s.contains("new.md:1:10") && !s.contains("old.md"), "{s}");
}
