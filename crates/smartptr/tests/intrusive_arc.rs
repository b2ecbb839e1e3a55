//! `IntrusiveArc`: ownership across threads (every value dropped once), `make_mut` clone counts, raw pointers,
//! sizes, and the traits forwarded to the value.

use std::cell::Cell;
use std::collections::{BTreeSet, HashSet};
use std::rc::Rc;
use std::sync::{Arc, MutexGuard};
use std::thread;

use ownership_smartptr::IntrusiveArc;
use static_assertions::{assert_eq_size, assert_impl_all, assert_not_impl_any};
use test_support::{CountingAlloc, DropCounter};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

assert_eq_size!(IntrusiveArc<u64>, usize);
assert_eq_size!(Option<IntrusiveArc<u64>>, usize);
assert_eq_size!(IntrusiveArc<[u8; 100]>, usize);
assert_impl_all!(IntrusiveArc<u8>: Send, Sync);
// `Send + Sync` exactly when `T` is both: a `Send`-only and a `Sync`-only value give neither.
assert_not_impl_any!(IntrusiveArc<Cell<u8>>: Send, Sync);
assert_not_impl_any!(IntrusiveArc<MutexGuard<'static, u8>>: Send, Sync);
assert_not_impl_any!(IntrusiveArc<Rc<u8>>: Send, Sync);

#[test]
fn every_value_is_dropped_once_after_the_last_owner() {
    let drops = DropCounter::new();
    let a = IntrusiveArc::new(drops.track(1));
    let b = a.clone();
    let c = b.clone();
    assert_eq!(IntrusiveArc::strong_count(&a), 3);
    drop(a);
    drop(c);
    assert_eq!(drops.dropped(), 0, "b still owns the value");
    assert_eq!(IntrusiveArc::strong_count(&b), 1);
    drop(b);
    drops.assert_all_dropped_once();
    assert_eq!(drops.dropped(), 1);
}

#[test]
fn nothing_leaks_and_the_block_is_one_word_smaller_than_arc() {
    let (_, ours) = CountingAlloc::measure(|| {
        let a = IntrusiveArc::new(0u64);
        let b = a.clone();
        drop(a);
        drop(b);
    });
    ours.assert_no_leaks();
    assert_eq!(ours.allocations, 1);
    let ours_bytes = CountingAlloc::measure(|| drop(IntrusiveArc::new(0u64)))
        .1
        .bytes_allocated;
    let std_bytes = CountingAlloc::measure(|| drop(Arc::new(0u64)))
        .1
        .bytes_allocated;
    assert_eq!(ours_bytes, 16);
    assert_eq!(std_bytes, 24);
}

#[test]
fn make_mut_clones_exactly_once_when_shared_and_never_when_unique() {
    let drops = DropCounter::new();
    let mut a = IntrusiveArc::new(drops.track(vec![1]));
    IntrusiveArc::make_mut(&mut a).push(2);
    assert_eq!(drops.created(), 1, "unique: no clone");

    let b = a.clone();
    IntrusiveArc::make_mut(&mut a).push(3);
    assert_eq!(drops.created(), 2, "shared: one clone");
    assert!(!IntrusiveArc::ptr_eq(&a, &b));
    assert_eq!(**a, [1, 2, 3]);
    assert_eq!(**b, [1, 2], "the other owner keeps the old value");

    IntrusiveArc::make_mut(&mut a).push(4);
    assert_eq!(drops.created(), 2, "unique again: no clone");
    drop((a, b));
    drops.assert_all_dropped_once();
}

#[test]
fn get_mut_only_when_unique() {
    let mut a = IntrusiveArc::new(1);
    *IntrusiveArc::get_mut(&mut a).unwrap() = 2;
    let b = a.clone();
    assert!(IntrusiveArc::get_mut(&mut a).is_none());
    drop(b);
    assert_eq!(IntrusiveArc::get_mut(&mut a), Some(&mut 2));
}

#[test]
fn try_unwrap_and_into_inner_give_the_value_to_the_last_owner_only() {
    let drops = DropCounter::new();
    let a = IntrusiveArc::new(drops.track("v"));
    let b = a.clone();
    let a = IntrusiveArc::try_unwrap(a).unwrap_err();
    assert_eq!(
        IntrusiveArc::strong_count(&a),
        2,
        "an Err gives the pointer back unchanged"
    );
    assert!(IntrusiveArc::into_inner(a).is_none());
    assert_eq!(drops.dropped(), 0);
    let value = IntrusiveArc::into_inner(b).expect("the last owner gets the value");
    assert_eq!(*value, "v");
    assert_eq!(drops.dropped(), 0, "the value moved out, not dropped");
    drop(value);
    drops.assert_all_dropped_once();

    let c = IntrusiveArc::new(drops.track("w"));
    let w = IntrusiveArc::try_unwrap(c).ok().unwrap();
    drop(w);
    drops.assert_all_dropped_once();
}

#[test]
fn into_raw_and_from_raw_round_trip_with_the_count() {
    let drops = DropCounter::new();
    let a = IntrusiveArc::new(drops.track(String::from("raw")));
    let raw = IntrusiveArc::into_raw(a.clone());
    assert_eq!(raw, IntrusiveArc::as_ptr(&a));
    // SAFETY: `a` keeps the value alive; `raw` points to it.
    assert_eq!(unsafe { &**raw }, "raw");
    assert_eq!(
        IntrusiveArc::strong_count(&a),
        2,
        "the raw pointer owns a count"
    );
    drop(a);
    assert_eq!(drops.dropped(), 0, "the raw pointer keeps the value alive");
    // SAFETY: from `into_raw` of this type, taken back once.
    let back = unsafe { IntrusiveArc::from_raw(raw) };
    assert_eq!(IntrusiveArc::strong_count(&back), 1);
    assert_eq!(**back, "raw");
    drop(back);
    drops.assert_all_dropped_once();
}

#[test]
fn raw_pointers_work_for_over_aligned_and_zero_sized_values() {
    #[repr(align(64))]
    #[derive(Debug, PartialEq)]
    struct Wide(u8);
    let raw = IntrusiveArc::into_raw(IntrusiveArc::new(Wide(9)));
    assert_eq!(raw.addr() % 64, 0);
    // SAFETY: from `into_raw` of this type, taken back once.
    let back = unsafe { IntrusiveArc::from_raw(raw) };
    assert_eq!(*back, Wide(9));

    let unit = IntrusiveArc::into_raw(IntrusiveArc::new(()));
    // SAFETY: as above.
    let unit = unsafe { IntrusiveArc::from_raw(unit) };
    assert_eq!(IntrusiveArc::strong_count(&unit), 1);
}

#[test]
fn comparison_hashing_and_formatting_forward_to_the_value() {
    let a = IntrusiveArc::new(2);
    let b = IntrusiveArc::from(2);
    let c = IntrusiveArc::new(3);
    assert_eq!(a, b);
    assert!(a < c);
    assert_eq!(a.cmp(&c), std::cmp::Ordering::Less);
    let set: HashSet<_> = [a.clone(), b.clone(), c.clone()].into_iter().collect();
    assert_eq!(set.len(), 2);
    let sorted: BTreeSet<_> = [c.clone(), a.clone()].into_iter().collect();
    assert_eq!(sorted.into_iter().map(|p| *p).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(format!("{a} {c:?}"), "2 3");
    assert_eq!(*IntrusiveArc::<u32>::default(), 0);
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
        std::panic::catch_unwind(|| drop(IntrusiveArc::new(Bomb))).is_err()
    });
    assert!(panicked);
    stats.assert_no_leaks();
}

