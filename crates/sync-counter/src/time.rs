//! Time as a dependency: clocks tests can drive, and a rate limiter that reads one.
//!
//! - [`Clock`]: the trait everything here that measures time reads (the rate limiter, the
//!   bounded cache's time-to-live, the counter's history).
//! - [`MonotonicClock`]: the real clock (`Instant`), the default.
//! - [`ManualClock`]: moves only when told; tests of expiry and rate limits never sleep.
//! - [`CoarseClock`]: one atomic load per read, refreshed by a background thread; for hot
//!   paths that read the time on every call and can accept a millisecond of lag.
//! - [`RateLimiter`]: `rate` permits per second with bursts of `burst`, in one atomic word;
//!   a refusal says how long to wait ([`RetryAfter`]), an impossible rate is [`RateTooHigh`].
//!
//! # Examples
//!
//! ```
//! use std::num::NonZeroU32;
//! use std::time::Duration;
//! use ownership_sync_counter::time::{Clock, ManualClock, RateLimiter};
//!
//! let clock = ManualClock::new();
//! let one = NonZeroU32::new(1).unwrap();
//! let limiter = RateLimiter::with_clock(one, one, clock.clone());
//! limiter.try_acquire().unwrap();
//! clock.advance(limiter.try_acquire().unwrap_err().wait());
//! assert!(limiter.try_acquire().is_ok());
//! assert_eq!(clock.now(), Duration::from_secs(1));
//! ```

mod clock;
mod coarse_clock;
mod rate_limiter;

pub use clock::{Clock, ManualClock, MonotonicClock};
pub use coarse_clock::CoarseClock;
pub use rate_limiter::{RateLimiter, RateTooHigh, RetryAfter};
