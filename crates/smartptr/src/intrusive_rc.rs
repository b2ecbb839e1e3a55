//! [`IntrusiveRc`]: a single-threaded reference-counted pointer whose count lives beside the
//! value, with no weak count.

use alloc::boxed::Box;
use core::cell::Cell;
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, offset_of};
use core::ops::Deref;
use core::ptr::NonNull;

use crate::abort::abort_on_overflow;

/// The heap block: the count first, then the value, in one allocation.
#[repr(C)]
struct RcBox<T> {
    count: Cell<usize>,
    value: T,
}

/// A single-threaded reference-counted pointer: like [`Rc`](alloc::rc::Rc) without the weak
/// count.
///
/// The pointer is one word and `Option<IntrusiveRc<T>>` is one word too. The heap block holds
/// one word of header (the count) before the value, where `Rc` holds two (strong and weak), so
/// each allocation is 8 bytes smaller on a 64-bit target. Without a weak count there is no
/// `downgrade`: a structure that needs back-pointers (a parent link, an observer list) wants
/// `Rc` and `Weak`.
///
/// `IntrusiveRc` is neither `Send` nor `Sync` (the count is a plain `Cell`); use
/// [`IntrusiveArc`](crate::IntrusiveArc) to share across threads.
///
/// Comparison, hashing, `Debug` and `Display` forward to `T`; use
/// [`ptr_eq`](Self::ptr_eq) to compare identities.
///
/// # Count overflow
///
/// Cloning a pointer whose count is already `usize::MAX` aborts the process, as std's `Rc`
/// does. Only clones leaked with `mem::forget` in a loop can get there; wrapping around would
/// free a value still in use.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::IntrusiveRc;
///
/// let a = IntrusiveRc::new(String::from("shared"));
/// let b = IntrusiveRc::clone(&a);
/// assert_eq!(IntrusiveRc::strong_count(&a), 2);
/// assert!(IntrusiveRc::ptr_eq(&a, &b));
/// assert_eq!(*b, "shared");
/// drop(a);
/// assert_eq!(IntrusiveRc::try_unwrap(b).unwrap(), "shared");
/// ```
///
/// It cannot cross threads:
///
/// ```compile_fail
/// use ownership_smartptr::IntrusiveRc;
///
/// let rc = IntrusiveRc::new(1);
/// std::thread::spawn(move || println!("{rc}"));
/// ```
pub struct IntrusiveRc<T> {
    ptr: NonNull<RcBox<T>>,
    /// Owns an `RcBox<T>` for the drop checker; the `NonNull` also makes the type `!Send` and
    /// `!Sync`, which the non-atomic count requires.
    _owns: PhantomData<RcBox<T>>,
}

impl<T> IntrusiveRc<T> {
    /// Moves `value` to the heap with a count of one.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveRc;
    ///
    /// let rc = IntrusiveRc::new(5);
    /// assert_eq!(*rc, 5);
    /// ```
    pub fn new(value: T) -> Self {
        let boxed = Box::new(RcBox {
            count: Cell::new(1),
            value,
        });
        Self::from_inner(NonNull::from(Box::leak(boxed)))
    }

    fn from_inner(ptr: NonNull<RcBox<T>>) -> Self {
        Self {
            ptr,
            _owns: PhantomData,
        }
    }

    fn inner(&self) -> &RcBox<T> {
        // SAFETY: `self` owns one count, so the block is allocated and initialised, and it is
        // only ever mutated through `&mut T` when the count is one (`get_mut`), which needs
        // `&mut self`, excluding this shared borrow.
        unsafe { self.ptr.as_ref() }
    }

    /// Returns how many `IntrusiveRc`s point to this value.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveRc;
    ///
    /// let a = IntrusiveRc::new(());
    /// let b = a.clone();
    /// assert_eq!(IntrusiveRc::strong_count(&b), 2);
    /// ```
    pub fn strong_count(this: &Self) -> usize {
        this.inner().count.get()
    }

