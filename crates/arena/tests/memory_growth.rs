//! Property tests of memory growth: over 1,000 random cycles of allocations, scopes (with the
//! parent allocating inside them), resets and clears, the bytes an arena holds stay within a
//! constant factor of the peak live bytes, plus a constant.
//!
//! Each case is a random pattern of up to 1,000 cycles, run over and over for 1,000 cycles in
//! all, so that a failure shrinks to the shortest pattern whose repetition grows the arena.
//!
//! "Live bytes" charge each allocation its size plus the padding its alignment may cost in a
//! bump arena (`align - 1`); a zero-sized allocation takes no memory.

use std::alloc::Layout;

use ownership_arena::{Bump, TypedArena};
use proptest::prelude::*;
use test_support::proptest_config;

/// Cycles run per case: 1,000 natively, fewer under Miri.
const CYCLES: usize = if cfg!(miri) { 8 } else { 1000 };

/// `Bump` holds at most `BUMP_FACTOR` times the peak live bytes, plus `BUMP_SLACK`: chunks
/// that double hold at most twice what filled them, and the arena's free space can sit with
/// a scope while the parent fills a chunk of its own, twice again.
const BUMP_FACTOR: usize = 4;
/// What even an arena with little in it may hold: a first chunk for each scope level, and
/// chunks aligned to 4096 (each at least 4 KiB) for values that need it.
const BUMP_SLACK: usize = 64 * 1024;

/// `TypedArena` holds at most `TYPED_FACTOR` times the peak live bytes, plus `TYPED_SLACK`.
const TYPED_FACTOR: usize = 4;
const TYPED_SLACK: usize = 4 * 1024;

// ---------------------------------------------------------------- Bump

#[derive(Clone, Debug)]
enum Op {
    /// `size` bytes aligned to `1 << align_log2`, allocated in the scope `up` levels above the
    /// innermost one (the root, if there are fewer).
    Alloc {
        size: usize,
        align_log2: u32,
        up: usize,
    },
    /// A nested scope running these operations.
    Scope(Vec<Op>),
    /// `reset` of the root arena (only between scopes).
    Reset,
}

fn alloc_op() -> impl Strategy<Value = Op> {
    let size = prop_oneof![8 => 0usize..=64, 3 => 0usize..=1024, 1 => 0usize..=8192];
    let align_log2 = prop_oneof![8 => 0u32..=4, 2 => 5u32..=8, 1 => 9u32..=12];
    // Mostly the innermost scope; often its parent or an older ancestor.
    let up = prop_oneof![6 => Just(0usize), 3 => Just(1usize), 1 => 2usize..4];
    (size, align_log2, up).prop_map(|(size, align_log2, up)| Op::Alloc {
        size,
        align_log2,
        up,
    })
}

fn cycles() -> impl Strategy<Value = Vec<Op>> {
    let nested = alloc_op().prop_recursive(3, 48, 8, |inner| {
        prop::collection::vec(inner, 0..8).prop_map(Op::Scope)
    });
    let cycle = prop_oneof![
        3 => alloc_op(),
        6 => prop::collection::vec(nested, 0..8).prop_map(Op::Scope),
        1 => Just(Op::Reset),
    ];
    prop::collection::vec(cycle, 1..=CYCLES)
}

/// Live bytes per scope level (0 is the root), and the most there ever were.
#[derive(Default)]
struct Live {
    levels: Vec<usize>,
    peak: usize,
}

impl Live {
    fn add(&mut self, level: usize, bytes: usize) {
        self.levels[level] += bytes;
        self.peak = self.peak.max(self.levels.iter().sum());
    }
}

fn check_bump(bump: &Bump<'_>, live: &Live) {
    let held = bump.allocated_bytes();
    let bound = BUMP_FACTOR * live.peak + BUMP_SLACK;
    assert!(
        held <= bound,
        "the arena holds {held} bytes; the peak live bytes were {} (bound {bound})",
        live.peak
    );
}

