//! Public API tests of `RateLimiter`, on a manual clock: no test sleeps.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use ownership_sync_counter::RateLimiter;
use ownership_sync_counter::time::{Clock, ManualClock, MonotonicClock, RateTooHigh, RetryAfter};

static_assertions::assert_impl_all!(RateLimiter<MonotonicClock>: Send, Sync, std::fmt::Debug);
static_assertions::assert_impl_all!(RateLimiter<ManualClock>: Send, Sync);
static_assertions::assert_impl_all!(RetryAfter: std::error::Error, Send, Sync, Copy);
static_assertions::assert_impl_all!(RateTooHigh: std::error::Error, Send, Sync, Copy);

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

#[test]
fn a_full_bucket_allows_a_burst_then_refuses_with_the_wait() {
    let clock = ManualClock::new();
    let limiter = RateLimiter::with_clock(nz(4), nz(3), clock.clone()); // 250 ms per permit
    for _ in 0..3 {
        limiter.try_acquire().unwrap();
    }
    let refused = limiter.try_acquire().unwrap_err();
    assert_eq!(refused.wait(), Duration::from_millis(250));
    clock.advance(Duration::from_millis(249));
    assert_eq!(
        limiter.try_acquire().unwrap_err().wait(),
        Duration::from_millis(1)
    );
    clock.advance(Duration::from_millis(1));
    limiter.try_acquire().unwrap();
    assert!(
        limiter.try_acquire().is_err(),
        "one permit per interval after the burst"
    );
}

#[test]
fn an_idle_limiter_refills_only_up_to_the_burst() {
    let clock = ManualClock::new();
    let limiter = RateLimiter::with_clock(nz(10), nz(2), clock.clone());
    clock.advance(Duration::from_secs(3600));
    assert!(limiter.try_acquire().is_ok());
    assert!(limiter.try_acquire().is_ok());
    assert!(
        limiter.try_acquire().is_err(),
        "an hour idle still gives only 2"
    );
}

#[test]
fn acquire_waits_on_the_clock_for_the_average_rate() {
    let clock = ManualClock::new();
    let limiter = RateLimiter::with_clock(nz(100), nz(5), clock.clone());
    for _ in 0..105 {
        limiter.acquire();
    }
    // 5 from the burst, then 100 at 10 ms each.
    assert_eq!(clock.now(), Duration::from_secs(1));
}

#[test]
fn racing_threads_get_exactly_the_available_permits() {
    let clock = ManualClock::new();
    let burst = if cfg!(miri) { 8 } else { 500 };
    let limiter = Arc::new(RateLimiter::with_clock(nz(1), nz(burst), clock));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let limiter = Arc::clone(&limiter);
            thread::spawn(move || (0..burst).filter(|_| limiter.try_acquire().is_ok()).count())
        })
        .collect();
    let granted: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(granted, burst as usize);
}

#[test]
fn retry_after_says_what_to_do() {
    let limiter = RateLimiter::with_clock(nz(2), nz(1), ManualClock::new());
    limiter.try_acquire().unwrap();
    let err = limiter.try_acquire().unwrap_err();
    assert_eq!(err.to_string(), "rate limit reached: retry after 500ms");
}

#[test]
fn the_real_clock_limiter_grants_its_burst() {
    let limiter = RateLimiter::new(nz(1), nz(2));
    assert!(limiter.try_acquire().is_ok());
    assert!(limiter.try_acquire().is_ok());
    // Whatever time has passed, a refusal never asks for more than one interval.
    if let Err(refused) = limiter.try_acquire() {
        assert!(refused.wait() <= Duration::from_secs(1));
    }
}

/// Permits a limiter grants while its manual clock runs from 0 to `window`, taking each
/// permit as soon as it is free; stops counting past `cap`.
fn granted_within(rate: u32, burst: u32, window: Duration, cap: u64) -> u64 {
    let clock = ManualClock::new();
    let limiter = RateLimiter::with_clock(nz(rate), nz(burst), clock.clone());
    let mut granted = 0;
    while granted <= cap {
        match limiter.try_acquire() {
            Ok(()) => granted += 1,
            Err(retry) if clock.now() + retry.wait() > window => break,
            Err(retry) => clock.advance(retry.wait()),
        }
    }
    granted
}

#[test]
fn high_rates_are_exact() {
    // The bucket starts full (`burst` permits), then one more is free at the end of each
    // interval of 1 / rate seconds: a window of W grants burst + floor(W * rate) permits. An
    // interval truncated to whole nanoseconds gave burst + W / 1 ns for every rate from
    // 5e8 to 1e9 per second, and no limit above 1e9.
    // Small windows under Miri: each permit is one loop iteration.
    let scale = if cfg!(miri) { 10 } else { 1 };
    for (rate, burst, window) in [
        (600_000_000, 1, Duration::from_micros(10)),
        (999_999_999, 1, Duration::from_micros(10)),
        (300_000_000, 1, Duration::from_micros(10)),
        (1_000_000_000, 1, Duration::from_micros(10)),
        (u32::MAX, 5, Duration::from_micros(1)),
        (3, 1, Duration::from_secs(1000)),
        (7, 4, Duration::from_secs(1000)),
    ] {
        let window = window / scale;
        let expected =
            u64::from(burst) + (window.as_nanos() * u128::from(rate) / 1_000_000_000) as u64;
        assert_eq!(
            granted_within(rate, burst, window, 2 * expected),
            expected,
            "rate {rate}/s, burst {burst}, over {window:?}"
        );
    }
}

#[test]
fn the_wait_is_rounded_up_to_the_nanosecond() {
    let limiter = RateLimiter::with_clock(nz(3), nz(1), ManualClock::new());
    limiter.try_acquire().unwrap();
    // The next permit is free at 1/3 s = 333_333_333.3 ns: waiting less would be refused.
    assert_eq!(
        limiter.try_acquire().unwrap_err().wait(),
        Duration::from_nanos(333_333_334)
    );
}

#[test]
fn a_rate_above_burst_per_nanosecond_is_an_error() {
    let err = RateLimiter::try_with_clock(nz(u32::MAX), nz(4), ManualClock::new()).unwrap_err();
    assert_eq!(err.min_burst(), 5);
    assert_eq!(
        err.to_string(),
        "a rate of 4294967295 per second needs a burst of at least 5 (got 4): the clock counts \
         nanoseconds, so at most `burst` permits can be granted per nanosecond"
    );
    assert!(RateLimiter::try_with_clock(nz(2_000_000_000), nz(2), ManualClock::new()).is_ok());
    assert!(RateLimiter::try_with_clock(nz(2_000_000_001), nz(2), ManualClock::new()).is_err());
    let panicked = std::panic::catch_unwind(|| {
        RateLimiter::with_clock(nz(2_000_000_001), nz(2), ManualClock::new())
    });
    assert!(
        panicked.is_err(),
        "the infallible constructor panics with the same message"
    );
}
