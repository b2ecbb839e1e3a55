//! Public API tests of `BoundedCache`: a proptest model on a manual clock, O(1) evidence,
//! the eviction listener without lock, and concurrency.

mod common;

use std::hash::{Hash, Hasher};
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::thread;
use std::time::Duration;
use test_support::proptest_config;

use common::{ITERS, Probe, watchdog};
use ownership_core_traits::Cache;
use ownership_sync_counter::BoundedCache;
use ownership_sync_counter::cache::{CacheStats, EvictionCause};
use ownership_sync_counter::time::{Clock, ManualClock};
use proptest::prelude::*;

static_assertions::assert_impl_all!(BoundedCache<String, Vec<u8>>: Send, Sync, std::fmt::Debug);

type Log = Arc<Mutex<Vec<(u8, u32, EvictionCause)>>>;

/// The reference: a vector in use order (front = most recent), scanned linearly.
#[derive(Debug, Default)]
struct Model {
    capacity: usize,
    ttl: Option<Duration>,
    entries: Vec<(u8, u32, Option<Duration>)>,
    evicted: Vec<(u8, u32, EvictionCause)>,
    stats: CacheStats,
}

impl Model {
    fn expired(deadline: Option<Duration>, now: Duration) -> bool {
        deadline.is_some_and(|d| now >= d)
    }

    fn get(&mut self, key: u8, now: Duration) -> Option<u32> {
        let Some(pos) = self.entries.iter().position(|e| e.0 == key) else {
            self.stats.misses += 1;
            return None;
        };
        let entry = self.entries.remove(pos);
        if Self::expired(entry.2, now) {
            self.stats.misses += 1;
            self.stats.expirations += 1;
            self.evicted
                .push((entry.0, entry.1, EvictionCause::Expired));
            return None;
        }
        self.stats.hits += 1;
        self.entries.insert(0, entry);
        Some(entry.1)
    }

    fn insert(
        &mut self,
        key: u8,
        value: u32,
        deadline: Option<Duration>,
        now: Duration,
    ) -> Option<u32> {
        if let Some(pos) = self.entries.iter().position(|e| e.0 == key) {
            let old = self.entries.remove(pos);
            self.entries.insert(0, (key, value, deadline));
            if Self::expired(old.2, now) {
                self.stats.expirations += 1;
                self.evicted.push((key, old.1, EvictionCause::Expired));
                return None;
            }
            return Some(old.1);
        }
        if self.entries.len() == self.capacity {
            let tail = self.entries.pop().unwrap();
            let cause = if Self::expired(tail.2, now) {
                self.stats.expirations += 1;
                EvictionCause::Expired
            } else {
                self.stats.evictions += 1;
                EvictionCause::Capacity
            };
            self.evicted.push((tail.0, tail.1, cause));
        }
        self.entries.insert(0, (key, value, deadline));
        None
    }

    fn remove(&mut self, key: u8, now: Duration) -> Option<u32> {
        let pos = self.entries.iter().position(|e| e.0 == key)?;
        let entry = self.entries.remove(pos);
        if Self::expired(entry.2, now) {
            self.stats.expirations += 1;
            self.evicted
                .push((entry.0, entry.1, EvictionCause::Expired));
            return None;
        }
        Some(entry.1)
    }

    fn purge(&mut self, now: Duration) -> usize {
        let (gone, kept): (Vec<_>, Vec<_>) =
            self.entries.iter().partition(|e| Self::expired(e.2, now));
        self.entries = kept;
        self.stats.expirations += gone.len() as u64;
        self.evicted
            .extend(gone.iter().map(|e| (e.0, e.1, EvictionCause::Expired)));
        gone.len()
    }
}

#[derive(Debug, Clone)]
enum Op {
    Get(u8),
    Insert(u8, u32),
    InsertTtl(u8, u32, u64),
    GetOrInsert(u8, u32),
    Remove(u8),
    Advance(u64),
    Purge,
    Clear,
}

fn op() -> impl Strategy<Value = Op> {
    let key = 0u8..8;
    prop_oneof![
        4 => key.clone().prop_map(Op::Get),
        4 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
        2 => (key.clone(), any::<u32>(), 1u64..20).prop_map(|(k, v, t)| Op::InsertTtl(k, v, t)),
        2 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::GetOrInsert(k, v)),
        1 => key.prop_map(Op::Remove),
        2 => (0u64..10).prop_map(Op::Advance),
        1 => Just(Op::Purge),
        1 => Just(Op::Clear),
    ]
}

