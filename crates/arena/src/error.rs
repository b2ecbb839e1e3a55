//! `AllocError`: why an arena could not hand out memory.

use core::alloc::Layout;
use core::fmt;

/// Why an arena could not hand out memory.
///
/// Every `try_*` method of [`Bump`](crate::Bump) returns it; the infallible methods panic with
/// its message.
///
/// # Examples
///
/// ```
/// use ownership_arena::{AllocError, Bump};
///
/// let bump = Bump::new();
/// bump.set_allocation_limit(Some(1024));
/// let err = bump.try_alloc_slice_fill_with(4096, |i| i as u8).unwrap_err();
/// assert!(matches!(err, AllocError::LimitExceeded { requested: 4096, .. }));
/// assert!(err.to_string().contains("limit of 1024 bytes"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AllocError {
    /// The size of the request does not fit in `isize::MAX` bytes (with its alignment padding
    /// and the chunk header), e.g. a slice of `usize::MAX` elements.
    SizeOverflow,
    /// The allocation needs a new chunk, and that chunk would take the arena past the limit
    /// set with [`Bump::set_allocation_limit`](crate::Bump::set_allocation_limit).
    LimitExceeded {
        /// Bytes the allocation asked for.
        requested: usize,
        /// Bytes the arena may still take from the system allocator for new chunks.
        remaining: usize,
        /// The limit itself.
        limit: usize,
    },
    /// The system allocator returned null for a new chunk of this layout.
    OutOfMemory {
        /// The chunk the arena asked for.
        chunk: Layout,
    },
}

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            AllocError::SizeOverflow => f.write_str(
                "arena allocation size overflows: the request (with alignment padding) does not \
                 fit in isize::MAX bytes",
            ),
            AllocError::LimitExceeded {
                requested,
                remaining,
                limit,
            } => write!(
                f,
                "arena allocation of {requested} bytes needs a new chunk, but only {remaining} \
                 bytes of the arena's limit of {limit} bytes remain; raise it with \
                 `set_allocation_limit` or `reset` the arena"
            ),
            AllocError::OutOfMemory { chunk } => write!(
                f,
                "the system allocator refused a new arena chunk of {} bytes (alignment {})",
                chunk.size(),
                chunk.align()
            ),
        }
    }
}

impl core::error::Error for AllocError {}

/// Panics with the error's message: the infallible methods' slow path.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn alloc_failed(err: AllocError) -> ! {
    panic!("{err}")
}
