//! Consistency checks of the workspace, run as ordinary tests (`cargo test -p xtask`).

use crate::COMMANDS;
use crate::cmd::project_root;
use std::path::PathBuf;

fn read(relative: &str) -> String {
    let path = project_root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every workspace member's directory, relative to the root.
fn members() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = crate::workspace::crates()
        .unwrap()
        .into_iter()
        .map(|c| c.dir)
        .collect();
    dirs.extend(["xtask", "benches", "docs"].map(|d| project_root().join(d)));
    dirs
}

/// The words that follow `cargo xtask ` in `text`.
fn xtask_invocations(text: &str) -> Vec<String> {
    text.match_indices("cargo xtask ")
        .filter_map(|(at, needle)| {
            let rest = &text[at + needle.len()..];
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            (!word.is_empty()).then_some(word)
        })
        .collect()
}

#[test]
fn every_command_the_docs_mention_exists() {
    let mut known: Vec<&str> = COMMANDS
        .iter()
        .map(|(usage, _)| usage.split(' ').next().unwrap())
        .collect();
    known.push("--help");
    for file in [
        "README.md",
        "docs/README.md",
        ".ci/run",
        ".github/workflows/ci.yml",
    ] {
        let mentioned = xtask_invocations(&read(file));
        assert!(
            !mentioned.is_empty() || file == "docs/README.md",
            "{file} names no xtask command"
        );
        for word in mentioned {
            assert!(
                known.contains(&word.as_str()),
                "{file} mentions `cargo xtask {word}`, which does not exist"
            );
        }
    }
}

#[test]
fn the_readme_shows_the_two_commands_and_ci_runs_the_test_command() {
    let readme = read("README.md");
    assert!(readme.contains("cargo xtask demo"));
    assert!(readme.contains("cargo xtask test-all"));
    assert!(read(".ci/run").contains("cargo xtask test-all"));
}

#[test]
fn every_member_inherits_the_workspace_lints_and_package_fields() {
    for dir in members() {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        for needle in [
            "[lints]\nworkspace = true",
            "edition.workspace = true",
            "rust-version.workspace = true",
        ] {
            assert!(
                manifest.contains(needle),
                "{}/Cargo.toml lacks `{needle}`",
                dir.display()
            );
        }
    }
}

#[test]
fn every_member_has_a_readme_and_a_changelog_with_an_unreleased_section() {
    for dir in members() {
        assert!(
            dir.join("README.md").exists(),
            "{} has no README.md",
            dir.display()
        );
        let changelog = std::fs::read_to_string(dir.join("CHANGELOG.md"))
            .unwrap_or_else(|_| panic!("{} has no CHANGELOG.md", dir.display()));
        assert!(
            changelog.contains("## Unreleased"),
            "{}/CHANGELOG.md has no `## Unreleased`",
            dir.display()
        );
    }
}

#[test]
fn the_msrv_in_the_readme_is_the_one_in_cargo_toml() {
    let manifest = read("Cargo.toml");
    let msrv = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("Cargo.toml declares rust-version");
    let readme = read("README.md");
    let line = readme
        .lines()
        .find(|l| l.contains("MSRV"))
        .expect("README.md states the MSRV");
    assert!(
        line.contains(&format!("Rust {msrv}")),
        "README says `{line}`, Cargo.toml says {msrv}"
    );
}

#[test]
fn every_pattern_crate_uses_its_readme_as_the_front_page() {
    for dir in members()
        .into_iter()
        .filter(|d| d.starts_with(project_root().join("crates")))
    {
        let root = std::fs::read_to_string(dir.join("src/lib.rs")).unwrap();
        assert!(
            root.contains("#![doc = include_str!(\"../README.md\")]"),
            "{}/src/lib.rs does not include its README",
            dir.display()
        );
    }
}

#[test]
fn finds_the_words_after_cargo_xtask() {
    let text = "run `cargo xtask test-all`, then cargo xtask miri arena; not cargo xtasks";
    assert_eq!(xtask_invocations(text), ["test-all", "miri"]);
}

/// The first line of `text` that is not blank.
fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

#[test]
fn every_source_file_starts_with_a_module_doc() {
    let mut undocumented = Vec::new();
    for dir in members() {
        for file in crate::workspace::rust_files(&dir.join("src")) {
            let text = std::fs::read_to_string(&file).unwrap();
            let first = first_line(&text);
            // A crate root may take its docs from the README instead.
            if !first.starts_with("//!") && !first.starts_with("#![doc = include_str!") {
                undocumented.push(file.display().to_string());
            }
        }
    }
    assert!(
        undocumented.is_empty(),
        "these files do not start with a `//!` line saying what they hold:\n{}",
        undocumented.join("\n")
    );
}

/// Every Markdown and Rust file below the crates and the guide.
fn prose_and_code_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![project_root().join("crates"), project_root().join("docs")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "rs" || e == "md" || e == "toml")
            {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn docs_describe_the_code_not_where_it_came_from() {
    let offenders: Vec<String> = prose_and_code_files()
        .into_iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .to_lowercase()
                .contains(concat!("the ", "chapter"))
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "{offenders:?} say 'the chapter'");
}

#[test]
fn a_crate_enables_doc_cfg_only_if_it_uses_it_and_tells_docs_rs() {
    for krate in crate::workspace::crates().unwrap() {
        let root = std::fs::read_to_string(krate.dir.join("src/lib.rs")).unwrap();
        if !root.contains("feature(doc_cfg)") {
            continue;
        }
        let uses = crate::workspace::rust_files(&krate.dir.join("src"))
            .iter()
            .any(|f| std::fs::read_to_string(f).unwrap().contains("doc(cfg("));
        assert!(
            uses,
            "{} enables doc_cfg but no item has doc(cfg(..))",
            krate.name
        );
        let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains("[package.metadata.docs.rs]"),
            "{} uses doc(cfg) but its Cargo.toml has no [package.metadata.docs.rs]",
            krate.name
        );
    }
}
