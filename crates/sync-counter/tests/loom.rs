//! loom models of the lock-free parts: the counter's threshold dispatch (value RMW, armed
//! mask, callback snapshot) and the rate limiter's CAS loop.
//!
//! Every "register or observe, then another thread operates" shape of the counter has a
//! model: register then read (`get`, a saturating `decrement`) then another thread's
//! increment or reset; register then operate; remove during a dispatch.
//!
//! Run with `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=2 cargo test -p ownership-sync-counter
//! --release --test loom` (`cargo xtask loom`). loom explores the interleavings and
//! memory-order outcomes.
#![cfg(loom)]

use std::num::NonZeroU32;
use std::sync::Arc;

use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use ownership_sync_counter::time::ManualClock;
use ownership_sync_counter::{RateLimiter, ThreadSafeCounter};

#[test]
fn concurrent_increments_fire_each_threshold_once() {
    loom::model(|| {
        let counter = Arc::new(ThreadSafeCounter::default());
        let fired = Arc::new(AtomicUsize::new(0));
        for n in [1, 2] {
            let fired = Arc::clone(&fired);
            counter.on_threshold(n, move |v| {
                assert_eq!(v, n);
                fired.fetch_add(1, Ordering::Relaxed);
            });
        }
        let c = Arc::clone(&counter);
        let other = thread::spawn(move || c.increment());
        let mine = counter.increment();
        let theirs = other.join().unwrap();
        let mut results = [mine, theirs];
        results.sort_unstable();
        assert_eq!(results, [1, 2], "each increment produced a distinct value");
        assert_eq!(counter.get(), 2);
        assert_eq!(fired.load(Ordering::Relaxed), 2);
    });
}

#[test]
fn a_registration_is_seen_by_every_later_operation() {
    // Thread A registers for 2, then increments; thread B increments. Whatever the order,
    // value 2 is produced after the registration (by A, or by B reading A's increment), so the
    // callback fires exactly once. This fails if the value's RMW were Relaxed.
    loom::model(|| {
        let counter = Arc::new(ThreadSafeCounter::default());
        let fired = Arc::new(AtomicUsize::new(0));
        let (c, f) = (Arc::clone(&counter), Arc::clone(&fired));
        let a = thread::spawn(move || {
            c.on_threshold(2, move |_| {
                f.fetch_add(1, Ordering::Relaxed);
            });
            c.increment();
        });
        counter.increment();
        a.join().unwrap();
        assert_eq!(fired.load(Ordering::Relaxed), 1);
    });
}

/// Registers a callback for `threshold` on `counter` that counts its calls in the result.
fn count_calls(counter: &ThreadSafeCounter, threshold: usize) -> Arc<AtomicUsize> {
    let fired = Arc::new(AtomicUsize::new(0));
    let f = Arc::clone(&fired);
    counter.on_threshold(threshold, move |_| {
        f.fetch_add(1, Ordering::Relaxed);
    });
    fired
}

#[test]
fn registering_then_reading_zero_sees_the_next_increment_fire() {
    // Thread A registers for 1, then reads the value. If it reads 0, B's increment comes
    // after the registration and must fire it, however B's load of the armed mask is
    // ordered. Without a SeqCst fence on both sides (store buffering) B could miss it.
    loom::model(|| {
        let counter = Arc::new(ThreadSafeCounter::default());
        let c = Arc::clone(&counter);
        let a = thread::spawn(move || {
            let fired = count_calls(&c, 1);
            (c.get(), fired)
        });
        counter.increment();
        let (seen, fired) = a.join().unwrap();
        if seen == 0 {
            assert_eq!(
                fired.load(Ordering::Relaxed),
                1,
                "the increment after it fired"
            );
        }
    });
}

#[test]
fn registering_then_saturating_at_zero_sees_the_next_increment_fire() {
    // Like the model above, observing 0 through a decrement that saturates. The counter
    // ends at 1 only if A's decrement saturated before B's increment.
    loom::model(|| {
        let counter = Arc::new(ThreadSafeCounter::default());
        let c = Arc::clone(&counter);
        let a = thread::spawn(move || {
            let fired = count_calls(&c, 1);
            c.decrement();
            fired
        });
        counter.increment();
        let fired = a.join().unwrap();
        if counter.get() == 1 {
            assert_eq!(
                fired.load(Ordering::Relaxed),
                1,
                "the increment after it fired"
            );
        }
    });
}

