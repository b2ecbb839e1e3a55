//! [`CountingAlloc`]: a global allocator that counts, and refuses on demand, per thread.

#![allow(unsafe_code)] // a `GlobalAlloc` implementation cannot be written without it

use std::alloc::{GlobalAlloc, Layout, System};
use std::boxed::Box;
use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread_local;

/// A global allocator that forwards to [`System`] and counts what the current thread does.
///
/// Install it in a test binary, then wrap the code under test in [`CountingAlloc::measure`].
/// The counters are per thread, so tests running at the same time on other threads do not
/// disturb the count; the other side of that coin is that allocations made by threads that the
/// measured code spawns are not counted.
///
/// # Examples
///
/// ```
/// use test_support::CountingAlloc;
///
/// #[global_allocator]
/// static ALLOC: CountingAlloc = CountingAlloc::new();
///
/// let (sum, stats) = CountingAlloc::measure(|| (1..=10u32).sum::<u32>());
/// assert_eq!(sum, 55);
/// stats.assert_no_allocations();
///
/// let (_, stats) = CountingAlloc::measure(|| vec![1u8; 100].len());
/// assert_eq!(stats.allocations, 1);
/// stats.assert_no_leaks();
/// ```
///
/// It can also refuse requests on demand, to test what code does when the allocator says no:
/// see [`CountingAlloc::refusing`].
#[derive(Debug, Default)]
pub struct CountingAlloc {
    _private: (),
}

/// What one thread allocated and freed, as counted by [`CountingAlloc`].
///
/// # Examples
///
/// ```
/// use test_support::{AllocStats, CountingAlloc};
///
/// #[global_allocator]
/// static ALLOC: CountingAlloc = CountingAlloc::new();
///
/// let (kept, stats): (Vec<u64>, AllocStats) = CountingAlloc::measure(|| Vec::with_capacity(4));
/// assert_eq!(stats.allocations, 1);
/// assert_eq!(stats.bytes_allocated, 32);
/// assert_eq!(stats.leaked_bytes(), 32, "the Vec is still alive outside the scope");
/// drop(kept);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AllocStats {
    /// Calls to `alloc` and `alloc_zeroed`.
    pub allocations: u64,
    /// Calls to `dealloc`.
    pub deallocations: u64,
    /// Calls to `realloc`.
    pub reallocations: u64,
    /// Bytes handed out, counting a `realloc`'s new size.
    pub bytes_allocated: u64,
    /// Bytes given back, counting a `realloc`'s old size.
    pub bytes_deallocated: u64,
    /// Requests (`alloc`, `alloc_zeroed`, `realloc`) refused with a null pointer because a
    /// [`CountingAlloc::refusing`] run asked for it; they are not counted above.
    pub refused: u64,
}

/// Which of the current thread's next requests [`CountingAlloc`] refuses.
#[derive(Clone, Copy)]
struct Refusal {
    /// Requests still to grant before refusing.
    grant: u64,
    /// Requests to refuse after those.
    refuse: u64,
}

thread_local! {
    // `const` and no destructor: reading it never allocates, so the allocator can use it.
    static COUNTS: Cell<AllocStats> = const {
        Cell::new(AllocStats {
            allocations: 0,
            deallocations: 0,
            reallocations: 0,
            bytes_allocated: 0,
            bytes_deallocated: 0,
            refused: 0,
        })
    };
    // As `COUNTS`: readable from inside the allocator. Nothing is refused by default.
    static REFUSAL: Cell<Refusal> = const { Cell::new(Refusal { grant: 0, refuse: 0 }) };
}

/// Set by the first allocation that goes through a `CountingAlloc`, so `measure` can tell
/// whether it is installed (otherwise every measurement would read a vacuous zero).
static INSTALLED: AtomicBool = AtomicBool::new(false);

fn record(update: impl FnOnce(&mut AllocStats)) {
    // `try_with` fails only while the thread's locals are being torn down; an allocation
    // made then is not counted rather than aborting the process.
    let _ = COUNTS.try_with(|counts| {
        let mut now = counts.get();
        update(&mut now);
        counts.set(now);
    });
}

/// Decides whether the current thread's next request is refused, and counts it if so.
fn refuse_this_request() -> bool {
    let refused = REFUSAL
        .try_with(|plan| {
            let mut now = plan.get();
            let refuse = if now.refuse == 0 {
                false
            } else if now.grant > 0 {
                now.grant -= 1;
                false
            } else {
                now.refuse -= 1;
                true
            };
            plan.set(now);
            refuse
        })
        .unwrap_or(false);
    if refused {
        record(|c| c.refused += 1);
    }
    refused
}

fn bytes(n: usize) -> u64 {
    // usize fits in u64 on every target Rust supports.
    n as u64
}

