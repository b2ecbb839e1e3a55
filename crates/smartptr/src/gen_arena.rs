//! [`GenArena`]: a generational arena whose stale handles never alias a newer value, with its
//! [`Handle`], [`Key`], [`InsertError`] and iterators.

mod handle;
mod iter;
mod slot;

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use core::ops::{Index, IndexMut};

pub use handle::{Handle, Key};
pub use iter::{Drain, Iter, IterMut, Values, ValuesMut};
use slot::{Slot, Vacated};

/// The free-list terminator. Never a slot index: [`MAX_SLOTS`] keeps indices below it.
const NONE: u32 = u32::MAX;

/// The most slots an arena can have: every index fits in a handle's `u32` and differs from
/// [`NONE`].
const MAX_SLOTS: usize = NONE as usize;

/// A generational arena: values in a `Vec`, each named by a [`Handle`] (or a key type made with
/// [`new_handle_type!`](crate::new_handle_type)) that stops working when its value is removed.
///
/// A plain index into a `Vec` silently names whatever value comes to occupy the slot next.
/// A handle also carries the slot's *generation*, which each removal advances, so a handle kept
/// after `remove` is stale: `get`, `get_mut`, `remove` and `contains` answer `None`/`false`,
/// and indexing panics, even after the slot is reused. When a slot's generation would wrap
/// around, the slot is retired instead of reused, so a stale handle never matches again, however
/// long the program runs.
///
/// Insert, get and remove are O(1); freed slots are reused last-freed first.
/// Handles from one arena mean nothing to another: give each arena its own handle type with
/// [`new_handle_type!`](crate::new_handle_type) to make mixing them a compile error.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::GenArena;
///
/// let mut arena = GenArena::new();
/// let a = arena.insert("a");
/// assert_eq!(arena.remove(a), Some("a"));
/// let b = arena.insert("b"); // reuses a's slot
/// assert_eq!(a.index(), b.index());
/// assert_eq!(arena.get(a), None, "a stale handle never sees the new value");
/// assert_eq!(arena[b], "b");
/// ```
#[derive(Clone)]
pub struct GenArena<T, K = Handle> {
    slots: Vec<Slot<T>>,
    /// First slot of the free list, or `NONE`.
    free_head: u32,
    /// Occupied slots.
    len: usize,
    /// Retired slots.
    retired: usize,
    _key: PhantomData<fn(K) -> K>,
}

/// The error of [`GenArena::try_insert`]: every slot index a 32-bit handle can name is taken.
/// It gives the value back.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::gen_arena::InsertError;
///
/// fn keep<T>(err: InsertError<T>) -> T {
///     eprintln!("{err}");
///     err.into_inner()
/// }
/// ```
pub struct InsertError<T> {
    value: T,
}

impl<T> InsertError<T> {
    /// Returns the value that could not be inserted.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::gen_arena::InsertError;
    ///
    /// fn recover(result: Result<ownership_smartptr::Handle, InsertError<String>>) -> Option<String> {
    ///     result.err().map(InsertError::into_inner)
    /// }
    /// ```
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> fmt::Debug for InsertError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InsertError").finish_non_exhaustive()
    }
}

impl<T> fmt::Display for InsertError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the arena is full: all {MAX_SLOTS} slot indices a 32-bit handle can name are in \
             use or retired; remove values or use another arena"
        )
    }
}

impl<T> core::error::Error for InsertError<T> {}

// `new` and `with_capacity` name the key type so that `GenArena::new()` infers it (a default
// type parameter does not guide inference); other key types start from `Default`.
impl<T> GenArena<T> {
    /// Creates an empty arena with [`Handle`] keys; it allocates on the first insert.
    ///
    /// For another key type, use `GenArena::default()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let arena: GenArena<String> = GenArena::new();
    /// assert!(arena.is_empty());
    /// assert_eq!(arena.capacity(), 0);
    /// ```
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// Creates an empty arena with [`Handle`] keys and room for `capacity` values before it
    /// reallocates.
    ///
    /// For another key type, use `GenArena::default()` and [`reserve`](Self::reserve).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let arena: GenArena<u64> = GenArena::with_capacity(100);
    /// assert!(arena.capacity() >= 100);
    /// ```
    pub fn with_capacity(capacity: usize) -> Self {
        Self::empty(capacity)
    }
}

