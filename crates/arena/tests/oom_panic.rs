//! What the arenas do when the allocator fails and `handle_alloc_error` unwinds: every value
//! already handed out stays alive and in place.
//!
//! `handle_alloc_error` aborts unless an allocation error hook panics, which needs the nightly
//! feature `alloc_error_hook`; so these tests are built only with `--cfg arena_oom_panic`:
//!
//! ```text
//! RUSTFLAGS="--cfg arena_oom_panic" cargo +nightly test -p ownership-arena --all-features --test oom_panic
//! ```
//!
//! and under Miri, which reports any use of a value dropped too early:
//!
//! ```text
//! RUSTFLAGS="--cfg arena_oom_panic" \
//! MIRIFLAGS="-Zmiri-strict-provenance -Zmiri-symbolic-alignment-check" \
//! cargo +nightly miri test -p ownership-arena --all-features --test oom_panic
//! ```
#![cfg(arena_oom_panic)]
#![feature(alloc_error_hook)]

use std::panic::{AssertUnwindSafe, catch_unwind};

use ownership_arena::{Bump, TypedArena};
use test_support::{CountingAlloc, DropCounter, Tracked};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// Makes allocation failure panic (and so unwind) instead of aborting.
fn panic_on_alloc_error() {
    std::alloc::set_alloc_error_hook(|layout| {
        panic!("memory allocation of {} bytes failed", layout.size())
    });
}

/// Runs `f` with the `after`-th next request refused, and returns whether `f` panicked.
fn refuse_one(after: u64, f: impl FnOnce()) -> bool {
    panic_on_alloc_error();
    let (caught, stats) = CountingAlloc::refusing(after, 1, || catch_unwind(AssertUnwindSafe(f)));
    assert_eq!(stats.refused, 1, "request {after} was refused: {stats}");
    caught.is_err()
}

#[test]
fn typed_arena_alloc_keeps_every_value_when_growing_fails() {
    // Growing makes two requests (the new chunk, and room in the list of full chunks):
    // refuse each in turn.
    for after in 0..2 {
        let drops = DropCounter::new();
        let arena = TypedArena::with_capacity(8);
        let handed: Vec<&Tracked<u64>> = (0..8).map(|i| &*arena.alloc(drops.track(i))).collect();
        let extra = drops.track(8);
        assert!(
            refuse_one(after, || _ = arena.alloc(extra)),
            "request {after}"
        );
        assert_eq!(
            drops.drop_order(),
            [8],
            "request {after}: only the value being moved in is dropped"
        );
        // Under Miri, reading a value dropped by the failed growth is a use after free.
        for (i, v) in handed.iter().enumerate() {
            assert_eq!(***v, i as u64);
        }
        assert_eq!(arena.len(), 8);
        // The arena still works, and the old values stay put.
        let more = arena.alloc(drops.track(9));
        assert_eq!((**more, arena.len()), (9, 9));
        for (i, v) in handed.iter().enumerate() {
            assert_eq!(***v, i as u64);
        }
        drop(handed);
        drop(arena);
        drops.assert_all_dropped_once();
    }
}

#[test]
fn typed_arena_alloc_extend_keeps_every_value_when_growing_fails() {
    for after in 0..2 {
        let drops = DropCounter::new();
        let arena = TypedArena::with_capacity(8);
        let handed: Vec<&Tracked<u64>> = (0..5).map(|i| &*arena.alloc(drops.track(i))).collect();
        // An iterator that does not know its length: the fourth value finds the chunk full.
        let values = (5..15).map(|i| drops.track(i)).filter(|_| true);
        assert!(refuse_one(after, || _ = arena.alloc_extend(values)));
        assert_eq!(
            drops.drop_order(),
            [8],
            "request {after}: only the value in hand is dropped; the three moved in stay"
        );
        for (i, v) in handed.iter().enumerate() {
            assert_eq!(***v, i as u64);
        }
        assert_eq!(arena.len(), 8);
        let slice = arena.alloc_extend((20..30).map(|i| drops.track(i)).filter(|_| true));
        assert_eq!(slice.len(), 10);
        for (i, v) in handed.iter().enumerate() {
            assert_eq!(***v, i as u64);
        }
        drop(handed);
        drop(arena);
        drops.assert_all_dropped_once();
    }
}

#[test]
fn interner_keeps_its_strings_when_its_index_cannot_grow() {
    // Interning needs at most a chunk and room in the index: refuse each request in turn.
    for after in 0..3 {
        let bump = Bump::new();
        let interner = ownership_arena::Interner::new(&bump);
        let names: Vec<String> = (0..20).map(|i| format!("name{i}")).collect();
        let kept: Vec<&str> = names.iter().map(|n| interner.intern(n)).collect();
        panic_on_alloc_error();
        let (caught, _) = CountingAlloc::refusing(after, 1, || {
            catch_unwind(AssertUnwindSafe(|| {
                for i in 20..200 {
                    interner.intern(&format!("name{i}"));
                }
            }))
        });
        // Whether or not a refused request hit this interner, what it held is intact.
        let _ = caught;
        for (name, k) in names.iter().zip(&kept) {
            assert_eq!(name, k);
            assert!(std::ptr::eq(interner.intern(name), *k));
        }
    }
}
