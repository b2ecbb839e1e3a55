//! Public API tests of `RateLimiter`, on a manual clock: no test sleeps.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use sync_counter::{Clock, ManualClock, MonotonicClock, RateLimiter, RetryAfter};

static_assertions::assert_impl_all!(RateLimiter<MonotonicClock>: Send, Sync, std::fmt::Debug);
static_assertions::assert_impl_all!(RateLimiter<ManualClock>: Send, Sync);
static_assertions::assert_impl_all!(RetryAfter: std::error::Error, Send, Sync, Copy);

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
