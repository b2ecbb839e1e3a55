//! `cargo xtask loom`: the loom models, which exhaustively explore thread interleavings of
//! our own atomics. They build each crate that has `tests/loom.rs` with `--cfg loom`
//! (swapping std atomics for loom's), in their own target directory so the normal build is not
//! invalidated.

use crate::cmd::{self, cargo, project_root};
use crate::workspace;

pub(crate) fn run() -> Result<(), String> {
    let modelled: Vec<_> = workspace::crates()?
        .into_iter()
        .filter(|c| c.has_loom_models())
        .collect();
    if modelled.is_empty() {
        return Err("no crate has tests/loom.rs: nothing to model".into());
    }
    for krate in &modelled {
        cmd::run(
            &format!("loom {}", krate.name),
            cargo()
                .env("RUSTFLAGS", "--cfg loom")
                .env("CARGO_TARGET_DIR", project_root().join("target/loom"))
                // Bounded exploration keeps a CI run to seconds; raise it locally to dig deeper.
                .env("LOOM_MAX_PREEMPTIONS", "2")
                .args(["test", "--release", "-p", &krate.name, "--test", "loom"]),
        )?;
    }
    Ok(())
}
