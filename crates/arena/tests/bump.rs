//! `Bump`: alignment, zero-sized types, chunk boundaries, errors, destructors, panics.

use std::alloc::Layout;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};

use ownership_arena::{AllocError, Bump};
use ownership_core_traits::ArenaAlloc;
use test_support::{CountingAlloc, DropCounter, Tracked};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

static_assertions::assert_not_impl_any!(Bump<'static>: Send, Sync);
static_assertions::assert_impl_all!(Bump<'static>: Default, std::fmt::Debug);
static_assertions::assert_impl_all!(AllocError: std::error::Error, Send, Sync, Copy);

fn addr<T: ?Sized>(r: &T) -> usize {
    (r as *const T).cast::<u8>() as usize
}

#[test]
fn new_allocates_nothing_until_used() {
    let (bump, stats) = CountingAlloc::measure(Bump::new);
    stats.assert_no_allocations();
    assert_eq!(bump.allocated_bytes(), 0);
    assert_eq!(bump.chunk_capacity(), 0);
    bump.alloc(1u8);
    assert!(bump.allocated_bytes() > 0);
}

#[test]
fn every_alignment_from_1_to_4096_is_honoured() {
    let bump = Bump::new();
    for shift in 0..=12 {
        let align = 1usize << shift;
        bump.alloc(1u8); // knock the bump pointer off any alignment
        for size in [0, 1, align, 3 * align + 1] {
            let layout = Layout::from_size_align(size, align).unwrap();
            let ptr = bump.alloc_layout(layout);
            assert_eq!(
                ptr.as_ptr() as usize % align,
                0,
                "size {size} align {align}"
            );
            // The memory is usable with that alignment (checked by Miri).
            // SAFETY: `size` bytes were just allocated for us.
            unsafe { ptr.as_ptr().write_bytes(0xAB, size) };
        }
    }
    #[repr(align(4096))]
    struct Page([u8; 4096]);
    let page = bump.alloc(Page([7; 4096]));
    assert_eq!(addr(page) % 4096, 0);
    assert_eq!(page.0[4095], 7);
}

#[test]
fn zero_sized_types_and_empty_slices() {
    let bump = Bump::new();
    let units: Vec<&mut ()> = (0..100).map(|_| bump.alloc(())).collect();
    assert_eq!(units.len(), 100);
    #[repr(align(64))]
    struct AlignedZst;
    let z = bump.alloc(AlignedZst);
    assert_eq!(addr(z) % 64, 0);
    assert_eq!(bump.alloc_slice_copy::<u64>(&[]), &[] as &[u64]);
    assert_eq!(bump.alloc_str(""), "");
    assert_eq!(bump.alloc_slice_fill_with(0, |_| String::new()).len(), 0);
    assert_eq!(
        bump.alloc_slice_fill_iter(std::iter::empty::<u32>()).len(),
        0
    );
    assert_eq!(bump.alloc_slice_fill_iter((0..5).map(|_| ())).len(), 5);
    assert_eq!(bump.alloc_fmt(format_args!("")), "");

    let drops = DropCounter::new();
    let zst_with_drop = bump.alloc_slice_fill_with(3, |_| drops.track(()));
    assert_eq!(zst_with_drop.len(), 3);
    drop(bump);
    drops.assert_all_dropped_once();
}

#[test]
fn an_allocation_exactly_filling_the_chunk_stays_in_it() {
    let bump = Bump::with_capacity(1000);
    let held = bump.allocated_bytes();
    let room = bump.chunk_capacity();
    assert!(room >= 1000);
    let all = bump.alloc_layout(Layout::from_size_align(room, 1).unwrap());
    assert_eq!(bump.chunk_capacity(), 0);
    assert_eq!(bump.allocated_bytes(), held, "no new chunk");
    // SAFETY: `room` bytes were just allocated for us.
    unsafe { all.as_ptr().write_bytes(1, room) };
    // A zero-sized allocation still fits in the full chunk.
    bump.alloc(());
    assert_eq!(bump.allocated_bytes(), held);
}

#[test]
fn one_byte_over_the_chunk_takes_a_new_chunk() {
    let bump = Bump::with_capacity(1000);
    let held = bump.allocated_bytes();
    let room = bump.chunk_capacity();
    let over = bump.alloc_layout(Layout::from_size_align(room + 1, 1).unwrap());
    assert!(
        bump.allocated_bytes() > held,
        "a second chunk was allocated"
    );
    // SAFETY: `room + 1` bytes were just allocated for us.
    unsafe { over.as_ptr().write_bytes(1, room + 1) };
    // After filling exactly, one more byte moves on: to the first chunk's free space, which
    // was kept, and once that is full too, to a new chunk.
    let held = bump.allocated_bytes();
    for _ in 0..2 {
        let room = bump.chunk_capacity();
        bump.alloc_layout(Layout::from_size_align(room, 1).unwrap());
        assert_eq!(bump.chunk_capacity(), 0);
        bump.alloc(0u8);
    }
    assert!(bump.allocated_bytes() > held, "a third chunk was allocated");
}

#[test]
fn chunks_grow_geometrically() {
    let bump = Bump::new();
    let mut sizes = vec![];
    let mut last = 0;
    let n = if cfg!(miri) { 3_000 } else { 20_000u64 };
    for i in 0..n {
        bump.alloc(i);
        if bump.allocated_bytes() != last {
            sizes.push(bump.allocated_bytes() - last);
            last = bump.allocated_bytes();
        }
    }
    assert!(sizes.len() >= 4 && sizes.len() < 12, "{sizes:?}");
    assert!(sizes.windows(2).all(|w| w[1] == 2 * w[0]), "{sizes:?}");
}

#[test]
fn huge_and_usize_max_sizes_are_errors_not_aborts() {
    let bump = Bump::new();
    let overflow = bump.try_alloc_slice_fill_with(usize::MAX, |_| 0u64);
    assert_eq!(overflow.unwrap_err(), AllocError::SizeOverflow);
    let max = Layout::from_size_align(isize::MAX as usize, 1).unwrap();
    assert_eq!(
        bump.try_alloc_layout(max).unwrap_err(),
        AllocError::SizeOverflow
    );
    let nearly = Layout::from_size_align(isize::MAX as usize - 4096, 4096).unwrap();
    assert!(bump.try_alloc_layout(nearly).is_err());
    assert_eq!(
        Bump::try_with_capacity(usize::MAX).unwrap_err(),
        AllocError::SizeOverflow
    );
    let iter_overflow = bump.try_alloc_slice_fill_iter((0..usize::MAX).map(|_| 0u8));
    assert!(iter_overflow.is_err());
    let caught = catch_unwind(AssertUnwindSafe(|| {
        bump.alloc_slice_fill_with(usize::MAX, |_| 0u64);
    }));
    let message = *caught.unwrap_err().downcast::<String>().unwrap();
    assert!(message.contains("overflows"), "{message}");
    // The arena is still fine.
    assert_eq!(*bump.alloc(5u8), 5);
}

#[cfg_attr(
    miri,
    ignore = "Miri stops on a 1 PiB allocation request instead of returning null"
)]
#[test]
fn the_system_allocator_refusing_is_an_error() {
    let bump = Bump::new();
    let layout = Layout::from_size_align(1 << 50, 1).unwrap();
    let err = bump.try_alloc_layout(layout).unwrap_err();
    assert!(matches!(err, AllocError::OutOfMemory { chunk } if chunk.size() >= 1 << 50));
    assert!(err.to_string().contains("refused"));
}

