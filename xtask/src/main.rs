//! Workspace automation for ownership-patterns: `cargo xtask <command>`.
//!
//! Plain std Rust: every command prints each program it runs, then runs it from the workspace
//! root, and stops at the first failure with the name of the step that failed.

mod bench;
mod bench_report;
mod cmd;
mod demo;
mod doc;
mod loom;
mod miri;
mod sanitize;
mod test_all;
#[cfg(test)]
mod tidy;
mod workspace;

use std::process::ExitCode;

/// The commands, as `--help` lists them (the tidy tests check the README against this list).
const COMMANDS: &[(&str, &str)] = &[
    (
        "test-all",
        "fmt check, clippy -D warnings, nextest, doctests, rustdoc -D warnings",
    ),
    (
        "miri [CRATE...] [--all]",
        "the tests under Miri (default: every crate that does not forbid unsafe_code)",
    ),
    (
        "loom",
        "the loom models of every crate with tests/loom.rs (RUSTFLAGS=--cfg loom)",
    ),
    (
        "sanitize [thread|address]",
        "ThreadSanitizer over the threaded tests, AddressSanitizer over all (nightly)",
    ),
    (
        "bench [--quick] [--repeat N] [GROUP...]",
        "criterion benches (N runs of the named groups), then target/bench-report.md: ratios ours ÷ peer, with their range over the runs",
    ),
    ("doc", "rustdoc for the workspace with -D warnings"),
    ("demo", "runs every example program of the pattern crates"),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        print_help();
        return ExitCode::FAILURE;
    };
    let result = match command.as_str() {
        "test-all" => test_all::run(),
        "miri" => miri::run(rest),
        "sanitize" => sanitize::run(rest),
        "loom" => loom::run(),
        "bench" => bench::run(rest),
        "doc" => doc::run(),
        "demo" => demo::run(),
        "-h" | "--help" | "help" => {
            print_help();
            return ExitCode::SUCCESS;
        }
        other => Err(format!(
            "unknown command `{other}`; see `cargo xtask --help`"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn print_help() {
    println!("usage: cargo xtask <command>\n\ncommands:");
    for (name, what) in COMMANDS {
        println!("  {name:<26} {what}");
    }
}
