//! SARIF output of the fixtures validates against the SARIF 2.1.0 schema (OASIS, as shipped
//! with serde-sarif), and results keep their fingerprints when lines move.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn sarif_of(dir: &Path, args: &[&str]) -> Value {
    let out = Command::cargo_bin("emend")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn fixtures_sarif_validates_against_the_schema() {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::draft7::new(&schema).expect("the SARIF schema compiles");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sarif = sarif_of(root, &["fixtures"]);
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(10)
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), emend::rules::builtin().len());
    let results = run["results"].as_array().unwrap();
    assert!(results.len() > 50, "{} results", results.len());
    assert!(results.iter().any(|r| r["fixes"].is_array()));
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert!(r["partialFingerprints"]["emend/v1"].is_string());
    }
}

#[test]
fn fingerprints_survive_moved_lines() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.md"), "He said \"yes.\n").unwrap();
    let before = sarif_of(d.path(), &["a.md"]);
    std::fs::write(
        d.path().join("a.md"),
        "A new first paragraph.\n\nHe said \"yes.\n",
    )
    .unwrap();
    let after = sarif_of(d.path(), &["a.md"]);
    let fp = |v: &Value| v["runs"][0]["results"][0]["partialFingerprints"]["emend/v1"].clone();
    let line = |v: &Value| {
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
            .clone()
    };
    assert_ne!(line(&before), line(&after));
    assert_eq!(fp(&before), fp(&after));
}
