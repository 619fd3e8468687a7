//! Lists the message files in `messages/` into `$OUT_DIR/messages.rs`,
//! each compiled in with `include_str!`, so that a language is added by
//! adding its file: no list to edit, no Rust to change.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=messages");
    // Cargo always sets both variables for a build script.
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let dir = manifest.join("messages");
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|x| x == "toml"))
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?.to_string();
            let full = path.to_str()?.to_string();
            Some((stem, full))
        })
        .collect();
    files.sort();
    let mut code = String::from(
        "/// The shipped message files: (file stem, which is the language tag, and text).\n\
         pub(crate) static SHIPPED: &[(&str, &str)] = &[\n",
    );
    for (stem, path) in &files {
        code.push_str(&format!("    ({stem:?}, include_str!({path:?})),\n"));
    }
    code.push_str("];\n");
    let target = out.join("messages.rs");
    fs::write(&target, code).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}
