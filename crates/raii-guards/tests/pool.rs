//! `Pool` and `Pooled`: bounded live objects, reuse, blocking, timeouts, recycle and detach.
#![cfg(feature = "std")]

use ownership_raii_guards::{Pool, PoolError, Pooled};
use static_assertions::{assert_impl_all, assert_not_impl_any};
use std::cell::Cell;
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;
use test_support::{CountingAlloc, DropCounter};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

assert_impl_all!(Pool<Vec<u8>>: Send, Sync);
assert_impl_all!(Pooled<'static, Vec<u8>>: Send, Sync);
assert_not_impl_any!(Pool<Rc<u8>>: Send, Sync);
assert_impl_all!(Pooled<'static, Cell<u8>>: Send);
assert_not_impl_any!(Pooled<'static, Cell<u8>>: Sync);
assert_impl_all!(PoolError: Send, Sync, std::error::Error);

/// `k` as a pool maximum; every test uses at least 1.
fn n(k: usize) -> NonZeroUsize {
    NonZeroUsize::new(k).expect("a pool maximum is at least 1")
}

/// Runs `body` on a thread and fails the test if it does not finish within `limit`, so a
/// deadlock fails instead of hanging CI.
fn with_watchdog<R: Send + 'static>(
    limit: Duration,
    body: impl FnOnce() -> R + Send + 'static,
) -> R {
    let (done, finished) = mpsc::channel();
    let worker = thread::spawn(move || {
        let result = body();
        let _ = done.send(());
        result
    });
    match finished.recv_timeout(limit) {
        Ok(()) => worker.join().expect("the test body panicked"),
        // A panic drops the sender: join to show the panic's message.
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Ok(_) => unreachable!("the body finished without reporting"),
            Err(panic) => panic::resume_unwind(panic),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("deadlock: not finished within {limit:?}"),
    }
}

/// An object that counts how many of its kind exist, so "live" is counted, not assumed.
struct Counted {
    alive: Arc<AtomicUsize>,
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.alive.fetch_sub(1, SeqCst);
    }
}

/// `threads` × `acquires` on a pool of `max`: returns (most objects alive at once, most on
/// loan at once, factory calls).
fn stress(threads: usize, acquires: usize, max: usize) -> (usize, usize, usize) {
    let alive = Arc::new(AtomicUsize::new(0));
    let made = Arc::new(AtomicUsize::new(0));
    let pool = {
        let (alive, made) = (Arc::clone(&alive), Arc::clone(&made));
        Pool::new(n(max), move || {
            made.fetch_add(1, SeqCst);
            alive.fetch_add(1, SeqCst);
            Counted {
                alive: Arc::clone(&alive),
            }
        })
    };
    let on_loan = AtomicUsize::new(0);
    let most_alive = AtomicUsize::new(0);
    let most_on_loan = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..acquires {
                    let obj = pool.acquire();
                    let out = on_loan.fetch_add(1, SeqCst) + 1;
                    most_on_loan.fetch_max(out, SeqCst);
                    most_alive.fetch_max(obj.alive.load(SeqCst), SeqCst);
                    on_loan.fetch_sub(1, SeqCst);
                }
            });
        }
    });
    assert_eq!(
        pool.live(),
        alive.load(SeqCst),
        "the pool's count matches the real one"
    );
    drop(pool);
    assert_eq!(
        alive.load(SeqCst),
        0,
        "dropping the pool drops the idle objects"
    );
    (
        most_alive.into_inner(),
        most_on_loan.into_inner(),
        made.load(SeqCst),
    )
}

#[test]
#[cfg_attr(
    miri,
    ignore = "40,000 acquires take too long under Miri: stress_small runs instead"
)]
fn stress_four_threads_never_exceed_the_maximum() {
    let (alive, on_loan, made) = with_watchdog(Duration::from_secs(60), || stress(4, 10_000, 3));
    assert!(alive <= 3, "{alive} objects alive at once");
    assert!(on_loan <= 3, "{on_loan} objects on loan at once");
    assert!((1..=3).contains(&made), "the factory ran {made} times");
}

#[test]
fn stress_small() {
    let (alive, on_loan, made) = with_watchdog(Duration::from_secs(120), || stress(2, 50, 1));
    assert_eq!((alive, on_loan, made), (1, 1, 1));
    let (alive, on_loan, made) = with_watchdog(Duration::from_secs(120), || stress(3, 30, 2));
    assert!(alive <= 2 && on_loan <= 2 && (1..=2).contains(&made));
}

