//! [`CowPtr`] and [`SyncCowPtr`]: shared immutable values that copy themselves on write.

use core::ops::Deref;

use crate::{IntrusiveArc, IntrusiveRc};

/// Defines a copy-on-write pointer over one of the intrusive pointers; the two differ only in
/// which pointer (and so which thread-safety) they build on.
macro_rules! cow_pointer {
    (
        $(#[$attr:meta])*
        $name:ident over $inner:ident
    ) => {
        $(#[$attr])*
        pub struct $name<T> {
            inner: $inner<T>,
        }

        impl<T> $name<T> {
            /// Moves `value` to the heap, unshared.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ownership_smartptr::", stringify!($name), ";")]
            ///
            #[doc = concat!("let p = ", stringify!($name), "::new(5);")]
            /// assert_eq!(*p, 5);
            /// assert!(p.is_unique());
            /// ```
            pub fn new(value: T) -> Self {
                Self {
                    inner: $inner::new(value),
                }
            }

            /// Returns `true` if no other pointer shares the value, so a write will not copy it.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ownership_smartptr::", stringify!($name), ";")]
            ///
            #[doc = concat!("let a = ", stringify!($name), "::new(1);")]
            /// let b = a.clone();
            /// assert!(!a.is_unique());
            /// drop(b);
            /// assert!(a.is_unique());
            /// ```
            pub fn is_unique(&self) -> bool {
                $inner::strong_count(&self.inner) == 1
            }

            /// Returns `true` if both share one value (not merely equal values).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ownership_smartptr::", stringify!($name), ";")]
            ///
            #[doc = concat!("let a = ", stringify!($name), "::new(1);")]
            /// let b = a.clone();
            /// assert!(a.ptr_eq(&b));
            #[doc = concat!("assert!(!a.ptr_eq(&", stringify!($name), "::new(1)));")]
            /// ```
            pub fn ptr_eq(&self, other: &Self) -> bool {
                $inner::ptr_eq(&self.inner, &other.inner)
            }

            /// Returns a mutable reference to the value, first copying it if it is shared
            /// (the other pointers keep the old value).
            ///
            /// Clones `T` exactly once when shared and never when unique.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ownership_smartptr::", stringify!($name), ";")]
            ///
            #[doc = concat!("let mut a = ", stringify!($name), "::new(vec![1]);")]
            /// let b = a.clone();
            /// a.make_mut().push(2);
            /// assert_eq!((&*a, &*b), (&vec![1, 2], &vec![1]));
            /// ```
            pub fn make_mut(&mut self) -> &mut T
            where
                T: Clone,
            {
                $inner::make_mut(&mut self.inner)
            }

            /// Runs `f` on a mutable reference to the value, first copying it if it is shared,
            /// and returns what `f` returns.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ownership_smartptr::", stringify!($name), ";")]
            ///
            #[doc = concat!("let config = ", stringify!($name), "::new(vec![\"a\"]);")]
            /// let mut edited = config.clone();
            /// let len = edited.modify(|v| {
            ///     v.push("b");
            ///     v.len()
            /// });
            /// assert_eq!((len, config.len()), (2, 1));
            /// ```
            pub fn modify<R>(&mut self, f: impl FnOnce(&mut T) -> R) -> R
            where
                T: Clone,
            {
                f(self.make_mut())
            }

            /// Returns the value: moved out if unshared, cloned otherwise.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ownership_smartptr::", stringify!($name), ";")]
            ///
            #[doc = concat!("let a = ", stringify!($name), "::new(String::from(\"v\"));")]
            /// let b = a.clone();
            /// assert_eq!(a.into_inner(), "v"); // cloned: `b` shares it
            /// assert_eq!(b.into_inner(), "v"); // moved out
            /// ```
            pub fn into_inner(self) -> T
            where
                T: Clone,
            {
                $inner::try_unwrap(self.inner).unwrap_or_else(|shared| T::clone(&shared))
            }
        }

        impl<T> Clone for $name<T> {
            /// Shares the value: no copy is made until one of them writes.
            fn clone(&self) -> Self {
                Self {
                    inner: self.inner.clone(),
                }
            }
        }

        impl<T> Deref for $name<T> {
            type Target = T;

            fn deref(&self) -> &T {
                &self.inner
            }
        }

        crate::forward::forward_pointer_traits!($name);
    };
}

cow_pointer! {
    /// A shared, immutable value that copies itself on write; single-threaded (built on
    /// [`IntrusiveRc`]).
    ///
    /// Clones share one value; [`make_mut`](Self::make_mut) and [`modify`](Self::modify) copy
    /// it first only if it is shared, so a value cloned many times and rarely changed is
    /// copied only when it does change. Use [`SyncCowPtr`] to share across threads.
    ///
    /// The methods are named `make_mut`, `modify`, `is_unique`, `ptr_eq` and `into_inner`;
    /// methods of `T` with those names are reached with `(*p).name()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::CowPtr;
    ///
    /// let original = CowPtr::new(vec![1, 2, 3]);
    /// let mut copy = original.clone(); // shares, no copy
    /// assert!(copy.ptr_eq(&original));
    /// copy.modify(|v| v.push(4)); // copies now, once
    /// assert_eq!(*original, [1, 2, 3]);
    /// assert_eq!(*copy, [1, 2, 3, 4]);
    /// copy.modify(|v| v.push(5)); // unique: no copy
    /// ```
    CowPtr over IntrusiveRc
}

cow_pointer! {
    /// A shared, immutable value that copies itself on write; thread-safe (built on
    /// [`IntrusiveArc`]), `Send` and `Sync` when `T` is both.
    ///
    /// Clones share one value; [`make_mut`](Self::make_mut) and [`modify`](Self::modify) copy
    /// it first only if it is shared. A snapshot handed to other threads stays as it was while
    /// the owner keeps editing its own copy.
    ///
    /// The methods are named `make_mut`, `modify`, `is_unique`, `ptr_eq` and `into_inner`;
    /// methods of `T` with those names are reached with `(*p).name()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::SyncCowPtr;
    ///
    /// let mut settings = SyncCowPtr::new(vec!["dark"]);
    /// let snapshot = settings.clone();
    /// let reader = std::thread::spawn(move || snapshot.len());
    /// settings.modify(|s| s.push("large")); // the reader keeps its snapshot
    /// assert_eq!(reader.join().unwrap(), 1);
    /// assert_eq!(settings.len(), 2);
    /// ```
    SyncCowPtr over IntrusiveArc
}
