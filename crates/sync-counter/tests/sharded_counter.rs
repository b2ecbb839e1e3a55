//! Public API tests of `ShardedCounter`.

mod common;

use std::num::NonZeroUsize;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use common::ITERS;
use ownership_core_traits::Counter;
use ownership_sync_counter::ShardedCounter;

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

/// Shards of the linearizability test's counter: a scan over this many takes long enough
/// (about a millisecond in a debug build) for the other threads to act while it runs.
const SHARDS: usize = if cfg!(miri) { 4 } else { 1 << 17 };
const ROUNDS: usize = if cfg!(miri) { 4 } else { 100 };

/// Waits until `step` reaches `at`.
fn wait_for(step: &AtomicUsize, at: usize) {
    while step.load(Ordering::Acquire) < at {
        thread::yield_now();
    }
}

#[test]
fn a_decrement_succeeds_whenever_the_total_stays_positive() {
    // Four threads, placed on neighbouring shards in this order: consumer C2, producer B,
    // consumer C, producer A. C's scan starts at its own (empty) shard, passes A's shard
    // first and reaches B's shard last, after the whole counter. Each round:
    //   B adds a unit (total 1); C starts a decrement; A adds a unit (total 2); C2 decrements
    //   (from B's shard, its next one) and must succeed; C's decrement must succeed too.
    // The total is at least 1 during both decrements (A's add precedes C2's decrement), so
    // both must succeed. A scan that reads one shard at a time fails C's decrement whenever
    // A's add and C2's decrement happen while C is between A's shard and B's: C saw A's shard
    // empty, and B's shard is empty by the time C gets there.
    //
    // The threads get their shards (thread indices) on first use, in the order they take
    // their turn below: consecutive under nextest, where the test has the process to itself.
    // The scan must be slow enough for the others to act during it, which the debug build's
    // is; a release build's usually is not.
    let counter = Arc::new(ShardedCounter::with_shards(
        NonZeroUsize::new(SHARDS).unwrap(),
    ));
    let step = Arc::new(AtomicUsize::new(0));
    let turn = Arc::new(AtomicUsize::new(0));
    let (c2, b, c, a) = (0, 1, 2, 3);
    let threads: Vec<_> = [c2, b, c, a]
        .into_iter()
        .map(|me| {
            let (counter, step, turn) =
                (Arc::clone(&counter), Arc::clone(&step), Arc::clone(&turn));
            thread::spawn(move || {
                wait_for(&turn, me);
                counter.add(0); // takes this thread's shard
                turn.store(me + 1, Ordering::Release);
                let mut failed = 0;
                for round in 0..ROUNDS {
                    let at = round * 5;
                    match me {
                        1 => {
                            wait_for(&step, at);
                            counter.add(1);
                            step.store(at + 1, Ordering::Release);
                        }
                        2 => {
                            wait_for(&step, at + 1);
                            step.store(at + 2, Ordering::Release);
                            let taken = counter.sub_one();
                            wait_for(&step, at + 4);
                            if !taken {
                                failed += 1;
                                // Take the unit the failed decrement left, for the next round.
                                assert!(counter.sub_one(), "one unit is left");
                            }
                            step.store(at + 5, Ordering::Release);
                        }
                        3 => {
                            wait_for(&step, at + 2);
                            counter.add(1);
                            step.store(at + 3, Ordering::Release);
                        }
                        _ => {
                            wait_for(&step, at + 3);
                            if !counter.sub_one() {
                                failed += 1;
                            }
                            step.store(at + 4, Ordering::Release);
                        }
                    }
                }
                failed
            })
        })
        .collect();
    let failed: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(
        failed, 0,
        "decrements that found nothing while the total was at least 1, in {ROUNDS} rounds"
    );
    assert_eq!(counter.get(), 0);
}