#[test]
fn acquire_reuses_before_making_new_objects() {
    let made = Arc::new(AtomicUsize::new(0));
    let m = Arc::clone(&made);
    let pool = Pool::new(n(3), move || m.fetch_add(1, SeqCst));
    for _ in 0..10 {
        drop(pool.acquire());
    }
    assert_eq!(made.load(SeqCst), 1);
    let (a, b) = (pool.acquire(), pool.acquire());
    assert_eq!(
        (*a, *b),
        (0, 1),
        "a second object only when the first is on loan"
    );
}

#[test]
fn try_acquire_when_exhausted_is_a_typed_error() {
    let pool = Pool::new(n(2), || ());
    let _a = pool.try_acquire().unwrap();
    let _b = pool.try_acquire().unwrap();
    let err = pool.try_acquire().unwrap_err();
    assert_eq!(err, PoolError::Exhausted { max: 2 });
    assert!(
        err.to_string().contains("all 2 pooled objects are in use"),
        "{err}"
    );
}

#[test]
fn acquire_timeout_returns_a_typed_error_and_keeps_the_pool_consistent() {
    let pool = Pool::new(n(1), || 5u8);
    let held = pool.acquire();
    let err = pool.acquire_timeout(Duration::from_millis(20)).unwrap_err();
    assert_eq!(
        err,
        PoolError::TimedOut {
            timeout: Duration::from_millis(20),
            max: 1
        }
    );
    assert!(err.to_string().contains("within 20ms"), "{err}");
    drop(held);
    assert_eq!(*pool.acquire_timeout(Duration::from_millis(20)).unwrap(), 5);
}

#[test]
fn acquire_blocks_until_an_object_comes_back() {
    let got = with_watchdog(Duration::from_secs(60), || {
        let pool = Pool::new(n(1), || 0u32);
        let (taken, proceed) = mpsc::channel::<()>();
        thread::scope(|s| {
            let mut held = pool.acquire();
            let waiter = s.spawn(|| {
                taken.send(()).unwrap();
                *pool.acquire() // blocks until `held` is dropped
            });
            proceed.recv().unwrap();
            *held = 42;
            drop(held);
            waiter.join().unwrap()
        })
    });
    assert_eq!(got, 42, "the waiter got the very object that was returned");
}

#[test]
fn a_waiter_with_a_long_timeout_is_woken_by_a_return() {
    let got = with_watchdog(Duration::from_secs(60), || {
        let pool = Pool::new(n(1), || 0u32);
        thread::scope(|s| {
            let mut held = pool.acquire();
            let waiter = s.spawn(|| pool.acquire_timeout(Duration::from_secs(3600)).map(|v| *v));
            *held = 7;
            drop(held);
            waiter.join().unwrap()
        })
    });
    assert_eq!(got, Ok(7));
}

#[test]
fn returns_on_normal_exit_early_return_and_unwind() {
    fn early(pool: &Pool<u8>) -> Option<()> {
        let _obj = pool.acquire();
        None
    }
    let pool = Pool::new(n(1), || 0u8);
    drop(pool.acquire());
    assert_eq!(pool.idle(), 1);
    assert_eq!(early(&pool), None);
    assert_eq!(pool.idle(), 1);
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let _obj = pool.acquire();
        panic!("boom");
    }));
    assert!(caught.is_err());
    assert_eq!((pool.idle(), pool.live()), (1, 1));
}

#[test]
fn the_recycle_hook_resets_or_discards() {
    let drops = DropCounter::new();
    let d = drops.clone();
    let pool = Pool::new(n(2), move || d.track(Vec::<u8>::new())).with_recycle(|v| {
        v.clear();
        v.capacity() < 1024 // oversized buffers are not worth keeping
    });
    let mut small = pool.acquire();
    small.extend_from_slice(b"abc");
    drop(small);
    assert!(pool.acquire().is_empty(), "reset on return");
    assert_eq!(drops.created(), 1);
    let mut big = pool.acquire();
    big.reserve(4096);
    drop(big);
    assert_eq!(
        (pool.live(), pool.idle(), drops.alive()),
        (0, 0, 0),
        "discarded"
    );
    drop(pool.acquire());
    assert_eq!(
        drops.created(),
        2,
        "a new object replaced the discarded one"
    );
    drop(pool);
    drops.assert_all_dropped_once();
}

