//! [`Counter`]: a counter changed through `&self`.

/// A counter that is changed through a shared reference.
///
/// Implemented by a `Cell` counter for one thread and by mutex, atomic and sharded counters for
/// many. `decrement` saturates at zero: a counter never wraps around.
///
/// # Examples
///
/// ```
/// use core::cell::Cell;
/// use ownership_core_traits::Counter;
///
/// #[derive(Default)]
/// struct CellCounter(Cell<usize>);
///
/// impl Counter for CellCounter {
///     fn increment(&self) -> usize {
///         let next = self.0.get() + 1;
///         self.0.set(next);
///         next
///     }
///     fn decrement(&self) -> usize {
///         let next = self.0.get().saturating_sub(1);
///         self.0.set(next);
///         next
///     }
///     fn get(&self) -> usize {
///         self.0.get()
///     }
///     fn reset(&self) {
///         self.0.set(0);
///     }
/// }
///
/// let c = CellCounter::default();
/// assert_eq!(c.increment(), 1);
/// assert_eq!(c.decrement(), 0);
/// assert_eq!(c.decrement(), 0, "saturates at zero");
/// ```
pub trait Counter {
    /// Adds one and returns the new value.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::Counter;
    /// fn count_twice(c: &impl Counter) -> usize {
    ///     c.increment();
    ///     c.increment()
    /// }
    /// # struct C(core::cell::Cell<usize>);
    /// # impl Counter for C {
    /// #     fn increment(&self) -> usize { self.0.set(self.0.get() + 1); self.0.get() }
    /// #     fn decrement(&self) -> usize { self.0.set(self.0.get().saturating_sub(1)); self.0.get() }
    /// #     fn get(&self) -> usize { self.0.get() }
    /// #     fn reset(&self) { self.0.set(0) }
    /// # }
    /// assert_eq!(count_twice(&C(core::cell::Cell::new(0))), 2);
    /// ```
    fn increment(&self) -> usize;

    /// Subtracts one, saturating at zero, and returns the new value.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::Counter;
    /// # struct C(core::cell::Cell<usize>);
    /// # impl Counter for C {
    /// #     fn increment(&self) -> usize { self.0.set(self.0.get() + 1); self.0.get() }
    /// #     fn decrement(&self) -> usize { self.0.set(self.0.get().saturating_sub(1)); self.0.get() }
    /// #     fn get(&self) -> usize { self.0.get() }
    /// #     fn reset(&self) { self.0.set(0) }
    /// # }
    /// let c = C(core::cell::Cell::new(0));
    /// assert_eq!(c.decrement(), 0);
    /// ```
    fn decrement(&self) -> usize;

    /// Returns the current value.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::Counter;
    /// # struct C(core::cell::Cell<usize>);
    /// # impl Counter for C {
    /// #     fn increment(&self) -> usize { self.0.set(self.0.get() + 1); self.0.get() }
    /// #     fn decrement(&self) -> usize { self.0.set(self.0.get().saturating_sub(1)); self.0.get() }
    /// #     fn get(&self) -> usize { self.0.get() }
    /// #     fn reset(&self) { self.0.set(0) }
    /// # }
    /// let c = C(core::cell::Cell::new(41));
    /// c.increment();
    /// assert_eq!(c.get(), 42);
    /// ```
    fn get(&self) -> usize;

    /// Sets the value back to zero.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::Counter;
    /// # struct C(core::cell::Cell<usize>);
    /// # impl Counter for C {
    /// #     fn increment(&self) -> usize { self.0.set(self.0.get() + 1); self.0.get() }
    /// #     fn decrement(&self) -> usize { self.0.set(self.0.get().saturating_sub(1)); self.0.get() }
    /// #     fn get(&self) -> usize { self.0.get() }
    /// #     fn reset(&self) { self.0.set(0) }
    /// # }
    /// let c = C(core::cell::Cell::new(7));
    /// c.reset();
    /// assert_eq!(c.get(), 0);
    /// ```
    fn reset(&self);
}
