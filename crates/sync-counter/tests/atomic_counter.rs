//! Public API tests of `AtomicCounter`.

mod common;

use std::sync::Arc;
use std::thread;

use common::ITERS;
use ownership_core_traits::Counter;
use ownership_sync_counter::counter::AtomicCounter;

static_assertions::assert_impl_all!(AtomicCounter: Send, Sync, Default, std::fmt::Debug, Counter);

#[test]
fn concurrent_increments_and_decrements_are_exact() {
    let counter = Arc::new(AtomicCounter::new());
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..ITERS {
                    counter.increment();
                    counter.increment();
                    counter.decrement();
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    assert_eq!(counter.get(), 4 * ITERS);
}

#[test]
fn decrement_saturates_under_contention() {
    // Four threads each decrement more often than anyone incremented: never below zero.
    let counter = Arc::new(AtomicCounter::new());
    (0..10).for_each(|_| {
        counter.increment();
    });
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || (0..10).map(|_| counter.decrement()).min().unwrap())
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 0);
    }
    assert_eq!(counter.get(), 0);
}

#[test]
fn trait_methods_match_inherent_ones() {
    let c = AtomicCounter::default();
    assert_eq!(Counter::increment(&c), 1);
    assert_eq!(Counter::decrement(&c), 0);
    assert_eq!(Counter::decrement(&c), 0);
    Counter::increment(&c);
    Counter::reset(&c);
    assert_eq!(Counter::get(&c), 0);
}
