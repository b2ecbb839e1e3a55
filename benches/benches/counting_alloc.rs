//! The cost of `CountingAlloc` per allocation: an allocate-and-free pair through it (ours)
//! against the same pair through `System`, which it wraps.

use criterion::{BenchmarkId, Criterion};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use test_support::CountingAlloc;

/// One allocate-and-free pair through `alloc`.
fn alloc_free(alloc: &impl GlobalAlloc, layout: Layout) {
    // SAFETY: `layout` has a non-zero size (the sizes below start at 16).
    let ptr = unsafe { alloc.alloc(layout) };
    assert!(!ptr.is_null(), "allocation of {layout:?} failed");
    black_box(ptr);
    // SAFETY: `ptr` was just returned by this allocator for this layout and is freed once.
    unsafe { alloc.dealloc(ptr, layout) };
}

fn counting_alloc(c: &mut Criterion) {
    let mut group = c.benchmark_group("test_support/alloc_free");
    let ours = CountingAlloc::new();
    for size in [16usize, 4096] {
        let layout = Layout::from_size_align(size, 8).expect("valid layout");
        group.bench_with_input(BenchmarkId::new("ours", size), &layout, |b, &l| {
            b.iter(|| alloc_free(&ours, black_box(l)));
        });
        group.bench_with_input(BenchmarkId::new("system", size), &layout, |b, &l| {
            b.iter(|| alloc_free(&System, black_box(l)));
        });
    }
    group.finish();
}

// A plain `main` rather than `criterion_main!`, whose generated `pub fn` has no docs.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    counting_alloc(&mut c);
    c.final_summary();
}
