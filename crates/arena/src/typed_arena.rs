//! `TypedArena`: an arena of values of one type, with addresses that never move.

use alloc::vec::Vec;
use core::cell::{Cell, UnsafeCell};
use core::fmt;
use core::mem;
use core::ptr;

/// Bytes the first chunk aims for (like typed-arena's first chunk).
const FIRST_CHUNK_BYTES: usize = 1024;

/// An arena of values of one type `T`: allocation through `&self`, addresses that never
/// move, every value dropped (oldest first) with the arena or by [`clear`](TypedArena::clear).
///
/// Values live in chunks (`Vec<T>`s that are never grown past their capacity once a value in
/// them was handed out, so values never move). `TypedArena` has no `Drop` impl of its own:
/// dropping it drops those `Vec`s, whose destructor the drop checker knows does not touch
/// borrowed data, so values may point at other values of the same arena even if `T` has drop
/// glue (as long as `T` has no `Drop` impl that reads through those references).
///
/// # Examples
///
/// ```
/// use ownership_arena::TypedArena;
/// use std::cell::Cell;
///
/// struct Node<'a> {
///     name: String,
///     next: Cell<Option<&'a Node<'a>>>,
/// }
///
/// let arena = TypedArena::new();
/// let a = arena.alloc(Node { name: "a".into(), next: Cell::new(None) });
/// let b = arena.alloc(Node { name: "b".into(), next: Cell::new(Some(a)) });
/// a.next.set(Some(b)); // a cycle: fine, and both `String`s are dropped with the arena
/// assert_eq!(a.next.get().unwrap().next.get().unwrap().name, "a");
/// ```
pub struct TypedArena<T> {
    /// Reached through `&self` without a borrow flag, so `alloc`'s fast path does no
    /// bookkeeping stores (`RefCell::borrow_mut` costs two per call). Instead, `busy`
    /// guards the only two places where other code runs while a `&mut Chunks` is live.
    chunks: UnsafeCell<Chunks<T>>,
    /// Set while `alloc_extend` runs its iterator, or `grow` calls the allocator: a method
    /// called from there (through `&self`) must not make a second reference to `chunks`,
    /// so every one checks this first and panics.
    busy: Cell<bool>,
}

/// A snapshot of the arena's sizes.
struct Stats {
    len: usize,
    chunks: usize,
    bytes: usize,
}

/// Marks the chunks as borrowed (sets the arena's `busy` flag) while outside code runs, and
/// clears the mark again when dropped, even by a panic.
struct ChunksBorrow<'a>(&'a Cell<bool>);

impl<'a> ChunksBorrow<'a> {
    fn enter(busy: &'a Cell<bool>) -> Self {
        busy.set(true);
        ChunksBorrow(busy)
    }
}

impl Drop for ChunksBorrow<'_> {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn reentered() -> ! {
    panic!("TypedArena used from inside its own alloc_extend iterator (or its allocator)")
}

// Field order is drop order: older chunks first, so values are dropped oldest first.
struct Chunks<T> {
    /// Full chunks, oldest first.
    rest: Vec<Vec<T>>,
    /// The chunk being filled; `len <= capacity` and it is never reallocated while it holds
    /// handed-out values.
    current: Vec<T>,
}

impl<T> Chunks<T> {
    /// Returns the capacity of the next chunk: at least `needed`, and at least twice the
    /// current chunk's.
    fn next_capacity(&self, needed: usize) -> usize {
        let first = FIRST_CHUNK_BYTES / size_of::<T>().max(1);
        self.current
            .capacity()
            .saturating_mul(2)
            .max(needed)
            .max(first)
            .max(1)
    }

    /// Starts a new current chunk with room for at least `additional` values.
    ///
    /// The caller holds a [`ChunksBorrow`]: the allocator is outside code. If it unwinds (an
    /// allocation error hook may panic), nothing has moved yet: both allocations come before
    /// the full chunk leaves `current`, so no value handed out is dropped early.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, additional: usize) {
        let cap = self.next_capacity(additional);
        if !self.current.is_empty() {
            self.rest.reserve(1);
        }
        let new = Vec::with_capacity(cap);
        let full = mem::replace(&mut self.current, new);
        if !full.is_empty() {
            // Reserved above: `push` does not allocate.
            self.rest.push(full);
        }
    }
}

impl<T> TypedArena<T> {
    /// Creates an empty arena; it allocates nothing until the first value.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::TypedArena;
    ///
    /// let arena: TypedArena<u32> = TypedArena::new();
    /// assert!(arena.is_empty());
    /// ```
    pub const fn new() -> Self {
        TypedArena {
            chunks: UnsafeCell::new(Chunks {
                current: Vec::new(),
                rest: Vec::new(),
            }),
            busy: Cell::new(false),
        }
    }

    /// Creates an arena whose first chunk holds `n` values.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::TypedArena;
    ///
    /// let arena = TypedArena::with_capacity(100);
    /// arena.alloc(1u64);
    /// assert_eq!(arena.allocated_bytes(), 800);
    /// ```
    pub fn with_capacity(n: usize) -> Self {
        TypedArena {
            chunks: UnsafeCell::new(Chunks {
                current: Vec::with_capacity(n),
                rest: Vec::new(),
            }),
            busy: Cell::new(false),
        }
    }

