//! `cargo xtask test-all`: everything CI checks, in order, stopping at the first failure.

use crate::cmd::{self, cargo};
use crate::workspace;

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
    let no_std: Vec<String> = workspace::crates()?
        .into_iter()
        .filter(|c| c.is_no_std())
        .map(|c| c.name)
        .collect();
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