    /// Returns `true` if both point to the same allocation (not merely equal values).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveRc;
    ///
    /// let a = IntrusiveRc::new(1);
    /// let b = IntrusiveRc::new(1);
    /// assert_eq!(a, b);
    /// assert!(!IntrusiveRc::ptr_eq(&a, &b));
    /// assert!(IntrusiveRc::ptr_eq(&a, &a.clone()));
    /// ```
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        this.ptr == other.ptr
    }

    /// Returns a mutable reference to the value if no other `IntrusiveRc` points to it.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveRc;
    ///
    /// let mut a = IntrusiveRc::new(1);
    /// *IntrusiveRc::get_mut(&mut a).unwrap() += 1;
    /// let b = a.clone();
    /// assert!(IntrusiveRc::get_mut(&mut a).is_none());
    /// drop(b);
    /// assert_eq!(*a, 2);
    /// ```
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        if Self::strong_count(this) == 1 {
            // SAFETY: the count is one, so `this` is the only pointer to the block, and
            // `&mut this` is borrowed for as long as the returned reference lives.
            Some(unsafe { &mut (*this.ptr.as_ptr()).value })
        } else {
            None
        }
    }

    /// Returns a mutable reference to the value, first cloning it into a new allocation if
    /// other `IntrusiveRc`s point to it (they keep the old value).
    ///
    /// Clones `T` exactly once when shared and never when unique.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveRc;
    ///
    /// let mut a = IntrusiveRc::new(vec![1]);
    /// let b = a.clone();
    /// IntrusiveRc::make_mut(&mut a).push(2); // clones: `b` keeps the old value
    /// assert_eq!((&*a, &*b), (&vec![1, 2], &vec![1]));
    /// IntrusiveRc::make_mut(&mut a).push(3); // unique now: no clone
    /// assert_eq!(*a, [1, 2, 3]);
    /// ```
    pub fn make_mut(this: &mut Self) -> &mut T
    where
        T: Clone,
    {
        if Self::strong_count(this) != 1 {
            // The assignment drops our count on the old block; the others keep it alive.
            *this = Self::new(T::clone(this));
        }
        // SAFETY: the count is one now (a fresh block, or it already was), so `this` is the
        // only pointer to the block, borrowed mutably for the returned lifetime.
        unsafe { &mut (*this.ptr.as_ptr()).value }
    }

    /// Returns the value if this is the only `IntrusiveRc` pointing to it, or gives the
    /// pointer back.
    ///
    /// # Errors
    ///
    /// Returns `Err(this)` unchanged when other `IntrusiveRc`s share the value.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveRc;
    ///
    /// let a = IntrusiveRc::new(3);
    /// let b = a.clone();
    /// let a = IntrusiveRc::try_unwrap(a).unwrap_err();
    /// drop(b);
    /// assert_eq!(IntrusiveRc::try_unwrap(a), Ok(3));
    /// ```
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        if Self::strong_count(&this) != 1 {
            return Err(this);
        }
        let this = ManuallyDrop::new(this);
        // SAFETY: the count is one, so `this` owns the block alone; it came from `Box::leak`
        // of a `Box<RcBox<T>>` and `ManuallyDrop` keeps `Drop` from freeing it a second time.
        let boxed = unsafe { Box::from_raw(this.ptr.as_ptr()) };
        Ok(boxed.value)
    }

    /// Returns the value if this is the only `IntrusiveRc` pointing to it; otherwise drops
    /// this pointer and returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveRc;
    ///
    /// let a = IntrusiveRc::new('x');
    /// let b = a.clone();
    /// assert_eq!(IntrusiveRc::into_inner(a), None);
    /// assert_eq!(IntrusiveRc::into_inner(b), Some('x'));
    /// ```
    pub fn into_inner(this: Self) -> Option<T> {
        Self::try_unwrap(this).ok()
    }

    /// Consumes the pointer without changing the count and returns a pointer to the value.
    ///
    /// The count this pointer owned is kept until [`from_raw`](Self::from_raw) takes it back;
    /// without that call the value leaks.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveRc;
    ///
    /// let raw = IntrusiveRc::into_raw(IntrusiveRc::new(7));
    /// // SAFETY: `raw` came from `into_raw` and is taken back once.
    /// let back = unsafe { IntrusiveRc::from_raw(raw) };
    /// assert_eq!(*back, 7);
    /// ```
    pub fn into_raw(this: Self) -> *const T {
        let this = ManuallyDrop::new(this);
        Self::as_ptr(&this)
    }

    /// Returns a pointer to the value, valid while any `IntrusiveRc` to it lives.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveRc;
    ///
    /// let a = IntrusiveRc::new(1u8);
    /// let p = IntrusiveRc::as_ptr(&a);
    /// // SAFETY: `a` keeps the value alive.
    /// assert_eq!(unsafe { *p }, 1);
    /// assert_eq!(p, &*a as *const u8);
    /// ```
    pub fn as_ptr(this: &Self) -> *const T {
        // Derived from the block pointer itself (no reference in between), so it keeps the
        // provenance of the whole block and `from_raw` can step back to the count.
        this.ptr
            .as_ptr()
            .wrapping_byte_add(offset_of!(RcBox<T>, value))
            .cast::<T>()
            .cast_const()
    }

    /// Takes back a pointer made by [`into_raw`](Self::into_raw), with the count it owned.
    ///
    /// # Safety
    ///
    /// `ptr` must have come from `IntrusiveRc::<T>::into_raw` (the same `T`), and each pointer
    /// from `into_raw` must be passed to `from_raw` at most once.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveRc;
    ///
    /// let a = IntrusiveRc::new(String::from("kept"));
    /// let raw = IntrusiveRc::into_raw(a.clone());
    /// assert_eq!(IntrusiveRc::strong_count(&a), 2);
    /// // SAFETY: from `into_raw` of an `IntrusiveRc<String>`, taken back once.
    /// let b = unsafe { IntrusiveRc::from_raw(raw) };
    /// assert!(IntrusiveRc::ptr_eq(&a, &b));
    /// ```
    pub unsafe fn from_raw(ptr: *const T) -> Self {
        let block = ptr
            .cast_mut()
            .wrapping_byte_sub(offset_of!(RcBox<T>, value))
            .cast::<RcBox<T>>();
        // SAFETY: the caller passes a pointer from `into_raw`, which is `offset_of!(value)`
        // bytes into a live block with its provenance, so stepping back gives the non-null
        // block pointer that `into_raw` consumed, with the count it still owns.
        Self::from_inner(unsafe { NonNull::new_unchecked(block) })
    }
}

impl<T> Clone for IntrusiveRc<T> {
    /// Makes another pointer to the same value, adding one to the count.
    ///
    /// # Aborts
    ///
    /// If the count is already `usize::MAX`.
    fn clone(&self) -> Self {
        let count = &self.inner().count;
        let n = count.get();
        if n == usize::MAX {
            abort_on_overflow();
        }
        count.set(n + 1);
        Self::from_inner(self.ptr)
    }
}

impl<T> Drop for IntrusiveRc<T> {
    fn drop(&mut self) {
        let count = &self.inner().count;
        let n = count.get() - 1;
        count.set(n);
        if n == 0 {
            // SAFETY: that was the last count, so nothing else points to the block; it came
            // from `Box::leak` of a `Box<RcBox<T>>` and is freed exactly once, here.
            drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
        }
    }
}

impl<T> Deref for IntrusiveRc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner().value
    }
}

crate::forward::forward_pointer_traits!(IntrusiveRc);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_one_word() {
        assert_eq!(size_of::<RcBox<u64>>(), 2 * size_of::<usize>());
        assert_eq!(size_of::<RcBox<()>>(), size_of::<usize>());
        assert_eq!(offset_of!(RcBox<u64>, value), size_of::<usize>());
    }
}