    /// Counts the values, chunks and bytes, or `None` while a `&mut` to the chunks is live.
    fn stats(&self) -> Option<Stats> {
        if self.busy.get() {
            return None;
        }
        // SAFETY: a `&mut Chunks` (in `alloc`, `alloc_extend`) runs outside code only with
        // `busy` set, so none is live now (`!Sync`: no other thread holds one); this `&` runs
        // no outside code and ends here, so no `&mut` is made while it lives.
        let chunks = unsafe { &*self.chunks.get() };
        let bytes = |chunk: &Vec<T>| chunk.capacity() * size_of::<T>();
        Some(Stats {
            len: chunks.current.len() + chunks.rest.iter().map(Vec::len).sum::<usize>(),
            chunks: chunks.rest.len() + 1,
            bytes: bytes(&chunks.current) + chunks.rest.iter().map(bytes).sum::<usize>(),
        })
    }

    /// Moves `value` into the arena and returns a reference that stays valid (and at the
    /// same address) as long as the arena is borrowed.
    ///
    /// # Panics
    ///
    /// If called from inside the iterator of an [`alloc_extend`](Self::alloc_extend) on the
    /// same arena; or if a new chunk cannot be allocated (as `Vec` does).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// let x = arena.alloc(1);
    /// let y = arena.alloc(2);
    /// *x += *y;
    /// assert_eq!(*x, 3);
    /// ```
    #[inline]
    #[allow(clippy::mut_from_ref)] // each value is handed out once, and never moves
    pub fn alloc(&self, value: T) -> &mut T {
        if self.busy.get() {
            reentered();
        }
        // SAFETY: no other reference to the chunks is live (see `stats`; `busy` is clear),
        // and this one is used only in this call, which runs no outside code but `grow`'s
        // allocator, under a `ChunksBorrow`.
        let chunks = unsafe { &mut *self.chunks.get() };
        if chunks.current.len() == chunks.current.capacity() {
            // Out of line, and before `value` is touched: passing `value` to a slow path
            // would make the fast path spill it to the stack.
            let _busy = ChunksBorrow::enter(&self.busy);
            chunks.grow(1);
        }
        let len = chunks.current.len();
        // Writing the slot and bumping the length is `push` without its growth check. The
        // buffer never reallocates and lives until the arena is dropped or `clear`ed (both
        // need `&mut self`), so the reference handed out stays valid as long as `&self`.
        // SAFETY: `len < capacity` (just ensured): the slot is allocated and unused, and
        // `as_mut_ptr` makes no reference to the other, handed-out elements.
        unsafe {
            let slot = chunks.current.as_mut_ptr().add(len);
            slot.write(value);
            chunks.current.set_len(len + 1);
            &mut *slot
        }
    }

    /// Moves every value of `iter` into the arena as one contiguous slice.
    ///
    /// # Panics
    ///
    /// If the iterator allocates in this same arena (the arena is borrowed while it runs),
    /// or panics itself (the values already moved in stay in the arena and are dropped with
    /// it).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// let words = arena.alloc_extend("to be or not".split(' ').map(String::from));
    /// assert_eq!(words.len(), 4);
    /// assert_eq!(words[3], "not");
    /// ```
    #[allow(clippy::mut_from_ref)]
    pub fn alloc_extend(&self, iter: impl IntoIterator<Item = T>) -> &mut [T] {
        let mut iter = iter.into_iter();
        if self.busy.get() {
            reentered();
        }
        // The iterator is outside code: anything it calls on this arena sees `busy`.
        let _busy = ChunksBorrow::enter(&self.busy);
        // SAFETY: no other reference to the chunks is live (`busy` was clear, see `stats`),
        // and none can be made while `_busy` holds the flag.
        let chunks = unsafe { &mut *self.chunks.get() };
        let hint = iter.size_hint().0;
        if chunks.current.capacity() - chunks.current.len() < hint {
            chunks.grow(hint);
        }
        let mut start = chunks.current.len();
        while let Some(value) = iter.next() {
            if chunks.current.len() == chunks.current.capacity() {
                let done = chunks.current.len() - start;
                let needed = done.saturating_add(1).saturating_add(iter.size_hint().0);
                if start == 0 {
                    // The chunk holds this slice alone, none of it handed out yet: move it
                    // to a larger buffer, as `Vec` grows, which frees the old one instead of
                    // leaving an emptied chunk behind.
                    chunks
                        .current
                        .reserve_exact(chunks.next_capacity(needed) - done);
                } else {
                    // Earlier values were handed out from this chunk, so it must stay: the
                    // slice, which must be contiguous, moves to a new chunk. None of it was
                    // handed out yet.
                    chunks.grow(needed);
                    // `grow` moved the full chunk (it holds the earlier values and our `done`
                    // ones) to `rest`; it keeps the earlier ones.
                    if let (true, Some(full)) = (done > 0, chunks.rest.last_mut()) {
                        chunks.current.extend(full.drain(start..));
                    }
                    start = 0;
                }
            }
            chunks.current.push(value);
        }
        let len = chunks.current.len() - start;
        // SAFETY: `start..start + len` are the values pushed above, in bounds, handed out
        // only here; as in `alloc`, the buffer never moves while the arena is borrowed.
        unsafe {
            let data = chunks.current.as_mut_ptr().add(start);
            &mut *ptr::slice_from_raw_parts_mut(data, len)
        }
    }

