//! Caches shared between threads.
//!
//! - [`SharedCache`]: an unbounded `RwLock<HashMap>`; readers share the lock. For a key set
//!   that stays small (configuration, interned values).
//! - [`BoundedCache`]: at most `capacity` entries, least-recently-used eviction and an
//!   optional time-to-live, all O(1) under one mutex, with [`CacheStats`] and an eviction
//!   listener told the [`EvictionCause`]. For anything whose keys come from outside.
//!
//! Both implement `ownership_core_traits::Cache`, and both drop what leaves them and call user code
//! with no lock held.
//!
//! # Examples
//!
//! ```
//! use std::num::NonZeroUsize;
//! use ownership_sync_counter::cache::{BoundedCache, SharedCache};
//!
//! let config = SharedCache::new();
//! config.insert("mode", "fast");
//! let sessions = BoundedCache::new(NonZeroUsize::new(2).unwrap());
//! sessions.insert(1, "alice");
//! assert_eq!((config.get(&"mode"), sessions.get(&1)), (Some("fast"), Some("alice")));
//! ```

mod bounded_cache;
mod lru_list;
mod shared_cache;

pub use bounded_cache::{BoundedCache, CacheStats, EvictionCause};
pub use shared_cache::SharedCache;
