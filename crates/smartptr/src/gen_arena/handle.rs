//! [`Handle`], the [`Key`] trait and [`new_handle_type!`](crate::new_handle_type): what names
//! a value in a [`GenArena`](super::GenArena).

use core::fmt::{self, Debug};
use core::hash::Hash;
use core::num::NonZeroU32;

use super::slot::Generation;

/// Names a value in a [`GenArena`](super::GenArena): a 32-bit slot index and the 32-bit
/// generation of the value that was put there.
///
/// Eight bytes, and `Option<Handle>` is eight bytes too (the generation is never zero). A handle
/// kept after its value was removed is *stale*: the arena answers `None` for it, even when the
/// slot holds a newer value.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::{GenArena, Handle};
///
/// let mut arena = GenArena::new();
/// let h: Handle = arena.insert("x");
/// assert_eq!(size_of::<Option<Handle>>(), 8);
/// assert_eq!((h.index(), h.generation().get()), (0, 1));
/// ```
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Handle {
    index: u32,
    generation: Generation,
}

// The accessors are `#[inline]` so that `GenArena::get` and friends compile into the caller's
// loop in full, as slotmap's do, instead of depending on the compiler's cross-crate heuristics.
impl Handle {
    #[inline]
    pub(super) fn new(index: u32, generation: Generation) -> Self {
        Self { index, generation }
    }

    #[inline]
    pub(super) fn slot_generation(self) -> Generation {
        self.generation
    }

    /// Returns the slot index.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let (a, b) = (arena.insert(1), arena.insert(2));
    /// assert_eq!((a.index(), b.index()), (0, 1));
    /// ```
    #[inline]
    pub fn index(self) -> u32 {
        self.index
    }

    /// Returns the generation: odd, 1 for the first value in a slot, 3 for the next, and so on.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::GenArena;
    ///
    /// let mut arena = GenArena::new();
    /// let a = arena.insert(1);
    /// arena.remove(a);
    /// let b = arena.insert(2); // reuses the slot
    /// assert_eq!((a.index(), a.generation().get()), (0, 1));
    /// assert_eq!((b.index(), b.generation().get()), (0, 3));
    /// ```
    #[inline]
    pub fn generation(self) -> NonZeroU32 {
        self.generation.get()
    }
}

impl Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("index", &self.index)
            .field("generation", &self.generation.get())
            .finish()
    }
}

/// A handle type for a [`GenArena`](super::GenArena): [`Handle`] itself, or a distinct type made
/// with [`new_handle_type!`](crate::new_handle_type) so that handles of one arena cannot be
/// passed to another by mistake.
///
/// Implementing it by hand is safe: the arena checks every handle it is given.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::gen_arena::Key;
/// use ownership_smartptr::{GenArena, Handle};
///
/// fn slot_of<K: Key>(key: K) -> u32 {
///     key.handle().index()
/// }
/// let mut arena: GenArena<u8> = GenArena::new();
/// assert_eq!(slot_of(arena.insert(1)), 0);
/// ```
pub trait Key: Copy + Eq + Ord + Hash + Debug {
    /// Wraps a handle.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::gen_arena::Key;
    /// use ownership_smartptr::{GenArena, Handle};
    ///
    /// let h = GenArena::new().insert(());
    /// assert_eq!(Handle::from_handle(h), h);
    /// ```
    fn from_handle(handle: Handle) -> Self;

    /// Returns the wrapped handle.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::gen_arena::Key;
    /// use ownership_smartptr::GenArena;
    ///
    /// let h = GenArena::new().insert(());
    /// assert_eq!(h.handle(), h);
    /// ```
    fn handle(self) -> Handle;
}

impl Key for Handle {
    #[inline]
    fn from_handle(handle: Handle) -> Self {
        handle
    }

    #[inline]
    fn handle(self) -> Handle {
        self
    }
}

/// Declares handle types distinct from [`Handle`] and from each other, for arenas that must
/// not accept each other's handles (like slotmap's `new_key_type!`).
///
/// Each type is a `#[repr(transparent)]` wrapper of `Handle`: eight bytes, `Copy`, `Eq`,
/// `Ord`, `Hash`, `Debug`, and it implements [`Key`].
///
/// # Examples
///
/// ```
/// use ownership_smartptr::{GenArena, new_handle_type};
///
/// new_handle_type! {
///     /// A player in the game.
///     pub struct PlayerId;
///     /// An item on the map.
///     pub struct ItemId;
/// }
///
/// let mut players: GenArena<&str, PlayerId> = GenArena::default();
/// let mut items: GenArena<u32, ItemId> = GenArena::default();
/// let alice = players.insert("alice");
/// let sword = items.insert(10);
/// assert_eq!(players[alice], "alice");
/// assert_eq!(items[sword], 10);
/// ```
///
/// Mixing them up does not compile:
///
/// ```compile_fail
/// use ownership_smartptr::{GenArena, new_handle_type};
///
/// new_handle_type! { struct PlayerId; struct ItemId; }
/// let mut players: GenArena<&str, PlayerId> = GenArena::default();
/// let mut items: GenArena<u32, ItemId> = GenArena::default();
/// let alice = players.insert("alice");
/// items.get(alice);
/// ```
#[macro_export]
macro_rules! new_handle_type {
    ($($(#[$meta:meta])* $vis:vis struct $name:ident;)+) => {
        $(
            $(#[$meta])*
            #[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
            #[repr(transparent)]
            $vis struct $name($crate::Handle);

            impl $crate::gen_arena::Key for $name {
                #[inline]
                fn from_handle(handle: $crate::Handle) -> Self {
                    $name(handle)
                }

                #[inline]
                fn handle(self) -> $crate::Handle {
                    self.0
                }
            }
        )+
    };
}
