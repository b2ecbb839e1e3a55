//! A memo cache in a `RefCell` whose computations may use the cache itself.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash};

/// A `HashMap` behind a `RefCell`, filled through `&self`, that never holds a borrow while it
/// runs the caller's computation.
///
/// [`get_or_compute`](Self::get_or_compute) looks the key up, releases the borrow, runs
/// `compute`, then stores the result. So `compute` may read and fill the same cache: a
/// recursive memoized function works (see [`Memo`](crate::Memo) for a helper that writes the
/// recursion for you). Values are cloned out (`V: Clone`), so no borrow escapes.
///
/// Keys and values leave the map before they are dropped (a replaced value is returned,
/// [`clear`](Self::clear) drops the entries after releasing the borrow), so their `Drop` may
/// use the cache. `K`'s `Hash` and `Eq` and `V`'s `Clone` run while the map is borrowed: they
/// must not modify this cache (that panics, as a `RefCell` does). `Debug` formats the
/// entries under a shared borrow, so the same holds for `K`'s and `V`'s `Debug`; it prints
/// `<borrowed>` if called while the map is mutably borrowed.
///
/// Lookups through [`get`](Self::get) and [`get_or_compute`](Self::get_or_compute) count a
/// hit when the key is present and a miss otherwise.
///
/// # Examples
///
/// ```
/// use ownership_interior::MemoCache;
///
/// fn fib(cache: &MemoCache<u64, u64>, n: u64) -> u64 {
///     if n < 2 {
///         return n;
///     }
///     cache.get_or_compute(n, || fib(cache, n - 1) + fib(cache, n - 2))
/// }
///
/// let cache = MemoCache::new();
/// assert_eq!(fib(&cache, 90), 2_880_067_194_370_816_120);
/// assert_eq!(cache.len(), 89); // 2..=90
/// assert_eq!(cache.misses(), 89);
/// ```
pub struct MemoCache<K, V, S = RandomState> {
    map: RefCell<HashMap<K, V, S>>,
    hits: Cell<u64>,
    misses: Cell<u64>,
}

impl<K, V> MemoCache<K, V> {
    /// Creates an empty cache with the standard hasher.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache: ownership_interior::MemoCache<String, usize> = ownership_interior::MemoCache::new();
    /// assert!(cache.is_empty());
    /// ```
    pub fn new() -> Self {
        Self::with_hasher(RandomState::new())
    }
}

impl<K, V, S> MemoCache<K, V, S> {
    /// Creates an empty cache that hashes keys with `hasher`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::hash::BuildHasherDefault;
    /// use std::collections::hash_map::DefaultHasher;
    /// use ownership_interior::MemoCache;
    ///
    /// let cache: MemoCache<u32, u32, BuildHasherDefault<DefaultHasher>> =
    ///     MemoCache::with_hasher(BuildHasherDefault::default());
    /// cache.insert(1, 2);
    /// assert_eq!(cache.get(&1), Some(2));
    /// ```
    pub fn with_hasher(hasher: S) -> Self {
        Self {
            map: RefCell::new(HashMap::with_hasher(hasher)),
            hits: Cell::new(0),
            misses: Cell::new(0),
        }
    }

    /// Returns the number of entries.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_interior::MemoCache::new();
    /// cache.insert('a', 1);
    /// assert_eq!(cache.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.map.borrow().len()
    }

    /// Returns `true` when the cache holds no entries.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache: ownership_interior::MemoCache<u8, u8> = ownership_interior::MemoCache::new();
    /// assert!(cache.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.map.borrow().is_empty()
    }

    /// Removes every entry; the entries are dropped after the borrow is released.
    ///
    /// The hit and miss counts are kept; [`reset_stats`](Self::reset_stats) clears them.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_interior::MemoCache::new();
    /// cache.insert(1, "one");
    /// cache.clear();
    /// assert!(cache.is_empty());
    /// ```
    pub fn clear(&self) {
        let entries: Vec<(K, V)> = self.map.borrow_mut().drain().collect();
        drop(entries);
    }

    /// Returns how many lookups found their key.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_interior::MemoCache::new();
    /// cache.get_or_compute(1, || 1);
    /// cache.get_or_compute(1, || unreachable!());
    /// assert_eq!((cache.hits(), cache.misses()), (1, 1));
    /// ```
    pub fn hits(&self) -> u64 {
        self.hits.get()
    }

    /// Returns how many lookups did not find their key.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache: ownership_interior::MemoCache<u8, u8> = ownership_interior::MemoCache::new();
    /// assert_eq!(cache.get(&1), None);
    /// assert_eq!(cache.misses(), 1);
    /// ```
    pub fn misses(&self) -> u64 {
        self.misses.get()
    }

    /// Returns hits ÷ lookups, or `None` before the first lookup.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_interior::MemoCache::new();
    /// assert_eq!(cache.hit_rate(), None);
    /// cache.get_or_compute(1, || 1);
    /// cache.get_or_compute(1, || 1);
    /// assert_eq!(cache.hit_rate(), Some(0.5));
    /// ```
    pub fn hit_rate(&self) -> Option<f64> {
        let total = self.hits.get() + self.misses.get();
        // Lossy for counts above 2^53, which a rate does not need exactly.
        #[allow(clippy::cast_precision_loss)]
        (total > 0).then(|| self.hits.get() as f64 / total as f64)
    }

    /// Sets the hit and miss counts back to zero.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache: ownership_interior::MemoCache<u8, u8> = ownership_interior::MemoCache::new();
    /// cache.get(&0);
    /// cache.reset_stats();
    /// assert_eq!(cache.misses(), 0);
    /// ```
    pub fn reset_stats(&self) {
        self.hits.set(0);
        self.misses.set(0);
    }

    fn count(&self, hit: bool) {
        let counter = if hit { &self.hits } else { &self.misses };
        counter.set(counter.get().saturating_add(1));
    }
}

