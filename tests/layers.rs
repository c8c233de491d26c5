//! The tree is the architecture (src/lib.rs): each layer folder of `src/` may use only the layers above it.
//! This test reads every source file and fails on an import that goes the wrong way, so a cycle between
//! layers cannot creep in unnoticed. Test modules (`#[cfg(test)] mod tests`) are checked too.

use std::fs;
use std::path::Path;

/// Top to bottom: a layer may use itself and the ones before it.
const LAYERS: [&str; 5] = ["encoding", "salesforce", "oauth", "token", "wasm"];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_import_goes_to_the_same_or_a_lower_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for layer in LAYERS {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "src/{layer}/ has no files");
        let own = rank(layer).unwrap();
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            for (number, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue; // doc links may point anywhere
                }
                for (at, _) in line.match_indices("crate::") {
                    let used: String = line[at + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if let Some(used_rank) = rank(&used) {
                        if used_rank > own {
                            violations.push(format!(
                                "{}:{}: layer `{layer}` uses `{used}`",
                                file.strip_prefix(&src).unwrap().display(),
                                number + 1
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "imports against the layering:\n{}",
        violations.join("\n")
    );
}
