//! `CowPtr` and `SyncCowPtr`: clones share, writes copy exactly once when shared and never
//! when unique, and every value is dropped once.

use ownership_smartptr::{CowPtr, SyncCowPtr};
use static_assertions::{assert_eq_size, assert_impl_all, assert_not_impl_any};
use std::cell::Cell;
use std::thread;
use test_support::DropCounter;

assert_eq_size!(CowPtr<String>, usize);
assert_eq_size!(Option<SyncCowPtr<String>>, usize);
assert_not_impl_any!(CowPtr<u8>: Send, Sync);
assert_impl_all!(SyncCowPtr<u8>: Send, Sync);
assert_not_impl_any!(SyncCowPtr<Cell<u8>>: Send, Sync);

#[test]
fn cow_ptr_copies_once_when_shared_and_never_when_unique() {
    let drops = DropCounter::new();
    let original = CowPtr::new(drops.track(vec![1]));
    let mut copy = original.clone();
    assert!(copy.ptr_eq(&original) && !copy.is_unique());
    assert_eq!(drops.created(), 1, "clone shares");

    let len = copy.modify(|v| {
        v.push(2);
        v.len()
    });
    assert_eq!(len, 2);
    assert_eq!(drops.created(), 2, "the first write copies");
    assert!(copy.is_unique() && original.is_unique());
    assert_eq!(**original, [1]);

    copy.make_mut().push(3);
    copy.modify(|v| v.push(4));
    assert_eq!(drops.created(), 2, "unique: no more copies");
    assert_eq!(**copy, [1, 2, 3, 4]);
    drop((original, copy));
    drops.assert_all_dropped_once();
}

#[test]
fn into_inner_moves_when_unique_and_clones_when_shared() {
    let drops = DropCounter::new();
    let a = CowPtr::new(drops.track(1));
    let b = a.clone();
    let from_a = a.into_inner();
    assert_eq!(drops.created(), 2, "shared: cloned");
    let from_b = b.into_inner();
    assert_eq!(drops.created(), 2, "unique: moved");
    assert_eq!((*from_a, *from_b), (1, 1));
    drop((from_a, from_b));
    drops.assert_all_dropped_once();
}

#[test]
fn sync_cow_ptr_snapshots_stay_unchanged_on_other_threads() {
    let drops = DropCounter::new();
    let mut live = SyncCowPtr::new(drops.track(0u32));
    let snapshots: Vec<_> = (0..2).map(|_| live.clone()).collect();
    live.modify(|v| **v = 1);
    assert_eq!(drops.created(), 2);
    thread::scope(|s| {
        for snap in snapshots {
            s.spawn(move || assert_eq!(**snap, 0));
        }
    });
    assert!(live.is_unique());
    **live.make_mut() += 1;
    assert_eq!(drops.created(), 2);
    assert_eq!(**live, 2);
    drop(live);
    drops.assert_all_dropped_once();
}

#[test]
fn traits_forward_to_the_value() {
    let a = CowPtr::new(String::from("a"));
    assert_eq!(a, CowPtr::from(String::from("a")));
    assert!(a < CowPtr::new(String::from("b")));
    assert_eq!(format!("{a}/{a:?}"), "a/\"a\"");
    assert_eq!(*SyncCowPtr::<u8>::default(), 0);
}
