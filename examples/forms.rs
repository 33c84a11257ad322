//! Print every romanization form emend searches for, one per line (for `grep -F -f`).
//!
//! `cargo run --release --example forms > forms.txt`

fn main() {
    let packs = emend::config::pack::PackData::builtin();
    for p in packs.romanization().patterns() {
        println!("{p}");
    }
}
