//! Taking `parking_lot` mutexes without deadlock: one global order, or a bounded wait.
//!
//! - [`lock_both`]: two mutexes at once, always in the same order; the same mutex twice is
//!   [`SameMutex`], not a hang. For code that must hold both (a transfer between accounts).
//! - [`try_update`]: run a closure only if the mutex is free now, else [`WouldBlock`]. For
//!   work that can be skipped or retried.
//! - [`try_lock_for`]: wait at most a timeout, else [`TimedOut`]. Where no fixed order is
//!   possible, a bounded wait turns a deadlock into an error.
//!
//! # Examples
//!
//! ```
//! use std::time::Duration;
//! use ownership_sync_counter::lock::{lock_both, try_lock_for};
//! use ownership_sync_counter::parking_lot::Mutex;
//!
//! let (a, b) = (Mutex::new(1), Mutex::new(2));
//! let (ga, gb) = lock_both(&a, &b).unwrap();
//! assert!(try_lock_for(&a, Duration::from_millis(1)).is_err(), "a is held");
//! drop((ga, gb));
//! assert_eq!(*try_lock_for(&b, Duration::from_millis(1)).unwrap(), 2);
//! ```

mod lock_order;
mod try_lock;

pub use lock_order::{SameMutex, lock_both};
pub use try_lock::{TimedOut, WouldBlock, try_lock_for, try_update};
