//! `Bump`: the bump arena, its scopes and resets, and the allocation fast and slow paths.

use core::alloc::Layout;
use core::cell::Cell;
use core::fmt;
use core::marker::PhantomData;
use core::mem;
use core::num::NonZero;
use core::ptr::{self, NonNull};

use crate::chunk::{CHUNK_ALIGN, Chunk, ChunkList, bump_down};
use crate::chunk_pool::{ChunkPool, FIRST_CHUNK};
use crate::drop_list::{DropList, SliceEntry, Slot};
use crate::error::{AllocError, alloc_failed};
use crate::growing::Growing;

/// A bump arena: allocation moves a pointer, everything is freed at once, and values that
/// need `Drop` are dropped when the arena is reset or dropped.
///
/// Allocation takes `&self`, so many values are alive at once and can point at each other.
/// Memory comes in chunks that grow geometrically with what the arena (or a scope) fills, and
/// over any run of scopes and resets it holds a bounded multiple of its peak live bytes (the
/// property test in `tests/memory_growth.rs` checks 4x plus 64 KiB); `alloc` of a `u64` is a
/// subtraction, a mask and one comparison, as in `bumpalo`.
///
/// # Examples
///
/// ```
/// use ownership_arena::Bump;
///
/// let bump = Bump::new();
/// let answer = bump.alloc(42u64);
/// let name = bump.alloc_str("arena");
/// let squares = bump.alloc_slice_fill_with(4, |i| i * i);
/// *answer += 1;
/// assert_eq!((*answer, &*name, &*squares), (43, "arena", &[0, 1, 4, 9][..]));
/// ```
///
/// # Destructors and the drop checker
///
/// A value whose type needs `Drop` gets an entry in a list kept *inside the arena* (in the
/// same bump as the value, so no extra allocation); [`reset`](Bump::reset) and dropping the
/// arena run the entries newest first. Types without drop glue get no entry and cost nothing
/// extra: the branch is on the constant `mem::needs_drop::<T>()`. [`alloc_no_drop`] opts out.
///
/// Running the destructor of a value the arena has forgotten the type of is only sound if
/// everything the value borrows is still alive when the arena drops it. This is what the
/// lifetime parameter `'d` is for:
///
/// - [`alloc`] and the other dropping methods require `T: 'd`: a dropped value may only borrow
///   data that lives for `'d`.
/// - `Bump<'d>` implements `Drop` and is *invariant* in `'d`, so the drop checker requires
///   `'d`, and thus all those borrows, to be alive where the arena is dropped. Invariance
///   stops `&Bump<'long>` from being used as a `&Bump<'short>` to sneak in a value borrowing
///   shorter-lived data.
/// - So a value can never borrow the arena itself or another value in it (those borrows end
///   before the arena is dropped): no destructor can see a value that was already dropped,
///   whatever the drop order.
///
/// Nodes that point at each other, like an AST's `Expr<'a>` with `&'a Expr<'a>` children,
/// use [`alloc_no_drop`], which has no bound because it never drops. (A [`TypedArena`]
/// can both drop and link its nodes, because it knows their type.)
///
/// ```compile_fail
/// use ownership_arena::Bump;
///
/// struct Shout<'a>(&'a str);
/// impl Drop for Shout<'_> {
///     fn drop(&mut self) {
///         println!("{}", self.0); // would read freed memory
///     }
/// }
///
/// let bump = Bump::new();
/// let text = String::from("dies before the arena");
/// bump.alloc(Shout(&text)); // error: `text` does not live long enough
/// ```
///
/// ```compile_fail
/// use ownership_arena::Bump;
///
/// // Invariance: a long-lived arena cannot pose as a short-lived one.
/// fn shorten<'a>(bump: &'a Bump<'static>) -> &'a Bump<'a> {
///     bump
/// }
/// ```
///
/// [`alloc`]: Bump::alloc
/// [`alloc_no_drop`]: Bump::alloc_no_drop
/// [`TypedArena`]: crate::TypedArena
pub struct Bump<'d> {
    /// The lowest address handed out so far in the current region; allocations go below it.
    /// Carries the provenance of the whole chunk (or lent region).
    ptr: Cell<NonNull<u8>>,
    /// The lowest address of the current region. Never 0, so a bumped address is non-null.
    start: Cell<usize>,
    /// The alignment the current region's chunk was allocated with. Alignments above
    /// `CHUNK_ALIGN` are served only from chunks allocated with at least that alignment, so
    /// they do not depend on where the system allocator happened to put a chunk.
    align: Cell<usize>,
    /// A second free region, kept when the arena left one with room to spare for another
    /// (a request did not fit, or the parent's free space came back from a scope after the
    /// parent had moved on): the slow path tries it before taking a chunk. Disjoint from the
    /// current region; never empty.
    spare: Cell<Option<Region>>,
    /// Size of the next chunk this level (the arena, or a scope) takes from the system
    /// allocator: `FIRST_CHUNK` when the level starts (and after `reset`), doubling with each
    /// chunk of that size taken because the level filled its region. Per level, so that a
    /// scope starts small instead of at the size the whole arena's growth reached.
    next_size: Cell<usize>,
    /// How many scopes hold this level's free space right now.
    lending: Cell<usize>,
    /// Chunks this arena or scope allocates from, newest first.
    chunks: ChunkList,
    /// Chunks this level took while a scope held its free space. They go back to the pool
    /// apart from the others, and `reset` keeps them as they are instead of merging them (see
    /// `ChunkPool::release_lent`).
    lent_out: ChunkList,
    drops: DropList,
    owner: Owner<'d>,
    /// Invariant in `'d` (see the type's docs), and `!Send`/`!Sync`: values with any
    /// destructor may be inside, including ones that must be dropped on this thread.
    _drops: PhantomData<(Invariant<'d>, *mut ())>,
}

