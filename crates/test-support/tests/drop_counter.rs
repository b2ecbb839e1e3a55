//! `DropCounter` and `Tracked` catch leaks, double drops and a wrong drop order.

use std::panic::catch_unwind;
use test_support::DropCounter;

#[test]
fn records_drop_order() {
    let drops = DropCounter::new();
    let a = drops.track(1);
    let b = drops.track(2);
    let c = drops.track(3);
    drop(b);
    drop(c);
    drop(a);
    assert_eq!(drops.drop_order(), [1, 2, 0]);
    assert_eq!(drops.alive(), 0);
    drops.assert_all_dropped_once();
}

#[test]
fn a_leak_is_caught() {
    let drops = DropCounter::new();
    let kept = drops.track(String::from("kept"));
    drop(drops.track(String::from("dropped")));
    assert_eq!(drops.alive(), 1);
    let d = drops.clone();
    let caught = catch_unwind(move || d.assert_all_dropped_once());
    let message = *caught.unwrap_err().downcast::<String>().unwrap();
    assert!(message.contains("never dropped: [0]"), "{message}");
    drop(kept);
    drops.assert_all_dropped_once();
}

#[test]
fn a_double_drop_is_caught() {
    let drops = DropCounter::new();
    let mut slot = std::mem::ManuallyDrop::new(drops.track(5u32));
    // A buggy container runs a destructor twice on memory it still owns. `Tracked` holds one
    // reference count of the log; give the log one extra count so that the second run of the
    // destructor gives back that count instead of freeing the log under our feet.
    std::mem::forget(drops.clone());
    let p: *mut _ = &mut *slot;
    // SAFETY: `slot` is never used again except through `p`; `Tracked<u32>`'s destructor only
    // pushes its id (a plain integer) and releases one count of the log's `Arc`, which the
    // `forget` above paid for in advance, so the second run touches only live memory.
    unsafe {
        std::ptr::drop_in_place(p);
        std::ptr::drop_in_place(p);
    }
    assert_eq!(drops.dropped(), 2);
    let d = drops.clone();
    let caught = catch_unwind(move || d.assert_all_dropped_once());
    let message = *caught.unwrap_err().downcast::<String>().unwrap();
    assert!(message.contains("dropped more than once: [0]"), "{message}");
}

#[test]
fn clones_are_tracked_separately() {
    let drops = DropCounter::new();
    let a = drops.track(vec![1, 2]);
    let b = a.clone();
    assert_ne!(a.id(), b.id());
    assert_eq!(*a, *b);
    drop(a);
    assert_eq!(drops.alive(), 1);
    drop(b);
    drops.assert_all_dropped_once();
}