#[test]
fn registering_then_reading_one_sees_the_next_reset_fire() {
    // The same shape for a reset: A registers for 0 and reads 1, so B's reset comes after the
    // registration and must fire it.
    loom::model(|| {
        let counter = Arc::new(ThreadSafeCounter::default());
        counter.increment();
        let c = Arc::clone(&counter);
        let a = thread::spawn(move || {
            let fired = count_calls(&c, 0);
            (c.get(), fired)
        });
        counter.reset();
        let (seen, fired) = a.join().unwrap();
        if seen == 1 {
            assert_eq!(fired.load(Ordering::Relaxed), 1, "the reset after it fired");
        }
    });
}

#[test]
fn removing_a_callback_whose_drop_uses_the_counter_races_with_dispatch() {
    // The removed callback owns a value whose Drop locks the counter (`callback_count`).
    // Whichever thread drops the last reference (the remover, or a dispatch holding a
    // snapshot) must do it with no lock held; loom reports a deadlock otherwise. The Drop runs
    // exactly once and the callback fires at most once.
    loom::model(|| {
        let counter = Arc::new(ThreadSafeCounter::default());
        let (fired, dropped) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (f, d, weak) = (
            Arc::clone(&fired),
            Arc::clone(&dropped),
            Arc::downgrade(&counter),
        );
        let guard = OnDrop(move || {
            if let Some(counter) = weak.upgrade() {
                let _ = counter.callback_count();
            }
            d.fetch_add(1, Ordering::Relaxed);
        });
        let id = counter.on_threshold(1, move |_| {
            let _ = &guard;
            f.fetch_add(1, Ordering::Relaxed);
        });
        let c = Arc::clone(&counter);
        let remover = thread::spawn(move || c.remove_callback(id));
        counter.increment();
        assert!(remover.join().unwrap());
        assert_eq!(dropped.load(Ordering::Relaxed), 1);
        assert!(fired.load(Ordering::Relaxed) <= 1);
        assert_eq!(counter.callback_count(), 0);
    });
}

/// Runs the closure when dropped.
struct OnDrop<F: FnMut()>(F);

impl<F: FnMut()> Drop for OnDrop<F> {
    fn drop(&mut self) {
        (self.0)();
    }
}

#[test]
fn removal_races_with_dispatch_without_losing_or_duplicating() {
    loom::model(|| {
        let counter = Arc::new(ThreadSafeCounter::default());
        let fired = Arc::new(AtomicUsize::new(0));
        let f = Arc::clone(&fired);
        let id = counter.on_threshold(1, move |_| {
            f.fetch_add(1, Ordering::Relaxed);
        });
        let c = Arc::clone(&counter);
        let remover = thread::spawn(move || c.remove_callback(id));
        counter.increment();
        assert!(remover.join().unwrap());
        let first = fired.load(Ordering::Relaxed);
        assert!(first <= 1, "fires at most once for one operation");
        counter.decrement();
        counter.increment(); // after the removal: never fires
        assert_eq!(fired.load(Ordering::Relaxed), first);
        assert_eq!(counter.callback_count(), 0);
    });
}

#[test]
fn saturating_decrements_race_with_an_increment() {
    loom::model(|| {
        let counter = Arc::new(ThreadSafeCounter::default());
        counter.increment();
        let c = Arc::clone(&counter);
        let decrementer = thread::spawn(move || c.decrement());
        let c = Arc::clone(&counter);
        let incrementer = thread::spawn(move || c.increment());
        counter.decrement();
        decrementer.join().unwrap();
        incrementer.join().unwrap();
        // From 1: +1 -1 -1 never goes below 0; it ends at 0 unless a decrement saturated
        // before the increment (then 1).
        assert!(counter.get() <= 1);
    });
}

#[test]
fn rate_limiter_hands_out_exactly_burst_permits() {
    loom::model(|| {
        let clock = ManualClock::new(); // frozen: no refill during the race
        let limiter = Arc::new(RateLimiter::with_clock(
            NonZeroU32::new(1).unwrap(),
            NonZeroU32::new(2).unwrap(),
            clock,
        ));
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let limiter = Arc::clone(&limiter);
                thread::spawn(move || limiter.try_acquire().is_ok())
            })
            .collect();
        let mine = limiter.try_acquire().is_ok();
        let granted = threads
            .into_iter()
            .map(|t| t.join().unwrap())
            .chain([mine])
            .filter(|ok| *ok)
            .count();
        assert_eq!(granted, 2, "burst of 2, three callers, no time passes");
    });
}
