//! Public API tests of `CellCounter`.

use ownership_core_traits::Counter;
use ownership_interior::CellCounter;

fn exercise(counter: &impl Counter) {
    assert_eq!(counter.increment(), 1);
    assert_eq!(counter.increment(), 2);
    assert_eq!(counter.decrement(), 1);
    counter.reset();
    assert_eq!(counter.get(), 0);
    assert_eq!(counter.decrement(), 0);
}

#[test]
fn implements_the_counter_trait() {
    exercise(&CellCounter::new());
}

#[test]
fn saturates_at_both_ends() {
    let top = CellCounter::with_value(usize::MAX);
    assert_eq!(top.increment(), usize::MAX);
    assert_eq!(top.get(), usize::MAX);
    let bottom = CellCounter::new();
    assert_eq!(bottom.decrement(), 0);
    assert_eq!(bottom.get(), 0);
}

#[test]
fn clones_are_independent() {
    let a = CellCounter::with_value(3);
    let b = a.clone();
    a.increment();
    assert_eq!((a.get(), b.get()), (4, 3));
}
