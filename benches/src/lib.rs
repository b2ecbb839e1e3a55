//! Criterion benches for the ownership-patterns workspace.
//!
//! The benches live in `benches/`; each group puts ours first, then the peers, and
//! `cargo xtask bench` reports every peer as a ratio to ours.
#![forbid(unsafe_code)]