#[test]
fn the_limit_reports_requested_and_remaining_bytes() {
    let bump = Bump::new();
    bump.set_allocation_limit(Some(2048));
    bump.alloc([0u8; 100]);
    let held = bump.allocated_bytes();
    let err = bump.try_alloc([0u8; 4000]).unwrap_err();
    assert_eq!(
        err,
        AllocError::LimitExceeded {
            requested: 4000,
            remaining: 2048 - held,
            limit: 2048
        }
    );
    let text = err.to_string();
    assert!(
        text.contains("4000 bytes") && text.contains("limit of 2048"),
        "{text}"
    );
    let caught = catch_unwind(AssertUnwindSafe(|| bump.alloc_str(&"x".repeat(4000)).len()));
    let message = *caught.unwrap_err().downcast::<String>().unwrap();
    assert_eq!(
        message, text,
        "the infallible method panics with the error's message"
    );
    // Every try_ method reports the limit.
    let big = vec![0u8; 4000];
    assert!(bump.try_alloc_slice_copy(&big).is_err());
    assert!(
        bump.try_alloc_str(std::str::from_utf8(&big).unwrap())
            .is_err()
    );
    assert!(bump.try_alloc_slice_clone(&big).is_err());
    assert!(bump.try_alloc_slice_fill_iter(big.iter().copied()).is_err());
    assert!(bump.try_alloc_with(|| [0u8; 4000]).is_err());
    assert!(bump.try_alloc_no_drop([0u8; 4000]).is_err());
    assert!(bump.try_alloc_fmt(format_args!("{:4000}", 1)).is_err());
    assert!(bump.allocated_bytes() <= 2048);
    bump.set_allocation_limit(None);
    assert!(bump.try_alloc([0u8; 4000]).is_ok());
}

