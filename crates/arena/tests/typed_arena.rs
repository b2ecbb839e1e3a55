//! `TypedArena`: against the `typed-arena` crate on random operations, addresses that never
//! move, destructors, `clear` reusing memory, and nodes pointing at each other.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use test_support::proptest_config;

use ownership_arena::TypedArena;
use proptest::prelude::*;
use test_support::{CountingAlloc, DropCounter};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// Values per cycle in the bigger tests: several chunks' worth, fewer under Miri.
const N: usize = if cfg!(miri) { 300 } else { 1000 };

static_assertions::assert_impl_all!(TypedArena<String>: Send, Default, std::fmt::Debug);
static_assertions::assert_not_impl_any!(TypedArena<String>: Sync);
static_assertions::assert_not_impl_any!(TypedArena<std::rc::Rc<u8>>: Send);

#[derive(Clone, Debug)]
enum Op {
    Alloc(u32),
    /// `alloc_extend` with an iterator of exact size, or (`false`) one that does not know it.
    Extend(Vec<u32>, bool),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let (len, batch) = if cfg!(miri) { (20, 40) } else { (200, 600) };
    let op = prop_oneof![
        3 => any::<u32>().prop_map(Op::Alloc),
        1 => (prop::collection::vec(any::<u32>(), 0..batch), any::<bool>())
            .prop_map(|(v, exact)| Op::Extend(v, exact)),
    ];
    prop::collection::vec(op, 0..len)
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn behaves_like_typed_arena(ops in ops()) {
        let mut ours = TypedArena::new();
        let theirs = typed_arena::Arena::new();
        // Where each value was put and what it was, in allocation order.
        let mut placed: Vec<(usize, u32)> = Vec::new();
        // Every reference handed out, with the value it must still hold.
        let mut handed: Vec<(&u32, &u32)> = Vec::new();
        for op in &ops {
            match op {
                Op::Alloc(v) => {
                    let a = ours.alloc(*v);
                    let b = theirs.alloc(*v);
                    placed.push(((&raw const *a).addr(), *v));
                    handed.push((a, b));
                }
                Op::Extend(values, exact) => {
                    let (a, b) = if *exact {
                        (ours.alloc_extend(values.iter().copied()), theirs.alloc_extend(values.iter().copied()))
                    } else {
                        let unknown = || values.iter().copied().filter(|_| true);
                        (ours.alloc_extend(unknown()), theirs.alloc_extend(unknown()))
                    };
                    prop_assert_eq!(&*a, &*b);
                    for (x, y) in a.iter().zip(b.iter()) {
                        placed.push(((&raw const *x).addr(), *x));
                        handed.push((x, y));
                    }
                }
            }
            prop_assert_eq!(ours.len(), theirs.len());
        }
        // Reading through every reference after all that growth (Miri checks they are live).
        for (now, expected) in &handed {
            prop_assert_eq!(*now, *expected);
        }
        drop(handed);
        // The arena's own view: every value is still where it was put, in order.
        let now: Vec<(usize, u32)> = ours.iter_mut().map(|v| ((&raw const *v).addr(), *v)).collect();
        prop_assert_eq!(now, placed, "a value moved");
        prop_assert_eq!(ours.into_vec(), theirs.into_vec());
    }
}

#[test]
fn values_stay_at_their_address_while_the_arena_grows() {
    let mut arena = TypedArena::new();
    let mut placed: Vec<(usize, u64)> = Vec::new();
    // Single values and slices of unknown length, across many chunks.
    for i in 0..N as u64 {
        let v = arena.alloc(i);
        placed.push(((&raw const *v).addr(), i));
        if i % 100 == 0 {
            let slice = arena.alloc_extend((0..i % 300).map(|j| j + 1_000_000).filter(|_| true));
            placed.extend(slice.iter().map(|v| ((&raw const *v).addr(), *v)));
        }
    }
    assert!(
        arena.allocated_bytes() > 4 * 1024,
        "grew through several chunks"
    );
    let now: Vec<(usize, u64)> = arena
        .iter_mut()
        .map(|v| ((&raw const *v).addr(), *v))
        .collect();
    assert_eq!(now.len(), placed.len());
    for (k, (now, then)) in now.iter().zip(&placed).enumerate() {
        assert_eq!(now, then, "value {k} moved or changed");
    }
}

