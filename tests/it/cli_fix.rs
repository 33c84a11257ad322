//! `--fix`, `--diff`, `emend fix`: what is written, what is refused, what is reported.

use crate::common::{emend, stderr as err, stdout as out};

const SPLIT: &str = "# **6 September 1945**\n\nThe GMD has not until now\n\ngiven any answer.\n";
const JOINED: &str = "# 6 September 1945\n\nThe GMD has not until now given any answer.\n";

#[test]
fn fix_writes_safe_fixes_and_reports_what_remains() {
    let d = tempfile::tempdir().unwrap();
    let text = format!("{SPLIT}\nHe said \"no.\n\nThe goverment agreed.\n");
    std::fs::write(d.path().join("a.md"), &text).unwrap();
    let o = emend(d.path())
        .args(["check", "--fix", "--format", "concise", "a.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "an error remains: {}", out(&o));
    let fixed = std::fs::read_to_string(d.path().join("a.md")).unwrap();
    assert_eq!(
        fixed,
        format!("{JOINED}\nHe said \"no.\n\nThe goverment agreed.\n")
    );
    let s = out(&o);
    assert!(
        s.contains("a.md:5:9: error[quotes/unclosed]"),
        "positions refer to the fixed text: {s}"
    );
    assert!(
        s.contains(
            "Fixed 2 problems in 1 file (1 × artifact/page-break, 1 × structure/heading-emphasis)."
        ),
        "{s}"
    );
    assert!(
        s.contains("1 error, 1 warning in 1 file (1 checked); 1 with --unsafe-fixes."),
        "{s}"
    );
    // --unsafe-fixes also applies the typo fix; a second run changes nothing.
    emend(d.path())
        .args(["fix", "--unsafe-fixes", "-q", "a.md"])
        .assert()
        .code(1);
    assert!(std::fs::read_to_string(d.path().join("a.md"))
        .unwrap()
        .contains("The government agreed."));
    let before = std::fs::read(d.path().join("a.md")).unwrap();
    let o = emend(d.path())
        .args(["fix", "--unsafe-fixes", "a.md"])
        .output()
        .unwrap();
    assert_eq!(std::fs::read(d.path().join("a.md")).unwrap(), before);
    assert!(!out(&o).contains("Fixed"), "{}", out(&o));
}

#[test]
fn diff_prints_hunks_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.md"), SPLIT).unwrap();
    std::fs::write(d.path().join("clean.md"), JOINED).unwrap();
    let o = emend(d.path())
        .args(["check", "--diff", "."])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "--- a/a.md\n+++ b/a.md\n@@ -1,5 +1,3 @@\n-# **6 September 1945**\n+# 6 September 1945\n \n\
         -The GMD has not until now\n-\n-given any answer.\n+The GMD has not until now given any answer.\n"
    );
    assert!(
        err(&o).contains("Would fix 2 problems in 1 file"),
        "{}",
        err(&o)
    );
    assert_eq!(
        std::fs::read_to_string(d.path().join("a.md")).unwrap(),
        SPLIT
    );
    let o = emend(d.path())
        .args(["check", "--diff", "clean.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), "");
}

#[test]
fn crlf_and_bom_survive_fixing() {
    let d = tempfile::tempdir().unwrap();
    let crlf = format!("\u{feff}{}", SPLIT.replace('\n', "\r\n"));
    std::fs::write(d.path().join("w.md"), &crlf).unwrap();
    emend(d.path()).args(["fix", "-q", "w.md"]).assert().code(0);
    let bytes = std::fs::read(d.path().join("w.md")).unwrap();
    let want = format!("\u{feff}{}", JOINED.replace('\n', "\r\n"));
    assert_eq!(String::from_utf8(bytes).unwrap(), want);
}

#[cfg(unix)]
#[test]
fn permissions_are_kept_and_read_only_files_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let (ro, rw) = (d.path().join("ro.md"), d.path().join("rw.md"));
    std::fs::write(&ro, SPLIT).unwrap();
    std::fs::write(&rw, SPLIT).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&rw, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = emend(d.path())
        .args(["fix", "ro.md", "rw.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", err(&o));
    assert!(
        err(&o).contains("ro.md: the file is read-only"),
        "{}",
        err(&o)
    );
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), SPLIT);
    assert_eq!(
        std::fs::read_to_string(&rw).unwrap(),
        JOINED,
        "the other file is still fixed"
    );
    assert_eq!(
        std::fs::metadata(&rw).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temporary files: {leftovers:?}");
}

#[test]
fn a_file_changed_during_the_run_is_not_overwritten() {
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a.md"), d.path().join("b.md"));
    std::fs::write(&a, SPLIT).unwrap();
    std::fs::write(&b, SPLIT).unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("emend"));
    cmd.current_dir(d.path())
        .args(["fix", "--jobs", "1", "a.md"])
        .env("EMEND_TEST_PAUSE_BEFORE_WRITE_MS", "1500")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    std::fs::write(&a, "An editor saved this meanwhile.\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(
        err(&o).contains("a.md: the file changed on disk"),
        "{}",
        err(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&a).unwrap(),
        "An editor saved this meanwhile.\n"
    );
    // Without interference the same pause still writes.
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("emend"))
        .current_dir(d.path())
        .args(["fix", "b.md"])
        .env("EMEND_TEST_PAUSE_BEFORE_WRITE_MS", "10")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&b).unwrap(), JOINED);
}

#[test]
fn show_fixes_and_stdin() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.md"), SPLIT).unwrap();
    let o = emend(d.path())
        .args(["fix", "--show-fixes", "a.md"])
        .output()
        .unwrap();
    assert!(
        err(&o).contains("fixed a.md: 1 × artifact/page-break, 1 × structure/heading-emphasis"),
        "{}",
        err(&o)
    );
    // Standard input: the fixed text goes to standard output, the report to standard error.
    let o = emend(d.path())
        .args(["check", "--fix", "-", "--stdin-filename", "x.md"])
        .write_stdin(SPLIT)
        .output()
        .unwrap();
    assert_eq!(out(&o), JOINED);
    assert!(
        err(&o).contains("Fixed 2 problems in 1 file"),
        "{}",
        err(&o)
    );
}
