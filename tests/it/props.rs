//! Property tests of the fix engine over generated transcription-like text:
//! (a) fixing twice gives the same text as fixing once; (b) bytes outside the edited ranges
//! are untouched; (c) applying one fix never leaves more diagnostics of its rule than before.

use emend::diagnostic::Edit;
use emend::document::Document;
use emend::fix::{apply_edits, fix_text, select_fixes};
use emend::rules::RuleSet;
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "The talks went on until",
    "in\n\nthe",
    "gov-\n\nernment",
    "inter-\nnational",
    "co-\noperation",
    "Sino- Soviet",
    "the the",
    "of of",
    "that that",
    "GMDâ€™s",
    "RÃ©vÃ©sz",
    "Ã¢â‚¬â„¢",
    "â€",
    "ofﬁcial",
    "Zhou\u{200B}",
    "nego\u{AD}tiation",
    "\u{0C}",
    "\u{202E}",
    "&amp;",
    "&#8217;",
    "&nbsp;",
    "&lt;",
    "<br>",
    "C0mmunist",
    "l945",
    "Moscovv",
    "\n\n12\n\n",
    "\n\n- 3 -\n\n",
    "\n\nPage 4\n\n",
    "goverment",
    "an then",
    "# **Title**\n\n",
    "## __Note__\n\n",
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "(",
    ")",
    "[",
    "]",
    "\n",
    "\n\n",
    " ",
    ".",
    ",",
    ":",
    "> ",
    "- ",
    "1. ",
    "```\n",
    "`",
    "*",
    "\r\n",
    "Mao Zedong",
    "Ch'en",
    "T’ang",
    "[sic]",
    "N[ikolai]",
    "Chiang Kai-shek [Jiang Jieshi]",
    "\n\nTOP SECRET\n\n",
    "\n\nDigital Archive www.x.org\n\n",
    "said",
    "and",
    "question",
    "of",
    "the",
    "delegation",
    "�",
    "<!-- c -->",
    "https://x.org/a",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
            1 => "[a-zA-Z \\n.,\"“”()\\-]{0,12}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.join(" "))
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fixing_twice_changes_nothing(input in text()) {
        let set = RuleSet::all();
        let sel = set.selection_for(None);
        let once = fix_text(&input, &set, &sel, true);
        prop_assert!(once.is_ok(), "fixes did not settle on {input:?}: {:?}", once.err());
        let once = once.unwrap();
        let twice = fix_text(&once.text, &set, &sel, true).unwrap();
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert_eq!(twice.count(), 0);
    }

    #[test]
    fn text_outside_edits_is_untouched(input in text()) {
        let set = RuleSet::all();
        let sel = set.selection_for(None);
        let doc = Document::parse(input.clone(), false);
        let diagnostics = set.check(&doc, &sel);
        let chosen = select_fixes(&diagnostics, true);
        let mut edits: Vec<&Edit> = chosen.iter().flat_map(|d| d.fix.as_ref().unwrap().edits.iter()).collect();
        edits.sort_by_key(|e| e.span);
        let out = apply_edits(&input, &edits);
        // Walk both texts: every byte between edits must be copied as it was.
        let (mut pos, mut opos) = (0usize, 0usize);
        for e in &edits {
            let (s, end) = (e.span.start as usize, e.span.end as usize);
            prop_assert!(s >= pos, "overlapping edits chosen");
            prop_assert_eq!(&out[opos..opos + (s - pos)], &input[pos..s]);
            opos += s - pos;
            prop_assert_eq!(&out[opos..opos + e.replacement.len()], e.replacement.as_str());
            opos += e.replacement.len();
            pos = end;
        }
        prop_assert_eq!(&out[opos..], &input[pos..]);
    }

    #[test]
    fn a_fix_does_not_create_diagnostics_of_its_rule(input in text()) {
        let set = RuleSet::all();
        let sel = set.selection_for(None);
        let doc = Document::parse(input.clone(), false);
        let diagnostics = set.check(&doc, &sel);
        for d in diagnostics.iter().filter(|d| d.fix.is_some()) {
            let before = diagnostics.iter().filter(|x| x.rule == d.rule).count();
            let edits: Vec<&Edit> = d.fix.as_ref().unwrap().edits.iter().collect();
            let fixed = apply_edits(&input, &edits);
            let after = set
                .check(&Document::parse(fixed.clone(), false), &sel)
                .iter()
                .filter(|x| x.rule == d.rule)
                .count();
            prop_assert!(
                after < before,
                "fixing {} ({}) left {after} of {before} diagnostics of its rule\ninput: {input:?}\nfixed: {fixed:?}",
                d.rule, d.message
            );
        }
    }
}
