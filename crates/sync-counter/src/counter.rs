//! Counters shared between threads, from one atomic to threshold callbacks.
//!
//! Pick the smallest that does the job:
//!
//! - [`AtomicCounter`]: one `AtomicUsize`, nothing else. A shared number.
//! - [`ShardedCounter`]: one padded shard per thread, summed on read. Many threads adding,
//!   few reading: writers do not contend.
//! - [`ThreadSafeCounter`]: callbacks that fire when an operation produces a value
//!   ([`on_threshold`](ThreadSafeCounter::on_threshold)), optional history and statistics
//!   ([`CounterBuilder`]), at the cost of one more atomic load per operation.
//! - [`CounterRegistry`]: named `ThreadSafeCounter`s, created on first use.
//!
//! All but the registry implement `ownership_core_traits::Counter`.
//!
//! # Examples
//!
//! ```
//! use std::sync::Arc;
//! use ownership_sync_counter::counter::{AtomicCounter, ShardedCounter, ThreadSafeCounter};
//!
//! let plain = AtomicCounter::new();
//! let sharded = ShardedCounter::new();
//! let watched = Arc::new(ThreadSafeCounter::new());
//! plain.increment();
//! sharded.add(1);
//! watched.increment();
//! assert_eq!((plain.get(), sharded.get(), watched.get()), (1, 1, 1));
//! ```

mod atomic_counter;
mod counter_registry;
mod sharded_counter;
mod thread_safe_counter;

pub use atomic_counter::AtomicCounter;
pub use counter_registry::CounterRegistry;
pub use sharded_counter::ShardedCounter;
pub use thread_safe_counter::{
    CallbackId, CounterBuilder, CounterStats, HistoryEntry, Operation, ThreadSafeCounter,
};
