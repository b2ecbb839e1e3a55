//! Public API tests of `CounterRegistry`.

mod common;

use std::sync::Arc;
use std::thread;

use common::ITERS;
use ownership_sync_counter::counter::CounterRegistry;

static_assertions::assert_impl_all!(CounterRegistry: Send, Sync, Default, std::fmt::Debug);

#[test]
fn racing_get_or_create_yields_one_counter_per_name() {
    let registry = Arc::new(CounterRegistry::new());
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let registry = Arc::clone(&registry);
            thread::spawn(move || {
                for i in 0..ITERS / 10 {
                    registry
                        .get_or_create(["a", "b", "c"][(i + t) % 3])
                        .increment();
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    let snapshot = registry.snapshot();
    let names: Vec<&str> = snapshot.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"], "sorted by name, one each");
    let total: usize = snapshot.iter().map(|(_, v)| v).sum();
    assert_eq!(
        total,
        4 * (ITERS / 10),
        "no increment went to a lost duplicate"
    );
}

#[test]
fn remove_forgets_the_name_but_not_the_holders() {
    let registry = CounterRegistry::new();
    let held = registry.get_or_create("jobs");
    held.increment();
    assert_eq!(registry.len(), 1);
    let removed = registry.remove("jobs").unwrap();
    assert!(Arc::ptr_eq(&held, &removed));
    assert!(registry.is_empty());
    assert!(registry.remove("jobs").is_none());
    assert_eq!(registry.get_or_create("jobs").get(), 0, "a new counter");
    assert_eq!(held.get(), 1);
}
