//! A counter many threads change, with callbacks at thresholds.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

use crate::sync::{AtomicU64, AtomicUsize, Mutex, Ordering, fence};
use crate::time::{Clock, MonotonicClock};
use ownership_layout::CachePadded;

type Callback = Arc<dyn Fn(usize) + Send + Sync>;

/// The callbacks by threshold, each list in registration order.
///
/// Replaced as a whole (copy on write) on every change, so a dispatching thread can hold a
/// snapshot while callbacks register or remove callbacks.
type CallbackMap = BTreeMap<usize, Vec<(CallbackId, Callback)>>;

/// A counter that many threads increment, with callbacks that fire when a value is reached.
///
/// - **Hot path**: without a callback that could match, an operation is one `SeqCst` atomic
///   read-modify-write on the value and one `SeqCst` load of a 64-bit *armed mask* (bit
///   `n % 64` set while some callback waits for a value `n`). No lock, no fence.
/// - **Registration is seen**: once [`on_threshold`](Self::on_threshold) has returned, every
///   operation that comes after it fires the callback when it produces the threshold. "After"
///   includes an operation that the registering thread (or one it synchronizes with) did not
///   see: if a thread registers for 1 and then reads 0, the increment that makes 1 fires it.
/// - **Callbacks** for `n` run once for every operation whose result is `n`: `increment`,
///   `decrement` (including a decrement that saturates at 0), and `reset` (result 0). They get
///   the value, run in registration order, on the thread that made the operation, with **no lock
///   held**: a callback may call any method of this counter, including
///   [`on_threshold`](Self::on_threshold) and [`remove_callback`](Self::remove_callback).
/// - **Snapshots**: an operation runs the callbacks registered when it looked them up. A
///   callback removed while another thread is dispatching may run once more for that in-flight
///   operation; one registered from inside a callback first fires for a later operation.
/// - **Panics**: a panicking callback unwinds into the caller that triggered it; the callbacks
///   after it in that dispatch do not run. The value was already updated and no lock is held
///   (the callback list is behind a `parking_lot` mutex, which does not poison, and is not locked
///   while callbacks run), so every other thread keeps using the counter normally.
/// - **Cleanup**: callbacks are dropped when removed (once no dispatch holds them) or with the
///   counter, never while a lock of the counter is held, so what a callback owns may use the
///   counter from its `Drop`. A callback that needs the counter should capture a
///   [`std::sync::Weak`] of the `Arc` that shares it, not an `Arc`, or the cycle keeps both
///   alive.
///
/// `increment` wraps past `usize::MAX` (as `AtomicUsize::fetch_add` does); at one increment per
/// nanosecond that takes 584 years.
///
/// # Examples
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
/// use std::thread;
/// use ownership_sync_counter::ThreadSafeCounter;
///
/// // `new` returns the counter itself; `Arc::new` shares it with the threads.
/// let counter = Arc::new(ThreadSafeCounter::new());
/// let fired = Arc::new(AtomicUsize::new(0));
/// let f = Arc::clone(&fired);
/// counter.on_threshold(100, move |value| {
///     assert_eq!(value, 100);
///     f.fetch_add(1, Ordering::Relaxed);
/// });
///
/// let workers: Vec<_> = (0..4)
///     .map(|_| {
///         let counter = Arc::clone(&counter);
///         thread::spawn(move || (0..50).for_each(|_| { counter.increment(); }))
///     })
///     .collect();
/// workers.into_iter().for_each(|w| w.join().unwrap());
///
/// assert_eq!(counter.get(), 200);
/// assert_eq!(fired.load(Ordering::Relaxed), 1, "exactly one increment produced 100");
/// ```
pub struct ThreadSafeCounter {
    /// On a cache line of its own: `armed` is read after every update, and if it shared the
    /// line, a contending thread could steal the line between the two and cost a second miss.
    value: CachePadded<AtomicUsize>,
    /// Bit `n % 64` is set while a callback for some `n` is registered; 0 means none.
    armed: AtomicU64,
    callbacks: Mutex<Callbacks>,
    history: Option<History>,
    stats: Option<Stats>,
}

struct Callbacks {
    next_id: u64,
    map: Arc<CallbackMap>,
}

struct History {
    capacity: usize,
    clock: Box<dyn Clock>,
    entries: Mutex<VecDeque<HistoryEntry>>,
}

