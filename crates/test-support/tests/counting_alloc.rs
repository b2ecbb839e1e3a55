//! `CountingAlloc` counts the current thread's allocations, and its checks can fail.

use std::panic::{AssertUnwindSafe, catch_unwind};
use test_support::CountingAlloc;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

#[test]
fn counts_nothing_for_code_that_does_not_allocate() {
    let v: Vec<u64> = (1..=3).collect();
    let (sum, stats) = CountingAlloc::measure(|| v.iter().sum::<u64>());
    assert_eq!(sum, 6);
    assert_eq!(stats.requests(), 0);
    stats.assert_no_allocations();
    stats.assert_no_leaks();
}

#[test]
fn counts_each_allocation_and_its_bytes() {
    let (_, stats) = CountingAlloc::measure(|| {
        let a = Box::new([0u8; 24]);
        let b: Vec<u32> = std::hint::black_box(vec![0u32; 10]);
        (a.len(), b.len())
    });
    assert_eq!(stats.allocations, 2);
    assert_eq!(stats.deallocations, 2);
    assert_eq!(stats.bytes_allocated, 24 + 40);
    stats.assert_no_leaks();
}

#[test]
fn counts_reallocations() {
    let (_, stats) = CountingAlloc::measure(|| {
        let mut v: Vec<u8> = Vec::with_capacity(1);
        v.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
        v
    });
    assert_eq!(stats.allocations, 1);
    assert!(stats.reallocations >= 1, "{stats}");
    assert!(!stats.is_leak_free(), "the Vec left the scope alive");
}

#[test]
fn a_deliberate_extra_allocation_is_caught() {
    let (_, stats) = CountingAlloc::measure(|| String::from("surprise").len());
    let caught = catch_unwind(AssertUnwindSafe(|| stats.assert_no_allocations()));
    let message = *caught
        .expect_err("an allocation must fail the check")
        .downcast::<String>()
        .unwrap();
    assert!(
        message.contains("expected no allocations, got 1 allocations"),
        "{message}"
    );
}

#[test]
fn a_deliberate_leak_is_caught() {
    // The Box escapes the measured scope: inside it, it was allocated and never freed.
    let (escaped, stats) = CountingAlloc::measure(|| Box::new(7u64));
    assert_eq!(stats.leaked_bytes(), 8);
    let caught = catch_unwind(AssertUnwindSafe(|| stats.assert_no_leaks()));
    assert!(caught.is_err(), "a leak must fail the check");
    drop(escaped); // freed outside, so the process (and Miri) sees no real leak
}

#[test]
fn other_threads_do_not_disturb_the_count() {
    let (_, stats) = CountingAlloc::measure(|| {
        // Another thread allocates a lot while this one allocates nothing.
        std::thread::scope(|s| {
            s.spawn(|| {
                for i in 0..100 {
                    std::hint::black_box(vec![i; 16]);
                }
            });
        })
    });
    // Spawning a thread allocates on the spawning thread; the child's 100 Vecs are not ours.
    assert!(stats.allocations < 100, "{stats}");
    let (_, quiet) = CountingAlloc::measure(|| std::hint::black_box(1 + 1));
    quiet.assert_no_allocations();
}

#[test]
fn nested_measurements_add_up() {
    let (inner, outer) = CountingAlloc::measure(|| {
        let (_, inner) = CountingAlloc::measure(|| Box::new(1u8));
        let _second = Box::new(2u8);
        inner
    });
    assert_eq!(inner.allocations, 1);
    assert_eq!(outer.allocations, 2);
}

#[test]
fn refusing_fails_exactly_the_chosen_requests_then_recovers() {
    let (results, stats) = CountingAlloc::refusing(2, 2, || {
        // An array, not a `Vec`: the only requests are the six being checked.
        let mut results = [false; 6];
        for ok in &mut results {
            let mut v: Vec<u8> = Vec::new();
            *ok = v.try_reserve_exact(16).is_ok();
        }
        results
    });
    assert_eq!(results, [true, true, false, false, true, true]);
    assert_eq!(stats.refused, 2);
    assert_eq!(stats.allocations, 4, "refused requests are not allocations");
    stats.assert_no_leaks();
    assert!(stats.to_string().contains("2 refused"), "{stats}");
    // Outside the run, nothing is refused.
    let (_, after) = CountingAlloc::measure(|| std::hint::black_box(Box::new(1u8)));
    assert_eq!((after.allocations, after.refused), (1, 0));
}

#[test]
fn refusing_covers_alloc_zeroed_and_realloc_and_keeps_the_old_block() {
    let mut v: Vec<u64> = vec![7; 4];
    let (grown, stats) = CountingAlloc::refusing(0, 1, || v.try_reserve_exact(1000).is_ok());
    assert!(!grown, "the realloc was refused");
    assert_eq!(stats.refused, 1);
    assert_eq!(v, [7; 4], "a refused realloc leaves the block as it was");
    let (zeroed, stats) = CountingAlloc::refusing(0, 1, || {
        // SAFETY: the layout has a non-zero size.
        let p = unsafe { std::alloc::alloc_zeroed(std::alloc::Layout::new::<u64>()) };
        p.is_null()
    });
    assert!(zeroed, "alloc_zeroed returned null");
    assert_eq!((stats.refused, stats.allocations), (1, 0));
}

#[test]
fn refusing_restores_the_previous_setting_even_after_a_panic() {
    let (outcome, stats) = CountingAlloc::refusing(0, u64::MAX, || {
        let inner = catch_unwind(AssertUnwindSafe(|| {
            CountingAlloc::refusing(0, 0, || {
                // The inner run refuses nothing...
                let b = std::hint::black_box(Box::new(3u8));
                drop(b);
                panic!("inner failure");
            })
        }));
        assert!(inner.is_err());
        // ...and once it is over (by a panic), the outer one refuses everything again.
        Vec::<u8>::new().try_reserve(8).is_ok()
    });
    assert!(!outcome);
    assert!(stats.refused >= 1, "{stats}");
    let (_, after) = CountingAlloc::measure(|| std::hint::black_box(Box::new(1u8)));
    assert_eq!(after.refused, 0, "the setting before the first run is back");
}

#[test]
fn refusing_affects_only_the_calling_thread() {
    // (Spawning a thread from inside a refusing run would itself be refused, and `spawn`
    // aborts on allocation failure: the run happens on the other thread instead.)
    let other = std::thread::spawn(|| {
        let (ok, stats) =
            CountingAlloc::refusing(0, u64::MAX, || Vec::<u8>::new().try_reserve(64).is_ok());
        (ok, stats.refused)
    });
    let here = Vec::<u8>::new().try_reserve(64).is_ok();
    assert_eq!(other.join().unwrap(), (false, 1));
    assert!(
        here,
        "a refusing run on another thread does not refuse this one"
    );
}