#[test]
fn values_are_dropped_newest_first_and_exactly_once() {
    let drops = DropCounter::new();
    let bump = Bump::new();
    for i in 0..100 {
        bump.alloc(drops.track(i));
    }
    bump.alloc_slice_fill_with(3, |i| drops.track(100 + i));
    bump.alloc(drops.track(103));
    assert_eq!(drops.dropped(), 0);
    drop(bump);
    drops.assert_all_dropped_once();
    let mut expected: Vec<usize> = (0..100).rev().collect();
    expected.insert(0, 103);
    expected.splice(1..1, [100, 101, 102]); // a slice drops front to back
    assert_eq!(drops.drop_order(), expected);
}

#[test]
fn alloc_no_drop_never_drops() {
    // A static count, not a `DropCounter`: the leaked value must own no heap memory, or Miri
    // reports the (intended) leak.
    static DROPS: AtomicUsize = AtomicUsize::new(0);
    struct Counted;
    impl Drop for Counted {
        fn drop(&mut self) {
            DROPS.fetch_add(1, Ordering::Relaxed);
        }
    }
    let bump = Bump::new();
    bump.alloc_no_drop(Counted);
    bump.alloc(Counted);
    drop(bump);
    assert_eq!(DROPS.load(Ordering::Relaxed), 1, "only the `alloc`ed one");
}

#[test]
fn types_without_drop_glue_cost_no_entry() {
    let bump = Bump::with_capacity(1024);
    let before = bump.chunk_capacity();
    bump.alloc(1u64);
    assert_eq!(before - bump.chunk_capacity(), 8, "just the value");
    let before = bump.chunk_capacity();
    bump.alloc(String::new());
    assert!(
        before - bump.chunk_capacity() >= size_of::<String>() + 2 * size_of::<usize>(),
        "a value with drop glue carries its entry"
    );
}

#[test]
fn values_may_borrow_data_that_outlives_the_arena() {
    struct Push<'a>(&'a Cell<u32>);
    impl Drop for Push<'_> {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }
    let count = Cell::new(0);
    {
        let bump = Bump::new();
        bump.alloc(Push(&count));
        bump.alloc_slice_fill_with(2, |_| Push(&count));
    }
    assert_eq!(count.get(), 3);
}

/// Panics when dropped; without the panic hook, whose backtrace capture allocates (and caches
/// what it allocated), which would blur the leak count.
struct Boom;
impl Drop for Boom {
    fn drop(&mut self) {
        std::panic::resume_unwind(Box::new("boom"));
    }
}

/// Makes the first (lazily allocating) panic, and a counter whose log has room for `n`
/// drops, before a test measures allocations.
fn warmed_up(n: usize) -> DropCounter {
    let _ = catch_unwind(|| panic!("warm-up"));
    let drops = DropCounter::new();
    drop((0..n).map(|i| drops.track(i)).collect::<Vec<_>>());
    drops
}

#[test]
fn a_panicking_destructor_neither_double_drops_nor_leaks_chunks() {
    let drops = warmed_up(300);
    let ((), stats) = CountingAlloc::measure(|| {
        let bump = Bump::new();
        for i in 0..100 {
            bump.alloc(drops.track(i));
            if i == 50 {
                bump.alloc(Boom);
            }
        }
        let caught = catch_unwind(AssertUnwindSafe(move || drop(bump)));
        assert!(caught.is_err());
    });
    drops.assert_all_dropped_once();
    stats.assert_no_leaks();
}

