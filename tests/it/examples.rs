//! Every registered rule's `bad` examples fire it; its `good` examples produce nothing.

use emend::rules::{builtin, RuleSet};
use emend::Checked;

/// Examples may write a raw byte as `\xNN` (for io/encoding).
fn example_bytes(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'x') && i + 3 < b.len() + 1 {
            if let Ok(v) = u8::from_str_radix(&s[i + 2..i + 4], 16) {
                out.push(v);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn diagnostics(example: &str, config: &str) -> Vec<emend::diagnostic::Diagnostic> {
    let set = if config.is_empty() {
        RuleSet::all()
    } else {
        emend::config::compile("example.yaml", config, "/".into(), &Default::default())
            .unwrap_or_else(|e| panic!("bad example config {config:?}: {e:?}"))
    };
    if example.contains(emend::NEXT_FILE) {
        let files: Vec<&str> = example.split(emend::NEXT_FILE).collect();
        return emend::check_collection(&files, &set)
            .into_iter()
            .flatten()
            .collect();
    }
    let sel = set.selection_for(None);
    match emend::check_bytes(&example_bytes(example), &set, &sel) {
        Checked::Text { diagnostics, .. } => diagnostics,
        Checked::Binary => panic!("example is binary: {example:?}"),
    }
}

#[test]
fn every_rule_has_examples_that_behave() {
    let mut failures = Vec::new();
    for rule in builtin() {
        let m = rule.meta();
        if m.bad.is_empty() || m.good.is_empty() {
            failures.push(format!("{}: needs both bad and good examples", m.id));
        }
        for ex in m.bad {
            let d = diagnostics(ex, m.config);
            if !d.iter().any(|d| d.rule == m.id) {
                failures.push(format!(
                    "{}: bad example did not fire: {ex:?} (got {:?})",
                    m.id,
                    d.iter().map(|d| &d.rule).collect::<Vec<_>>()
                ));
            }
        }
        for ex in m.good {
            let d = diagnostics(ex, m.config);
            if !d.is_empty() {
                failures.push(format!(
                    "{}: good example fired {:?}: {ex:?}",
                    m.id,
                    d.iter().map(|d| (&d.rule, &d.message)).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn rule_ids_are_unique_and_well_formed() {
    let mut seen = std::collections::HashSet::new();
    for rule in builtin() {
        let id = rule.meta().id;
        assert!(seen.insert(id), "duplicate rule id {id}");
        let parts: Vec<&str> = id.split('/').collect();
        assert_eq!(parts.len(), 2, "{id} is not family/name");
        for p in parts {
            assert!(
                !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{id} is not kebab-case"
            );
        }
        assert!(!rule.meta().summary.is_empty() && !rule.meta().explanation.is_empty());
    }
}

#[test]
fn registry_lists_every_rule_implementation() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules");
    let mut impls = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        impls += text.matches("impl Rule for ").count();
    }
    assert_eq!(
        impls,
        builtin().len(),
        "a rule is implemented but not listed in builtin()"
    );
}

#[test]
fn the_typo_pack_holds_no_real_words() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/typos.yaml")).unwrap();
    let pack = emend::config::pack::parse(&text).unwrap();
    assert!(pack.typos.len() >= 150, "only {} typos", pack.typos.len());
    let mut seen = std::collections::HashSet::new();
    for t in &pack.typos {
        assert!(
            seen.insert(t.typo.to_lowercase()),
            "duplicate typo {}",
            t.typo
        );
        if !t.typo.contains(' ') {
            assert!(
                !emend::rules::lexicon::is_word(&t.typo),
                "typo {:?} is an English word",
                t.typo
            );
        }
        for w in t.correction.split(' ') {
            assert!(
                emend::rules::lexicon::is_word(w),
                "correction {:?} of {:?} is not in the word list",
                w,
                t.typo
            );
        }
    }
}

#[test]
fn built_in_romanization_families_keep_their_examples() {
    let set = RuleSet::all();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, text) in emend::config::pack::ROMANIZATION_YAML {
        let pack = emend::config::pack::parse(text).unwrap();
        for f in &pack.families {
            checked += usize::from(f.examples.is_some());
            for (what, example) in emend::config::family_example_failures(f, &set) {
                failures.push(format!("{name}: family {}: {what}\n    {example:?}", f.id));
            }
        }
    }
    assert!(checked > 0, "no built-in family carries examples");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_rules_reference_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let want = emend::run::rules_markdown();
    if std::env::var_os("EMEND_BLESS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(have == want, "docs/rules.md is stale: run `emend rules --format markdown > docs/rules.md` (or EMEND_BLESS=1 cargo test)");
}

#[test]
fn the_json_romanization_packs_match_their_yaml() {
    use emend::config::pack::{ROMANIZATION_JSON, ROMANIZATION_YAML};
    for ((yname, ytext), (jname, jtext)) in ROMANIZATION_YAML.iter().zip(ROMANIZATION_JSON.iter()) {
        let from_yaml: serde_json::Value = emend::config::parse_yaml(ytext).unwrap();
        if std::env::var_os("EMEND_BLESS").is_some() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(jname);
            std::fs::write(path, serde_json::to_string(&from_yaml).unwrap() + "\n").unwrap();
            continue;
        }
        let from_json: serde_json::Value = serde_json::from_str(jtext).unwrap();
        assert!(
            from_yaml == from_json,
            "{jname} is stale: run EMEND_BLESS=1 cargo test to regenerate it from {yname}"
        );
    }
}
