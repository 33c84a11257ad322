//! No input makes emend panic: fixtures cut, spliced and shuffled into odd Markdown.

use std::path::Path;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn fixtures() -> Vec<Vec<u8>> {
    fn walk(dir: &Path, out: &mut Vec<Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(std::fs::read(p).unwrap());
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut out,
    );
    out
}

const PIECES: &[&str] = &[
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\n",
    "\n\n",
    "\r\n",
    "> ",
    "- ",
    "1. ",
    "# ",
    "```\n",
    "`",
    "*",
    "_",
    "<!--",
    "-->",
    "<",
    ">",
    "https://x.org/(a)",
    "---\n",
    "|a|b|\n|-|-|\n",
    "\\",
    "&amp;",
    "[^1]",
    "[x](y)",
    "gov-\n\nernment",
    "’s",
    "'45",
    "\u{feff}",
    "Ü",
    "𝄞",
    " ",
    "\t",
    "...",
    "…",
];

/// Every reporter draws the diagnostics, so spans at odd places cannot break the output.
fn render_all(text: String, bom: bool, diagnostics: Vec<emend::diagnostic::Diagnostic>) {
    use emend::report::{Concise, FileReport, Human, Json, Reporter, Style, Summary};
    let files = vec![FileReport {
        path: "x.md".into(),
        text: text.into(),
        bom_len: if bom { 3 } else { 0 },
        diagnostics,
    }];
    let summary = Summary::of(&files, 1);
    let reporters: [Box<dyn Reporter>; 3] = [
        Box::new(Human {
            style: Style::default(),
        }),
        Box::new(Concise { quiet: false }),
        Box::new(Json),
    ];
    for r in reporters {
        let mut out = Vec::new();
        r.report(&files, &summary, &mut out).unwrap();
    }
}

#[test]
fn spliced_inputs_never_panic() {
    let fx = fixtures();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let mut bytes = Vec::new();
        for _ in 0..(1 + rng.below(6)) {
            match rng.below(3) {
                0 => {
                    let f = &fx[rng.below(fx.len())];
                    let a = rng.below(f.len());
                    let b = (a + rng.below(400)).min(f.len());
                    bytes.extend_from_slice(&f[a..b]);
                }
                _ => {
                    for _ in 0..rng.below(12) {
                        bytes.extend_from_slice(PIECES[rng.below(PIECES.len())].as_bytes());
                    }
                }
            }
        }
        if rng.below(10) == 0 && !bytes.is_empty() {
            let i = rng.below(bytes.len());
            bytes[i] = rng.next() as u8;
        }
        let set = emend::rules::RuleSet::all();
        let sel = set.selection_for(None);
        let result = std::panic::catch_unwind(|| {
            if let emend::Checked::Text {
                text,
                bom,
                diagnostics,
                ..
            } = emend::check_bytes(&bytes, &set, &sel)
            {
                render_all(text, bom, diagnostics);
            }
        });
        assert!(
            result.is_ok(),
            "panicked on {:?}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

#[test]
fn every_prefix_of_every_fixture_is_checked_without_panic() {
    for f in fixtures() {
        // About 150 cuts per file, so that long fixtures do not make the test quadratic.
        for cut in (0..f.len()).step_by((f.len() / 150).max(7)) {
            let set = emend::rules::RuleSet::all();
            let sel = set.selection_for(None);
            let _ = emend::check_bytes(&f[..cut], &set, &sel);
        }
    }
}

/// Inputs the fuzzers found (tests/it/fuzz_regressions): check, fix and render without panic.
#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fuzz_regressions");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(e.unwrap().path()).unwrap();
        let set = emend::rules::RuleSet::all();
        let sel = set.selection_for(None);
        if let emend::Checked::Text {
            text,
            bom,
            diagnostics,
            ..
        } = emend::check_bytes(&bytes, &set, &sel)
        {
            let fixed = emend::fix::fix_text(&text, &set, &sel, true).expect("fixes settle");
            let again = emend::fix::fix_text(&fixed.text, &set, &sel, true).unwrap();
            assert_eq!(again.text, fixed.text);
            render_all(text, bom, diagnostics);
        }
        n += 1;
    }
    assert!(n > 0);
}
