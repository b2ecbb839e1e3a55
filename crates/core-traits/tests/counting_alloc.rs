//! `CountingAlloc` counts the current thread's allocations, and its checks can fail.

use core_traits::test_support::CountingAlloc;
use std::panic::{AssertUnwindSafe, catch_unwind};

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
