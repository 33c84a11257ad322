//! Helpers shared by the tests that run the `emend` binary.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// The binary, run in `dir`, without colour and with the default terminal width.
pub fn emend(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("emend").unwrap();
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS");
    c
}

/// Write `text` to `dir/name`, creating folders on the way.
pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Standard output, which must be UTF-8.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Standard error, which must be UTF-8.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Standard output, odd bytes (file names that are not UTF-8) shown as �.
pub fn stdout_lossy(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard error, odd bytes shown as �.
pub fn stderr_lossy(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
