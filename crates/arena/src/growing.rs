//! A buffer in a [`Bump`] that grows by moving to a bigger allocation: how slices of unknown
//! length (any iterator, `format_args!`) end up contiguous in the arena.

use core::alloc::Layout;
use core::mem;
use core::ptr::{self, NonNull};

use crate::bump::Bump;
use crate::drop_list::DropPrefix;
use crate::error::AllocError;

/// Elements `data[..len]` are initialized and owned by the buffer (dropped if it is dropped
/// before [`into_raw`](Growing::into_raw)); `data[..cap]` is arena memory reserved for it.
pub(crate) struct Growing<'b, 'd, T> {
    bump: &'b Bump<'d>,
    filled: DropPrefix<T>,
    cap: usize,
}

impl<'b, 'd, T> Growing<'b, 'd, T> {
    pub(crate) fn with_capacity(bump: &'b Bump<'d>, cap: usize) -> Result<Self, AllocError> {
        // A zero-sized element needs no memory at all, however many there are.
        let cap = if size_of::<T>() == 0 { usize::MAX } else { cap };
        let data = Self::reserve(bump, cap)?;
        Ok(Growing {
            bump,
            filled: DropPrefix { data, len: 0 },
            cap,
        })
    }

    fn reserve(bump: &Bump<'d>, cap: usize) -> Result<NonNull<T>, AllocError> {
        let layout = Layout::array::<T>(cap).map_err(|_| AllocError::SizeOverflow)?;
        Ok(bump.try_alloc_layout(layout)?.cast())
    }

    /// Makes room for `extra` more elements, at least doubling the capacity.
    #[cold]
    fn grow(&mut self, extra: usize) -> Result<(), AllocError> {
        let len = self.filled.len;
        let wanted = len.checked_add(extra).ok_or(AllocError::SizeOverflow)?;
        let cap = wanted.max(self.cap.saturating_mul(2)).max(8);
        let data = Self::reserve(self.bump, cap)?;
        // SAFETY: both buffers are distinct arena allocations with room for `len` elements;
        // the old one is abandoned (never dropped), so the move is a plain copy.
        unsafe { ptr::copy_nonoverlapping(self.filled.data.as_ptr(), data.as_ptr(), len) };
        self.filled.data = data;
        self.cap = cap;
        Ok(())
    }

    pub(crate) fn push(&mut self, value: T) -> Result<(), AllocError> {
        if self.filled.len == self.cap {
            self.grow(1)?;
        }
        // SAFETY: `len < cap`, so the slot is reserved and uninitialized.
        unsafe { self.filled.data.add(self.filled.len).write(value) };
        self.filled.len += 1;
        Ok(())
    }

    /// Gives up ownership of the elements: returns where they are and how many.
    pub(crate) fn into_raw(self) -> (NonNull<T>, usize) {
        let parts = (self.filled.data, self.filled.len);
        mem::forget(self);
        parts
    }
}

impl<T: Copy> Growing<'_, '_, T> {
    pub(crate) fn extend_from_slice(&mut self, values: &[T]) -> Result<(), AllocError> {
        if self.cap - self.filled.len < values.len() {
            self.grow(values.len())?;
        }
        // SAFETY: the room was reserved above and handed to no one else, so `values` (even if it
        // lives in this arena) cannot overlap it.
        unsafe {
            ptr::copy_nonoverlapping(
                values.as_ptr(),
                self.filled.data.add(self.filled.len).as_ptr(),
                values.len(),
            );
        }
        self.filled.len += values.len();
        Ok(())
    }
}