#[test]
fn a_panicking_recycle_hook_discards_the_object_and_frees_its_slot() {
    let drops = DropCounter::new();
    let d = drops.clone();
    let pool = Pool::new(n(1), move || d.track(0u8)).with_recycle(|v| {
        assert!(**v < 3, "refuses a value of 3 or more");
        true
    });
    let mut obj = pool.acquire();
    **obj = 3;
    assert!(panic::catch_unwind(AssertUnwindSafe(|| drop(obj))).is_err());
    assert_eq!((pool.live(), drops.alive()), (0, 0));
    assert_eq!(
        **pool.try_acquire().unwrap(),
        0,
        "the slot was freed for a new object"
    );
}

#[test]
fn a_panicking_factory_frees_its_slot() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = Arc::clone(&calls);
    let pool = Pool::new(n(1), move || {
        assert!(c.fetch_add(1, SeqCst) > 0, "the first call fails");
        "made"
    });
    assert!(panic::catch_unwind(AssertUnwindSafe(|| pool.acquire().len())).is_err());
    assert_eq!(pool.live(), 0);
    assert_eq!(*pool.try_acquire().unwrap(), "made");
}

#[test]
fn detach_takes_the_object_out_and_frees_its_slot() {
    let drops = DropCounter::new();
    let d = drops.clone();
    let pool = Pool::new(n(1), move || d.track(String::from("conn")));
    let owned = Pooled::detach(pool.acquire());
    assert_eq!((pool.live(), pool.idle(), drops.alive()), (0, 0, 1));
    assert_eq!(owned.as_str(), "conn");
    let _second = pool.try_acquire().expect("the slot is free");
    drop(owned);
    assert_eq!(drops.alive(), 1, "only the second object is left");
}

#[test]
fn steady_state_acquire_and_release_make_no_allocation() {
    let pool = Pool::new(n(2), || vec![0u8; 65_536]);
    drop((pool.acquire(), pool.acquire())); // warm up: both made and idle
    let ((), stats) = CountingAlloc::measure(|| {
        for _ in 0..10 {
            let mut a = pool.acquire();
            let b = pool.acquire();
            a[0] = b[1];
        }
    });
    stats.assert_no_allocations();
}

#[test]
fn the_smallest_maximum_is_one_and_it_works() {
    // A maximum of 0 cannot be written: `Pool::new` takes a `NonZeroUsize`.
    let pool = Pool::new(NonZeroUsize::MIN, || 7u8);
    assert_eq!(pool.max(), 1);
    let only = pool.acquire();
    assert_eq!(
        pool.try_acquire().unwrap_err(),
        PoolError::Exhausted { max: 1 }
    );
    drop(only);
    assert_eq!(*pool.acquire(), 7);
}

#[test]
fn debug_shows_the_counts() {
    let pool = Pool::new(n(2), || 1u8);
    let obj = pool.acquire();
    assert_eq!(format!("{obj:?}"), "Pooled(1)");
    assert_eq!(format!("{pool:?}"), "Pool { max: 2, live: 1, idle: 0, .. }");
}

/// A pooled object that counts how many of its kind exist, can pause inside its `Drop` until
/// the test says go, and can panic there.
struct Probe {
    alive: Arc<AtomicUsize>,
    /// Set by the test: `Drop` says "entered" and waits for "go".
    pause_in_drop: Option<(mpsc::Sender<()>, mpsc::Receiver<()>)>,
    /// Set by the test: the recycle hook panics on it.
    refuse: bool,
    panic_in_drop: bool,
}

impl Drop for Probe {
    fn drop(&mut self) {
        if let Some((entered, go)) = self.pause_in_drop.take() {
            entered.send(()).unwrap();
            go.recv().unwrap();
        }
        self.alive.fetch_sub(1, SeqCst);
        if self.panic_in_drop {
            panic!("Probe::drop panics");
        }
    }
}

