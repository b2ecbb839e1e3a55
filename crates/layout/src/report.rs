//! `LayoutReport`: a type's fields, holes and padding, and what sorting the fields would save.

use alloc::vec::Vec;
use core::fmt;

/// One field of a [`LayoutReport`]: its name, type, offset, size and alignment.
///
/// # Examples
///
/// ```
/// use ownership_layout::FieldLayout;
///
/// let field = FieldLayout::new("len", "u32", 4, 4, 4);
/// assert_eq!((field.name(), field.offset(), field.end()), ("len", 4, 8));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FieldLayout {
    name: &'static str,
    type_name: &'static str,
    offset: usize,
    size: usize,
    align: usize,
}

impl FieldLayout {
    /// Describes a field; [`LayoutReport::new`] checks that the numbers fit together.
    ///
    /// # Examples
    ///
    /// ```
    /// let field = ownership_layout::FieldLayout::new("tag", "u8", 0, 1, 1);
    /// assert_eq!(field.type_name(), "u8");
    /// ```
    pub const fn new(
        name: &'static str,
        type_name: &'static str,
        offset: usize,
        size: usize,
        align: usize,
    ) -> Self {
        Self {
            name,
            type_name,
            offset,
            size,
            align,
        }
    }

    /// The field's name (`"0"`, `"1"`, ... for a tuple struct).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_layout::FieldLayout::new("x", "i32", 0, 4, 4).name(), "x");
    /// ```
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The field's type, as `core::any::type_name` spells it.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_layout::FieldLayout::new("x", "i32", 0, 4, 4).type_name(), "i32");
    /// ```
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The field's offset from the start of the value, in bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_layout::FieldLayout::new("y", "i32", 4, 4, 4).offset(), 4);
    /// ```
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The field's size in bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_layout::FieldLayout::new("y", "u16", 4, 2, 2).size(), 2);
    /// ```
    pub const fn size(&self) -> usize {
        self.size
    }

    /// The alignment of the field's type (in a `repr(packed)` type the field itself may sit at
    /// any offset).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_layout::FieldLayout::new("y", "u64", 1, 8, 8).align(), 8);
    /// ```
    pub const fn align(&self) -> usize {
        self.align
    }

    /// The offset just past the field: `offset + size` (`usize::MAX` if that overflows,
    /// which [`LayoutReport::new`] refuses).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_layout::FieldLayout::new("y", "u16", 4, 2, 2).end(), 6);
    /// assert_eq!(ownership_layout::FieldLayout::new("z", "u16", usize::MAX, 2, 2).end(), usize::MAX);
    /// ```
    pub const fn end(&self) -> usize {
        self.offset.saturating_add(self.size)
    }
}

/// Bytes inside a value that belong to no field: a hole between fields, or the padding at
/// the end.
///
/// # Examples
///
/// ```
/// #[repr(C)]
/// struct Pair { a: u8, b: u32 }
///
/// let report = ownership_layout::layout_report!(Pair { a, b });
/// assert_eq!(report.holes(), [ownership_layout::Hole { offset: 1, size: 3 }]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hole {
    /// Where the unused bytes start.
    pub offset: usize,
    /// How many bytes are unused.
    pub size: usize,
}

