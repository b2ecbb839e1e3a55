//! The atomics of `IntrusiveArc`, replaced by loom's under `cfg(loom)`.
//!
//! `tests/loom.rs` explores the interleavings of the reference count's increments, decrements
//! and the acquire load before the value is dropped; everything else in the crate is
//! single-threaded or behind a mutex.

#[cfg(not(loom))]
pub(crate) use core::sync::atomic::{AtomicUsize, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicUsize, Ordering};
