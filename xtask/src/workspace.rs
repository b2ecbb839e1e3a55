//! The crates under `crates/` and what their sources say about them: the one place xtask
//! lists the workspace.

use crate::cmd::project_root;
use std::path::{Path, PathBuf};

/// One crate under `crates/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Crate {
    /// The package name, from its Cargo.toml (what `cargo -p` takes).
    pub(crate) name: String,
    /// Its directory.
    pub(crate) dir: PathBuf,
}

/// Every crate under `crates/`, sorted by directory.
pub(crate) fn crates() -> Result<Vec<Crate>, String> {
    crates_in(&project_root().join("crates"))
}

/// Every directory of `parent` that holds a `Cargo.toml` with a package name, sorted.
pub(crate) fn crates_in(parent: &Path) -> Result<Vec<Crate>, String> {
    let read =
        std::fs::read_dir(parent).map_err(|e| format!("cannot read {}: {e}", parent.display()))?;
    let mut dirs: Vec<PathBuf> = read.filter_map(|entry| Some(entry.ok()?.path())).collect();
    dirs.sort();
    Ok(dirs
        .into_iter()
        .filter_map(|dir| {
            let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
            Some(Crate {
                name: package_name(&manifest)?,
                dir,
            })
        })
        .collect())
}

/// The `name = "..."` of a manifest's `[package]` table.
fn package_name(manifest: &str) -> Option<String> {
    let package = manifest.split("[package]").nth(1)?;
    let line = package
        .lines()
        .take_while(|l| !l.starts_with('['))
        .find(|l| l.trim_start().starts_with("name"))?;
    let value = line.split_once('=')?.1.trim();
    Some(value.trim_matches('"').to_string())
}

impl Crate {
    /// The directory's name (`arena` for `crates/arena`): short, and what a user types after
    /// `cargo xtask miri`.
    pub(crate) fn dir_name(&self) -> &str {
        self.dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&self.name)
    }

    /// `true` if `name` is this crate's package name or its directory's name.
    pub(crate) fn is_named(&self, name: &str) -> bool {
        self.name == name || self.dir_name() == name
    }

    fn root_source(&self) -> String {
        std::fs::read_to_string(self.dir.join("src/lib.rs")).unwrap_or_default()
    }

    fn root_says(&self, attribute: &str) -> bool {
        self.root_source().lines().any(|l| l.trim() == attribute)
    }

    /// `true` if the crate root says `#![forbid(unsafe_code)]`.
    pub(crate) fn forbids_unsafe(&self) -> bool {
        self.root_says("#![forbid(unsafe_code)]")
    }

    /// `true` if the crate root says `#![no_std]` (a `cfg_attr` form does not count).
    pub(crate) fn is_no_std(&self) -> bool {
        self.root_says("#![no_std]")
    }

    /// `true` if the crate has loom models in `tests/loom.rs`.
    pub(crate) fn has_loom_models(&self) -> bool {
        self.dir.join("tests/loom.rs").exists()
    }

    /// The nextest binary ids of the crate's test binaries whose source starts threads: the
    /// unit tests (`name`) if any file under `src/` does, and `name::file` for each such
    /// `tests/file.rs`. The loom models are left out: they are no test without `--cfg loom`.
    pub(crate) fn threaded_test_binaries(&self) -> Vec<String> {
        let mut binaries = Vec::new();
        if rust_files(&self.dir.join("src"))
            .iter()
            .any(|f| starts_threads(f))
        {
            binaries.push(self.name.clone());
        }
        for file in rust_files(&self.dir.join("tests")) {
            let Some(stem) = file.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            // Only `tests/*.rs` are binaries; `tests/common/mod.rs` is shared code.
            if file.parent() == Some(&self.dir.join("tests"))
                && stem != "loom"
                && starts_threads(&file)
            {
                binaries.push(format!("{}::{stem}", self.name));
            }
        }
        binaries
    }
}

fn starts_threads(file: &Path) -> bool {
    std::fs::read_to_string(file).is_ok_and(|text| {
        ["thread::spawn", "thread::scope", "thread::Builder"]
            .iter()
            .any(|needle| text.contains(needle))
    })
}

/// Every `.rs` file below `dir`, sorted; none if `dir` does not exist.
pub(crate) fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(read) = std::fs::read_dir(dir) else {
        return found;
    };
    for path in read.filter_map(|entry| Some(entry.ok()?.path())) {
        if path.is_dir() {
            found.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The crate in `crates/<dir>`; panics if there is none (for tests and fixed lists).
#[cfg(test)]
pub(crate) fn by_dir(dir: &str) -> Crate {
    crates()
        .unwrap()
        .into_iter()
        .find(|c| c.dir_name() == dir)
        .unwrap_or_else(|| panic!("no crate in crates/{dir}"))
}

/// A nextest filterset that selects exactly `binaries` (nextest binary ids).
pub(crate) fn binaries_filter(binaries: &[String]) -> String {
    binaries
        .iter()
        .map(|b| format!("binary_id({b})"))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn this_workspace_crate(dir: &str) -> Crate {
        by_dir(dir)
    }

    #[test]
    fn reads_the_package_name_not_the_directory_or_a_dependency_name() {
        let manifest = "[package]\nname = \"op-arena\"\nversion = \"1\"\n\n\
                        [dependencies]\nname = \"x\"\n";
        assert_eq!(package_name(manifest).as_deref(), Some("op-arena"));
        assert_eq!(package_name("[workspace]\nmembers = []\n"), None);
    }

    #[test]
    fn finds_the_crates_of_this_workspace() {
        let dirs: Vec<String> = crates()
            .unwrap()
            .iter()
            .map(|c| c.dir_name().to_string())
            .collect();
        assert!(dirs.contains(&"core-traits".to_string()), "{dirs:?}");
        assert!(dirs.contains(&"arena".to_string()), "{dirs:?}");
    }

    #[test]
    fn a_crate_answers_to_its_package_and_its_directory_name() {
        let krate = Crate {
            name: "op-arena".into(),
            dir: PathBuf::from("/w/crates/arena"),
        };
        assert_eq!(krate.dir_name(), "arena");
        assert!(krate.is_named("arena") && krate.is_named("op-arena"));
        assert!(!krate.is_named("bump"));
    }

    #[test]
    fn reads_the_crate_root_attributes() {
        assert!(this_workspace_crate("core-traits").is_no_std());
        assert!(this_workspace_crate("sync-counter").forbids_unsafe());
        assert!(!this_workspace_crate("arena").forbids_unsafe());
        assert!(this_workspace_crate("sync-counter").has_loom_models());
        assert!(!this_workspace_crate("cow-utils").has_loom_models());
    }

    #[test]
    fn finds_the_test_binaries_that_start_threads() {
        let raii = this_workspace_crate("raii-guards");
        let pool = raii.threaded_test_binaries();
        assert!(pool.contains(&format!("{}::pool", raii.name)), "{pool:?}");
        assert!(
            !pool.contains(&format!("{}::scope_guard", raii.name)),
            "{pool:?}"
        );
        let counter = this_workspace_crate("sync-counter").threaded_test_binaries();
        assert!(
            !counter.iter().any(|b| b.ends_with("::loom")),
            "{counter:?}"
        );
        assert!(
            !counter.iter().any(|b| b.ends_with("::common")),
            "{counter:?}"
        );
    }

    #[test]
    fn the_filter_names_each_binary() {
        let filter = binaries_filter(&["a".into(), "a::b".into()]);
        assert_eq!(filter, "binary_id(a) | binary_id(a::b)");
    }
}
