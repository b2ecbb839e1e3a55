//! The impls shared by the aligned wrappers (`CachePadded`, `Align64`, `Align128`): each is a
//! `repr(C)` struct with one field `value` and differs only in its `repr(align)`.

macro_rules! aligned_wrapper_impls {
    ($name:ident) => {
        impl<T> $name<T> {
            #[doc = concat!("Wraps `value` in a [`", stringify!($name), "`].")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ownership_layout::", stringify!($name), ";")]
            ///
            #[doc = concat!("const WRAPPED: ", stringify!($name), "<u32> = ", stringify!($name), "::new(7);")]
            /// assert_eq!(*WRAPPED, 7);
            /// ```
            pub const fn new(value: T) -> Self {
                Self { value }
            }

            /// Returns the wrapped value.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ownership_layout::", stringify!($name), ";")]
            ///
            #[doc = concat!("let wrapped = ", stringify!($name), "::new(String::from(\"hi\"));")]
            /// assert_eq!(wrapped.into_inner(), "hi");
            /// ```
            pub fn into_inner(self) -> T {
                self.value
            }
        }

        impl<T> core::ops::Deref for $name<T> {
            type Target = T;

            fn deref(&self) -> &T {
                &self.value
            }
        }

        impl<T> core::ops::DerefMut for $name<T> {
            fn deref_mut(&mut self) -> &mut T {
                &mut self.value
            }
        }

        impl<T> From<T> for $name<T> {
            fn from(value: T) -> Self {
                Self::new(value)
            }
        }
    };
}

pub(crate) use aligned_wrapper_impls;
