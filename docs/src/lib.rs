//! The ownership-patterns guide: one page per pattern.
//!
//! Each page is a Markdown file in `docs/`, included here so that every Rust code block in it
//! runs as a doctest under `cargo xtask test-all`. Read the pages on GitHub or with
//! `cargo doc -p docs --open`.
#![forbid(unsafe_code)]

#[cfg(feature = "arena")]
#[doc = include_str!("../arena.md")]
pub mod arena {}

#[cfg(feature = "sync-counter")]
#[doc = include_str!("../sync.md")]
pub mod sync {}

#[cfg(feature = "raii-guards")]
#[doc = include_str!("../raii.md")]
pub mod raii {}

#[cfg(feature = "cow-utils")]
#[doc = include_str!("../cow.md")]
pub mod cow {}

#[cfg(feature = "layout")]
#[doc = include_str!("../layout.md")]
pub mod layout {}

#[cfg(feature = "interior")]
#[doc = include_str!("../interior.md")]
pub mod interior {}

#[cfg(feature = "smartptr")]
#[doc = include_str!("../smartptr.md")]
pub mod smartptr {}