impl<K: Hash + Eq, V: Clone, S: BuildHasher> MemoCache<K, V, S> {
    /// Returns a clone of the value stored for `key`, counting a hit or a miss.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_interior::MemoCache::new();
    /// cache.insert("k", 5);
    /// assert_eq!(cache.get(&"k"), Some(5));
    /// assert_eq!(cache.get(&"x"), None);
    /// ```
    pub fn get(&self, key: &K) -> Option<V> {
        let found = self.map.borrow().get(key).cloned();
        self.count(found.is_some());
        found
    }

    /// Stores `value` for `key` and returns the value it replaced.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_interior::MemoCache::new();
    /// assert_eq!(cache.insert(1, 'a'), None);
    /// assert_eq!(cache.insert(1, 'b'), Some('a'));
    /// ```
    pub fn insert(&self, key: K, value: V) -> Option<V> {
        let mut map = self.map.borrow_mut();
        match map.get_mut(&key) {
            Some(slot) => {
                let old = std::mem::replace(slot, value);
                drop(map);
                // `HashMap::insert` would drop the duplicate key under the borrow.
                drop(key);
                Some(old)
            }
            None => {
                map.insert(key, value);
                None
            }
        }
    }

    /// Removes the entry for `key` and returns its value.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_interior::MemoCache::new();
    /// cache.insert(1, 1);
    /// assert_eq!(cache.remove(&1), Some(1));
    /// assert_eq!(cache.remove(&1), None);
    /// ```
    pub fn remove(&self, key: &K) -> Option<V> {
        // The stored key is dropped at the end of the function, after the borrow.
        let (_stored_key, value) = self.map.borrow_mut().remove_entry(key)?;
        Some(value)
    }

    /// Returns the value for `key`, running `compute` with no borrow held when it is absent.
    ///
    /// `compute` may use this cache, including for other keys (recursion). If it stores a
    /// value for `key` itself, that stored value wins: it is returned and the computed one is
    /// dropped, so every caller sees one value per key. If `compute` panics, the cache is left
    /// as `compute` left it and stays usable.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = ownership_interior::MemoCache::new();
    /// assert_eq!(cache.get_or_compute(4, || 16), 16);
    /// assert_eq!(cache.get_or_compute(4, || unreachable!()), 16);
    /// ```
    pub fn get_or_compute(&self, key: K, compute: impl FnOnce() -> V) -> V {
        if let Some(value) = self.map.borrow().get(&key) {
            let value = value.clone();
            self.count(true);
            return value;
        }
        self.count(false);
        let computed = compute();
        let mut map = self.map.borrow_mut();
        if let Some(stored) = map.get(&key) {
            let stored = stored.clone();
            drop(map);
            // `key` and `computed` lost to a value stored by `compute`; dropped unborrowed.
            return stored;
        }
        map.insert(key, computed.clone());
        computed
    }
}

impl<K, V, S: Default> Default for MemoCache<K, V, S> {
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for MemoCache<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("MemoCache");
        // A value's `Debug` that uses this cache mutably would panic under our borrow; a
        // cache that is mutably borrowed right now (we are inside `insert`) is not printed.
        match self.map.try_borrow() {
            Ok(map) => s.field("map", &*map),
            Err(_) => s.field("map", &format_args!("<borrowed>")),
        };
        s.field("hits", &self.hits.get())
            .field("misses", &self.misses.get())
            .finish()
    }
}

impl<K: Hash + Eq, V: Clone, S: BuildHasher> ownership_core_traits::Cache<K, V>
    for MemoCache<K, V, S>
{
    fn get(&self, key: &K) -> Option<V> {
        MemoCache::get(self, key)
    }

    fn insert(&self, key: K, value: V) -> Option<V> {
        MemoCache::insert(self, key, value)
    }

    fn get_or_insert_with<F: FnOnce() -> V>(&self, key: K, f: F) -> V {
        MemoCache::get_or_compute(self, key, f)
    }

    fn len(&self) -> usize {
        MemoCache::len(self)
    }

    fn clear(&self) {
        MemoCache::clear(self);
    }
}
