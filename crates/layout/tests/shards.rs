//! `Shards`: run-time length, slot choice, spacing and iteration.

use core::num::NonZeroUsize;

use ownership_layout::{CACHE_LINE, Shards};

fn nz(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

#[test]
fn slots_are_one_cache_line_apart() {
    let shards: Shards<u8> = Shards::new(nz(3));
    let addrs: Vec<usize> = shards
        .iter()
        .map(|s| core::ptr::from_ref(s).addr())
        .collect();
    assert_eq!(addrs[1] - addrs[0], CACHE_LINE);
    assert_eq!(addrs[2] - addrs[1], CACHE_LINE);
    assert_eq!(addrs[0] % CACHE_LINE, 0);
}

#[test]
fn the_length_is_chosen_at_run_time() {
    for len in [1, 2, 3, 5, 8, 13, 64] {
        let shards = Shards::from_fn(nz(len), |i| i);
        assert_eq!(shards.len(), len);
        assert_eq!(
            shards.iter().copied().collect::<Vec<_>>(),
            (0..len).collect::<Vec<_>>()
        );
    }
}

#[test]
fn get_takes_the_index_modulo_the_length() {
    // A power of two (a mask) and other lengths (a division) give the same answer.
    for len in [1, 4, 5, 6, 8] {
        let shards = Shards::from_fn(nz(len), |i| i);
        for index in [0, 1, 4, 5, 12, 1023, usize::MAX - 1, usize::MAX] {
            assert_eq!(*shards.get(index), index % len, "len {len}, index {index}");
        }
    }
}

#[cfg(feature = "std")]
#[test]
fn per_cpu_and_default_have_one_slot_per_cpu() {
    let cpus = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    assert_eq!(Shards::<u8>::per_cpu().len(), cpus);
    assert_eq!(Shards::<u8>::default().len(), cpus);
}

#[cfg(feature = "std")]
#[test]
fn the_first_n_threads_get_distinct_slots_and_keep_them() {
    use std::sync::atomic::{AtomicU64, Ordering};

    const THREADS: usize = 4;
    let shards: Shards<AtomicU64> = Shards::new(nz(THREADS));
    let indices: Vec<usize> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(|| {
                    let first = Shards::<AtomicU64>::thread_index();
                    for _ in 0..50 {
                        assert_eq!(Shards::<AtomicU64>::thread_index(), first);
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
fn iter_mut_get_mut_len_and_debug() {
    let mut shards: Shards<u32> = Shards::new(nz(3));
    assert_eq!(shards.len(), 3);
    assert_eq!(shards.iter().len(), 3);
    for (i, slot) in shards.iter_mut().enumerate() {
        *slot = i as u32 + 1;
    }
    *shards.get_mut(4) += 10;
    assert_eq!(format!("{shards:?}"), "[1, 12, 3]");
}
