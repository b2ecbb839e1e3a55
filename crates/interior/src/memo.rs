//! A memoized function whose definition may call itself through the memo.

use std::fmt;
use std::hash::Hash;

use crate::MemoCache;

/// A memoized function: `f(memo, key)` computes a value and may call [`get`](Self::get) on
/// the same memo for the values it depends on.
///
/// Each key is computed once; later calls return a clone of the stored value. The definition
/// runs with no borrow held (it goes through [`MemoCache::get_or_compute`]), so recursion
/// never meets a `RefCell` panic. Recursion depth is the caller's: a definition that recurses
/// a million levels deep before reaching a stored value overflows the stack as any recursive
/// function would; fill small keys first (`(0..n).for_each(|i| { memo.get(i); })`) to keep
/// it shallow.
///
/// # Examples
///
/// ```
/// use ownership_interior::Memo;
///
/// let fib = Memo::new(|memo: &Memo<u64, u64>, n| {
///     if n < 2 { n } else { memo.get(n - 1) + memo.get(n - 2) }
/// });
/// assert_eq!(fib.get(80), 23_416_728_348_467_685);
/// assert_eq!(fib.cache().misses(), 81, "each n computed once");
/// ```
pub struct Memo<'f, K, V> {
    cache: MemoCache<K, V>,
    definition: Box<Definition<'f, K, V>>,
}

/// The memoized function: receives the memo for its recursive calls, and the key.
type Definition<'f, K, V> = dyn Fn(&Memo<'f, K, V>, K) -> V + 'f;

impl<'f, K: Hash + Eq + Clone, V: Clone> Memo<'f, K, V> {
    /// Creates a memo of `definition`, which receives the memo (for recursive calls) and the
    /// key.
    ///
    /// # Examples
    ///
    /// ```
    /// let square = ownership_interior::Memo::new(|_, n: u32| n * n);
    /// assert_eq!(square.get(12), 144);
    /// ```
    pub fn new(definition: impl Fn(&Memo<'f, K, V>, K) -> V + 'f) -> Self {
        Self {
            cache: MemoCache::new(),
            definition: Box::new(definition),
        }
    }

    /// Returns the value for `key`, computing it (and what it depends on) the first time.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_interior::Memo;
    ///
    /// // Paths through a grid, moving right or down.
    /// let paths = Memo::new(|m: &Memo<(u32, u32), u64>, (r, c)| {
    ///     if r == 0 || c == 0 { 1 } else { m.get((r - 1, c)) + m.get((r, c - 1)) }
    /// });
    /// assert_eq!(paths.get((16, 16)), 601_080_390);
    /// ```
    pub fn get(&self, key: K) -> V {
        self.cache
            .get_or_compute(key.clone(), || (self.definition)(self, key))
    }

    /// Returns the cache behind the memo: its size and hit counts, or to clear it.
    ///
    /// # Examples
    ///
    /// ```
    /// let double = ownership_interior::Memo::new(|_, n: u8| u16::from(n) * 2);
    /// double.get(1);
    /// double.get(1);
    /// assert_eq!(double.cache().hit_rate(), Some(0.5));
    /// ```
    pub fn cache(&self) -> &MemoCache<K, V> {
        &self.cache
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Memo<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Memo")
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}
