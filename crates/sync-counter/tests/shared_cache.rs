//! Public API tests of `SharedCache`.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use common::{ITERS, watchdog};
use core_traits::Cache;
use sync_counter::SharedCache;

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
