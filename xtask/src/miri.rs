//! `cargo xtask miri [CRATE...] [--all]`: the crates' tests under Miri, the one place where
//! MIRIFLAGS are set.
//!
//! With no crate named it runs every crate under `crates/` that does not say
//! `#![forbid(unsafe_code)]`: Miri finds undefined behaviour in unsafe code, and a crate that
//! forbids unsafe gains little from the minutes it costs. `--all` runs every crate.

use crate::cmd::{self, project_root};
use std::path::Path;
use std::process::Command;

/// Strict provenance: no integer-to-pointer casts. Symbolic alignment: an allocation is only
/// as aligned as its layout says, whatever address the allocator happened to return.
const MIRIFLAGS: &str = "-Zmiri-strict-provenance -Zmiri-symbolic-alignment-check";

/// The MIRIFLAGS for `krate`: the strict set, except where a dependency cannot pass it.
fn miriflags(krate: &str) -> &'static str {
    match krate {
        // parking_lot_core 0.9 casts integers back to pointers in its word lock when a lock
        // is contended (parking_lot#477), which strict provenance rejects. Our code in these
        // crates does no pointer-integer casts, so permissive provenance loses nothing on it.
        "raii-guards" | "sync-counter" => {
            "-Zmiri-permissive-provenance -Zmiri-symbolic-alignment-check"
        }
        _ => MIRIFLAGS,
    }
}

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let all = args.iter().any(|a| a == "--all");
    let named: Vec<&String> = args.iter().filter(|a| *a != "--all").collect();
    let crates = crates_dir_names()?;
    for name in &named {
        if !crates.contains(name) {
            return Err(format!(
                "no crate `{name}` under crates/ (have: {})",
                crates.join(", ")
            ));
        }
    }
    let selected: Vec<String> = if !named.is_empty() {
        named.into_iter().cloned().collect()
    } else if all {
        crates
    } else {
        let root = project_root().join("crates");
        crates
            .into_iter()
            .filter(|c| !forbids_unsafe(&root.join(c)))
            .collect()
    };

    ensure_miri()?;
    cmd::run("miri setup", nightly_cargo().args(["miri", "setup"]))?;
    for krate in &selected {
        cmd::run(
            &format!("miri {krate}"),
            nightly_cargo().env("MIRIFLAGS", miriflags(krate)).args([
                "miri",
                "test",
                "-p",
                krate,
                "--all-features",
                "--lib",
                "--tests",
            ]),
        )?;
    }
    println!("\nmiri: passed for {}", selected.join(", "));
    Ok(())
}

/// Makes sure the nightly toolchain has `miri` and `rust-src`, installing the components if
/// they are missing.
fn ensure_miri() -> Result<(), String> {
    const HOW: &str =
        "install it with `rustup toolchain install nightly --component miri,rust-src`";
    if cmd::output(cmd::program("rustup").arg("--version")).is_none() {
        return Err(format!("Miri needs rustup and a nightly toolchain: {HOW}"));
    }
    let Some(installed) = cmd::output(cmd::program("rustup").args([
        "component",
        "list",
        "--installed",
        "--toolchain",
        "nightly",
    ])) else {
        return Err(format!("the nightly toolchain is not installed: {HOW}"));
    };
    let has = |c: &str| installed.lines().any(|l| l.starts_with(c));
    if !(has("miri") && has("rust-src")) {
        cmd::run(
            "install miri",
            cmd::program("rustup").args([
                "component",
                "add",
                "--toolchain",
                "nightly",
                "miri",
                "rust-src",
            ]),
        )
        .map_err(|_| format!("could not add the miri and rust-src components to nightly: {HOW}"))?;
    }
    Ok(())
}

/// `cargo` of the nightly toolchain. The variables that the stable cargo running xtask set
/// would make cargo-miri call the stable cargo and rustc again, so they are removed.
fn nightly_cargo() -> Command {
    let mut command = cmd::program("rustup");
    command.args(["run", "nightly", "cargo"]);
    for var in ["CARGO", "RUSTC", "RUSTDOC", "RUSTC_WRAPPER", "RUSTFLAGS"] {
        command.env_remove(var);
    }
    command
}

fn crates_dir_names() -> Result<Vec<String>, String> {
    let dir = project_root().join("crates");
    let read =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut names: Vec<String> = read
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            path.join("Cargo.toml")
                .exists()
                .then(|| path.file_name()?.to_str().map(String::from))?
        })
        .collect();
    names.sort();
    Ok(names)
}

/// `true` if the crate's root says `#![forbid(unsafe_code)]`.
fn forbids_unsafe(crate_dir: &Path) -> bool {
    std::fs::read_to_string(crate_dir.join("src/lib.rs"))
        .is_ok_and(|root| root.lines().any(|l| l.trim() == "#![forbid(unsafe_code)]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_traits_is_selected_because_its_test_support_uses_unsafe() {
        assert!(!forbids_unsafe(&project_root().join("crates/core-traits")));
    }

    #[test]
    fn a_crate_that_forbids_unsafe_is_skipped() {
        let dir = std::env::temp_dir().join(format!("xtask-miri-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(
            dir.join("src/lib.rs"),
            "//! Doc.\n#![forbid(unsafe_code)]\n",
        )
        .unwrap();
        let skipped = forbids_unsafe(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(skipped);
    }
}
