//! [`IntrusiveArc`]: a thread-safe reference-counted pointer whose atomic count lives beside
//! the value, with no weak count.

use alloc::boxed::Box;
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, offset_of};
use core::ops::Deref;
use core::ptr::NonNull;

use crate::abort::abort_on_overflow;
use crate::sync::{AtomicUsize, Ordering};

/// The most owners a value may have; past it `clone` aborts. Half the range, as in std: the
/// slack lets many threads increment at once past the limit before one of them aborts, and the
/// count still never wraps to zero.
const MAX_COUNT: usize = isize::MAX as usize;

/// The heap block: the count first, then the value, in one allocation.
#[repr(C)]
struct ArcBox<T> {
    count: AtomicUsize,
    value: T,
}

/// A thread-safe reference-counted pointer: like [`Arc`](alloc::sync::Arc) without the weak
/// count.
///
/// The pointer is one word and `Option<IntrusiveArc<T>>` is one word too. The heap block holds
/// one word of header (the atomic count) before the value, where `Arc` holds two (strong and
/// weak). With no weak count, [`get_mut`](Self::get_mut) and [`make_mut`](Self::make_mut)
/// decide uniqueness with a single load, and there is no `downgrade`.
///
/// `IntrusiveArc<T>` is `Send` and `Sync` exactly when `T` is both, as `Arc<T>` is.
///
/// Comparison, hashing, `Debug` and `Display` forward to `T`; use
/// [`ptr_eq`](Self::ptr_eq) to compare identities.
///
/// # Count overflow
///
/// Cloning a pointer whose count is past `isize::MAX` aborts the process, as std's `Arc` does.
/// Only clones leaked with `mem::forget` in a loop can get there; wrapping around would free a
/// value still in use.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::IntrusiveArc;
/// use std::thread;
///
/// let config = IntrusiveArc::new(vec![1, 2, 3]);
/// let workers: Vec<_> = (0..2)
///     .map(|_| {
///         let config = IntrusiveArc::clone(&config);
///         thread::spawn(move || config.iter().sum::<i32>())
///     })
///     .collect();
/// for w in workers {
///     assert_eq!(w.join().unwrap(), 6);
/// }
/// assert_eq!(IntrusiveArc::strong_count(&config), 1);
/// ```
///
/// A value that is not `Sync` cannot be shared:
///
/// ```compile_fail
/// use ownership_smartptr::IntrusiveArc;
/// use std::cell::Cell;
///
/// let shared = IntrusiveArc::new(Cell::new(1));
/// std::thread::spawn(move || shared.set(2));
/// ```
pub struct IntrusiveArc<T> {
    ptr: NonNull<ArcBox<T>>,
    /// Owns an `ArcBox<T>` for the drop checker.
    _owns: PhantomData<ArcBox<T>>,
}

// SAFETY: as for `Arc<T>`: moving a pointer to another thread lets that thread drop the value
// (needs `T: Send`) and read it through `&T` while others do too (needs `T: Sync`). The count
// itself is atomic.
unsafe impl<T: Send + Sync> Send for IntrusiveArc<T> {}

// SAFETY: `&IntrusiveArc<T>` lets another thread clone it, so it gets everything `Send`
// gives; the same bounds apply.
unsafe impl<T: Send + Sync> Sync for IntrusiveArc<T> {}

impl<T> IntrusiveArc<T> {
    /// Moves `value` to the heap with a count of one.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveArc;
    ///
    /// let arc = IntrusiveArc::new(5);
    /// assert_eq!(*arc, 5);
    /// ```
    pub fn new(value: T) -> Self {
        let boxed = Box::new(ArcBox {
            count: AtomicUsize::new(1),
            value,
        });
        Self::from_inner(NonNull::from(Box::leak(boxed)))
    }

    fn from_inner(ptr: NonNull<ArcBox<T>>) -> Self {
        Self {
            ptr,
            _owns: PhantomData,
        }
    }

    fn inner(&self) -> &ArcBox<T> {
        // SAFETY: `self` owns one count, so the block is allocated and initialised, and it is
        // only ever mutated through `&mut T` when the count is one (`get_mut`), which needs
        // `&mut self`, excluding this shared borrow.
        unsafe { self.ptr.as_ref() }
    }

    /// Frees the block. Called by the owner of the last count, after `acquire_other_owners`.
    ///
    /// # Safety
    ///
    /// The count must have reached zero, so nothing else points to the block, and the caller
    /// must not use `self.ptr` afterwards.
    unsafe fn into_box(ptr: NonNull<ArcBox<T>>) -> Box<ArcBox<T>> {
        // SAFETY: the block came from `Box::leak` of a `Box<ArcBox<T>>`; the caller owns it
        // alone and hands it over exactly once.
        unsafe { Box::from_raw(ptr.as_ptr()) }
    }

