//! `cargo xtask loom`: the loom models, which exhaustively explore thread interleavings of
//! our own atomics. They build the crate with `--cfg loom` (swapping std atomics for loom's),
//! in their own target directory so the normal build is not invalidated.

use crate::cmd::{self, cargo, project_root};

/// Crates with loom models in `tests/loom.rs`.
const MODELLED: &[&str] = &["sync-counter"];

pub(crate) fn run() -> Result<(), String> {
    for krate in MODELLED {
        if !project_root()
            .join("crates")
            .join(krate)
            .join("tests/loom.rs")
            .exists()
        {
            return Err(format!("{krate} has no tests/loom.rs: nothing to model"));
        }
        cmd::run(
            "loom",
            cargo()
                .env("RUSTFLAGS", "--cfg loom")
                .env("CARGO_TARGET_DIR", project_root().join("target/loom"))
                // Bounded exploration keeps a CI run to seconds; raise it locally to dig deeper.
                .env("LOOM_MAX_PREEMPTIONS", "2")
                .args(["test", "--release", "-p", krate, "--test", "loom"]),
        )?;
    }
    Ok(())
}
