//! `CachePadded<T>`: a value alone on its cache line (or pair of lines).

use crate::wrapper::aligned_wrapper_impls;

/// Pads and aligns a value to the length of a cache line, so that two `CachePadded` values
/// never share one and threads writing them do not slow each other down (false sharing).
///
/// The alignment, [`CACHE_LINE`], depends on the target, as in `crossbeam-utils`:
///
/// - **128** on `x86_64`, `aarch64` and `powerpc64`. The line is 64 bytes on most x86_64 and
///   aarch64 cores, but their spatial prefetcher fetches lines in adjacent pairs, so two values
///   64 bytes apart still interfere. Apple's M-series and POWER cores have 128-byte lines.
/// - **256** on `s390x`, whose cache lines are 256 bytes.
/// - **32** on `arm`, `mips`, `mips64`, `sparc` and `hexagon`, whose cores mostly have 32-byte
///   lines; more would waste memory on small devices.
/// - **64** everywhere else, the common line length.
///
/// `size_of::<CachePadded<T>>()` is `size_of::<T>()` rounded up to a multiple of the alignment
/// (at least one line). Use [`Align64`](crate::Align64) or [`Align128`](crate::Align128) to
/// choose the alignment yourself.
///
/// # Examples
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use ownership_layout::CachePadded;
///
/// // Two counters that two threads write: each on its own line.
/// let counters = [CachePadded::new(AtomicU64::new(0)), CachePadded::new(AtomicU64::new(0))];
/// std::thread::scope(|s| {
///     for counter in &counters {
///         s.spawn(move || (0..1000).for_each(|_| { counter.fetch_add(1, Ordering::Relaxed); }));
///     }
/// });
/// assert_eq!(counters[0].load(Ordering::Relaxed), 1000);
/// let gap = core::ptr::from_ref(&counters[1]).addr() - core::ptr::from_ref(&counters[0]).addr();
/// assert_eq!(gap, ownership_layout::CACHE_LINE);
/// ```
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
#[cfg_attr(
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "powerpc64"
    ),
    repr(align(128))
)]
#[cfg_attr(target_arch = "s390x", repr(align(256)))]
#[cfg_attr(
    any(
        target_arch = "arm",
        target_arch = "mips",
        target_arch = "mips64",
        target_arch = "sparc",
        target_arch = "hexagon"
    ),
    repr(align(32))
)]
#[cfg_attr(
    not(any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "powerpc64",
        target_arch = "s390x",
        target_arch = "arm",
        target_arch = "mips",
        target_arch = "mips64",
        target_arch = "sparc",
        target_arch = "hexagon"
    )),
    repr(align(64))
)]
pub struct CachePadded<T> {
    value: T,
}

aligned_wrapper_impls!(CachePadded);

/// The alignment of [`CachePadded`] on the target this crate was built for, in bytes.
///
/// # Examples
///
/// ```
/// use ownership_layout::{CachePadded, CACHE_LINE};
///
/// assert_eq!(align_of::<CachePadded<u8>>(), CACHE_LINE);
/// assert!(CACHE_LINE.is_power_of_two() && CACHE_LINE >= 32);
/// ```
pub const CACHE_LINE: usize = align_of::<CachePadded<()>>();

// The alignment this target must get (the list in the doc comment above).
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "powerpc64"
))]
static_assertions::const_assert_eq!(CACHE_LINE, 128);
#[cfg(target_arch = "s390x")]
static_assertions::const_assert_eq!(CACHE_LINE, 256);
#[cfg(any(
    target_arch = "arm",
    target_arch = "mips",
    target_arch = "mips64",
    target_arch = "sparc",
    target_arch = "hexagon"
))]
static_assertions::const_assert_eq!(CACHE_LINE, 32);
// Size: a multiple of the line, and at least one line.
static_assertions::const_assert_eq!(size_of::<CachePadded<u8>>(), CACHE_LINE);
static_assertions::const_assert_eq!(size_of::<CachePadded<[u8; 129]>>() % CACHE_LINE, 0);
static_assertions::const_assert!(size_of::<CachePadded<[u8; 129]>>() >= 129);
