//! `Shards<T, N>`: `N` cache-padded slots, one chosen per thread.

use core::fmt;

use crate::CachePadded;

/// A fixed array of `N` [`CachePadded`] slots, the building block of a sharded counter:
/// each thread works on its own slot, and a reader combines them with [`iter`](Self::iter).
///
/// How a slot is chosen:
///
/// - with the `std` feature (the default), `current` returns the calling thread's slot: each
///   thread receives the next number of one process-wide counter the first time it asks
///   (`thread_index`) and uses that number modulo `N`. Threads numbered one after another get
///   distinct slots, up to `N` of them; beyond that they share slots round-robin (still
///   correct, only slower when two busy threads share one);
/// - without it (`no_std` has no thread-locals), the caller passes an index to
///   [`get`](Self::get), which also takes it modulo `N` (a CPU number, a worker id, ...).
///
/// `N` must be at least 1: creating a `Shards<T, 0>` fails to compile.
///
/// ```compile_fail,E0080
/// let none: layout::Shards<u8, 0> = layout::Shards::new();
/// ```
///
/// # Examples
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use layout::Shards;
///
/// let hits: Shards<AtomicU64, 4> = Shards::new();
/// std::thread::scope(|s| {
///     for worker in 0..4 {
///         // `hits.current()` (feature `std`) picks the slot itself; here each worker
///         // passes its own index.
///         let hits = &hits;
///         s.spawn(move || (0..100).for_each(|_| { hits.get(worker).fetch_add(1, Ordering::Relaxed); }));
///     }
/// });
/// let total: u64 = hits.iter().map(|slot| slot.load(Ordering::Relaxed)).sum();
/// assert_eq!(total, 400);
/// ```
pub struct Shards<T, const N: usize> {
    slots: [CachePadded<T>; N],
}

impl<T, const N: usize> Shards<T, N> {
    /// Creates the slots, slot `i` holding `f(i)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let shards: layout::Shards<usize, 3> = layout::Shards::from_fn(|i| i * 10);
    /// assert_eq!(shards.iter().copied().collect::<Vec<_>>(), [0, 10, 20]);
    /// ```
    pub fn from_fn(mut f: impl FnMut(usize) -> T) -> Self {
        const { assert!(N > 0, "Shards needs at least one slot") };
        Self {
            slots: core::array::from_fn(|i| CachePadded::new(f(i))),
        }
    }

    /// Creates the slots, each holding `T::default()`.
    ///
    /// # Examples
    ///
    /// ```
    /// let shards: layout::Shards<u32, 2> = layout::Shards::new();
    /// assert!(shards.iter().all(|&v| v == 0));
    /// ```
    pub fn new() -> Self
    where
        T: Default,
    {
        Self::from_fn(|_| T::default())
    }

    /// The number of slots, `N`.
    ///
    /// # Examples
    ///
    /// ```
    /// let shards: layout::Shards<u8, 8> = layout::Shards::new();
    /// assert_eq!(shards.len(), 8);
    /// ```
    #[allow(clippy::len_without_is_empty)] // never empty: N >= 1 is checked at compile time
    pub const fn len(&self) -> usize {
        N
    }

    /// The slot for `index`, taken modulo `N`: every index is valid.
    ///
    /// # Examples
    ///
    /// ```
    /// let shards: layout::Shards<usize, 4> = layout::Shards::from_fn(|i| i);
    /// assert_eq!(*shards.get(2), 2);
    /// assert_eq!(*shards.get(6), 2); // 6 % 4
    /// ```
    pub fn get(&self, index: usize) -> &T {
        &self.slots[index % N]
    }

    /// The slot for `index` modulo `N`, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut shards: layout::Shards<u32, 2> = layout::Shards::new();
    /// *shards.get_mut(3) += 5;
    /// assert_eq!(*shards.get(1), 5);
    /// ```
    pub fn get_mut(&mut self, index: usize) -> &mut T {
        &mut self.slots[index % N]
    }

    /// The calling thread's slot: `get(Self::thread_index())`.
    ///
    /// # Examples
    ///
    /// ```
    /// let shards: layout::Shards<u8, 4> = layout::Shards::from_fn(|i| i as u8);
    /// // The same thread always gets the same slot.
    /// assert!(core::ptr::eq(shards.current(), shards.current()));
    /// ```
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    pub fn current(&self) -> &T {
        self.get(Self::thread_index())
    }

    /// The calling thread's number: distinct for each of the first `usize::MAX` threads that
    /// ask, and the same on every call from one thread. While the thread's locals are being
    /// destroyed (in another thread-local's `Drop`) it is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// type S = layout::Shards<u8, 2>;
    /// let here = S::thread_index();
    /// let there = std::thread::spawn(S::thread_index).join().unwrap();
    /// assert_eq!(here, S::thread_index());
    /// assert_ne!(here, there);
    /// ```
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    pub fn thread_index() -> usize {
        thread_index()
    }

    /// The slots in index order, for a reader that combines them.
    ///
    /// # Examples
    ///
    /// ```
    /// let shards: layout::Shards<u64, 4> = layout::Shards::from_fn(|i| i as u64);
    /// assert_eq!(shards.iter().sum::<u64>(), 6);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &T> + '_ {
        self.slots.iter().map(|slot| &**slot)
    }

    /// The slots in index order, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut shards: layout::Shards<u64, 2> = layout::Shards::new();
    /// shards.iter_mut().for_each(|slot| *slot = 7);
    /// assert_eq!(shards.iter().sum::<u64>(), 14);
    /// ```
    pub fn iter_mut(&mut self) -> impl ExactSizeIterator<Item = &mut T> + '_ {
        self.slots.iter_mut().map(|slot| &mut **slot)
    }
}

impl<T: Default, const N: usize> Default for Shards<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for Shards<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(feature = "std")]
fn thread_index() -> usize {
    use core::sync::atomic::{AtomicUsize, Ordering};
    // Relaxed: only uniqueness matters, and fetch_add gives each caller a distinct value.
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    std::thread_local! {
        static INDEX: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    INDEX.try_with(|index| *index).unwrap_or(0)
}
