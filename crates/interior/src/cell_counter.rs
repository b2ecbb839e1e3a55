//! A single-threaded counter in a `Cell`.

use std::cell::Cell;

use ownership_core_traits::Counter;

/// A counter changed through `&self`, for one thread: a `Cell<usize>` with no borrow to fail.
///
/// `increment` saturates at `usize::MAX` and `decrement` at 0, so the counter never wraps.
/// It is `!Sync`; for a counter shared between threads use `sync-counter`.
///
/// # Examples
///
/// ```
/// use ownership_interior::CellCounter;
///
/// let hits = CellCounter::new();
/// hits.increment();
/// assert_eq!(hits.increment(), 2);
/// assert_eq!(hits.decrement(), 1);
/// hits.reset();
/// assert_eq!(hits.decrement(), 0, "saturates at zero");
/// ```
#[derive(Debug, Default, Clone)]
pub struct CellCounter {
    value: Cell<usize>,
}

impl CellCounter {
    /// Creates a counter at zero.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_interior::CellCounter::new().get(), 0);
    /// ```
    pub const fn new() -> Self {
        Self {
            value: Cell::new(0),
        }
    }

    /// Creates a counter starting at `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_interior::CellCounter::with_value(usize::MAX);
    /// assert_eq!(c.increment(), usize::MAX, "saturates at the top");
    /// ```
    pub const fn with_value(value: usize) -> Self {
        Self {
            value: Cell::new(value),
        }
    }

    /// Adds one, saturating at `usize::MAX`, and returns the new value.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_interior::CellCounter::new();
    /// assert_eq!(c.increment(), 1);
    /// ```
    pub fn increment(&self) -> usize {
        let next = self.value.get().saturating_add(1);
        self.value.set(next);
        next
    }

    /// Subtracts one, saturating at zero, and returns the new value.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_interior::CellCounter::new();
    /// assert_eq!(c.decrement(), 0);
    /// ```
    pub fn decrement(&self) -> usize {
        let next = self.value.get().saturating_sub(1);
        self.value.set(next);
        next
    }

    /// Returns the current value.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_interior::CellCounter::new();
    /// c.increment();
    /// assert_eq!(c.get(), 1);
    /// ```
    pub fn get(&self) -> usize {
        self.value.get()
    }

    /// Sets the value back to zero.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_interior::CellCounter::new();
    /// c.increment();
    /// c.reset();
    /// assert_eq!(c.get(), 0);
    /// ```
    pub fn reset(&self) {
        self.value.set(0);
    }
}

impl Counter for CellCounter {
    fn increment(&self) -> usize {
        CellCounter::increment(self)
    }

    fn decrement(&self) -> usize {
        CellCounter::decrement(self)
    }

    fn get(&self) -> usize {
        CellCounter::get(self)
    }

    fn reset(&self) {
        CellCounter::reset(self);
    }
}
