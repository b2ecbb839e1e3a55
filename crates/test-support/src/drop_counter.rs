//! [`DropCounter`] and [`Tracked`]: values that record their drops.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::vec::Vec;

/// A shared log of [`Tracked`] values: how many were made, which were dropped, in what order.
///
/// Clones share one log, so a test keeps one handle while the code under test owns the
/// values. A value dropped twice is recorded twice and reported by
/// [`assert_all_dropped_once`](Self::assert_all_dropped_once).
///
/// # Examples
///
/// ```
/// use test_support::DropCounter;
///
/// let drops = DropCounter::new();
/// let a = drops.track("a");
/// let b = drops.track("b");
/// assert_eq!(drops.alive(), 2);
/// drop(b);
/// drop(a);
/// assert_eq!(drops.drop_order(), [1, 0]);
/// drops.assert_all_dropped_once();
/// ```
#[derive(Clone, Default)]
pub struct DropCounter {
    inner: Arc<Log>,
}

#[derive(Default)]
struct Log {
    created: AtomicUsize,
    dropped: Mutex<Vec<usize>>,
}

impl DropCounter {
    /// Creates an empty log.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::DropCounter;
    ///
    /// let drops = DropCounter::new();
    /// assert_eq!(drops.created(), 0);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Wraps `value` in a [`Tracked`] whose id is the number of values tracked before it.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::DropCounter;
    ///
    /// let drops = DropCounter::new();
    /// let first = drops.track(10);
    /// let second = drops.track(20);
    /// assert_eq!((first.id(), second.id()), (0, 1));
    /// assert_eq!(*second, 20);
    /// ```
    pub fn track<T>(&self, value: T) -> Tracked<T> {
        let id = self.inner.created.fetch_add(1, Ordering::Relaxed);
        Tracked {
            value,
            id,
            log: self.clone(),
        }
    }

    /// Returns how many values were tracked.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::DropCounter;
    ///
    /// let drops = DropCounter::new();
    /// let _v: Vec<_> = (0..3).map(|i| drops.track(i)).collect();
    /// assert_eq!(drops.created(), 3);
    /// ```
    pub fn created(&self) -> usize {
        self.inner.created.load(Ordering::Relaxed)
    }

    /// Returns how many drops were recorded (a double drop counts twice).
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::DropCounter;
    ///
    /// let drops = DropCounter::new();
    /// drop(drops.track(()));
    /// assert_eq!(drops.dropped(), 1);
    /// ```
    pub fn dropped(&self) -> usize {
        self.log().len()
    }

    /// Returns how many tracked values have not been dropped yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::DropCounter;
    ///
    /// let drops = DropCounter::new();
    /// let kept = drops.track(1);
    /// drop(drops.track(2));
    /// assert_eq!(drops.alive(), 1);
    /// # drop(kept);
    /// ```
    pub fn alive(&self) -> usize {
        self.created().saturating_sub(self.dropped())
    }

    /// Returns the ids of the dropped values, in the order they were dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::DropCounter;
    ///
    /// let drops = DropCounter::new();
    /// let v = vec![drops.track('a'), drops.track('b')];
    /// drop(v); // a Vec drops front to back
    /// assert_eq!(drops.drop_order(), [0, 1]);
    /// ```
    pub fn drop_order(&self) -> Vec<usize> {
        self.log().clone()
    }

    /// Panics unless every tracked value was dropped exactly once.
    ///
    /// # Panics
    ///
    /// Names the ids that were never dropped (a leak) or dropped more than once.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::DropCounter;
    ///
    /// let drops = DropCounter::new();
    /// let leaked = drops.track(String::from("leak"));
    /// std::mem::forget(leaked);
    /// let caught = std::panic::catch_unwind(|| drops.assert_all_dropped_once());
    /// assert!(caught.is_err(), "the forgotten value is reported");
    /// ```
    #[track_caller]
    pub fn assert_all_dropped_once(&self) {
        let mut times = std::vec![0usize; self.created()];
        for &id in self.log().iter() {
            times[id] += 1;
        }
        let never: Vec<usize> = (0..times.len()).filter(|&id| times[id] == 0).collect();
        let twice: Vec<usize> = (0..times.len()).filter(|&id| times[id] > 1).collect();
        assert!(
            never.is_empty() && twice.is_empty(),
            "tracked values never dropped: {never:?}; dropped more than once: {twice:?}"
        );
    }

    fn log(&self) -> MutexGuard<'_, Vec<usize>> {
        // A test that panicked while holding the lock leaves a complete log: keep reading it.
        self.inner
            .dropped
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl fmt::Debug for DropCounter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DropCounter")
            .field("created", &self.created())
            .field("dropped", &self.dropped())
            .finish()
    }
}

/// A value that records its drop in a [`DropCounter`].
///
/// It derefs to the value, so it can stand in for `T` in most tests.
///
/// # Examples
///
/// ```
/// use test_support::DropCounter;
///
/// let drops = DropCounter::new();
/// let mut name = drops.track(String::from("arena"));
/// name.push_str("-node");
/// assert_eq!(name.as_str(), "arena-node");
/// drop(name);
/// assert_eq!(drops.dropped(), 1);
/// ```
pub struct Tracked<T> {
    value: T,
    id: usize,
    log: DropCounter,
}

impl<T> Tracked<T> {
    /// Returns the id the [`DropCounter`] gave this value.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::DropCounter;
    ///
    /// let drops = DropCounter::new();
    /// assert_eq!(drops.track(()).id(), 0);
    /// ```
    pub fn id(&self) -> usize {
        self.id
    }
}

impl<T> Drop for Tracked<T> {
    fn drop(&mut self) {
        self.log.log().push(self.id);
    }
}

impl<T> Deref for Tracked<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Tracked<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

/// A clone is a new tracked value with its own id.
impl<T: Clone> Clone for Tracked<T> {
    fn clone(&self) -> Self {
        self.log.track(self.value.clone())
    }
}

impl<T: fmt::Debug> fmt::Debug for Tracked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tracked")
            .field("id", &self.id)
            .field("value", &self.value)
            .finish()
    }
}
