//! Public API tests of `ThreadSafeCounter`: exact totals, threshold semantics, re-entrancy,
//! panics, history, statistics and cleanup.

mod common;

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::thread;
use std::time::Duration;

use common::{ITERS, OnDrop, watchdog};
use ownership_core_traits::Counter;
use ownership_sync_counter::ThreadSafeCounter;
use ownership_sync_counter::counter::Operation;
use ownership_sync_counter::time::{Clock, ManualClock};
use test_support::DropCounter;

static_assertions::assert_impl_all!(ThreadSafeCounter: Send, Sync, Default, std::fmt::Debug, Counter);

const THREADS: usize = 4;

#[test]
fn concurrent_increments_give_the_exact_total() {
    let counter = Arc::new(ThreadSafeCounter::new());
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..ITERS {
                    counter.increment();
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    assert_eq!(counter.get(), THREADS * ITERS);
}

#[test]
fn every_threshold_fires_exactly_as_often_as_its_value_was_produced() {
    // Each thread increments and sometimes decrements; every operation's returned value is
    // tallied, and each threshold's callback count must equal the tally of its value.
    let counter = Arc::new(ThreadSafeCounter::new());
    let thresholds = [1, 10, 50, 64, 100, 128]; // 64 and 128 share a mask bit with 0
    let fired: Arc<Mutex<HashMap<usize, usize>>> = Arc::default();
    for &n in &thresholds {
        let fired = Arc::clone(&fired);
        counter.on_threshold(n, move |value| {
            assert_eq!(value, n, "a callback gets its own threshold");
            *fired.lock().unwrap().entry(n).or_default() += 1;
        });
    }
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                let mut produced: HashMap<usize, usize> = HashMap::new();
                // At least 50 so that even Miri's short run climbs past the first thresholds.
                for i in 0..(ITERS / 10).max(50) {
                    let value = if (i + t) % 3 == 2 {
                        counter.decrement()
                    } else {
                        counter.increment()
                    };
                    *produced.entry(value).or_default() += 1;
                }
                produced
            })
        })
        .collect();
    let mut produced: HashMap<usize, usize> = HashMap::new();
    for t in threads {
        for (value, n) in t.join().unwrap() {
            *produced.entry(value).or_default() += n;
        }
    }
    let fired = fired.lock().unwrap();
    for n in thresholds {
        assert_eq!(
            fired.get(&n).copied().unwrap_or(0),
            produced.get(&n).copied().unwrap_or(0),
            "threshold {n}"
        );
    }
    assert!(produced.contains_key(&10), "the run reached the thresholds");
}

#[test]
fn callbacks_run_in_registration_order_with_the_value() {
    let counter = Arc::new(ThreadSafeCounter::new());
    let log = Arc::new(Mutex::new(Vec::new()));
    for name in ["first", "second", "third"] {
        let log = Arc::clone(&log);
        counter.on_threshold(2, move |v| log.lock().unwrap().push((name, v)));
    }
    counter.increment();
    counter.increment();
    assert_eq!(
        *log.lock().unwrap(),
        [("first", 2), ("second", 2), ("third", 2)]
    );
}

#[test]
fn decrement_saturates_and_reset_fires_zero() {
    let counter = Arc::new(ThreadSafeCounter::new());
    let zeros = Arc::new(AtomicUsize::new(0));
    let z = Arc::clone(&zeros);
    counter.on_threshold(0, move |v| {
        assert_eq!(v, 0);
        z.fetch_add(1, Ordering::Relaxed);
    });
    counter.increment();
    assert_eq!(counter.decrement(), 0); // fires
    assert_eq!(counter.decrement(), 0); // saturated: the result is 0 again, fires
    counter.increment();
    counter.reset(); // fires
    assert_eq!(zeros.load(Ordering::Relaxed), 3);
    assert_eq!(counter.get(), 0);
}

