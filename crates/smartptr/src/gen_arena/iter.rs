//! The iterators of [`GenArena`]: [`Iter`], [`IterMut`], [`Values`], [`ValuesMut`] and
//! [`Drain`].

use core::fmt;
use core::iter::{Enumerate, FusedIterator};
use core::marker::PhantomData;
use core::slice;

use super::{GenArena, Handle, Key, Slot};

/// The handles and values of a [`GenArena`], in slot order; from [`GenArena::iter`].
///
/// # Examples
///
/// ```
/// use ownership_smartptr::GenArena;
///
/// let mut arena = GenArena::new();
/// let h = arena.insert(1);
/// let mut iter = arena.iter();
/// assert_eq!(iter.len(), 1);
/// assert_eq!(iter.next(), Some((h, &1)));
/// ```
pub struct Iter<'a, T, K = Handle> {
    slots: Enumerate<slice::Iter<'a, Slot<T>>>,
    /// Occupied slots not yet visited, for an exact `size_hint`.
    remaining: usize,
    _key: PhantomData<fn() -> K>,
}

impl<'a, T, K: Key> Iter<'a, T, K> {
    pub(super) fn new(slots: &'a [Slot<T>], len: usize) -> Self {
        Self {
            slots: slots.iter().enumerate(),
            remaining: len,
            _key: PhantomData,
        }
    }
}

impl<'a, T, K: Key> Iterator for Iter<'a, T, K> {
    type Item = (K, &'a T);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        for (index, slot) in self.slots.by_ref() {
            if let Some((generation, value)) = slot.occupant() {
                self.remaining -= 1;
                // Slot indices are below `MAX_SLOTS`: they fit a `u32`.
                return Some((K::from_handle(Handle::new(index as u32, generation)), value));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T, K: Key> ExactSizeIterator for Iter<'_, T, K> {}
impl<T, K: Key> FusedIterator for Iter<'_, T, K> {}

impl<T, K> Clone for Iter<'_, T, K> {
    fn clone(&self) -> Self {
        Self {
            slots: self.slots.clone(),
            remaining: self.remaining,
            _key: PhantomData,
        }
    }
}

impl<T, K> fmt::Debug for Iter<'_, T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Iter")
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// The handles and mutable values of a [`GenArena`], in slot order; from
/// [`GenArena::iter_mut`].
///
/// # Examples
///
/// ```
/// use ownership_smartptr::GenArena;
///
/// let mut arena = GenArena::new();
/// let h = arena.insert(1);
/// for (_, v) in arena.iter_mut() {
///     *v = 5;
/// }
/// assert_eq!(arena[h], 5);
/// ```
pub struct IterMut<'a, T, K = Handle> {
    slots: Enumerate<slice::IterMut<'a, Slot<T>>>,
    remaining: usize,
    _key: PhantomData<fn() -> K>,
}

impl<'a, T, K: Key> IterMut<'a, T, K> {
    pub(super) fn new(slots: &'a mut [Slot<T>], len: usize) -> Self {
        Self {
            slots: slots.iter_mut().enumerate(),
            remaining: len,
            _key: PhantomData,
        }
    }
}

impl<'a, T, K: Key> Iterator for IterMut<'a, T, K> {
    type Item = (K, &'a mut T);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        for (index, slot) in self.slots.by_ref() {
            if let Some((generation, value)) = slot.occupant_mut() {
                self.remaining -= 1;
                // Slot indices are below `MAX_SLOTS`: they fit a `u32`.
                return Some((K::from_handle(Handle::new(index as u32, generation)), value));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T, K: Key> ExactSizeIterator for IterMut<'_, T, K> {}
impl<T, K: Key> FusedIterator for IterMut<'_, T, K> {}

impl<T, K> fmt::Debug for IterMut<'_, T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut")
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// The values of a [`GenArena`], in slot order; from [`GenArena::values`].
///
/// # Examples
///
/// ```
/// use ownership_smartptr::GenArena;
///
/// let mut arena = GenArena::new();
/// arena.insert(2);
/// arena.insert(3);
/// assert_eq!(arena.values().product::<i32>(), 6);
/// ```
pub struct Values<'a, T, K = Handle> {
    inner: Iter<'a, T, K>,
}

impl<'a, T, K: Key> Values<'a, T, K> {
    pub(super) fn new(inner: Iter<'a, T, K>) -> Self {
        Self { inner }
    }
}

impl<'a, T, K: Key> Iterator for Values<'a, T, K> {
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        self.inner.next().map(|(_, value)| value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T, K: Key> ExactSizeIterator for Values<'_, T, K> {}
impl<T, K: Key> FusedIterator for Values<'_, T, K> {}

impl<T, K> Clone for Values<'_, T, K> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<T, K> fmt::Debug for Values<'_, T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Values")
            .field("remaining", &self.inner.remaining)
            .finish_non_exhaustive()
    }
}

/// The values of a [`GenArena`], mutably, in slot order; from [`GenArena::values_mut`].
///
/// # Examples
///
/// ```
/// use ownership_smartptr::GenArena;
///
/// let mut arena = GenArena::new();
/// let h = arena.insert(2);
/// arena.values_mut().for_each(|v| *v *= 2);
/// assert_eq!(arena[h], 4);
/// ```
pub struct ValuesMut<'a, T, K = Handle> {
    inner: IterMut<'a, T, K>,
}

impl<'a, T, K: Key> ValuesMut<'a, T, K> {
    pub(super) fn new(inner: IterMut<'a, T, K>) -> Self {
        Self { inner }
    }
}

impl<'a, T, K: Key> Iterator for ValuesMut<'a, T, K> {
    type Item = &'a mut T;

