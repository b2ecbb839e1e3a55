//! [`Slot`]: one place in a [`GenArena`](super::GenArena), a value or a free-list link under
//! one version word; and [`Generation`], the part of a handle that only a slot can make.
//!
//! This is the arena's only unsafe code. A slot's `version` says what its `content` holds: odd
//! means a value (whose handles carry that version as their generation), even means a free-list
//! link. [`Generation`]s are odd by construction, so a generation equal to a slot's version
//! proves the slot is occupied with one comparison.

use core::mem::ManuallyDrop;
use core::num::NonZeroU32;

/// The generation of a value: an odd version. Only [`Slot`] makes them, from an occupied slot's
/// version, which is what lets [`Slot::get`] trust one comparison.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Generation(NonZeroU32);

impl Generation {
    #[inline]
    pub(crate) fn get(self) -> NonZeroU32 {
        self.0
    }
}

union Content<T> {
    /// Initialised while the version is odd.
    value: ManuallyDrop<T>,
    /// The next free slot (or the list's terminator) while the version is even.
    next_free: u32,
}

pub(super) struct Slot<T> {
    version: u32,
    content: Content<T>,
}

/// What [`Slot::vacate`] did with the slot.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Vacated {
    /// It is free; the next value gets a new generation.
    Reusable,
    /// Its generation would have wrapped: it must never hold a value again.
    Retired,
}

impl<T> Slot<T> {
    /// A slot holding `value` with the first generation.
    pub(super) fn new(value: T) -> (Self, Generation) {
        let slot = Self {
            version: 1,
            content: Content {
                value: ManuallyDrop::new(value),
            },
        };
        (slot, Generation(NonZeroU32::MIN))
    }

    pub(super) fn is_occupied(&self) -> bool {
        self.version % 2 == 1
    }

    /// The generation of the value held, if any.
    pub(super) fn generation(&self) -> Option<Generation> {
        if self.is_occupied() {
            // Odd, so not zero.
            NonZeroU32::new(self.version).map(Generation)
        } else {
            None
        }
    }

    /// The value and its generation, if the slot holds one.
    pub(super) fn occupant(&self) -> Option<(Generation, &T)> {
        let generation = self.generation()?;
        // SAFETY: the version is odd (`generation` is `Some`), so `value` is initialised.
        Some((generation, unsafe { &self.content.value }))
    }

    /// As [`occupant`](Self::occupant), mutably.
    pub(super) fn occupant_mut(&mut self) -> Option<(Generation, &mut T)> {
        let generation = self.generation()?;
        // SAFETY: the version is odd (`generation` is `Some`), so `value` is initialised.
        Some((generation, unsafe { &mut self.content.value }))
    }

    /// The value, if the slot holds the one with `generation`.
    #[inline]
    pub(super) fn get(&self, generation: Generation) -> Option<&T> {
        if self.version == generation.0.get() {
            // SAFETY: generations are odd, so the version is odd and `value` is initialised.
            Some(unsafe { &self.content.value })
        } else {
            None
        }
    }

    /// As [`get`](Self::get), mutably.
    #[inline]
    pub(super) fn get_mut(&mut self, generation: Generation) -> Option<&mut T> {
        if self.version == generation.0.get() {
            // SAFETY: generations are odd, so the version is odd and `value` is initialised.
            Some(unsafe { &mut self.content.value })
        } else {
            None
        }
    }

    /// The next free slot, if this one is free.
    pub(super) fn next_free(&self) -> Option<u32> {
        if self.is_occupied() {
            None
        } else {
            // SAFETY: the version is even, so `next_free` is the initialised field.
            Some(unsafe { self.content.next_free })
        }
    }

    /// Puts `value` in this free slot, with the next generation.
    ///
    /// # Panics
    ///
    /// If the slot is occupied: only the free list leads here, and it holds free slots only.
    pub(super) fn occupy(&mut self, value: T) -> Generation {
        // A retired slot (version 0 after a wrap) is never put on the free list; checking costs
        // one comparison and keeps a bug elsewhere from reissuing generation 1.
        assert!(
            !self.is_occupied() && self.version != 0,
            "GenArena: the free list led to an occupied or retired slot"
        );
        // Even and below `u32::MAX`: one more is a fresh odd version.
        let version = self.version + 1;
        // Overwriting the union drops nothing: `next_free` is a plain integer.
        self.content = Content {
            value: ManuallyDrop::new(value),
        };
        self.version = version;
        Generation(NonZeroU32::new(version).expect("odd, so not zero"))
    }