/// Why [`LayoutReport::new`] refused its numbers.
///
/// # Examples
///
/// ```
/// use ownership_layout::{FieldLayout, LayoutError, LayoutReport};
///
/// let err = LayoutReport::new("T", 4, 4, vec![FieldLayout::new("a", "u64", 0, 8, 8)]);
/// assert_eq!(err.unwrap_err(), LayoutError::FieldOutOfBounds { field: "a", end: 8, size: 4 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LayoutError {
    /// An alignment (of the type, or of the named field) is not a power of two.
    BadAlign {
        /// The field, or `None` for the type itself.
        field: Option<&'static str>,
        /// The alignment given.
        align: usize,
    },
    /// A size (of the type, or of the named field) is not a multiple of its alignment, which
    /// no Rust type has.
    SizeNotMultipleOfAlign {
        /// The field, or `None` for the type itself.
        field: Option<&'static str>,
        /// The size given.
        size: usize,
        /// The alignment given.
        align: usize,
    },
    /// A field ends past the end of the type (or its end overflows `usize`).
    FieldOutOfBounds {
        /// The field.
        field: &'static str,
        /// Where it ends (`usize::MAX` on overflow).
        end: usize,
        /// The type's size.
        size: usize,
    },
    /// Two fields that are not zero-sized share bytes.
    FieldsOverlap {
        /// The field at the lower offset.
        first: &'static str,
        /// The field that starts inside it.
        second: &'static str,
    },
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::BadAlign { field, align } => match field {
                Some(name) => write!(
                    f,
                    "field `{name}` has alignment {align}, not a power of two"
                ),
                None => write!(f, "the type has alignment {align}, not a power of two"),
            },
            Self::SizeNotMultipleOfAlign { field, size, align } => match field {
                Some(name) => write!(
                    f,
                    "field `{name}` has size {size}, not a multiple of its alignment {align}"
                ),
                None => write!(
                    f,
                    "the type has size {size}, not a multiple of its alignment {align}"
                ),
            },
            Self::FieldOutOfBounds { field, end, size } => write!(
                f,
                "field `{field}` ends at byte {end}, past the type's size of {size} bytes"
            ),
            Self::FieldsOverlap { first, second } => {
                write!(f, "fields `{first}` and `{second}` overlap")
            }
        }
    }
}

impl core::error::Error for LayoutError {}

/// A type's layout: its size and alignment, each field's place, the holes between fields,
/// the padding at the end, and the size the type would have with its fields sorted by
/// alignment (largest first).
///
/// Build one with [`layout_report!`](crate::layout_report) (from the real type) or
/// [`LayoutReport::new`] (from numbers). `Display` draws it in the style of `pahole`:
///
/// ```
/// #[repr(C)]
/// struct Unoptimized { a: u8, b: u32, c: u16 }
///
/// let report = ownership_layout::layout_report!(Unoptimized { a, b, c });
/// assert_eq!(report.size(), 12);
/// assert_eq!(report.padding(), 5); // a 3-byte hole after `a` and 2 bytes at the end
/// assert_eq!(report.reordered_size(), 8); // b, c, a
/// let expected = "\
/// struct Unoptimized { /* size: 12, align: 4 */
///     a: u8   /* offset 0, size 1 */
///     /* XXX 3 bytes hole */
///     b: u32  /* offset 4, size 4 */
///     c: u16  /* offset 8, size 2 */
///     /* XXX 2 bytes padding at the end */
///     /* members: 3, sum members: 7, holes: 1, sum holes: 3, padding: 2 */
///     /* sorted by alignment (b, c, a): 8 bytes, saves 4 */
/// };
/// ";
/// assert_eq!(report.to_string(), expected);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LayoutReport {
    type_name: &'static str,
    size: usize,
    align: usize,
    // Sorted by offset (then size, so a zero-sized field comes before a field at its offset).
    fields: Vec<FieldLayout>,
}

impl LayoutReport {
    /// A report from numbers: the type's name, size and alignment, and its fields in any
    /// order. Fields not listed show up as holes.
    ///
    /// # Errors
    ///
    /// [`LayoutError`] when the numbers describe no Rust type: an alignment that is not a
    /// power of two, a size that is not a multiple of its alignment, a field that ends past
    /// the type's size, or two fields of nonzero size sharing bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_layout::{FieldLayout, LayoutReport};
    ///
    /// let report = LayoutReport::new("Pair", 8, 4, vec![
    ///     FieldLayout::new("b", "u32", 4, 4, 4),
    ///     FieldLayout::new("a", "u8", 0, 1, 1),
    /// ])?;
    /// assert_eq!(report.fields()[0].name(), "a"); // sorted by offset
    /// assert_eq!(report.padding(), 3);
    /// # Ok::<(), ownership_layout::LayoutError>(())
    /// ```
    pub fn new(
        type_name: &'static str,
        size: usize,
        align: usize,
        mut fields: Vec<FieldLayout>,
    ) -> Result<Self, LayoutError> {
        check_shape(None, size, align)?;
        for field in &fields {
            check_shape(Some(field.name), field.size, field.align)?;
            match field.offset.checked_add(field.size) {
                Some(end) if end <= size => {}
                end => {
                    return Err(LayoutError::FieldOutOfBounds {
                        field: field.name,
                        end: end.unwrap_or(usize::MAX),
                        size,
                    });
                }
            }
        }
        fields.sort_by_key(|f| (f.offset, f.size));
        let mut widest: Option<&FieldLayout> = None;
        for field in fields.iter().filter(|f| f.size > 0) {
            if let Some(prev) = widest {
                if field.offset < prev.end() {
                    return Err(LayoutError::FieldsOverlap {
                        first: prev.name,
                        second: field.name,
                    });
                }
            }
            // Sorted by offset and no overlap so far: this field ends last.
            widest = Some(field);
        }
        Ok(Self {
            type_name,
            size,
            align,
            fields,
        })
    }