/// A pool of `max` probes whose hook panics on `refuse` and discards when `keep` says no;
/// returns it with the count of probes alive.
fn probe_pool(max: usize, keep: bool) -> (Arc<Pool<Probe>>, Arc<AtomicUsize>) {
    let alive = Arc::new(AtomicUsize::new(0));
    let a = Arc::clone(&alive);
    let pool = Pool::new(n(max), move || {
        a.fetch_add(1, SeqCst);
        Probe {
            alive: Arc::clone(&a),
            pause_in_drop: None,
            refuse: false,
            panic_in_drop: false,
        }
    })
    .with_recycle(move |p| {
        assert!(!p.refuse, "the recycle hook refuses this object");
        keep
    });
    (Arc::new(pool), alive)
}

/// Drops `obj` (whose hook panics if `refuse`) on another thread and, while the discarded
/// object is inside its `Drop`, tries to take a new one: returns whether that succeeded and
/// how many probes were alive then.
fn acquire_while_a_discarded_object_drops(keep: bool, refuse: bool) -> (bool, usize) {
    with_watchdog(Duration::from_secs(60), move || {
        let (pool, alive) = probe_pool(1, keep);
        let (entered_tx, entered) = mpsc::channel();
        let (go, go_rx) = mpsc::channel();
        let mut obj = pool.acquire();
        obj.refuse = refuse;
        obj.pause_in_drop = Some((entered_tx, go_rx));
        thread::scope(|s| {
            let dropper = s.spawn(move || panic::catch_unwind(AssertUnwindSafe(|| drop(obj))));
            entered.recv().unwrap();
            let second = pool.try_acquire();
            let seen = (second.is_ok(), alive.load(SeqCst));
            drop(second);
            go.send(()).unwrap();
            assert_eq!(dropper.join().unwrap().is_err(), refuse);
            assert!(alive.load(SeqCst) <= 1);
            assert_eq!(
                pool.live(),
                alive.load(SeqCst),
                "the pool's count is the real one"
            );
            seen
        })
    })
}

#[test]
fn a_panicking_recycle_hook_frees_the_slot_only_after_the_object_is_dropped() {
    let (got_second, alive) = acquire_while_a_discarded_object_drops(true, true);
    assert!(
        !got_second,
        "a new object was handed out while the discarded one still existed ({alive} alive, max 1)"
    );
}

#[test]
fn a_discarded_object_frees_its_slot_only_after_it_is_dropped() {
    let (got_second, alive) = acquire_while_a_discarded_object_drops(false, false);
    assert!(!got_second, "{alive} alive, max 1");
}

#[test]
fn a_discarded_object_whose_drop_panics_still_frees_its_slot() {
    let (pool, alive) = probe_pool(1, false);
    let mut obj = pool.acquire();
    obj.panic_in_drop = true;
    assert!(panic::catch_unwind(AssertUnwindSafe(|| drop(obj))).is_err());
    assert_eq!(alive.load(SeqCst), 0);
    let p = Arc::clone(&pool);
    // Blocks forever if the slot leaked: the watchdog turns that into a failure.
    let next_alive = with_watchdog(Duration::from_secs(30), move || {
        let obj = p.acquire();
        obj.alive.load(SeqCst)
    });
    assert_eq!((next_alive, pool.live(), pool.idle()), (1, 0, 0));
}

#[test]
fn an_object_whose_drop_panics_when_the_pool_is_dropped_does_not_stop_the_others() {
    let (pool, alive) = probe_pool(3, true);
    let (mut a, b, c) = (pool.acquire(), pool.acquire(), pool.acquire());
    a.panic_in_drop = true;
    drop((a, b, c));
    assert_eq!(alive.load(SeqCst), 3);
    let pool = Arc::into_inner(pool).unwrap();
    assert!(panic::catch_unwind(AssertUnwindSafe(|| drop(pool))).is_err());
    assert_eq!(alive.load(SeqCst), 0, "every idle object was dropped");
}

/// A pooled object that counts how many of its kind exist and whose `Drop` may panic.
struct Flaky {
    alive: Arc<AtomicUsize>,
    panic_in_drop: bool,
}

impl Drop for Flaky {
    fn drop(&mut self) {
        self.alive.fetch_sub(1, SeqCst);
        if self.panic_in_drop {
            // `resume_unwind` skips the panic hook: thousands of these would flood stderr.
            panic::resume_unwind(Box::new("Flaky::drop panics"));
        }
    }
}