#[test]
fn alloc_extend_of_unknown_length_holds_no_more_memory_than_typed_arena() {
    let n: u64 = if cfg!(miri) { 5_000 } else { 100_000 };
    let unknown = || (0..n).filter(|_| true);
    let (ours, held) = CountingAlloc::measure(|| {
        let arena = TypedArena::new();
        assert_eq!(arena.alloc_extend(unknown()).len() as u64, n);
        arena
    });
    let (theirs, their_held) = CountingAlloc::measure(|| {
        let arena = typed_arena::Arena::new();
        assert_eq!(arena.alloc_extend(unknown()).len() as u64, n);
        arena
    });
    let (ours_bytes, theirs_bytes) = (held.leaked_bytes(), their_held.leaked_bytes());
    assert!(
        ours_bytes * 10 <= theirs_bytes * 11,
        "ours holds {ours_bytes} bytes, typed-arena {theirs_bytes}"
    );
    assert_eq!(ours.allocated_bytes() as i128, ours_bytes);
    // `clear` keeps one chunk for the next cycle: no more than what was held.
    let mut ours = ours;
    ours.clear();
    assert!(
        ours.allocated_bytes() as i128 <= ours_bytes,
        "{} bytes kept after clear, {ours_bytes} held before",
        ours.allocated_bytes()
    );
    drop(theirs);
}

#[test]
fn an_alloc_extend_iterator_that_panics_midway_keeps_the_arena_consistent() {
    let drops = DropCounter::new();
    let mut arena = TypedArena::with_capacity(4);
    let first = arena.alloc(drops.track(0usize));
    let first_addr = (&raw const *first).addr();
    // Panics at the 40th value, after growing through two chunks.
    let caught = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_extend((1..100).filter(|_| true).map(|i| {
            assert!(i != 40, "the iterator fails");
            drops.track(i)
        }));
    }));
    assert!(caught.is_err());
    assert_eq!(drops.dropped(), 0, "the values moved in stay in the arena");
    assert_eq!(arena.len(), 40, "the first value and the 39 moved in");
    assert_eq!(**first, 0);
    // Still usable, and the first value never moved.
    let slice = arena.alloc_extend((100..110).map(|i| drops.track(i)));
    assert_eq!(slice.len(), 10);
    let ids: Vec<usize> = arena.iter_mut().map(|t| **t).collect();
    let expected: Vec<usize> = (0..40).chain(100..110).collect();
    assert_eq!(ids, expected);
    assert_eq!(
        (&raw const *arena.iter_mut().next().unwrap()).addr(),
        first_addr
    );
    arena.clear();
    assert_eq!(drops.dropped(), 50);
    drop(arena);
    drops.assert_all_dropped_once();
}

#[test]
fn a_panicking_destructor_when_the_arena_is_dropped_double_drops_nothing() {
    struct Boom(bool, #[allow(dead_code)] test_support::Tracked<()>);
    impl Drop for Boom {
        fn drop(&mut self) {
            if self.0 {
                std::panic::resume_unwind(Box::new("boom"));
            }
        }
    }
    let drops = DropCounter::new();
    let arena = TypedArena::new();
    for i in 0..N {
        arena.alloc(Boom(i == N / 2, drops.track(())));
    }
    let caught = catch_unwind(AssertUnwindSafe(move || drop(arena)));
    assert!(caught.is_err());
    drops.assert_all_dropped_once();
}

#[test]
fn nodes_may_point_at_each_other_and_are_all_dropped() {
    struct Node<'a> {
        _payload: test_support::Tracked<u32>,
        next: Cell<Option<&'a Node<'a>>>,
    }
    let drops = DropCounter::new();
    {
        let arena = TypedArena::new();
        let first = arena.alloc(Node {
            _payload: drops.track(0),
            next: Cell::new(None),
        });
        let mut prev: &Node<'_> = first;
        for i in 1..100 {
            let node = arena.alloc(Node {
                _payload: drops.track(i),
                next: Cell::new(Some(prev)),
            });
            prev = node;
        }
        first.next.set(Some(prev)); // close the cycle
        let mut hops = 0;
        let mut at = prev;
        while let Some(next) = at.next.get() {
            at = next;
            hops += 1;
            if std::ptr::eq(at, prev) {
                break;
            }
        }
        assert_eq!(hops, 100);
    }
    drops.assert_all_dropped_once();
    assert_eq!(
        drops.drop_order(),
        (0..100).collect::<Vec<_>>(),
        "oldest first, as a Vec"
    );
}