#[test]
fn a_callback_can_register_another_callback() {
    let log = watchdog("registering from a callback", || {
        let counter = Arc::new(ThreadSafeCounter::new());
        let log = Arc::new(Mutex::new(Vec::new()));
        let weak = Arc::downgrade(&counter);
        let l = Arc::clone(&log);
        counter.on_threshold(1, move |v| {
            l.lock().unwrap().push(("outer", v));
            let counter = weak.upgrade().unwrap();
            let l = Arc::clone(&l);
            counter.on_threshold(2, move |v| l.lock().unwrap().push(("inner", v)));
        });
        counter.increment();
        counter.increment();
        log.lock().unwrap().clone()
    });
    assert_eq!(log, [("outer", 1), ("inner", 2)]);
}

#[test]
fn a_callback_can_increment_and_chain_thresholds() {
    let value = watchdog("incrementing from a callback", || {
        let counter = Arc::new(ThreadSafeCounter::new());
        for n in 1..5 {
            let weak = Arc::downgrade(&counter);
            counter.on_threshold(n, move |_| {
                weak.upgrade().unwrap().increment();
            });
        }
        counter.increment(); // 1 -> callback -> 2 -> ... -> 5
        counter.get()
    });
    assert_eq!(value, 5);
}

#[test]
fn a_callback_can_remove_itself() {
    let fired = watchdog("removing from a callback", || {
        let counter = Arc::new(ThreadSafeCounter::new());
        let fired = Arc::new(AtomicUsize::new(0));
        let id_slot = Arc::new(Mutex::new(None));
        let (weak, f, slot) = (
            Arc::downgrade(&counter),
            Arc::clone(&fired),
            Arc::clone(&id_slot),
        );
        let id = counter.on_threshold(1, move |_| {
            f.fetch_add(1, Ordering::Relaxed);
            let id = slot
                .lock()
                .unwrap()
                .expect("id stored before the first increment");
            assert!(weak.upgrade().unwrap().remove_callback(id));
        });
        *id_slot.lock().unwrap() = Some(id);
        counter.increment();
        counter.decrement();
        counter.increment(); // 1 again: removed, so no second call
        assert_eq!(counter.callback_count(), 0);
        fired.load(Ordering::Relaxed)
    });
    assert_eq!(fired, 1);
}