#[test]
fn a_panicking_destructor_during_reset_leaves_a_usable_arena() {
    let drops = warmed_up(300);
    let ((), stats) = CountingAlloc::measure(|| {
        let mut bump = Bump::new();
        bump.alloc(drops.track(0));
        bump.alloc(Boom);
        bump.alloc_slice_fill_with(100, |_| drops.track(()));
        let caught = catch_unwind(AssertUnwindSafe(|| bump.reset()));
        assert!(caught.is_err());
        drops.assert_all_dropped_once();
        bump.alloc(drops.track(()));
        drop(bump);
    });
    drops.assert_all_dropped_once();
    stats.assert_no_leaks();
}

#[test]
fn a_panicking_closure_or_iterator_drops_what_it_made() {
    let _ = catch_unwind(|| panic!("warm-up"));
    let drops = DropCounter::new();
    let bump = Bump::new();
    let caught = catch_unwind(AssertUnwindSafe(|| {
        bump.alloc_slice_fill_with(10, |i| {
            if i == 5 {
                panic!("five")
            } else {
                drops.track(i)
            }
        });
    }));
    assert!(caught.is_err());
    assert_eq!(drops.dropped(), 5, "the five made are dropped at once");
    let caught = catch_unwind(AssertUnwindSafe(|| {
        let made = (0..1000).filter(|_| true); // no exact size: the slice grows, then panics
        bump.alloc_slice_fill_iter(made.map(|i| {
            if i == 40 {
                panic!("forty")
            } else {
                drops.track(i)
            }
        }));
    }));
    assert!(caught.is_err());
    let caught = catch_unwind(AssertUnwindSafe(|| {
        bump.alloc_with(|| -> Tracked<u32> { panic!("never made") });
    }));
    assert!(caught.is_err());
    drop(bump);
    drops.assert_all_dropped_once();
}

#[test]
fn slices_strings_and_formatting_keep_their_contents() {
    let bump = Bump::new();
    let s = bump.alloc_str("héllo");
    let copy = bump.alloc_slice_copy(&[1u16, 2, 3]);
    let clones = bump.alloc_slice_clone(&[String::from("a"), String::from("b")]);
    let filled = bump.alloc_slice_fill_with(5, |i| i as u8);
    // A filtered iterator has no exact size: the slice grows (and moves) as it fills.
    let evens = bump.alloc_slice_fill_iter((0..1000u32).filter(|n| n % 2 == 0));
    let long = bump.alloc_fmt(format_args!("{}-{:>5}-{:?}", 42, "x", vec![1; 200]));
    assert_eq!(s, "héllo");
    assert_eq!(copy, &[1, 2, 3]);
    assert_eq!(clones.concat(), "ab");
    assert_eq!(filled, &[0, 1, 2, 3, 4]);
    assert_eq!(evens.len(), 500);
    assert!(evens.iter().enumerate().all(|(i, &n)| n == 2 * i as u32));
    assert_eq!(long, &format!("{}-{:>5}-{:?}", 42, "x", vec![1; 200]));
}

#[test]
fn an_iterator_may_allocate_in_the_same_arena() {
    let bump = Bump::new();
    let values = (0..300).filter(|_| true).map(|i| {
        let boxed = bump.alloc(i); // lands between the growing slice's allocations
        *boxed * 2
    });
    let doubled = bump.alloc_slice_fill_iter(values);
    assert!(doubled.iter().enumerate().all(|(i, &d)| d == 2 * i));
}

#[test]
fn a_display_may_allocate_in_the_same_arena() {
    struct Nested<'a, 'd>(&'a Bump<'d>);
    impl std::fmt::Display for Nested<'_, '_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let inner = self.0.alloc_fmt(format_args!("{}", 12345));
            write!(f, "[{inner}]")
        }
    }
    let bump = Bump::new();
    let nested = Nested(&bump);
    assert_eq!(
        bump.alloc_fmt(format_args!("{nested}{nested}")),
        "[12345][12345]"
    );
}

fn build_list<'a, A: ArenaAlloc<(u64, Option<&'a u64>)>>(arena: &'a A, n: u64) -> u64 {
    let mut prev: Option<&'a u64> = None;
    let mut sum = 0;
    for i in 0..n {
        let node = arena.alloc((i, prev));
        sum += node.0 + node.1.copied().unwrap_or(0);
        prev = Some(&node.0);
    }
    sum
}

