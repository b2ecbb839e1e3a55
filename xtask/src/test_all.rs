//! `cargo xtask test-all`: everything CI checks, in order, stopping at the first failure.

use crate::cmd::{self, cargo};

pub(crate) fn run() -> Result<(), String> {
    cmd::run("fmt", cargo().args(["fmt", "--all", "--", "--check"]))?;
    cmd::run(
        "clippy",
        cargo()
            .args(["clippy", "--workspace", "--all-targets", "--all-features"])
            .args(["--", "-D", "warnings"]),
    )?;
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