impl CountingAlloc {
    /// Creates the allocator, for use in a `#[global_allocator]` static.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::CountingAlloc;
    ///
    /// #[global_allocator]
    /// static ALLOC: CountingAlloc = CountingAlloc::new();
    /// ```
    pub const fn new() -> Self {
        CountingAlloc { _private: () }
    }

    /// Runs `f` and returns its result with what the current thread allocated meanwhile.
    ///
    /// # Panics
    ///
    /// Panics if `CountingAlloc` is not the global allocator of this binary: without it every
    /// count would be zero and every "no allocation" check would pass for nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::CountingAlloc;
    ///
    /// #[global_allocator]
    /// static ALLOC: CountingAlloc = CountingAlloc::new();
    ///
    /// let text = String::from("already here");
    /// let (len, stats) = CountingAlloc::measure(|| text.len());
    /// assert_eq!(len, 12);
    /// stats.assert_no_allocations();
    /// ```
    pub fn measure<R>(f: impl FnOnce() -> R) -> (R, AllocStats) {
        Self::assert_installed();
        let before = Self::thread_totals();
        let result = f();
        let after = Self::thread_totals();
        (result, after.since(before))
    }

    /// Returns everything the current thread has allocated since it started.
    ///
    /// [`measure`](Self::measure) is usually what a test wants; this is for code that takes
    /// its own before and after readings.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::CountingAlloc;
    ///
    /// #[global_allocator]
    /// static ALLOC: CountingAlloc = CountingAlloc::new();
    ///
    /// let before = CountingAlloc::thread_totals();
    /// let boxed = Box::new(5);
    /// let after = CountingAlloc::thread_totals();
    /// assert_eq!(after.since(before).allocations, 1);
    /// # drop(boxed);
    /// ```
    pub fn thread_totals() -> AllocStats {
        COUNTS.try_with(Cell::get).unwrap_or_default()
    }

    /// Runs `f` with the current thread's allocator refusing requests: the first `after`
    /// requests succeed, the next `times` get a null pointer, and later ones succeed again.
    /// Returns `f`'s result and what the thread allocated meanwhile, as
    /// [`measure`](Self::measure) does; [`AllocStats::refused`] says how many requests were
    /// refused, so a test can check that the failure it meant to cause did happen.
    ///
    /// A request is a call to `alloc`, `alloc_zeroed` or `realloc`; freeing always works.
    /// Only the calling thread is affected, and the previous setting comes back when `f`
    /// returns or panics (so runs may nest). Refusing a single request (`times == 1`) leaves
    /// the allocator usable by whatever handles the failure, such as a panic message.
    ///
    /// Code that cannot handle a null pointer calls [`std::alloc::handle_alloc_error`], which
    /// aborts the process, unless the test binary is built with the nightly flag
    /// `-Zoom=panic`, which makes it panic instead.
    ///
    /// # Panics
    ///
    /// As [`measure`](Self::measure), if `CountingAlloc` is not the global allocator; and if
    /// `f` panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::CountingAlloc;
    ///
    /// #[global_allocator]
    /// static ALLOC: CountingAlloc = CountingAlloc::new();
    ///
    /// let mut v: Vec<u8> = Vec::new();
    /// let (result, stats) = CountingAlloc::refusing(0, 1, || v.try_reserve(100));
    /// assert!(result.is_err(), "the allocator said no");
    /// assert_eq!((stats.refused, stats.allocations), (1, 0));
    /// assert!(v.try_reserve(100).is_ok(), "and works again afterwards");
    /// ```
    pub fn refusing<R>(after: u64, times: u64, f: impl FnOnce() -> R) -> (R, AllocStats) {
        /// Puts the previous setting back, even if `f` panics.
        struct Restore(Refusal);
        impl Drop for Restore {
            fn drop(&mut self) {
                let _ = REFUSAL.try_with(|plan| plan.set(self.0));
            }
        }
        Self::assert_installed();
        let plan = Refusal {
            grant: after,
            refuse: times,
        };
        let _restore = Restore(REFUSAL.with(|p| p.replace(plan)));
        Self::measure(f)
    }

    fn assert_installed() {
        if !INSTALLED.load(Ordering::Relaxed) {
            // A binary may simply not have allocated yet: make one allocation to find out.
            drop(std::hint::black_box(Box::new(0u8)));
        }
        assert!(
            INSTALLED.load(Ordering::Relaxed),
            "CountingAlloc is not the global allocator of this binary: add \
             `#[global_allocator] static ALLOC: CountingAlloc = CountingAlloc::new();`"
        );
    }
}