/// A marker that makes a type invariant in `'d`.
type Invariant<'d> = fn(&'d ()) -> &'d ();

/// Who owns the memory: a root arena, or a [`Bump::scope`] that borrowed it.
enum Owner<'d> {
    Root(ChunkPool),
    Scope(Lent<'d>),
}

/// What a scope must give back to its parent.
struct Lent<'d> {
    parent: NonNull<Bump<'d>>,
    /// The parent's region when it was lent: it becomes the parent's again when the scope
    /// ends.
    region: Region,
    /// The parent's current chunk then, to tell whether the parent moved on meanwhile.
    chunk: Option<Chunk>,
}

/// Free memory to bump down in: `[start, ptr)`, inside a chunk allocated with `align`.
#[derive(Clone, Copy, Debug)]
struct Region {
    /// Carries the provenance of the whole chunk.
    ptr: NonNull<u8>,
    start: usize,
    align: usize,
}

impl Region {
    /// The whole of an empty chunk.
    fn of(chunk: Chunk) -> Region {
        Region {
            ptr: chunk.end(),
            start: chunk.start(),
            align: chunk.layout().align(),
        }
    }

    fn free(self) -> usize {
        self.ptr.addr().get() - self.start
    }

    fn fits(self, layout: Layout) -> bool {
        (layout.align() <= CHUNK_ALIGN || layout.align() <= self.align)
            && bump_down(self.ptr.addr().get(), self.start, layout).is_some()
    }
}

impl Bump<'_> {
    /// Creates an empty arena; it allocates nothing until the first allocation.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.allocated_bytes(), 0);
    /// ```
    pub const fn new() -> Self {
        Bump {
            // Address 1 with start 1: an empty region, below which nothing fits.
            ptr: Cell::new(NonNull::dangling()),
            start: Cell::new(1),
            align: Cell::new(CHUNK_ALIGN),
            spare: Cell::new(None),
            next_size: Cell::new(FIRST_CHUNK),
            lending: Cell::new(0),
            chunks: ChunkList::new(),
            lent_out: ChunkList::new(),
            drops: DropList::new(),
            owner: Owner::Root(ChunkPool::new()),
            _drops: PhantomData,
        }
    }

    /// Creates an arena whose first chunk holds at least `bytes` bytes.
    ///
    /// # Panics
    ///
    /// If the chunk cannot be allocated; see [`try_with_capacity`](Self::try_with_capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::with_capacity(4096);
    /// assert!(bump.chunk_capacity() >= 4096);
    /// ```
    #[track_caller]
    pub fn with_capacity(bytes: usize) -> Self {
        Self::try_with_capacity(bytes).unwrap_or_else(|e| alloc_failed(e))
    }

    /// Creates an arena whose first chunk holds at least `bytes` bytes, or says why not.
    ///
    /// # Errors
    ///
    /// [`AllocError::SizeOverflow`] if `bytes` plus the chunk header overflows `isize::MAX`,
    /// [`AllocError::OutOfMemory`] if the system allocator refuses.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::{AllocError, Bump};
    ///
    /// assert!(Bump::try_with_capacity(1024).is_ok());
    /// assert_eq!(Bump::try_with_capacity(usize::MAX).unwrap_err(), AllocError::SizeOverflow);
    /// ```
    pub fn try_with_capacity(bytes: usize) -> Result<Self, AllocError> {
        let bump = Self::new();
        let chunk = bump
            .chunk_pool()
            .allocate_capacity(bytes, &bump.next_size)?;
        bump.enter(chunk);
        Ok(bump)
    }
}

impl Default for Bump<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'d> Bump<'d> {
    // ---------------------------------------------------------------- the fast path

    /// Bumps down in the current region; `None` if the layout does not fit.
    #[inline(always)]
    fn bump(&self, layout: Layout) -> Option<NonNull<u8>> {
        // Constant-folded away for every type aligned to 16 or less.
        if layout.align() > CHUNK_ALIGN && layout.align() > self.align.get() {
            return None;
        }
        let ptr = self.ptr.get();
        let new = bump_down(ptr.addr().get(), self.start.get(), layout)?;
        // SAFETY: `new >= start >= 1`.
        let new = unsafe { NonZero::new_unchecked(new) };
        // Same provenance, an address inside the region: strict-provenance clean.
        let ptr = ptr.with_addr(new);
        self.ptr.set(ptr);
        Some(ptr)
    }

    /// Fast path, else the slow path, which panics on failure.
    #[inline(always)]
    fn alloc_layout_or_panic(&self, layout: Layout) -> NonNull<u8> {
        match self.bump(layout) {
            Some(ptr) => ptr,
            None => self.alloc_slow_or_panic(layout),
        }
    }

