//! Public API tests of `MemoCache` and `Memo`.

use std::cell::Cell;
use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::BuildHasherDefault;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use ownership_core_traits::Cache;
use ownership_interior::{Memo, MemoCache};
use proptest::prelude::*;
use test_support::{DropCounter, proptest_config};

fn fib(cache: &MemoCache<u64, u64>, n: u64) -> u64 {
    if n < 2 {
        return n;
    }
    cache.get_or_compute(n, || fib(cache, n - 1) + fib(cache, n - 2))
}

#[test]
fn a_compute_that_recurses_into_the_same_cache_works() {
    // With a borrow held across `compute`, the inner `get_or_compute` would panic.
    let cache = MemoCache::new();
    assert_eq!(fib(&cache, 50), 12_586_269_025);
    assert_eq!(cache.len(), 49);
    assert_eq!(cache.misses(), 49);
    assert_eq!(fib(&cache, 50), 12_586_269_025);
    assert_eq!(cache.misses(), 49, "the second call is one hit");
}

#[test]
fn a_compute_may_insert_and_clear_the_cache() {
    let cache = MemoCache::new();
    let v = cache.get_or_compute(1, || {
        cache.insert(2, 20);
        cache.clear();
        cache.insert(3, 30);
        10
    });
    assert_eq!(v, 10);
    assert_eq!(cache.get(&1), Some(10));
    assert_eq!(cache.get(&3), Some(30));
    assert_eq!(cache.get(&2), None);
}

#[test]
fn a_value_stored_by_compute_for_the_same_key_wins() {
    let cache = MemoCache::new();
    let v = cache.get_or_compute("k", || {
        cache.insert("k", 1);
        2
    });
    assert_eq!(v, 1);
    assert_eq!(cache.get(&"k"), Some(1));
}

#[test]
fn a_panicking_compute_leaves_the_cache_usable() {
    let cache = MemoCache::new();
    cache.insert(1, 1);
    let caught = catch_unwind(AssertUnwindSafe(|| {
        cache.get_or_compute(2, || panic!("compute failed"))
    }));
    assert!(caught.is_err());
    assert_eq!(cache.get(&2), None);
    assert_eq!(cache.get_or_compute(2, || 4), 4);
    assert_eq!(cache.len(), 2);
}

#[test]
fn hit_and_miss_counts() {
    let cache = MemoCache::new();
    assert_eq!(cache.hit_rate(), None);
    cache.get_or_compute(1, || 'a');
    cache.get_or_compute(1, || 'b');
    cache.get(&1);
    cache.get(&2);
    assert_eq!((cache.hits(), cache.misses()), (2, 2));
    assert_eq!(cache.hit_rate(), Some(0.5));
    cache.reset_stats();
    assert_eq!((cache.hits(), cache.misses()), (0, 0));
}

/// A value whose drop uses the cache it was stored in.
struct UsesCacheOnDrop(Rc<MemoCache<u32, Rc<UsesCacheOnDropSlot>>>);
struct UsesCacheOnDropSlot(Cell<Option<UsesCacheOnDrop>>);

impl Drop for UsesCacheOnDrop {
    fn drop(&mut self) {
        // Would panic if the entry were dropped under a borrow.
        self.0
            .insert(99, Rc::new(UsesCacheOnDropSlot(Cell::new(None))));
        let _ = self.0.len();
    }
}

#[test]
fn values_are_dropped_with_no_borrow_held() {
    let cache = Rc::new(MemoCache::new());
    let slot = Rc::new(UsesCacheOnDropSlot(Cell::new(Some(UsesCacheOnDrop(
        Rc::clone(&cache),
    )))));
    cache.insert(1, Rc::clone(&slot));
    drop(slot);
    cache.clear(); // drops the last `Rc` to the slot, whose value inserts into the cache
    assert_eq!(cache.len(), 1);
    let replaced = Rc::new(UsesCacheOnDropSlot(Cell::new(Some(UsesCacheOnDrop(
        Rc::clone(&cache),
    )))));
    cache.insert(5, replaced);
    cache.insert(5, Rc::new(UsesCacheOnDropSlot(Cell::new(None)))); // old one returned, dropped here
    assert!(cache.get(&99).is_some());
    // Break the cycle cache -> slot -> cache before the test ends.
    for key in [5, 99] {
        if let Some(slot) = cache.remove(&key) {
            drop(slot.0.take());
        }
    }
    cache.clear();
}

