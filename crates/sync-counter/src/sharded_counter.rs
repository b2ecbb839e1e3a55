//! A counter split into per-thread shards so that writers do not contend.

use std::num::NonZeroUsize;

use crate::cache_padded::CachePadded;
use crate::sync::{AtomicUsize, Ordering};

/// A counter whose writes go to a shard picked by the calling thread, each on its own cache
/// line; reads sum the shards.
///
/// One shared `AtomicUsize` makes every increment move its cache line between cores. Here
/// threads mostly write their own line, so [`add`](Self::add) scales with threads; the price is
/// that [`get`](Self::get) reads every shard, and a read while others write sees a sum that may
/// never have existed at one instant (each shard is exact; the sum is not a snapshot). Once the
/// writers have finished (joined), `get` is exact.
///
/// The `Counter` trait's `increment` and `decrement` must return the new value, so they add the
/// shards afterwards; for counting at full speed call [`add`](Self::add).
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use std::thread;
/// use sync_counter::ShardedCounter;
///
/// let events = Arc::new(ShardedCounter::new());
/// let threads: Vec<_> = (0..4)
///     .map(|_| {
///         let events = Arc::clone(&events);
///         thread::spawn(move || (0..1000).for_each(|_| events.add(1)))
///     })
///     .collect();
/// threads.into_iter().for_each(|t| t.join().unwrap());
/// assert_eq!(events.get(), 4000);
/// ```
#[derive(Debug)]
pub struct ShardedCounter {
    // Always a power of two, so picking a shard is a mask.
    shards: Box<[CachePadded<AtomicUsize>]>,
}

/// A small number that is different for each live thread, assigned on first use.
fn thread_index() -> usize {
    // Plain std atomics, also under loom: this only spreads threads over shards.
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static INDEX: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    INDEX.with(|index| *index)
}

impl ShardedCounter {
    /// Creates a counter with four shards per available core, rounded up to a power of two.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = sync_counter::ShardedCounter::new();
    /// assert!(c.shard_count().is_power_of_two());
    /// ```
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        Self::with_shards(NonZeroUsize::new(cores * 4).unwrap_or(NonZeroUsize::MIN))
    }

    /// Creates a counter with at least `shards` shards (rounded up to a power of two).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let c = sync_counter::ShardedCounter::with_shards(NonZeroUsize::new(3).unwrap());
    /// assert_eq!(c.shard_count(), 4);
    /// ```
    pub fn with_shards(shards: NonZeroUsize) -> Self {
        let count = shards.get().next_power_of_two();
        Self {
            shards: (0..count)
                .map(|_| CachePadded(AtomicUsize::new(0)))
                .collect(),
        }
    }

    /// Returns the number of shards.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let c = sync_counter::ShardedCounter::with_shards(NonZeroUsize::new(8).unwrap());
    /// assert_eq!(c.shard_count(), 8);
    /// ```
    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    fn own_shard(&self) -> usize {
        thread_index() & (self.shards.len() - 1)
    }

    /// Adds `n` to the calling thread's shard: one uncontended atomic add in the usual case.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = sync_counter::ShardedCounter::new();
    /// c.add(5);
    /// assert_eq!(c.get(), 5);
    /// ```
    pub fn add(&self, n: usize) {
        self.shards[self.own_shard()].fetch_add(n, Ordering::Relaxed);
    }

    /// Subtracts one from some shard, saturating at zero; returns `false` if every shard was 0.
    ///
    /// Tries the calling thread's shard first, then the others, so the total never goes below
    /// zero.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = sync_counter::ShardedCounter::new();
    /// assert!(!c.sub_one());
    /// c.add(1);
    /// assert!(c.sub_one());
    /// assert_eq!(c.get(), 0);
    /// ```
    pub fn sub_one(&self) -> bool {
        let start = self.own_shard();
        let len = self.shards.len();
        (0..len).any(|i| {
            self.shards[(start + i) & (len - 1)]
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| v.checked_sub(1))
                .is_ok()
        })
    }

    /// Returns the sum of the shards (see the type's docs for what it means under writes).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = sync_counter::ShardedCounter::new();
    /// c.add(2);
    /// c.add(3);
    /// assert_eq!(c.get(), 5);
    /// ```
    pub fn get(&self) -> usize {
        self.shards.iter().fold(0, |sum, shard| {
            sum.wrapping_add(shard.load(Ordering::Relaxed))
        })
    }

    /// Sets every shard to zero; adds made at the same time by other threads may survive.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = sync_counter::ShardedCounter::new();
    /// c.add(9);
    /// c.reset();
    /// assert_eq!(c.get(), 0);
    /// ```
    pub fn reset(&self) {
        for shard in self.shards.iter() {
            shard.store(0, Ordering::Relaxed);
        }
    }
}

impl Default for ShardedCounter {
    fn default() -> Self {
        Self::new()
    }
}

impl core_traits::Counter for ShardedCounter {
    /// Adds one and returns the sum read right after (exact when no other thread writes).
    fn increment(&self) -> usize {
        self.add(1);
        self.get()
    }

    /// Subtracts one, saturating at zero, and returns the sum read right after.
    fn decrement(&self) -> usize {
        self.sub_one();
        self.get()
    }

    fn get(&self) -> usize {
        ShardedCounter::get(self)
    }

    fn reset(&self) {
        ShardedCounter::reset(self);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn threads_get_different_indices() {
        let here = thread_index();
        let there = std::thread::spawn(thread_index).join().unwrap();
        assert_ne!(here, there);
        assert_eq!(here, thread_index(), "stable within a thread");
    }

    #[test]
    fn sub_one_takes_from_other_shards() {
        let c = ShardedCounter::with_shards(NonZeroUsize::new(4).unwrap());
        let other = (c.own_shard() + 1) & 3;
        c.shards[other].store(2, Ordering::Relaxed);
        assert!(c.sub_one());
        assert!(c.sub_one());
        assert!(!c.sub_one());
        assert_eq!(c.get(), 0);
    }
}
