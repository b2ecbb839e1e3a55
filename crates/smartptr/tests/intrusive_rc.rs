//! `IntrusiveRc`: ownership (every value dropped once), `make_mut` clone counts, raw pointers,
//! sizes, and the traits forwarded to the value.

use std::collections::{BTreeSet, HashSet};
use std::rc::Rc;

use ownership_smartptr::IntrusiveRc;
use static_assertions::{assert_eq_size, assert_not_impl_any};
use test_support::{CountingAlloc, DropCounter};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

assert_eq_size!(IntrusiveRc<u64>, usize);
assert_eq_size!(Option<IntrusiveRc<u64>>, usize);
assert_eq_size!(IntrusiveRc<[u8; 100]>, usize);
assert_not_impl_any!(IntrusiveRc<u8>: Send, Sync);

#[test]
fn every_value_is_dropped_once_after_the_last_owner() {
    let drops = DropCounter::new();
    let a = IntrusiveRc::new(drops.track(1));
    let b = a.clone();
    let c = b.clone();
    assert_eq!(IntrusiveRc::strong_count(&a), 3);
    drop(a);
    drop(c);
    assert_eq!(drops.dropped(), 0, "b still owns the value");
    assert_eq!(IntrusiveRc::strong_count(&b), 1);
    drop(b);
    drops.assert_all_dropped_once();
    assert_eq!(drops.dropped(), 1);
}

#[test]
fn nothing_leaks_and_the_block_is_one_word_smaller_than_rc() {
    let (_, ours) = CountingAlloc::measure(|| {
        let a = IntrusiveRc::new(0u64);
        let b = a.clone();
        drop(a);
        drop(b);
    });
    ours.assert_no_leaks();
    assert_eq!(ours.allocations, 1);
    let ours_bytes = CountingAlloc::measure(|| drop(IntrusiveRc::new(0u64)))
        .1
        .bytes_allocated;
    let std_bytes = CountingAlloc::measure(|| drop(Rc::new(0u64)))
        .1
        .bytes_allocated;
    assert_eq!(ours_bytes, 16);
    assert_eq!(std_bytes, 24);
}

/// Bytes the pointers themselves allocate when `n` of them are created and kept.
fn bytes_for<P>(n: usize, make: impl Fn(u64) -> P) -> u64 {
    let mut kept = Vec::with_capacity(n);
    let (_, stats) = CountingAlloc::measure(|| {
        for i in 0..n as u64 {
            kept.push(make(i));
        }
    });
    assert_eq!(stats.allocations, n as u64);
    stats.bytes_allocated
}

#[test]
#[cfg_attr(
    miri,
    ignore = "a million allocations; the test above is its small twin"
)]
fn a_million_pointers_allocate_two_thirds_of_the_bytes_of_rc() {
    let n = 1_000_000;
    let ours = bytes_for(n, IntrusiveRc::new);
    let std = bytes_for(n, Rc::new);
    assert_eq!((ours, std), (16_000_000, 24_000_000));
}

#[test]
fn make_mut_clones_exactly_once_when_shared_and_never_when_unique() {
    let drops = DropCounter::new();
    let mut a = IntrusiveRc::new(drops.track(vec![1]));
    IntrusiveRc::make_mut(&mut a).push(2);
    assert_eq!(drops.created(), 1, "unique: no clone");

    let b = a.clone();
    IntrusiveRc::make_mut(&mut a).push(3);
    assert_eq!(drops.created(), 2, "shared: one clone");
    assert!(!IntrusiveRc::ptr_eq(&a, &b));
    assert_eq!(**a, [1, 2, 3]);
    assert_eq!(**b, [1, 2], "the other owner keeps the old value");

    IntrusiveRc::make_mut(&mut a).push(4);
    assert_eq!(drops.created(), 2, "unique again: no clone");
    drop((a, b));
    drops.assert_all_dropped_once();
}

#[test]
fn get_mut_only_when_unique() {
    let mut a = IntrusiveRc::new(1);
    *IntrusiveRc::get_mut(&mut a).unwrap() = 2;
    let b = a.clone();
    assert!(IntrusiveRc::get_mut(&mut a).is_none());
    drop(b);
    assert_eq!(IntrusiveRc::get_mut(&mut a), Some(&mut 2));
}

