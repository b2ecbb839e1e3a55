//! Public API tests of `Recorder`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use ownership_interior::Recorder;

#[derive(Debug, Clone, PartialEq)]
enum Call {
    Get(u32),
    Put(u32, String),
}

#[test]
fn records_in_order() {
    let r = Recorder::new();
    assert_eq!(r.last(), None);
    r.record(Call::Get(1));
    r.record(Call::Put(2, "b".into()));
    assert_eq!(r.count(), 2);
    assert_eq!(r.calls(), [Call::Get(1), Call::Put(2, "b".into())]);
    assert_eq!(r.last(), Some(Call::Put(2, "b".into())));
    r.assert_called_with(&Call::Get(1));
    assert!(!r.was_called_with(&Call::Get(2)));
    r.clear();
    assert_eq!(r.count(), 0);
}

#[test]
fn a_failed_assertion_lists_every_call() {
    let r = Recorder::new();
    r.record(Call::Get(1));
    r.record(Call::Put(2, "two".into()));
    let err = catch_unwind(AssertUnwindSafe(|| r.assert_called_with(&Call::Get(3)))).unwrap_err();
    let message = err.downcast_ref::<String>().expect("a formatted message");
    assert!(message.contains("expected a call with Get(3)"), "{message}");
    assert!(message.contains("2 recorded"), "{message}");
    assert!(message.contains("0: Get(1)"), "{message}");
    assert!(message.contains("1: Put(2, \"two\")"), "{message}");
}

#[test]
fn a_failed_assertion_on_an_empty_recorder_says_none() {
    let r: Recorder<u8> = Recorder::new();
    let err = catch_unwind(AssertUnwindSafe(|| r.assert_called_with(&1))).unwrap_err();
    let message = err.downcast_ref::<String>().unwrap();
    assert!(message.contains("0 recorded: none"), "{message}");
}

#[test]
fn a_recorded_value_may_record_when_it_is_dropped() {
    struct RecordsOnDrop(Rc<Recorder<Option<RecordsOnDrop>>>);
    impl Drop for RecordsOnDrop {
        fn drop(&mut self) {
            self.0.record(None);
        }
    }
    let r = Rc::new(Recorder::new());
    r.record(Some(RecordsOnDrop(Rc::clone(&r))));
    r.clear(); // drops the call after releasing the borrow; its drop records `None`
    assert_eq!(r.count(), 1);
    assert_eq!(
        Rc::strong_count(&r),
        1,
        "the cycle through the call is gone"
    );
}

#[test]
fn debug_and_clone() {
    let r = Recorder::new();
    r.record(5);
    let copy = r.clone();
    r.record(6);
    assert_eq!(copy.calls(), [5]);
    assert_eq!(format!("{r:?}"), "Recorder { calls: [5, 6] }");
}
