//! `Shards<T>`: a run-time number of cache-padded slots, one chosen per thread.

use alloc::boxed::Box;
use core::fmt;
use core::num::NonZeroUsize;

use crate::CachePadded;

/// A boxed slice of [`CachePadded`] slots, at least one, its length chosen at construction:
/// the building block of a sharded counter. Each thread works on its own slot, and a reader
/// combines them with [`iter`](Self::iter).
///
/// How a slot is chosen:
///
/// - with the `std` feature (the default), [`current`](Self::current) returns the calling
///   thread's slot: each thread receives the next number of one process-wide counter the
///   first time it asks ([`thread_index`](Self::thread_index)) and uses that number modulo
///   [`len`](Self::len). Threads numbered one after another get distinct slots, up to `len` of
///   them; beyond that they share slots round-robin (still correct, only slower when two busy
///   threads share one);
/// - without it (`no_std` has no thread-locals), the caller passes an index to
///   [`get`](Self::get), which also takes it modulo `len` (a CPU number, a worker id, ...).
///
/// The length is a [`NonZeroUsize`]: there is always a slot to return. With a power-of-two
/// length, picking a slot is a mask; other lengths cost a division.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use ownership_layout::Shards;
///
/// let hits: Shards<AtomicU64> = Shards::new(NonZeroUsize::new(4).unwrap());
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
pub struct Shards<T> {
    slots: Box<[CachePadded<T>]>,
}

impl<T> Shards<T> {
    /// Creates `len` slots, slot `i` holding `f(i)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let shards = ownership_layout::Shards::from_fn(NonZeroUsize::new(3).unwrap(), |i| i * 10);
    /// assert_eq!(shards.iter().copied().collect::<Vec<_>>(), [0, 10, 20]);
    /// ```
    pub fn from_fn(len: NonZeroUsize, mut f: impl FnMut(usize) -> T) -> Self {
        Self {
            slots: (0..len.get()).map(|i| CachePadded::new(f(i))).collect(),
        }
    }

    /// Creates `len` slots, each holding `T::default()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let shards: ownership_layout::Shards<u32> = ownership_layout::Shards::new(NonZeroUsize::new(2).unwrap());
    /// assert_eq!(shards.len(), 2);
    /// assert!(shards.iter().all(|&v| v == 0));
    /// ```
    pub fn new(len: NonZeroUsize) -> Self
    where
        T: Default,
    {
        Self::from_fn(len, |_| T::default())
    }

    /// Creates one slot per CPU the process may run on (`std::thread::available_parallelism`,
    /// or one slot if that is unknown), each holding `T::default()`.
    ///
    /// # Examples
    ///
    /// ```
    /// let shards: ownership_layout::Shards<u64> = ownership_layout::Shards::per_cpu();
    /// let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    /// assert_eq!(shards.len(), cpus);
    /// ```
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    pub fn per_cpu() -> Self
    where
        T: Default,
    {
        Self::new(std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
    }

    /// The number of slots, at least 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let shards: ownership_layout::Shards<u8> = ownership_layout::Shards::new(NonZeroUsize::new(8).unwrap());
    /// assert_eq!(shards.len(), 8);
    /// ```
    #[allow(clippy::len_without_is_empty)] // never empty: the length is a NonZeroUsize
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// The position of `index` modulo the length.
    #[inline]
    fn position(&self, index: usize) -> usize {
        let len = self.slots.len();
        // A mask for the lengths a sharded counter picks; a division otherwise.
        if len.is_power_of_two() {
            index & (len - 1)
        } else {
            index % len
        }
    }

    /// The slot for `index`, taken modulo [`len`](Self::len): every index is valid.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let shards = ownership_layout::Shards::from_fn(NonZeroUsize::new(4).unwrap(), |i| i);
    /// assert_eq!(*shards.get(2), 2);
    /// assert_eq!(*shards.get(6), 2); // 6 % 4
    /// ```
    #[inline]
    pub fn get(&self, index: usize) -> &T {
        &self.slots[self.position(index)]
    }

    /// The slot for `index` modulo [`len`](Self::len), mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let mut shards: ownership_layout::Shards<u32> = ownership_layout::Shards::new(NonZeroUsize::new(2).unwrap());
    /// *shards.get_mut(3) += 5;
    /// assert_eq!(*shards.get(1), 5);
    /// ```
    pub fn get_mut(&mut self, index: usize) -> &mut T {
        let position = self.position(index);
        &mut self.slots[position]
    }

    /// The calling thread's slot: `get(Self::thread_index())`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let shards = ownership_layout::Shards::from_fn(NonZeroUsize::new(4).unwrap(), |i| i as u8);
    /// // The same thread always gets the same slot.
    /// assert!(core::ptr::eq(shards.current(), shards.current()));
    /// ```
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    #[inline]
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
    /// type S = ownership_layout::Shards<u8>;
    /// let here = S::thread_index();
    /// let there = std::thread::spawn(S::thread_index).join().unwrap();
    /// assert_eq!(here, S::thread_index());
    /// assert_ne!(here, there);
    /// ```
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    #[inline]
    pub fn thread_index() -> usize {
        thread_index()
    }

    /// The slots in index order, for a reader that combines them.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let shards = ownership_layout::Shards::from_fn(NonZeroUsize::new(4).unwrap(), |i| i as u64);
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
    /// use std::num::NonZeroUsize;
    /// let mut shards: ownership_layout::Shards<u64> = ownership_layout::Shards::new(NonZeroUsize::new(2).unwrap());
    /// shards.iter_mut().for_each(|slot| *slot = 7);
    /// assert_eq!(shards.iter().sum::<u64>(), 14);
    /// ```
    pub fn iter_mut(&mut self) -> impl ExactSizeIterator<Item = &mut T> + '_ {
        self.slots.iter_mut().map(|slot| &mut **slot)
    }
}

/// One slot per CPU: [`Shards::per_cpu`]. Only with the `std` feature, which knows the CPUs.
///
/// # Examples
///
/// ```
/// let shards: ownership_layout::Shards<u32> = Default::default();
/// assert!(shards.len() >= 1);
/// ```
#[cfg(feature = "std")]
impl<T: Default> Default for Shards<T> {
    fn default() -> Self {
        Self::per_cpu()
    }
}

impl<T: fmt::Debug> fmt::Debug for Shards<T> {
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
