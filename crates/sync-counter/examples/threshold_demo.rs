//! Five workers share a counter; callbacks fire at 10, 50 and 100.
//!
//! Run with `cargo run -p ownership-sync-counter --example threshold_demo`.

use std::sync::{Arc, Mutex};
use std::thread;

use ownership_sync_counter::ThreadSafeCounter;

const WORKERS: usize = 5;
const INCREMENTS_PER_WORKER: usize = 30;

fn main() {
    // `Arc::new` shares the counter with the workers (and the callback's `Weak`).
    let counter = Arc::new(ThreadSafeCounter::builder().stats().build());
    let fired = Arc::new(Mutex::new(Vec::new()));

    for threshold in [10, 50, 100] {
        let fired = Arc::clone(&fired);
        counter.on_threshold(threshold, move |value| {
            let who = thread::current().name().unwrap_or("?").to_owned();
            println!("  threshold {value:>3} reached by {who}");
            fired.lock().unwrap().push(value);
        });
    }
    // A callback that registers another one: a counter that held its lock while running
    // callbacks would deadlock here.
    let weak = Arc::downgrade(&counter);
    counter.on_threshold(100, move |_| {
        if let Some(counter) = weak.upgrade() {
            counter.on_threshold(150, |value| {
                println!("  threshold {value:>3} (registered at 100)")
            });
        }
    });

    println!("{WORKERS} workers x {INCREMENTS_PER_WORKER} increments:");
    let workers: Vec<_> = (0..WORKERS)
        .map(|i| {
            let counter = Arc::clone(&counter);
            thread::Builder::new()
                .name(format!("worker-{i}"))
                .spawn(move || {
                    for _ in 0..INCREMENTS_PER_WORKER {
                        counter.increment();
                    }
                })
                .expect("spawn a worker")
        })
        .collect();
    for worker in workers {
        worker.join().expect("a worker panicked");
    }

    let total = counter.get();
    let stats = counter.stats().expect("built with stats");
    let mut fired = fired.lock().unwrap().clone();
    fired.sort_unstable();
    assert_eq!(total, WORKERS * INCREMENTS_PER_WORKER);
    assert_eq!(fired, [10, 50, 100], "each threshold fires exactly once");
    println!(
        "final count: {total} (expected {})",
        WORKERS * INCREMENTS_PER_WORKER
    );
    println!(
        "callbacks fired: {} for {} increments; an increment whose value is no threshold \
         (mod 64) takes no lock: one atomic add + one atomic load",
        stats.callbacks_fired, stats.increments
    );
}