#[test]
fn try_unwrap_and_into_inner_give_the_value_to_the_last_owner_only() {
    let drops = DropCounter::new();
    let a = IntrusiveRc::new(drops.track("v"));
    let b = a.clone();
    let a = IntrusiveRc::try_unwrap(a).unwrap_err();
    assert_eq!(
        IntrusiveRc::strong_count(&a),
        2,
        "an Err gives the pointer back unchanged"
    );
    assert!(IntrusiveRc::into_inner(a).is_none());
    assert_eq!(drops.dropped(), 0);
    let value = IntrusiveRc::into_inner(b).expect("the last owner gets the value");
    assert_eq!(*value, "v");
    assert_eq!(drops.dropped(), 0, "the value moved out, not dropped");
    drop(value);
    drops.assert_all_dropped_once();

    let c = IntrusiveRc::new(drops.track("w"));
    let w = IntrusiveRc::try_unwrap(c).ok().unwrap();
    drop(w);
    drops.assert_all_dropped_once();
}

#[test]
fn into_raw_and_from_raw_round_trip_with_the_count() {
    let drops = DropCounter::new();
    let a = IntrusiveRc::new(drops.track(String::from("raw")));
    let raw = IntrusiveRc::into_raw(a.clone());
    assert_eq!(raw, IntrusiveRc::as_ptr(&a));
    // SAFETY: `a` keeps the value alive; `raw` points to it.
    assert_eq!(unsafe { &**raw }, "raw");
    assert_eq!(
        IntrusiveRc::strong_count(&a),
        2,
        "the raw pointer owns a count"
    );
    drop(a);
    assert_eq!(drops.dropped(), 0, "the raw pointer keeps the value alive");
    // SAFETY: from `into_raw` of this type, taken back once.
    let back = unsafe { IntrusiveRc::from_raw(raw) };
    assert_eq!(IntrusiveRc::strong_count(&back), 1);
    assert_eq!(**back, "raw");
    drop(back);
    drops.assert_all_dropped_once();
}

#[test]
fn raw_pointers_work_for_over_aligned_and_zero_sized_values() {
    #[repr(align(64))]
    #[derive(Debug, PartialEq)]
    struct Wide(u8);
    let raw = IntrusiveRc::into_raw(IntrusiveRc::new(Wide(9)));
    assert_eq!(raw.addr() % 64, 0);
    // SAFETY: from `into_raw` of this type, taken back once.
    let back = unsafe { IntrusiveRc::from_raw(raw) };
    assert_eq!(*back, Wide(9));

    let unit = IntrusiveRc::into_raw(IntrusiveRc::new(()));
    // SAFETY: as above.
    let unit = unsafe { IntrusiveRc::from_raw(unit) };
    assert_eq!(IntrusiveRc::strong_count(&unit), 1);
}

#[test]
fn comparison_hashing_and_formatting_forward_to_the_value() {
    let a = IntrusiveRc::new(2);
    let b = IntrusiveRc::from(2);
    let c = IntrusiveRc::new(3);
    assert_eq!(a, b);
    assert!(a < c);
    assert_eq!(a.cmp(&c), std::cmp::Ordering::Less);
    let set: HashSet<_> = [a.clone(), b.clone(), c.clone()].into_iter().collect();
    assert_eq!(set.len(), 2);
    let sorted: BTreeSet<_> = [c.clone(), a.clone()].into_iter().collect();
    assert_eq!(sorted.into_iter().map(|p| *p).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(format!("{a} {c:?}"), "2 3");
    assert_eq!(*IntrusiveRc::<u32>::default(), 0);
    assert!(format!("{a:p}").starts_with("0x"));
    assert_eq!(a.as_ref(), &2);
}

#[test]
fn a_value_that_panics_in_drop_is_still_freed() {
    struct Bomb;
    impl Drop for Bomb {
        fn drop(&mut self) {
            // `resume_unwind` skips the panic hook, whose backtrace cache would count as a leak.
            std::panic::resume_unwind(Box::new("boom"));
        }
    }
    let (panicked, stats) = CountingAlloc::measure(|| {
        std::panic::catch_unwind(|| drop(IntrusiveRc::new(Bomb))).is_err()
    });
    assert!(panicked);
    stats.assert_no_leaks();
}