#[test]
fn arena_alloc_trait_agrees_with_bumpalo() {
    // The values borrow only `'static` data, so `Bump` accepts them through the trait too.
    let ours = Bump::new();
    let theirs = bumpalo::Bump::new();
    let a = ArenaAlloc::<u64>::alloc(&ours, 7);
    let b = ArenaAlloc::<u64>::alloc(&theirs, 7);
    assert_eq!(a, b);
    assert!(ArenaAlloc::<u64>::allocated_bytes(&ours) >= 8);
    let typed = ownership_arena::TypedArena::new();
    assert_eq!(build_list(&typed, 100), build_list(&theirs, 100));
}

/// Writes `Careless(n)` draws from, without allocating.
static XS: [u8; 10_000] = [b'x'; 10_000];

/// A `Display` that writes `n` x's, ignores a failed write and carries on, as careless impls
/// do.
struct Careless(usize);
impl std::fmt::Display for Careless {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let _ = f.write_str(std::str::from_utf8(&XS[..self.0]).unwrap());
        f.write_str("end")
    }
}

#[test]
fn try_alloc_fmt_reports_a_failed_write_that_a_display_ignored() {
    let bump = Bump::new();
    bump.set_allocation_limit(Some(4096));
    let result = bump.try_alloc_fmt(format_args!("{}", Careless(10_000)));
    assert!(
        matches!(result, Err(AllocError::LimitExceeded { .. })),
        "not a truncated string: {result:?}"
    );
    let panicked = catch_unwind(AssertUnwindSafe(|| {
        bump.alloc_fmt(format_args!("{}", Careless(10_000)));
    }));
    let message = *panicked.unwrap_err().downcast::<String>().unwrap();
    assert!(message.contains("limit of 4096 bytes"), "{message}");
    // A write that fits is not affected.
    assert_eq!(
        bump.try_alloc_fmt(format_args!("{}", Careless(10))),
        Ok(format!("{}end", "x".repeat(10)).as_mut_str())
    );
}

#[test]
fn try_alloc_fmt_reports_a_refused_chunk_that_a_display_ignored() {
    let bump = Bump::new();
    let (result, stats) = CountingAlloc::refusing(0, 1, || {
        bump.try_alloc_fmt(format_args!("{}", Careless(100)))
            .map(|s| s.len())
    });
    assert_eq!(stats.refused, 1);
    assert!(
        matches!(result, Err(AllocError::OutOfMemory { .. })),
        "{result:?}"
    );
}

#[test]
fn a_refused_chunk_is_an_error_and_everything_stored_stays_intact() {
    let drops = DropCounter::new();
    let bump = Bump::new();
    let kept = bump.alloc(drops.track(String::from("kept")));
    let text = bump.alloc_str("text");
    let numbers = bump.alloc_slice_fill_with(10, |i| i as u64);
    // Fill the chunk exactly: from here, any allocation needs a new chunk.
    bump.alloc_layout(Layout::from_size_align(bump.chunk_capacity(), 1).unwrap());
    assert_eq!(bump.chunk_capacity(), 0);
    let before = bump.allocated_bytes();
    let big = 100_000;
    // Each `try_` method, at the moment it needs a new chunk, gets the allocator's refusal.
    let (results, stats) = CountingAlloc::refusing(0, u64::MAX, || {
        [
            bump.try_alloc([0u8; 1000]).map(drop).err(),
            bump.try_alloc_with(|| drops.track([0u8; 1000]))
                .map(drop)
                .err(),
            bump.try_alloc_no_drop([0u8; 1000]).map(drop).err(),
            bump.try_alloc_layout(Layout::from_size_align(big, 64).unwrap())
                .map(drop)
                .err(),
            bump.try_alloc_str("").map(drop).err(), // needs no memory at all
            bump.try_alloc_slice_copy(&[1u8; 1000]).map(drop).err(),
            bump.try_alloc_slice_fill_with(big, |i| drops.track(i))
                .map(drop)
                .err(),
            bump.try_alloc_slice_fill_iter((0..big).filter(|_| true).map(|i| drops.track(i)))
                .map(drop)
                .err(),
            bump.try_alloc_fmt(format_args!("{}", big)).map(drop).err(),
            Bump::try_with_capacity(big).map(drop).err(),
        ]
    });
    for (i, result) in results.iter().enumerate() {
        if i == 4 {
            assert_eq!(*result, None, "an empty string needs no chunk");
        } else {
            assert!(
                matches!(result, Some(AllocError::OutOfMemory { .. })),
                "call {i}: {result:?}"
            );
        }
    }
    assert_eq!(stats.refused, 9, "{stats}");
    assert_eq!(
        drops.created(),
        1,
        "only `kept`: a failed `try_alloc_with`, `_fill_with` or `_fill_iter` calls nothing"
    );
    assert_eq!(drops.dropped(), 0);
    assert_eq!(
        bump.allocated_bytes(),
        before,
        "no chunk was gained or lost"
    );
    assert_eq!(
        (kept.as_str(), &*text, &numbers[..]),
        ("kept", "text", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9][..])
    );
    // Once the allocator says yes again, so does the arena.
    assert_eq!(bump.alloc([7u8; 1000])[999], 7);
    assert_eq!(kept.as_str(), "kept");
    drop(bump);
    drops.assert_all_dropped_once();
}

