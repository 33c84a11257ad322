//! Check and fix arbitrary bytes with the default configuration: no panic, fixes idempotent,
//! text outside the edits unchanged.
#![no_main]

use emend::diagnostic::Edit;
use emend::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let set = RuleSet::all();
    let sel = set.selection_for(None);
    let emend::Checked::Text { text, diagnostics, .. } = emend::check_bytes(data, &set, &sel) else {
        return;
    };
    if std::str::from_utf8(data).is_err() && !data.starts_with(b"\xEF\xBB\xBF") {
        return;
    }
    // One round: the chosen edits leave every other byte as it was.
    let chosen = emend::fix::select_fixes(&diagnostics, true);
    let mut edits: Vec<&Edit> = chosen.iter().flat_map(|d| d.fix.as_ref().unwrap().edits.iter()).collect();
    edits.sort_by_key(|e| e.span);
    let out = emend::fix::apply_edits(&text, &edits);
    let (mut pos, mut opos) = (0usize, 0usize);
    for e in &edits {
        let (s, end) = (e.span.start as usize, e.span.end as usize);
        assert!(s >= pos);
        assert_eq!(&out[opos..opos + (s - pos)], &text[pos..s]);
        opos += s - pos + e.replacement.len();
        pos = end;
    }
    assert_eq!(&out[opos..], &text[pos..]);
    // To the fixpoint, and once more: nothing changes.
    if let Ok(fixed) = emend::fix::fix_text(&text, &set, &sel, true) {
        let again = emend::fix::fix_text(&fixed.text, &set, &sel, true).expect("fixed text settles");
        assert_eq!(again.text, fixed.text);
    }
});
