//! Declares the crate's custom cfg, so rustc's `unexpected_cfgs` check knows it.

fn main() {
    // `arena_oom_panic`: set (with the nightly flag `-Zoom=panic`) to build
    // `tests/oom_panic.rs`, whose allocation failures must unwind instead of aborting.
    println!("cargo::rustc-check-cfg=cfg(arena_oom_panic)");
    println!("cargo::rerun-if-changed=build.rs");
}