impl<T, K: Key> GenArena<T, K> {
    fn empty(capacity: usize) -> Self {
        Self {
            slots: Vec::with_capacity(capacity),
            free_head: NONE,
            len: 0,
            retired: 0,
            _key: PhantomData,
        }
    }

    /// Returns how many values the arena can hold without reallocating.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::with_capacity(4);
    /// let before = arena.capacity();
    /// for i in 0..4 {
    ///     arena.insert(i);
    /// }
    /// assert_eq!(arena.capacity(), before, "no reallocation");
    /// ```
    pub fn capacity(&self) -> usize {
        self.slots.capacity() - self.retired
    }

    /// Makes room for at least `additional` more values, counting the free slots.
    ///
    /// # Panics
    ///
    /// If the new capacity overflows `isize::MAX` bytes, as `Vec::reserve` does.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// arena.insert(1);
    /// arena.reserve(10);
    /// assert!(arena.capacity() >= 11);
    /// ```
    pub fn reserve(&mut self, additional: usize) {
        let free = self.slots.len() - self.len - self.retired;
        if additional > free {
            self.slots.reserve(additional - free);
        }
    }

    /// Returns the number of values.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let a = arena.insert(1);
    /// arena.insert(2);
    /// arena.remove(a);
    /// assert_eq!(arena.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Returns `true` if the arena holds no values.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// assert!(arena.is_empty());
    /// arena.insert(());
    /// assert!(!arena.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Stores `value` and returns its handle.
    ///
    /// # Panics
    ///
    /// If the arena already uses every slot index a handle can name (`u32::MAX` slots, counting
    /// retired ones); [`try_insert`](Self::try_insert) returns an error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let h = arena.insert(String::from("value"));
    /// assert_eq!(arena[h], "value");
    /// ```
    #[inline]
    #[track_caller]
    pub fn insert(&mut self, value: T) -> K {
        match self.try_insert(value) {
            Ok(key) => key,
            Err(err) => full(err),
        }
    }

    /// Stores `value` and returns its handle, or gives it back if no slot is left.
    ///
    /// # Errors
    ///
    /// [`InsertError`] (holding `value`) when every slot index a handle can name (`u32::MAX`
    /// slots, counting retired ones) is in use.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let h = arena.try_insert(5).expect("room for one value");
    /// assert_eq!(arena[h], 5);
    /// ```
    #[inline]
    pub fn try_insert(&mut self, value: T) -> Result<K, InsertError<T>> {
        self.try_insert_within(value, MAX_SLOTS)
    }

    /// [`try_insert`](Self::try_insert) with the slot limit as a parameter, so tests can reach
    /// it without four billion inserts.
    #[inline]
    fn try_insert_within(&mut self, value: T, max_slots: usize) -> Result<K, InsertError<T>> {
        let index = self.free_head;
        if index != NONE {
            let slot = &mut self.slots[index as usize];
            let next_free = slot
                .next_free()
                .expect("the free list leads only to free slots");
            let generation = slot.occupy(value);
            self.free_head = next_free;
            self.len += 1;
            return Ok(K::from_handle(Handle::new(index, generation)));
        }
        if self.slots.len() >= max_slots {
            return Err(InsertError { value });
        }
        // Below `max_slots`, which is at most `MAX_SLOTS`, so it fits a `u32` and is not `NONE`.
        let index = self.slots.len() as u32;
        let (slot, generation) = Slot::new(value);
        self.slots.push(slot);
        self.len += 1;
        Ok(K::from_handle(Handle::new(index, generation)))
    }

    /// Returns the value `key` names, or `None` if it was removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let h = arena.insert(1);
    /// assert_eq!(arena.get(h), Some(&1));
    /// arena.remove(h);
    /// assert_eq!(arena.get(h), None);
    /// ```
    #[inline]
    pub fn get(&self, key: K) -> Option<&T> {
        let handle = key.handle();
        self.slots
            .get(handle.index() as usize)?
            .get(handle.slot_generation())
    }

