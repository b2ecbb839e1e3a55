//! `cargo xtask sanitize [thread|address]`: the tests under LLVM's sanitizers, on nightly.
//!
//! - ThreadSanitizer runs the test binaries that start threads (see
//!   [`Crate::threaded_test_binaries`]): it reports data races that the tests' assertions may
//!   not notice, and, unlike loom, on the real code with the real atomics and locks.
//! - AddressSanitizer, with its LeakSanitizer, runs every crate's tests: use after free,
//!   out-of-bounds access, and memory still allocated when a test process exits.
//!
//! Both rebuild std with the sanitizer (`-Zbuild-std`), so std's own atomics and allocations
//! are instrumented too; without that ThreadSanitizer reports false races inside std. Each
//! sanitizer builds in its own target directory. Doctests are left out: they would need the
//! same instrumented std for every doctest binary and add little over the test binaries.

use crate::cmd::{self, project_root};
use crate::miri::{ensure_nightly_components, nightly_cargo};
use crate::workspace::{self, Crate};

/// A sanitizer: its `-Zsanitizer` name and the runtime options that make a report fail.
struct Sanitizer {
    name: &'static str,
    options_var: &'static str,
    options: &'static str,
}

const THREAD: Sanitizer = Sanitizer {
    name: "thread",
    options_var: "TSAN_OPTIONS",
    // Exit non-zero on the first report, so nextest names the test.
    options: "halt_on_error=1 second_deadlock_stack=1",
};

const ADDRESS: Sanitizer = Sanitizer {
    name: "address",
    options_var: "ASAN_OPTIONS",
    // Tests that ask the system for more than it has (a 1 PiB arena chunk) expect a null
    // pointer back, as from malloc, not an abort.
    options: "detect_leaks=1 detect_stack_use_after_return=1 allocator_may_return_null=1",
};

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let chosen: Vec<&Sanitizer> = match args {
        [] => vec![&THREAD, &ADDRESS],
        [one] if one == "thread" => vec![&THREAD],
        [one] if one == "address" => vec![&ADDRESS],
        _ => return Err("usage: cargo xtask sanitize [thread|address]".into()),
    };
    ensure_nightly_components(&["rust-src"])?;
    let host = host_triple()?;
    let crates = workspace::crates()?;
    for sanitizer in chosen {
        let (packages, filter) = selection(sanitizer, &crates);
        let mut command = nightly_cargo();
        command
            .env("RUSTFLAGS", format!("-Zsanitizer={}", sanitizer.name))
            .env(sanitizer.options_var, sanitizer.options)
            .env(
                "CARGO_TARGET_DIR",
                project_root().join(format!("target/sanitize-{}", sanitizer.name)),
            )
            // `--target` keeps the sanitizer out of build scripts and proc macros, which run
            // on the host and are built without the instrumented std.
            .args(["nextest", "run", "-Zbuild-std", "--target", &host])
            .args(["--all-features", "--lib", "--tests", "--no-tests=fail"]);
        for package in &packages {
            command.args(["-p", package]);
        }
        if let Some(filter) = &filter {
            command.args(["-E", filter]);
        }
        cmd::run(&format!("sanitize {}", sanitizer.name), &mut command)?;
    }
    println!("\nsanitize: passed");
    Ok(())
}

/// The packages to build and the nextest filter for `sanitizer`.
fn selection(sanitizer: &Sanitizer, crates: &[Crate]) -> (Vec<String>, Option<String>) {
    if sanitizer.name == THREAD.name {
        let threaded: Vec<(String, Vec<String>)> = crates
            .iter()
            .map(|c| (c.name.clone(), c.threaded_test_binaries()))
            .filter(|(_, binaries)| !binaries.is_empty())
            .collect();
        let binaries: Vec<String> = threaded.iter().flat_map(|(_, b)| b.clone()).collect();
        let packages = threaded.into_iter().map(|(name, _)| name).collect();
        (packages, Some(workspace::binaries_filter(&binaries)))
    } else {
        (crates.iter().map(|c| c.name.clone()).collect(), None)
    }
}

/// The host's target triple, from nightly rustc (the triple `-Zbuild-std` builds for).
fn host_triple() -> Result<String, String> {
    let mut rustc = cmd::program("rustup");
    rustc.args(["run", "nightly", "rustc", "-vV"]);
    let info = cmd::output(&mut rustc).ok_or("cannot run nightly rustc -vV")?;
    info.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_string)
        .ok_or_else(|| "nightly rustc -vV names no host".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_sanitizer_runs_only_the_threaded_binaries_of_their_crates() {
        let crates = workspace::crates().unwrap();
        let (packages, filter) = selection(&THREAD, &crates);
        let raii = workspace::by_dir("raii-guards").name;
        assert!(packages.contains(&raii), "{packages:?}");
        let cow = workspace::by_dir("cow-utils").name;
        assert!(!packages.contains(&cow), "{packages:?}");
        let filter = filter.unwrap();
        assert!(
            filter.contains(&format!("binary_id({raii}::pool)")),
            "{filter}"
        );
        assert!(!filter.contains("scope_guard"), "{filter}");
    }

    #[test]
    fn address_sanitizer_runs_every_crate() {
        let crates = workspace::crates().unwrap();
        let (packages, filter) = selection(&ADDRESS, &crates);
        assert_eq!(packages.len(), crates.len());
        assert!(filter.is_none());
    }
}
