//! A cache of a `HashMap` behind an `RwLock`: readers share the lock.

use std::collections::HashMap;
use std::hash::Hash;

use parking_lot::RwLock;

/// An unbounded map shared between threads: readers share the lock, writers take it alone.
///
/// Values are cloned out (`V: Clone`), so no guard escapes and no lock is held while the
/// caller uses a value. [`get_or_insert_with`](Self::get_or_insert_with) computes a missing
/// value with no lock held. Keys and values leave the map (replaced, removed, cleared, or
/// losing a race) before they are dropped, so their `Drop` may use the cache; only `K`'s
/// `Hash` and `Eq`, `V`'s `Clone` and [`update`](Self::update)'s closure run under the lock,
/// and those must not use the cache. `parking_lot`'s `RwLock` does not poison: a panic in
/// `update`'s closure leaves the map usable (with whatever the closure did to the value
/// before panicking).
///
/// Use [`BoundedCache`](super::BoundedCache) when the set of keys is not bounded.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use ownership_sync_counter::cache::SharedCache;
///
/// let cache = Arc::new(SharedCache::new());
/// let c = Arc::clone(&cache);
/// std::thread::spawn(move || c.insert("config", 7)).join().unwrap();
/// assert_eq!(cache.get(&"config"), Some(7));
/// ```
#[derive(Debug)]
pub struct SharedCache<K, V> {
    map: RwLock<HashMap<K, V>>,
}

impl<K, V> Default for SharedCache<K, V> {
    fn default() -> Self {
        Self {
            map: RwLock::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq, V: Clone> SharedCache<K, V> {
    /// Creates an empty cache.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache: ownership_sync_counter::cache::SharedCache<u32, String> = ownership_sync_counter::cache::SharedCache::new();
    /// assert!(cache.is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns a clone of the value for `key` (read lock).
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_sync_counter::cache::SharedCache::new();
    /// cache.insert(1, "one");
    /// assert_eq!(cache.get(&1), Some("one"));
    /// ```
    pub fn get(&self, key: &K) -> Option<V> {
        self.map.read().get(key).cloned()
    }

    /// Stores `value` for `key` and returns the value it replaced (write lock).
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_sync_counter::cache::SharedCache::new();
    /// assert_eq!(cache.insert(1, "a"), None);
    /// assert_eq!(cache.insert(1, "b"), Some("a"));
    /// ```
    pub fn insert(&self, key: K, value: V) -> Option<V> {
        let mut map = self.map.write();
        match map.get_mut(&key) {
            Some(slot) => {
                let old = std::mem::replace(slot, value);
                drop(map);
                // `HashMap::insert` would drop the new key (a duplicate) under the lock.
                drop(key);
                Some(old)
            }
            None => map.insert(key, value),
        }
    }

    /// Changes the value for `key` in place with `f` under the write lock; `None` if absent.
    ///
    /// Keep `f` short: every other reader and writer waits for it.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_sync_counter::cache::SharedCache::new();
    /// cache.insert("hits", 1);
    /// assert_eq!(cache.update(&"hits", |v| { *v += 1; *v }), Some(2));
    /// assert_eq!(cache.update(&"misses", |v| *v), None);
    /// ```
    pub fn update<R>(&self, key: &K, f: impl FnOnce(&mut V) -> R) -> Option<R> {
        self.map.write().get_mut(key).map(f)
    }

    /// Removes the value for `key` and returns it.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_sync_counter::cache::SharedCache::new();
    /// cache.insert(1, 'x');
    /// assert_eq!(cache.remove(&1), Some('x'));
    /// assert_eq!(cache.remove(&1), None);
    /// ```
    pub fn remove(&self, key: &K) -> Option<V> {
        // The guard is a temporary, dropped at the end of the statement; the stored key lives
        // on to the end of the function, so it is dropped with no lock held.
        let (_stored_key, value) = self.map.write().remove_entry(key)?;
        Some(value)
    }

    /// Returns the value for `key`, computing it with `f` (no lock held) when absent.
    ///
    /// Two threads that miss the same key at once may both compute it; the first to store wins
    /// and both return the stored value, so every caller sees one value per key.
    /// `f` may use the cache itself.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_sync_counter::cache::SharedCache::new();
    /// assert_eq!(cache.get_or_insert_with(4, || 16), 16);
    /// assert_eq!(cache.get_or_insert_with(4, || unreachable!()), 16);
    /// ```
    pub fn get_or_insert_with(&self, key: K, f: impl FnOnce() -> V) -> V {
        if let Some(value) = self.get(&key) {
            return value;
        }
        let computed = f();
        let mut map = self.map.write();
        if let Some(stored) = map.get(&key) {
            let stored = stored.clone();
            drop(map);
            // `key` and `computed` lost the race; they are dropped here, with no lock held.
            return stored;
        }
        map.insert(key, computed.clone());
        computed
    }

    /// Returns the number of entries.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_sync_counter::cache::SharedCache::new();
    /// cache.insert(1, 1);
    /// assert_eq!(cache.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.map.read().len()
    }

    /// Returns `true` when the cache is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache: ownership_sync_counter::cache::SharedCache<u8, u8> = ownership_sync_counter::cache::SharedCache::new();
    /// assert!(cache.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.map.read().is_empty()
    }

    /// Removes every entry.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_sync_counter::cache::SharedCache::new();
    /// cache.insert(1, 1);
    /// cache.clear();
    /// assert!(cache.is_empty());
    /// ```
    pub fn clear(&self) {
        // Take the entries out and drop them after the guard: a key's or value's `Drop` may
        // use this cache.
        let entries = std::mem::take(&mut *self.map.write());
        drop(entries);
    }
}

impl<K: Hash + Eq, V: Clone> ownership_core_traits::Cache<K, V> for SharedCache<K, V> {
    fn get(&self, key: &K) -> Option<V> {
        SharedCache::get(self, key)
    }

    fn insert(&self, key: K, value: V) -> Option<V> {
        SharedCache::insert(self, key, value)
    }

    fn get_or_insert_with<F: FnOnce() -> V>(&self, key: K, f: F) -> V {
        SharedCache::get_or_insert_with(self, key, f)
    }

    fn len(&self) -> usize {
        SharedCache::len(self)
    }

    fn clear(&self) {
        SharedCache::clear(self);
    }
}