// A refused request returns null, which `GlobalAlloc` allows for any request.
// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so the
// `GlobalAlloc` contract holds exactly as it does for `System`; the counting around it touches
// only thread-local `Cell`s and an atomic, and never allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        INSTALLED.store(true, Ordering::Relaxed);
        if refuse_this_request() {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller upholds `alloc`'s contract (non-zero size), forwarded unchanged.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            record(|c| {
                c.allocations += 1;
                c.bytes_allocated += bytes(layout.size());
            });
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        INSTALLED.store(true, Ordering::Relaxed);
        if refuse_this_request() {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller upholds `alloc_zeroed`'s contract, forwarded unchanged.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record(|c| {
                c.allocations += 1;
                c.bytes_allocated += bytes(layout.size());
            });
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller guarantees `ptr` came from this allocator (hence from `System`)
        // with this `layout`.
        unsafe { System.dealloc(ptr, layout) };
        record(|c| {
            c.deallocations += 1;
            c.bytes_deallocated += bytes(layout.size());
        });
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if refuse_this_request() {
            // The old block stays allocated and untouched, as `realloc` requires on failure.
            return std::ptr::null_mut();
        }
        // SAFETY: the caller guarantees `ptr`/`layout` describe a live block from this
        // allocator (hence from `System`) and that `new_size` is valid for `layout.align()`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            record(|c| {
                c.reallocations += 1;
                c.bytes_deallocated += bytes(layout.size());
                c.bytes_allocated += bytes(new_size);
            });
        }
        new
    }
}

impl AllocStats {
    /// Returns what happened between `earlier` and `self`, two readings of the same thread.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::AllocStats;
    ///
    /// let earlier = AllocStats { allocations: 2, ..AllocStats::default() };
    /// let later = AllocStats { allocations: 5, ..AllocStats::default() };
    /// assert_eq!(later.since(earlier).allocations, 3);
    /// ```
    pub fn since(self, earlier: AllocStats) -> AllocStats {
        AllocStats {
            allocations: self.allocations - earlier.allocations,
            deallocations: self.deallocations - earlier.deallocations,
            reallocations: self.reallocations - earlier.reallocations,
            bytes_allocated: self.bytes_allocated - earlier.bytes_allocated,
            bytes_deallocated: self.bytes_deallocated - earlier.bytes_deallocated,
            refused: self.refused - earlier.refused,
        }
    }

    /// Returns the calls that asked the allocator for memory: allocations plus reallocations.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::AllocStats;
    ///
    /// let s = AllocStats { allocations: 1, reallocations: 2, ..AllocStats::default() };
    /// assert_eq!(s.requests(), 3);
    /// ```
    pub fn requests(&self) -> u64 {
        self.allocations + self.reallocations
    }

    /// Returns bytes allocated minus bytes freed: positive when memory is still held.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::AllocStats;
    ///
    /// let s = AllocStats { bytes_allocated: 64, bytes_deallocated: 16, ..AllocStats::default() };
    /// assert_eq!(s.leaked_bytes(), 48);
    /// ```
    pub fn leaked_bytes(&self) -> i128 {
        i128::from(self.bytes_allocated) - i128::from(self.bytes_deallocated)
    }

    /// Returns `true` when every allocation was freed and every byte given back.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::AllocStats;
    ///
    /// assert!(AllocStats::default().is_leak_free());
    /// ```
    pub fn is_leak_free(&self) -> bool {
        self.allocations == self.deallocations && self.leaked_bytes() == 0
    }

    /// Panics unless no memory was requested (no `alloc`, `alloc_zeroed` or `realloc`).
    ///
    /// # Panics
    ///
    /// When anything was allocated; the message lists the counts.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::AllocStats;
    ///
    /// AllocStats::default().assert_no_allocations();
    /// ```
    #[track_caller]
    pub fn assert_no_allocations(&self) {
        assert!(self.requests() == 0, "expected no allocations, got {self}");
    }

    /// Panics unless everything allocated was freed.
    ///
    /// # Panics
    ///
    /// When an allocation or some bytes were not given back; the message lists the counts.
    ///
    /// # Examples
    ///
    /// ```
    /// use test_support::AllocStats;
    ///
    /// let balanced = AllocStats {
    ///     allocations: 1,
    ///     deallocations: 1,
    ///     bytes_allocated: 8,
    ///     bytes_deallocated: 8,
    ///     ..AllocStats::default()
    /// };
    /// balanced.assert_no_leaks();
    /// ```
    #[track_caller]
    pub fn assert_no_leaks(&self) {
        assert!(self.is_leak_free(), "expected no leaks, got {self}");
    }
}

impl fmt::Display for AllocStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} allocations, {} reallocations, {} deallocations, {} bytes allocated, {} bytes freed",
            self.allocations,
            self.reallocations,
            self.deallocations,
            self.bytes_allocated,
            self.bytes_deallocated
        )?;
        if self.refused > 0 {
            write!(f, ", {} refused", self.refused)?;
        }
        Ok(())
    }
}
