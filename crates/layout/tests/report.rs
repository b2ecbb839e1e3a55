//! `layout_report!` and `LayoutReport` against offsets computed by hand, and the reordering
//! suggestion against random layouts.

use ownership_layout::{FieldLayout, Hole, LayoutReport, assert_layout, layout_report};
use proptest::prelude::*;
use test_support::proptest_config;

fn offsets(report: &LayoutReport) -> Vec<(&'static str, usize, usize, usize)> {
    report
        .fields()
        .iter()
        .map(|f| (f.name(), f.offset(), f.size(), f.align()))
        .collect()
}

#[derive(Clone, Copy)]
#[repr(C)]
struct Point {
    x: i32,
    y: i32,
}

#[test]
fn point_has_no_padding() {
    let report = layout_report!(Point { x, y });
    assert_eq!((report.size(), report.align()), (8, 4));
    assert_eq!(offsets(&report), [("x", 0, 4, 4), ("y", 4, 4, 4)]);
    assert!(report.holes().is_empty());
    assert_eq!(report.padding(), 0);
    assert_eq!(report.reordered_size(), 8);
}

#[repr(C)]
struct Gappy {
    a: u8,
    b: u32,
    c: u16,
}

#[test]
fn a_hole_after_a_small_field_and_trailing_padding() {
    let report = layout_report!(Gappy { a, b, c });
    assert_eq!((report.size(), report.align()), (12, 4));
    assert_eq!(
        offsets(&report),
        [("a", 0, 1, 1), ("b", 4, 4, 4), ("c", 8, 2, 2)]
    );
    assert_eq!(report.holes(), [Hole { offset: 1, size: 3 }]);
    assert_eq!(report.trailing_padding(), 2);
    assert_eq!(report.padding(), 5);
    assert_eq!(report.reordered_size(), 8);
    let text = report.to_string();
    assert!(text.contains("/* XXX 3 bytes hole */"), "{text}");
    assert!(
        text.contains("/* XXX 2 bytes padding at the end */"),
        "{text}"
    );
}

#[repr(C)]
struct TrailingHole {
    wide: u32,
    narrow: u8,
}

#[test]
fn only_a_trailing_hole() {
    let report = layout_report!(TrailingHole { wide, narrow });
    assert_eq!(report.size(), 8);
    assert_eq!(offsets(&report), [("wide", 0, 4, 4), ("narrow", 4, 1, 1)]);
    assert!(report.holes().is_empty());
    assert_eq!(report.trailing_padding(), 3);
    // Sorting cannot remove padding that the alignment forces.
    assert_eq!(report.reordered_size(), 8);
}

#[repr(C, packed)]
struct Packed {
    a: u8,
    b: u32,
    c: u16,
}

#[test]
fn packed_fields_sit_at_unaligned_offsets() {
    let report = layout_report!(Packed { a, b, c });
    assert_eq!((report.size(), report.align()), (7, 1));
    assert_eq!(
        offsets(&report),
        [("a", 0, 1, 1), ("b", 1, 4, 4), ("c", 5, 2, 2)]
    );
    assert_eq!(report.padding(), 0);
    assert_eq!(report.reordered_size(), 7);
}

#[repr(C)]
struct Tuple(u8, u16, u8);

#[test]
fn tuple_struct_fields_by_number() {
    let report = layout_report!(Tuple { 0, 1, 2 });
    assert_eq!(report.size(), 6);
    assert_eq!(
        offsets(&report),
        [("0", 0, 1, 1), ("1", 2, 2, 2), ("2", 4, 1, 1)]
    );
    assert_eq!(report.holes(), [Hole { offset: 1, size: 1 }]);
    assert_eq!(report.trailing_padding(), 1);
    assert_eq!(report.reordered_size(), 4);
    let order: Vec<_> = report.reordered_fields().iter().map(|f| f.name()).collect();
    assert_eq!(order, ["1", "0", "2"]);
}

#[repr(C, align(16))]
struct OverAligned {
    tag: u8,
}

#[test]
fn repr_align_gives_trailing_padding_that_sorting_keeps() {
    let report = layout_report!(OverAligned { tag });
    assert_eq!((report.size(), report.align()), (16, 16));
    assert_eq!(report.trailing_padding(), 15);
    assert_eq!(report.reordered_size(), 16);
}

#[repr(C)]
struct WithDrop {
    id: u16,
    name: String,
}

