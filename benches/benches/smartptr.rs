//! smartptr against std's `Rc`/`Arc`, `triomphe::Arc` and `slotmap::SlotMap`: ours first in
//! each group.
//!
//! - `smartptr/rc_clone_drop`: one clone and one drop of an `IntrusiveRc` vs an `Rc` (the
//!   claim: ≤ 1.0×).
//! - `smartptr/arc_clone_drop`: the same for `IntrusiveArc` vs `Arc` and `triomphe::Arc` (the
//!   claim: ≤ 1.0×; all three pay for the same atomic increment and decrement).
//! - `smartptr/rc_new_1k`: creating and dropping 1,000 `IntrusiveRc<u64>` vs `Rc<u64>` (the
//!   bytes each allocates are checked by a test, not measured here: 16 vs 24 per pointer).
//! - `smartptr/arena_insert_1k`: 1,000 inserts into a fresh arena with room for them;
//!   `arena_get_10k`, `arena_remove_10k`, `arena_iter_10k`: on 10,000 `u64`s. `GenArena` vs
//!   `slotmap::SlotMap` (the claims: get ≤ 1.05×, insert and remove ≤ 1.1×). Iteration runs
//!   over an arena with every other value removed.

use std::hint::black_box;
use std::rc::Rc;
use std::sync::Arc;

use criterion::{BatchSize, Criterion};
use ownership_smartptr::{GenArena, Handle, IntrusiveArc, IntrusiveRc};
use slotmap::{DefaultKey, SlotMap};

const N: u64 = 10_000;
const NEW_N: u64 = 1_000;
/// Values per fresh arena in the insert group: 10,000 slots (160 KB) pass glibc's mmap
/// threshold, and then each fresh arena's first touches are page faults whose cost depends on
/// which bench ran before, not on the arenas. For the same reason the insert and remove
/// groups set up one input per iteration (`PerIteration`): each reuses the memory the last one
/// freed, where a batch of inputs made up front is fresh memory for whichever bench runs first.
const FRESH: u64 = 1_000;

fn rc_clone_drop(c: &mut Criterion) {
    let mut group = c.benchmark_group("smartptr/rc_clone_drop");
    let ours = IntrusiveRc::new(1u64);
    group.bench_function("ours", |b| b.iter(|| drop(black_box(ours.clone()))));
    let rc = Rc::new(1u64);
    group.bench_function("rc", |b| b.iter(|| drop(black_box(rc.clone()))));
    group.finish();
}

fn arc_clone_drop(c: &mut Criterion) {
    let mut group = c.benchmark_group("smartptr/arc_clone_drop");
    let ours = IntrusiveArc::new(1u64);
    group.bench_function("ours", |b| b.iter(|| drop(black_box(ours.clone()))));
    let arc = Arc::new(1u64);
    group.bench_function("arc", |b| b.iter(|| drop(black_box(arc.clone()))));
    let triomphe = triomphe::Arc::new(1u64);
    group.bench_function("triomphe", |b| {
        b.iter(|| drop(black_box(triomphe.clone())));
    });
    group.finish();
}

fn rc_new(c: &mut Criterion) {
    let mut group = c.benchmark_group("smartptr/rc_new_1k");
    group.bench_function("ours", |b| {
        b.iter(|| {
            for i in 0..NEW_N {
                drop(black_box(IntrusiveRc::new(i)));
            }
        });
    });
    group.bench_function("rc", |b| {
        b.iter(|| {
            for i in 0..NEW_N {
                drop(black_box(Rc::new(i)));
            }
        });
    });
    group.finish();
}

fn filled_ours() -> (GenArena<u64>, Vec<Handle>) {
    let mut arena = GenArena::with_capacity(N as usize);
    let keys = (0..N).map(|i| arena.insert(i)).collect();
    (arena, keys)
}

fn filled_slotmap() -> (SlotMap<DefaultKey, u64>, Vec<DefaultKey>) {
    let mut map = SlotMap::with_capacity(N as usize);
    let keys = (0..N).map(|i| map.insert(i)).collect();
    (map, keys)
}

fn arena_insert(c: &mut Criterion) {
    let mut group = c.benchmark_group("smartptr/arena_insert_1k");
    group.bench_function("ours", |b| {
        b.iter_batched_ref(
            || GenArena::with_capacity(FRESH as usize),
            |arena| {
                for i in 0..FRESH {
                    black_box(arena.insert(i));
                }
            },
            BatchSize::PerIteration,
        );
    });
    group.bench_function("slotmap", |b| {
        b.iter_batched_ref(
            || SlotMap::<DefaultKey, u64>::with_capacity(FRESH as usize),
            |map| {
                for i in 0..FRESH {
                    black_box(map.insert(i));
                }
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn arena_get(c: &mut Criterion) {
    let mut group = c.benchmark_group("smartptr/arena_get_10k");
    let (arena, keys) = filled_ours();
    group.bench_function("ours", |b| {
        b.iter(|| {
            let mut sum = 0u64;
            for &k in black_box(&keys) {
                sum += arena.get(k).copied().unwrap_or(0);
            }
            sum
        });
    });
    let (map, keys) = filled_slotmap();
    group.bench_function("slotmap", |b| {
        b.iter(|| {
            let mut sum = 0u64;
            for &k in black_box(&keys) {
                sum += map.get(k).copied().unwrap_or(0);
            }
            sum
        });
    });
    group.finish();
}

fn arena_remove(c: &mut Criterion) {
    let mut group = c.benchmark_group("smartptr/arena_remove_10k");
    group.bench_function("ours", |b| {
        b.iter_batched_ref(
            filled_ours,
            |(arena, keys)| {
                for &k in keys.iter() {
                    black_box(arena.remove(k));
                }
            },
            BatchSize::PerIteration,
        );
    });
    group.bench_function("slotmap", |b| {
        b.iter_batched_ref(
            filled_slotmap,
            |(map, keys)| {
                for &k in keys.iter() {
                    black_box(map.remove(k));
                }
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn arena_iter(c: &mut Criterion) {
    let mut group = c.benchmark_group("smartptr/arena_iter_10k");
    let (mut arena, keys) = filled_ours();
    for k in keys.iter().step_by(2) {
        arena.remove(*k);
    }
    group.bench_function("ours", |b| {
        b.iter(|| black_box(&arena).values().sum::<u64>());
    });
    let (mut map, keys) = filled_slotmap();
    for k in keys.iter().step_by(2) {
        map.remove(*k);
    }
    group.bench_function("slotmap", |b| {
        b.iter(|| black_box(&map).values().sum::<u64>());
    });
    group.finish();
}

// A plain `main` rather than `criterion_main!`, whose generated `pub fn` has no docs.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    rc_clone_drop(&mut c);
    arc_clone_drop(&mut c);
    rc_new(&mut c);
    arena_insert(&mut c);
    arena_get(&mut c);
    arena_remove(&mut c);
    arena_iter(&mut c);
    c.final_summary();
}