    #[inline(always)]
    fn alloc_layout_or_err(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        match self.bump(layout) {
            Some(ptr) => Ok(ptr),
            None => self.alloc_slow(layout),
        }
    }

    #[cold]
    #[inline(never)]
    #[track_caller]
    fn alloc_slow_or_panic(&self, layout: Layout) -> NonNull<u8> {
        self.alloc_slow(layout).unwrap_or_else(|e| alloc_failed(e))
    }

    /// Moves to a chunk with room for `layout` (a spare one, or a new one) and allocates.
    #[cold]
    #[inline(never)]
    fn alloc_slow(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            // No memory needed: any non-null aligned address will do, without provenance.
            let addr = NonZero::new(layout.align()).unwrap_or(NonZero::<usize>::MIN);
            return Ok(NonNull::dangling().with_addr(addr));
        }
        let left = self.region();
        match self.spare.get() {
            Some(spare) if spare.fits(layout) => {
                self.set_region(spare);
                self.spare.set(None);
            }
            _ => {
                let lending = self.lending.get() > 0;
                // Only a level that filled its own region grows its next chunk. One whose
                // region a scope holds, or whose region lacks the alignment asked for, gets a
                // chunk of the current size without growing it: doubling there grew the
                // chunks with the number of scopes, not with what the level uses.
                let out_of_room =
                    !lending && (layout.align() <= CHUNK_ALIGN || layout.align() <= left.align);
                let fixed = Cell::new(self.next_size.get());
                let next_size = if out_of_room { &self.next_size } else { &fixed };
                let chunk = self.chunk_pool().acquire(layout, next_size)?;
                if lending {
                    self.lent_out.push(chunk);
                    self.set_region(Region::of(chunk));
                } else {
                    self.enter(chunk);
                }
            }
        }
        self.keep_spare(left);
        // The spare region fits `layout`, and `acquire` returns a chunk in which it fits.
        self.bump(layout).ok_or(AllocError::SizeOverflow)
    }

    /// Makes `chunk` (empty, owned by nobody) the current region.
    fn enter(&self, chunk: Chunk) {
        self.chunks.push(chunk);
        self.set_region(Region::of(chunk));
    }

    fn region(&self) -> Region {
        Region {
            ptr: self.ptr.get(),
            start: self.start.get(),
            align: self.align.get(),
        }
    }

    fn set_region(&self, region: Region) {
        self.ptr.set(region.ptr);
        self.start.set(region.start);
        self.align.set(region.align);
    }

    /// Keeps `region`, which the arena no longer bumps in, as the spare region if it has more
    /// room than the spare region has now; the smaller of the two is given up until `reset`.
    fn keep_spare(&self, region: Region) {
        let room = |r: Option<Region>| r.map_or(0, Region::free);
        if region.free() > room(self.spare.get()) {
            self.spare.set(Some(region));
        }
    }

    fn chunk_pool(&self) -> &ChunkPool {
        match &self.owner {
            Owner::Root(pool) => pool,
            // SAFETY: a scope lives inside its parent's `scope` call, which borrows the
            // parent for the whole time.
            Owner::Scope(lent) => unsafe { lent.parent.as_ref() }.chunk_pool(),
        }
    }

    // ---------------------------------------------------------------- single values

    /// Moves `value` into the arena; it is dropped when the arena is reset or dropped.
    ///
    /// # Panics
    ///
    /// If a new chunk is needed and cannot be had: the message is the [`AllocError`]'s.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let a = bump.alloc(1u64);
    /// let b = bump.alloc(String::from("dropped with the arena"));
    /// *a += 1;
    /// b.push('!');
    /// assert_eq!((*a, b.as_str()), (2, "dropped with the arena!"));
    /// ```
    #[inline(always)]
    #[allow(clippy::mut_from_ref)] // every allocation is disjoint memory
    pub fn alloc<T: 'd>(&self, value: T) -> &mut T {
        self.alloc_with(|| value)
    }

    /// Moves `value` into the arena, or returns why it could not (dropping `value`).
    ///
    /// # Errors
    ///
    /// See [`AllocError`]: a size overflow, the allocation limit, or the system allocator.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// bump.set_allocation_limit(Some(0));
    /// assert!(bump.try_alloc(1u8).is_err());
    /// ```
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub fn try_alloc<T: 'd>(&self, value: T) -> Result<&mut T, AllocError> {
        self.try_alloc_with(|| value)
    }

    /// Allocates room for a `T`, then writes `f()` into it, which lets large values be built
    /// in place.
    ///
    /// # Panics
    ///
    /// As [`alloc`](Self::alloc); and if `f` panics (the room is then wasted until reset).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let table = bump.alloc_with(|| [0u8; 4096]);
    /// assert_eq!(table.len(), 4096);
    /// ```
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub fn alloc_with<T: 'd>(&self, f: impl FnOnce() -> T) -> &mut T {
        if const { mem::needs_drop::<T>() } {
            let slot = self.alloc_layout_or_panic(Layout::new::<Slot<T>>());
            // SAFETY: fresh arena memory for a `Slot<T>`, kept until `reset`/drop runs the
            // list; `T: 'd` outlives the arena (see the type's docs).
            unsafe { self.drops.init_slot(slot.cast(), f) }
        } else {
            let ptr = self.alloc_layout_or_panic(Layout::new::<T>()).cast::<T>();
            // SAFETY: fresh, aligned arena memory for a `T`, handed out only here.
            unsafe { write_fresh(ptr, f()) }
        }
    }

    /// Allocates room for a `T` and writes `f()` into it, or returns why it could not.
    ///
    /// # Errors
    ///
    /// See [`AllocError`]; `f` is not called then.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let v = bump.try_alloc_with(|| vec![1, 2, 3]).unwrap();
    /// assert_eq!(v.len(), 3);
    /// ```
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub fn try_alloc_with<T: 'd>(&self, f: impl FnOnce() -> T) -> Result<&mut T, AllocError> {
        if const { mem::needs_drop::<T>() } {
            let slot = self.alloc_layout_or_err(Layout::new::<Slot<T>>())?;
            // SAFETY: as in `alloc_with`.
            Ok(unsafe { self.drops.init_slot(slot.cast(), f) })
        } else {
            let ptr = self.alloc_layout_or_err(Layout::new::<T>())?.cast::<T>();
            // SAFETY: as in `alloc_with`.
            Ok(unsafe { write_fresh(ptr, f()) })
        }
    }

    /// Moves `value` into the arena and never drops it (its destructor is leaked).
    ///
    /// It has no `T: 'd` bound, so this is how values that borrow the arena itself are
    /// allocated, like tree nodes pointing at other nodes.
    ///
    /// # Panics
    ///
    /// As [`alloc`](Self::alloc).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// enum Expr<'a> {
    ///     Num(i64),
    ///     Add(&'a Expr<'a>, &'a Expr<'a>),
    /// }
    ///
    /// fn eval(e: &Expr<'_>) -> i64 {
    ///     match e {
    ///         Expr::Num(n) => *n,
    ///         Expr::Add(a, b) => eval(a) + eval(b),
    ///     }
    /// }
    ///
    /// let bump = Bump::new();
    /// let one = bump.alloc_no_drop(Expr::Num(1));
    /// let two = bump.alloc_no_drop(Expr::Num(2));
    /// let sum = bump.alloc_no_drop(Expr::Add(one, two));
    /// assert_eq!(eval(sum), 3);
    /// ```
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub fn alloc_no_drop<T>(&self, value: T) -> &mut T {
        let ptr = self.alloc_layout_or_panic(Layout::new::<T>()).cast::<T>();
        // SAFETY: fresh, aligned arena memory for a `T`, handed out only here.
        unsafe { write_fresh(ptr, value) }
    }

    /// Moves `value` into the arena without ever dropping it, or returns why it could not.
    ///
    /// # Errors
    ///
    /// See [`AllocError`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let local = 5;
    /// let r = bump.try_alloc_no_drop(&local).unwrap(); // borrows a shorter-lived local
    /// assert_eq!(**r, 5);
    /// ```
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub fn try_alloc_no_drop<T>(&self, value: T) -> Result<&mut T, AllocError> {
        let ptr = self.alloc_layout_or_err(Layout::new::<T>())?.cast::<T>();
        // SAFETY: fresh, aligned arena memory for a `T`, handed out only here.
        Ok(unsafe { write_fresh(ptr, value) })
    }

    /// Allocates uninitialized memory for `layout`; it is never dropped.
    ///
    /// # Panics
    ///
    /// As [`alloc`](Self::alloc).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    /// use std::alloc::Layout;
    ///
    /// let bump = Bump::new();
    /// let page = bump.alloc_layout(Layout::from_size_align(64, 64).unwrap());
    /// assert_eq!(page.as_ptr() as usize % 64, 0);
    /// ```
    #[inline(always)]
    pub fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        self.alloc_layout_or_panic(layout)
    }

    /// Allocates uninitialized memory for `layout`, or returns why it could not.
    ///
    /// # Errors
    ///
    /// See [`AllocError`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    /// use std::alloc::Layout;
    ///
    /// let bump = Bump::new();
    /// let huge = Layout::from_size_align(isize::MAX as usize, 1).unwrap();
    /// assert!(bump.try_alloc_layout(huge).is_err());
    /// ```
    #[inline(always)]
    pub fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        self.alloc_layout_or_err(layout)
    }

    // ---------------------------------------------------------------- slices and strings

    /// Copies `src` into the arena.
    ///
    /// # Panics
    ///
    /// As [`alloc`](Self::alloc).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let copy = bump.alloc_slice_copy(&[1, 2, 3]);
    /// copy[0] = 10;
    /// assert_eq!(copy, &[10, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    #[allow(clippy::mut_from_ref)]
    pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
        self.try_alloc_slice_copy(src)
            .unwrap_or_else(|e| alloc_failed(e))
    }

    /// Copies `src` into the arena, or returns why it could not.
    ///
    /// # Errors
    ///
    /// See [`AllocError`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.try_alloc_slice_copy(&[0u8; 0]).unwrap(), &[]);
    /// ```
    #[inline]
    #[allow(clippy::mut_from_ref)]
    pub fn try_alloc_slice_copy<T: Copy>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
        let dst = self
            .alloc_layout_or_err(Layout::for_value(src))?
            .cast::<T>();
        // SAFETY: `dst` is fresh arena memory for `src.len()` values, so it cannot overlap
        // `src`; `T: Copy` has no destructor to register. The slice is handed out only here.
        unsafe {
            ptr::copy_nonoverlapping(src.as_ptr(), dst.as_ptr(), src.len());
            Ok(&mut *ptr::slice_from_raw_parts_mut(dst.as_ptr(), src.len()))
        }
    }

    /// Copies `src` into the arena.
    ///
    /// # Panics
    ///
    /// As [`alloc`](Self::alloc).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let s = bump.alloc_str("hello");
    /// s.make_ascii_uppercase();
    /// assert_eq!(s, "HELLO");
    /// ```
    #[inline]
    #[track_caller]
    #[allow(clippy::mut_from_ref)]
    pub fn alloc_str(&self, src: &str) -> &mut str {
        self.try_alloc_str(src).unwrap_or_else(|e| alloc_failed(e))
    }

    /// Copies `src` into the arena, or returns why it could not.
    ///
    /// # Errors
    ///
    /// See [`AllocError`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.try_alloc_str("").unwrap(), "");
    /// ```
    #[inline]
    #[allow(clippy::mut_from_ref)]
    pub fn try_alloc_str(&self, src: &str) -> Result<&mut str, AllocError> {
        let bytes = self.try_alloc_slice_copy(src.as_bytes())?;
        // SAFETY: a byte-for-byte copy of a `str` is valid UTF-8.
        Ok(unsafe { core::str::from_utf8_unchecked_mut(bytes) })
    }

    /// Clones every element of `src` into the arena; they are dropped with it.
    ///
    /// # Panics
    ///
    /// As [`alloc`](Self::alloc); and if a `clone` panics (the clones made so far are
    /// dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let names = bump.alloc_slice_clone(&[String::from("a"), String::from("b")]);
    /// assert_eq!(names.concat(), "ab");
    /// ```
    #[track_caller]
    #[allow(clippy::mut_from_ref)]
    pub fn alloc_slice_clone<T: Clone + 'd>(&self, src: &[T]) -> &mut [T] {
        self.try_alloc_slice_clone(src)
            .unwrap_or_else(|e| alloc_failed(e))
    }

    /// Clones every element of `src` into the arena, or returns why it could not.
    ///
    /// # Errors
    ///
    /// See [`AllocError`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let v = bump.try_alloc_slice_clone(&[vec![1], vec![2, 3]]).unwrap();
    /// assert_eq!(v[1], [2, 3]);
    /// ```
    #[allow(clippy::mut_from_ref)]
    pub fn try_alloc_slice_clone<T: Clone + 'd>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
        self.try_alloc_slice_fill_iter(src.iter().cloned())
    }

    /// Allocates a slice of `len` elements, the `i`-th being `f(i)`; they are dropped with the
    /// arena.
    ///
    /// # Panics
    ///
    /// As [`alloc`](Self::alloc); and if `f` panics (the elements made so far are dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let evens = bump.alloc_slice_fill_with(3, |i| 2 * i);
    /// assert_eq!(evens, &[0, 2, 4]);
    /// ```
    #[track_caller]
    #[allow(clippy::mut_from_ref)]
    pub fn alloc_slice_fill_with<T: 'd>(&self, len: usize, f: impl FnMut(usize) -> T) -> &mut [T] {
        self.try_alloc_slice_fill_with(len, f)
            .unwrap_or_else(|e| alloc_failed(e))
    }

    /// Allocates a slice of `len` elements made by `f`, or returns why it could not.
    ///
    /// # Errors
    ///
    /// See [`AllocError`]; `f` is not called then.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::{AllocError, Bump};
    ///
    /// let bump = Bump::new();
    /// let err = bump.try_alloc_slice_fill_with(usize::MAX, |i| i).unwrap_err();
    /// assert_eq!(err, AllocError::SizeOverflow);
    /// ```
    #[allow(clippy::mut_from_ref)]
    pub fn try_alloc_slice_fill_with<T: 'd>(
        &self,
        len: usize,
        mut f: impl FnMut(usize) -> T,
    ) -> Result<&mut [T], AllocError> {
        let entry = self.slice_entry::<T>()?;
        let mut buf = Growing::with_capacity(self, len)?;
        for i in 0..len {
            buf.push(f(i))?;
        }
        Ok(self.finish_slice(entry, buf))
    }

    /// Collects any iterator into a slice in the arena; the elements are dropped with it.
    ///
    /// The iterator need not know its length: the slice starts at the size hint and moves to
    /// a twice larger allocation when full (the old space is reclaimed by `reset`).
    ///
    /// # Panics
    ///
    /// As [`alloc`](Self::alloc); and if the iterator panics (the elements collected so far
    /// are dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let words = bump.alloc_slice_fill_iter("a bb ccc".split(' ').map(str::len));
    /// assert_eq!(words, &[1, 2, 3]);
    /// ```
    #[track_caller]
    #[allow(clippy::mut_from_ref)]
    pub fn alloc_slice_fill_iter<T: 'd>(&self, iter: impl IntoIterator<Item = T>) -> &mut [T] {
        self.try_alloc_slice_fill_iter(iter)
            .unwrap_or_else(|e| alloc_failed(e))
    }

    /// Collects any iterator into a slice in the arena, or returns why it could not (dropping
    /// what was collected).
    ///
    /// # Errors
    ///
    /// See [`AllocError`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let odd = bump.try_alloc_slice_fill_iter((0..10).filter(|n| n % 2 == 1)).unwrap();
    /// assert_eq!(odd, &[1, 3, 5, 7, 9]);
    /// ```
    #[allow(clippy::mut_from_ref)]
    pub fn try_alloc_slice_fill_iter<T: 'd>(
        &self,
        iter: impl IntoIterator<Item = T>,
    ) -> Result<&mut [T], AllocError> {
        let entry = self.slice_entry::<T>()?;
        let iter = iter.into_iter();
        let mut buf = Growing::with_capacity(self, iter.size_hint().0)?;
        for value in iter {
            buf.push(value)?;
        }
        Ok(self.finish_slice(entry, buf))
    }

    /// Formats `args` into the arena, like `format!` into a `&mut str`.
    ///
    /// # Panics
    ///
    /// As [`alloc`](Self::alloc); and if a `Display` implementation returns an error on its
    /// own, as `format!` does.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let line = bump.alloc_fmt(format_args!("{} + {} = {}", 1, 2, 1 + 2));
    /// assert_eq!(line, "1 + 2 = 3");
    /// ```
    #[track_caller]
    #[allow(clippy::mut_from_ref)]
    pub fn alloc_fmt(&self, args: fmt::Arguments<'_>) -> &mut str {
        self.try_alloc_fmt(args).unwrap_or_else(|e| alloc_failed(e))
    }

    /// Formats `args` into the arena, or returns why it could not.
    ///
    /// # Errors
    ///
    /// See [`AllocError`]. Any write into the arena that failed is reported, even when a
    /// `Display` implementation ignored the failure and returned `Ok`.
    ///
    /// # Panics
    ///
    /// If a `Display` implementation returns an error on its own, as `format!` does.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// bump.set_allocation_limit(Some(0));
    /// assert!(bump.try_alloc_fmt(format_args!("{}", 12345)).is_err());
    /// ```
    #[track_caller]
    #[allow(clippy::mut_from_ref)]
    pub fn try_alloc_fmt(&self, args: fmt::Arguments<'_>) -> Result<&mut str, AllocError> {
        if let Some(text) = args.as_str() {
            return self.try_alloc_str(text);
        }
        struct Writer<'b, 'd> {
            buf: Growing<'b, 'd, u8>,
            failed: Option<AllocError>,
        }
        impl fmt::Write for Writer<'_, '_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.buf.extend_from_slice(s.as_bytes()).map_err(|e| {
                    self.failed = Some(e);
                    fmt::Error
                })
            }
        }
        let mut writer = Writer {
            buf: Growing::with_capacity(self, 0)?,
            failed: None,
        };
        let result = fmt::write(&mut writer, args);
        // A failed write is reported even if a `Display` impl ignored it and went on: the text
        // would be missing a part.
        if let Some(err) = writer.failed {
            return Err(err);
        }
        if result.is_err() {
            panic!("a formatting trait implementation returned an error");
        }
        let (data, len) = writer.buf.into_raw();
        // SAFETY: `len` bytes written by `write_str`, handed out only here; only whole
        // `str`s were written, so they are valid UTF-8.
        unsafe {
            let bytes = &mut *ptr::slice_from_raw_parts_mut(data.as_ptr(), len);
            Ok(core::str::from_utf8_unchecked_mut(bytes))
        }
    }

    /// Reserves a slice drop entry if `T` needs one.
    fn slice_entry<T>(&self) -> Result<Option<NonNull<SliceEntry>>, AllocError> {
        if mem::needs_drop::<T>() {
            Ok(Some(
                self.alloc_layout_or_err(Layout::new::<SliceEntry>())?
                    .cast(),
            ))
        } else {
            Ok(None)
        }
    }

    /// Registers the filled slice's destructor (if any) and hands the slice out.
    #[allow(clippy::mut_from_ref)]
    fn finish_slice<T>(
        &self,
        entry: Option<NonNull<SliceEntry>>,
        buf: Growing<'_, 'd, T>,
    ) -> &mut [T] {
        let (data, len) = buf.into_raw();
        if let Some(entry) = entry.filter(|_| len > 0) {
            // SAFETY: `entry` was reserved in this arena by `slice_entry`; `data` holds `len`
            // initialized values in this arena; `T: 'd` at every caller.
            unsafe { self.drops.push_slice(entry, data, len) };
        }
        // SAFETY: `len` initialized values, handed out only here.
        unsafe { &mut *ptr::slice_from_raw_parts_mut(data.as_ptr(), len) }
    }

    // ---------------------------------------------------------------- regions

    /// Drops every value in the arena (newest first) and keeps its memory for reuse.
    ///
    /// The arena keeps one chunk: the largest, or, when it held several, a single chunk as
    /// large as all of them together and as aligned as the most aligned of them (one
    /// allocation, made only when the last cycle needed more than one chunk), so the next
    /// cycle of the same allocations runs without touching the system allocator. Chunks the
    /// arena took while a [`scope`](Self::scope) held its free space are kept as they are,
    /// for the next cycle's scope: merged in, they would grow the arena on every reset.
    ///
    /// # Panics
    ///
    /// If a destructor panics, after the remaining ones have run and the memory was
    /// reclaimed (a second panicking destructor aborts, as in `Vec`).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let mut bump = Bump::new();
    /// for frame in 0..3 {
    ///     let data = bump.alloc_slice_fill_with(1000, |i| i * frame);
    ///     assert_eq!(data[999], 999 * frame);
    ///     bump.reset(); // the frame's memory is reused by the next one
    /// }
    /// assert!(bump.chunk_capacity() >= 1000 * size_of::<usize>());
    /// ```
    pub fn reset(&mut self) {
        /// Reclaims the memory even if a destructor panics.
        struct Rewind<'a, 'd>(&'a mut Bump<'d>);
        impl Drop for Rewind<'_, '_> {
            fn drop(&mut self) {
                self.0.rewind();
            }
        }
        let rewind = Rewind(self);
        // SAFETY: `&mut self`: no reference to any value in the arena is alive, and the
        // memory is freed only after this (by `rewind`).
        unsafe { rewind.0.drops.run_all() };
    }

    /// Collects every chunk into one current chunk, emptied.
    fn rewind(&mut self) {
        let pool = self.chunk_pool();
        let mut count = 0;
        let mut total = 0usize;
        let mut align = CHUNK_ALIGN;
        let mut largest: Option<Chunk> = None;
        let mut consider = |chunk: Chunk| {
            let layout = chunk.layout();
            count += 1;
            // A chunk aligned above `CHUNK_ALIGN` served values that need that alignment;
            // in the merged chunk, they may start below a value that does not, so each such
            // chunk's run of values may need up to `align` bytes of padding more.
            let slack = if layout.align() > CHUNK_ALIGN {
                layout.align()
            } else {
                0
            };
            total = total.saturating_add(layout.size()).saturating_add(slack);
            align = align.max(layout.align());
            if largest.is_none_or(|l| l.layout().size() < layout.size()) {
                largest = Some(chunk);
            }
        };
        self.chunks.for_each(&mut consider);
        while let Some(chunk) = pool.pop_spare() {
            self.chunks.push(chunk);
            consider(chunk);
        }
        // Chunks taken while a scope held the free space stay separate (see `lent_out`).
        while let Some(chunk) = self.lent_out.pop() {
            pool.release_lent(chunk);
        }
        self.spare.set(None);
        self.next_size.set(FIRST_CHUNK);
        let Some(largest) = largest else {
            // No chunk at all: back to the empty region of `new`.
            self.set_region(Region {
                ptr: NonNull::dangling(),
                start: 1,
                align: CHUNK_ALIGN,
            });
            return;
        };
        let mut keep = largest;
        while let Some(chunk) = self.chunks.pop() {
            if chunk != largest {
                // SAFETY: every value was dropped; no reference into the arena is alive
                // (`&mut self`), and the chunk is off every list.
                unsafe { pool.free(chunk) };
            }
        }
        if count > 1 {
            // As aligned as the most aligned chunk, so the values that needed it fit again.
            if let Some(merged) = pool.allocate_merged(total, align) {
                // SAFETY: as above; `largest` is off every list too.
                unsafe { pool.free(largest) };
                keep = merged;
            }
        }
        self.enter(keep);
    }

    /// Runs `f` with a nested region: what `f` allocates in it is dropped and its memory
    /// reclaimed when `f` returns, while what was allocated before stays valid.
    ///
    /// The scope takes over the arena's free space; chunks it needs beyond that come from
    /// (and return to) the arena's spare chunks, so repeated scopes of the same size make no
    /// system allocation after the first. The arena itself stays usable inside `f`: its
    /// allocations then go to a spare region or a chunk of its own, no larger than its
    /// next chunk would have been, and that region serves it in later scopes too. A
    /// reference into the scope cannot outlive it:
    ///
    /// ```compile_fail
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let escaped = bump.scope(|scope| scope.alloc(1u32)); // error: lifetime may not live long enough
    /// ```
    ///
    /// # Panics
    ///
    /// If `f` panics, after the scope's values were dropped and its memory given back.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// let config = bump.alloc_str("max=10");
    /// for request in 0..3 {
    ///     let reply_len = bump.scope(|scope| {
    ///         let reply = scope.alloc_fmt(format_args!("{config}, request {request}"));
    ///         reply.len()
    ///     });
    ///     assert_eq!(reply_len, 17);
    /// }
    /// assert_eq!(config, "max=10");
    /// ```
    pub fn scope<R>(&self, f: impl for<'s> FnOnce(&'s Bump<'d>) -> R) -> R {
        let scope = Bump {
            ptr: Cell::new(self.ptr.get()),
            start: Cell::new(self.start.get()),
            align: Cell::new(self.align.get()),
            spare: Cell::new(None),
            next_size: Cell::new(FIRST_CHUNK),
            lending: Cell::new(0),
            chunks: ChunkList::new(),
            lent_out: ChunkList::new(),
            drops: DropList::new(),
            owner: Owner::Scope(Lent {
                parent: NonNull::from(self),
                region: self.region(),
                chunk: self.chunks.first(),
            }),
            _drops: PhantomData,
        };
        // The free space now belongs to the scope: the parent's region is empty until the
        // scope gives it back.
        self.start.set(self.ptr.get().addr().get());
        self.lending.set(self.lending.get() + 1);
        f(&scope)
    }

    /// Gives the memory back: to the system for a root arena, to the parent for a scope.
    fn release(&mut self) {
        match &self.owner {
            Owner::Root(pool) => {
                while let Some(chunk) = (self.chunks.pop())
                    .or_else(|| self.lent_out.pop())
                    .or_else(|| pool.pop_any_spare())
                {
                    // SAFETY: called from `drop` after every value was dropped; nothing
                    // refers into the arena any more.
                    unsafe { pool.free(chunk) };
                }
            }
            Owner::Scope(lent) => {
                // SAFETY: the parent outlives the scope (it is borrowed by `scope`).
                let parent = unsafe { lent.parent.as_ref() };
                parent.lending.set(parent.lending.get() - 1);
                let pool = parent.chunk_pool();
                while let Some(chunk) = self.chunks.pop() {
                    pool.release(chunk);
                }
                while let Some(chunk) = self.lent_out.pop() {
                    pool.release_lent(chunk);
                }
                // This scope's values are all dropped: the free space it was lent is free
                // again. If the parent did not move on meanwhile, it is the parent's current
                // region once more. Otherwise the parent keeps it too, so that a parent that
                // allocates inside every scope (say, interning a string per request) reuses it
                // instead of taking a new, twice larger, chunk each time.
                let lent_ptr = lent.region.ptr;
                let untouched = parent.chunks.first() == lent.chunk
                    && parent.ptr.get() == lent_ptr
                    && parent.start.get() == lent_ptr.addr().get();
                if untouched {
                    parent.set_region(lent.region);
                } else if lent.region.free() > parent.region().free() {
                    parent.keep_spare(parent.region());
                    parent.set_region(lent.region);
                } else {
                    parent.keep_spare(lent.region);
                }
            }
        }
    }

    // ---------------------------------------------------------------- accounting

    /// Returns the bytes of chunk memory the arena holds from the system allocator.
    ///
    /// Inside a [`scope`](Self::scope), this is the whole arena's figure.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// bump.alloc(1u8);
    /// assert!(bump.allocated_bytes() >= 1);
    /// ```
    pub fn allocated_bytes(&self) -> usize {
        self.chunk_pool().allocated()
    }

    /// Returns how many bytes still fit in the current region (the free end of the current
    /// chunk) before the arena moves on to another.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::with_capacity(100);
    /// let before = bump.chunk_capacity();
    /// bump.alloc([0u8; 10]);
    /// assert_eq!(bump.chunk_capacity(), before - 10);
    /// ```
    pub fn chunk_capacity(&self) -> usize {
        self.ptr.get().addr().get() - self.start.get()
    }

    /// Caps the bytes the arena may hold from the system allocator (`None`: no cap).
    ///
    /// Allocations that need a new chunk beyond the limit fail with
    /// [`AllocError::LimitExceeded`]. Memory already held is kept even if it is over a new,
    /// lower limit. Inside a [`scope`](Self::scope), this sets the whole arena's limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::{AllocError, Bump};
    ///
    /// let bump = Bump::new();
    /// bump.set_allocation_limit(Some(4096));
    /// assert!(bump.try_alloc([0u8; 1000]).is_ok());
    /// let err = bump.try_alloc([0u8; 5000]).unwrap_err();
    /// assert!(matches!(err, AllocError::LimitExceeded { requested: 5000, .. }));
    /// ```
    pub fn set_allocation_limit(&self, limit: Option<usize>) {
        self.chunk_pool().set_limit(limit);
    }

    /// Returns the limit set by [`set_allocation_limit`](Self::set_allocation_limit).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.allocation_limit(), None);
    /// bump.set_allocation_limit(Some(1 << 20));
    /// assert_eq!(bump.allocation_limit(), Some(1 << 20));
    /// ```
    pub fn allocation_limit(&self) -> Option<usize> {
        self.chunk_pool().limit()
    }
}