    /// Returns the value `key` names mutably, or `None` if it was removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let h = arena.insert(1);
    /// *arena.get_mut(h).unwrap() += 1;
    /// assert_eq!(arena[h], 2);
    /// ```
    #[inline]
    pub fn get_mut(&mut self, key: K) -> Option<&mut T> {
        let handle = key.handle();
        self.slots
            .get_mut(handle.index() as usize)?
            .get_mut(handle.slot_generation())
    }

    /// Returns mutable references to two different values at once, or `None` if the handles
    /// are equal, name the same slot, or either is stale.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let (a, b) = (arena.insert(10), arena.insert(20));
    /// let (x, y) = arena.get2_mut(a, b).unwrap();
    /// std::mem::swap(x, y);
    /// assert_eq!((arena[a], arena[b]), (20, 10));
    /// assert!(arena.get2_mut(a, a).is_none());
    /// ```
    pub fn get2_mut(&mut self, a: K, b: K) -> Option<(&mut T, &mut T)> {
        let (a, b) = (a.handle(), b.handle());
        let (i, j) = (a.index() as usize, b.index() as usize);
        if i == j {
            return None;
        }
        let high = i.max(j);
        if high >= self.slots.len() {
            return None;
        }
        let (below, from_high) = self.slots.split_at_mut(high);
        let (low_slot, high_slot) = (&mut below[i.min(j)], &mut from_high[0]);
        let (slot_a, slot_b) = if i < j {
            (low_slot, high_slot)
        } else {
            (high_slot, low_slot)
        };
        Some((
            slot_a.get_mut(a.slot_generation())?,
            slot_b.get_mut(b.slot_generation())?,
        ))
    }

    /// Removes and returns the value `key` names; `None` if it was already removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let h = arena.insert('x');
    /// assert_eq!(arena.remove(h), Some('x'));
    /// assert_eq!(arena.remove(h), None);
    /// ```
    #[inline]
    pub fn remove(&mut self, key: K) -> Option<T> {
        let handle = key.handle();
        let index = handle.index() as usize;
        let slot = self.slots.get_mut(index)?;
        let (value, vacated) = slot.take(handle.slot_generation(), self.free_head)?;
        self.vacated(index, vacated);
        Some(value)
    }

    /// Empties the occupied slot `index` (see [`vacated`](Self::vacated)).
    fn remove_at(&mut self, index: usize) -> T {
        let (value, vacated) = self.slots[index].vacate(self.free_head);
        self.vacated(index, vacated);
        value
    }

    /// Books a slot just emptied: on the free list if it can be reused, retired otherwise.
    #[inline]
    fn vacated(&mut self, index: usize, vacated: Vacated) {
        match vacated {
            // `index` came from a slot, and slots are below `MAX_SLOTS`: it fits a `u32`.
            Vacated::Reusable => self.free_head = index as u32,
            Vacated::Retired => self.retired += 1,
        }
        self.len -= 1;
    }

    /// Returns `true` if `key` still names a value.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let h = arena.insert(());
    /// assert!(arena.contains(h));
    /// arena.remove(h);
    /// assert!(!arena.contains(h));
    /// ```
    pub fn contains(&self, key: K) -> bool {
        self.get(key).is_some()
    }

    /// Removes every value. Handles given out before stay stale: the generations are kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let h = arena.insert(1);
    /// arena.clear();
    /// let again = arena.insert(2);
    /// assert!(arena.get(h).is_none());
    /// assert_eq!(arena[again], 2);
    /// ```
    pub fn clear(&mut self) {
        self.drain();
    }

    /// Keeps only the values for which `keep` returns `true`, visiting them in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let handles: Vec<_> = (1..=6).map(|i| arena.insert(i)).collect();
    /// arena.retain(|_, v| *v % 2 == 0);
    /// assert_eq!(arena.values().copied().collect::<Vec<_>>(), [2, 4, 6]);
    /// assert!(arena.get(handles[0]).is_none());
    /// ```
    pub fn retain(&mut self, mut keep: impl FnMut(K, &mut T) -> bool) {
        for index in 0..self.slots.len() {
            if let Some((generation, value)) = self.slots[index].occupant_mut() {
                // `index` is below `MAX_SLOTS`: it fits a `u32`.
                let key = K::from_handle(Handle::new(index as u32, generation));
                if !keep(key, value) {
                    // The slot is updated before the value is dropped, so a panicking `Drop`
                    // leaves the arena consistent.
                    drop(self.remove_at(index));
                }
            }
        }
    }

