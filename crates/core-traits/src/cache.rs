//! [`Cache`]: a key-value cache read and filled through `&self`.

/// A key-value cache that is read and filled through a shared reference.
///
/// Because the cache may sit behind a lock or a `RefCell`, `get` returns a copy of the value
/// (implementations require `V: Clone`), never a reference into the cache.
///
/// `get_or_insert_with` is the memoization entry point: it returns the cached value or computes,
/// stores and returns a new one. Implementations document whether `f` runs with a lock held
/// (ours never do: `f` may use the cache itself).
///
/// # Examples
///
/// ```
/// use core::cell::RefCell;
/// use std::collections::HashMap;
/// use ownership_core_traits::Cache;
///
/// #[derive(Default)]
/// struct MemoCache(RefCell<HashMap<u64, u64>>);
///
/// impl Cache<u64, u64> for MemoCache {
///     fn get(&self, key: &u64) -> Option<u64> {
///         self.0.borrow().get(key).copied()
///     }
///     fn insert(&self, key: u64, value: u64) -> Option<u64> {
///         self.0.borrow_mut().insert(key, value)
///     }
///     fn get_or_insert_with<F: FnOnce() -> u64>(&self, key: u64, f: F) -> u64 {
///         if let Some(v) = self.get(&key) {
///             return v;
///         }
///         let v = f(); // no borrow held while computing
///         *self.0.borrow_mut().entry(key).or_insert(v)
///     }
///     fn len(&self) -> usize {
///         self.0.borrow().len()
///     }
///     fn clear(&self) {
///         self.0.borrow_mut().clear();
///     }
/// }
///
/// let cache = MemoCache::default();
/// assert_eq!(cache.get_or_insert_with(3, || 9), 9);
/// assert_eq!(cache.get_or_insert_with(3, || unreachable!()), 9);
/// assert_eq!(cache.len(), 1);
/// ```
pub trait Cache<K, V> {
    /// Returns a copy of the value stored for `key`, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::Cache;
    /// fn cached_or_zero(c: &impl Cache<&'static str, u32>) -> u32 {
    ///     c.get(&"answer").unwrap_or(0)
    /// }
    /// ```
    fn get(&self, key: &K) -> Option<V>;

    /// Stores `value` for `key` and returns the value it replaced.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::Cache;
    /// fn remember(c: &impl Cache<u32, u32>) {
    ///     let _previous: Option<u32> = c.insert(1, 2);
    /// }
    /// ```
    fn insert(&self, key: K, value: V) -> Option<V>;

    /// Returns the value for `key`, computing and storing it with `f` when absent.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::Cache;
    /// fn square(c: &impl Cache<u64, u64>, n: u64) -> u64 {
    ///     c.get_or_insert_with(n, || n * n)
    /// }
    /// ```
    fn get_or_insert_with<F: FnOnce() -> V>(&self, key: K, f: F) -> V;

    /// Returns the number of entries.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::Cache;
    /// fn report(c: &impl Cache<u32, u32>) -> String {
    ///     format!("{} entries", c.len())
    /// }
    /// ```
    fn len(&self) -> usize;

    /// Returns `true` when the cache holds no entries.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::Cache;
    /// fn needs_warmup(c: &impl Cache<u32, u32>) -> bool {
    ///     c.is_empty()
    /// }
    /// ```
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes every entry.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::Cache;
    /// fn invalidate(c: &impl Cache<u32, u32>) {
    ///     c.clear();
    ///     assert!(c.is_empty());
    /// }
    /// ```
    fn clear(&self);
}
