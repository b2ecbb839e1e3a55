//! The lock and condition variable under `Pool`: `parking_lot`'s, or std's under Miri.
//!
//! `parking_lot_core` 0.9 turns integers back into pointers in its word lock (parking_lot#477),
//! which `-Zmiri-strict-provenance` rejects as soon as two threads contend. Under Miri this
//! module puts std's `Mutex` and `Condvar` behind the same small API, so the strict check still
//! covers all of the pool's own code; every other build uses `parking_lot`.

#[cfg(not(miri))]
pub(crate) use parking_lot::{Condvar, Mutex, MutexGuard};

#[cfg(miri)]
pub(crate) use std_shim::{Condvar, Mutex, MutexGuard};

#[cfg(miri)]
mod std_shim {
    use std::ops::{Deref, DerefMut};
    use std::sync::{self, PoisonError};
    use std::time::Instant;

    /// `parking_lot::Mutex` API over `std::sync::Mutex`; poisoning is ignored, as there.
    #[derive(Debug)]
    pub(crate) struct Mutex<T>(sync::Mutex<T>);

    /// `parking_lot::MutexGuard` API: `None` only while unlocked inside `unlocked` or `wait`.
    #[derive(Debug)]
    pub(crate) struct MutexGuard<'a, T> {
        mutex: &'a Mutex<T>,
        guard: Option<sync::MutexGuard<'a, T>>,
    }

    #[derive(Debug)]
    pub(crate) struct Condvar(sync::Condvar);

    #[derive(Debug)]
    pub(crate) struct WaitTimeoutResult(bool);

    impl<T> Mutex<T> {
        pub(crate) fn new(value: T) -> Self {
            Mutex(sync::Mutex::new(value))
        }

        pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
            MutexGuard {
                mutex: self,
                guard: Some(self.raw_lock()),
            }
        }

        fn raw_lock(&self) -> sync::MutexGuard<'_, T> {
            self.0.lock().unwrap_or_else(PoisonError::into_inner)
        }
    }

    impl<T> MutexGuard<'_, T> {
        pub(crate) fn unlocked<U>(this: &mut Self, f: impl FnOnce() -> U) -> U {
            this.guard = None;
            let result = f();
            this.guard = Some(this.mutex.raw_lock());
            result
        }

        fn held(&self) -> &sync::MutexGuard<'_, T> {
            self.guard
                .as_ref()
                .expect("the shim's guard is held outside unlocked/wait")
        }
    }

    impl<T> Deref for MutexGuard<'_, T> {
        type Target = T;

        fn deref(&self) -> &T {
            self.held()
        }
    }

    impl<T> DerefMut for MutexGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            self.guard
                .as_mut()
                .expect("the shim's guard is held outside unlocked/wait")
        }
    }

    impl Condvar {
        pub(crate) fn new() -> Self {
            Condvar(sync::Condvar::new())
        }

        pub(crate) fn notify_one(&self) {
            self.0.notify_one();
        }

        pub(crate) fn wait<T>(&self, guard: &mut MutexGuard<'_, T>) {
            let held = guard.guard.take().expect("waiting needs the lock");
            guard.guard = Some(self.0.wait(held).unwrap_or_else(PoisonError::into_inner));
        }

        pub(crate) fn wait_until<T>(
            &self,
            guard: &mut MutexGuard<'_, T>,
            deadline: Instant,
        ) -> WaitTimeoutResult {
            let held = guard.guard.take().expect("waiting needs the lock");
            let timeout = deadline.saturating_duration_since(Instant::now());
            let (held, result) = self
                .0
                .wait_timeout(held, timeout)
                .unwrap_or_else(PoisonError::into_inner);
            guard.guard = Some(held);
            WaitTimeoutResult(result.timed_out())
        }
    }

    impl WaitTimeoutResult {
        pub(crate) fn timed_out(&self) -> bool {
            self.0
        }
    }
}
