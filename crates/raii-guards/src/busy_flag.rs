//! `BusyFlag`: a non-reentrant section for one thread, over a `Cell<bool>`.

use std::cell::Cell;

/// A flag that lets at most one [`BusyGuard`] exist at a time: a non-reentrant section.
///
/// A non-reentrant section guard. It is for one thread (it is `!Sync`): a callback that calls back
/// into the object that is running it, an event handler that must not recurse, a re-entrant
/// `refresh()`. For threads, use a `Mutex`.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::BusyFlag;
///
/// let busy = BusyFlag::new();
/// let outer = busy.try_acquire().expect("free");
/// assert!(busy.try_acquire().is_none(), "re-entry is refused");
/// drop(outer);
/// assert!(busy.try_acquire().is_some());
/// ```
#[derive(Debug, Default)]
pub struct BusyFlag {
    busy: Cell<bool>,
}

/// Marks its [`BusyFlag`] busy until dropped, even when dropped by a panic.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::BusyFlag;
///
/// let busy = BusyFlag::new();
/// {
///     let _g = busy.try_acquire().unwrap();
///     assert!(busy.is_busy());
/// }
/// assert!(!busy.is_busy());
/// ```
#[derive(Debug)]
#[must_use = "the flag is released as soon as the guard is dropped"]
pub struct BusyGuard<'a> {
    flag: &'a BusyFlag,
}

impl BusyFlag {
    /// Creates a flag that is not busy.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::BusyFlag;
    ///
    /// assert!(!BusyFlag::new().is_busy());
    /// ```
    pub const fn new() -> Self {
        BusyFlag {
            busy: Cell::new(false),
        }
    }

    /// Marks the flag busy and returns the guard, or `None` if it is already busy.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::BusyFlag;
    ///
    /// let busy = BusyFlag::new();
    /// let g = busy.try_acquire();
    /// assert!(g.is_some());
    /// assert!(busy.try_acquire().is_none());
    /// ```
    pub fn try_acquire(&self) -> Option<BusyGuard<'_>> {
        if self.busy.replace(true) {
            None
        } else {
            Some(BusyGuard { flag: self })
        }
    }

    /// Returns whether a guard is alive.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::BusyFlag;
    ///
    /// let busy = BusyFlag::new();
    /// let _g = busy.try_acquire();
    /// assert!(busy.is_busy());
    /// ```
    pub fn is_busy(&self) -> bool {
        self.busy.get()
    }
}

impl Drop for BusyGuard<'_> {
    fn drop(&mut self) {
        self.flag.busy.set(false);
    }
}