/// `threads` × `acquires` on a pool of `max` through every failure path (a panicking recycle
/// hook, discards, a panicking `Drop` on discard): returns (most objects alive at once, as
/// counted by the factory; most on loan at once).
fn stress_failure_paths(threads: usize, acquires: usize, max: usize) -> (usize, usize) {
    let alive = Arc::new(AtomicUsize::new(0));
    let most_alive = Arc::new(AtomicUsize::new(0));
    let pool = {
        let (alive, most_alive) = (Arc::clone(&alive), Arc::clone(&most_alive));
        let returns = AtomicUsize::new(0);
        Pool::new(n(max), move || {
            let now = alive.fetch_add(1, SeqCst) + 1;
            most_alive.fetch_max(now, SeqCst);
            Flaky {
                alive: Arc::clone(&alive),
                panic_in_drop: false,
            }
        })
        .with_recycle(move |f| {
            // Of every 35 returns: 5 panic in the hook, 6 are discarded (3 of them panic in
            // `Drop`), the rest are reused.
            let n = returns.fetch_add(1, SeqCst);
            if n % 7 == 3 {
                panic::resume_unwind(Box::new("the recycle hook panics"));
            }
            let keep = n % 5 != 1;
            // Never on the hook's panic path: a second panic while unwinding aborts.
            f.panic_in_drop = !keep && n % 2 == 0;
            keep
        })
    };
    let on_loan = AtomicUsize::new(0);
    let most_on_loan = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..acquires {
                    let _ = panic::catch_unwind(AssertUnwindSafe(|| {
                        let obj = pool.acquire();
                        let out = on_loan.fetch_add(1, SeqCst) + 1;
                        most_on_loan.fetch_max(out, SeqCst);
                        assert!(obj.alive.load(SeqCst) <= max);
                        on_loan.fetch_sub(1, SeqCst);
                        drop(obj); // recycled, discarded, or a panic
                    }));
                }
            });
        }
    });
    assert_eq!(
        pool.live(),
        alive.load(SeqCst),
        "the pool's count is the real one"
    );
    assert_eq!(pool.idle(), pool.live(), "nothing is on loan any more");
    drop(pool); // idle objects have `panic_in_drop` unset: only discards set it
    assert_eq!(alive.load(SeqCst), 0, "nothing leaked");
    (most_alive.load(SeqCst), most_on_loan.into_inner())
}

#[test]
#[cfg_attr(
    miri,
    ignore = "8,000 acquires with panics take too long under Miri: stress_failure_paths_small runs instead"
)]
fn stress_failure_paths_never_exceed_the_maximum() {
    let (alive, on_loan) = with_watchdog(Duration::from_secs(30), || {
        stress_failure_paths(4, 2_000, 2)
    });
    assert!(alive <= 2, "{alive} objects alive at once, max 2");
    assert!(on_loan <= 2, "{on_loan} objects on loan at once, max 2");
}

#[test]
fn stress_failure_paths_small() {
    let (alive, on_loan) =
        with_watchdog(Duration::from_secs(300), || stress_failure_paths(3, 20, 1));
    assert_eq!((alive, on_loan), (1, 1));
}

#[test]
fn a_waiter_makes_the_object_when_the_factory_of_another_thread_panics() {
    let made = with_watchdog(Duration::from_secs(30), || {
        let (entered_tx, entered) = mpsc::sync_channel::<()>(0);
        let (fail_tx, fail) = mpsc::sync_channel::<()>(0);
        let calls = AtomicUsize::new(0);
        let (entered_tx, fail) = (
            std::sync::Mutex::new(entered_tx),
            std::sync::Mutex::new(fail),
        );
        let pool = Pool::new(n(1), move || {
            if calls.fetch_add(1, SeqCst) == 0 {
                entered_tx.lock().unwrap().send(()).unwrap();
                fail.lock().unwrap().recv().unwrap();
                panic!("the first factory call fails");
            }
            "made"
        });
        thread::scope(|s| {
            let first = s.spawn(|| panic::catch_unwind(AssertUnwindSafe(|| pool.acquire().len())));
            entered.recv().unwrap(); // the first slot is reserved: live == max
            let waiter = s.spawn(|| *pool.acquire());
            // The waiter blocks (or has not started yet); either way it must get an object.
            fail_tx.send(()).unwrap();
            assert!(first.join().unwrap().is_err());
            waiter.join().unwrap()
        })
    });
    assert_eq!(made, "made");
}