#[derive(Default)]
struct Stats {
    increments: AtomicU64,
    decrements: AtomicU64,
    resets: AtomicU64,
    callbacks_fired: AtomicU64,
}

/// Names a registered callback, for [`ThreadSafeCounter::remove_callback`].
///
/// # Examples
///
/// ```
/// use ownership_sync_counter::ThreadSafeCounter;
///
/// let counter = ThreadSafeCounter::new();
/// let a = counter.on_threshold(1, |_| {});
/// let b = counter.on_threshold(1, |_| {});
/// assert_ne!(a, b);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallbackId(u64);

/// The kind of operation recorded in a [`HistoryEntry`].
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use ownership_sync_counter::counter::{Operation, ThreadSafeCounter};
///
/// let counter = ThreadSafeCounter::with_history(NonZeroUsize::new(8).unwrap());
/// counter.increment();
/// assert_eq!(counter.history()[0].operation, Operation::Increment);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// [`ThreadSafeCounter::increment`].
    Increment,
    /// [`ThreadSafeCounter::decrement`].
    Decrement,
    /// [`ThreadSafeCounter::reset`].
    Reset,
}

/// One operation in a counter's history: what it was, the value it produced, and when.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::time::Duration;
/// use ownership_sync_counter::counter::{Operation, ThreadSafeCounter};
/// use ownership_sync_counter::time::ManualClock;
///
/// let clock = ManualClock::new();
/// let four = NonZeroUsize::new(4).unwrap();
/// let counter = ThreadSafeCounter::builder().history(four).clock(clock.clone()).build();
/// clock.advance(Duration::from_secs(1));
/// counter.increment();
/// let entry = counter.history()[0];
/// assert_eq!((entry.operation, entry.value, entry.at), (Operation::Increment, 1, Duration::from_secs(1)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryEntry {
    /// What was done.
    pub operation: Operation,
    /// The counter's value right after it.
    pub value: usize,
    /// When, on the counter's clock: read as the operation starts, and never earlier than
    /// the previous entry's time, so the times of a history never decrease.
    pub at: Duration,
}

/// Usage statistics of a counter built with [`CounterBuilder::stats`].
///
/// # Examples
///
/// ```
/// use ownership_sync_counter::ThreadSafeCounter;
///
/// let counter = ThreadSafeCounter::builder().stats().build();
/// counter.on_threshold(1, |_| {});
/// counter.increment();
/// counter.decrement();
/// let stats = counter.stats().unwrap();
/// assert_eq!((stats.increments, stats.decrements, stats.callbacks_fired), (1, 1, 1));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CounterStats {
    /// Calls to `increment`.
    pub increments: u64,
    /// Calls to `decrement`, including those that saturated at 0.
    pub decrements: u64,
    /// Calls to `reset`.
    pub resets: u64,
    /// Callback invocations started (a callback that panicked counts).
    pub callbacks_fired: u64,
}

/// Configures a [`ThreadSafeCounter`] with the optional history and statistics.
///
/// Both cost something on every operation (history takes a lock so its order is exact;
/// statistics add a relaxed atomic add), which is why they are opt-in.
///
/// # Examples
///
/// ```
/// use ownership_sync_counter::ThreadSafeCounter;
///
/// let counter = ThreadSafeCounter::builder()
///     .history(std::num::NonZeroUsize::new(100).unwrap())
///     .stats()
///     .build();
/// counter.increment();
/// assert_eq!(counter.history().len(), 1);
/// assert_eq!(counter.stats().unwrap().increments, 1);
/// ```
#[must_use = "a builder does nothing until `build` is called"]
pub struct CounterBuilder {
    history: Option<NonZeroUsize>,
    clock: Option<Box<dyn Clock>>,
    stats: bool,
}

impl CounterBuilder {
    /// Keeps the last `capacity` operations; without this call the counter keeps no history.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use ownership_sync_counter::ThreadSafeCounter;
    ///
    /// let counter = ThreadSafeCounter::builder().history(NonZeroUsize::new(2).unwrap()).build();
    /// (0..5).for_each(|_| { counter.increment(); });
    /// let values: Vec<usize> = counter.history().iter().map(|e| e.value).collect();
    /// assert_eq!(values, [4, 5], "only the last two are kept");
    /// ```
    pub fn history(mut self, capacity: NonZeroUsize) -> Self {
        self.history = Some(capacity);
        self
    }

