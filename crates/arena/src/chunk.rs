//! Chunks: blocks of memory from the system allocator, each with a small header at its base,
//! kept on intrusive singly linked lists (no allocation to track them).

use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

use crate::error::AllocError;

/// Every chunk is aligned at least this much, so the header (three words) is aligned too.
pub(crate) const CHUNK_ALIGN: usize = 16;

/// Bytes at the base of each chunk taken by its header.
pub(crate) const HEADER: usize = size_of::<Header>();

struct Header {
    /// The next chunk on whichever list this chunk is on.
    next: Option<Chunk>,
    /// What the chunk was allocated with, to free it.
    layout: Layout,
}

/// A handle to a live chunk.
///
/// Invariant: a `Chunk` is on exactly one list of a live arena (or in a local on its way
/// between two lists), and its memory stays allocated until [`Chunk::free`] consumes it. The
/// getters below rely on that.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Chunk(NonNull<Header>);

impl Chunk {
    /// Allocates a chunk with `layout` from the system allocator.
    ///
    /// `layout` must have `size >= HEADER` and `align >= CHUNK_ALIGN` (the callers round
    /// their sizes so).
    pub(crate) fn allocate(layout: Layout) -> Result<Chunk, AllocError> {
        debug_assert!(layout.size() >= HEADER && layout.align() >= CHUNK_ALIGN);
        // SAFETY: the layout's size is non-zero (at least `HEADER`).
        let base = unsafe { alloc::alloc::alloc(layout) };
        let base =
            NonNull::new(base.cast::<Header>()).ok_or(AllocError::OutOfMemory { chunk: layout })?;
        // SAFETY: `base` is fresh memory of at least `HEADER` bytes aligned to `CHUNK_ALIGN`,
        // enough for a `Header`.
        unsafe { base.write(Header { next: None, layout }) };
        Ok(Chunk(base))
    }

    /// Returns the chunk's memory to the system allocator.
    ///
    /// # Safety
    ///
    /// The chunk is on no list any more, and nothing will read the memory it held (every
    /// value in it was dropped or is never to be touched again).
    pub(crate) unsafe fn free(self) {
        let layout = self.layout();
        // SAFETY: the caller gives up the chunk, which `allocate` got with this layout.
        unsafe { alloc::alloc::dealloc(self.0.as_ptr().cast::<u8>(), layout) }
    }

    /// Returns the layout the chunk was allocated with.
    pub(crate) fn layout(self) -> Layout {
        // SAFETY: the chunk is live (type invariant), so its header is initialized.
        unsafe { (*self.0.as_ptr()).layout }
    }

    fn next(self) -> Option<Chunk> {
        // SAFETY: the chunk is live (type invariant), so its header is initialized.
        unsafe { (*self.0.as_ptr()).next }
    }

    fn set_next(self, next: Option<Chunk>) {
        // SAFETY: the chunk is live (type invariant); only the arena that owns it writes its
        // header, and never while another reference to the header exists.
        unsafe { (*self.0.as_ptr()).next = next }
    }

    /// Returns the lowest address values may occupy: just above the header.
    pub(crate) fn start(self) -> usize {
        self.0.addr().get() + HEADER
    }

    /// Returns a pointer one past the chunk's last byte, with the provenance of the whole
    /// chunk: the arena bumps down from here.
    pub(crate) fn end(self) -> NonNull<u8> {
        // SAFETY: one past the end of the allocation is in bounds for `add`.
        unsafe { self.0.cast::<u8>().add(self.layout().size()) }
    }
}

/// Returns the address of a `layout` allocation placed just below `ptr`, if it stays at or
/// above `start`: the arena's whole fast path, one overflow check and one comparison.
#[inline(always)]
pub(crate) fn bump_down(ptr: usize, start: usize, layout: Layout) -> Option<usize> {
    let new = ptr.checked_sub(layout.size())? & !(layout.align() - 1);
    if new >= start { Some(new) } else { None }
}

/// An intrusive list of chunks, newest first.
#[derive(Debug, Default)]
pub(crate) struct ChunkList {
    head: Cell<Option<Chunk>>,
}

impl ChunkList {
    pub(crate) const fn new() -> Self {
        ChunkList {
            head: Cell::new(None),
        }
    }

    /// Returns the newest chunk.
    pub(crate) fn first(&self) -> Option<Chunk> {
        self.head.get()
    }

    pub(crate) fn push(&self, chunk: Chunk) {
        chunk.set_next(self.head.get());
        self.head.set(Some(chunk));
    }

    pub(crate) fn pop(&self) -> Option<Chunk> {
        let chunk = self.head.get()?;
        self.head.set(chunk.next());
        Some(chunk)
    }

    /// Unlinks and returns the first chunk for which `fits` is true.
    pub(crate) fn take_first(&self, fits: impl Fn(Chunk) -> bool) -> Option<Chunk> {
        let mut prev: Option<Chunk> = None;
        let mut cur = self.head.get();
        while let Some(chunk) = cur {
            if fits(chunk) {
                match prev {
                    None => self.head.set(chunk.next()),
                    Some(p) => p.set_next(chunk.next()),
                }
                return Some(chunk);
            }
            prev = cur;
            cur = chunk.next();
        }
        None
    }

    /// Calls `f` on every chunk, newest first, without unlinking them.
    pub(crate) fn for_each(&self, mut f: impl FnMut(Chunk)) {
        let mut cur = self.head.get();
        while let Some(chunk) = cur {
            cur = chunk.next();
            f(chunk);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn bump_down_aligns_and_checks_bounds() {
        assert_eq!(bump_down(100, 0, layout(8, 8)), Some(88));
        assert_eq!(bump_down(101, 0, layout(8, 8)), Some(88));
        assert_eq!(bump_down(100, 90, layout(8, 8)), None);
        assert_eq!(bump_down(100, 0, layout(0, 1)), Some(100));
        assert_eq!(
            bump_down(7, 0, layout(8, 1)),
            None,
            "underflow is a miss, not a wrap"
        );
        assert_eq!(bump_down(4096 + 10, 0, layout(1, 4096)), Some(4096));
    }

    #[test]
    fn list_push_pop_and_take_first() {
        let chunks: [Chunk; 3] =
            core::array::from_fn(|i| Chunk::allocate(layout(64 * (i + 1), 16)).unwrap());
        let list = ChunkList::new();
        for c in chunks {
            list.push(c);
        }
        assert_eq!(list.first(), Some(chunks[2]));
        let middle = list.take_first(|c| c.layout().size() == 128);
        assert_eq!(middle, Some(chunks[1]));
        assert_eq!(list.take_first(|c| c.layout().size() == 128), None);
        let mut seen = 0;
        list.for_each(|c| seen += c.layout().size());
        assert_eq!(seen, 64 + 192);
        assert_eq!(list.pop(), Some(chunks[2]));
        assert_eq!(list.pop(), Some(chunks[0]));
        assert_eq!(list.pop(), None);
        for c in chunks {
            assert_eq!(c.end().addr().get() - c.start(), c.layout().size() - HEADER);
            // SAFETY: the chunks are on no list and hold no values.
            unsafe { c.free() };
        }
    }
}
