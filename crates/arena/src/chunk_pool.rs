//! The memory an arena holds from the system allocator: the byte count, the limit, the
//! chunk-size policy, and the spare chunks that scopes and resets leave for reuse.

use core::alloc::Layout;
use core::cell::Cell;

use crate::chunk::{CHUNK_ALIGN, Chunk, ChunkList, HEADER, bump_down};
use crate::error::AllocError;

/// Size of the first chunk when nothing else was asked for (like bumpalo's first chunk).
pub(crate) const FIRST_CHUNK: usize = 512;

/// Geometric growth stops doubling here, so the policy size always fits a `Layout`.
const MAX_POLICY: usize = 1 << (usize::BITS - 2);

#[derive(Debug)]
pub(crate) struct ChunkPool {
    /// Chunks no region uses right now, ready for the next slow path.
    spare: ChunkList,
    /// Spare chunks last taken while their taker's free space was lent to a scope. `reset`
    /// keeps them apart instead of merging them into the arena's one chunk: the next cycle
    /// lends that chunk to its scope again and needs them again, so merging them would grow
    /// the arena on every reset.
    lent_spare: ChunkList,
    /// Sum of the sizes of every chunk held (in use or spare).
    allocated: Cell<usize>,
    limit: Cell<Option<usize>>,
}

impl ChunkPool {
    pub(crate) const fn new() -> Self {
        ChunkPool {
            spare: ChunkList::new(),
            lent_spare: ChunkList::new(),
            allocated: Cell::new(0),
            limit: Cell::new(None),
        }
    }

    pub(crate) fn allocated(&self) -> usize {
        self.allocated.get()
    }

    pub(crate) fn limit(&self) -> Option<usize> {
        self.limit.get()
    }

    pub(crate) fn set_limit(&self, limit: Option<usize>) {
        self.limit.set(limit);
    }

    /// Returns a chunk in which a `layout` allocation fits: a spare one if any fits, else a
    /// new one from the system allocator, `next_size` large (see [`ChunkPool::allocate`]).
    pub(crate) fn acquire(
        &self,
        layout: Layout,
        next_size: &Cell<usize>,
    ) -> Result<Chunk, AllocError> {
        let fits = |c: Chunk| {
            c.layout().align() >= layout.align()
                && bump_down(c.end().addr().get(), c.start(), layout).is_some()
        };
        if let Some(chunk) =
            (self.spare.take_first(fits)).or_else(|| self.lent_spare.take_first(fits))
        {
            return Ok(chunk);
        }
        self.allocate(layout, next_size)
    }

    /// Allocates a new chunk in which a `layout` allocation fits, at least `next_size` bytes
    /// large, and doubles `next_size` if the chunk was of that size.
    ///
    /// `next_size` belongs to the arena level (the arena, or one scope) that asks, and starts
    /// small for each: a level's chunks grow with what that level uses, not with what the
    /// whole arena ever took.
    fn allocate(&self, layout: Layout, next_size: &Cell<usize>) -> Result<Chunk, AllocError> {
        // The end of a chunk whose size is a multiple of `align` is `align`-aligned, so the
        // first allocation lands `size` rounded up to `align` below it, above the header.
        let align = layout.align().max(CHUNK_ALIGN);
        let needed = layout
            .size()
            .checked_next_multiple_of(layout.align())
            .and_then(|body| body.checked_add(HEADER))
            .and_then(|n| n.checked_next_multiple_of(align))
            .ok_or(AllocError::SizeOverflow)?;
        let policy = next_size.get();
        let mut size = policy
            .checked_next_multiple_of(align)
            .ok_or(AllocError::SizeOverflow)?
            .max(needed);
        if let Some(limit) = self.limit.get() {
            let remaining = limit.saturating_sub(self.allocated.get());
            if needed > remaining {
                return Err(AllocError::LimitExceeded {
                    requested: layout.size(),
                    remaining,
                    limit,
                });
            }
            // Still at least `needed`: both are multiples of `align`.
            size = size.min(remaining & !(align - 1));
        }
        let chunk_layout =
            Layout::from_size_align(size, align).map_err(|_| AllocError::SizeOverflow)?;
        let chunk = Chunk::allocate(chunk_layout)?;
        self.allocated.set(self.allocated.get() + size);
        // Only chunks of the policy's size grow it: one huge allocation does not make every
        // later chunk huge.
        if needed <= policy {
            next_size.set((policy * 2).min(MAX_POLICY));
        }
        Ok(chunk)
    }

    /// Allocates the first chunk of an arena made `with_capacity(bytes)`; its next chunk is
    /// twice as large.
    pub(crate) fn allocate_capacity(
        &self,
        bytes: usize,
        next_size: &Cell<usize>,
    ) -> Result<Chunk, AllocError> {
        let layout = Layout::from_size_align(bytes, 1).map_err(|_| AllocError::SizeOverflow)?;
        let chunk = self.allocate(layout, next_size)?;
        let grown = chunk.layout().size().saturating_mul(2).min(MAX_POLICY);
        next_size.set(next_size.get().max(grown));
        Ok(chunk)
    }