    /// Returns how many values the arena holds.
    ///
    /// # Panics
    ///
    /// If called from inside the iterator of an `alloc_extend` on the same arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// arena.alloc_extend(0..10);
    /// assert_eq!(arena.len(), 10);
    /// ```
    pub fn len(&self) -> usize {
        self.stats().unwrap_or_else(|| reentered()).len
    }

    /// Returns `true` if the arena holds no value.
    ///
    /// # Panics
    ///
    /// As [`len`](Self::len).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// assert!(arena.is_empty());
    /// arena.alloc('x');
    /// assert!(!arena.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns the bytes of chunk memory the arena holds from the allocator.
    ///
    /// # Panics
    ///
    /// As [`len`](Self::len).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::TypedArena;
    ///
    /// let arena = TypedArena::<u32>::with_capacity(10);
    /// assert_eq!(arena.allocated_bytes(), 40);
    /// ```
    pub fn allocated_bytes(&self) -> usize {
        self.stats().unwrap_or_else(|| reentered()).bytes
    }

    /// Iterates over every value, oldest first, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::TypedArena;
    ///
    /// let mut arena = TypedArena::new();
    /// arena.alloc_extend(1..=3);
    /// for n in arena.iter_mut() {
    ///     *n *= 10;
    /// }
    /// assert_eq!(arena.into_vec(), [10, 20, 30]);
    /// ```
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> + '_ {
        let chunks = self.chunks.get_mut();
        chunks
            .rest
            .iter_mut()
            .flat_map(|chunk| chunk.iter_mut())
            .chain(chunks.current.iter_mut())
    }

    /// Consumes the arena and returns its values, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// arena.alloc("a");
    /// arena.alloc_extend(["b", "c"]);
    /// assert_eq!(arena.into_vec(), ["a", "b", "c"]);
    /// ```
    pub fn into_vec(self) -> Vec<T> {
        let Chunks { current, rest } = self.chunks.into_inner();
        if rest.is_empty() {
            return current;
        }
        let total = current.len() + rest.iter().map(Vec::len).sum::<usize>();
        let mut all = Vec::with_capacity(total);
        for chunk in rest {
            all.extend(chunk);
        }
        all.extend(current);
        all
    }

    /// Drops every value and keeps the memory for the next values.
    ///
    /// The arena keeps one chunk: when it held several, a single chunk with their total
    /// capacity (one allocation), so the next cycle of the same size needs no allocation; if
    /// that allocation fails, the largest chunk.
    ///
    /// # Panics
    ///
    /// If a destructor panics; values not dropped yet stay in the arena and are dropped with
    /// it (none is dropped twice).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::TypedArena;
    ///
    /// let mut arena = TypedArena::new();
    /// for frame in 0..3 {
    ///     arena.alloc_extend((0..1000).map(|i| i * frame));
    ///     assert_eq!(arena.len(), 1000);
    ///     arena.clear();
    /// }
    /// assert!(arena.is_empty());
    /// ```
    pub fn clear(&mut self) {
        let chunks = self.chunks.get_mut();
        // Oldest first, as when the arena is dropped. `Vec::clear` sets the length before
        // dropping, so a panicking destructor cannot cause a double drop.
        for chunk in &mut chunks.rest {
            chunk.clear();
        }
        chunks.current.clear();
        if chunks.rest.is_empty() {
            return;
        }
        let total =
            chunks.current.capacity() + chunks.rest.iter().map(Vec::capacity).sum::<usize>();
        let mut merged = Vec::new();
        if merged.try_reserve_exact(total).is_ok() {
            chunks.current = merged;
        } else if let Some(largest) = chunks.rest.iter_mut().max_by_key(|c| c.capacity()) {
            if largest.capacity() > chunks.current.capacity() {
                mem::swap(largest, &mut chunks.current);
            }
        }
        chunks.rest.clear();
    }
}

impl<T> Default for TypedArena<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for TypedArena<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("TypedArena");
        match self.stats() {
            Some(stats) => out.field("len", &stats.len).field("chunks", &stats.chunks),
            None => out.field("len", &"<being extended>"),
        };
        out.finish()
    }
}

impl<T> ownership_core_traits::ArenaAlloc<T> for TypedArena<T> {
    #[inline]
    fn alloc(&self, value: T) -> &mut T {
        TypedArena::alloc(self, value)
    }

    fn allocated_bytes(&self) -> usize {
        TypedArena::allocated_bytes(self)
    }
}
