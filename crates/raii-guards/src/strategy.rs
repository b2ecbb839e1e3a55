//! When a [`ScopeGuard`](crate::ScopeGuard) runs its closure: always, on success, or on unwind.

/// Decides, when a guard is dropped, whether its closure runs.
///
/// A strategy records a small [`State`](Strategy::State) when the guard is created and looks at
/// it again when the guard is dropped. [`Always`] records nothing; [`OnSuccess`] and
/// [`OnUnwind`] (feature `std`) record whether the thread was already panicking, so that a guard
/// created inside a `Drop` that runs during unwinding can tell "that old panic is still going"
/// from "a new panic is unwinding through me".
///
/// # Examples
///
/// A strategy of your own: run only in debug builds.
///
/// ```
/// use ownership_raii_guards::{ScopeGuard, Strategy};
///
/// #[derive(Debug)]
/// enum DebugOnly {}
///
/// impl Strategy for DebugOnly {
///     type State = ();
///     fn enter() {}
///     fn should_run((): &()) -> bool {
///         cfg!(debug_assertions)
///     }
/// }
///
/// let mut ran = false;
/// drop(ScopeGuard::<_, _, DebugOnly>::with_strategy(&mut ran, |ran| *ran = true));
/// assert_eq!(ran, cfg!(debug_assertions));
/// ```
pub trait Strategy {
    /// What the strategy records when the guard is created (kept inside the guard).
    type State: Copy;

    /// Records the state when a guard is created.
    fn enter() -> Self::State;

    /// Returns whether the guard's closure runs now that the guard is dropped.
    fn should_run(state: &Self::State) -> bool;
}

/// Runs the closure whenever the guard is dropped: normal exit, early return or unwind.
///
/// Works without `std`. This is the strategy of [`guard`](crate::guard) and
/// [`defer!`](crate::defer).
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::{Always, ScopeGuard};
///
/// let mut log = Vec::new();
/// {
///     let _g = ScopeGuard::<_, _, Always>::with_strategy(&mut log, |log| log.push("cleanup"));
/// }
/// assert_eq!(log, ["cleanup"]);
/// ```
#[derive(Debug)]
pub enum Always {}

impl Strategy for Always {
    type State = ();

    #[inline(always)]
    fn enter() {}

    #[inline(always)]
    fn should_run((): &()) -> bool {
        true
    }
}

/// Runs the closure only when no new panic is unwinding through the guard (feature `std`).
///
/// It is the exact complement of [`OnUnwind`]: for any drop, exactly one of the two runs. A
/// guard created while the thread is already panicking (inside a `Drop` that runs during
/// unwinding) treats that panic as the normal state of its scope, so it still runs when its
/// scope ends normally.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::guard_on_success;
///
/// let mut committed = false;
/// {
///     let _g = guard_on_success(&mut committed, |c| *c = true);
/// }
/// assert!(committed);
/// ```
#[cfg(feature = "std")]
#[derive(Debug)]
pub enum OnSuccess {}

#[cfg(feature = "std")]
impl Strategy for OnSuccess {
    /// Whether the thread was panicking when the guard was created.
    type State = bool;

    #[inline]
    fn enter() -> bool {
        std::thread::panicking()
    }

    #[inline]
    fn should_run(panicking_at_creation: &bool) -> bool {
        !OnUnwind::should_run(panicking_at_creation)
    }
}

/// Runs the closure only when a new panic unwinds through the guard (feature `std`).
///
/// The guard records whether the thread was already panicking when it was created, and runs
/// only if the thread is panicking at drop *and was not* at creation. So a guard created inside
/// a `Drop` that runs during unwinding does not mistake that old panic for a failure of its own
/// scope (scopeguard#43).
///
/// The limit: `std` exposes "is this thread panicking", not a panic count. A guard created while
/// a panic is already unwinding cannot see a second, nested panic (one raised and caught inside
/// that `Drop`), so it does not run for it.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::guard_on_unwind;
/// use std::panic::{self, AssertUnwindSafe};
///
/// let mut rolled_back = false;
/// let result = panic::catch_unwind(AssertUnwindSafe(|| {
///     let _g = guard_on_unwind(&mut rolled_back, |r| *r = true);
///     panic!("step 2 failed");
/// }));
/// assert!(result.is_err());
/// assert!(rolled_back);
/// ```
#[cfg(feature = "std")]
#[derive(Debug)]
pub enum OnUnwind {}

#[cfg(feature = "std")]
impl Strategy for OnUnwind {
    /// Whether the thread was panicking when the guard was created.
    type State = bool;

    #[inline]
    fn enter() -> bool {
        std::thread::panicking()
    }

    #[inline]
    fn should_run(panicking_at_creation: &bool) -> bool {
        !*panicking_at_creation && std::thread::panicking()
    }
}
