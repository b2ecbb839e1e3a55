//! `ScopeGuard`: a value and a closure that runs on it when the guard goes out of scope.

use core::fmt;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::ops::{Deref, DerefMut};

use crate::strategy::{Always, Strategy};
#[cfg(feature = "std")]
use crate::strategy::{OnSuccess, OnUnwind};

/// Owns a value and runs a closure on it when dropped, as its [`Strategy`] decides.
///
/// The guard derefs to the value, so code in the scope keeps using it. Early returns, `?` and
/// panics all drop the guard, so the closure cannot be skipped by accident; only
/// [`into_inner`](Self::into_inner) and [`dismiss`](Self::dismiss) defuse it on purpose.
///
/// Like `Box` and `Rc`, the guard's own operations are associated functions
/// (`ScopeGuard::dismiss(&mut g)`), so they never shadow a method of the value it derefs to.
///
/// It costs nothing over writing the `Drop` impl by hand: the value and closure are stored
/// inline (in `ManuallyDrop`), the [`Always`] strategy's state is zero-sized, and everything is
/// `#[inline]` (benches: same speed as `scopeguard::guard`).
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::{guard, ScopeGuard};
///
/// let mut log = Vec::new();
/// {
///     let mut items = guard(Vec::new(), |items: Vec<u32>| log.push(items.len()));
///     items.push(1); // derefs to the Vec
///     items.push(2);
/// } // the closure runs here with the Vec
/// assert_eq!(log, [2]);
///
/// let defused = guard(String::from("kept"), |_| unreachable!("defused guards never run"));
/// assert_eq!(ScopeGuard::into_inner(defused), "kept");
/// ```
#[must_use = "a guard that is not bound to a variable is dropped at once; write `let _guard = ...`"]
pub struct ScopeGuard<T, F, S = Always>
where
    F: FnOnce(T),
    S: Strategy,
{
    value: ManuallyDrop<T>,
    dropfn: ManuallyDrop<F>,
    state: S::State,
    armed: bool,
    strategy: PhantomData<fn(S) -> S>,
}

/// Creates a guard that runs `dropfn(value)` when it goes out of scope, whatever the reason.
///
/// Works without `std`.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::guard;
///
/// let mut closed = false;
/// fn work(closed: &mut bool, fail: bool) -> Result<(), &'static str> {
///     let _close = guard(closed, |c| *c = true);
///     if fail {
///         return Err("early return"); // still closes
///     }
///     Ok(())
/// }
/// assert!(work(&mut closed, true).is_err());
/// assert!(closed);
/// ```
#[inline]
#[must_use = "a guard that is not bound to a variable is dropped at once; write `let _guard = ...`"]
pub fn guard<T, F>(value: T, dropfn: F) -> ScopeGuard<T, F, Always>
where
    F: FnOnce(T),
{
    ScopeGuard::with_strategy(value, dropfn)
}

/// Creates a guard that runs `dropfn(value)` only if its scope is left without a new panic.
///
/// Needs feature `std`. See [`OnSuccess`] for the exact rule.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::guard_on_success;
/// use std::panic::{self, AssertUnwindSafe};
///
/// let mut published = 0;
/// let _ = panic::catch_unwind(AssertUnwindSafe(|| {
///     let _g = guard_on_success(&mut published, |p| *p += 1);
///     panic!("not published");
/// }));
/// assert_eq!(published, 0);
/// ```
#[cfg(feature = "std")]
#[inline]
#[must_use = "a guard that is not bound to a variable is dropped at once; write `let _guard = ...`"]
pub fn guard_on_success<T, F>(value: T, dropfn: F) -> ScopeGuard<T, F, OnSuccess>
where
    F: FnOnce(T),
{
    ScopeGuard::with_strategy(value, dropfn)
}

/// Creates a guard that runs `dropfn(value)` only if a new panic unwinds through it.
///
/// Needs feature `std`. See [`OnUnwind`] for the exact rule, including a guard created while
/// the thread is already panicking.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::guard_on_unwind;
///
/// let mut rolled_back = false;
/// {
///     let _g = guard_on_unwind(&mut rolled_back, |r| *r = true);
/// } // normal exit: nothing to undo
/// assert!(!rolled_back);
/// ```
#[cfg(feature = "std")]
#[inline]
#[must_use = "a guard that is not bound to a variable is dropped at once; write `let _guard = ...`"]
pub fn guard_on_unwind<T, F>(value: T, dropfn: F) -> ScopeGuard<T, F, OnUnwind>
where
    F: FnOnce(T),
{
    ScopeGuard::with_strategy(value, dropfn)
}