    /// Removes every value, returning them with their (now stale) handles in slot order.
    ///
    /// Values the iterator has not reached when it is dropped are removed and dropped then.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let a = arena.insert("a");
    /// arena.insert("b");
    /// let drained: Vec<_> = arena.drain().collect();
    /// assert_eq!(drained[0], (a, "a"));
    /// assert!(arena.is_empty());
    /// ```
    pub fn drain(&mut self) -> Drain<'_, T, K> {
        Drain::new(self)
    }

    /// Iterates over the handles and values, in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let a = arena.insert(1);
    /// let b = arena.insert(2);
    /// assert_eq!(arena.iter().collect::<Vec<_>>(), [(a, &1), (b, &2)]);
    /// ```
    pub fn iter(&self) -> Iter<'_, T, K> {
        Iter::new(&self.slots, self.len)
    }

    /// Iterates over the handles and mutable values, in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// arena.insert(1);
    /// arena.insert(2);
    /// for (_, v) in arena.iter_mut() {
    ///     *v *= 10;
    /// }
    /// assert_eq!(arena.values().sum::<i32>(), 30);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, T, K> {
        IterMut::new(&mut self.slots, self.len)
    }

    /// Iterates over the values, in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// arena.insert("x");
    /// assert_eq!(arena.values().collect::<Vec<_>>(), [&"x"]);
    /// ```
    pub fn values(&self) -> Values<'_, T, K> {
        Values::new(self.iter())
    }

    /// Iterates over the values mutably, in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let h = arena.insert(1);
    /// arena.values_mut().for_each(|v| *v += 1);
    /// assert_eq!(arena[h], 2);
    /// ```
    pub fn values_mut(&mut self) -> ValuesMut<'_, T, K> {
        ValuesMut::new(self.iter_mut())
    }
}

impl<T, K: Key> Default for GenArena<T, K> {
    /// An empty arena for any key type; it allocates on the first insert.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::{GenArena, new_handle_type};
    ///
    /// new_handle_type! { struct NodeId; }
    /// let mut nodes: GenArena<&str, NodeId> = GenArena::default();
    /// let n = nodes.insert("root");
    /// assert_eq!(nodes[n], "root");
    /// ```
    fn default() -> Self {
        Self::empty(0)
    }
}

impl<T: fmt::Debug, K: Key> fmt::Debug for GenArena<T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<T, K: Key> Index<K> for GenArena<T, K> {
    type Output = T;

    /// Returns the value `key` names.
    ///
    /// # Panics
    ///
    /// If `key` is stale (its value was removed) or from another arena.
    #[track_caller]
    fn index(&self, key: K) -> &T {
        match self.get(key) {
            Some(value) => value,
            None => stale(key),
        }
    }
}

impl<T, K: Key> IndexMut<K> for GenArena<T, K> {
    /// Returns the value `key` names mutably.
    ///
    /// # Panics
    ///
    /// If `key` is stale (its value was removed) or from another arena.
    #[track_caller]
    fn index_mut(&mut self, key: K) -> &mut T {
        match self.get_mut(key) {
            Some(value) => value,
            None => stale(key),
        }
    }
}

#[cold]
#[track_caller]
fn full<T>(err: InsertError<T>) -> ! {
    panic!("{err}")
}

#[cold]
#[track_caller]
fn stale(key: impl fmt::Debug) -> ! {
    panic!("GenArena: no value for {key:?}: it was removed, or the handle is from another arena")
}

