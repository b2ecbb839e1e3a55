//! Public API tests of `LogBuffer`.

use std::num::NonZeroUsize;

use ownership_interior::LogBuffer;

#[test]
fn unbounded_keeps_everything_in_order() {
    let log = LogBuffer::new();
    for i in 0..100 {
        log.log(format!("{i}"));
    }
    assert_eq!(log.len(), 100);
    assert_eq!(log.dropped(), 0);
    assert_eq!(log.entries().first().map(String::as_str), Some("0"));
    assert_eq!(log.drain().len(), 100);
    assert!(log.is_empty());
}

#[test]
fn bounded_drops_the_oldest_and_counts_them() {
    let log = LogBuffer::with_capacity(NonZeroUsize::new(3).unwrap());
    for i in 0..10 {
        log.log(i.to_string());
    }
    assert_eq!(log.entries(), ["7", "8", "9"]);
    assert_eq!(log.dropped(), 7);
    assert_eq!(log.drain(), ["7", "8", "9"]);
    assert_eq!(log.dropped(), 7, "draining is not dropping");
    log.log("again");
    assert_eq!(log.entries(), ["again"]);
}

#[test]
fn written_through_a_shared_reference_by_several_owners() {
    struct Service<'l> {
        log: &'l LogBuffer,
    }
    impl Service<'_> {
        fn call(&self) {
            self.log.log("called");
        }
    }
    let log = LogBuffer::new();
    let (a, b) = (Service { log: &log }, Service { log: &log });
    a.call();
    b.call();
    assert_eq!(log.entries(), ["called", "called"]);
}

#[test]
fn debug_and_clone() {
    let log = LogBuffer::with_capacity(NonZeroUsize::MIN);
    log.log("x");
    let copy = log.clone();
    log.log("y");
    assert_eq!(copy.entries(), ["x"]);
    assert_eq!(
        format!("{log:?}"),
        "LogBuffer { entries: [\"y\"], capacity: Some(1), dropped: 1 }"
    );
}