    /// Timestamps the history with `clock` instead of a [`MonotonicClock`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use ownership_sync_counter::ThreadSafeCounter;
    /// use ownership_sync_counter::time::ManualClock;
    ///
    /// let counter = ThreadSafeCounter::builder()
    ///     .history(NonZeroUsize::MIN)
    ///     .clock(ManualClock::new())
    ///     .build();
    /// counter.increment();
    /// assert_eq!(counter.history()[0].at, std::time::Duration::ZERO);
    /// ```
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Some(Box::new(clock));
        self
    }

    /// Counts operations by kind and callbacks fired, read with [`ThreadSafeCounter::stats`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_sync_counter::ThreadSafeCounter;
    ///
    /// let counter = ThreadSafeCounter::builder().stats().build();
    /// counter.reset();
    /// assert_eq!(counter.stats().unwrap().resets, 1);
    /// ```
    pub fn stats(mut self) -> Self {
        self.stats = true;
        self
    }

    /// Creates the counter, at zero.
    ///
    /// # Examples
    ///
    /// ```
    /// let counter = ownership_sync_counter::ThreadSafeCounter::builder().build();
    /// assert_eq!(counter.get(), 0);
    /// ```
    pub fn build(self) -> ThreadSafeCounter {
        let clock = self.clock;
        let history = self.history.map(|capacity| History {
            capacity: capacity.get(),
            clock: clock.unwrap_or_else(|| Box::new(MonotonicClock::new())),
            entries: Mutex::new(VecDeque::with_capacity(capacity.get())),
        });
        ThreadSafeCounter {
            value: CachePadded::new(AtomicUsize::new(0)),
            armed: AtomicU64::new(0),
            callbacks: Mutex::new(Callbacks {
                next_id: 0,
                map: Arc::new(BTreeMap::new()),
            }),
            history,
            stats: self.stats.then(Stats::default),
        }
    }
}

impl fmt::Debug for CounterBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CounterBuilder")
            .field("history", &self.history)
            .field("custom_clock", &self.clock.is_some())
            .field("stats", &self.stats)
            .finish()
    }
}

/// The mask bit that covers threshold `n`.
fn bit(n: usize) -> u64 {
    1 << (n % 64)
}

impl ThreadSafeCounter {
    /// Creates a counter at zero, without history or statistics.
    ///
    /// To hand it to threads, share it with `Arc::new`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use ownership_sync_counter::ThreadSafeCounter;
    ///
    /// let counter = Arc::new(ThreadSafeCounter::new());
    /// let for_thread = Arc::clone(&counter);
    /// std::thread::spawn(move || for_thread.increment()).join().unwrap();
    /// assert_eq!(counter.get(), 1);
    /// ```
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Creates a counter that keeps its last `capacity` operations.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use ownership_sync_counter::counter::{Operation, ThreadSafeCounter};
    ///
    /// let counter = ThreadSafeCounter::with_history(NonZeroUsize::new(10).unwrap());
    /// counter.increment();
    /// counter.reset();
    /// let ops: Vec<Operation> = counter.history().iter().map(|e| e.operation).collect();
    /// assert_eq!(ops, [Operation::Increment, Operation::Reset]);
    /// ```
    pub fn with_history(capacity: NonZeroUsize) -> Self {
        Self::builder().history(capacity).build()
    }

    /// Starts configuring a counter with history or statistics.
    ///
    /// # Examples
    ///
    /// ```
    /// let counter = ownership_sync_counter::ThreadSafeCounter::builder().stats().build();
    /// assert!(counter.stats().is_some());
    /// ```
    pub fn builder() -> CounterBuilder {
        CounterBuilder {
            history: None,
            clock: None,
            stats: false,
        }
    }

    /// Adds one, runs the callbacks for the new value, and returns it.
    ///
    /// # Panics
    ///
    /// Panics if a callback panics (the increment has happened).
    ///
    /// # Examples
    ///
    /// ```
    /// let counter = ownership_sync_counter::ThreadSafeCounter::new();
    /// assert_eq!(counter.increment(), 1);
    /// assert_eq!(counter.increment(), 2);
    /// ```
    pub fn increment(&self) -> usize {
        // SeqCst, as every change of the value: `notify` says why.
        let value = self.record(Operation::Increment, || {
            self.value.fetch_add(1, Ordering::SeqCst).wrapping_add(1)
        });
        if let Some(stats) = &self.stats {
            stats.increments.fetch_add(1, Ordering::Relaxed);
        }
        self.notify(value);
        value
    }

