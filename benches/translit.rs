//! The translit pass against a plain Aho-Corasick scan of the same forms over the same text.
//!
//! `cargo bench --bench translit` builds a 10 MB transcription-like document from the
//! built-in romanization forms and ordinary prose, then times, best of several runs:
//! (a) a plain `aho_corasick` leftmost-longest scan counting matches of every form, and
//! (b) emend's translit analysis (the prose split into words, the forms looked up where
//! words start, word-boundary checks, glosses, Citation exemption, system counts). The
//! target is (b) ≤ 1.5 × (a).

use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use emend::config::pack::PackData;
use emend::document::Document;
use emend::rules::translit::Analysis;
use emend::rules::RomanizationSettings;

#[path = "../examples/common/prose.rs"]
mod prose;
use prose::WORDS;

fn corpus(target: usize) -> String {
    let packs = PackData::builtin();
    let forms: Vec<String> = packs
        .romanization()
        .forms
        .iter()
        .map(|f| f.text.clone())
        .collect();
    let mut out = String::with_capacity(target + 1024);
    out.push_str("# September 6, 1945\n\n## Record of Conversation\n\n### Citation:\n\n\"Record\", AVPRF, f. 0100.\n\n### Contents:\n\n");
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut words = 0;
    while out.len() < target {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        if seed % 9 == 0 {
            out.push_str(&forms[(seed >> 8) as usize % forms.len()]);
        } else {
            out.push_str(WORDS[(seed >> 8) as usize % WORDS.len()]);
        }
        words += 1;
        out.push_str(if words % 120 == 0 { ".\n\n" } else { " " });
    }
    out
}

fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut result = 0;
    for _ in 0..runs {
        let t = Instant::now();
        result = std::hint::black_box(f());
        best = best.min(t.elapsed());
    }
    (best, result)
}

fn main() {
    let text = corpus(10 * 1024 * 1024);
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    let packs = PackData::builtin();
    let patterns = packs.romanization().patterns();
    let plain = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .unwrap();
    let doc = Document::parse(text.clone(), false);
    let settings = RomanizationSettings::default();
    let (scan, matches) = best_of(7, || plain.find_iter(&text).count());
    let (pass, hits) = best_of(7, || {
        // The word split is shared with other rules in a real run; it is counted here.
        let words = emend::rules::lexicon::Words::of(&doc);
        Analysis::new(&doc, &words, packs.romanization(), &settings)
            .hits
            .len()
    });
    let ratio = pass.as_secs_f64() / scan.as_secs_f64();
    println!(
        "text: {mb:.1} MB, {} forms ({} patterns)",
        packs.romanization().forms.len(),
        patterns.len()
    );
    println!(
        "plain aho-corasick scan: {:>8.2} ms ({:.0} MB/s), {matches} matches",
        scan.as_secs_f64() * 1e3,
        mb / scan.as_secs_f64()
    );
    println!(
        "translit analysis:       {:>8.2} ms ({:.0} MB/s), {hits} hits",
        pass.as_secs_f64() * 1e3,
        mb / pass.as_secs_f64()
    );
    println!("ratio: {ratio:.2} (target <= 1.50)");
}