    /// Returns how many `IntrusiveArc`s point to this value.
    ///
    /// Other threads may clone or drop theirs at any time, so the answer can be out of date
    /// as soon as it is returned.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveArc;
    ///
    /// let a = IntrusiveArc::new(());
    /// let b = a.clone();
    /// assert_eq!(IntrusiveArc::strong_count(&b), 2);
    /// ```
    pub fn strong_count(this: &Self) -> usize {
        this.inner().count.load(Ordering::Relaxed)
    }

    /// Returns `true` if both point to the same allocation (not merely equal values).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveArc;
    ///
    /// let a = IntrusiveArc::new(1);
    /// let b = IntrusiveArc::new(1);
    /// assert_eq!(a, b);
    /// assert!(!IntrusiveArc::ptr_eq(&a, &b));
    /// assert!(IntrusiveArc::ptr_eq(&a, &a.clone()));
    /// ```
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        this.ptr == other.ptr
    }

    /// Returns `true` if `this` is the only pointer to the value, with every other owner's
    /// drop ordered before the caller's next access.
    fn is_unique(this: &Self) -> bool {
        // Acquire pairs with the release decrement of every pointer dropped meanwhile, so
        // their reads of the value happen before our writes. With no weak count, a count of
        // one cannot grow behind our back: a clone needs a pointer, and the only one is ours.
        this.inner().count.load(Ordering::Acquire) == 1
    }

    /// Returns a mutable reference to the value if no other `IntrusiveArc` points to it.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveArc;
    ///
    /// let mut a = IntrusiveArc::new(1);
    /// *IntrusiveArc::get_mut(&mut a).unwrap() += 1;
    /// let b = a.clone();
    /// assert!(IntrusiveArc::get_mut(&mut a).is_none());
    /// drop(b);
    /// assert_eq!(*a, 2);
    /// ```
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        if Self::is_unique(this) {
            // SAFETY: the count is one and every other owner's accesses happen before this
            // (acquire load), so `this` is the only pointer to the block, and `&mut this` is
            // borrowed for as long as the returned reference lives.
            Some(unsafe { &mut (*this.ptr.as_ptr()).value })
        } else {
            None
        }
    }

    /// Returns a mutable reference to the value, first cloning it into a new allocation if
    /// other `IntrusiveArc`s point to it (they keep the old value).
    ///
    /// Clones `T` exactly once when shared and never when unique. If another thread drops its
    /// pointer while this runs, the clone may be made even though it turns out not to be
    /// needed; the result is correct either way.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveArc;
    ///
    /// let mut a = IntrusiveArc::new(vec![1]);
    /// let b = a.clone();
    /// IntrusiveArc::make_mut(&mut a).push(2); // clones: `b` keeps the old value
    /// assert_eq!((&*a, &*b), (&vec![1, 2], &vec![1]));
    /// ```
    pub fn make_mut(this: &mut Self) -> &mut T
    where
        T: Clone,
    {
        if !Self::is_unique(this) {
            // The assignment drops our count on the old block; the others keep it alive.
            *this = Self::new(T::clone(this));
        }
        // SAFETY: the count is one (a fresh block, or `is_unique` saw one with acquire
        // ordering), so `this` is the only pointer, borrowed mutably for the returned lifetime.
        unsafe { &mut (*this.ptr.as_ptr()).value }
    }

    /// Returns the value if this is the only `IntrusiveArc` pointing to it, or gives the
    /// pointer back.
    ///
    /// # Errors
    ///
    /// Returns `Err(this)` unchanged when other `IntrusiveArc`s share the value.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveArc;
    ///
    /// let a = IntrusiveArc::new(3);
    /// let b = a.clone();
    /// let a = IntrusiveArc::try_unwrap(a).unwrap_err();
    /// drop(b);
    /// assert_eq!(IntrusiveArc::try_unwrap(a), Ok(3));
    /// ```
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        if this
            .inner()
            .count
            .compare_exchange(1, 0, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
        {
            return Err(this);
        }
        this.acquire_other_owners();
        let this = ManuallyDrop::new(this);
        // SAFETY: we moved the count from one to zero, so we were the last owner and nobody
        // else can reach the block; `ManuallyDrop` keeps `Drop` from touching it again.
        let boxed = unsafe { Self::into_box(this.ptr) };
        Ok(boxed.value)
    }

    /// Returns the value if this is the last `IntrusiveArc` pointing to it; otherwise drops
    /// this pointer and returns `None`.
    ///
    /// Unlike `try_unwrap(this).ok()`, two threads calling this on the last two pointers at the
    /// same time never both get `None`: exactly one of them gets the value.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveArc;
    ///
    /// let a = IntrusiveArc::new('x');
    /// let b = a.clone();
    /// let t = std::thread::spawn(move || IntrusiveArc::into_inner(b));
    /// let mine = IntrusiveArc::into_inner(a);
    /// let theirs = t.join().unwrap();
    /// assert_eq!(mine.or(theirs), Some('x'));
    /// ```
    pub fn into_inner(this: Self) -> Option<T> {
        let this = ManuallyDrop::new(this);
        if this.inner().count.fetch_sub(1, Ordering::Release) != 1 {
            return None;
        }
        this.acquire_other_owners();
        // SAFETY: our decrement took the count to zero, so we were the last owner; `this` is
        // in `ManuallyDrop` and is not used again.
        let boxed = unsafe { Self::into_box(this.ptr) };
        Some(boxed.value)
    }

    /// Consumes the pointer without changing the count and returns a pointer to the value.
    ///
    /// The count this pointer owned is kept until [`from_raw`](Self::from_raw) takes it back;
    /// without that call the value leaks.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveArc;
    ///
    /// let raw = IntrusiveArc::into_raw(IntrusiveArc::new(7));
    /// // SAFETY: `raw` came from `into_raw` and is taken back once.
    /// let back = unsafe { IntrusiveArc::from_raw(raw) };
    /// assert_eq!(*back, 7);
    /// ```
    pub fn into_raw(this: Self) -> *const T {
        let this = ManuallyDrop::new(this);
        Self::as_ptr(&this)
    }

    /// Returns a pointer to the value, valid while any `IntrusiveArc` to it lives.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveArc;
    ///
    /// let a = IntrusiveArc::new(1u8);
    /// let p = IntrusiveArc::as_ptr(&a);
    /// // SAFETY: `a` keeps the value alive.
    /// assert_eq!(unsafe { *p }, 1);
    /// ```
    pub fn as_ptr(this: &Self) -> *const T {
        // Derived from the block pointer itself (no reference in between), so it keeps the
        // provenance of the whole block and `from_raw` can step back to the count.
        this.ptr
            .as_ptr()
            .wrapping_byte_add(offset_of!(ArcBox<T>, value))
            .cast::<T>()
            .cast_const()
    }

    /// Takes back a pointer made by [`into_raw`](Self::into_raw), with the count it owned.
    ///
    /// # Safety
    ///
    /// `ptr` must have come from `IntrusiveArc::<T>::into_raw` (the same `T`), and each
    /// pointer from `into_raw` must be passed to `from_raw` at most once.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::IntrusiveArc;
    ///
    /// let a = IntrusiveArc::new(String::from("kept"));
    /// let raw = IntrusiveArc::into_raw(a.clone());
    /// // SAFETY: from `into_raw` of an `IntrusiveArc<String>`, taken back once.
    /// let b = unsafe { IntrusiveArc::from_raw(raw) };
    /// assert!(IntrusiveArc::ptr_eq(&a, &b));
    /// ```
    pub unsafe fn from_raw(ptr: *const T) -> Self {
        let block = ptr
            .cast_mut()
            .wrapping_byte_sub(offset_of!(ArcBox<T>, value))
            .cast::<ArcBox<T>>();
        // SAFETY: the caller passes a pointer from `into_raw`, which is `offset_of!(value)`
        // bytes into a live block with its provenance, so stepping back gives the non-null
        // block pointer that `into_raw` consumed, with the count it still owns.
        Self::from_inner(unsafe { NonNull::new_unchecked(block) })
    }
}