impl Drop for WithDrop {
    fn drop(&mut self) {}
}

#[test]
fn types_with_drop_and_non_copy_fields_work() {
    let report = layout_report!(WithDrop { id, name });
    let string = size_of::<String>();
    let align = align_of::<String>();
    assert_eq!(report.size(), align + string);
    assert_eq!(report.fields()[1].offset(), align);
    assert_eq!(report.fields()[1].type_name(), "alloc::string::String");
    assert_eq!(
        report.holes(),
        [Hole {
            offset: 2,
            size: align - 2
        }]
    );
}

#[test]
fn a_field_left_out_shows_as_a_hole() {
    let report = layout_report!(Gappy { a, c });
    assert_eq!(report.holes(), [Hole { offset: 1, size: 7 }]);
}

#[test]
fn assert_layout_accepts_the_right_numbers_in_generic_code() {
    fn pair<T: Copy>(value: T) -> (T, T) {
        assert_layout!(T, size = 8, align = 4);
        (value, value)
    }
    assert_eq!(pair(Point { x: 1, y: 2 }).1.y, 2);
    const _: () = assert_layout!(Packed, size = 7, align = 1);
}

/// Fields with power-of-two alignments and sizes that are multiples of them, laid out in the
/// given order as `repr(C)` does, or packed.
fn layout_of(fields: &[(usize, usize)], packed: bool) -> LayoutReport {
    let mut end = 0;
    let mut align = 1;
    let names = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let mut list = Vec::new();
    for (i, &(size, field_align)) in fields.iter().enumerate() {
        if !packed {
            end = usize::next_multiple_of(end, field_align);
            align = align.max(field_align);
        }
        list.push(FieldLayout::new(names[i], "t", end, size, field_align));
        end += size;
    }
    LayoutReport::new("T", end.next_multiple_of(align), align, list).unwrap()
}

fn field_strategy() -> impl Strategy<Value = (usize, usize)> {
    (0u32..5, 0usize..4).prop_map(|(shift, units)| (units << shift, 1 << shift))
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn sorting_by_alignment_never_increases_the_size(
        fields in prop::collection::vec(field_strategy(), 0..8),
        packed in any::<bool>(),
    ) {
        let report = layout_of(&fields, packed);
        let reordered = report.reordered_size();
        prop_assert!(reordered <= report.size(), "{report}");
        let sum: usize = fields.iter().map(|f| f.0).sum();
        prop_assert!(reordered >= sum);
        prop_assert_eq!(reordered % report.align(), 0);
        // The suggested order, laid out again, has exactly that size.
        let order: Vec<(usize, usize)> = report
            .reordered_fields()
            .iter()
            .map(|f| (f.size(), f.align()))
            .collect();
        prop_assert_eq!(layout_of(&order, packed).size(), reordered);
        // Holes and padding add up.
        let holes: usize = report.holes().iter().map(|h| h.size).sum();
        prop_assert_eq!(holes + report.trailing_padding(), report.padding());
        prop_assert_eq!(sum + report.padding(), report.size());
    }
}

#[test]
fn sorting_never_increases_the_size_for_every_three_field_struct() {
    let shapes: Vec<(usize, usize)> = (0..4)
        .flat_map(|shift| (0..3).map(move |units| (units << shift, 1usize << shift)))
        .collect();
    for &a in &shapes {
        for &b in &shapes {
            for &c in &shapes {
                let report = layout_of(&[a, b, c], false);
                assert!(report.reordered_size() <= report.size(), "{report}");
            }
        }
    }
}

#[test]
#[should_panic(expected = "layout_report!(Gappy { .. }): fields `b` and `b` overlap")]
fn a_field_listed_twice_panics_with_a_message() {
    let _ = layout_report!(Gappy { a, b, b });
}

mod nested {
    #[repr(C)]
    pub(crate) struct Generic<T> {
        pub(crate) value: T,
        pub(crate) flag: bool,
    }
}

#[test]
fn generic_and_path_types_and_a_field_named_value() {
    let report = layout_report!(nested::Generic<u32> { value, flag });
    assert_eq!(report.type_name(), "nested::Generic<u32>");
    assert_eq!(offsets(&report), [("value", 0, 4, 4), ("flag", 4, 1, 1)]);
    assert_eq!(report.trailing_padding(), 3);
    assert_eq!(report.fields()[0].type_name(), "u32");
}
