//! A counter split into per-thread shards so that writers do not contend.

use std::num::NonZeroUsize;

use ownership_layout::Shards;

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
/// use ownership_sync_counter::ShardedCounter;
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
    // Each shard on its own cache line; always a power of two, so picking one is a mask.
    shards: Shards<Shard>,
}

/// One shard: its part of the total, and counts of the decreases (takes by
/// [`ShardedCounter::sub_one`] and resets) begun and finished on it. A decrement that finds
/// every shard empty compares the counts to prove that they were all empty at one instant.
#[derive(Debug, Default)]
struct Shard {
    value: AtomicUsize,
    decreases_begun: AtomicUsize,
    decreases_done: AtomicUsize,
}

impl Shard {
    /// Takes one unit if there is one.
    fn take_one(&self) -> bool {
        // An empty shard costs one load, and is not counted as a decrease.
        if self.value.load(Ordering::SeqCst) == 0 {
            return false;
        }
        self.decreases_begun.fetch_add(1, Ordering::SeqCst);
        let taken = self
            .value
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| v.checked_sub(1))
            .is_ok();
        self.decreases_done.fetch_add(1, Ordering::SeqCst);
        taken
    }
}

impl ShardedCounter {
    /// Creates a counter with four shards per available core, rounded up to a power of two.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_sync_counter::ShardedCounter::new();
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
    /// let c = ownership_sync_counter::ShardedCounter::with_shards(NonZeroUsize::new(3).unwrap());
    /// assert_eq!(c.shard_count(), 4);
    /// ```
    pub fn with_shards(shards: NonZeroUsize) -> Self {
        // Above `usize::MAX / 2` there is no power of two to round to, and no memory for that
        // many shards either: `Shards::new` fails to allocate them.
        let count = shards.checked_next_power_of_two().unwrap_or(shards);
        Self {
            shards: Shards::new(count),
        }
    }

    /// Returns the number of shards.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let c = ownership_sync_counter::ShardedCounter::with_shards(NonZeroUsize::new(8).unwrap());
    /// assert_eq!(c.shard_count(), 8);
    /// ```
    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    /// The calling thread's position in the shards (its `thread_index`, masked).
    fn own_shard(&self) -> usize {
        Shards::<Shard>::thread_index() & (self.shards.len() - 1)
    }

    /// Adds `n` to the calling thread's shard: one uncontended atomic add in the usual case.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_sync_counter::ShardedCounter::new();
    /// c.add(5);
    /// assert_eq!(c.get(), 5);
    /// ```
    pub fn add(&self, n: usize) {
        self.shards.current().value.fetch_add(n, Ordering::Relaxed);
    }

    /// Subtracts one from some shard, saturating at zero; returns `false` only if the total
    /// was zero at some instant during the call.
    ///
    /// Takes from the calling thread's shard first, then from the others, so the total never
    /// goes below zero. A decrement during which the total stays at least 1 always succeeds,
    /// even while other threads move units between shards (as long as no shard wraps past
    /// `usize::MAX`). Finding nothing costs three reads of every shard instead of one, and a
    /// retry when another thread took or reset at the same time.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_sync_counter::ShardedCounter::new();
    /// assert!(!c.sub_one());
    /// c.add(1);
    /// assert!(c.sub_one());
    /// assert_eq!(c.get(), 0);
    /// ```
    pub fn sub_one(&self) -> bool {
        let start = self.own_shard();
        loop {
            if self.in_scan_order(start).any(Shard::take_one) {
                return true;
            }
            if self.all_empty_at_one_instant(start) {
                return false;
            }
        }
    }

    /// Every shard, starting at `start` and wrapping around.
    fn in_scan_order(&self, start: usize) -> impl Iterator<Item = &Shard> {
        (0..self.shards.len()).map(move |i| self.shards.get(start + i))
    }