    #[inline]
    fn next(&mut self) -> Option<&'a mut T> {
        self.inner.next().map(|(_, value)| value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T, K: Key> ExactSizeIterator for ValuesMut<'_, T, K> {}
impl<T, K: Key> FusedIterator for ValuesMut<'_, T, K> {}

impl<T, K> fmt::Debug for ValuesMut<'_, T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValuesMut")
            .field("remaining", &self.inner.remaining)
            .finish_non_exhaustive()
    }
}

/// Removes the values of a [`GenArena`] in slot order, yielding each with its now-stale
/// handle; from [`GenArena::drain`].
///
/// Each value is removed from the arena as it is yielded, so the arena stays consistent
/// whenever the iterator stops; dropping the iterator removes and drops the rest. If it is
/// leaked instead (`mem::forget`), the values not reached stay in the arena.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::GenArena;
///
/// let mut arena = GenArena::new();
/// arena.insert(1);
/// arena.insert(2);
/// let mut drain = arena.drain();
/// assert_eq!(drain.next().map(|(_, v)| v), Some(1));
/// drop(drain); // removes 2 too
/// assert!(arena.is_empty());
/// ```
pub struct Drain<'a, T, K: Key = Handle> {
    arena: &'a mut GenArena<T, K>,
    /// The next slot to look at.
    next_index: usize,
}

impl<'a, T, K: Key> Drain<'a, T, K> {
    pub(super) fn new(arena: &'a mut GenArena<T, K>) -> Self {
        Self {
            arena,
            next_index: 0,
        }
    }
}

impl<T, K: Key> Iterator for Drain<'_, T, K> {
    type Item = (K, T);

    fn next(&mut self) -> Option<(K, T)> {
        while self.arena.len > 0 && self.next_index < self.arena.slots.len() {
            let index = self.next_index;
            self.next_index += 1;
            if let Some(generation) = self.arena.slots[index].generation() {
                // Slot indices are below `MAX_SLOTS`: they fit a `u32`.
                let key = K::from_handle(Handle::new(index as u32, generation));
                return Some((key, self.arena.remove_at(index)));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.arena.len, Some(self.arena.len))
    }
}

impl<T, K: Key> ExactSizeIterator for Drain<'_, T, K> {}
impl<T, K: Key> FusedIterator for Drain<'_, T, K> {}

impl<T, K: Key> Drop for Drain<'_, T, K> {
    fn drop(&mut self) {
        self.for_each(drop);
    }
}

impl<T, K: Key> fmt::Debug for Drain<'_, T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drain")
            .field("remaining", &self.arena.len)
            .finish_non_exhaustive()
    }
}
