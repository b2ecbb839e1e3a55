//! `Interner`: each distinct string copied into a `Bump` once.

use core::cell::RefCell;
use core::fmt;

use crate::Bump;

#[cfg(feature = "std")]
type Set<'a> = std::collections::HashSet<&'a str>;
#[cfg(not(feature = "std"))]
type Set<'a> = alloc::collections::BTreeSet<&'a str>;

/// A string interner: each distinct string is copied into a [`Bump`] once, and every
/// `intern` of an equal string returns that same `&'a str`.
///
/// Interned strings live as long as the arena borrow, so they can be stored in arena nodes
/// (identifiers in an AST, keys of a symbol table) and compared by address with
/// [`core::ptr::eq`]. With the `std` feature the index is a `HashSet`; without it, a
/// `BTreeSet`.
///
/// # Examples
///
/// ```
/// use ownership_arena::{Bump, Interner};
///
/// let bump = Bump::new();
/// let names = Interner::new(&bump);
/// let a = names.intern("x");
/// let b = names.intern(&String::from("x"));
/// assert!(std::ptr::eq(a, b), "one copy per distinct string");
/// assert_eq!(names.len(), 1);
/// ```
pub struct Interner<'a, 'd> {
    arena: &'a Bump<'d>,
    strings: RefCell<Set<'a>>,
}

impl<'a, 'd> Interner<'a, 'd> {
    /// Creates an interner that stores its strings in `arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::{Bump, Interner};
    ///
    /// let bump = Bump::new();
    /// let interner = Interner::new(&bump);
    /// assert!(interner.is_empty());
    /// ```
    pub fn new(arena: &'a Bump<'d>) -> Self {
        Interner {
            arena,
            strings: RefCell::new(Set::default()),
        }
    }

    /// Returns the arena copy of `s`, making it if this is the first time `s` is seen.
    ///
    /// # Panics
    ///
    /// If the arena cannot allocate (see [`Bump::alloc_str`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::{Bump, Interner};
    ///
    /// let bump = Bump::new();
    /// let interner = Interner::new(&bump);
    /// let kept: &str = {
    ///     let temporary = format!("id{}", 7);
    ///     interner.intern(&temporary)
    /// };
    /// assert_eq!(kept, "id7");
    /// ```
    pub fn intern(&self, s: &str) -> &'a str {
        let mut strings = self.strings.borrow_mut();
        if let Some(&interned) = strings.get(s) {
            return interned;
        }
        let interned: &'a str = self.arena.alloc_str(s);
        strings.insert(interned);
        interned
    }

    /// Returns the interned copy of `s`, if `s` was interned.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::{Bump, Interner};
    ///
    /// let bump = Bump::new();
    /// let interner = Interner::new(&bump);
    /// assert_eq!(interner.get("x"), None);
    /// let x = interner.intern("x");
    /// assert!(std::ptr::eq(interner.get("x").unwrap(), x));
    /// ```
    pub fn get(&self, s: &str) -> Option<&'a str> {
        self.strings.borrow().get(s).copied()
    }

    /// Returns how many distinct strings were interned.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::{Bump, Interner};
    ///
    /// let bump = Bump::new();
    /// let interner = Interner::new(&bump);
    /// for word in "a b a c b a".split(' ') {
    ///     interner.intern(word);
    /// }
    /// assert_eq!(interner.len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.strings.borrow().len()
    }

    /// Returns `true` if nothing was interned.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_arena::{Bump, Interner};
    ///
    /// let bump = Bump::new();
    /// let interner = Interner::new(&bump);
    /// assert!(interner.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.strings.borrow().is_empty()
    }
}

impl fmt::Debug for Interner<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interner")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}
