//! `Shards`: slot choice, spacing and iteration.

use layout::{CACHE_LINE, Shards};

#[test]
fn slots_are_one_cache_line_apart() {
    let shards: Shards<u8, 3> = Shards::new();
    let addrs: Vec<usize> = shards
        .iter()
        .map(|s| core::ptr::from_ref(s).addr())
        .collect();
    assert_eq!(addrs[1] - addrs[0], CACHE_LINE);
    assert_eq!(addrs[2] - addrs[1], CACHE_LINE);
    assert_eq!(addrs[0] % CACHE_LINE, 0);
}

#[test]
fn get_takes_the_index_modulo_n() {
    let shards: Shards<usize, 5> = Shards::from_fn(|i| i);
    for index in [0, 1, 4, 5, 12, usize::MAX] {
        assert_eq!(*shards.get(index), index % 5);
    }
}

#[cfg(feature = "std")]
#[test]
fn the_first_n_threads_get_distinct_slots_and_keep_them() {
    use std::sync::atomic::{AtomicU64, Ordering};

    const THREADS: usize = 4;
    let shards: Shards<AtomicU64, THREADS> = Shards::new();
    let indices: Vec<usize> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(|| {
                    let first = Shards::<AtomicU64, THREADS>::thread_index();
                    for _ in 0..50 {
                        assert_eq!(Shards::<AtomicU64, THREADS>::thread_index(), first);
                        shards.current().fetch_add(1, Ordering::Relaxed);
                    }
                    first
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let distinct: std::collections::HashSet<usize> = indices.iter().copied().collect();
    assert_eq!(distinct.len(), THREADS);
    let total: u64 = shards.iter().map(|s| s.load(Ordering::Relaxed)).sum();
    assert_eq!(total, 200);
    // Each thread wrote to the slot its index names (other tests' threads in this process may
    // have taken numbers in between, so two threads here can share a slot).
    for slot in 0..THREADS {
        let writers = indices.iter().filter(|&&i| i % THREADS == slot).count() as u64;
        assert_eq!(shards.get(slot).load(Ordering::Relaxed), 50 * writers);
    }
}

#[test]
fn iter_mut_len_debug_and_default() {
    let mut shards: Shards<u32, 3> = Shards::default();
    assert_eq!(shards.len(), 3);
    assert_eq!(shards.iter().len(), 3);
    for (i, slot) in shards.iter_mut().enumerate() {
        *slot = i as u32 + 1;
    }
    *shards.get_mut(4) += 10;
    assert_eq!(format!("{shards:?}"), "[1, 12, 3]");
}
