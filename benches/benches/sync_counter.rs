//! sync-counter against what you would otherwise write or pick: the counter's hot path vs a
//! bare atomic and a plain `Mutex<usize>`, sharding vs one contended atomic, and
//! `BoundedCache` vs the `lru` crate behind a `parking_lot::Mutex`. Threaded benches run on
//! two threads through `iter_custom` and report the slower thread's time per iteration.

use std::collections::hash_map::RandomState;
use std::hint::black_box;
use std::num::NonZeroUsize;
use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use criterion::Criterion;
use ownership_sync_counter::time::CoarseClock;
use ownership_sync_counter::{BoundedCache, ShardedCounter, ThreadSafeCounter};

const THREADS: usize = 2;

/// Runs `op` `iters` times on each of two threads started together; returns the slower
/// thread's time, so one iteration is one operation per thread, concurrently.
fn on_two_threads<S: Sync>(iters: u64, shared: &S, op: impl Fn(&S) + Sync) -> Duration {
    let start = Barrier::new(THREADS);
    thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    let begun = Instant::now();
                    for _ in 0..iters {
                        op(shared);
                    }
                    begun.elapsed()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("bench thread"))
            .max()
            .unwrap_or_default()
    })
}

fn counter_increment(c: &mut Criterion) {
    let mut group = c.benchmark_group("sync_counter/increment_2_threads");
    group.bench_function("ours", |b| {
        let counter = ThreadSafeCounter::new();
        b.iter_custom(|iters| {
            on_two_threads(iters, &counter, |c| {
                black_box(c.increment());
            })
        });
    });
    group.bench_function("atomic_fetch_add", |b| {
        let counter = AtomicUsize::new(0);
        b.iter_custom(|iters| {
            on_two_threads(iters, &counter, |c| {
                black_box(c.fetch_add(1, Ordering::AcqRel));
            })
        });
    });
    group.bench_function("std_mutex", |b| {
        let counter = std::sync::Mutex::new(0usize);
        b.iter_custom(|iters| {
            on_two_threads(iters, &counter, |c| {
                let mut guard = c.lock().expect("not poisoned");
                *guard += 1;
                black_box(*guard);
            })
        });
    });
    group.bench_function("parking_lot_mutex", |b| {
        let counter = parking_lot::Mutex::new(0usize);
        b.iter_custom(|iters| {
            on_two_threads(iters, &counter, |c| {
                let mut guard = c.lock();
                *guard += 1;
                black_box(*guard);
            })
        });
    });
    group.finish();
}

fn sharded(c: &mut Criterion) {
    let mut group = c.benchmark_group("sync_counter/sharded_add_2_threads");
    group.bench_function("ours", |b| {
        let counter = ShardedCounter::new();
        b.iter_custom(|iters| on_two_threads(iters, &counter, |c| c.add(1)));
    });
    group.bench_function("one_atomic", |b| {
        let counter = AtomicUsize::new(0);
        b.iter_custom(|iters| {
            on_two_threads(iters, &counter, |c| {
                c.fetch_add(1, Ordering::Relaxed);
            })
        });
    });
    group.finish();
}

const CAPACITY: usize = 1024;
/// Keys cycle over twice the capacity for inserts, so half of them evict.
const KEYS: u64 = 2 * CAPACITY as u64;

fn capacity() -> NonZeroUsize {
    NonZeroUsize::new(CAPACITY).expect("non-zero")
}

/// A cache full of keys `0..CAPACITY`; every get below hits.
fn filled_ours() -> BoundedCache<u64, u64> {
    let cache = BoundedCache::new(capacity());
    (0..CAPACITY as u64).for_each(|k| {
        cache.insert(k, k);
    });
    cache
}

/// `lru` with std's hasher, as ours uses: the comparison is of the structures, not of SipHash
/// against `lru`'s default (hashbrown's faster, non-DoS-resistant hasher).
fn filled_lru() -> parking_lot::Mutex<lru::LruCache<u64, u64, RandomState>> {
    let mut cache = lru::LruCache::with_hasher(capacity(), RandomState::new());
    (0..CAPACITY as u64).for_each(|k| {
        cache.put(k, k);
    });
    parking_lot::Mutex::new(cache)
}

fn cache_get(c: &mut Criterion) {
    let mut group = c.benchmark_group("sync_counter/bounded_cache_get");
    group.bench_function("ours", |b| {
        let cache = filled_ours();
        let mut key = 0;
        b.iter(|| {
            key = (key + 7) % CAPACITY as u64;
            black_box(cache.get(&key))
        });
    });
    group.bench_function("lru_parking_lot", |b| {
        let cache = filled_lru();
        let mut key = 0;
        b.iter(|| {
            key = (key + 7) % CAPACITY as u64;
            black_box(cache.lock().get(&key).cloned())
        });
    });
    group.finish();
}

fn cache_insert(c: &mut Criterion) {
    let mut group = c.benchmark_group("sync_counter/bounded_cache_insert");
    group.bench_function("ours", |b| {
        let cache = filled_ours();
        let mut key = 0;
        b.iter(|| {
            key = (key + 7) % KEYS;
            black_box(cache.insert(key, key))
        });
    });
    group.bench_function("lru_parking_lot", |b| {
        let cache = filled_lru();
        let mut key = 0;
        b.iter(|| {
            key = (key + 7) % KEYS;
            black_box(cache.lock().push(key, key))
        });
    });
    group.finish();
}

fn cache_get_ttl(c: &mut Criterion) {
    // What a time-to-live adds to a hit: one clock read (only entries with a deadline read it),
    // with the real clock and with a coarse one (one atomic load).
    let mut group = c.benchmark_group("sync_counter/bounded_cache_get_ttl");
    group.bench_function("ours_no_ttl", |b| {
        let cache = filled_ours();
        let mut key = 0;
        b.iter(|| {
            key = (key + 7) % CAPACITY as u64;
            black_box(cache.get(&key))
        });
    });
    group.bench_function("ours_ttl", |b| {
        let cache = BoundedCache::new(capacity()).with_ttl(Duration::from_secs(3600));
        (0..CAPACITY as u64).for_each(|k| {
            cache.insert(k, k);
        });
        let mut key = 0;
        b.iter(|| {
            key = (key + 7) % CAPACITY as u64;
            black_box(cache.get(&key))
        });
    });
    group.bench_function("ours_ttl_coarse_clock", |b| {
        let clock = CoarseClock::new(Duration::from_millis(1));
        let cache = BoundedCache::with_clock(capacity(), clock).with_ttl(Duration::from_secs(3600));
        (0..CAPACITY as u64).for_each(|k| {
            cache.insert(k, k);
        });
        let mut key = 0;
        b.iter(|| {
            key = (key + 7) % CAPACITY as u64;
            black_box(cache.get(&key))
        });
    });
    group.finish();
}

// A plain `main` rather than `criterion_main!`, whose generated `pub fn` has no docs.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    counter_increment(&mut c);
    sharded(&mut c);
    cache_get(&mut c);
    cache_insert(&mut c);
    cache_get_ttl(&mut c);
    c.final_summary();
}
