//! `cargo xtask demo`: the main job. Runs every example program of the pattern crates in
//! turn, each under a header line, so a newcomer sees what each pattern buys.

use crate::cmd::{self, cargo, project_root};
use crate::workspace;
use std::path::Path;

pub(crate) fn run() -> Result<(), String> {
    let examples = find_examples(&project_root().join("crates"))?;
    if examples.is_empty() {
        println!("demo: no example programs yet (crates/*/examples/*.rs); nothing to run");
        return Ok(());
    }
    println!("demo: {} example programs", examples.len());
    for (krate, example) in &examples {
        println!("\n==== {krate}: {example} ====");
        cmd::run(
            &format!("demo {krate}/{example}"),
            // Release: some examples compare speeds, which a debug build would misstate.
            cargo().args([
                "run",
                "--quiet",
                "--release",
                "-p",
                krate,
                "--example",
                example,
            ]),
        )?;
    }
    println!("\ndemo: all {} example programs ran", examples.len());
    Ok(())
}

/// `(crate, example)` for every `crates/<crate>/examples/<example>.rs`, sorted.
fn find_examples(crates_dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut found = Vec::new();
    for krate in workspace::crates_in(crates_dir)? {
        let examples_dir = krate.dir.join("examples");
        if !examples_dir.is_dir() {
            continue;
        }
        for file in sorted_entries(&examples_dir)? {
            if file.extension().is_some_and(|e| e == "rs") {
                found.push((krate.name.clone(), file_stem(&file)));
            }
        }
    }
    Ok(found)
}

fn sorted_entries(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let read = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<_> = read.filter_map(|entry| Some(entry.ok()?.path())).collect();
    paths.sort();
    Ok(paths)
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_examples_sorted_by_crate_then_name() {
        let dir = ownership_raii_guards::TempDir::new().unwrap();
        let root = dir.path();
        for (krate, file) in [
            ("b", "z.rs"),
            ("a", "y.rs"),
            ("a", "x.rs"),
            ("a", "notes.md"),
        ] {
            let dir = root.join(krate).join("examples");
            std::fs::create_dir_all(&dir).unwrap();
            let manifest = format!("[package]\nname = \"{krate}\"\n");
            std::fs::write(root.join(krate).join("Cargo.toml"), manifest).unwrap();
            std::fs::write(dir.join(file), "").unwrap();
        }
        std::fs::create_dir_all(root.join("c/src")).unwrap();
        let found = find_examples(root).unwrap();
        let want = [("a", "x"), ("a", "y"), ("b", "z")].map(|(k, e)| (k.into(), e.into()));
        assert_eq!(found, want);
    }
}