/// Writes `value` to fresh memory and returns it as a reference.
///
/// # Safety
///
/// `ptr` is valid for writes of a `T`, aligned, and not handed to anyone else for `'a`.
#[inline(always)]
unsafe fn write_fresh<'a, T>(ptr: NonNull<T>, value: T) -> &'a mut T {
    // SAFETY: forwarded from the caller.
    unsafe {
        ptr.write(value);
        &mut *ptr.as_ptr()
    }
}

impl Drop for Bump<'_> {
    fn drop(&mut self) {
        /// Gives the memory back even if a destructor panics.
        struct Release<'a, 'd>(&'a mut Bump<'d>);
        impl Drop for Release<'_, '_> {
            fn drop(&mut self) {
                self.0.release();
            }
        }
        let release = Release(self);
        // SAFETY: the arena is being dropped, so no reference into it is alive; the memory
        // is released only after this.
        unsafe { release.0.drops.run_all() };
    }
}

impl fmt::Debug for Bump<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bump")
            .field("allocated_bytes", &self.allocated_bytes())
            .field("chunk_capacity", &self.chunk_capacity())
            .field("allocation_limit", &self.allocation_limit())
            .field("owes_drops", &!self.drops.is_empty())
            .field("is_scope", &matches!(self.owner, Owner::Scope(_)))
            .finish()
    }
}

impl<'d, T: 'd> ownership_core_traits::ArenaAlloc<T> for Bump<'d> {
    #[inline(always)]
    fn alloc(&self, value: T) -> &mut T {
        Bump::alloc(self, value)
    }

    fn allocated_bytes(&self) -> usize {
        Bump::allocated_bytes(self)
    }
}
