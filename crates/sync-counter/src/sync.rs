//! The synchronization primitives of the lock-free parts, replaced by loom's under `cfg(loom)`.
//!
//! Everything whose interleavings `tests/loom.rs` explores (the counter's value, its threshold
//! mask and callback list, the rate limiter's word, the manual clock) goes through here. The
//! blocking types (`BoundedQueue`, `Latch`, the caches, lock ordering) use `parking_lot`
//! directly: loom cannot model it, and they hold no lock-free logic of their own.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicU64, AtomicUsize, Ordering, fence};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering, fence};

#[cfg(not(loom))]
pub(crate) use parking_lot::Mutex;

/// loom's mutex with `parking_lot`'s signature: `lock` returns the guard directly.
#[cfg(loom)]
#[derive(Debug)]
pub(crate) struct Mutex<T>(loom::sync::Mutex<T>);

#[cfg(loom)]
impl<T> Mutex<T> {
    pub(crate) fn new(value: T) -> Self {
        Self(loom::sync::Mutex::new(value))
    }

    pub(crate) fn lock(&self) -> loom::sync::MutexGuard<'_, T> {
        // Like parking_lot, ignore poisoning: a panicking callback never holds this lock.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
