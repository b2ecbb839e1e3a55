//! Non-blocking and bounded-time access to a mutex, with typed errors.

use std::fmt;
use std::time::Duration;

use parking_lot::{Mutex, MutexGuard};

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
/// use ownership_sync_counter::lock::try_update;
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
/// use ownership_sync_counter::lock::try_lock_for;
///
/// let m = Mutex::new(5);
/// let guard = try_lock_for(&m, Duration::from_millis(10)).unwrap();
/// assert_eq!(*guard, 5);
/// ```
pub fn try_lock_for<T>(mutex: &Mutex<T>, timeout: Duration) -> Result<MutexGuard<'_, T>, TimedOut> {
    mutex.try_lock_for(timeout).ok_or(TimedOut { timeout })
}

/// [`try_update`](try_update) found the mutex locked by someone else.
///
/// # Examples
///
/// ```
/// use parking_lot::Mutex;
/// use ownership_sync_counter::lock::{WouldBlock, try_update};
///
/// let m = Mutex::new(0);
/// let _held = m.lock();
/// assert_eq!(try_update(&m, |v| *v += 1), Err(WouldBlock));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WouldBlock;

impl fmt::Display for WouldBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the mutex is locked by another holder; try again later or use a blocking lock")
    }
}

impl std::error::Error for WouldBlock {}

/// [`try_lock_for`](try_lock_for) waited the whole timeout without getting the lock.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use parking_lot::Mutex;
/// use ownership_sync_counter::lock::try_lock_for;
///
/// let m = Mutex::new(0);
/// let _held = m.lock();
/// let err = try_lock_for(&m, Duration::from_millis(1)).unwrap_err();
/// assert_eq!(err.timeout(), Duration::from_millis(1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOut {
    pub(crate) timeout: Duration,
}

impl TimedOut {
    /// Returns how long the caller waited.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use parking_lot::Mutex;
    ///
    /// let m = Mutex::new(());
    /// let _held = m.lock();
    /// let err = ownership_sync_counter::lock::try_lock_for(&m, Duration::ZERO).unwrap_err();
    /// assert_eq!(err.timeout(), Duration::ZERO);
    /// ```
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the mutex was still locked after waiting {:?}; the holder may be slow or deadlocked",
            self.timeout
        )
    }
}

impl std::error::Error for TimedOut {}