#[test]
fn a_refused_chunk_inside_a_scope_is_an_error_and_the_parent_is_intact() {
    let drops = DropCounter::new();
    let bump = Bump::new();
    let outer = bump.alloc(drops.track(1u32));
    bump.scope(|scope| {
        let inner = scope.alloc(drops.track(2u32));
        let (result, stats) = CountingAlloc::refusing(0, 1, || {
            scope
                .try_alloc_slice_fill_with(10_000, |i| i)
                .map(|s| s.len())
        });
        assert_eq!(stats.refused, 1);
        assert!(matches!(result, Err(AllocError::OutOfMemory { .. })));
        assert_eq!((**inner, **outer), (2, 1));
        assert_eq!(scope.alloc_slice_fill_with(10_000, |i| i)[9_999], 9_999);
    });
    assert_eq!(drops.dropped(), 1);
    assert_eq!(**outer, 1);
    drop(bump);
    drops.assert_all_dropped_once();
}

#[test]
fn reset_works_when_the_allocator_refuses_the_merged_chunk() {
    // The counter's log must not need to grow while everything is refused.
    let drops = warmed_up(3000); // room for 4096 entries
    let warm_up_drops = drops.dropped();
    let mut bump = Bump::new();
    bump.alloc_slice_fill_with(1000, |i| drops.track(i));
    let held = bump.allocated_bytes();
    let ((), stats) = CountingAlloc::refusing(0, u64::MAX, || bump.reset());
    assert_eq!(
        stats.refused, 1,
        "reset asked for one merged chunk: {stats}"
    );
    assert_eq!(drops.dropped() - warm_up_drops, 1000);
    assert!(
        bump.allocated_bytes() < held,
        "it kept the largest chunk only"
    );
    assert!(bump.chunk_capacity() > 0);
    // The arena works on, from the chunk it kept.
    assert_eq!(bump.alloc_slice_fill_with(100, |i| i)[99], 99);
    drops.assert_all_dropped_once();
}

#[test]
fn a_panicking_destructor_at_the_end_of_a_scope_double_drops_nothing() {
    /// Stands in for `Boom` (same size, a destructor too) where nothing may panic.
    struct Quiet;
    impl Drop for Quiet {
        fn drop(&mut self) {}
    }
    let drops = warmed_up(1000);
    let warm_up_drops = drops.dropped();
    let bump = Bump::new();
    let outer = bump.alloc(drops.track(0u32));
    let work = |s: &Bump<'_>, last: &dyn Fn(&Bump<'_>)| {
        s.alloc(drops.track(1u32));
        last(s);
        s.alloc_slice_fill_with(50, |i| drops.track(i as u32));
        s.alloc_slice_fill_with(500, |i| i);
    };
    let caught = catch_unwind(AssertUnwindSafe(|| {
        bump.scope(|s| work(s, &|s| _ = s.alloc(Boom)))
    }));
    assert!(caught.is_err(), "the destructor's panic reaches the caller");
    assert_eq!(
        drops.dropped() - warm_up_drops,
        51,
        "every other value of the scope was dropped"
    );
    assert_eq!(**outer, 0, "the parent's value is untouched");
    // The scope's chunks came back: the same scope again needs no new memory.
    let ((), stats) = CountingAlloc::measure(|| bump.scope(|s| work(s, &|s| _ = s.alloc(Quiet))));
    assert_eq!(stats.requests(), 0, "{stats}");
    drop(bump);
    drops.assert_all_dropped_once();
}
