//! A cache with a capacity, a time-to-live and least-recently-used eviction, all O(1).

use std::fmt;
use std::hash::Hash;
use std::num::NonZeroUsize;
use std::time::Duration;

use parking_lot::Mutex;

use super::lru_list::{LruList, Removed};
use crate::time::{Clock, MonotonicClock};

/// Why an entry left a [`BoundedCache`], as told to its eviction listener.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::sync::{Arc, Mutex};
/// use ownership_sync_counter::BoundedCache;
/// use ownership_sync_counter::cache::EvictionCause;
///
/// let log = Arc::new(Mutex::new(Vec::new()));
/// let l = Arc::clone(&log);
/// let cache = BoundedCache::new(NonZeroUsize::MIN)
///     .with_eviction_listener(move |k, _v, cause| l.lock().unwrap().push((k, cause)));
/// cache.insert(1, "a");
/// cache.insert(2, "b");
/// assert_eq!(*log.lock().unwrap(), [(1, EvictionCause::Capacity)]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvictionCause {
    /// The cache was full and this was the least recently used entry.
    Capacity,
    /// Its time-to-live had passed when an operation came across it.
    Expired,
}

/// Hit, miss, eviction and expiry counts of a [`BoundedCache`].
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use ownership_sync_counter::BoundedCache;
///
/// let cache = BoundedCache::new(NonZeroUsize::new(8).unwrap());
/// cache.insert("k", 1);
/// cache.get(&"k");
/// cache.get(&"nope");
/// let stats = cache.stats();
/// assert_eq!((stats.hits, stats.misses), (1, 1));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Lookups that found a live entry.
    pub hits: u64,
    /// Lookups that found nothing or an expired entry.
    pub misses: u64,
    /// Entries evicted because the cache was full.
    pub evictions: u64,
    /// Entries dropped because their time-to-live had passed.
    pub expirations: u64,
}

type Listener<K, V> = Box<dyn Fn(K, V, EvictionCause) + Send + Sync>;

/// An entry to hand to the listener once the lock is released.
type Notice<K, V> = (K, V, EvictionCause);

/// What an operation takes out of the cache under the lock, reported and dropped after the
/// lock is released: the listener and a key's or value's `Drop` are user code that may use
/// the cache, whose lock is not re-entrant.
struct Taken<K, V> {
    /// An entry for the eviction listener.
    notice: Option<Notice<K, V>>,
    /// Keys to drop: the map's copy of a removed key, or a duplicate key given to `insert`.
    /// One operation takes at most two (`remove`: both copies of the key).
    keys: [Option<K>; 2],
}

impl<K, V> Taken<K, V> {
    fn new() -> Self {
        Self {
            notice: None,
            keys: [None, None],
        }
    }

    fn drop_later(&mut self, key: K) {
        if let Some(slot) = self.keys.iter_mut().find(|slot| slot.is_none()) {
            *slot = Some(key);
        } else {
            // Unreachable: no operation takes more than two keys. Were it reached, the older
            // key would be dropped here, under the lock, rather than leaked.
            debug_assert!(false, "one operation takes at most two keys");
            self.keys[0] = Some(key);
        }
    }
}

struct Inner<K, V> {
    list: LruList<K, V>,
    stats: CacheStats,
}

