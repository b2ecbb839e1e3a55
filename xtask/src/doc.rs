//! `cargo xtask doc`: rustdoc for the workspace; warnings (broken intra-doc links) fail it.

use crate::cmd::{self, cargo};

pub(crate) fn run() -> Result<(), String> {
    cmd::run(
        "rustdoc",
        cargo().env("RUSTDOCFLAGS", "-D warnings").args([
            "doc",
            "--workspace",
            "--no-deps",
            "--all-features",
        ]),
    )
}
