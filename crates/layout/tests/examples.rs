//! The example types of `ownership_layout::examples` and `ownership_layout::type_state`.

use ownership_layout::examples::{
    BoxedEvent, InlineEvent, Optimized, Packed, Point, Status, UnknownStatus, Unoptimized,
};
use ownership_layout::layout_report;
use ownership_layout::type_state::{Locked, Resource, Unlocked};

#[test]
fn status_try_from_accepts_exactly_the_discriminants() {
    let mut accepted = Vec::new();
    for byte in 0..=u8::MAX {
        match Status::try_from(byte) {
            Ok(status) => {
                assert_eq!(u8::from(status), byte);
                accepted.push(byte);
            }
            Err(err) => assert_eq!(err, UnknownStatus(byte)),
        }
    }
    assert_eq!(accepted, [0, 1, 2, 3]);
    for status in [
        Status::Pending,
        Status::Active,
        Status::Done,
        Status::Failed,
    ] {
        assert_eq!(Status::try_from(status as u8), Ok(status));
    }
}

#[test]
fn point_has_the_c_layout() {
    let report = layout_report!(Point { x, y });
    let offsets: Vec<_> = report.fields().iter().map(|f| f.offset()).collect();
    assert_eq!(offsets, [0, 8]);
    assert_eq!(report.padding(), 0);
}

#[test]
fn packed_round_trips_and_has_no_padding() {
    let mut p = Packed::new(true, u32::MAX);
    assert_eq!((p.flag(), p.value()), (true, u32::MAX));
    p.set_value(0x0102_0304);
    assert_eq!(p.value(), 0x0102_0304);
    assert_eq!(size_of::<Packed>(), 5);
}

#[test]
fn boxing_the_large_variant_shrinks_the_enum() {
    assert!(size_of::<BoxedEvent>() * 64 < size_of::<InlineEvent>());
    let frame = BoxedEvent::Frame(Box::new([1; 1024]));
    assert_ne!(frame, BoxedEvent::Tick(1));
    assert_eq!(InlineEvent::Frame([2; 1024]), InlineEvent::Frame([2; 1024]));
}

#[test]
fn sorting_the_fields_gives_the_optimized_size() {
    let report = layout_report!(Unoptimized { a, b, c });
    assert_eq!(report.reordered_size(), size_of::<Optimized>());
    assert_eq!(
        layout_report!(Optimized { b, c, a }).reordered_size(),
        size_of::<Optimized>()
    );
    if align_of::<u64>() == 8 {
        assert_eq!(
            report.holes(),
            [ownership_layout::Hole { offset: 1, size: 7 }]
        );
        assert_eq!(report.trailing_padding(), 6);
        assert_eq!((report.size(), size_of::<Optimized>()), (24, 16));
    }
}

#[test]
fn the_state_costs_no_bytes_and_survives_transitions() {
    assert_eq!(size_of::<Resource<Locked>>(), size_of::<Vec<u8>>());
    assert_eq!(size_of::<Resource<Unlocked>>(), size_of::<Vec<u8>>());
    let mut locked = Resource::new(vec![1]).lock();
    assert_eq!(
        locked.modify(|d| {
            d.push(2);
            d.len()
        }),
        2
    );
    let unlocked = locked.unlock();
    assert_eq!(unlocked.state(), "unlocked");
    assert_eq!(unlocked.clone().into_data(), [1, 2]);
    assert_eq!(unlocked.lock().data(), [1, 2]);
}