#[test]
fn callbacks_on_many_threads_that_call_back_do_not_deadlock() {
    watchdog("re-entrant callbacks under contention", || {
        let counter = Arc::new(ThreadSafeCounter::new());
        let weak = Arc::downgrade(&counter);
        // Every 8th value: read, register and remove a callback from inside a callback.
        for n in (0..64).step_by(8) {
            let weak = weak.clone();
            counter.on_threshold(n, move |_| {
                let counter = weak.upgrade().unwrap();
                let _ = counter.get();
                let id = counter.on_threshold(usize::MAX, |_| {});
                counter.remove_callback(id);
            });
        }
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let counter = Arc::clone(&counter);
                thread::spawn(move || {
                    for _ in 0..ITERS / 10 {
                        counter.increment();
                        counter.decrement();
                        counter.increment();
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(counter.get(), THREADS * (ITERS / 10));
    });
}

#[test]
fn a_panicking_callback_propagates_and_leaves_the_counter_usable() {
    let counter = Arc::new(ThreadSafeCounter::new());
    counter.on_threshold(2, |_| panic!("callback failed"));
    let after = Arc::new(AtomicUsize::new(0));
    let a = Arc::clone(&after);
    counter.on_threshold(2, move |_| {
        a.fetch_add(1, Ordering::Relaxed);
    });
    counter.increment();
    let caught = catch_unwind(AssertUnwindSafe(|| counter.increment()));
    assert!(caught.is_err(), "the panic reaches the caller");
    assert_eq!(counter.get(), 2, "the increment happened");
    assert_eq!(
        after.load(Ordering::Relaxed),
        0,
        "later callbacks of that dispatch skipped"
    );
    // Other threads keep working: nothing is locked or poisoned.
    let c = Arc::clone(&counter);
    let value = watchdog("using the counter after a panic", move || {
        c.increment();
        c.on_threshold(10, |_| {});
        c.get()
    });
    assert_eq!(value, 3);
}

#[test]
fn callbacks_are_dropped_once_on_removal_and_with_the_counter() {
    let drops = DropCounter::new();
    let counter = Arc::new(ThreadSafeCounter::new());
    let kept = drops.track(());
    counter.on_threshold(1, move |_| {
        let _ = &kept;
    });
    let removed = drops.track(());
    let id = counter.on_threshold(1, move |_| {
        let _ = &removed;
    });
    counter.increment();
    assert!(counter.remove_callback(id));
    assert_eq!(drops.alive(), 1, "a removed callback is dropped");
    drop(counter);
    drops.assert_all_dropped_once();
}

#[test]
fn history_is_bounded_and_in_value_order_under_concurrency() {
    let clock = ManualClock::new();
    let counter = Arc::new(
        ThreadSafeCounter::builder()
            .history(NonZeroUsize::new(64).unwrap())
            .clock(clock.clone())
            .build(),
    );
    clock.advance(Duration::from_secs(5));
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                for i in 0..ITERS / 10 {
                    if (i + t) % 4 == 0 {
                        counter.decrement();
                    } else {
                        counter.increment();
                    }
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    let history = counter.history();
    assert_eq!(history.len(), 64.min(THREADS * (ITERS / 10)));
    for pair in history.windows(2) {
        let expected = match pair[1].operation {
            Operation::Increment => pair[0].value + 1,
            Operation::Decrement => pair[0].value.saturating_sub(1),
            Operation::Reset => 0,
        };
        assert_eq!(
            pair[1].value, expected,
            "entries are in the order of the value"
        );
    }
    assert_eq!(history.last().unwrap().value, counter.get());
    assert!(history.iter().all(|e| e.at == Duration::from_secs(5)));
}

#[test]
fn stats_count_every_operation_and_callback() {
    let counter = Arc::new(ThreadSafeCounter::builder().stats().build());
    counter.on_threshold(1, |_| {});
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                // How many of this thread's operations produced 1 (the threshold).
                usize::from(counter.increment() == 1) + usize::from(counter.decrement() == 1)
            })
        })
        .collect();
    let produced_one: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    counter.reset();
    let stats = counter.stats().unwrap();
    assert_eq!(
        (stats.increments, stats.decrements, stats.resets),
        (THREADS as u64, THREADS as u64, 1)
    );
    assert_eq!(stats.callbacks_fired, produced_one as u64);
    assert!(produced_one >= 1, "the first increment produced 1");
}

#[test]
fn works_through_the_counter_trait() {
    fn drive(c: &impl Counter) -> usize {
        c.increment();
        c.increment();
        c.decrement();
        c.get()
    }
    let counter = ThreadSafeCounter::default();
    assert_eq!(drive(&counter), 1);
    Counter::reset(&counter);
    assert_eq!(Counter::get(&counter), 0);
}

#[test]
fn a_removed_callback_is_dropped_after_the_lock_is_released() {
    // The removed closure owns a value whose Drop uses the counter: removes a companion
    // callback, registers another and increments (which dispatches). Dropping it under the
    // callback lock would deadlock.
    let (removed_companion, count, value) =
        watchdog("a callback's Drop that uses the counter", || {
            let counter = Arc::new(ThreadSafeCounter::new());
            let companion = counter.on_threshold(1, |_| {});
            let weak = Arc::downgrade(&counter);
            let removed = Arc::new(Mutex::new(None));
            let r = Arc::clone(&removed);
            let guard = OnDrop(move || {
                let counter = weak.upgrade().expect("the counter outlives the removal");
                *r.lock().unwrap() = Some(counter.remove_callback(companion));
                counter.on_threshold(5, |_| {});
                counter.increment();
            });
            let id = counter.on_threshold(2, move |_| {
                let _ = &guard;
            });
            assert!(counter.remove_callback(id));
            let removed_companion = removed.lock().unwrap().take();
            (removed_companion, counter.callback_count(), counter.get())
        });
    assert_eq!(removed_companion, Some(true), "the Drop ran, once");
    assert_eq!(count, 1, "only the callback registered by the Drop is left");
    assert_eq!(value, 1, "the Drop's increment happened");
}