    /// Subtracts one, saturating at zero, runs the callbacks for the result, and returns it.
    ///
    /// A decrement at zero leaves zero and so fires the callbacks for 0.
    ///
    /// # Panics
    ///
    /// Panics if a callback panics (the decrement has happened).
    ///
    /// # Examples
    ///
    /// ```
    /// let counter = ownership_sync_counter::ThreadSafeCounter::new();
    /// counter.increment();
    /// assert_eq!(counter.decrement(), 0);
    /// assert_eq!(counter.decrement(), 0, "saturates at zero");
    /// ```
    pub fn decrement(&self) -> usize {
        let value = self.record(Operation::Decrement, || {
            match self
                .value
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| v.checked_sub(1))
            {
                Ok(previous) => previous - 1,
                Err(_zero) => 0,
            }
        });
        if let Some(stats) = &self.stats {
            stats.decrements.fetch_add(1, Ordering::Relaxed);
        }
        self.notify(value);
        value
    }

    /// Returns the current value.
    ///
    /// # Examples
    ///
    /// ```
    /// let counter = ownership_sync_counter::ThreadSafeCounter::new();
    /// counter.increment();
    /// assert_eq!(counter.get(), 1);
    /// ```
    pub fn get(&self) -> usize {
        self.value.load(Ordering::Acquire)
    }

    /// Sets the value to zero and runs the callbacks for 0.
    ///
    /// # Panics
    ///
    /// Panics if a callback panics (the reset has happened).
    ///
    /// # Examples
    ///
    /// ```
    /// let counter = ownership_sync_counter::ThreadSafeCounter::new();
    /// counter.increment();
    /// counter.reset();
    /// assert_eq!(counter.get(), 0);
    /// ```
    pub fn reset(&self) {
        let value = self.record(Operation::Reset, || {
            self.value.swap(0, Ordering::SeqCst);
            0
        });
        if let Some(stats) = &self.stats {
            stats.resets.fetch_add(1, Ordering::Relaxed);
        }
        self.notify(value);
    }

    /// Registers `callback` to run with the value each time an operation produces `threshold`.
    ///
    /// Callbacks for the same threshold run in registration order. Registering from inside a
    /// callback is allowed; the new callback first fires for a later operation.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use ownership_sync_counter::ThreadSafeCounter;
    ///
    /// let counter = ThreadSafeCounter::new();
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let s = Arc::clone(&seen);
    /// counter.on_threshold(2, move |v| s.lock().unwrap().push(v));
    /// (0..3).for_each(|_| { counter.increment(); });
    /// counter.decrement(); // back to 2: fires again
    /// assert_eq!(*seen.lock().unwrap(), [2, 2]);
    /// ```
    pub fn on_threshold<F>(&self, threshold: usize, callback: F) -> CallbackId
    where
        F: Fn(usize) + Send + Sync + 'static,
    {
        let mut callbacks = self.callbacks.lock();
        let id = CallbackId(callbacks.next_id);
        callbacks.next_id += 1;
        Arc::make_mut(&mut callbacks.map)
            .entry(threshold)
            .or_default()
            .push((id, Arc::new(callback)));
        // Under the lock, so the mask always matches the newest map.
        self.armed.fetch_or(bit(threshold), Ordering::Release);
        // Pairs with the SeqCst accesses in `notify` (see there): whatever this thread reads of
        // the value from now on, an operation that changes it afterwards sees this mask bit.
        fence(Ordering::SeqCst);
        id
    }

    /// Unregisters a callback; returns `false` if `id` was not registered (or already removed).
    ///
    /// A callback may remove itself. A dispatch already under way on another thread may still
    /// run it once.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_sync_counter::ThreadSafeCounter;
    ///
    /// let counter = ThreadSafeCounter::new();
    /// let id = counter.on_threshold(1, |_| panic!("removed callbacks do not run"));
    /// assert!(counter.remove_callback(id));
    /// assert!(!counter.remove_callback(id));
    /// counter.increment();
    /// ```
    pub fn remove_callback(&self, id: CallbackId) -> bool {
        // The removed callback is dropped at the end of this function, after the guard: its
        // `Drop` is user code and may use this counter (the lock is not re-entrant).
        let _removed: Callback = {
            let mut callbacks = self.callbacks.lock();
            let Some((threshold, index)) = callbacks.map.iter().find_map(|(threshold, list)| {
                let index = list.iter().position(|(other, _)| *other == id)?;
                Some((*threshold, index))
            }) else {
                return false;
            };
            // If a dispatch holds the old map, `make_mut` copies it; the old map then still
            // holds the callback, so dropping the old map here never drops a callback.
            let map = Arc::make_mut(&mut callbacks.map);
            let list = map
                .get_mut(&threshold)
                .expect("the threshold was found above, under the same lock");
            let (_, removed) = list.remove(index);
            if list.is_empty() {
                map.remove(&threshold);
            }
            let armed = map.keys().fold(0, |mask, &n| mask | bit(n));
            self.armed.store(armed, Ordering::Release);
            removed
        };
        true
    }

    /// Returns how many callbacks are registered.
    ///
    /// # Examples
    ///
    /// ```
    /// let counter = ownership_sync_counter::ThreadSafeCounter::new();
    /// counter.on_threshold(5, |_| {});
    /// assert_eq!(counter.callback_count(), 1);
    /// ```
    pub fn callback_count(&self) -> usize {
        self.callbacks.lock().map.values().map(Vec::len).sum()
    }

    /// Returns the recorded operations, oldest first; empty without [`CounterBuilder::history`].
    ///
    /// The order is the order in which the operations changed the value.
    ///
    /// # Examples
    ///
    /// ```
    /// let three = std::num::NonZeroUsize::new(3).unwrap();
    /// let counter = ownership_sync_counter::ThreadSafeCounter::with_history(three);
    /// counter.increment();
    /// counter.increment();
    /// counter.decrement();
    /// let values: Vec<usize> = counter.history().iter().map(|e| e.value).collect();
    /// assert_eq!(values, [1, 2, 1]);
    /// ```
    pub fn history(&self) -> Vec<HistoryEntry> {
        self.history
            .as_ref()
            .map(|h| h.entries.lock().iter().copied().collect())
            .unwrap_or_default()
    }

    /// Returns the usage statistics, or `None` without [`CounterBuilder::stats`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_sync_counter::ThreadSafeCounter;
    ///
    /// assert_eq!(ThreadSafeCounter::new().stats(), None);
    /// let counter = ThreadSafeCounter::builder().stats().build();
    /// counter.increment();
    /// assert_eq!(counter.stats().unwrap().increments, 1);
    /// ```
    pub fn stats(&self) -> Option<CounterStats> {
        self.stats.as_ref().map(|s| CounterStats {
            increments: s.increments.load(Ordering::Relaxed),
            decrements: s.decrements.load(Ordering::Relaxed),
            resets: s.resets.load(Ordering::Relaxed),
            callbacks_fired: s.callbacks_fired.load(Ordering::Relaxed),
        })
    }

    /// Runs `op`; with history on, under the history lock so entries are in value order.
    fn record(&self, operation: Operation, op: impl FnOnce() -> usize) -> usize {
        let Some(history) = &self.history else {
            return op();
        };
        // The clock is user code: read it before locking (it may use this counter).
        let read = history.clock.now();
        let mut entries = history.entries.lock();
        let value = op();
        // A thread that read the clock earlier may get the lock later; the previous entry's
        // time is still no later than this operation, so taking the maximum keeps the times
        // in order and each between its operation's start and its effect.
        let at = entries.back().map_or(read, |last| read.max(last.at));
        if entries.len() == history.capacity {
            entries.pop_front();
        }
        entries.push_back(HistoryEntry {
            operation,
            value,
            at,
        });
        value
    }

    /// Runs the callbacks for `value`, if the armed mask says there may be some.
    ///
    /// Called right after the read-modify-write that produced `value`.
    #[inline]
    fn notify(&self, value: usize) {
        // The store-buffering shape. A registering thread R sets the mask bit
        // (`on_threshold`), then a SeqCst fence X, then reads the value (`get`, or a decrement
        // that saturates at 0). This thread W changed the value (a SeqCst read-modify-write,
        // or the SeqCst load of a saturating decrement) and now loads the mask. With
        // release/acquire alone both loads may read the old value: R sees the value from
        // before W's change while W sees the mask from before R's registration, and W's
        // operation, which came after the registration, misses the callback.
        //
        // With W's value access and this mask load SeqCst, that outcome is impossible (the
        // C++20 rules for the single total order S, [atomics.order] p4, which Rust follows):
        // R's read, coherence-ordered before W's value access, has X sequenced before it, so
        // X precedes W's access in S (4.3); this load, coherence-ordered before R's
        // `fetch_or`, which is sequenced before X, precedes X in S (4.2); and W's access
        // precedes this load in S (both SeqCst, sequenced). X < access < load < X is a cycle.
        // On x86-64 this costs nothing over the relaxed version (a locked RMW and a plain
        // load); a SeqCst fence here instead measured 2.6-3.4x the cost of a lone fetch_add.
        //
        // loom treats SeqCst accesses as AcqRel, too weak to see that argument, so under
        // `cfg(loom)` W also takes a SeqCst fence, and tests/loom.rs checks the fence-to-fence
        // version of the same protocol for each shape. The mask is only a filter: `dispatch`
        // reads the list under the mutex, which the registration wrote before setting the bit.
        #[cfg(loom)]
        fence(Ordering::SeqCst);
        if self.armed.load(Ordering::SeqCst) & bit(value) != 0 {
            self.dispatch(value);
        }
    }

    #[cold]
    #[inline(never)]
    fn dispatch(&self, value: usize) {
        // Clone the snapshot and release the lock before running anything.
        let snapshot = Arc::clone(&self.callbacks.lock().map);
        let Some(list) = snapshot.get(&value) else {
            return; // another threshold with the same mask bit
        };
        for (_, callback) in list {
            if let Some(stats) = &self.stats {
                stats.callbacks_fired.fetch_add(1, Ordering::Relaxed);
            }
            callback(value);
        }
    }
}

