//! Public API tests of `ShardedCounter`.

mod common;

use std::num::NonZeroUsize;
use std::sync::Arc;
use std::thread;

use common::ITERS;
use core_traits::Counter;
use sync_counter::ShardedCounter;

static_assertions::assert_impl_all!(ShardedCounter: Send, Sync, Default, std::fmt::Debug, Counter);

#[test]
fn the_sum_is_exact_once_writers_have_joined() {
    let counter = Arc::new(ShardedCounter::new());
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || (0..ITERS).for_each(|_| counter.add(1)))
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    assert_eq!(counter.get(), 8 * ITERS);
}

#[test]
fn more_threads_than_shards_still_count_exactly() {
    let counter = Arc::new(ShardedCounter::with_shards(NonZeroUsize::MIN));
    assert_eq!(counter.shard_count(), 1);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || (0..ITERS).for_each(|_| counter.add(2)))
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    assert_eq!(counter.get(), 8 * ITERS);
}

#[test]
fn decrements_from_other_threads_shards_never_go_below_zero() {
    let counter = Arc::new(ShardedCounter::with_shards(NonZeroUsize::new(4).unwrap()));
    counter.add(ITERS); // all on this thread's shard
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let counter = Arc::clone(&counter);
            // Together they try twice as many decrements as there are units.
            thread::spawn(move || (0..ITERS / 2).filter(|_| counter.sub_one()).count())
        })
        .collect();
    let taken: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(taken, ITERS, "exactly the units that existed were taken");
    assert_eq!(counter.get(), 0);
}

#[test]
fn counter_trait_on_one_thread_is_exact() {
    let c = ShardedCounter::new();
    assert_eq!(Counter::increment(&c), 1);
    assert_eq!(Counter::increment(&c), 2);
    assert_eq!(Counter::decrement(&c), 1);
    Counter::reset(&c);
    assert_eq!(Counter::decrement(&c), 0);
}
