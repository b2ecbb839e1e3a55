//! Property tests for `Bump`: random allocation sequences never overlap, keep their contents,
//! and drop exactly once, newest first; the same sequence through `ArenaAlloc` gives the same
//! values as `bumpalo`.

use std::alloc::Layout;
use test_support::proptest_config;

use ownership_arena::Bump;
use ownership_core_traits::ArenaAlloc;
use proptest::prelude::*;
use test_support::DropCounter;

#[derive(Clone, Debug)]
enum Op {
    /// Raw memory of this size and alignment (as a power of two), filled with a pattern.
    Layout {
        size: usize,
        align_log2: u32,
    },
    /// A value that needs `Drop`.
    Tracked,
    /// A slice of values that need `Drop`.
    TrackedSlice(usize),
    Str(String),
    /// A nested scope running these operations (its values are dropped when it returns).
    Scope(Vec<Op>),
    Reset,
}

fn leaf() -> impl Strategy<Value = Op> {
    let max_size: usize = if cfg!(miri) { 300 } else { 5000 };
    prop_oneof![
        4 => (0..max_size, 0u32..=12).prop_map(|(size, align_log2)| Op::Layout { size, align_log2 }),
        2 => Just(Op::Tracked),
        1 => (0usize..20).prop_map(Op::TrackedSlice),
        1 => prop::collection::vec(prop::sample::select(vec!['a', 'z', 'é', '€']), 0..40)
            .prop_map(|chars| Op::Str(chars.into_iter().collect())),
        1 => Just(Op::Reset),
    ]
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let len = if cfg!(miri) { 12 } else { 60 };
    let op = leaf().prop_recursive(2, 40, 8, |inner| {
        prop::collection::vec(inner, 0..8).prop_map(Op::Scope)
    });
    prop::collection::vec(op, 0..len)
}

/// A live allocation: where it is, and the bytes it must still hold.
struct Live {
    ptr: *const u8,
    bytes: Vec<u8>,
}

struct Model {
    drops: DropCounter,
    /// Tracked ids expected alive, in creation order, per nesting level.
    alive: Vec<Vec<usize>>,
    /// Expected drop order so far.
    expected_order: Vec<usize>,
    next_fill: u8,
}

fn check_disjoint_and_intact(live: &[Live]) {
    let mut ranges: Vec<(usize, usize)> = live
        .iter()
        .filter(|l| !l.bytes.is_empty())
        .map(|l| (l.ptr as usize, l.ptr as usize + l.bytes.len()))
        .collect();
    ranges.sort_unstable();
    for w in ranges.windows(2) {
        assert!(w[0].1 <= w[1].0, "overlap: {:?} and {:?}", w[0], w[1]);
    }
    for l in live {
        // SAFETY: `ptr` points to the bytes of a live allocation of the arena under test.
        let now = unsafe { std::slice::from_raw_parts(l.ptr, l.bytes.len()) };
        assert_eq!(now, l.bytes, "contents changed");
    }
}

fn run(bump: &mut Bump<'_>, ops: &[Op], model: &mut Model, live: &mut Vec<Live>) {
    for op in ops {
        if let Op::Reset = op {
            live.clear();
            let gone = model.alive.last_mut().unwrap();
            model.expected_order.extend(gone.drain(..).rev());
            bump.reset();
            assert_eq!(model.drops.drop_order(), model.expected_order);
        } else {
            step(bump, op, model, live);
        }
        check_disjoint_and_intact(live);
    }
}

/// Runs one operation that needs only `&Bump` (everything but `Reset`).
fn step(bump: &Bump<'_>, op: &Op, model: &mut Model, live: &mut Vec<Live>) {
    let level = model.alive.len() - 1;
    match op {
        Op::Layout { size, align_log2 } => {
            let align = 1usize << align_log2;
            let layout = Layout::from_size_align(*size, align).unwrap();
            let ptr = bump.alloc_layout(layout);
            assert_eq!(ptr.as_ptr() as usize % align, 0);
            model.next_fill = model.next_fill.wrapping_add(1);
            // SAFETY: `size` bytes were just allocated for us.
            unsafe { ptr.as_ptr().write_bytes(model.next_fill, *size) };
            live.push(Live {
                ptr: ptr.as_ptr(),
                bytes: vec![model.next_fill; *size],
            });
        }
        Op::Tracked => {
            let t = bump.alloc(model.drops.track(0u8));
            model.alive[level].push(t.id());
        }
        Op::TrackedSlice(n) => {
            let slice = bump.alloc_slice_fill_iter((0..*n).map(|_| model.drops.track(0u8)));
            // Dropped front to back within the slice: record them reversed, as one unit
            // pushed newest-first.
            let ids: Vec<usize> = slice.iter().map(|t| t.id()).rev().collect();
            model.alive[level].extend(ids);
        }
        Op::Str(s) => {
            let stored = bump.alloc_str(s);
            assert_eq!(stored, s);
            live.push(Live {
                ptr: stored.as_ptr(),
                bytes: s.as_bytes().to_vec(),
            });
        }
        Op::Scope(inner) => {
            let outer_live = live.len();
            model.alive.push(Vec::new());
            bump.scope(|scope| {
                for op in inner.iter().filter(|op| !matches!(op, Op::Reset)) {
                    step(scope, op, model, live);
                    check_disjoint_and_intact(live);
                }
            });
            let gone = model.alive.pop().unwrap();
            model.expected_order.extend(gone.into_iter().rev());
            assert_eq!(model.drops.drop_order(), model.expected_order);
            live.truncate(outer_live);
        }
        Op::Reset => unreachable!("handled by `run`"),
    }
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn allocations_never_overlap_keep_contents_and_drop_newest_first(ops in ops()) {
        let drops = DropCounter::new();
        let mut model = Model {
            drops: drops.clone(),
            alive: vec![Vec::new()],
            expected_order: Vec::new(),
            next_fill: 0,
        };
        let mut bump = Bump::new();
        let mut live = Vec::new();
        run(&mut bump, &ops, &mut model, &mut live);
        drop(bump);
        let rest = model.alive.pop().unwrap();
        model.expected_order.extend(rest.into_iter().rev());
        prop_assert_eq!(drops.drop_order(), model.expected_order);
        drops.assert_all_dropped_once();
    }

    #[test]
    fn same_values_as_bumpalo_through_arena_alloc(
        values in prop::collection::vec(any::<u64>(), 0..if cfg!(miri) { 40 } else { 200 })
    ) {
        fn fill<A: ArenaAlloc<u64>>(arena: &A, values: &[u64]) -> Vec<u64> {
            let refs: Vec<&mut u64> = values.iter().map(|&v| arena.alloc(v)).collect();
            refs.into_iter().map(|r| { *r = r.wrapping_mul(3); *r }).collect()
        }
        let ours = Bump::new();
        let theirs = bumpalo::Bump::new();
        prop_assert_eq!(fill(&ours, &values), fill(&theirs, &values));
        let used = values.len() * 8;
        prop_assert!(ArenaAlloc::<u64>::allocated_bytes(&ours) >= used);
        prop_assert!(ArenaAlloc::<u64>::allocated_bytes(&theirs) >= used);
    }
}
