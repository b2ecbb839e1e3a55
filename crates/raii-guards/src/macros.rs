//! `defer!` and its on-success / on-unwind variants.

/// Runs the given statements when the current scope ends, however it ends.
///
/// Shorthand for `let _guard = guard((), |()| { ... });`. Works without `std`. Several
/// `defer!`s in one scope run in reverse order, like any locals.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::defer;
/// use std::cell::RefCell;
///
/// let log = RefCell::new(Vec::new());
/// {
///     defer! { log.borrow_mut().push("second"); }
///     defer! { log.borrow_mut().push("first"); }
///     log.borrow_mut().push("body");
/// }
/// assert_eq!(*log.borrow(), ["body", "first", "second"]);
/// ```
#[macro_export]
macro_rules! defer {
    ($($body:tt)*) => {
        let _guard = $crate::guard((), |()| { $($body)* });
    };
}

/// Runs the given statements when the current scope ends without a new panic (feature `std`).
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::defer_on_success;
/// use std::cell::Cell;
///
/// let done = Cell::new(false);
/// {
///     defer_on_success! { done.set(true); }
/// }
/// assert!(done.get());
/// ```
#[cfg(feature = "std")]
#[macro_export]
macro_rules! defer_on_success {
    ($($body:tt)*) => {
        let _guard = $crate::guard_on_success((), |()| { $($body)* });
    };
}

/// Runs the given statements only if a new panic unwinds out of the current scope (feature `std`).
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::defer_on_unwind;
/// use std::cell::Cell;
/// use std::panic::{self, AssertUnwindSafe};
///
/// let cleaned = Cell::new(false);
/// let _ = panic::catch_unwind(AssertUnwindSafe(|| {
///     defer_on_unwind! { cleaned.set(true); }
///     panic!("boom");
/// }));
/// assert!(cleaned.get());
/// ```
#[cfg(feature = "std")]
#[macro_export]
macro_rules! defer_on_unwind {
    ($($body:tt)*) => {
        let _guard = $crate::guard_on_unwind((), |()| { $($body)* });
    };
}
