//! Embeds every file under `protocols/` that brief reads (`*.ron` protocol and instrument
//! files, `*.ftl` text catalogues) into the binary, so the app works from any folder and a new
//! file needs no list edited by hand. Writes `$OUT_DIR/bundled_files.rs`: a slice of
//! (path shown in messages, text), sorted by path.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let protocols = root.join("protocols");
    println!("cargo:rerun-if-changed={}", protocols.display());
    let mut files = Vec::new();
    walk(&protocols, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for file in &files {
        let shown = file
            .strip_prefix(root)
            .expect("under the manifest folder")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            out,
            "    ({shown:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("write to a String");
    }
    out.push_str("]\n");
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("bundled_files.rs");
    std::fs::write(dest, out).expect("write the bundled file list");
}

/// Every `*.ron` and `*.ftl` file below `dir`, depth first (an explicit stack: no recursion).
fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).expect("read the protocols folder");
        for entry in entries {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "ron" || e == "ftl") {
                files.push(path);
            }
        }
    }
}