/// Runs `ops` with `levels[i]` the scope at depth `i` (`levels[0]` is the root).
fn run_scoped(levels: &[&Bump<'_>], ops: &[Op], live: &mut Live) {
    let depth = levels.len() - 1;
    for op in ops {
        match op {
            Op::Alloc {
                size,
                align_log2,
                up,
            } => {
                let level = depth - (*up).min(depth);
                let align = 1usize << align_log2;
                let p = levels[level].alloc_layout(Layout::from_size_align(*size, align).unwrap());
                assert_eq!(p.as_ptr().addr() % align, 0);
                if *size > 0 {
                    // SAFETY: `size` bytes were just allocated for us (Miri checks the bounds).
                    unsafe {
                        p.as_ptr().write(1);
                        p.as_ptr().add(size - 1).write(2);
                    }
                    live.add(level, size + align - 1);
                }
            }
            Op::Scope(inner) => {
                live.levels.push(0);
                levels[depth].scope(|scope| {
                    let mut nested = levels.to_vec();
                    nested.push(scope);
                    run_scoped(&nested, inner, live);
                });
                live.levels.pop();
            }
            Op::Reset => {} // needs the root by `&mut`: only between top-level cycles
        }
        check_bump(levels[0], live);
    }
}

proptest! {
    #![proptest_config(proptest_config(32))]

    #[test]
    fn bump_holds_a_constant_factor_of_its_peak_live_bytes(cycles in cycles()) {
        let mut bump = Bump::new();
        let mut live = Live { levels: vec![0], peak: 0 };
        for cycle in cycles.iter().cycle().take(CYCLES) {
            if let Op::Reset = cycle {
                bump.reset();
                live.levels[0] = 0;
            } else {
                run_scoped(&[&bump], std::slice::from_ref(cycle), &mut live);
            }
            check_bump(&bump, &live);
        }
    }
}

// ---------------------------------------------------------------- TypedArena

#[derive(Clone, Debug)]
enum TypedOp {
    /// This many single `alloc`s.
    Alloc(usize),
    /// `alloc_extend` of `len` values, from an iterator that knows its length or (`false`)
    /// one that does not.
    Extend {
        len: usize,
        exact: bool,
    },
    Clear,
}

fn typed_op() -> impl Strategy<Value = TypedOp> {
    let len = prop_oneof![4 => 0usize..=64, 2 => 0usize..=1000, 1 => 0usize..=5000];
    prop_oneof![
        3 => (0usize..=50).prop_map(TypedOp::Alloc),
        4 => (len, any::<bool>()).prop_map(|(len, exact)| TypedOp::Extend { len, exact }),
        1 => Just(TypedOp::Clear),
    ]
}

fn apply(arena: &mut TypedArena<u64>, op: &TypedOp) {
    match *op {
        TypedOp::Alloc(n) => {
            for i in 0..n {
                arena.alloc(i as u64);
            }
        }
        TypedOp::Extend { len, exact: true } => {
            arena.alloc_extend((0..len).map(|i| i as u64));
        }
        TypedOp::Extend { len, exact: false } => {
            arena.alloc_extend((0..len).map(|i| i as u64).filter(|_| true));
        }
        TypedOp::Clear => arena.clear(),
    }
}

proptest! {
    #![proptest_config(proptest_config(32))]

    #[test]
    fn typed_arena_holds_a_constant_factor_of_its_peak_live_bytes(
        cycles in prop::collection::vec(typed_op(), 1..=CYCLES)
    ) {
        let mut arena: TypedArena<u64> = TypedArena::new();
        let mut peak = 0;
        for op in cycles.iter().cycle().take(CYCLES) {
            apply(&mut arena, op);
            peak = peak.max(arena.len() * size_of::<u64>());
            let held = arena.allocated_bytes();
            let bound = TYPED_FACTOR * peak + TYPED_SLACK;
            prop_assert!(
                held <= bound,
                "the arena holds {} bytes; the peak live bytes were {} (bound {})", held, peak, bound
            );
        }
    }

    #[test]
    fn typed_arena_holds_at_most_twice_the_longest_slice_of_unknown_length(
        lens in prop::collection::vec(0usize..=if cfg!(miri) { 600 } else { 20_000 }, 1..=8)
    ) {
        // Cycles of `clear` and one `alloc_extend` from an iterator that does not know its
        // length: growing may double the slice's room once, no more.
        let mut arena: TypedArena<u64> = TypedArena::new();
        let mut peak = 0;
        for (k, &len) in lens.iter().enumerate() {
            arena.clear();
            arena.alloc_extend((0..len as u64).filter(|_| true));
            peak = peak.max(len * size_of::<u64>());
            let held = arena.allocated_bytes();
            let bound = 2 * peak + 1024;
            prop_assert!(
                held <= bound,
                "cycle {}: {} bytes held for slices of up to {} bytes (bound {})", k, held, peak, bound
            );
        }
    }
}
