//! `cargo xtask miri [CRATE...] [--all]`: the crates' tests under Miri, the one place where
//! MIRIFLAGS are set.
//!
//! Each crate's tests run through nextest (`cargo miri nextest run`), one process per test, so
//! both cores are busy and a report names its test. They run twice, under Stacked Borrows and
//! under Tree Borrows: the two models reject different aliasing mistakes. The test binaries
//! that start threads then run again under several more scheduler seeds, since one seed
//! explores one interleaving of each test.
//!
//! With no crate named it runs every crate under `crates/` that does not say
//! `#![forbid(unsafe_code)]`: Miri finds undefined behaviour in unsafe code, and a crate that
//! forbids unsafe gains little from the minutes it costs. `--all` runs every crate.

use crate::cmd::{self, cargo, project_root};
use crate::workspace::{self, Crate};
use std::process::Command;

/// Strict provenance: no integer-to-pointer casts. Symbolic alignment: an allocation is only
/// as aligned as its layout says, whatever address the allocator happened to return.
const MIRIFLAGS: &str = "-Zmiri-strict-provenance -Zmiri-symbolic-alignment-check";

/// The seeds the threaded tests run under after the default seed (0) of the two full runs.
const MORE_SEEDS: &str = "1..4";

/// Tests that build only with a cfg flag because they need a nightly feature, as
/// `(crate directory, test file stem, cfg)`. They run under both borrow models with `--cfg` set, in a
/// target directory of their own (a changed RUSTFLAGS would rebuild the shared one).
const CFG_GATED_TESTS: &[(&str, &str, &str)] = &[
    // Allocation failure that unwinds needs a panicking `alloc_error_hook` (nightly).
    ("arena", "oom_panic", "arena_oom_panic"),
];

/// The MIRIFLAGS for `krate`: the strict set, except where a dependency cannot pass it.
fn base_flags(krate: &Crate) -> &'static str {
    match krate.dir_name() {
        // parking_lot_core 0.9 casts integers back to pointers in its word lock when a lock
        // is contended (parking_lot#477), which strict provenance rejects. Our code in these
        // crates does no pointer-integer casts, so permissive provenance loses nothing on it.
        "raii-guards" | "sync-counter" => {
            "-Zmiri-permissive-provenance -Zmiri-symbolic-alignment-check"
        }
        _ => MIRIFLAGS,
    }
}

/// One Miri pass over a crate: a name for the log, extra MIRIFLAGS, and a nextest filter.
struct Pass {
    name: &'static str,
    flags: String,
    filter: Option<String>,
    /// `(test file stem, cfg)` of a cfg-gated test, run on its own.
    cfg_gated: Option<(&'static str, &'static str)>,
}

/// The passes for `krate`: every test under both borrow models, then the threaded tests under
/// more seeds.
fn passes(krate: &Crate) -> Vec<Pass> {
    let both_models = |name: [&'static str; 2], cfg_gated| {
        [
            Pass {
                name: name[0],
                flags: String::new(),
                filter: None,
                cfg_gated,
            },
            Pass {
                name: name[1],
                flags: "-Zmiri-tree-borrows".into(),
                filter: None,
                cfg_gated,
            },
        ]
    };
    let mut passes: Vec<Pass> = both_models(["stacked borrows", "tree borrows"], None).into();
    let threaded = krate.threaded_test_binaries();
    if !threaded.is_empty() {
        passes.push(Pass {
            name: "threaded tests, more seeds",
            flags: format!("-Zmiri-many-seeds={MORE_SEEDS}"),
            filter: Some(workspace::binaries_filter(&threaded)),
            cfg_gated: None,
        });
    }
    for &(_, test, cfg) in CFG_GATED_TESTS.iter().filter(|t| t.0 == krate.dir_name()) {
        passes.extend(both_models(
            [
                "cfg-gated test, stacked borrows",
                "cfg-gated test, tree borrows",
            ],
            Some((test, cfg)),
        ));
    }
    passes
}

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let all = args.iter().any(|a| a == "--all");
    let named: Vec<&String> = args.iter().filter(|a| *a != "--all").collect();
    let crates = workspace::crates()?;
    let known = |name: &str| crates.iter().any(|c| c.is_named(name));
    if let Some(unknown) = named.iter().find(|n| !known(n)) {
        let have: Vec<&str> = crates.iter().map(Crate::dir_name).collect();
        return Err(format!(
            "no crate `{unknown}` under crates/ (have: {})",
            have.join(", ")
        ));
    }
    let selected: Vec<Crate> = crates
        .into_iter()
        .filter(|c| {
            if !named.is_empty() {
                named.iter().any(|n| c.is_named(n))
            } else {
                all || !c.forbids_unsafe()
            }
        })
        .collect();

    ensure_miri()?;
    if cmd::output(cargo().args(["nextest", "--version"])).is_none() {
        return Err(
            "Miri runs the tests through cargo-nextest, which is not installed; \
                    install it with `cargo install cargo-nextest --locked`"
                .into(),
        );
    }
    cmd::run("miri setup", nightly_cargo().args(["miri", "setup"]))?;
    for krate in &selected {
        for pass in passes(krate) {
            let flags = format!("{} {}", base_flags(krate), pass.flags);
            let mut command = nightly_cargo();
            command.env("MIRIFLAGS", flags.trim()).args([
                "miri",
                "nextest",
                "run",
                "-p",
                &krate.name,
                "--all-features",
            ]);
            if let Some((test, cfg)) = pass.cfg_gated {
                command
                    .env("RUSTFLAGS", format!("--cfg {cfg}"))
                    .env("CARGO_TARGET_DIR", project_root().join("target/miri-cfg"))
                    .args(["--test", test, "--no-tests=fail"]);
            } else {
                // A crate whose tests are all ignored under Miri still passes.
                command.args(["--lib", "--tests", "--no-tests=warn"]);
            }
            if let Some(filter) = &pass.filter {
                command.args(["-E", filter]);
            }
            cmd::run(
                &format!("miri {} ({})", krate.name, pass.name),
                &mut command,
            )?;
        }
    }
    let names: Vec<&str> = selected.iter().map(|c| c.name.as_str()).collect();
    println!("\nmiri: passed for {}", names.join(", "));
    Ok(())
}