impl Default for ThreadSafeCounter {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ThreadSafeCounter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadSafeCounter")
            .field("value", &self.get())
            .field("callbacks", &self.callback_count())
            .field("history", &self.history.as_ref().map(|h| h.capacity))
            .field("stats", &self.stats())
            .finish()
    }
}

impl ownership_core_traits::Counter for ThreadSafeCounter {
    fn increment(&self) -> usize {
        ThreadSafeCounter::increment(self)
    }

    fn decrement(&self) -> usize {
        ThreadSafeCounter::decrement(self)
    }

    fn get(&self) -> usize {
        ThreadSafeCounter::get(self)
    }

    fn reset(&self) {
        ThreadSafeCounter::reset(self);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn mask_tracks_registered_thresholds() {
        let counter = ThreadSafeCounter::default();
        assert_eq!(counter.armed.load(Ordering::Relaxed), 0);
        let a = counter.on_threshold(3, |_| {});
        let b = counter.on_threshold(67, |_| {}); // same bit as 3
        let c = counter.on_threshold(10, |_| {});
        assert_eq!(counter.armed.load(Ordering::Relaxed), bit(3) | bit(10));
        counter.remove_callback(a);
        assert_eq!(counter.armed.load(Ordering::Relaxed), bit(3) | bit(10));
        counter.remove_callback(b);
        counter.remove_callback(c);
        assert_eq!(counter.armed.load(Ordering::Relaxed), 0);
        assert!(counter.callbacks.lock().map.is_empty());
    }

    #[test]
    fn the_value_has_a_cache_line_of_its_own() {
        let counter = ThreadSafeCounter::new();
        assert!(core::mem::align_of_val(&counter.value) >= 64);
        // On x86_64 the prefetcher pulls lines in 128-byte pairs: the mask read after every
        // update must not sit in the value's pair.
        #[cfg(target_arch = "x86_64")]
        {
            let value = core::ptr::from_ref(&*counter.value).addr();
            let armed = core::ptr::from_ref(&counter.armed).addr();
            assert_ne!(value / 128, armed / 128);
            assert!(core::mem::size_of_val(&counter.value) >= 128);
        }
    }

    #[test]
    fn dispatch_releases_the_lock_before_calling() {
        let counter = Arc::new(ThreadSafeCounter::default());
        let weak = Arc::downgrade(&counter);
        counter.on_threshold(1, move |_| {
            let counter = weak.upgrade().unwrap();
            // Would deadlock if the lock were held (parking_lot's try_lock tells us).
            assert!(counter.callbacks.try_lock().is_some());
        });
        counter.increment();
    }
}