fn sorted_tail(log: &[(u8, u32, EvictionCause)], from: usize) -> Vec<(u8, u32, bool)> {
    let mut tail: Vec<_> = log[from..]
        .iter()
        .map(|&(k, v, c)| (k, v, c == EvictionCause::Expired))
        .collect();
    tail.sort_unstable();
    tail
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn matches_the_reference_model(
        capacity in 1usize..5,
        ttl in proptest::option::of(1u64..20),
        ops in proptest::collection::vec(op(), 1..if cfg!(miri) { 20 } else { 120 }),
    ) {
        let clock = ManualClock::new();
        let log: Log = Arc::default();
        let l = Arc::clone(&log);
        let mut cache = BoundedCache::with_clock(NonZeroUsize::new(capacity).unwrap(), clock.clone())
            .with_eviction_listener(move |k, v, cause| l.lock().unwrap().push((k, v, cause)));
        let ttl = ttl.map(Duration::from_millis);
        if let Some(ttl) = ttl {
            cache = cache.with_ttl(ttl);
        }
        let mut model = Model { capacity, ttl, ..Model::default() };
        for op in ops {
            let now = clock.now();
            let default_deadline = model.ttl.map(|t| now + t);
            let before = model.evicted.len();
            match op {
                Op::Get(k) => prop_assert_eq!(cache.get(&k), model.get(k, now)),
                Op::Insert(k, v) => {
                    prop_assert_eq!(cache.insert(k, v), model.insert(k, v, default_deadline, now));
                }
                Op::InsertTtl(k, v, t) => {
                    let t = Duration::from_millis(t);
                    prop_assert_eq!(cache.insert_with_ttl(k, v, t), model.insert(k, v, Some(now + t), now));
                }
                Op::GetOrInsert(k, v) => {
                    let expected = model.get(k, now).unwrap_or_else(|| {
                        model.insert(k, v, default_deadline, now);
                        v
                    });
                    prop_assert_eq!(cache.get_or_insert_with(k, || v), expected);
                }
                Op::Remove(k) => prop_assert_eq!(cache.remove(&k), model.remove(k, now)),
                Op::Advance(ms) => clock.advance(Duration::from_millis(ms)),
                Op::Purge => prop_assert_eq!(cache.purge_expired(), model.purge(now)),
                Op::Clear => {
                    cache.clear();
                    model.entries.clear();
                }
            }
            let log = log.lock().unwrap();
            prop_assert_eq!(sorted_tail(&log, before), sorted_tail(&model.evicted, before));
            prop_assert_eq!(log.len(), model.evicted.len());
            prop_assert_eq!(cache.len(), model.entries.len());
            prop_assert!(cache.len() <= capacity);
            prop_assert_eq!(cache.stats(), model.stats);
        }
    }
}

/// A clock that counts how often it is read.
#[derive(Clone, Default)]
struct CountingClock {
    inner: ManualClock,
    reads: Arc<AtomicUsize>,
}

impl Clock for CountingClock {
    fn now(&self) -> Duration {
        self.reads.fetch_add(1, Ordering::Relaxed);
        self.inner.now()
    }
}

const ENTRIES: usize = if cfg!(miri) { 100 } else { 10_000 };

#[test]
fn without_a_ttl_the_clock_is_never_read() {
    let clock = CountingClock::default();
    let cache = BoundedCache::with_clock(NonZeroUsize::new(ENTRIES / 2).unwrap(), clock.clone());
    for i in 0..ENTRIES {
        cache.insert(i, i);
        cache.get(&i);
    }
    assert_eq!(clock.reads.load(Ordering::Relaxed), 0);
}

#[test]
fn with_a_ttl_each_operation_reads_the_clock_a_bounded_number_of_times() {
    // A design that checks every entry's age on every call: its reads grow with the
    // number of entries. Ours: one read per get, at most two per insert (the new deadline and
    // the evicted tail's), whatever the size.
    let clock = CountingClock::default();
    let cache = BoundedCache::with_clock(NonZeroUsize::new(ENTRIES).unwrap(), clock.clone())
        .with_ttl(Duration::from_secs(60));
    for i in 0..ENTRIES {
        cache.insert(i, i);
    }
    let reads = |f: &dyn Fn()| {
        let before = clock.reads.load(Ordering::Relaxed);
        f();
        clock.reads.load(Ordering::Relaxed) - before
    };
    assert_eq!(reads(&|| assert_eq!(cache.get(&7), Some(7))), 1);
    assert_eq!(
        reads(&|| assert_eq!(cache.get(&ENTRIES), None)),
        0,
        "a miss reads nothing"
    );
    assert_eq!(
        reads(&|| assert_eq!(cache.insert(ENTRIES, 0), None)),
        2,
        "full: evicts the tail"
    );
    assert_eq!(cache.stats().evictions, 1);
}

