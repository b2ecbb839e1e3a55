//! Non-blocking and bounded-time access to a mutex, with typed errors.

use std::time::Duration;

use parking_lot::{Mutex, MutexGuard};

use crate::{TimedOut, WouldBlock};

/// Runs `f` on the value if the mutex is free right now; never waits.
///
/// For work that can be skipped or retried later (statistics, opportunistic flushes) when the
/// lock is busy.
///
/// # Errors
///
/// [`WouldBlock`] if the mutex is locked; `f` is not called.
///
/// # Examples
///
/// ```
/// use parking_lot::Mutex;
/// use sync_counter::try_update;
///
/// let m = Mutex::new(1);
/// assert_eq!(try_update(&m, |v| { *v += 1; *v }), Ok(2));
/// ```
pub fn try_update<T, R>(mutex: &Mutex<T>, f: impl FnOnce(&mut T) -> R) -> Result<R, WouldBlock> {
    let mut guard = mutex.try_lock().ok_or(WouldBlock)?;
    Ok(f(&mut guard))
}

/// Locks the mutex, waiting at most `timeout`.
///
/// A bounded wait turns a would-be deadlock into an error the caller can report.
///
/// # Errors
///
/// [`TimedOut`] if the mutex was still locked after `timeout`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use parking_lot::Mutex;
/// use sync_counter::try_lock_for;
///
/// let m = Mutex::new(5);
/// let guard = try_lock_for(&m, Duration::from_millis(10)).unwrap();
/// assert_eq!(*guard, 5);
/// ```
pub fn try_lock_for<T>(mutex: &Mutex<T>, timeout: Duration) -> Result<MutexGuard<'_, T>, TimedOut> {
    mutex.try_lock_for(timeout).ok_or(TimedOut { timeout })
}