/// A clock that reads the counter's history each time it is read: user code that uses the
/// counter, called by the counter.
#[derive(Default)]
struct HistoryReadingClock {
    counter: Arc<OnceLock<Weak<ThreadSafeCounter>>>,
}

impl Clock for HistoryReadingClock {
    fn now(&self) -> Duration {
        if let Some(counter) = self.counter.get().and_then(Weak::upgrade) {
            let _ = counter.history();
        }
        Duration::ZERO
    }
}

#[test]
fn the_history_clock_is_read_without_the_history_lock() {
    let values = watchdog("a clock that reads the history", || {
        let clock = HistoryReadingClock::default();
        let slot = Arc::clone(&clock.counter);
        let counter = Arc::new(
            ThreadSafeCounter::builder()
                .history(NonZeroUsize::new(4).unwrap())
                .clock(clock)
                .build(),
        );
        slot.set(Arc::downgrade(&counter)).unwrap();
        counter.increment();
        counter.increment();
        counter.decrement();
        counter
            .history()
            .iter()
            .map(|e| e.value)
            .collect::<Vec<_>>()
    });
    assert_eq!(values, [1, 2, 1]);
}

#[test]
fn a_panicking_callback_leaves_value_history_and_stats_consistent() {
    let counter = Arc::new(
        ThreadSafeCounter::builder()
            .history(NonZeroUsize::new(8).unwrap())
            .stats()
            .build(),
    );
    let after = Arc::new(AtomicUsize::new(0));
    let a = Arc::clone(&after);
    counter.on_threshold(1, |_| panic!("callback failed"));
    counter.on_threshold(1, move |_| {
        a.fetch_add(1, Ordering::Relaxed);
    });
    assert!(catch_unwind(AssertUnwindSafe(|| counter.increment())).is_err());
    assert_eq!(counter.get(), 1);
    assert_eq!(
        counter.history().last().map(|e| e.value),
        Some(1),
        "recorded"
    );
    let stats = counter.stats().unwrap();
    assert_eq!(
        (stats.increments, stats.callbacks_fired),
        (1, 1),
        "the panicking one counted"
    );
    assert_eq!(
        after.load(Ordering::Relaxed),
        0,
        "documented: later callbacks skipped"
    );
    // No lock is left held: another thread registers, removes and increments.
    let c = Arc::clone(&counter);
    let (removed, value) = watchdog("using the counter after a panicking callback", move || {
        let id = c.on_threshold(3, |_| {});
        (c.remove_callback(id), c.increment())
    });
    assert!(removed);
    assert_eq!(value, 2);
    assert_eq!(counter.callback_count(), 2);
}

#[test]
fn a_callback_whose_drop_panics_is_removed_before_the_panic() {
    let counter = Arc::new(ThreadSafeCounter::new());
    let fired = Arc::new(AtomicUsize::new(0));
    let f = Arc::clone(&fired);
    counter.on_threshold(1, move |_| {
        f.fetch_add(1, Ordering::Relaxed);
    });
    let bomb = OnDrop(|| panic!("Drop failed"));
    let id = counter.on_threshold(1, move |_| {
        let _ = &bomb;
    });
    let caught = catch_unwind(AssertUnwindSafe(|| counter.remove_callback(id)));
    assert!(
        caught.is_err(),
        "the Drop's panic reaches the caller of remove_callback"
    );
    assert_eq!(counter.callback_count(), 1, "the removal happened first");
    assert!(!counter.remove_callback(id), "and is not undone");
    let c = Arc::clone(&counter);
    let value = watchdog("using the counter after a panicking Drop", move || {
        c.increment()
    });
    assert_eq!(value, 1);
    assert_eq!(
        fired.load(Ordering::Relaxed),
        1,
        "the other callback still fires"
    );
}

