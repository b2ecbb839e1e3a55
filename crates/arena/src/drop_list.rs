//! The list of destructors an arena owes: entries stored in the arena itself, next to (or
//! just before) the values they drop, linked newest first.

use core::cell::Cell;
use core::mem;
use core::ptr::{self, NonNull};

/// One destructor the arena owes.
#[derive(Clone, Copy)]
pub(crate) struct DropEntry {
    next: Option<NonNull<DropEntry>>,
    /// Drops what this entry stands for; `entry` is the pointer this function was pushed with.
    drop: unsafe fn(entry: NonNull<DropEntry>),
}

/// A single value and its entry, allocated together in one bump.
#[repr(C)]
pub(crate) struct Slot<T> {
    entry: DropEntry,
    value: T,
}

/// The entry for a slice: allocated on its own, pointing at the slice.
#[repr(C)]
pub(crate) struct SliceEntry {
    entry: DropEntry,
    data: NonNull<u8>,
    len: usize,
}

/// The destructors an arena owes, newest first.
#[derive(Debug)]
pub(crate) struct DropList {
    head: Cell<Option<NonNull<DropEntry>>>,
}

impl DropList {
    pub(crate) const fn new() -> Self {
        DropList {
            head: Cell::new(None),
        }
    }

    /// Moves `f()` into `slot`, registers its destructor, and returns the value.
    ///
    /// If `f` panics, nothing is registered and the slot is merely wasted.
    ///
    /// # Safety
    ///
    /// `slot` is valid for writes of a `Slot<T>`, is memory of the arena that owns this list,
    /// and stays allocated (and untouched by anyone else) until [`run_all`](Self::run_all)
    /// runs; `T` outlives that call.
    #[inline(always)]
    pub(crate) unsafe fn init_slot<'a, T>(
        &self,
        slot: NonNull<Slot<T>>,
        f: impl FnOnce() -> T,
    ) -> &'a mut T {
        let raw = slot.as_ptr();
        // SAFETY: the caller gives us `slot` to write; `&raw mut` makes no reference to the
        // still uninitialized memory.
        let value = unsafe { &raw mut (*raw).value };
        // SAFETY: in bounds of the slot, aligned as `T` (the slot is aligned as `Slot<T>`).
        unsafe { value.write(f()) };
        let entry = DropEntry {
            next: self.head.get(),
            drop: drop_slot::<T>,
        };
        // SAFETY: as above, for the entry field.
        unsafe { (&raw mut (*raw).entry).write(entry) };
        // The slot pointer has the provenance of the whole slot: `drop_slot` reaches the
        // value through it.
        self.head.set(Some(slot.cast()));
        // SAFETY: the value was just initialized; the caller keeps the memory alive and
        // unaliased for `'a`.
        unsafe { &mut *value }
    }

    /// Registers the destructor of the `len` values of type `T` at `data`.
    ///
    /// # Safety
    ///
    /// `entry` is valid for writes of a `SliceEntry`; `data` points to `len` initialized
    /// values of type `T`; both are memory of the arena that owns this list and stay
    /// allocated until [`run_all`](Self::run_all) runs; `T` outlives that call.
    pub(crate) unsafe fn push_slice<T>(
        &self,
        entry: NonNull<SliceEntry>,
        data: NonNull<T>,
        len: usize,
    ) {
        let record = SliceEntry {
            entry: DropEntry {
                next: self.head.get(),
                drop: drop_slice::<T>,
            },
            data: data.cast(),
            len,
        };
        // SAFETY: the caller gives us `entry` to write.
        unsafe { entry.write(record) };
        self.head.set(Some(entry.cast()));
    }

    /// Returns `true` when no destructor is owed.
    pub(crate) fn is_empty(&self) -> bool {
        self.head.get().is_none()
    }

    /// Runs every registered destructor, newest first, and empties the list.
    ///
    /// Each entry is unlinked before its destructor runs, so nothing is dropped twice. If a
    /// destructor panics, the rest still run while the panic unwinds (a second panic then
    /// aborts, as with `Vec`).
    ///
    /// # Safety
    ///
    /// No reference to any registered value is alive, and the memory holding the values and
    /// entries is still allocated.
    pub(crate) unsafe fn run_all(&self) {
        /// Keeps dropping if a destructor panics.
        struct Continue<'a>(&'a DropList);
        impl Drop for Continue<'_> {
            fn drop(&mut self) {
                // SAFETY: `run_all`'s caller guarantees it for the whole list.
                unsafe { self.0.run_all() }
            }
        }
        while let Some(entry) = self.head.get() {
            // SAFETY: every entry on the list was initialized by `init_slot` or `push_slice`
            // and is still allocated (caller's guarantee).
            let DropEntry { next, drop } = unsafe { entry.read() };
            self.head.set(next);
            let guard = Continue(self);
            // SAFETY: the entry is unlinked, so its destructor runs exactly once; no reference
            // to its values is alive (caller's guarantee).
            unsafe { drop(entry) };
            mem::forget(guard);
        }
    }
}

/// # Safety
///
/// `entry` was pushed by `init_slot::<T>` and its value was not dropped yet.
unsafe fn drop_slot<T>(entry: NonNull<DropEntry>) {
    let slot = entry.cast::<Slot<T>>().as_ptr();
    // SAFETY: `entry` is the start of a `Slot<T>` (`repr(C)`, entry first) whose value is
    // initialized and dropped only here.
    unsafe { ptr::drop_in_place(&raw mut (*slot).value) }
}

/// # Safety
///
/// `entry` was pushed by `push_slice::<T>` and its values were not dropped yet.
unsafe fn drop_slice<T>(entry: NonNull<DropEntry>) {
    // SAFETY: `entry` is the start of a `SliceEntry` (`repr(C)`, entry first).
    let SliceEntry { data, len, .. } = unsafe { entry.cast::<SliceEntry>().read() };
    let slice = ptr::slice_from_raw_parts_mut(data.cast::<T>().as_ptr(), len);
    // SAFETY: `data` holds `len` initialized values, dropped only here.
    unsafe { ptr::drop_in_place(slice) }
}

/// Drops the first `len` values at `data` unless forgotten: a slice being filled cleans up
/// after a panicking closure or iterator, or a failed allocation.
pub(crate) struct DropPrefix<T> {
    pub(crate) data: NonNull<T>,
    pub(crate) len: usize,
}

impl<T> Drop for DropPrefix<T> {
    fn drop(&mut self) {
        let prefix = ptr::slice_from_raw_parts_mut(self.data.as_ptr(), self.len);
        // SAFETY: whoever builds a `DropPrefix` keeps `len` counting the initialized values
        // at `data`, which nothing else owns yet.
        unsafe { ptr::drop_in_place(prefix) }
    }
}