#[test]
fn threads_cloning_and_dropping_drop_the_value_once_after_the_last_owner() {
    let drops = DropCounter::new();
    let shared = IntrusiveArc::new(drops.track(0u32));
    let rounds = if cfg!(miri) { 10 } else { 1000 };
    thread::scope(|s| {
        for _ in 0..2 {
            let mine = shared.clone();
            s.spawn(move || {
                for _ in 0..rounds {
                    let extra = mine.clone();
                    assert_eq!(**extra, 0);
                    drop(extra);
                }
                drop(mine);
            });
        }
    });
    assert_eq!(IntrusiveArc::strong_count(&shared), 1);
    assert_eq!(drops.dropped(), 0);
    drop(shared);
    drops.assert_all_dropped_once();
}

#[test]
fn into_inner_on_two_threads_gives_the_value_to_exactly_one() {
    let drops = DropCounter::new();
    for _ in 0..if cfg!(miri) { 3 } else { 100 } {
        let a = IntrusiveArc::new(drops.track(()));
        let b = a.clone();
        let theirs = thread::spawn(move || IntrusiveArc::into_inner(b).is_some());
        let mine = IntrusiveArc::into_inner(a).is_some();
        let theirs = theirs.join().unwrap();
        assert!(mine ^ theirs, "exactly one owner gets the value");
    }
    drops.assert_all_dropped_once();
}