    /// Keeps `chunk` (which holds no live value any more) for reuse.
    pub(crate) fn release(&self, chunk: Chunk) {
        self.spare.push(chunk);
    }

    /// Keeps `chunk` (which holds no live value any more), taken while its taker's free
    /// space was lent to a scope, for reuse; `reset` does not merge it.
    pub(crate) fn release_lent(&self, chunk: Chunk) {
        self.lent_spare.push(chunk);
    }

    /// Takes a spare chunk that `reset` merges (not one kept by `release_lent`).
    pub(crate) fn pop_spare(&self) -> Option<Chunk> {
        self.spare.pop()
    }

    /// Takes any spare chunk, to free it.
    pub(crate) fn pop_any_spare(&self) -> Option<Chunk> {
        self.spare.pop().or_else(|| self.lent_spare.pop())
    }

    /// Returns `chunk` to the system allocator.
    ///
    /// # Safety
    ///
    /// As for [`Chunk::free`]: the chunk is on no list and nothing reads its memory again.
    pub(crate) unsafe fn free(&self, chunk: Chunk) {
        self.allocated
            .set(self.allocated.get() - chunk.layout().size());
        // SAFETY: forwarded from the caller.
        unsafe { chunk.free() }
    }

    /// Allocates one chunk of at least `size` bytes aligned to `align` (a power of two, at
    /// least `CHUNK_ALIGN`), for `reset` to merge several chunks into one; `None` if the
    /// limit or the allocator says no.
    pub(crate) fn allocate_merged(&self, size: usize, align: usize) -> Option<Chunk> {
        // A multiple of `align`, so the chunk's end, where bumping starts, is aligned too.
        let size = size.checked_next_multiple_of(align)?;
        if self
            .limit
            .get()
            .is_some_and(|limit| size > limit.saturating_sub(self.allocated.get()))
        {
            return None;
        }
        let layout = Layout::from_size_align(size, align).ok()?;
        let chunk = Chunk::allocate(layout).ok()?;
        self.allocated.set(self.allocated.get() + size);
        Some(chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    fn first() -> Cell<usize> {
        Cell::new(FIRST_CHUNK)
    }

    fn free_all(pool: &ChunkPool, chunks: impl IntoIterator<Item = Chunk>) {
        for c in chunks {
            // SAFETY: the chunks are on no list and hold no values.
            unsafe { pool.free(c) };
        }
        while let Some(c) = pool.pop_spare() {
            // SAFETY: as above.
            unsafe { pool.free(c) };
        }
        assert_eq!(pool.allocated(), 0);
    }

    #[test]
    fn chunks_grow_geometrically_and_fit_their_request() {
        let pool = ChunkPool::new();
        let next = first();
        let a = pool.acquire(layout(8, 8), &next).unwrap();
        let b = pool.acquire(layout(8, 8), &next).unwrap();
        let huge = pool.acquire(layout(100_000, 4096), &next).unwrap();
        let c = pool.acquire(layout(8, 8), &next).unwrap();
        assert_eq!(a.layout().size(), FIRST_CHUNK);
        assert_eq!(b.layout().size(), 2 * FIRST_CHUNK);
        assert!(huge.layout().size() >= 100_000 + HEADER);
        assert_eq!(huge.layout().align(), 4096);
        assert_eq!(
            c.layout().size(),
            4 * FIRST_CHUNK,
            "a huge request does not grow the policy"
        );
        assert_eq!(pool.allocated(), 7 * FIRST_CHUNK + huge.layout().size());
        free_all(&pool, [a, b, huge, c]);
    }

    #[test]
    fn spare_chunks_are_reused_when_they_fit() {
        let pool = ChunkPool::new();
        let next = first();
        let a = pool.acquire(layout(8, 8), &next).unwrap();
        pool.release(a);
        assert_eq!(pool.acquire(layout(8, 8), &next).unwrap(), a);
        pool.release(a);
        let big = pool.acquire(layout(4000, 8), &next).unwrap();
        assert_ne!(big, a, "a too small spare is skipped");
        free_all(&pool, [big]);
    }

    #[test]
    fn limit_clamps_chunks_and_reports_remaining() {
        let pool = ChunkPool::new();
        let next = first();
        pool.set_limit(Some(700));
        let a = pool.acquire(layout(8, 8), &next).unwrap();
        let b = pool.acquire(layout(8, 8), &next).unwrap();
        assert_eq!(
            b.layout().size(),
            176,
            "clamped to the 188 bytes left, rounded to 16"
        );
        assert_eq!(
            pool.acquire(layout(8, 8), &next),
            Err(AllocError::LimitExceeded {
                requested: 8,
                remaining: 12,
                limit: 700
            })
        );
        free_all(&pool, [a, b]);
    }

    #[test]
    fn overflowing_sizes_are_errors() {
        let pool = ChunkPool::new();
        let next = first();
        let max = Layout::from_size_align(isize::MAX as usize, 1).unwrap();
        assert_eq!(pool.acquire(max, &next), Err(AllocError::SizeOverflow));
        assert_eq!(
            pool.allocate_capacity(usize::MAX, &next),
            Err(AllocError::SizeOverflow)
        );
        assert_eq!(pool.allocated(), 0);
    }
}
