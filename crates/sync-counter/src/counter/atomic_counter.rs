//! A plain atomic counter: one atomic integer, no callbacks, no lock.

use crate::sync::{AtomicUsize, Ordering};

/// A counter that is one `AtomicUsize`: no callbacks, no history, nothing to configure.
///
/// Use it when all you need is a shared number; `ThreadSafeCounter` adds threshold callbacks
/// at the cost of one more atomic load per operation.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use ownership_sync_counter::counter::AtomicCounter;
///
/// let hits = Arc::new(AtomicCounter::new());
/// let h = Arc::clone(&hits);
/// std::thread::spawn(move || { h.increment(); }).join().unwrap();
/// assert_eq!(hits.get(), 1);
/// ```
#[derive(Debug, Default)]
pub struct AtomicCounter {
    value: AtomicUsize,
}

impl AtomicCounter {
    /// Creates a counter at zero.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_sync_counter::counter::AtomicCounter::new().get(), 0);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one and returns the new value (wrapping past `usize::MAX`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_sync_counter::counter::AtomicCounter::new();
    /// assert_eq!(c.increment(), 1);
    /// ```
    pub fn increment(&self) -> usize {
        self.value.fetch_add(1, Ordering::Relaxed).wrapping_add(1)
    }

    /// Subtracts one, saturating at zero, and returns the new value.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_sync_counter::counter::AtomicCounter::new();
    /// assert_eq!(c.decrement(), 0);
    /// ```
    pub fn decrement(&self) -> usize {
        self.value
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| v.checked_sub(1))
            .map_or(0, |previous| previous - 1)
    }

    /// Returns the current value.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_sync_counter::counter::AtomicCounter::new();
    /// c.increment();
    /// assert_eq!(c.get(), 1);
    /// ```
    pub fn get(&self) -> usize {
        self.value.load(Ordering::Relaxed)
    }

    /// Sets the value to zero.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_sync_counter::counter::AtomicCounter::new();
    /// c.increment();
    /// c.reset();
    /// assert_eq!(c.get(), 0);
    /// ```
    pub fn reset(&self) {
        self.value.store(0, Ordering::Relaxed);
    }
}

impl ownership_core_traits::Counter for AtomicCounter {
    fn increment(&self) -> usize {
        AtomicCounter::increment(self)
    }

    fn decrement(&self) -> usize {
        AtomicCounter::decrement(self)
    }

    fn get(&self) -> usize {
        AtomicCounter::get(self)
    }

    fn reset(&self) {
        AtomicCounter::reset(self);
    }
}
