#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod cache;
pub mod counter;
pub mod lock;
pub mod queue;
mod sync;
pub mod time;

pub use cache::BoundedCache;
pub use counter::{ShardedCounter, ThreadSafeCounter};
pub use queue::BoundedQueue;
pub use time::RateLimiter;

/// The `parking_lot` this crate's signatures use (`lock_both`, `try_update`, `try_lock_for`
/// take its `Mutex`), re-exported so callers get the same version without a direct dependency.
pub use parking_lot;