    /// Takes the value out, leaving a free slot linked to `next_free`, or a retired one if the
    /// generation would wrap.
    ///
    /// # Panics
    ///
    /// If the slot is free: callers look for occupied slots first.
    pub(super) fn vacate(&mut self, next_free: u32) -> (T, Vacated) {
        assert!(self.is_occupied(), "GenArena: vacating a free slot");
        // SAFETY: just checked: the slot is occupied.
        unsafe { self.vacate_unchecked(next_free) }
    }

    /// [`vacate`](Self::vacate) if the slot holds the value with `generation`; `None` (and the
    /// slot untouched) otherwise.
    #[inline]
    pub(super) fn take(&mut self, generation: Generation, next_free: u32) -> Option<(T, Vacated)> {
        if self.version == generation.0.get() {
            // SAFETY: generations are odd, so the version is odd: the slot is occupied.
            Some(unsafe { self.vacate_unchecked(next_free) })
        } else {
            None
        }
    }

    /// # Safety
    ///
    /// The slot must be occupied (odd version).
    #[inline]
    unsafe fn vacate_unchecked(&mut self, next_free: u32) -> (T, Vacated) {
        // SAFETY: the caller guarantees an odd version, so `value` is initialised; the version
        // is made even right below, with no code in between that could look at the slot, so
        // the value is never read or dropped again.
        let value = unsafe { ManuallyDrop::take(&mut self.content.value) };
        self.content = Content { next_free };
        // `u32::MAX` is odd; one more wraps to 0, which stays even and off the free list.
        self.version = self.version.wrapping_add(1);
        let vacated = if self.version == 0 {
            Vacated::Retired
        } else {
            Vacated::Reusable
        };
        (value, vacated)
    }

    /// Makes this free slot hand out `version + 1` next, to reach the last generation in a
    /// test without four billion reuses.
    #[cfg(test)]
    pub(super) fn set_free_version(&mut self, version: u32) {
        assert!(!self.is_occupied() && version % 2 == 0);
        self.version = version;
    }
}

impl<T> Drop for Slot<T> {
    fn drop(&mut self) {
        if self.is_occupied() {
            // SAFETY: the version is odd, so `value` is initialised, and the slot is being
            // dropped, so it is never read again.
            unsafe { ManuallyDrop::drop(&mut self.content.value) };
        }
    }
}

impl<T: Clone> Clone for Slot<T> {
    fn clone(&self) -> Self {
        let content = match self.occupant() {
            Some((_, value)) => Content {
                value: ManuallyDrop::new(value.clone()),
            },
            None => Content {
                // SAFETY: the version is even, so `next_free` is the initialised field.
                next_free: unsafe { self.content.next_free },
            },
        };
        Self {
            version: self.version,
            content,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_alternate_and_the_last_one_retires_the_slot() {
        let (mut slot, first) = Slot::new("a");
        assert_eq!(first.get().get(), 1);
        assert_eq!(slot.get(first), Some(&"a"));
        assert_eq!(slot.vacate(7), ("a", Vacated::Reusable));
        assert_eq!((slot.get(first), slot.next_free()), (None, Some(7)));
        let second = slot.occupy("b");
        assert_eq!(second.get().get(), 3);
        assert_eq!(slot.get(first), None);
        slot.vacate(0);
        slot.set_free_version(u32::MAX - 1);
        let last = slot.occupy("z");
        assert_eq!(last.get().get(), u32::MAX);
        assert_eq!(slot.vacate(0), ("z", Vacated::Retired));
        for stale in [first, second, last] {
            assert_eq!(slot.get(stale), None);
        }
        assert!(slot.generation().is_none());
    }

    #[test]
    fn only_occupied_slots_drop_and_clone_values() {
        let drops = test_support::DropCounter::new();
        let (slot, _) = Slot::new(drops.track(1));
        let copy = slot.clone();
        let (mut emptied, _) = Slot::new(drops.track(2));
        let (value, _) = emptied.vacate(0);
        drop(value);
        let empty_copy = emptied.clone();
        assert_eq!(empty_copy.next_free(), Some(0));
        drop((slot, copy, emptied, empty_copy));
        assert_eq!(drops.created(), 3);
        drops.assert_all_dropped_once();
    }
}
