//! Taking two locks without deadlock: one global order.

use std::fmt;

use parking_lot::{Mutex, MutexGuard};

/// Locks two mutexes in one global order (by address) and returns the guards in argument
/// order.
///
/// Two threads that call `lock_both(&a, &b)` and `lock_both(&b, &a)` at the same time both
/// lock the lower address first, so neither can hold one lock while waiting for the other: the
/// classic transfer deadlock cannot happen. Every place that takes these two locks together must
/// use this function (or the same order) for the guarantee to hold.
///
/// # Errors
///
/// [`SameMutex`] if `a` and `b` are the same mutex: locking it twice would deadlock.
///
/// # Examples
///
/// ```
/// use parking_lot::Mutex;
/// use ownership_sync_counter::lock::lock_both;
///
/// let from = Mutex::new(100);
/// let to = Mutex::new(0);
/// let (mut f, mut t) = lock_both(&from, &to).unwrap();
/// *f -= 30;
/// *t += 30;
/// drop((f, t));
/// assert_eq!((*from.lock(), *to.lock()), (70, 30));
/// ```
pub fn lock_both<'a, T>(
    a: &'a Mutex<T>,
    b: &'a Mutex<T>,
) -> Result<(MutexGuard<'a, T>, MutexGuard<'a, T>), SameMutex> {
    let (addr_a, addr_b) = (core::ptr::from_ref(a).addr(), core::ptr::from_ref(b).addr());
    if addr_a == addr_b {
        return Err(SameMutex);
    }
    if addr_a < addr_b {
        let guard_a = a.lock();
        let guard_b = b.lock();
        Ok((guard_a, guard_b))
    } else {
        let guard_b = b.lock();
        let guard_a = a.lock();
        Ok((guard_a, guard_b))
    }
}

/// [`lock_both`](lock_both) was given the same mutex twice, which would deadlock.
///
/// # Examples
///
/// ```
/// use parking_lot::Mutex;
/// use ownership_sync_counter::lock::{SameMutex, lock_both};
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
