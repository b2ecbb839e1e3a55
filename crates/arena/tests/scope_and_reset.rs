//! `Bump::scope` and `Bump::reset`: what they free, what they keep, and that repeated cycles
//! make no system allocation after the first.

use std::panic::{AssertUnwindSafe, catch_unwind};

use arena::Bump;
use core_traits::test_support::{CountingAlloc, DropCounter};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// Items per simulated request: enough for several chunks, fewer under Miri.
const ITEMS: usize = if cfg!(miri) { 60 } else { 400 };

/// One "request": enough allocations to span several chunks, some with destructors.
fn request(bump: &Bump<'_>, n: usize) -> usize {
    let mut total = 0;
    for i in 0..n {
        let id = bump.alloc(i as u64);
        let name = bump.alloc_fmt(format_args!("item-{i}"));
        let tags = bump.alloc_slice_fill_iter((0..i % 7).map(|t| t as u16 * 3));
        total += *id as usize + name.len() + tags.len();
    }
    total
}

#[test]
fn reset_cycles_make_no_system_allocation_after_the_first() {
    let mut bump = Bump::new();
    let expected = request(&bump, ITEMS);
    bump.reset();
    for cycle in 0..3 {
        let (total, stats) = CountingAlloc::measure(|| {
            let total = request(&bump, ITEMS);
            bump.reset();
            total
        });
        assert_eq!(total, expected);
        assert_eq!(stats.requests(), 0, "cycle {cycle}: {stats}");
    }
}

#[test]
fn reset_keeps_one_chunk_holding_what_the_cycle_needed() {
    let mut bump = Bump::new();
    request(&bump, ITEMS);
    let held = bump.allocated_bytes();
    bump.reset();
    assert_eq!(
        bump.allocated_bytes(),
        held,
        "several chunks merged into one as large"
    );
    assert_eq!(
        bump.chunk_capacity(),
        held - 24,
        "all of it in the current chunk, less its header"
    );
    // A single chunk is kept as it is.
    bump.reset();
    assert_eq!(bump.allocated_bytes(), held);
}

#[test]
fn reset_drops_values_and_an_empty_reset_is_harmless() {
    let drops = DropCounter::new();
    let mut bump = Bump::new();
    bump.reset();
    assert_eq!(bump.allocated_bytes(), 0);
    for round in 0..3 {
        bump.alloc(drops.track(round));
        bump.reset();
        assert_eq!(drops.dropped(), round + 1);
    }
    drops.assert_all_dropped_once();
}

#[test]
fn scope_cycles_make_no_system_allocation_after_the_first() {
    let bump = Bump::new();
    let config = bump.alloc_str("config survives every request");
    let expected = bump.scope(|scope| request(scope, ITEMS));
    for cycle in 0..3 {
        let (total, stats) = CountingAlloc::measure(|| bump.scope(|scope| request(scope, ITEMS)));
        assert_eq!(total, expected);
        assert_eq!(stats.requests(), 0, "cycle {cycle}: {stats}");
    }
    assert_eq!(config, "config survives every request");
}

#[test]
fn scope_drops_its_values_when_it_returns_and_keeps_older_ones() {
    let drops = DropCounter::new();
    let bump = Bump::new();
    let before = bump.alloc(drops.track("before"));
    let inside = bump.scope(|scope| {
        scope.alloc(drops.track("scoped 1"));
        scope.alloc_slice_fill_with(3, |_| drops.track("scoped slice"));
        scope.alloc(drops.track("scoped 2")).id()
    });
    assert_eq!(drops.drop_order(), [inside, 2, 3, 4, 1]);
    assert_eq!(**before, "before");
    drop(bump);
    drops.assert_all_dropped_once();
}

#[test]
fn scope_reuses_the_free_space_of_its_arena() {
    let bump = Bump::with_capacity(4096);
    bump.alloc(1u64);
    let free = bump.chunk_capacity();
    let held = bump.allocated_bytes();
    bump.scope(|scope| {
        assert_eq!(
            scope.chunk_capacity(),
            free,
            "the scope takes over the free space"
        );
        assert_eq!(bump.chunk_capacity(), 0, "the parent's free space is lent");
        scope.alloc([0u8; 1000]);
    });
    assert_eq!(bump.chunk_capacity(), free, "and gets it back");
    assert_eq!(bump.allocated_bytes(), held);
}

#[test]
fn the_parent_stays_usable_inside_a_scope() {
    let drops = DropCounter::new();
    let bump = Bump::new();
    let a = bump.alloc(1u32);
    let kept = bump.scope(|scope| {
        let s = scope.alloc(2u32);
        let p = bump.alloc(drops.track(3u32)); // a new chunk for the parent
        let q = bump.alloc_str("parent");
        *s += 1;
        (p, q)
    });
    assert_eq!((*a, **kept.0, &*kept.1), (1, 3, "parent"));
    assert_eq!(drops.dropped(), 0, "parent values outlive the scope");
    // The parent's region moved on: further allocations still work and do not overlap.
    let b = bump.alloc(4u32);
    assert_eq!((*a, *b, **kept.0), (1, 4, 3));
    drop(bump);
    drops.assert_all_dropped_once();
}

#[test]
fn scopes_nest() {
    let drops = DropCounter::new();
    let bump = Bump::new();
    let sum = bump.scope(|outer| {
        let x = outer.alloc(drops.track(10u64));
        let inner = outer.scope(|inner| {
            let y = inner.alloc(drops.track(20u64));
            let big = inner.alloc_slice_fill_with(2000, |i| i as u64);
            **y + big[1999]
        });
        assert_eq!(drops.dropped(), 1, "the inner scope's value is dropped");
        **x + inner
    });
    assert_eq!(sum, 10 + 20 + 1999);
    drops.assert_all_dropped_once();
}

#[test]
fn a_panicking_scope_still_drops_and_gives_memory_back() {
    let drops = DropCounter::new();
    let bump = Bump::new();
    let work = |s: &Bump<'_>| {
        s.alloc(drops.track(0));
        s.alloc_slice_fill_with(ITEMS * 10, |i| i);
    };
    bump.scope(work);
    let held = bump.allocated_bytes();
    let caught = catch_unwind(AssertUnwindSafe(|| {
        bump.scope(|s| {
            work(s);
            panic!("request failed");
        })
    }));
    assert!(caught.is_err());
    drops.assert_all_dropped_once();
    assert_eq!(
        bump.allocated_bytes(),
        held,
        "the spare chunks were reused, not leaked"
    );
    let ((), stats) = CountingAlloc::measure(|| bump.scope(work));
    stats.assert_no_allocations();
    drops.assert_all_dropped_once();
}

#[test]
fn a_dropped_arena_frees_every_chunk() {
    let ((), stats) = CountingAlloc::measure(|| {
        let mut bump = Bump::new();
        request(&bump, ITEMS);
        bump.scope(|s| request(s, ITEMS));
        bump.scope(|s| s.scope(|t| request(t, ITEMS)));
        bump.reset();
        request(&bump, ITEMS);
    });
    stats.assert_no_leaks();
}
