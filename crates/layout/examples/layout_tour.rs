//! A tour of memory layout: the layout reports of the example structs (holes visible), what
//! sorting their fields saves, and the false-sharing ratio measured on this machine.
//!
//! Run with `cargo run --release -p ownership-layout --example layout_tour` (`cargo xtask demo` does).

use std::hint::black_box;
use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use ownership_layout::examples::{BoxedEvent, InlineEvent, Optimized, Packed, Point, Unoptimized};
use ownership_layout::{CACHE_LINE, CachePadded, layout_report};

const INCREMENTS: u64 = 2_000_000;

/// Two threads, each incrementing its own counter `INCREMENTS` times; the slower one's time.
fn two_writers(a: &AtomicU64, b: &AtomicU64) -> Duration {
    let start = Barrier::new(2);
    thread::scope(|s| {
        let workers: Vec<_> = [a, b]
            .into_iter()
            .map(|counter| {
                let start = &start;
                s.spawn(move || {
                    start.wait();
                    let begun = Instant::now();
                    for _ in 0..INCREMENTS {
                        black_box(counter).fetch_add(1, Ordering::Relaxed);
                    }
                    begun.elapsed()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("writer thread"))
            .max()
            .unwrap_or_default()
    })
}

/// Two counters in one 16-byte struct: the same cache line.
#[derive(Default)]
struct Adjacent {
    a: AtomicU64,
    b: AtomicU64,
}

fn main() {
    println!("Layout reports (offsets and sizes in bytes):\n");
    let reports = [
        layout_report!(Unoptimized { a, b, c }),
        layout_report!(Optimized { b, c, a }),
        layout_report!(Point { x, y }),
    ];
    for report in &reports {
        println!("{report}");
    }
    println!(
        "Packed (repr(packed)): {} bytes; InlineEvent: {} bytes, BoxedEvent: {} bytes.\n",
        size_of::<Packed>(),
        size_of::<InlineEvent>(),
        size_of::<BoxedEvent>()
    );

    println!("False sharing: two threads, {INCREMENTS} relaxed increments each, best of 3.");
    let adjacent = Adjacent::default();
    let padded = [
        CachePadded::new(AtomicU64::new(0)),
        CachePadded::new(AtomicU64::new(0)),
    ];
    let best = |f: &dyn Fn() -> Duration| (0..3).map(|_| f()).min().unwrap_or_default();
    let shared_line = best(&|| two_writers(&adjacent.a, &adjacent.b));
    let own_lines = best(&|| two_writers(&padded[0], &padded[1]));
    assert_eq!(adjacent.a.load(Ordering::Relaxed), 3 * INCREMENTS);
    assert_eq!(padded[1].load(Ordering::Relaxed), 3 * INCREMENTS);
    let padded_label = format!("CachePadded ({CACHE_LINE} bytes each):");
    println!("  {:<32}{shared_line:>10.2?}", "adjacent (one cache line):");
    println!("  {padded_label:<32}{own_lines:>10.2?}");
    println!(
        "  ratio padded ÷ adjacent: {:.2} (below 1: padding is faster; needs 2 idle cores)",
        own_lines.as_secs_f64() / shared_line.as_secs_f64()
    );
}