#[test]
fn a_callback_that_removes_itself_is_dropped_by_its_dispatch() {
    // The dispatch's snapshot holds the last reference: the callback is dropped when that
    // dispatch ends, after the callbacks after it ran, with no lock held. If the Drop panics,
    // the panic surfaces from the operation that dispatched.
    let counter = Arc::new(ThreadSafeCounter::new());
    let weak = Arc::downgrade(&counter);
    let slot = Arc::new(Mutex::new(None));
    let s = Arc::clone(&slot);
    let bomb = OnDrop(|| panic!("Drop failed"));
    let id = counter.on_threshold(1, move |_| {
        let _ = &bomb;
        let id = s.lock().unwrap().expect("set before the increment");
        assert!(weak.upgrade().unwrap().remove_callback(id));
    });
    *slot.lock().unwrap() = Some(id);
    let later = Arc::new(AtomicUsize::new(0));
    let l = Arc::clone(&later);
    counter.on_threshold(1, move |_| {
        l.fetch_add(1, Ordering::Relaxed);
    });
    let caught = catch_unwind(AssertUnwindSafe(|| counter.increment()));
    assert!(caught.is_err());
    assert_eq!(
        later.load(Ordering::Relaxed),
        1,
        "the dispatch finished first"
    );
    assert_eq!(counter.callback_count(), 1);
    assert_eq!(counter.get(), 1);
    counter.decrement();
    counter.increment();
    assert_eq!(later.load(Ordering::Relaxed), 2);
}

#[test]
fn dropping_the_counter_drops_every_callback_even_if_one_drop_panics() {
    let drops = DropCounter::new();
    let counter = Arc::new(ThreadSafeCounter::new());
    for n in 0..3 {
        let tracked = drops.track(());
        counter.on_threshold(n, move |_| {
            let _ = &tracked;
        });
    }
    let bomb = OnDrop(|| panic!("Drop failed"));
    counter.on_threshold(1, move |_| {
        let _ = &bomb;
    });
    assert!(catch_unwind(AssertUnwindSafe(move || drop(counter))).is_err());
    drops.assert_all_dropped_once();
}

#[test]
fn a_callback_that_removes_another_of_the_same_dispatch_lets_it_run_once_more() {
    // Documented snapshot semantics: the dispatch under way runs what it looked up.
    let counter = Arc::new(ThreadSafeCounter::new());
    let second_ran = Arc::new(AtomicUsize::new(0));
    let slot = Arc::new(Mutex::new(None));
    let (weak, s) = (Arc::downgrade(&counter), Arc::clone(&slot));
    counter.on_threshold(1, move |_| {
        if let Some(id) = s.lock().unwrap().take() {
            assert!(weak.upgrade().unwrap().remove_callback(id));
        }
    });
    let r = Arc::clone(&second_ran);
    let second = counter.on_threshold(1, move |_| {
        r.fetch_add(1, Ordering::Relaxed);
    });
    *slot.lock().unwrap() = Some(second);
    let value = watchdog("removing another callback from a callback", move || {
        counter.increment();
        counter.reset();
        counter.increment();
        counter.callback_count()
    });
    assert_eq!(value, 1);
    assert_eq!(
        second_ran.load(Ordering::Relaxed),
        1,
        "once, in the dispatch that removed it"
    );
}

#[test]
fn a_callback_can_reset_the_counter() {
    let (value, zeros) = watchdog("resetting from a callback", || {
        let counter = Arc::new(ThreadSafeCounter::new());
        let zeros = Arc::new(AtomicUsize::new(0));
        let (weak, z) = (Arc::downgrade(&counter), Arc::clone(&zeros));
        counter.on_threshold(3, move |_| weak.upgrade().unwrap().reset());
        counter.on_threshold(0, move |_| {
            z.fetch_add(1, Ordering::Relaxed);
        });
        (0..4).for_each(|_| {
            counter.increment();
        });
        (counter.get(), zeros.load(Ordering::Relaxed))
    });
    assert_eq!(value, 1, "3 reset to 0, then the fourth increment");
    assert_eq!(zeros, 1, "the reset fired the callbacks for 0");
}
