//! Public API tests of `DList`: against `VecDeque`, leak freedom and deep drops.

use std::collections::VecDeque;

use ownership_interior::DList;
use proptest::prelude::*;
use test_support::{DropCounter, proptest_config};

#[test]
fn pushes_and_pops_at_both_ends() {
    let mut list = DList::new();
    assert_eq!(list.pop_front(), None);
    assert_eq!(list.pop_back(), None);
    list.push_back(2);
    list.push_front(1);
    list.push_back(3);
    assert_eq!(list.to_vec(), [1, 2, 3]);
    assert_eq!(format!("{list:?}"), "[1, 2, 3]");
    assert_eq!(list.pop_back(), Some(3));
    assert_eq!(list.pop_back(), Some(2));
    assert_eq!(list.pop_back(), Some(1));
    assert!(list.is_empty());
    list.push_front(9);
    assert_eq!(list.pop_front(), Some(9));
    assert_eq!(list.to_vec(), Vec::<i32>::new());
}

#[test]
fn every_value_is_freed_once() {
    let drops = DropCounter::new();
    let mut list: DList<_> = (0..100).map(|i| drops.track(i)).collect();
    let popped = list.pop_back().unwrap();
    assert_eq!(*popped, 99);
    drop(popped);
    let cloned = list.clone();
    drop(list);
    drop(cloned);
    drops.assert_all_dropped_once();
}

#[test]
#[cfg_attr(
    miri,
    ignore = "a million allocations take hours under Miri; a list of 1000 runs instead"
)]
fn a_list_of_a_million_drops_without_overflowing_the_stack() {
    let drops = DropCounter::new();
    let list: DList<_> = (0..1_000_000).map(|i| drops.track(i)).collect();
    drop(list);
    assert_eq!(drops.dropped(), 1_000_000);
}

#[test]
fn a_list_of_1000_drops_and_frees_every_value() {
    let drops = DropCounter::new();
    let list: DList<_> = (0..1000).map(|i| drops.track(i)).collect();
    assert_eq!(list.len(), 1000);
    drop(list);
    drops.assert_all_dropped_once();
    assert_eq!(
        drops.drop_order(),
        (0..1000).collect::<Vec<_>>(),
        "front to back"
    );
}

#[derive(Debug, Clone)]
enum Op {
    PushFront(u8),
    PushBack(u8),
    PopFront,
    PopBack,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<u8>().prop_map(Op::PushFront),
        any::<u8>().prop_map(Op::PushBack),
        Just(Op::PopFront),
        Just(Op::PopBack),
    ]
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn matches_a_vec_deque(ops in prop::collection::vec(op(), 0..64)) {
        let drops = DropCounter::new();
        {
            let mut ours = DList::new();
            let mut model = VecDeque::new();
            for op in ops {
                match op {
                    Op::PushFront(v) => { ours.push_front(drops.track(v)); model.push_front(v); }
                    Op::PushBack(v) => { ours.push_back(drops.track(v)); model.push_back(v); }
                    Op::PopFront => prop_assert_eq!(ours.pop_front().map(|t| *t), model.pop_front()),
                    Op::PopBack => prop_assert_eq!(ours.pop_back().map(|t| *t), model.pop_back()),
                }
                prop_assert_eq!(ours.len(), model.len());
                let mut seen = Vec::new();
                ours.for_each(|v| seen.push(**v));
                prop_assert_eq!(seen, model.iter().copied().collect::<Vec<_>>());
            }
        }
        prop_assert_eq!(drops.alive(), 0);
    }
}