    /// The type's name as given to the macro or to [`new`](Self::new).
    ///
    /// # Examples
    ///
    /// ```
    /// struct Unit;
    /// assert_eq!(ownership_layout::layout_report!(Unit {}).type_name(), "Unit");
    /// ```
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// `size_of` the type.
    ///
    /// # Examples
    ///
    /// ```
    /// struct Wrapper(u32);
    /// assert_eq!(ownership_layout::layout_report!(Wrapper { 0 }).size(), 4);
    /// ```
    pub fn size(&self) -> usize {
        self.size
    }

    /// `align_of` the type.
    ///
    /// # Examples
    ///
    /// ```
    /// struct Wrapper(u16);
    /// assert_eq!(ownership_layout::layout_report!(Wrapper { 0 }).align(), 2);
    /// ```
    pub fn align(&self) -> usize {
        self.align
    }

    /// The fields, by offset.
    ///
    /// # Examples
    ///
    /// ```
    /// #[repr(C)]
    /// struct Point { x: i32, y: i32 }
    /// let report = ownership_layout::layout_report!(Point { y, x });
    /// let offsets: Vec<_> = report.fields().iter().map(|f| (f.name(), f.offset())).collect();
    /// assert_eq!(offsets, [("x", 0), ("y", 4)]);
    /// ```
    pub fn fields(&self) -> &[FieldLayout] {
        &self.fields
    }

    /// The unused bytes between fields (and before the first), by offset; the padding at the
    /// end is [`trailing_padding`](Self::trailing_padding).
    ///
    /// # Examples
    ///
    /// ```
    /// #[repr(C)]
    /// struct Gappy { a: u8, b: u16, c: u8, d: u32 }
    /// let report = ownership_layout::layout_report!(Gappy { a, b, c, d });
    /// assert_eq!(report.holes(), [
    ///     ownership_layout::Hole { offset: 1, size: 1 },
    ///     ownership_layout::Hole { offset: 5, size: 3 },
    /// ]);
    /// ```
    pub fn holes(&self) -> Vec<Hole> {
        let mut holes = Vec::new();
        let mut cursor = 0;
        for field in &self.fields {
            if field.offset > cursor {
                holes.push(Hole {
                    offset: cursor,
                    size: field.offset - cursor,
                });
            }
            cursor = cursor.max(field.end());
        }
        holes
    }

    /// The unused bytes after the last field.
    ///
    /// # Examples
    ///
    /// ```
    /// #[repr(C)]
    /// struct Tail { a: u32, b: u8 }
    /// assert_eq!(ownership_layout::layout_report!(Tail { a, b }).trailing_padding(), 3);
    /// ```
    pub fn trailing_padding(&self) -> usize {
        self.size - self.fields_end()
    }

    /// Every unused byte: the holes plus the trailing padding.
    ///
    /// # Examples
    ///
    /// ```
    /// #[repr(C)]
    /// struct Tail { a: u32, b: u8 }
    /// assert_eq!(ownership_layout::layout_report!(Tail { a, b }).padding(), 3);
    /// ```
    pub fn padding(&self) -> usize {
        self.size - self.fields.iter().map(|f| f.size).sum::<usize>()
    }

    /// The size the type would have with its fields placed by decreasing alignment (the order
    /// [`reordered_fields`](Self::reordered_fields) gives) and its alignment kept. Never more
    /// than [`size`](Self::size): a field's size is a multiple of its alignment, so that order
    /// leaves no hole.
    ///
    /// # Examples
    ///
    /// ```
    /// #[repr(C)]
    /// struct Unoptimized { a: u8, b: u64, c: u16 }
    /// let report = ownership_layout::layout_report!(Unoptimized { a, b, c });
    /// assert!(report.reordered_size() <= report.size());
    /// assert_eq!(report.reordered_size(), 8 + 2 + 1 + 5); // rounded up to the alignment, 8
    /// # assert_eq!(align_of::<u64>(), 8);
    /// ```
    pub fn reordered_size(&self) -> usize {
        let mut end = 0usize;
        for field in self.reordered_fields() {
            end = end.next_multiple_of(field.align) + field.size;
        }
        end.next_multiple_of(self.align)
    }