    /// Returns `true` if the total was zero at one instant during this call; `false` if a
    /// shard held a unit or a decrease ran meanwhile (the caller scans again).
    ///
    /// A scan that finds every shard empty does not prove the total was ever zero: a unit can
    /// be added to a shard the scan has passed while another is taken from one it has not
    /// reached yet, so the total stays positive and the scan sees nothing. Adds only raise a
    /// shard, so what can hide a unit is a decrease. Hence three passes:
    ///
    /// 1. sum the finished decreases of every shard;
    /// 2. read every value (the first read is the instant T);
    /// 3. sum the begun decreases of every shard.
    ///
    /// A decrease that wrote a shard after T and before pass 2 read it began before pass 3
    /// and finished after pass 1, so it makes the sum of pass 3 larger than that of pass 1
    /// (per shard, begun never trails done, and both only grow). Equal sums mean no shard
    /// decreased between T and its read, so a shard read as 0 was 0 at T: every shard was 0
    /// at T. The argument takes the shard operations in one interleaving; the decreases and
    /// these reads are SeqCst so that they are, and `add` (Relaxed, the hot path) only ever
    /// raises a shard, which cannot hide a unit from a later read.
    fn all_empty_at_one_instant(&self, start: usize) -> bool {
        let done = self.in_scan_order(start).fold(0usize, |sum, shard| {
            sum.wrapping_add(shard.decreases_done.load(Ordering::SeqCst))
        });
        if self
            .in_scan_order(start)
            .any(|shard| shard.value.load(Ordering::SeqCst) != 0)
        {
            return false;
        }
        let begun = self.in_scan_order(start).fold(0usize, |sum, shard| {
            sum.wrapping_add(shard.decreases_begun.load(Ordering::SeqCst))
        });
        begun == done
    }

    /// Returns the sum of the shards (see the type's docs for what it means under writes).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_sync_counter::ShardedCounter::new();
    /// c.add(2);
    /// c.add(3);
    /// assert_eq!(c.get(), 5);
    /// ```
    pub fn get(&self) -> usize {
        self.shards.iter().fold(0, |sum, shard| {
            sum.wrapping_add(shard.value.load(Ordering::Relaxed))
        })
    }

    /// Sets every shard to zero; adds made at the same time by other threads may survive.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = ownership_sync_counter::ShardedCounter::new();
    /// c.add(9);
    /// c.reset();
    /// assert_eq!(c.get(), 0);
    /// ```
    pub fn reset(&self) {
        for shard in self.shards.iter() {
            // A decrease, counted like a take so that `sub_one` sees it.
            shard.decreases_begun.fetch_add(1, Ordering::SeqCst);
            shard.value.store(0, Ordering::SeqCst);
            shard.decreases_done.fetch_add(1, Ordering::SeqCst);
        }
    }
}

impl Default for ShardedCounter {
    fn default() -> Self {
        Self::new()
    }
}

impl ownership_core_traits::Counter for ShardedCounter {
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
    fn add_writes_the_shard_own_shard_names() {
        let c = ShardedCounter::with_shards(NonZeroUsize::new(4).unwrap());
        c.add(3);
        assert_eq!(c.shards.get(c.own_shard()).value.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn shards_never_share_a_cache_line() {
        let c = ShardedCounter::with_shards(NonZeroUsize::new(8).unwrap());
        let shards: Vec<&Shard> = c.shards.iter().collect();
        for shard in &shards {
            assert!(
                core::ptr::from_ref(*shard).addr() % 64 == 0,
                "aligned to at least 64"
            );
        }
        // The 128-byte lines (x86_64's prefetch pairs) each shard touches: no two share one.
        #[cfg(target_arch = "x86_64")]
        {
            let lines = |shard: &Shard| {
                let start = core::ptr::from_ref(shard).addr();
                start / 128..=(start + core::mem::size_of::<Shard>() - 1) / 128
            };
            for (i, a) in shards.iter().enumerate() {
                for b in &shards[i + 1..] {
                    let (a, b) = (lines(a), lines(b));
                    assert!(
                        a.end() < b.start() || b.end() < a.start(),
                        "{a:?} and {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn sub_one_takes_from_other_shards() {
        let c = ShardedCounter::with_shards(NonZeroUsize::new(4).unwrap());
        let other = (c.own_shard() + 1) & 3;
        c.shards.get(other).value.store(2, Ordering::Relaxed);
        assert!(c.sub_one());
        assert!(c.sub_one());
        assert!(!c.sub_one());
        assert_eq!(c.get(), 0);
    }
}