impl<'a, T, K: Key> IntoIterator for &'a GenArena<T, K> {
    type Item = (K, &'a T);
    type IntoIter = Iter<'a, T, K>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T, K: Key> IntoIterator for &'a mut GenArena<T, K> {
    type Item = (K, &'a mut T);
    type IntoIter = IterMut<'a, T, K>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T, K: Key> ownership_core_traits::SlotStore<T> for GenArena<T, K> {
    type Key = K;

    fn insert(&mut self, value: T) -> K {
        GenArena::insert(self, value)
    }

    fn get(&self, key: K) -> Option<&T> {
        GenArena::get(self, key)
    }

    fn get_mut(&mut self, key: K) -> Option<&mut T> {
        GenArena::get_mut(self, key)
    }

    fn remove(&mut self, key: K) -> Option<T> {
        GenArena::remove(self, key)
    }

    fn contains(&self, key: K) -> bool {
        GenArena::contains(self, key)
    }

    fn len(&self) -> usize {
        GenArena::len(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::{String, ToString};
    use alloc::vec;

    impl<T, K: Key> GenArena<T, K> {
        /// Makes the free slot `index` hand out the last generation next.
        fn force_last_generation(&mut self, index: usize) {
            self.slots[index].set_free_version(u32::MAX - 1);
        }

        fn free_list(&self) -> Vec<u32> {
            let mut list = vec![];
            let mut next = self.free_head;
            while next != NONE {
                list.push(next);
                next = self.slots[next as usize]
                    .next_free()
                    .expect("the free list reached an occupied slot");
            }
            list
        }
    }

    #[test]
    fn a_slot_at_its_last_generation_is_retired_instead_of_reused() {
        let mut arena: GenArena<&str> = GenArena::new();
        let first = arena.insert("first");
        arena.remove(first);
        arena.force_last_generation(0);

        let last = arena.insert("last");
        assert_eq!((last.index(), last.generation().get()), (0, u32::MAX));
        assert_eq!(arena.remove(last), Some("last"));
        assert!(arena.free_list().is_empty(), "the slot is not reusable");
        assert_eq!(arena.retired, 1);

        let next = arena.insert("next");
        assert_eq!(next.index(), 1, "a fresh slot, not the retired one");
        for stale in [first, last] {
            assert_eq!(arena.get(stale), None);
            assert!(!arena.contains(stale));
            assert_eq!(arena.remove(stale), None);
        }
        assert_eq!(arena.len(), 1);
        assert_eq!(arena.iter().collect::<Vec<_>>(), [(next, &"next")]);

        // Clearing keeps the retired slot retired.
        arena.clear();
        assert_eq!(arena.free_list(), [1]);
        let after = arena.insert("after");
        assert_eq!(after.index(), 1);
        assert_eq!(arena.get(last), None);
    }

    #[test]
    fn a_retired_slot_does_not_count_as_capacity() {
        let mut arena: GenArena<u8> = GenArena::with_capacity(1);
        let h = arena.insert(1);
        arena.remove(h);
        arena.force_last_generation(0);
        let h = arena.insert(2);
        arena.remove(h);
        assert_eq!(arena.capacity(), arena.slots.capacity() - 1);
        arena.reserve(3);
        assert!(arena.capacity() >= 3);
    }

    #[test]
    fn try_insert_past_the_index_space_gives_the_value_back() {
        let mut arena: GenArena<String> = GenArena::new();
        let a = arena.try_insert_within("a".into(), 2).unwrap();
        arena.try_insert_within("b".into(), 2).unwrap();
        let err = arena.try_insert_within("c".into(), 2).unwrap_err();
        assert!(err.to_string().starts_with("the arena is full"));
        assert_eq!(err.into_inner(), "c");
        assert_eq!(arena.len(), 2);
        arena.remove(a);
        assert!(
            arena.try_insert_within("d".into(), 2).is_ok(),
            "a freed slot is reused"
        );
    }

    #[test]
    fn removal_order_decides_reuse_order() {
        let mut arena: GenArena<u8> = GenArena::new();
        let hs: Vec<_> = (0..3).map(|i| arena.insert(i)).collect();
        arena.remove(hs[0]);
        arena.remove(hs[2]);
        assert_eq!(arena.free_list(), [2, 0]);
        assert_eq!(arena.insert(9).index(), 2);
        assert_eq!(arena.insert(9).index(), 0);
        assert!(arena.free_list().is_empty());
    }
}
