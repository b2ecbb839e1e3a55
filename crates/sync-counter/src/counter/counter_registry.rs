//! Named counters: one registry of counters looked up by name.

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;

use super::ThreadSafeCounter;

/// A map from names to shared [`ThreadSafeCounter`]s, created on first use.
///
/// Lookups of existing names take the read lock only; the write lock is taken to create or
/// remove a counter. Counters are handed out as `Arc`s, so incrementing never touches the
/// registry's lock.
///
/// # Examples
///
/// ```
/// use ownership_sync_counter::counter::CounterRegistry;
///
/// let registry = CounterRegistry::new();
/// registry.get_or_create("requests").increment();
/// registry.get_or_create("requests").increment();
/// registry.get_or_create("errors").increment();
/// assert_eq!(
///     registry.snapshot(),
///     [("errors".to_string(), 1), ("requests".to_string(), 2)]
/// );
/// ```
#[derive(Debug, Default)]
pub struct CounterRegistry {
    counters: RwLock<HashMap<String, Arc<ThreadSafeCounter>>>,
}

impl CounterRegistry {
    /// Creates an empty registry.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(ownership_sync_counter::counter::CounterRegistry::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns the counter named `name`, creating it at zero if there is none.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// let registry = ownership_sync_counter::counter::CounterRegistry::new();
    /// let a = registry.get_or_create("a");
    /// assert!(Arc::ptr_eq(&a, &registry.get_or_create("a")));
    /// ```
    pub fn get_or_create(&self, name: &str) -> Arc<ThreadSafeCounter> {
        if let Some(counter) = self.counters.read().get(name) {
            return Arc::clone(counter);
        }
        // Another thread may have created it between the two locks: `entry` keeps theirs.
        Arc::clone(self.counters.write().entry(name.to_owned()).or_default())
    }

    /// Returns the counter named `name`, if it exists.
    ///
    /// # Examples
    ///
    /// ```
    /// let registry = ownership_sync_counter::counter::CounterRegistry::new();
    /// assert!(registry.get("a").is_none());
    /// registry.get_or_create("a");
    /// assert!(registry.get("a").is_some());
    /// ```
    pub fn get(&self, name: &str) -> Option<Arc<ThreadSafeCounter>> {
        self.counters.read().get(name).cloned()
    }

    /// Removes the counter named `name` and returns it; holders of its `Arc` keep using it.
    ///
    /// # Examples
    ///
    /// ```
    /// let registry = ownership_sync_counter::counter::CounterRegistry::new();
    /// let kept = registry.get_or_create("a");
    /// kept.increment();
    /// let removed = registry.remove("a").unwrap();
    /// assert_eq!(removed.get(), 1);
    /// assert!(registry.get("a").is_none());
    /// ```
    pub fn remove(&self, name: &str) -> Option<Arc<ThreadSafeCounter>> {
        self.counters.write().remove(name)
    }

    /// Returns every counter's name and value, sorted by name.
    ///
    /// # Examples
    ///
    /// ```
    /// let registry = ownership_sync_counter::counter::CounterRegistry::new();
    /// registry.get_or_create("b");
    /// registry.get_or_create("a").increment();
    /// assert_eq!(registry.snapshot(), [("a".to_string(), 1), ("b".to_string(), 0)]);
    /// ```
    pub fn snapshot(&self) -> Vec<(String, usize)> {
        let mut all: Vec<(String, usize)> = self
            .counters
            .read()
            .iter()
            .map(|(name, counter)| (name.clone(), counter.get()))
            .collect();
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// Returns the number of counters.
    ///
    /// # Examples
    ///
    /// ```
    /// let registry = ownership_sync_counter::counter::CounterRegistry::new();
    /// registry.get_or_create("a");
    /// assert_eq!(registry.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.counters.read().len()
    }

    /// Returns `true` when there is no counter.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(ownership_sync_counter::counter::CounterRegistry::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.counters.read().is_empty()
    }
}
