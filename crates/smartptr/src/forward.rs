//! The trait impls that every pointer in the crate forwards to its value.

/// Implements `Debug`, `Display`, `Pointer`, comparisons, `Hash`, `Default`, `From<T>`,
/// `AsRef<T>` and `Borrow<T>` for a pointer type `$ptr<T>` that derefs to `T`.
macro_rules! forward_pointer_traits {
    ($ptr:ident) => {
        impl<T: core::fmt::Debug> core::fmt::Debug for $ptr<T> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                core::fmt::Debug::fmt(&**self, f)
            }
        }

        impl<T: core::fmt::Display> core::fmt::Display for $ptr<T> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                core::fmt::Display::fmt(&**self, f)
            }
        }

        impl<T> core::fmt::Pointer for $ptr<T> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                core::fmt::Pointer::fmt(&core::ptr::from_ref::<T>(&**self), f)
            }
        }

        impl<T: PartialEq> PartialEq for $ptr<T> {
            fn eq(&self, other: &Self) -> bool {
                **self == **other
            }
        }

        impl<T: Eq> Eq for $ptr<T> {}

        impl<T: PartialOrd> PartialOrd for $ptr<T> {
            fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
                (**self).partial_cmp(&**other)
            }
        }

        impl<T: Ord> Ord for $ptr<T> {
            fn cmp(&self, other: &Self) -> core::cmp::Ordering {
                (**self).cmp(&**other)
            }
        }

        impl<T: core::hash::Hash> core::hash::Hash for $ptr<T> {
            fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
                (**self).hash(state);
            }
        }

        impl<T: Default> Default for $ptr<T> {
            fn default() -> Self {
                Self::new(T::default())
            }
        }

        impl<T> From<T> for $ptr<T> {
            fn from(value: T) -> Self {
                Self::new(value)
            }
        }

        impl<T> AsRef<T> for $ptr<T> {
            fn as_ref(&self) -> &T {
                self
            }
        }

        impl<T> core::borrow::Borrow<T> for $ptr<T> {
            fn borrow(&self) -> &T {
                self
            }
        }
    };
}

pub(crate) use forward_pointer_traits;
