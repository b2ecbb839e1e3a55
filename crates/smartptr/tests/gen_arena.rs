//! `GenArena`: stale handles, `get2_mut`, iteration, `retain`/`drain`/`clear`, indexing
//! panics, distinct handle types, and every value dropped once.

use ownership_core_traits::SlotStore;
use ownership_smartptr::gen_arena::Key;
use ownership_smartptr::{GenArena, Handle, new_handle_type};
use static_assertions::{assert_eq_size, assert_impl_all};
use std::collections::HashSet;
use test_support::DropCounter;

assert_eq_size!(Handle, u64);
assert_eq_size!(Option<Handle>, u64);
assert_impl_all!(Handle: Copy, Eq, Ord, std::hash::Hash, std::fmt::Debug, Send, Sync);

new_handle_type! {
    /// A test handle type.
    struct EntityId;
}
assert_eq_size!(Option<EntityId>, u64);

#[test]
fn a_stale_handle_never_sees_the_value_that_reuses_its_slot() {
    let mut arena = GenArena::new();
    let old = arena.insert("old");
    assert_eq!(arena.remove(old), Some("old"));
    let new = arena.insert("new");
    assert_eq!(old.index(), new.index());
    assert_ne!(old, new);
    assert_eq!(arena.get(old), None);
    assert_eq!(arena.get_mut(old), None);
    assert!(!arena.contains(old));
    assert_eq!(arena.remove(old), None);
    assert_eq!(arena.get(new), Some(&"new"));
    assert_eq!(arena.len(), 1);
}

#[test]
fn get2_mut_gives_two_disjoint_values_and_refuses_equal_or_stale_handles() {
    let mut arena = GenArena::new();
    let a = arena.insert(1);
    let b = arena.insert(2);
    let c = arena.insert(3);
    {
        let (x, y) = arena.get2_mut(c, a).unwrap();
        *x += 10;
        *y += 20;
    }
    assert_eq!((arena[a], arena[b], arena[c]), (21, 2, 13));
    assert!(arena.get2_mut(a, a).is_none(), "equal handles");
    arena.remove(b);
    let b2 = arena.insert(4);
    assert!(arena.get2_mut(b, b2).is_none(), "same slot, one stale");
    assert!(arena.get2_mut(a, b).is_none(), "one stale");
    assert!(arena.get2_mut(b, a).is_none(), "one stale, other order");
    let (x, y) = arena.get2_mut(b2, a).unwrap();
    assert_eq!((*x, *y), (4, 21));
    let foreign = GenArena::<u8>::new();
    drop(foreign);
    let mut small = GenArena::new();
    small.insert(0);
    assert!(small.get2_mut(a, c).is_none(), "an index past the end");
}

#[test]
#[should_panic(expected = "GenArena: no value for Handle")]
fn indexing_with_a_stale_handle_panics_with_a_clear_message() {
    let mut arena = GenArena::new();
    let h = arena.insert(1);
    arena.remove(h);
    arena.insert(2);
    let _ = arena[h];
}

#[test]
#[should_panic(expected = "it was removed, or the handle is from another arena")]
fn index_mut_with_a_stale_handle_panics() {
    let mut arena = GenArena::new();
    let h = arena.insert(1);
    arena.remove(h);
    arena[h] = 3;
}

#[test]
fn iteration_is_in_slot_order_with_exact_sizes() {
    let mut arena = GenArena::new();
    let hs: Vec<Handle> = (0..5).map(|i| arena.insert(i)).collect();
    arena.remove(hs[1]);
    arena.remove(hs[3]);
    let iter = arena.iter();
    assert_eq!(iter.len(), 3);
    assert_eq!(
        iter.collect::<Vec<_>>(),
        [(hs[0], &0), (hs[2], &2), (hs[4], &4)]
    );
    for (h, v) in &mut arena {
        *v += h.index() as i32;
    }
    assert_eq!(arena.values().copied().collect::<Vec<_>>(), [0, 4, 8]);
    assert_eq!(arena.values_mut().len(), 3);
    assert_eq!((&arena).into_iter().count(), 3);
    assert_eq!(format!("{arena:?}").matches("Handle").count(), 3);
}

