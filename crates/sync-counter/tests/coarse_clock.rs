//! Public API tests of `CoarseClock`: it advances, and never runs ahead of real time.

mod common;

use std::time::{Duration, Instant};

use common::watchdog;
use ownership_sync_counter::time::{Clock, CoarseClock};

static_assertions::assert_impl_all!(CoarseClock: Send, Sync, Clone, std::fmt::Debug);

#[test]
fn it_advances_and_never_runs_ahead_of_real_time() {
    watchdog("a coarse clock that never ticks", || {
        let started = Instant::now();
        let clock = CoarseClock::new(Duration::from_millis(1));
        let first = clock.now();
        // No timing claim: just wait (yielding) until the ticker has run at least once.
        while clock.now() == first {
            std::thread::yield_now();
        }
        let reading = clock.now();
        assert!(reading > first);
        assert!(
            reading <= started.elapsed(),
            "never ahead of a clock started before it"
        );
        let copy = clock.clone();
        assert!(
            copy.now() >= reading,
            "clones share one time, which never goes back"
        );
    });
}

#[test]
fn dropping_the_last_clone_stops_the_ticker_at_once() {
    // With a one-hour resolution the ticker sleeps for an hour unless drop wakes it; drop joins
    // it, so this would hang (and the watchdog fail) if it were not woken.
    watchdog("dropping a coarse clock", || {
        let clock = CoarseClock::new(Duration::from_secs(3600));
        let clone = clock.clone();
        drop(clock);
        assert_eq!(
            clone.resolution(),
            Duration::from_secs(3600),
            "a clone keeps it alive"
        );
        drop(clone);
    });
}

#[test]
fn a_zero_resolution_is_raised_to_the_minimum() {
    // A ticker that parks for zero time spins a core; the resolution in effect is at least
    // one millisecond, and `resolution` reports it.
    let clock = CoarseClock::new(Duration::ZERO);
    assert!(
        clock.resolution() >= Duration::from_millis(1),
        "resolution {:?}",
        clock.resolution()
    );
    assert_eq!(clock.resolution(), CoarseClock::MIN_RESOLUTION);
    let fine = CoarseClock::new(Duration::from_nanos(1));
    assert_eq!(fine.resolution(), CoarseClock::MIN_RESOLUTION);
    let coarse = CoarseClock::new(Duration::from_millis(7));
    assert_eq!(
        coarse.resolution(),
        Duration::from_millis(7),
        "larger ones are kept"
    );
}
