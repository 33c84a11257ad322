//! Inputs a folder can hold that must not break emend: huge files, one enormous line, deep
//! nesting, symlink loops, unreadable and vanishing files, non-UTF-8 names, YAML bombs, and
//! two `--fix` runs at once. Each gets a clear message; the other files are still checked.

use std::path::Path;

use crate::common::{emend, stderr_lossy as err, stdout_lossy as out};

const PARAGRAPH: &str = "Mao Zedong said that the talks in Chongqing would go on, and that \"the Guomindang\" had agreed to a conference of all parties (including the Democratic League). ";

fn big_file(dir: &Path, name: &str, mb: usize, one_line: bool) {
    let mut s = String::with_capacity(mb << 20);
    while s.len() < mb << 20 {
        s.push_str(PARAGRAPH);
        if !one_line {
            s.push_str("\n\n");
        }
    }
    std::fs::write(dir.join(name), s).unwrap();
}

fn huge(mb: usize, one_line: bool) {
    let d = tempfile::tempdir().unwrap();
    big_file(d.path(), "big.md", mb, one_line);
    std::fs::write(d.path().join("small.md"), "He said \"yes.\n").unwrap();
    let o = emend(d.path())
        .args(["check", "--format", "concise", "-q", "."])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(out(&o).contains("small.md:1:9"), "{}", out(&o));
    assert!(!err(&o).contains("panicked"), "{}", err(&o));
}

#[test]
fn a_large_file_and_a_long_line() {
    huge(8, false);
    huge(4, true);
}

/// The sizes the issue names; `cargo test --release -- --ignored` runs them (scripts/bench.sh).
#[test]
#[ignore]
fn a_200_mb_file_and_a_50_mb_line() {
    huge(200, false);
    huge(50, true);
}

#[test]
fn ten_thousand_nested_levels() {
    let d = tempfile::tempdir().unwrap();
    let lists: String = (0..10_000)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i.min(3000))))
        .collect();
    std::fs::write(d.path().join("lists.md"), lists).unwrap();
    std::fs::write(
        d.path().join("quotes.md"),
        format!("{} deep \"quote\n", ">".repeat(10_000)),
    )
    .unwrap();
    let o = emend(d.path())
        .args(["check", "--format", "concise", "-q", "."])
        .output()
        .unwrap();
    assert!(
        !err(&o).contains("panicked") && !err(&o).contains("overflow"),
        "{}",
        err(&o)
    );
    assert!(out(&o).contains("quotes.md:1:"), "{}", out(&o));
}

#[cfg(unix)]
#[test]
fn symlink_loops_sockets_and_odd_names() {
    use std::os::unix::ffi::OsStrExt;
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("..", d.path().join("sub/loop")).unwrap();
    std::fs::write(d.path().join("sub/a.md"), "He said \"yes.\n").unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9 notes.md");
    std::fs::write(d.path().join(odd), "She said \"no.\n").unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(d.path().join("sock.md")).unwrap();
    let o = emend(d.path())
        .args(["check", "--format", "concise", "-q", ".", "sock.md"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(3),
        "the socket cannot be read: {}",
        err(&o)
    );
    assert!(err(&o).contains("sock.md"), "{}", err(&o));
    let s = out(&o);
    assert!(s.contains("sub/a.md:1:9"), "{s}");
    assert!(s.contains("caf\u{fffd} notes.md:1:10"), "{s}");
}

#[test]
fn a_file_deleted_between_walk_and_read() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("gone.md"), "He said \"yes.\n").unwrap();
    std::fs::write(d.path().join("kept.md"), "She said \"no.\n").unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("emend"));
    cmd.current_dir(d.path())
        .args(["check", "--format", "concise", "-q", "--jobs", "1", "."])
        .env("EMEND_TEST_PAUSE_BEFORE_READ_MS", "700")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::remove_file(d.path().join("gone.md")).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(
        err(&o).contains("cannot read gone.md: no such file or directory"),
        "{}",
        err(&o)
    );
    assert!(out(&o).contains("kept.md:1:10"), "{}", out(&o));
}

#[test]
fn a_file_changed_or_deleted_before_its_report_is_named_and_still_reported() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("edited.md"), "He said \"yes.\n").unwrap();
    std::fs::write(d.path().join("gone.md"), "She said \"no.\n").unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("emend"));
    cmd.current_dir(d.path())
        .args(["check", "--format", "concise", "-q", "."])
        .env("EMEND_TEST_PAUSE_BEFORE_REPORT_MS", "2500")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1000));
    std::fs::write(d.path().join("edited.md"), "Later, he said \"yes.\n").unwrap();
    std::fs::remove_file(d.path().join("gone.md")).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains("edited.md: changed while emend was checking it"),
        "{}",
        err(&o)
    );
    assert!(
        err(&o).contains("gone.md: could not be read again"),
        "{}",
        err(&o)
    );
    assert!(out(&o).contains("edited.md:1:"), "{}", out(&o));
    assert!(out(&o).contains("gone.md:1:1"), "{}", out(&o));
}

#[test]
fn a_yaml_bomb_is_refused_quickly() {
    let d = tempfile::tempdir().unwrap();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    std::fs::write(d.path().join("emend.yaml"), &bomb).unwrap();
    std::fs::write(
        d.path().join("packs.yaml"),
        format!("typos:\n  - typo: x\n    correction: y\n{bomb}"),
    )
    .unwrap();
    std::fs::write(d.path().join("a.md"), "Text.\n").unwrap();
    let start = std::time::Instant::now();
    let o = emend(d.path()).args(["check", "a.md"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert!(err(&o).contains("emend.yaml"), "{}", err(&o));
    std::fs::write(d.path().join("emend.yaml"), "packs: [packs.yaml]\n").unwrap();
    let o = emend(d.path()).args(["check", "a.md"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("packs.yaml"), "{}", err(&o));
}

#[test]
fn two_fix_runs_at_once_never_corrupt_a_file() {
    let d = tempfile::tempdir().unwrap();
    let broken = "# **6 September 1945**\n\nThe GMD has not until now\n\ngiven any answer.\n";
    let fixed = "# 6 September 1945\n\nThe GMD has not until now given any answer.\n";
    for i in 0..60 {
        std::fs::write(d.path().join(format!("doc{i:02}.md")), broken).unwrap();
    }
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("emend"))
            .current_dir(d.path())
            .args(["fix", "-q", "--format", "concise", "."])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (ra, rb) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for r in [&ra, &rb] {
        // A run may refuse a file the other changed under it; it never crashes.
        assert!(matches!(r.status.code(), Some(0 | 3)), "{}", err(r));
        assert!(!err(r).contains("panicked"), "{}", err(r));
    }
    let mut names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 60, "no temporary file left: {names:?}");
    for n in names {
        let text = std::fs::read_to_string(d.path().join(&n)).unwrap();
        assert!(text == fixed || text == broken, "{n} is corrupt: {text:?}");
    }
    // A third run finishes whatever a refusal left.
    emend(d.path()).args(["fix", "-q", "."]).assert().code(0);
    for i in 0..60 {
        assert_eq!(
            std::fs::read_to_string(d.path().join(format!("doc{i:02}.md"))).unwrap(),
            fixed
        );
    }
}

#[test]
fn a_missing_file_alone_is_an_error_and_nothing_passed() {
    let d = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("emend"))
        .current_dir(d.path())
        .args(["check", "nosuch.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(err(&o).contains("cannot read nosuch.md"), "{}", err(&o));
    assert_eq!(out(&o), "No files checked.\n");
}
