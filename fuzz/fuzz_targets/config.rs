//! Arbitrary YAML as emend.yaml and as a rule pack: errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = emend::config::compile("emend.yaml", text, "/".into(), &Default::default());
    let _ = emend::config::pack::parse(text);
});
