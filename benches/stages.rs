//! Per-stage timings on one typical generated file: document parse, each family's pass, the
//! whole check. `cargo bench --bench stages`. (A small best-of-N harness instead of criterion,
//! to keep the build lean on two cores; the figures are medians of many runs.)

use std::time::{Duration, Instant};

use emend::document::Document;
use emend::rules::{RuleSet, Selector, Settings};

fn typical() -> String {
    let mut s = String::from(
        "# September 6, 1945\n\n## Record of Conversation between Petrov and Mao Zedong\n\n### Citation:\n\n\"Record of Conversation between Petrov and Mao Zedong\", September 6, 1945, Wilson Center Digital Archive, AVPRF, f. 0100, op. 33, d. 13, ll. 220-240. Translated by Anna Petrova. https://digitalarchive.wilsoncenter.org/document/1\n\n### Summary:\n\nMao discusses the talks.\n\n### Original Language:\n\nRussian\n\n### Contents:\n\n",
    );
    for i in 0..30 {
        s.push_str(&format!(
            "\"We,\" Mao Zedong said, \"stand for a conference of the Guomindang, the CCP and the Democratic League ({i}).\" Zhou Enlai added that Chiang Kai-shek [Jiang Jieshi] agreed in Chongqing on 6 September 1945, and that Beiping and Tianjin would be discussed.\n\n"
        ));
    }
    s
}

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..41)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Median seconds of checking `doc` with only the rules `selector` names.
fn time_selected(doc: &Document, selector: Selector) -> f64 {
    let set = RuleSet {
        cli: Settings {
            select: Some(vec![selector]),
            ..Settings::default()
        },
        ..RuleSet::default()
    };
    let sel = set.selection_for(None);
    set.check(doc, &sel); // compile pack data once
    median(|| {
        std::hint::black_box(set.check(doc, &sel));
    })
    .as_secs_f64()
}

fn main() {
    // Time the automatons a collection run uses.
    emend::config::pack::LARGE_RUN.store(true, std::sync::atomic::Ordering::Relaxed);
    let text = typical();
    println!("one typical file: {} bytes", text.len());
    let parse = median(|| {
        std::hint::black_box(Document::parse(text.clone(), false));
    });
    println!(
        "{:<28} {:>9.1} µs",
        "document parse",
        parse.as_secs_f64() * 1e6
    );
    let doc = Document::parse(text.clone(), false);
    for family in [
        "quotes",
        "artifact",
        "translit",
        "citation",
        "structure",
        "date",
    ] {
        let t = time_selected(&doc, Selector::Family(family.to_owned()));
        println!("{:<28} {:>9.1} µs", format!("{family} pass"), t * 1e6);
    }
    // Each rule alone, so the costly ones stand out (a rule that first needs a shared
    // analysis pays for it here).
    let mut per_rule: Vec<(f64, &str)> = emend::rules::builtin()
        .iter()
        .map(|rule| {
            let id = rule.meta().id;
            (time_selected(&doc, Selector::Rule(id.to_owned())) * 1e6, id)
        })
        .collect();
    per_rule.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (t, id) in &per_rule {
        println!("  {id:<26} {t:>9.1} µs");
    }
    let set = RuleSet::all();
    let sel = set.selection_for(None);
    let whole = median(|| {
        std::hint::black_box(emend::check_bytes(text.as_bytes(), &set, &sel));
    });
    println!(
        "{:<28} {:>9.1} µs ({:.0} MB/s on one core)",
        "whole check",
        whole.as_secs_f64() * 1e6,
        text.len() as f64 / whole.as_secs_f64() / 1048576.0
    );
}