#[test]
fn clear_drops_everything_and_reuses_the_memory() {
    let drops = DropCounter::new();
    // Give the counter's own log room for every drop below, so only the arena is measured.
    drop((0..20 * N).map(|i| drops.track(i)).collect::<Vec<_>>());
    let mut arena = TypedArena::new();
    for i in 0..N {
        arena.alloc(drops.track(i));
    }
    arena.clear();
    assert_eq!(drops.dropped(), 21 * N);
    assert!(arena.is_empty());
    let held = arena.allocated_bytes();
    let ((), stats) = CountingAlloc::measure(|| {
        for cycle in 0..3 {
            for i in 0..N {
                arena.alloc(drops.track(cycle * N + i));
            }
            arena.clear();
        }
    });
    assert_eq!(stats.requests(), 0, "{stats}");
    assert_eq!(arena.allocated_bytes(), held);
    drops.assert_all_dropped_once();
}

#[test]
fn a_panicking_destructor_in_clear_double_drops_nothing() {
    struct Boom(bool, #[allow(dead_code)] test_support::Tracked<()>);
    impl Drop for Boom {
        fn drop(&mut self) {
            if self.0 {
                std::panic::resume_unwind(Box::new("boom"));
            }
        }
    }
    let drops = DropCounter::new();
    let mut arena = TypedArena::new();
    for i in 0..N {
        arena.alloc(Boom(i == 10, drops.track(())));
    }
    let caught = catch_unwind(AssertUnwindSafe(|| arena.clear()));
    assert!(caught.is_err());
    drop(arena);
    drops.assert_all_dropped_once();
}

#[test]
fn iter_mut_and_into_vec_go_oldest_first() {
    let mut arena = TypedArena::with_capacity(2);
    arena.alloc(1);
    arena.alloc_extend(2..=500);
    arena.alloc(501);
    for v in arena.iter_mut() {
        *v *= 2;
    }
    assert_eq!(arena.len(), 501);
    assert_eq!(
        arena.into_vec(),
        (1..=501).map(|v| v * 2).collect::<Vec<_>>()
    );
}

#[test]
fn zero_sized_values() {
    let arena = TypedArena::new();
    for _ in 0..N {
        arena.alloc(());
    }
    assert_eq!(arena.alloc_extend(std::iter::repeat_n((), 100)).len(), 100);
    assert_eq!(arena.len(), N + 100);
    assert_eq!(arena.allocated_bytes(), 0);
}

#[test]
fn allocating_from_inside_alloc_extend_panics_instead_of_corrupting() {
    let arena = TypedArena::new();
    let caught = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_extend((0..3).inspect(|&i| {
            if i == 1 {
                arena.alloc(99);
            }
        }));
    }));
    assert!(caught.is_err());
    assert_eq!(
        arena.into_vec(),
        [0],
        "the value moved in before the panic is kept"
    );
}

#[test]
fn reading_from_inside_alloc_extend_panics_or_says_so() {
    let arena = TypedArena::new();
    arena.alloc(0);
    let len = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_extend((1..3).inspect(|_| _ = arena.len()))
    }));
    assert!(len.is_err(), "len() inside alloc_extend must panic");
    let bytes = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_extend((1..3).inspect(|_| _ = arena.allocated_bytes()))
    }));
    assert!(
        bytes.is_err(),
        "allocated_bytes() inside alloc_extend must panic"
    );
    let mut seen = String::new();
    arena.alloc_extend((1..2).inspect(|_| seen = format!("{arena:?}")));
    assert_eq!(seen, r#"TypedArena { len: "<being extended>" }"#);

    // Each panic cleared the flag on its way out: the arena works normally again. (The
    // panicking cases panicked while fetching their first value, so they added none.)
    arena.alloc(9);
    assert_eq!(format!("{arena:?}"), "TypedArena { len: 3, chunks: 1 }");
    assert_eq!(arena.into_vec(), [0, 1, 9]);
}

/// A formatter target that allocates in the arena it is printing.
struct AllocatingWriter<'a>(&'a TypedArena<u32>);

impl std::fmt::Write for AllocatingWriter<'_> {
    fn write_str(&mut self, _: &str) -> std::fmt::Result {
        self.0.alloc(1);
        Ok(())
    }
}

#[test]
fn debug_output_may_allocate_in_the_arena_it_prints() {
    // `Debug` takes its counts before it writes anything, so the writer's allocations do
    // not meet a live reference to the chunks (Miri checks that).
    let arena = TypedArena::new();
    arena.alloc_extend(0..10);
    std::fmt::write(&mut AllocatingWriter(&arena), format_args!("{arena:?}")).unwrap();
    assert!(arena.len() > 10);
}

#[test]
fn implements_arena_alloc() {
    use ownership_core_traits::ArenaAlloc;
    let arena = TypedArena::new();
    let x = ArenaAlloc::alloc(&arena, 5u64);
    *x += 1;
    assert_eq!(*x, 6);
    assert!(ArenaAlloc::allocated_bytes(&arena) >= 8);
}
