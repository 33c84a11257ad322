//! Finding the files to check: paths from the command line, folders walked with the
//! `ignore` crate (.gitignore-aware), and reading their bytes.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// Extensions read as Markdown during a folder walk (real corpora keep Markdown in .txt).
pub const EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

/// A file to check.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// The path shown in output: as given, or the walked folder joined with the file.
    pub display: String,
    /// Where to read it; `None` for standard input.
    pub path: Option<PathBuf>,
}

/// A path that could not be walked.
#[derive(Clone, Debug)]
pub struct WalkError {
    /// The path as given or walked.
    pub display: String,
    /// Why.
    pub reason: String,
}

/// Turn command-line paths into the sorted, de-duplicated list of files to check.
///
/// `-` stands for standard input (shown as `stdin_name`). Files named explicitly are checked
/// whatever their extension; files found in folders only when their extension is in
/// [`EXTENSIONS`].
pub fn collect(paths: &[PathBuf], stdin_name: Option<&str>) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input {
                display: stdin_name.unwrap_or("-").to_owned(),
                path: None,
            });
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk_dir(p, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input {
                display: display(p),
                path: Some(p.clone()),
            }),
            Err(e) => errors.push(WalkError {
                display: display(p),
                reason: io_reason(&e),
            }),
        }
    }
    inputs.sort();
    inputs.dedup();
    (inputs, errors)
}

fn walk_dir(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<WalkError>) {
    let walker = WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if !e.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let has_ext = e
                    .path()
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| EXTENSIONS.iter().any(|k| x.eq_ignore_ascii_case(k)));
                if has_ext {
                    inputs.push(Input {
                        display: display(e.path()),
                        path: Some(e.into_path()),
                    });
                }
            }
            Err(err) => errors.push(WalkError {
                display: err_path(&err).unwrap_or_else(|| display(dir)),
                reason: err.to_string(),
            }),
        }
    }
}

fn err_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(display(path)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_path(err)
        }
        _ => None,
    }
}

/// A path as shown to users: `/` separators, no leading `./`, lossy for non-UTF-8 names.
pub fn display(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("./").unwrap_or(&s);
    s.to_owned()
}

/// An I/O error as a short lowercase reason ("no such file or directory").
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    let s = match s.find(" (os error") {
        Some(i) => &s[..i],
        None => &s,
    };
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => s.to_owned(),
    }
}