static KEY_COMPARISONS: AtomicUsize = AtomicUsize::new(0);

/// A key that counts equality comparisons, to show that lookups do not scan.
#[derive(Clone, Debug)]
struct CountedKey(usize);

impl PartialEq for CountedKey {
    fn eq(&self, other: &Self) -> bool {
        KEY_COMPARISONS.fetch_add(1, Ordering::Relaxed);
        self.0 == other.0
    }
}

impl Eq for CountedKey {}

impl Hash for CountedKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

#[test]
fn get_and_evicting_insert_compare_a_constant_number_of_keys() {
    let cache = BoundedCache::new(NonZeroUsize::new(ENTRIES).unwrap());
    for i in 0..ENTRIES {
        cache.insert(CountedKey(i), i);
    }
    let before = KEY_COMPARISONS.load(Ordering::Relaxed);
    assert_eq!(cache.get(&CountedKey(ENTRIES / 2)), Some(ENTRIES / 2));
    cache.insert(CountedKey(ENTRIES), 0); // evicts key 0
    let compared = KEY_COMPARISONS.load(Ordering::Relaxed) - before;
    // A hash lookup compares one key, rarely a few on a tag collision; a scan compares ~N.
    assert!(
        compared <= 8,
        "{compared} comparisons for {ENTRIES} entries"
    );
    assert_eq!(cache.get(&CountedKey(0)), None);
}

#[test]
fn the_eviction_listener_runs_without_the_lock() {
    let seen = watchdog("a listener that uses the cache", || {
        let slot: Arc<OnceLock<Weak<BoundedCache<u32, u32>>>> = Arc::default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (s, seen2) = (Arc::clone(&slot), Arc::clone(&seen));
        let cache = Arc::new(
            BoundedCache::new(NonZeroUsize::new(2).unwrap()).with_eviction_listener(
                move |k, v, cause| {
                    let cache = s.get().unwrap().upgrade().unwrap();
                    // Reading and writing the cache from the listener: deadlocks if locked.
                    let len = cache.len();
                    if k < 100 {
                        cache.insert(100 + k, v); // evicts again: re-enters this listener
                    }
                    seen2.lock().unwrap().push((k, cause, len));
                },
            ),
        );
        slot.set(Arc::downgrade(&cache)).unwrap();
        cache.insert(1, 1);
        cache.insert(2, 2);
        cache.insert(3, 3); // evicts 1; the listener inserts 101, evicting 2, and so on
        seen.lock().unwrap().clone()
    });
    // Nested calls log first; the outer call (key 1) is last.
    assert_eq!(seen.last(), Some(&(1, EvictionCause::Capacity, 2)));
    assert!(
        seen.len() >= 2,
        "the listener's own insert evicted too: {seen:?}"
    );
}

#[test]
fn concurrent_use_keeps_the_bound_and_the_counts() {
    let cache = Arc::new(BoundedCache::new(NonZeroUsize::new(64).unwrap()));
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let cache = Arc::clone(&cache);
            thread::spawn(move || {
                let mut added = 0; // inserts that added a key (returned None: no TTL here)
                for i in 0..ITERS / 10 {
                    let key = (i * 7 + t) % 100;
                    if cache.get(&key).is_none() && cache.insert(key, i).is_none() {
                        added += 1;
                    }
                }
                added
            })
        })
        .collect();
    let added: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    let stats = cache.stats();
    assert_eq!(stats.hits + stats.misses, 4 * (ITERS / 10) as u64);
    assert!(cache.len() <= 64);
    assert_eq!(
        stats.evictions as usize + cache.len(),
        added,
        "every added key is either still there or was evicted once"
    );
}

#[test]
fn implements_the_cache_trait() {
    fn memo(c: &impl Cache<u64, u64>, n: u64) -> u64 {
        c.get_or_insert_with(n, || n * 3)
    }
    let cache = BoundedCache::new(NonZeroUsize::new(4).unwrap());
    assert_eq!(memo(&cache, 5), 15);
    assert_eq!(Cache::get(&cache, &5), Some(15));
    assert_eq!(Cache::insert(&cache, 5, 1), Some(15));
    assert_eq!(Cache::len(&cache), 1);
    Cache::clear(&cache);
    assert!(Cache::is_empty(&cache));
}