    /// The fields by decreasing alignment (ties keep their order by offset): the order that
    /// gives [`reordered_size`](Self::reordered_size). The compiler already picks such an
    /// order for a type without `repr(C)`.
    ///
    /// # Examples
    ///
    /// ```
    /// #[repr(C)]
    /// struct Unoptimized { a: u8, b: u32, c: u16 }
    /// let report = ownership_layout::layout_report!(Unoptimized { a, b, c });
    /// let order: Vec<_> = report.reordered_fields().iter().map(|f| f.name()).collect();
    /// assert_eq!(order, ["b", "c", "a"]);
    /// ```
    pub fn reordered_fields(&self) -> Vec<FieldLayout> {
        let mut fields = self.fields.clone();
        fields.sort_by_key(|f| core::cmp::Reverse(f.align));
        fields
    }

    fn fields_end(&self) -> usize {
        self.fields.iter().map(FieldLayout::end).max().unwrap_or(0)
    }
}

fn check_shape(field: Option<&'static str>, size: usize, align: usize) -> Result<(), LayoutError> {
    if !align.is_power_of_two() {
        return Err(LayoutError::BadAlign { field, align });
    }
    if size % align != 0 {
        return Err(LayoutError::SizeNotMultipleOfAlign { field, size, align });
    }
    Ok(())
}

impl fmt::Display for LayoutReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "struct {} {{ /* size: {}, align: {} */",
            self.type_name, self.size, self.align
        )?;
        let width = self
            .fields
            .iter()
            .map(|field| field.name.len() + 2 + field.type_name.len())
            .max()
            .unwrap_or(0);
        let mut cursor = 0;
        for field in &self.fields {
            if field.offset > cursor {
                writeln!(f, "    /* XXX {} bytes hole */", field.offset - cursor)?;
            }
            cursor = cursor.max(field.end());
            let decl = alloc::format!("{}: {}", field.name, field.type_name);
            writeln!(
                f,
                "    {decl:<width$}  /* offset {}, size {} */",
                field.offset, field.size
            )?;
        }
        let trailing = self.trailing_padding();
        if trailing > 0 {
            writeln!(f, "    /* XXX {trailing} bytes padding at the end */")?;
        }
        let holes = self.holes();
        writeln!(
            f,
            "    /* members: {}, sum members: {}, holes: {}, sum holes: {}, padding: {} */",
            self.fields.len(),
            self.fields.iter().map(|field| field.size).sum::<usize>(),
            holes.len(),
            holes.iter().map(|hole| hole.size).sum::<usize>(),
            trailing
        )?;
        let reordered = self.reordered_size();
        let order: Vec<&str> = self.reordered_fields().iter().map(|x| x.name).collect();
        writeln!(
            f,
            "    /* sorted by alignment ({}): {} bytes, saves {} */",
            order.join(", "),
            reordered,
            self.size - reordered
        )?;
        writeln!(f, "}};")
    }
}

/// Builds the [`LayoutReport`] of a struct from the type itself, with
/// `core::mem::offset_of!` for each field and the field's type for its size and alignment.
///
/// List every field (tuple-struct fields by number); a field left out shows up as a hole.
/// Works for `repr(Rust)`, `repr(C)`, `repr(packed)` and `repr(align)` structs, and for
/// types with a `Drop` impl; the fields must be visible where the macro is used.
///
/// # Panics
///
/// If a field that is not zero-sized is listed twice (it would overlap itself).
///
/// # Examples
///
/// ```
/// #[repr(C, packed)]
/// struct Packed { a: u8, b: u32 }
///
/// let report = ownership_layout::layout_report!(Packed { a, b });
/// assert_eq!((report.size(), report.align()), (5, 1));
/// assert_eq!(report.fields()[1].offset(), 1);
/// assert!(report.holes().is_empty());
/// println!("{report}");
/// ```
#[macro_export]
macro_rules! layout_report {
    ($ty:ty { $($field:tt),* $(,)? }) => {
        $crate::__private::report(
            ::core::stringify!($ty),
            ::core::mem::size_of::<$ty>(),
            ::core::mem::align_of::<$ty>(),
            $crate::__private::vec![$(
                $crate::__private::field(
                    ::core::stringify!($field),
                    ::core::mem::offset_of!($ty, $field),
                    // Never called: it only names the field's type. `&raw const` takes no
                    // reference, so a field of a packed struct is fine too.
                    |value: &$ty| &raw const value.$field,
                )
            ),*],
        )
    };
}

