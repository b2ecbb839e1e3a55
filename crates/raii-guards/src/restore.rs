//! `replace_guard`: set a value for the length of a scope, and put the old one back.

use std::fmt;
use std::mem;
use std::ops::{Deref, DerefMut};

/// Puts the old value back into a place when dropped, even during a panic.
///
/// Created by [`replace_guard`]. It derefs to the place's *current* value, so the scope keeps
/// working on it through the guard.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::replace_guard;
///
/// let mut depth = 0;
/// {
///     let mut d = replace_guard(&mut depth, 1);
///     *d += 1;
///     assert_eq!(*d, 2);
/// }
/// assert_eq!(depth, 0);
/// ```
#[must_use = "the old value is restored when the guard is dropped; bind it to a variable"]
pub struct Restore<'a, T> {
    place: &'a mut T,
    /// `None` only after `keep` took it out.
    old: Option<T>,
}

/// Sets `*place = new` and returns a guard that restores the old value when dropped.
///
/// A panic-safe state guard, for any `T`: an early return or a panic in the scope
/// cannot leave the temporary value behind.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::replace_guard;
/// use std::panic::{self, AssertUnwindSafe};
///
/// let mut mode = "normal";
/// let _ = panic::catch_unwind(AssertUnwindSafe(|| {
///     let _m = replace_guard(&mut mode, "maintenance");
///     panic!("migration failed");
/// }));
/// assert_eq!(mode, "normal");
/// ```
pub fn replace_guard<T>(place: &mut T, new: T) -> Restore<'_, T> {
    let old = mem::replace(place, new);
    Restore {
        place,
        old: Some(old),
    }
}

impl<T> Restore<'_, T> {
    /// Returns the value that will be put back.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::replace_guard;
    ///
    /// let mut level = 3;
    /// let g = replace_guard(&mut level, 9);
    /// assert_eq!((*g, *g.old()), (9, 3));
    /// ```
    pub fn old(&self) -> &T {
        self.old.as_ref().unwrap_or_else(|| unreachable_taken())
    }

    /// Keeps the current value in place and returns the old one instead of restoring it.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::replace_guard;
    ///
    /// let mut config = String::from("v1");
    /// let g = replace_guard(&mut config, String::from("v2"));
    /// let previous = g.keep();
    /// assert_eq!((config.as_str(), previous.as_str()), ("v2", "v1"));
    /// ```
    pub fn keep(mut self) -> T {
        self.old.take().unwrap_or_else(|| unreachable_taken())
    }
}

/// `old` is `Some` from creation until `keep` or `drop` consumes the guard, so no method that
/// borrows a live guard can observe `None`.
#[cold]
fn unreachable_taken() -> ! {
    unreachable!("Restore::old is only taken when the guard is consumed")
}

impl<T> Drop for Restore<'_, T> {
    fn drop(&mut self) {
        if let Some(old) = self.old.take() {
            *self.place = old;
        }
    }
}

impl<T> Deref for Restore<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.place
    }
}

impl<T> DerefMut for Restore<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.place
    }
}

impl<T: fmt::Debug> fmt::Debug for Restore<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Restore")
            .field("current", &*self.place)
            .field("old", &self.old)
            .finish()
    }
}