impl<T, F, S> ScopeGuard<T, F, S>
where
    F: FnOnce(T),
    S: Strategy,
{
    /// Creates a guard with the strategy `S` chosen by type.
    ///
    /// [`guard`], [`guard_on_success`] and [`guard_on_unwind`] are shorthands for this.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{Always, ScopeGuard};
    ///
    /// let mut n = 0;
    /// drop(ScopeGuard::<_, _, Always>::with_strategy(&mut n, |n| *n += 1));
    /// assert_eq!(n, 1);
    /// ```
    #[inline]
    #[must_use = "a guard that is not bound to a variable is dropped at once; write `let _guard = ...`"]
    pub fn with_strategy(value: T, dropfn: F) -> Self {
        ScopeGuard {
            value: ManuallyDrop::new(value),
            dropfn: ManuallyDrop::new(dropfn),
            state: S::enter(),
            armed: true,
            strategy: PhantomData,
        }
    }

    /// Defuses the guard and gives the value back; the closure is dropped without running.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{guard, ScopeGuard};
    ///
    /// let g = guard(vec![1, 2], |_| panic!("never runs"));
    /// let v = ScopeGuard::into_inner(g);
    /// assert_eq!(v, [1, 2]);
    /// ```
    #[inline]
    pub fn into_inner(guard: Self) -> T {
        let (value, dropfn) = Self::into_parts(guard);
        drop(dropfn);
        value
    }

    /// Disarms the guard in place: when it is dropped, the closure is dropped without running.
    ///
    /// The value stays reachable through the guard until then. Other guards call this
    /// `disarm()`. Disarming is final; there is no re-arm.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{guard, ScopeGuard};
    ///
    /// let mut undone = false;
    /// {
    ///     let mut g = guard(&mut undone, |u| *u = true);
    ///     // ... the risky part succeeded:
    ///     ScopeGuard::dismiss(&mut g);
    /// }
    /// assert!(!undone);
    /// ```
    #[inline]
    pub fn dismiss(guard: &mut Self) {
        guard.armed = false;
    }

    /// Returns whether the closure can still run (it has not been dismissed).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{guard, ScopeGuard};
    ///
    /// let mut g = guard((), |()| {});
    /// assert!(ScopeGuard::is_armed(&g));
    /// ScopeGuard::dismiss(&mut g);
    /// assert!(!ScopeGuard::is_armed(&g));
    /// ```
    #[inline]
    pub fn is_armed(guard: &Self) -> bool {
        guard.armed
    }

    /// Runs the closure now, whatever the strategy, unless the guard was dismissed.
    ///
    /// The guard is consumed, so the closure cannot run a second time at the end of the scope.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{guard, ScopeGuard};
    ///
    /// let mut log = Vec::new();
    /// let g = guard(&mut log, |log| log.push("flushed"));
    /// ScopeGuard::run_now(g);
    /// assert_eq!(log, ["flushed"]);
    /// ```
    #[inline]
    pub fn run_now(guard: Self) {
        let armed = guard.armed;
        let (value, dropfn) = Self::into_parts(guard);
        if armed {
            dropfn(value);
        }
    }

    /// Takes the value and the closure out, so that the guard's `Drop` never runs.
    #[inline]
    fn into_parts(guard: Self) -> (T, F) {
        let mut guard = ManuallyDrop::new(guard);
        // SAFETY: `guard` is wrapped in `ManuallyDrop`, so `Drop for ScopeGuard` (the only other
        // place that takes these fields) never runs for it, and each field is taken exactly once
        // here. `state` is `Copy` and `strategy` is a `PhantomData`: neither needs dropping.
        unsafe {
            (
                ManuallyDrop::take(&mut guard.value),
                ManuallyDrop::take(&mut guard.dropfn),
            )
        }
    }
}

impl<T, F, S> Drop for ScopeGuard<T, F, S>
where
    F: FnOnce(T),
    S: Strategy,
{
    #[inline]
    fn drop(&mut self) {
        // SAFETY: `drop` runs at most once, and the fields are not used after it. `into_parts`,
        // the only other place that takes them, consumes the guard inside a `ManuallyDrop`, so
        // a guard that reaches here still owns both.
        let (value, dropfn) = unsafe {
            (
                ManuallyDrop::take(&mut self.value),
                ManuallyDrop::take(&mut self.dropfn),
            )
        };
        if self.armed && S::should_run(&self.state) {
            dropfn(value);
        }
    }
}

impl<T, F, S> Deref for ScopeGuard<T, F, S>
where
    F: FnOnce(T),
    S: Strategy,
{
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T, F, S> DerefMut for ScopeGuard<T, F, S>
where
    F: FnOnce(T),
    S: Strategy,
{
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T, F, S> fmt::Debug for ScopeGuard<T, F, S>
where
    T: fmt::Debug,
    F: FnOnce(T),
    S: Strategy,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScopeGuard")
            .field("value", &*self.value)
            .field("armed", &self.armed)
            .field("strategy", &core::any::type_name::<S>())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_always_guard_is_as_small_as_its_parts_plus_the_armed_flag() {
        // `Always` records nothing: the guard is the value, the closure and one flag.
        let value = 0u64;
        let g = guard(value, |_| {});
        assert_eq!(core::mem::size_of_val(&g), 2 * core::mem::size_of::<u64>());
        ScopeGuard::run_now(g);
    }

    #[test]
    fn a_dismissed_guard_still_drops_its_value_and_closure_once() {
        use core::cell::Cell;
        struct Bump<'a>(&'a Cell<u32>);
        impl Drop for Bump<'_> {
            fn drop(&mut self) {
                self.0.set(self.0.get() + 1);
            }
        }
        let drops = Cell::new(0);
        let captured = Bump(&drops);
        let mut g = guard(Bump(&drops), move |_v| {
            let _keep = &captured;
            unreachable!("dismissed");
        });
        ScopeGuard::dismiss(&mut g);
        drop(g);
        assert_eq!(drops.get(), 2, "value and captured state each dropped once");
    }
}