/// A thread-safe cache holding at most `capacity` entries, evicting the least recently used,
/// with an optional time-to-live.
///
/// Every operation is O(1): a hash map finds the entry, an index-linked list keeps the use
/// order (a design that scans the whole map to find the oldest entry and the expired
/// ones on every call). One `parking_lot` mutex guards both, because even `get` reorders the
/// list.
///
/// **Expiry is lazy.** An entry whose time-to-live has passed is dropped (and reported
/// [`Expired`](EvictionCause::Expired)) when an operation comes across it: a lookup of its key,
/// or eviction reaching it. Until then it takes a place; [`len`](Self::len) counts it, and
/// [`purge_expired`](Self::purge_expired) drops them all in O(n).
///
/// **Reading the clock.** The clock is read only for entries that have a deadline: a cache
/// without a time-to-live never reads it, and a lookup reads it once, after finding the entry
/// and only if that entry has a deadline. Use a cheaper [`Clock`] to bound the rest.
///
/// **The eviction listener** runs after the lock is released, on the thread whose operation
/// evicted, so it may use the cache. `remove` and `clear` do not report to it.
///
/// **User code and the lock.** Entries that leave the cache (evicted, expired, replaced,
/// removed, cleared, or losing a race in `get_or_insert_with`) are dropped after the lock is
/// released, so a key's or value's `Drop` may use the cache. Only `K`'s `Hash`, `Eq` and
/// `Clone`, `V`'s `Clone` and the clock run under the lock; those must not use the cache.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::time::Duration;
/// use ownership_sync_counter::BoundedCache;
/// use ownership_sync_counter::time::ManualClock;
///
/// let clock = ManualClock::new();
/// let cache = BoundedCache::with_clock(NonZeroUsize::new(2).unwrap(), clock.clone())
///     .with_ttl(Duration::from_secs(60));
/// cache.insert("a", 1);
/// cache.insert("b", 2);
/// cache.get(&"a"); // "b" is now the least recently used
/// cache.insert("c", 3);
/// assert_eq!(cache.get(&"b"), None, "evicted: capacity 2");
/// clock.advance(Duration::from_secs(60));
/// assert_eq!(cache.get(&"a"), None, "expired");
/// assert_eq!(cache.stats().expirations, 1);
/// ```
pub struct BoundedCache<K, V, C: Clock = MonotonicClock> {
    inner: Mutex<Inner<K, V>>,
    capacity: NonZeroUsize,
    ttl: Option<Duration>,
    clock: C,
    listener: Option<Listener<K, V>>,
}

impl<K: Hash + Eq + Clone, V: Clone> BoundedCache<K, V> {
    /// Creates an empty cache for `capacity` entries, with no time-to-live, on the real clock.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache: ownership_sync_counter::BoundedCache<u32, u32> =
    ///     ownership_sync_counter::BoundedCache::new(NonZeroUsize::new(100).unwrap());
    /// assert_eq!(cache.capacity(), 100);
    /// ```
    pub fn new(capacity: NonZeroUsize) -> Self {
        Self::with_clock(capacity, MonotonicClock::new())
    }
}

impl<K: Hash + Eq + Clone, V: Clone, C: Clock> BoundedCache<K, V, C> {
    /// Creates an empty cache for `capacity` entries that reads time from `clock`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use ownership_sync_counter::BoundedCache;
    /// use ownership_sync_counter::time::ManualClock;
    ///
    /// let cache: BoundedCache<u8, u8, ManualClock> =
    ///     BoundedCache::with_clock(NonZeroUsize::MIN, ManualClock::new());
    /// assert!(cache.is_empty());
    /// ```
    pub fn with_clock(capacity: NonZeroUsize, clock: C) -> Self {
        Self {
            inner: Mutex::new(Inner {
                list: LruList::with_capacity(capacity.get()),
                stats: CacheStats::default(),
            }),
            capacity,
            ttl: None,
            clock,
            listener: None,
        }
    }

