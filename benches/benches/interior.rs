//! interior against what you would otherwise write: `MemoCache` hits vs a `HashMap` through
//! `&mut` with the same hasher, `LocatedRefCell` borrows vs `RefCell`'s, `EventBus` delivery
//! vs calling a `Vec<Box<dyn Fn>>`, and how fast a 1,000,000-node chain drops (nodes per
//! second, no peer: the point is that it drops at all without a stack overflow).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hint::black_box;
use std::rc::Rc;

use criterion::{BatchSize, Criterion, Throughput};
use ownership_interior::{DList, EventBus, LocatedRefCell, MemoCache, Tree};

const KEYS: u64 = 1024;

fn memo_hit(c: &mut Criterion) {
    let hasher = RandomState::new();
    let cache = MemoCache::with_hasher(hasher.clone());
    let mut map = HashMap::with_hasher(hasher);
    for k in 0..KEYS {
        cache.insert(k, k * 3);
        map.insert(k, k * 3);
    }

    let mut group = c.benchmark_group("interior/memo_hit");
    group.bench_function("ours", |b| {
        let mut k = 0;
        b.iter(|| {
            k = (k + 1) & (KEYS - 1);
            black_box(&cache).get_or_compute(black_box(k), || 0)
        });
    });
    group.bench_function("hash_map_get_mut_ref", |b| {
        let map = &mut map;
        let mut k = 0;
        b.iter(|| {
            k = (k + 1) & (KEYS - 1);
            black_box(&mut *map).get(&black_box(k)).copied()
        });
    });
    group.finish();
}

fn borrows(c: &mut Criterion) {
    let ours = LocatedRefCell::new(7u64);
    let std_cell = RefCell::new(7u64);

    let mut group = c.benchmark_group("interior/borrow");
    group.bench_function("ours", |b| b.iter(|| *black_box(&ours).borrow()));
    group.bench_function("refcell", |b| b.iter(|| *black_box(&std_cell).borrow()));
    group.finish();

    let mut group = c.benchmark_group("interior/borrow_mut");
    group.bench_function("ours", |b| {
        b.iter(|| *black_box(&ours).borrow_mut() += 1);
    });
    group.bench_function("refcell", |b| {
        b.iter(|| *black_box(&std_cell).borrow_mut() += 1);
    });
    group.finish();
}

const HANDLERS: u64 = 16;

/// What the bus replaces: a plain list of boxed closures.
type BoxedHandler = Box<dyn Fn(&u64)>;

fn notify(c: &mut Criterion) {
    let total = Rc::new(Cell::new(0u64));
    let bus = EventBus::new();
    let subscriptions: Vec<_> = (0..HANDLERS)
        .map(|i| {
            let total = Rc::clone(&total);
            bus.subscribe(move |e: &u64| total.set(total.get().wrapping_add(e ^ i)))
        })
        .collect();
    let handlers: Vec<BoxedHandler> = (0..HANDLERS)
        .map(|i| {
            let total = Rc::clone(&total);
            Box::new(move |e: &u64| total.set(total.get().wrapping_add(e ^ i))) as BoxedHandler
        })
        .collect();

    let mut group = c.benchmark_group("interior/notify_16");
    group.bench_function("ours", |b| b.iter(|| black_box(&bus).emit(black_box(1))));
    group.bench_function("vec_box_dyn_fn", |b| {
        b.iter(|| {
            let event = black_box(1u64);
            for handler in black_box(&handlers) {
                handler(&event);
            }
        });
    });
    group.finish();
    black_box(total.get());
    drop(subscriptions);
}

const CHAIN: usize = 1_000_000;

fn drop_chain(c: &mut Criterion) {
    let mut group = c.benchmark_group("interior/drop_chain_1m");
    group.throughput(Throughput::Elements(CHAIN as u64));
    group.sample_size(10);
    group.bench_function("ours_tree", |b| {
        b.iter_batched(
            || {
                let root = Tree::new(0usize);
                let mut last = root.clone();
                for i in 1..CHAIN {
                    last = last.add_child(i);
                }
                root
            },
            drop,
            BatchSize::LargeInput,
        );
    });
    group.bench_function("ours_dlist", |b| {
        b.iter_batched(
            || (0..CHAIN).collect::<DList<usize>>(),
            drop,
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

// A plain `main` rather than `criterion_main!`, whose generated `pub fn` has no docs.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    memo_hit(&mut c);
    borrows(&mut c);
    notify(&mut c);
    drop_chain(&mut c);
    c.final_summary();
}