/// Makes sure the nightly toolchain has `miri` and `rust-src`, installing the components if
/// they are missing.
pub(crate) fn ensure_miri() -> Result<(), String> {
    ensure_nightly_components(&["miri", "rust-src"])
}

/// Makes sure the nightly toolchain has `components`, adding the missing ones with rustup.
pub(crate) fn ensure_nightly_components(components: &[&str]) -> Result<(), String> {
    let how = format!(
        "install it with `rustup toolchain install nightly --component {}`",
        components.join(",")
    );
    if cmd::output(cmd::program("rustup").arg("--version")).is_none() {
        return Err(format!("this needs rustup and a nightly toolchain: {how}"));
    }
    let Some(installed) = cmd::output(cmd::program("rustup").args([
        "component",
        "list",
        "--installed",
        "--toolchain",
        "nightly",
    ])) else {
        return Err(format!("the nightly toolchain is not installed: {how}"));
    };
    let has = |c: &str| installed.lines().any(|l| l.starts_with(c));
    if !components.iter().all(|c| has(c)) {
        cmd::run(
            "install nightly components",
            cmd::program("rustup")
                .args(["component", "add", "--toolchain", "nightly"])
                .args(components),
        )
        .map_err(|_| {
            format!(
                "could not add {} to the nightly toolchain: {how}",
                components.join(", ")
            )
        })?;
    }
    Ok(())
}

/// `cargo` of the nightly toolchain. The variables that the stable cargo running xtask set
/// would make cargo-miri call the stable cargo and rustc again, so they are removed.
pub(crate) fn nightly_cargo() -> Command {
    let mut command = cmd::program("rustup");
    command.args(["run", "nightly", "cargo"]);
    for var in ["CARGO", "RUSTC", "RUSTDOC", "RUSTC_WRAPPER", "RUSTFLAGS"] {
        command.env_remove(var);
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn krate(dir: &str) -> Crate {
        workspace::by_dir(dir)
    }

    #[test]
    fn every_crate_runs_under_both_borrow_models() {
        let names: Vec<&str> = passes(&krate("arena")).iter().map(|p| p.name).collect();
        assert!(
            names.starts_with(&["stacked borrows", "tree borrows"]),
            "{names:?}"
        );
        assert_eq!(passes(&krate("arena"))[1].flags, "-Zmiri-tree-borrows");
    }

    #[test]
    fn threaded_tests_get_more_seeds() {
        let pool = passes(&krate("raii-guards"));
        let seeds = pool.last().unwrap();
        assert!(
            seeds.flags.contains("-Zmiri-many-seeds="),
            "{}",
            seeds.flags
        );
        assert!(
            seeds
                .filter
                .as_deref()
                .unwrap()
                .contains("binary_id(ownership-raii-guards::pool)")
        );
    }

    #[test]
    fn every_test_that_needs_a_nightly_feature_is_listed_with_its_cfg() {
        for krate in workspace::crates().unwrap() {
            let Ok(tests) = std::fs::read_dir(krate.dir.join("tests")) else {
                continue;
            };
            for file in tests.map(|e| e.unwrap().path()) {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                if !text.lines().any(|l| l.starts_with("#![feature(")) {
                    continue;
                }
                let stem = file.file_stem().unwrap().to_str().unwrap();
                let listed = CFG_GATED_TESTS
                    .iter()
                    .find(|(k, t, _)| *k == krate.dir_name() && *t == stem);
                let (_, _, cfg) = listed.unwrap_or_else(|| {
                    panic!(
                        "{} needs nightly but is not in CFG_GATED_TESTS",
                        file.display()
                    )
                });
                assert!(
                    text.contains(&format!("#![cfg({cfg})]")),
                    "{} is not gated by #![cfg({cfg})], so stable builds would fail",
                    file.display()
                );
            }
        }
    }

    #[test]
    fn test_support_is_selected_for_its_allocator_and_core_traits_is_not() {
        assert!(!krate("test-support").forbids_unsafe());
        assert!(krate("core-traits").forbids_unsafe());
    }
}