    /// Gives every entry stored by [`insert`](Self::insert) this time-to-live.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use std::time::Duration;
    /// use ownership_sync_counter::BoundedCache;
    ///
    /// let cache: BoundedCache<u8, u8> =
    ///     BoundedCache::new(NonZeroUsize::MIN).with_ttl(Duration::from_secs(5));
    /// assert_eq!(cache.ttl(), Some(Duration::from_secs(5)));
    /// ```
    #[must_use]
    pub fn with_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = Some(ttl);
        self
    }

    /// Calls `listener` with each entry evicted for lack of room or found expired.
    ///
    /// It runs with no lock held, after the operation that evicted.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    /// use ownership_sync_counter::BoundedCache;
    ///
    /// let evicted = Arc::new(AtomicUsize::new(0));
    /// let e = Arc::clone(&evicted);
    /// let cache = BoundedCache::new(NonZeroUsize::MIN)
    ///     .with_eviction_listener(move |_, _, _| { e.fetch_add(1, Ordering::Relaxed); });
    /// cache.insert(1, 1);
    /// cache.insert(2, 2);
    /// assert_eq!(evicted.load(Ordering::Relaxed), 1);
    /// ```
    #[must_use]
    pub fn with_eviction_listener<F>(mut self, listener: F) -> Self
    where
        F: Fn(K, V, EvictionCause) + Send + Sync + 'static,
    {
        self.listener = Some(Box::new(listener));
        self
    }

    /// Returns the maximum number of entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache: ownership_sync_counter::BoundedCache<u8, u8> =
    ///     ownership_sync_counter::BoundedCache::new(NonZeroUsize::new(3).unwrap());
    /// assert_eq!(cache.capacity(), 3);
    /// ```
    pub fn capacity(&self) -> usize {
        self.capacity.get()
    }

    /// Returns the time-to-live given by [`with_ttl`](Self::with_ttl), if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache: ownership_sync_counter::BoundedCache<u8, u8> =
    ///     ownership_sync_counter::BoundedCache::new(NonZeroUsize::MIN);
    /// assert_eq!(cache.ttl(), None);
    /// ```
    pub fn ttl(&self) -> Option<Duration> {
        self.ttl
    }

    fn expired(&self, deadline: Option<Duration>) -> bool {
        // The clock is read only when there is a deadline to compare with.
        deadline.is_some_and(|deadline| self.clock.now() >= deadline)
    }

    fn notify(&self, notice: Option<Notice<K, V>>) {
        if let (Some(listener), Some((key, value, cause))) = (&self.listener, notice) {
            listener(key, value, cause);
        }
    }

    /// Reports and drops what an operation took out; call it with no lock held.
    fn finish(&self, taken: Taken<K, V>) {
        let Taken { notice, keys } = taken;
        self.notify(notice);
        drop(keys);
    }

    /// Returns a clone of the live value for `key` and marks it most recently used.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache = ownership_sync_counter::BoundedCache::new(NonZeroUsize::MIN);
    /// cache.insert("k", 5);
    /// assert_eq!(cache.get(&"k"), Some(5));
    /// assert_eq!(cache.get(&"other"), None);
    /// ```
    pub fn get(&self, key: &K) -> Option<V> {
        let mut taken = Taken::new();
        let found = {
            let mut inner = self.inner.lock();
            self.lookup(&mut inner, key, &mut taken)
        };
        self.finish(taken);
        found
    }

    /// Looks `key` up under the lock, taking it out if expired; counts the hit or miss.
    fn lookup(&self, inner: &mut Inner<K, V>, key: &K, taken: &mut Taken<K, V>) -> Option<V> {
        let Some(index) = inner.list.find(key) else {
            inner.stats.misses += 1;
            return None;
        };
        if self.expired(inner.list.deadline(index)) {
            let Removed {
                key,
                value,
                map_key,
            } = inner.list.remove(index);
            inner.stats.misses += 1;
            inner.stats.expirations += 1;
            taken.notice = Some((key, value, EvictionCause::Expired));
            taken.drop_later(map_key);
            return None;
        }
        inner.stats.hits += 1;
        inner.list.touch(index);
        Some(inner.list.value(index).clone())
    }

    /// Stores `value` for `key` (with the cache's time-to-live, if any) and returns the live
    /// value it replaced; when full, evicts the least recently used entry first.
    ///
    /// An expired entry is not returned: it is reported to the listener as
    /// [`Expired`](EvictionCause::Expired) instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache = ownership_sync_counter::BoundedCache::new(NonZeroUsize::new(2).unwrap());
    /// assert_eq!(cache.insert(1, "a"), None);
    /// assert_eq!(cache.insert(1, "b"), Some("a"));
    /// ```
    pub fn insert(&self, key: K, value: V) -> Option<V> {
        let deadline = self.ttl.map(|ttl| self.clock.now().saturating_add(ttl));
        self.insert_with_deadline(key, value, deadline)
    }

    /// Stores `value` for `key` with its own time-to-live, overriding the cache's.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use std::time::Duration;
    /// use ownership_sync_counter::BoundedCache;
    /// use ownership_sync_counter::time::ManualClock;
    ///
    /// let clock = ManualClock::new();
    /// let cache = BoundedCache::with_clock(NonZeroUsize::new(4).unwrap(), clock.clone());
    /// cache.insert_with_ttl("session", 1, Duration::from_secs(30));
    /// cache.insert("forever", 2);
    /// clock.advance(Duration::from_secs(30));
    /// assert_eq!(cache.get(&"session"), None);
    /// assert_eq!(cache.get(&"forever"), Some(2));
    /// ```
    pub fn insert_with_ttl(&self, key: K, value: V, ttl: Duration) -> Option<V> {
        let deadline = self.clock.now().saturating_add(ttl);
        self.insert_with_deadline(key, value, Some(deadline))
    }

    fn insert_with_deadline(&self, key: K, value: V, deadline: Option<Duration>) -> Option<V> {
        let mut taken = Taken::new();
        let replaced = {
            let mut inner = self.inner.lock();
            self.store(&mut inner, key, value, deadline, &mut taken)
        };
        self.finish(taken);
        replaced
    }

    /// Stores under the lock; at most one entry leaves, handed out through `taken`.
    fn store(
        &self,
        inner: &mut Inner<K, V>,
        key: K,
        value: V,
        deadline: Option<Duration>,
        taken: &mut Taken<K, V>,
    ) -> Option<V> {
        if let Some(index) = inner.list.find(&key) {
            let was_expired = self.expired(inner.list.deadline(index));
            let old = inner.list.replace(index, value, deadline);
            if was_expired {
                inner.stats.expirations += 1;
                taken.notice = Some((key, old, EvictionCause::Expired));
                return None;
            }
            // The list keeps its own copy of the key; this duplicate is dropped later.
            taken.drop_later(key);
            return Some(old);
        }
        if inner.list.len() == self.capacity.get() {
            if let Some(tail) = inner.list.tail() {
                let cause = if self.expired(inner.list.deadline(tail)) {
                    inner.stats.expirations += 1;
                    EvictionCause::Expired
                } else {
                    inner.stats.evictions += 1;
                    EvictionCause::Capacity
                };
                let Removed {
                    key: old_key,
                    value: old_value,
                    map_key,
                } = inner.list.remove(tail);
                taken.notice = Some((old_key, old_value, cause));
                taken.drop_later(map_key);
            }
        }
        inner.list.push_front(key, value, deadline);
        None
    }

    /// Returns the live value for `key`, or computes it with `f` (no lock held) and stores it.
    ///
    /// If another thread stored the key while `f` ran, its value is kept and returned.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache = ownership_sync_counter::BoundedCache::new(NonZeroUsize::new(8).unwrap());
    /// assert_eq!(cache.get_or_insert_with(3, || 9), 9);
    /// assert_eq!(cache.get_or_insert_with(3, || unreachable!()), 9);
    /// ```
    pub fn get_or_insert_with(&self, key: K, f: impl FnOnce() -> V) -> V {
        if let Some(value) = self.get(&key) {
            return value;
        }
        let computed = f();
        let deadline = self.ttl.map(|ttl| self.clock.now().saturating_add(ttl));
        let mut taken = Taken::new();
        // Whatever is not stored (the losing `key` and `computed`, or a replaced expired
        // value) leaves this block before it is dropped, with the lock released.
        let (value, _replaced) = {
            let mut inner = self.inner.lock();
            match inner.list.find(&key) {
                Some(index) if !self.expired(inner.list.deadline(index)) => {
                    inner.list.touch(index);
                    (inner.list.value(index).clone(), None)
                }
                _ => {
                    let replaced =
                        self.store(&mut inner, key, computed.clone(), deadline, &mut taken);
                    (computed, replaced)
                }
            }
        };
        self.finish(taken);
        value
    }

    /// Removes `key` and returns its live value (an expired one is reported to the listener).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache = ownership_sync_counter::BoundedCache::new(NonZeroUsize::MIN);
    /// cache.insert(1, 'a');
    /// assert_eq!(cache.remove(&1), Some('a'));
    /// assert!(cache.is_empty());
    /// ```
    pub fn remove(&self, key: &K) -> Option<V> {
        let mut taken = Taken::new();
        let removed = {
            let mut inner = self.inner.lock();
            let index = inner.list.find(key)?;
            let expired = self.expired(inner.list.deadline(index));
            let Removed {
                key,
                value,
                map_key,
            } = inner.list.remove(index);
            taken.drop_later(map_key);
            if expired {
                inner.stats.expirations += 1;
                taken.notice = Some((key, value, EvictionCause::Expired));
                None
            } else {
                taken.drop_later(key);
                Some(value)
            }
        };
        self.finish(taken);
        removed
    }

    /// Drops every expired entry now (O(n)), reports each to the listener, returns how many.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use std::time::Duration;
    /// use ownership_sync_counter::BoundedCache;
    /// use ownership_sync_counter::time::ManualClock;
    ///
    /// let clock = ManualClock::new();
    /// let cache = BoundedCache::with_clock(NonZeroUsize::new(4).unwrap(), clock.clone())
    ///     .with_ttl(Duration::from_secs(1));
    /// cache.insert(1, 1);
    /// cache.insert(2, 2);
    /// clock.advance(Duration::from_secs(1));
    /// assert_eq!(cache.len(), 2, "expiry is lazy");
    /// assert_eq!(cache.purge_expired(), 2);
    /// assert!(cache.is_empty());
    /// ```
    pub fn purge_expired(&self) -> usize {
        let now = self.clock.now();
        let removed: Vec<Removed<K, V>> = {
            let mut inner = self.inner.lock();
            let expired: Vec<usize> = inner
                .list
                .indices()
                .filter(|&index| inner.list.deadline(index).is_some_and(|d| now >= d))
                .collect();
            inner.stats.expirations += expired.len() as u64;
            expired
                .into_iter()
                .map(|index| inner.list.remove(index))
                .collect()
        };
        let count = removed.len();
        for Removed {
            key,
            value,
            map_key,
        } in removed
        {
            self.notify(Some((key, value, EvictionCause::Expired)));
            drop(map_key);
        }
        count
    }

    /// Returns the number of entries, including expired ones not yet dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache = ownership_sync_counter::BoundedCache::new(NonZeroUsize::new(2).unwrap());
    /// (0..5).for_each(|i| { cache.insert(i, i); });
    /// assert_eq!(cache.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.inner.lock().list.len()
    }

    /// Returns `true` when the cache holds no entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache: ownership_sync_counter::BoundedCache<u8, u8> =
    ///     ownership_sync_counter::BoundedCache::new(NonZeroUsize::MIN);
    /// assert!(cache.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes every entry (without calling the listener); the statistics are kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache = ownership_sync_counter::BoundedCache::new(NonZeroUsize::MIN);
    /// cache.insert(1, 1);
    /// cache.clear();
    /// assert!(cache.is_empty());
    /// ```
    pub fn clear(&self) {
        // Drop the entries after the lock is released: a value's `Drop` may be slow.
        let old = std::mem::replace(
            &mut self.inner.lock().list,
            LruList::with_capacity(self.capacity.get()),
        );
        drop(old);
    }

    /// Returns the hit, miss, eviction and expiry counts so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let cache = ownership_sync_counter::BoundedCache::new(NonZeroUsize::MIN);
    /// cache.insert(1, 1);
    /// cache.insert(2, 2);
    /// assert_eq!(cache.stats().evictions, 1);
    /// ```
    pub fn stats(&self) -> CacheStats {
        self.inner.lock().stats
    }
}

impl<K, V, C: Clock + fmt::Debug> fmt::Debug for BoundedCache<K, V, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = self.inner.lock();
        f.debug_struct("BoundedCache")
            .field("capacity", &self.capacity)
            .field("len", &inner.list.len())
            .field("ttl", &self.ttl)
            .field("stats", &inner.stats)
            .field("clock", &self.clock)
            .field("listener", &self.listener.is_some())
            .finish()
    }
}

impl<K: Hash + Eq + Clone, V: Clone, C: Clock> ownership_core_traits::Cache<K, V>
    for BoundedCache<K, V, C>
{
    fn get(&self, key: &K) -> Option<V> {
        BoundedCache::get(self, key)
    }

    fn insert(&self, key: K, value: V) -> Option<V> {
        BoundedCache::insert(self, key, value)
    }

    fn get_or_insert_with<F: FnOnce() -> V>(&self, key: K, f: F) -> V {
        BoundedCache::get_or_insert_with(self, key, f)
    }

    fn len(&self) -> usize {
        BoundedCache::len(self)
    }

    fn clear(&self) {
        BoundedCache::clear(self);
    }
}
