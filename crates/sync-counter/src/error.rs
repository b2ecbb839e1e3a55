//! The errors of the locking helpers.

use std::fmt;
use std::time::Duration;

/// [`try_update`](crate::try_update) found the mutex locked by someone else.
///
/// # Examples
///
/// ```
/// use parking_lot::Mutex;
/// use sync_counter::{WouldBlock, try_update};
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

/// [`try_lock_for`](crate::try_lock_for) waited the whole timeout without getting the lock.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use parking_lot::Mutex;
/// use sync_counter::try_lock_for;
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
    /// let err = sync_counter::try_lock_for(&m, Duration::ZERO).unwrap_err();
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

/// [`lock_both`](crate::lock_both) was given the same mutex twice, which would deadlock.
///
/// # Examples
///
/// ```
/// use parking_lot::Mutex;
/// use sync_counter::{SameMutex, lock_both};
///
/// let m = Mutex::new(1);
/// assert_eq!(lock_both(&m, &m).unwrap_err(), SameMutex);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SameMutex;

impl fmt::Display for SameMutex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "lock_both was given the same mutex twice; locking it twice would deadlock \
             (e.g. a transfer from an account to itself): handle that case before locking",
        )
    }
}

impl std::error::Error for SameMutex {}
