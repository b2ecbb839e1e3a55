//! `soa!`: a struct and its struct-of-arrays twin, one `Vec` per field.

/// Declares a struct and a struct-of-arrays collection of it: one `Vec` per field, so a loop
/// that reads one field streams through that field only instead of every whole struct.
///
/// The second item names the collection (`macro_rules!` cannot build the name `ParticleSoa`
/// from `Particle`), with its own docs and visibility. The collection has:
///
/// - `new()`, `with_capacity(n)`, `len()`, `is_empty()`, `push(value)`,
/// - `get(i) -> Option<T>` (the fields cloned) and `swap_remove(i) -> Option<T>`, `None`
///   when `i >= len()`,
/// - `iter()`, yielding each element (cloned) in order,
/// - one method per field returning that field's slice (`soa.x()`), and `slices_mut()`
///   returning every field's `&mut` slice in declaration order (equal lengths),
/// - `From<Vec<T>>`, `FromIterator<T>`, `Extend<T>`, `Default` and `Debug` (the length).
///
/// Every field type must be `Clone` (`get` and `iter` clone). The struct may not be
/// generic, and no field may be named like a method above.
///
/// # Examples
///
/// ```
/// ownership_layout::soa! {
///     /// A point mass.
///     #[derive(Clone, Copy, Debug, PartialEq)]
///     pub struct Body {
///         /// Position.
///         pub x: f32,
///         /// Velocity.
///         pub vx: f32,
///     }
///     /// Bodies, one `Vec` per field.
///     pub struct BodySoa;
/// }
///
/// let mut bodies = BodySoa::from(vec![Body { x: 0.0, vx: 1.0 }, Body { x: 5.0, vx: -1.0 }]);
/// let (x, vx) = bodies.slices_mut();
/// for (x, vx) in x.iter_mut().zip(vx.iter()) {
///     *x += vx;
/// }
/// assert_eq!(bodies.x(), [1.0, 4.0]);
/// assert_eq!(bodies.get(1), Some(Body { x: 4.0, vx: -1.0 }));
/// assert_eq!(bodies.get(2), None);
/// ```
#[macro_export]
macro_rules! soa {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident { $($fields:tt)+ }
        $(#[$soa_meta:meta])*
        $soa_vis:vis struct $soa:ident;
    ) => {
        $crate::soa! {
            @examples []
            $(#[$meta])*
            $vis struct $name { $($fields)+ }
            $(#[$soa_meta])*
            $soa_vis struct $soa;
        }
    };
    // `@examples [path::to::module]`: each generated method's docs get an `# Examples`
    // doctest that imports the two types from that module (used by this crate's own
    // `examples::ParticleSoa`; the struct must be `Default + Clone + PartialEq + Debug`).
    (
        @examples $path:tt
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                $field_vis:vis $field:ident : $field_ty:ty
            ),+ $(,)?
        }
        $(#[$soa_meta:meta])*
        $soa_vis:vis struct $soa:ident;
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $(
                $(#[$field_meta])*
                $field_vis $field: $field_ty,
            )+
        }

        $(#[$soa_meta])*
        $soa_vis struct $soa {
            // All columns have this length.
            len: usize,
            $($field: $crate::__private::Vec<$field_ty>,)+
        }

        #[allow(dead_code)]
        impl $soa {
            /// An empty collection.
            #[doc = $crate::__soa_example!($path $name $soa; "let soa = Soa::new();\nassert!(soa.is_empty());")]
            $vis fn new() -> Self {
                Self { len: 0, $($field: $crate::__private::Vec::new(),)+ }
            }

            /// An empty collection with room for `capacity` elements in every column.
            #[doc = $crate::__soa_example!($path $name $soa; "let soa = Soa::with_capacity(8);\nassert_eq!(soa.len(), 0);")]
            $vis fn with_capacity(capacity: usize) -> Self {
                Self { len: 0, $($field: $crate::__private::Vec::with_capacity(capacity),)+ }
            }

            /// The number of elements.
            #[doc = $crate::__soa_example!($path $name $soa; "let soa: Soa = vec![Item::default(); 3].into();\nassert_eq!(soa.len(), 3);")]
            $vis fn len(&self) -> usize {
                self.len
            }

            /// Whether there are no elements.
            #[doc = $crate::__soa_example!($path $name $soa; "assert!(Soa::default().is_empty());")]
            $vis fn is_empty(&self) -> bool {
                self.len == 0
            }

            /// Appends an element, each field to its column.
            #[doc = $crate::__soa_example!($path $name $soa; "let mut soa = Soa::new();\nsoa.push(Item::default());\nassert_eq!(soa.len(), 1);")]
            $vis fn push(&mut self, value: $name) {
                $(self.$field.push(value.$field);)+
                self.len += 1;
            }

            /// The element at `index` (its fields cloned), or `None` past the end.
            #[doc = $crate::__soa_example!($path $name $soa; "let soa: Soa = vec![Item::default()].into();\nassert_eq!(soa.get(0), Some(Item::default()));\nassert_eq!(soa.get(1), None);")]
            $vis fn get(&self, index: usize) -> ::core::option::Option<$name> {
                if index >= self.len {
                    return ::core::option::Option::None;
                }
                ::core::option::Option::Some($name {
                    $($field: ::core::clone::Clone::clone(&self.$field[index]),)+
                })
            }

            /// Removes the element at `index` and returns it, moving the last element into its
            /// place (O(1)); `None` past the end.
            #[doc = $crate::__soa_example!($path $name $soa; "let mut soa: Soa = vec![Item::default(); 2].into();\nassert_eq!(soa.swap_remove(0), Some(Item::default()));\nassert_eq!(soa.len(), 1);\nassert_eq!(soa.swap_remove(5), None);")]
            $vis fn swap_remove(&mut self, index: usize) -> ::core::option::Option<$name> {
                if index >= self.len {
                    return ::core::option::Option::None;
                }
                self.len -= 1;
                ::core::option::Option::Some($name {
                    $($field: self.$field.swap_remove(index),)+
                })
            }

            /// Every element in order, its fields cloned.
            #[doc = $crate::__soa_example!($path $name $soa; "let soa: Soa = vec![Item::default(); 2].into();\nassert_eq!(soa.iter().count(), 2);")]
            $vis fn iter(&self) -> impl ::core::iter::Iterator<Item = $name> + '_ {
                (0..self.len).map(move |index| $name {
                    $($field: ::core::clone::Clone::clone(&self.$field[index]),)+
                })
            }

            /// Every column as a mutable slice, in declaration order; all have `len()`
            /// elements.
            #[doc = $crate::__soa_example!($path $name $soa; "let mut soa: Soa = vec![Item::default(); 2].into();\nlet columns = soa.slices_mut();\nassert_eq!(columns.0.len(), 2);")]
            $vis fn slices_mut(&mut self) -> ($(&mut [$field_ty],)+) {
                ($(&mut self.$field[..],)+)
            }

            $(
                /// This field of every element, in order.
            #[doc = $crate::__soa_example!($path $name $soa; "let soa: Soa = vec![Item::default(); 2].into();\nassert_eq!(soa.", ::core::stringify!($field), "().len(), 2);")]
                $vis fn $field(&self) -> &[$field_ty] {
                    &self.$field
                }
            )+
        }

        impl ::core::default::Default for $soa {
            fn default() -> Self {
                Self::new()
            }
        }

        impl ::core::fmt::Debug for $soa {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(::core::stringify!($soa)).field("len", &self.len).finish()
            }
        }

        impl ::core::iter::Extend<$name> for $soa {
            fn extend<I: ::core::iter::IntoIterator<Item = $name>>(&mut self, iter: I) {
                for value in iter {
                    self.push(value);
                }
            }
        }

        impl ::core::iter::FromIterator<$name> for $soa {
            fn from_iter<I: ::core::iter::IntoIterator<Item = $name>>(iter: I) -> Self {
                let mut soa = Self::new();
                soa.extend(iter);
                soa
            }
        }

        impl ::core::convert::From<$crate::__private::Vec<$name>> for $soa {
            fn from(values: $crate::__private::Vec<$name>) -> Self {
                let mut soa = Self::with_capacity(values.len());
                soa.extend(values);
                soa
            }
        }
    };
}

/// The `# Examples` section of a method generated by `soa!` with `@examples [path]`, or
/// nothing without a path. `Item` and `Soa` name the two types in the doctest.
#[doc(hidden)]
#[macro_export]
macro_rules! __soa_example {
    ([] $name:ident $soa:ident; $($body:expr),+) => {
        ""
    };
    ([$($path:tt)+] $name:ident $soa:ident; $($body:expr),+) => {
        ::core::concat!(
            "\n\n# Examples\n\n```\nuse ",
            ::core::stringify!($($path)+),
            "::{",
            ::core::stringify!($name),
            " as Item, ",
            ::core::stringify!($soa),
            " as Soa};\n",
            $($body),+,
            "\n```"
        )
    };
}