type ProbeCache = BoundedCache<Probe, Probe, ManualClock>;

/// A cache (capacity 2, time-to-live 1 s on a manual clock) whose probes, when dropped, read
/// the cache's length (it deadlocks if the dropping thread holds the lock) and count the
/// drops that saw the cache alive.
fn probed_cache() -> (
    Arc<ProbeCache>,
    ManualClock,
    impl Fn(u32) -> Probe + Clone,
    Arc<AtomicUsize>,
) {
    let clock = ManualClock::new();
    let cache = Arc::new(
        BoundedCache::with_clock(NonZeroUsize::new(2).unwrap(), clock.clone())
            .with_ttl(Duration::from_secs(1)),
    );
    let weak: Weak<ProbeCache> = Arc::downgrade(&cache);
    let drops = Arc::new(AtomicUsize::new(0));
    let d = Arc::clone(&drops);
    let probe = move |id| {
        let (weak, d) = (weak.clone(), Arc::clone(&d));
        Probe::new(id, move || {
            if let Some(cache) = weak.upgrade() {
                let _ = cache.len();
                d.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    (cache, clock, probe, drops)
}

#[test]
fn insert_drops_the_duplicate_key_after_releasing_the_lock() {
    let (replaced, drops) = watchdog("insert over a key whose Drop uses the cache", || {
        let (cache, _clock, probe, drops) = probed_cache();
        cache.insert(probe(1), probe(10));
        let replaced = cache.insert(probe(1), probe(11)).map(|v| v.id);
        (replaced, drops.load(Ordering::Relaxed))
    });
    assert_eq!(replaced, Some(10));
    assert_eq!(drops, 2, "the duplicate key and the returned value");
}

#[test]
fn eviction_drops_the_evicted_entry_after_releasing_the_lock() {
    let (len, drops) = watchdog("evicting a key whose Drop uses the cache", || {
        let (cache, _clock, probe, drops) = probed_cache();
        for id in 1..=3 {
            cache.insert(probe(id), probe(id * 10)); // the third evicts key 1
        }
        (cache.len(), drops.load(Ordering::Relaxed))
    });
    assert_eq!(len, 2);
    assert_eq!(drops, 3, "both copies of the evicted key, and its value");
}

#[test]
fn remove_drops_the_stored_key_after_releasing_the_lock() {
    let (removed, drops) = watchdog("remove of a key whose Drop uses the cache", || {
        let (cache, _clock, probe, drops) = probed_cache();
        cache.insert(probe(1), probe(10));
        let removed = cache.remove(&probe(1)).map(|v| v.id);
        (removed, drops.load(Ordering::Relaxed))
    });
    assert_eq!(removed, Some(10));
    assert_eq!(
        drops, 4,
        "both stored copies of the key, the lookup key and the returned value"
    );
}

#[test]
fn expiry_drops_the_expired_entry_after_releasing_the_lock() {
    let (found, purged, drops) = watchdog("expiring keys whose Drop uses the cache", || {
        let (cache, clock, probe, drops) = probed_cache();
        cache.insert(probe(1), probe(10));
        cache.insert(probe(2), probe(20));
        clock.advance(Duration::from_secs(1));
        let found = cache.get(&probe(1)).is_some(); // expired: dropped by the lookup
        let purged = cache.purge_expired(); // key 2
        (found, purged, drops.load(Ordering::Relaxed))
    });
    assert!(!found);
    assert_eq!(purged, 1);
    assert_eq!(
        drops, 7,
        "the lookup key, and two key copies and a value per entry"
    );
}

#[test]
fn clear_and_get_or_insert_with_drop_values_after_releasing_the_lock() {
    let (kept, drops) = watchdog("clear and a losing get_or_insert_with", || {
        let (cache, _clock, probe, drops) = probed_cache();
        let c = Arc::clone(&cache);
        let p = probe.clone();
        // `f` stores the key itself, so the key and value it returns lose.
        let kept = cache
            .get_or_insert_with(probe(1), move || {
                c.insert(p(1), p(10));
                p(11)
            })
            .id;
        cache.clear();
        (kept, drops.load(Ordering::Relaxed))
    });
    assert_eq!(kept, 10);
    assert_eq!(
        drops, 6,
        "the losing key and value, the returned clone, and the cleared entry's three"
    );
}
