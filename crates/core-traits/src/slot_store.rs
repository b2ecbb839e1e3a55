//! [`SlotStore`]: keys that detect removed values.

/// A store that hands out a key for each value and detects keys whose value was removed.
///
/// A generational arena implements it: a key names a slot and the slot's generation, so a key
/// kept after `remove` is *stale* and finds nothing, even when the slot holds a new value.
/// `get`, `get_mut` and `remove` return `None` for a stale key, never another value.
///
/// # Examples
///
/// ```
/// use ownership_core_traits::SlotStore;
///
/// fn churn<S: SlotStore<&'static str>>(store: &mut S) {
///     let a = store.insert("a");
///     assert_eq!(store.remove(a), Some("a"));
///     let b = store.insert("b"); // may reuse a's slot
///     assert_eq!(store.get(a), None, "a stale key never sees the new value");
///     assert_eq!(store.get(b), Some(&"b"));
///     assert_eq!(store.len(), 1);
/// }
/// # #[cfg(feature = "slotmap")]
/// churn(&mut slotmap::SlotMap::<slotmap::DefaultKey, _>::new());
/// ```
pub trait SlotStore<T> {
    /// The handle returned by `insert`.
    type Key: Copy + Eq;

    /// Stores `value` and returns its key.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::SlotStore;
    /// fn add_two<S: SlotStore<u8>>(s: &mut S) -> [S::Key; 2] {
    ///     [s.insert(1), s.insert(2)]
    /// }
    /// ```
    fn insert(&mut self, value: T) -> Self::Key;

    /// Returns the value for `key`, or `None` if it was removed.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::SlotStore;
    /// fn read<S: SlotStore<u8>>(s: &S, k: S::Key) -> u8 {
    ///     s.get(k).copied().unwrap_or(0)
    /// }
    /// ```
    fn get(&self, key: Self::Key) -> Option<&T>;

    /// Returns the value for `key` mutably, or `None` if it was removed.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::SlotStore;
    /// fn bump<S: SlotStore<u8>>(s: &mut S, k: S::Key) {
    ///     if let Some(v) = s.get_mut(k) {
    ///         *v += 1;
    ///     }
    /// }
    /// ```
    fn get_mut(&mut self, key: Self::Key) -> Option<&mut T>;

    /// Removes and returns the value for `key`; `None` if it was already removed.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::SlotStore;
    /// fn take<S: SlotStore<u8>>(s: &mut S, k: S::Key) -> Option<u8> {
    ///     s.remove(k)
    /// }
    /// ```
    fn remove(&mut self, key: Self::Key) -> Option<T>;

    /// Returns `true` if `key` still names a value.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::SlotStore;
    /// fn alive<S: SlotStore<u8>>(s: &S, k: S::Key) -> bool {
    ///     s.contains(k)
    /// }
    /// ```
    fn contains(&self, key: Self::Key) -> bool {
        self.get(key).is_some()
    }

    /// Returns the number of values stored.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::SlotStore;
    /// fn count<S: SlotStore<u8>>(s: &S) -> usize {
    ///     s.len()
    /// }
    /// ```
    fn len(&self) -> usize;

    /// Returns `true` when nothing is stored.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::SlotStore;
    /// fn drained<S: SlotStore<u8>>(s: &S) -> bool {
    ///     s.is_empty()
    /// }
    /// ```
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(feature = "slotmap")]
#[cfg_attr(docsrs, doc(cfg(feature = "slotmap")))]
impl<K: slotmap::Key, V> SlotStore<V> for slotmap::SlotMap<K, V> {
    type Key = K;

    fn insert(&mut self, value: V) -> K {
        slotmap::SlotMap::insert(self, value)
    }

    fn get(&self, key: K) -> Option<&V> {
        slotmap::SlotMap::get(self, key)
    }

    fn get_mut(&mut self, key: K) -> Option<&mut V> {
        slotmap::SlotMap::get_mut(self, key)
    }

    fn remove(&mut self, key: K) -> Option<V> {
        slotmap::SlotMap::remove(self, key)
    }

    fn contains(&self, key: K) -> bool {
        slotmap::SlotMap::contains_key(self, key)
    }

    fn len(&self) -> usize {
        slotmap::SlotMap::len(self)
    }
}
