//! `Bump::scope` and `Bump::reset`: what they free, what they keep, and that repeated cycles
//! make no system allocation after the first.

use std::panic::{AssertUnwindSafe, catch_unwind};

use ownership_arena::Bump;
use test_support::{CountingAlloc, DropCounter};

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

#[test]
fn a_parent_allocating_inside_every_scope_keeps_its_memory_bounded() {
    // A server loop: each request works in a scope and interns one short key in the
    // long-lived parent. The parent's live data grows by 8 bytes per request.
    let bump = Bump::new();
    let requests = 16;
    let mut keys = Vec::new();
    for request in 0..requests {
        let key = bump.scope(|scope| {
            scope.alloc_slice_fill_with(20, |i| i as u64 * request);
            bump.alloc_str(&format!("key{request:05}"))
        });
        keys.push(key);
    }
    let live = requests as usize * 8;
    assert!(
        bump.allocated_bytes() <= 2048 + 2 * live,
        "{} bytes held for {live} live bytes",
        bump.allocated_bytes()
    );
    for (request, key) in keys.iter().enumerate() {
        assert_eq!(**key, format!("key{request:05}"));
    }
}

#[test]
fn a_parent_allocating_inside_scopes_reuses_the_space_it_lent() {
    let bump = Bump::with_capacity(4096);
    bump.alloc(0u64);
    // Warm up: the parent's first allocation inside a scope needs a second region.
    bump.scope(|_| bump.alloc(1u64));
    let held = bump.allocated_bytes();
    let (total, stats) = CountingAlloc::measure(|| {
        (0..100u64)
            .map(|i| bump.scope(|s| *s.alloc(i) + *bump.alloc(i)))
            .sum::<u64>()
    });
    assert_eq!(total, 2 * (0..100).sum::<u64>());
    assert_eq!(stats.requests(), 0, "{stats}");
    assert_eq!(bump.allocated_bytes(), held);
}

/// A value that needs more than the chunks' base alignment.
#[repr(align(64))]
struct Line([u8; 64]);

/// A reset cycle with 64-aligned values among 8-aligned ones.
fn aligned_cycle(bump: &Bump<'_>) -> u64 {
    let mut sum = 0;
    for i in 0..ITEMS as u64 {
        sum += *bump.alloc(i);
        if i % 8 == 0 {
            let line = bump.alloc(Line([i as u8; 64]));
            assert_eq!((&raw const *line).addr() % 64, 0);
            sum += u64::from(line.0[63]);
        }
    }
    sum
}

#[test]
fn reset_cycles_with_64_aligned_values_make_no_system_allocation_after_the_first() {
    let mut bump = Bump::new();
    let expected = aligned_cycle(&bump);
    bump.reset();
    let held = bump.allocated_bytes();
    for cycle in 0..16 {
        let (sum, stats) = CountingAlloc::measure(|| {
            let sum = aligned_cycle(&bump);
            bump.reset();
            sum
        });
        assert_eq!(sum, expected);
        assert_eq!(stats.requests(), 0, "cycle {cycle}: {stats}");
        assert_eq!(bump.allocated_bytes(), held, "cycle {cycle}");
    }
}

#[test]
fn reset_cycles_mixing_every_alignment_keep_their_memory() {
    // Every alignment up to 4096 in one cycle: the chunk kept by `reset` serves them all.
    let cycle = |bump: &Bump<'_>| {
        for shift in 0..=12 {
            let layout = std::alloc::Layout::from_size_align(24, 1 << shift).unwrap();
            let p = bump.alloc_layout(layout);
            assert_eq!(p.as_ptr().addr() % (1 << shift), 0);
            bump.alloc_slice_fill_with(20, |i| i as u8);
        }
    };
    let mut bump = Bump::new();
    cycle(&bump);
    bump.reset();
    let held = bump.allocated_bytes();
    for round in 0..16 {
        let ((), stats) = CountingAlloc::measure(|| {
            cycle(&bump);
            bump.reset();
        });
        assert_eq!(stats.requests(), 0, "round {round}: {stats}");
    }
    assert_eq!(bump.allocated_bytes(), held);
}

#[test]
fn reset_cycles_with_a_parent_allocating_inside_a_scope_keep_their_memory() {
    // Each cycle lends the arena's one chunk to a scope while the parent allocates: the
    // parent's own chunk is needed again next cycle, so `reset` must not merge it in.
    let cycle = |bump: &Bump<'_>| {
        bump.scope(|scope| {
            scope.alloc_slice_fill_with(ITEMS, |i| i as u64);
            bump.alloc(7u64);
        });
    };
    let mut bump = Bump::new();
    cycle(&bump);
    bump.reset();
    cycle(&bump);
    bump.reset();
    let held = bump.allocated_bytes();
    for round in 0..32 {
        let ((), stats) = CountingAlloc::measure(|| {
            cycle(&bump);
            bump.reset();
        });
        assert_eq!(stats.requests(), 0, "round {round}: {stats}");
        assert_eq!(bump.allocated_bytes(), held, "round {round}");
    }
}