impl<T> IntrusiveArc<T> {
    /// Called by the last owner, after its decrement took the count to zero: makes every
    /// other owner's accesses to the value (published by their release decrements) happen
    /// before ours. An acquire load of the count reads our own decrement, the end of each
    /// of their release sequences, so it synchronizes with all of them. It is a load and
    /// not `fence(Acquire)` because ThreadSanitizer does not model fences and reports the
    /// free that follows as a race; std's `Arc` makes the same choice under ThreadSanitizer.
    fn acquire_other_owners(&self) {
        self.inner().count.load(Ordering::Acquire);
    }
}

impl<T> Clone for IntrusiveArc<T> {
    /// Makes another pointer to the same value, adding one to the count.
    ///
    /// # Aborts
    ///
    /// If the count is past `isize::MAX`.
    fn clone(&self) -> Self {
        // Relaxed: the new pointer comes from an existing one, which already orders every
        // access to the value this thread makes; nothing is published by the increment.
        let old = self.inner().count.fetch_add(1, Ordering::Relaxed);
        if old > MAX_COUNT {
            abort_on_overflow();
        }
        Self::from_inner(self.ptr)
    }
}

impl<T> Drop for IntrusiveArc<T> {
    fn drop(&mut self) {
        // Release: our accesses to the value happen before the last owner frees it.
        if self.inner().count.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        // Every other owner's accesses happen before the value is dropped.
        self.acquire_other_owners();
        // SAFETY: our decrement took the count to zero, so nothing else points to the block;
        // `self.ptr` is not used after this.
        drop(unsafe { Self::into_box(self.ptr) });
    }
}

impl<T> Deref for IntrusiveArc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner().value
    }
}

crate::forward::forward_pointer_traits!(IntrusiveArc);

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_one_word() {
        assert_eq!(size_of::<ArcBox<u64>>(), 2 * size_of::<usize>());
        assert_eq!(size_of::<ArcBox<()>>(), size_of::<usize>());
        assert_eq!(offset_of!(ArcBox<u64>, value), size_of::<usize>());
    }
}
