//! Public API tests of `SharedCache`.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::thread;

use common::{ITERS, Probe, watchdog};
use ownership_core_traits::Cache;
use ownership_sync_counter::cache::SharedCache;

static_assertions::assert_impl_all!(SharedCache<String, Vec<u8>>: Send, Sync, Default, std::fmt::Debug);

#[test]
fn concurrent_updates_are_not_lost() {
    let cache = Arc::new(SharedCache::new());
    cache.insert("hits", 0usize);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let cache = Arc::clone(&cache);
            thread::spawn(move || {
                for _ in 0..ITERS / 10 {
                    cache.update(&"hits", |v| *v += 1).unwrap();
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    assert_eq!(cache.get(&"hits"), Some(4 * (ITERS / 10)));
}

#[test]
fn get_or_insert_with_computes_without_the_lock() {
    // `f` reads and writes the cache: with the lock held this would deadlock.
    let value = watchdog("get_or_insert_with using the cache", || {
        let cache = Arc::new(SharedCache::new());
        let c = Arc::clone(&cache);
        cache.get_or_insert_with(2, move || {
            c.insert(1, 10);
            c.get(&1).unwrap() * 2
        })
    });
    assert_eq!(value, 20);
}

#[test]
fn racing_computations_agree_on_one_value() {
    let cache = Arc::new(SharedCache::new());
    let computed = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let (cache, computed) = (Arc::clone(&cache), Arc::clone(&computed));
            thread::spawn(move || {
                cache.get_or_insert_with("key", || {
                    computed.fetch_add(1, Ordering::Relaxed);
                    t
                })
            })
        })
        .collect();
    let seen: Vec<usize> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(
        seen.iter().all(|&v| v == seen[0]),
        "every caller sees one value: {seen:?}"
    );
    assert_eq!(cache.get(&"key"), Some(seen[0]));
    assert!(computed.load(Ordering::Relaxed) >= 1);
}

#[test]
fn implements_the_cache_trait() {
    fn fill(c: &impl Cache<u32, u32>) {
        for i in 0..10 {
            c.insert(i, i * i);
        }
    }
    let cache = SharedCache::new();
    fill(&cache);
    assert_eq!(Cache::len(&cache), 10);
    assert_eq!(Cache::get(&cache, &3), Some(9));
    assert_eq!(cache.remove(&3), Some(9));
    Cache::clear(&cache);
    assert!(Cache::is_empty(&cache));
}

type ProbeCache = SharedCache<Probe, Probe>;

/// A cache whose probes, when dropped, read the cache's length (it deadlocks if the dropping
/// thread holds the write lock) and count the drops that saw the cache alive.
fn probed_cache() -> (
    Arc<ProbeCache>,
    impl Fn(u32) -> Probe + Clone,
    Arc<AtomicUsize>,
) {
    let cache = Arc::new(ProbeCache::new());
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
    (cache, probe, drops)
}

#[test]
fn clear_drops_the_entries_after_releasing_the_lock() {
    let drops = watchdog("clear with values whose Drop uses the cache", || {
        let (cache, probe, drops) = probed_cache();
        cache.insert(probe(1), probe(10));
        cache.insert(probe(2), probe(20));
        cache.clear();
        assert!(cache.is_empty());
        drops.load(Ordering::Relaxed)
    });
    assert_eq!(drops, 4, "two keys and two values dropped");
}

#[test]
fn insert_drops_the_duplicate_key_after_releasing_the_lock() {
    let (replaced, drops) = watchdog("insert over a key whose Drop uses the cache", || {
        let (cache, probe, drops) = probed_cache();
        cache.insert(probe(1), probe(10));
        let replaced = cache.insert(probe(1), probe(11)).map(|v| v.id);
        (replaced, drops.load(Ordering::Relaxed))
    });
    assert_eq!(replaced, Some(10));
    assert_eq!(
        drops, 2,
        "the second key (a duplicate) and the returned value"
    );
}

#[test]
fn remove_drops_the_stored_key_after_releasing_the_lock() {
    let (removed, drops) = watchdog("remove of a key whose Drop uses the cache", || {
        let (cache, probe, drops) = probed_cache();
        cache.insert(probe(1), probe(10));
        let removed = cache.remove(&probe(1)).map(|v| v.id);
        (removed, drops.load(Ordering::Relaxed))
    });
    assert_eq!(removed, Some(10));
    assert_eq!(
        drops, 3,
        "the stored key, the lookup key and the returned value"
    );
}

#[test]
fn get_or_insert_with_drops_a_losing_value_after_releasing_the_lock() {
    // `f` stores the key itself, so the value it then returns loses and must be dropped.
    let (kept, drops) = watchdog("get_or_insert_with whose value loses the race", || {
        let (cache, probe, drops) = probed_cache();
        let c = Arc::clone(&cache);
        let p = probe.clone();
        let kept = cache
            .get_or_insert_with(probe(1), move || {
                c.insert(p(1), p(10));
                p(11)
            })
            .id;
        (kept, drops.load(Ordering::Relaxed))
    });
    assert_eq!(kept, 10, "the first stored value wins");
    assert_eq!(
        drops, 3,
        "the losing key, the losing value and the returned clone"
    );
}