#[test]
fn clear_and_drop_free_every_value() {
    let drops = DropCounter::new();
    let cache = MemoCache::new();
    for i in 0..10 {
        cache.insert(i, Rc::new(drops.track(i)));
    }
    cache.clear();
    assert_eq!(drops.alive(), 0);
    for i in 0..10 {
        cache.insert(i, Rc::new(drops.track(i)));
    }
    drop(cache);
    drops.assert_all_dropped_once();
}

#[test]
fn works_through_the_cache_trait_and_a_custom_hasher() {
    fn fill(cache: &impl Cache<u32, u32>) {
        assert_eq!(cache.get_or_insert_with(3, || 9), 9);
        assert_eq!(cache.insert(3, 10), Some(9));
        assert_eq!(cache.get(&3), Some(10));
        assert_eq!(cache.len(), 1);
        cache.clear();
        assert!(cache.is_empty());
    }
    fill(&MemoCache::<u32, u32>::new());
    fill(&MemoCache::<u32, u32, BuildHasherDefault<DefaultHasher>>::default());
}

#[test]
fn debug_prints_entries_and_counts() {
    let cache = MemoCache::new();
    cache.insert(1, "one");
    let shown = format!("{cache:?}");
    assert!(
        shown.contains("\"one\"") && shown.contains("hits: 0"),
        "{shown}"
    );
}

#[test]
fn memo_computes_each_key_once() {
    let calls = Cell::new(0);
    let fib = Memo::new(|memo: &Memo<u64, u64>, n| {
        calls.set(calls.get() + 1);
        if n < 2 {
            n
        } else {
            memo.get(n - 1) + memo.get(n - 2)
        }
    });
    assert_eq!(fib.get(60), 1_548_008_755_920);
    assert_eq!(calls.get(), 61);
    assert_eq!(fib.get(60), 1_548_008_755_920);
    assert_eq!(calls.get(), 61);
    assert!(format!("{fib:?}").starts_with("Memo"));
}

#[test]
fn memo_types_are_inferred_from_the_definition() {
    let fib = Memo::new(|memo, n: u64| {
        if n < 2 {
            n
        } else {
            memo.get(n - 1) + memo.get(n - 2)
        }
    });
    assert_eq!(fib.get(20), 6765);
}

#[derive(Debug, Clone)]
enum Op {
    Insert(u8, u16),
    Get(u8),
    GetOrCompute(u8, u16),
    Remove(u8),
    Clear,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..16, any::<u16>()).prop_map(|(k, v)| Op::Insert(k, v)),
        4 => (0u8..16).prop_map(Op::Get),
        4 => (0u8..16, any::<u16>()).prop_map(|(k, v)| Op::GetOrCompute(k, v)),
        2 => (0u8..16).prop_map(Op::Remove),
        1 => Just(Op::Clear),
    ]
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn matches_a_hash_map(ops in prop::collection::vec(op(), 0..64)) {
        let ours = MemoCache::new();
        let mut model: HashMap<u8, u16> = HashMap::new();
        let (mut hits, mut misses) = (0u64, 0u64);
        for op in ops {
            match op {
                Op::Insert(k, v) => prop_assert_eq!(ours.insert(k, v), model.insert(k, v)),
                Op::Get(k) => {
                    let expected = model.get(&k).copied();
                    if expected.is_some() { hits += 1 } else { misses += 1 }
                    prop_assert_eq!(ours.get(&k), expected);
                }
                Op::GetOrCompute(k, v) => {
                    if model.contains_key(&k) { hits += 1 } else { misses += 1 }
                    let expected = *model.entry(k).or_insert(v);
                    prop_assert_eq!(ours.get_or_compute(k, || v), expected);
                }
                Op::Remove(k) => prop_assert_eq!(ours.remove(&k), model.remove(&k)),
                Op::Clear => { ours.clear(); model.clear(); }
            }
            prop_assert_eq!(ours.len(), model.len());
            prop_assert_eq!((ours.hits(), ours.misses()), (hits, misses));
        }
    }
}
