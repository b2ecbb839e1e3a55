//! [`ArenaAlloc`]: placing values in an arena through `&self`.

/// An arena that places values of type `T` through a shared reference.
///
/// Taking `&self` is what makes an arena useful: many allocations can be alive at once, and a
/// node can point at another node of the same arena. Every reference lives as long as the borrow
/// of the arena, and the arena frees all of them at once.
///
/// A general bump arena implements `ArenaAlloc<T>` for every `T`; a typed arena implements it
/// for its one `T`. Code generic over `A: ArenaAlloc<T>` runs on either, and on `bumpalo::Bump`
/// with the `bumpalo` feature.
///
/// # Examples
///
/// ```
/// use ownership_core_traits::ArenaAlloc;
///
/// /// Builds a linked list in any arena.
/// struct Node<'a> {
///     value: u32,
///     next: Option<&'a Node<'a>>,
/// }
///
/// fn list<'a, A: ArenaAlloc<Node<'a>>>(arena: &'a A, n: u32) -> &'a Node<'a> {
///     let mut head: &'a Node<'a> = arena.alloc(Node { value: 0, next: None });
///     for value in 1..n {
///         head = arena.alloc(Node { value, next: Some(head) });
///     }
///     head
/// }
/// # #[cfg(feature = "bumpalo")]
/// # {
/// let bump = bumpalo::Bump::new();
/// let head = list(&bump, 3);
/// assert_eq!(head.value, 2);
/// assert_eq!(head.next.unwrap().value, 1);
/// assert!(ArenaAlloc::<Node<'_>>::allocated_bytes(&bump) >= 3 * size_of::<Node<'_>>());
/// # }
/// ```
pub trait ArenaAlloc<T> {
    /// Moves `value` into the arena and returns a mutable reference to it.
    ///
    /// # Panics
    ///
    /// Implementations panic when memory cannot be had (and offer `try_` variants that return
    /// an error instead).
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::ArenaAlloc;
    /// fn pair<A: ArenaAlloc<u64>>(arena: &A) -> (&mut u64, &mut u64) {
    ///     // Both allocations are alive at once: `alloc` takes `&self`.
    ///     (arena.alloc(1), arena.alloc(2))
    /// }
    /// ```
    #[allow(clippy::mut_from_ref)] // an arena hands out disjoint memory: the point of the trait
    fn alloc(&self, value: T) -> &mut T;

    /// Returns how many bytes of memory the arena holds from the allocator for its chunks.
    ///
    /// This is capacity, not the sum of the values' sizes: it is at least the bytes in use and
    /// shows what the arena costs.
    ///
    /// # Examples
    ///
    /// ```
    /// # use ownership_core_traits::ArenaAlloc;
    /// fn footprint<A: ArenaAlloc<u8>>(arena: &A) -> String {
    ///     format!("{} bytes", arena.allocated_bytes())
    /// }
    /// ```
    fn allocated_bytes(&self) -> usize;
}

#[cfg(feature = "bumpalo")]
#[cfg_attr(docsrs, doc(cfg(feature = "bumpalo")))]
impl<T> ArenaAlloc<T> for bumpalo::Bump {
    fn alloc(&self, value: T) -> &mut T {
        bumpalo::Bump::alloc(self, value)
    }

    fn allocated_bytes(&self) -> usize {
        bumpalo::Bump::allocated_bytes(self)
    }
}