/// Fails to compile unless `size_of::<Type>() == N` and `align_of::<Type>() == M`, with an
/// error naming the type and both pairs of numbers.
///
/// The macro is an inline `const { }` block of type `()`: write it as a statement in a
/// function (generic ones included: it is checked for each type the function is used with,
/// when the code is built, not by `cargo check`), or as `const _: () = assert_layout!(..);` at
/// module level.
///
/// # Examples
///
/// ```
/// use ownership_layout::assert_layout;
///
/// #[repr(C)]
/// struct Point { x: i32, y: i32 }
/// const _: () = assert_layout!(Point, size = 8, align = 4);
///
/// fn store<T>(value: T) -> [T; 2] where T: Copy {
///     assert_layout!(T, size = 4, align = 4); // checked for every T used
///     [value; 2]
/// }
/// assert_eq!(store(1u32), [1, 1]);
/// ```
///
/// A wrong number is an error at compile time, here "layout of `Point` is size 8, align 4;
/// asserted size 12, align 4":
///
/// ```compile_fail,E0080
/// #[repr(C)]
/// struct Point { x: i32, y: i32 }
/// const _: () = ownership_layout::assert_layout!(Point, size = 12, align = 4);
/// ```
///
/// ```compile_fail,E0080
/// fn store<T>(value: T) -> T {
///     ownership_layout::assert_layout!(T, size = 4, align = 4);
///     value
/// }
/// store(1u64);
/// ```
#[macro_export]
macro_rules! assert_layout {
    ($ty:ty, size = $size:expr, align = $align:expr $(,)?) => {
        const {
            $crate::__private::check_layout(
                ::core::stringify!($ty),
                ::core::mem::size_of::<$ty>(),
                ::core::mem::align_of::<$ty>(),
                $size,
                $align,
            )
        }
    };
}

#[cfg(test)]
mod tests {
    use super::{FieldLayout, LayoutError, LayoutReport};
    use alloc::vec;

    #[test]
    fn zero_sized_fields_never_overlap() {
        let report = LayoutReport::new(
            "T",
            4,
            4,
            vec![
                FieldLayout::new("a", "u32", 0, 4, 4),
                FieldLayout::new("marker", "()", 0, 0, 1),
                FieldLayout::new("end", "()", 4, 0, 1),
            ],
        )
        .unwrap();
        assert!(report.holes().is_empty());
        assert_eq!(report.trailing_padding(), 0);
    }

    #[test]
    fn bad_numbers_are_refused() {
        let field = |offset, size, align| vec![FieldLayout::new("f", "t", offset, size, align)];
        assert_eq!(
            LayoutReport::new("T", 8, 3, vec![]),
            Err(LayoutError::BadAlign {
                field: None,
                align: 3
            })
        );
        assert_eq!(
            LayoutReport::new("T", 6, 4, vec![]),
            Err(LayoutError::SizeNotMultipleOfAlign {
                field: None,
                size: 6,
                align: 4
            })
        );
        assert_eq!(
            LayoutReport::new("T", 8, 4, field(0, 2, 4)),
            Err(LayoutError::SizeNotMultipleOfAlign {
                field: Some("f"),
                size: 2,
                align: 4
            })
        );
        assert_eq!(
            LayoutReport::new("T", 8, 4, field(usize::MAX, 4, 4)),
            Err(LayoutError::FieldOutOfBounds {
                field: "f",
                end: usize::MAX,
                size: 8
            })
        );
        let overlapping = vec![
            FieldLayout::new("a", "u64", 0, 8, 8),
            FieldLayout::new("b", "u32", 4, 4, 4),
        ];
        assert_eq!(
            LayoutReport::new("T", 16, 8, overlapping),
            Err(LayoutError::FieldsOverlap {
                first: "a",
                second: "b"
            })
        );
    }
}