#[test]
fn retain_drain_and_clear_drop_every_value_once_and_leave_handles_stale() {
    let drops = DropCounter::new();
    let mut arena = GenArena::new();
    let hs: Vec<Handle> = (0..6).map(|i| arena.insert(drops.track(i))).collect();
    arena.retain(|h, v| {
        assert_eq!(h.index() as i32, **v);
        **v % 2 == 0
    });
    assert_eq!(drops.dropped(), 3);
    assert_eq!(arena.len(), 3);
    assert!(!arena.contains(hs[1]));

    let mut drain = arena.drain();
    assert_eq!(drain.len(), 3);
    let (h, v) = drain.next().unwrap();
    assert_eq!((h, *v), (hs[0], 0));
    drop(drain);
    assert!(arena.is_empty());
    drop(v);
    assert_eq!(drops.dropped(), 6);

    let more: Vec<Handle> = (0..3).map(|i| arena.insert(drops.track(i))).collect();
    arena.clear();
    assert!(arena.is_empty());
    for h in hs.iter().chain(&more) {
        assert!(arena.get(*h).is_none());
    }
    let fresh = arena.insert(drops.track(9));
    assert!(!hs.contains(&fresh) && !more.contains(&fresh));
    drop(arena);
    drops.assert_all_dropped_once();
}

#[test]
fn a_drop_that_panics_during_retain_leaves_the_arena_consistent() {
    struct Bomb(bool);
    impl Drop for Bomb {
        fn drop(&mut self) {
            if self.0 {
                std::panic::resume_unwind(Box::new("boom"));
            }
        }
    }
    let mut arena = GenArena::new();
    let a = arena.insert(Bomb(true));
    let b = arena.insert(Bomb(false));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        arena.retain(|_, _| false);
    }));
    assert!(result.is_err());
    assert!(!arena.contains(a), "removed before its drop panicked");
    assert!(arena.contains(b), "retain stopped at the panic");
    assert_eq!(arena.len(), 1);
    let c = arena.insert(Bomb(false));
    assert_eq!(c.index(), a.index(), "the slot was freed");
}

#[test]
fn distinct_handle_types_work_like_handle() {
    let mut arena: GenArena<&str, EntityId> = GenArena::default();
    let e = arena.insert("e");
    assert_eq!(arena[e], "e");
    assert_eq!(e.handle().index(), 0);
    assert_eq!(EntityId::from_handle(e.handle()), e);
    let set: HashSet<EntityId> = [e, e].into_iter().collect();
    assert_eq!(set.len(), 1);
    assert!(format!("{e:?}").starts_with("EntityId(Handle"));
}

#[test]
fn capacity_and_reserve_count_free_slots() {
    let mut arena = GenArena::with_capacity(2);
    assert!(arena.capacity() >= 2);
    let a = arena.insert(1);
    arena.insert(2);
    arena.remove(a);
    let cap = arena.capacity();
    arena.reserve(1);
    assert_eq!(arena.capacity(), cap, "the free slot covers it");
    arena.reserve(10);
    assert!(arena.capacity() >= 11);
    let default: GenArena<u8> = GenArena::default();
    assert_eq!(default.capacity(), 0);
}

#[test]
fn clone_copies_values_and_generations() {
    let mut arena = GenArena::new();
    let a = arena.insert(String::from("a"));
    arena.remove(a);
    let b = arena.insert(String::from("b"));
    let copy = arena.clone();
    assert_eq!(copy.get(b).map(String::as_str), Some("b"));
    assert_eq!(copy.get(a), None);
}

fn churn<S: SlotStore<&'static str>>(store: &mut S) {
    let a = store.insert("a");
    assert_eq!(store.remove(a), Some("a"));
    let b = store.insert("b");
    assert_eq!(store.get(a), None);
    assert!(!store.contains(a));
    *store.get_mut(b).unwrap() = "c";
    assert_eq!(store.get(b), Some(&"c"));
    assert_eq!(store.len(), 1);
    assert!(!store.is_empty());
}

#[test]
fn gen_arena_and_slotmap_are_slot_stores() {
    churn(&mut GenArena::new());
    churn(&mut GenArena::<_, EntityId>::default());
    #[cfg(feature = "slotmap")]
    churn(&mut slotmap::SlotMap::<slotmap::DefaultKey, _>::new());
}
