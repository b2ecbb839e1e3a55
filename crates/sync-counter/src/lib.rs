#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod atomic_counter;
mod bounded_cache;
mod bounded_queue;
mod cache_padded;
mod clock;
mod coarse_clock;
mod counter_registry;
mod error;
mod latch;
mod lock_order;
mod lru_list;
mod rate_limiter;
mod sharded_counter;
mod shared_cache;
mod sync;
mod thread_safe_counter;
mod try_lock;

pub use atomic_counter::AtomicCounter;
pub use bounded_cache::{BoundedCache, CacheStats, EvictionCause};
pub use bounded_queue::{BoundedQueue, Closed, PopError, TryPushError};
pub use clock::{Clock, ManualClock, MonotonicClock};
pub use coarse_clock::CoarseClock;
pub use counter_registry::CounterRegistry;
pub use error::{SameMutex, TimedOut, WouldBlock};
pub use latch::Latch;
pub use lock_order::lock_both;
pub use rate_limiter::{RateLimiter, RateTooHigh, RetryAfter};
pub use sharded_counter::ShardedCounter;
pub use shared_cache::SharedCache;
pub use thread_safe_counter::{
    CallbackId, CounterBuilder, CounterStats, HistoryEntry, Operation, ThreadSafeCounter,
};
pub use try_lock::{try_lock_for, try_update};

/// The `parking_lot` this crate's signatures use (`lock_both`, `try_update`, `try_lock_for`
/// take its `Mutex`), re-exported so callers get the same version without a direct dependency.
pub use parking_lot;
