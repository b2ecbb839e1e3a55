//! `cargo xtask test-all`: everything CI checks, in order, stopping at the first failure.

use crate::cmd::{self, cargo, project_root};

pub(crate) fn run() -> Result<(), String> {
    cmd::run("fmt", cargo().args(["fmt", "--all", "--", "--check"]))?;
    cmd::run(
        "clippy",
        cargo()
            .args(["clippy", "--workspace", "--all-targets", "--all-features"])
            .args(["--", "-D", "warnings"]),
    )?;
    // Tests run with every feature on; this builds the `no_std` crates with none, so a stray
    // `std::` path in them fails here rather than in a user's embedded build.
    let no_std = no_std_crates();
    if !no_std.is_empty() {
        let mut check = cargo();
        check.args(["check", "--no-default-features"]);
        for krate in &no_std {
            check.args(["-p", krate]);
        }
        cmd::run("no-std check", &mut check)?;
    }
    if cmd::output(cargo().args(["nextest", "--version"])).is_none() {
        return Err("step `nextest` failed: cargo-nextest is not installed; \
                    install it with `cargo install cargo-nextest --locked`"
            .into());
    }
    cmd::run(
        "nextest",
        cargo().args([
            "nextest",
            "run",
            "--workspace",
            "--all-features",
            "--no-tests=fail",
        ]),
    )?;
    cmd::run(
        "doctests",
        cargo().args(["test", "--doc", "--workspace", "--all-features"]),
    )?;
    crate::doc::run()?;
    println!("\ntest-all: every step passed");
    Ok(())
}

/// The crates under `crates/` whose root says `#![no_std]` (ignoring `cfg_attr` forms).
fn no_std_crates() -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(project_root().join("crates")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|entry| {
            std::fs::read_to_string(entry.path().join("src/lib.rs"))
                .is_ok_and(|root| root.lines().any(|l| l.trim() == "#![no_std]"))
        })
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    #[test]
    fn core_traits_is_checked_without_std() {
        assert!(super::no_std_crates().contains(&"core-traits".to_string()));
    }
}
