//! A rate limiter whose whole state is one atomic word.

use std::fmt;
use std::num::NonZeroU32;
use std::time::Duration;

use super::clock::{Clock, MonotonicClock, nanos};
use crate::sync::{AtomicU64, Ordering};

/// A rate limiter (GCRA, the generic cell rate algorithm: a token bucket stored as one
/// timestamp) that allows `rate` acquisitions per second on average and bursts of up to
/// `burst` at once.
///
/// The state is the *theoretical arrival time* (TAT) in one `AtomicU64`: when the bucket would
/// be full again. An acquisition moves it one emission interval (1 s / `rate`) forward with a
/// compare-and-swap, and is refused when that would put it more than `burst` intervals ahead
/// of now. No lock; threads that race retry the CAS with the value they saw.
///
/// Time is kept in whole intervals (permits), not nanoseconds: the clock's reading is turned
/// into the number of intervals elapsed with exact integer arithmetic, so every rate up to
/// `u32::MAX` per second is honoured exactly (1 s / rate need not be a whole number of
/// nanoseconds), and a refusal's wait is rounded up to the next nanosecond. Callers within one
/// nanosecond see one clock reading, so at most `burst` permits can be granted per
/// nanosecond: a rate above 10^9 per second needs a burst of at least rate / 10^9 (rounded
/// up), or [`try_with_clock`](Self::try_with_clock) refuses it with [`RateTooHigh`].
///
/// # Examples
///
/// ```
/// use std::num::NonZeroU32;
/// use std::time::Duration;
/// use ownership_sync_counter::RateLimiter;
/// use ownership_sync_counter::time::ManualClock;
///
/// let clock = ManualClock::new();
/// let ten_per_second = NonZeroU32::new(10).unwrap();
/// let burst_of_two = NonZeroU32::new(2).unwrap();
/// let limiter = RateLimiter::with_clock(ten_per_second, burst_of_two, clock.clone());
///
/// assert!(limiter.try_acquire().is_ok());
/// assert!(limiter.try_acquire().is_ok());
/// let refused = limiter.try_acquire().unwrap_err();
/// assert_eq!(refused.wait(), Duration::from_millis(100));
///
/// clock.advance(refused.wait());
/// assert!(limiter.try_acquire().is_ok());
/// ```
pub struct RateLimiter<C: Clock = MonotonicClock> {
    /// Theoretical arrival time, in intervals (1 s / `rate`) since the clock's origin.
    tat: AtomicU64,
    /// Permits per second.
    rate: u64,
    /// How many intervals ahead of now the TAT may run.
    burst: u64,
    clock: C,
}

const NANOS_PER_SECOND: u128 = 1_000_000_000;

/// The refusal of [`RateLimiter::try_acquire`]: how long to wait before a permit is free.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroU32;
/// use ownership_sync_counter::RateLimiter;
/// use ownership_sync_counter::time::ManualClock;
///
/// let one = NonZeroU32::new(1).unwrap();
/// let limiter = RateLimiter::with_clock(one, one, ManualClock::new());
/// limiter.try_acquire().unwrap();
/// let err = limiter.try_acquire().unwrap_err();
/// assert_eq!(err.to_string(), "rate limit reached: retry after 1s");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(Duration);

impl RetryAfter {
    /// Returns how long to wait before trying again.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// use ownership_sync_counter::RateLimiter;
    /// use ownership_sync_counter::time::ManualClock;
    ///
    /// let two = NonZeroU32::new(2).unwrap();
    /// let one = NonZeroU32::new(1).unwrap();
    /// let limiter = RateLimiter::with_clock(two, one, ManualClock::new());
    /// limiter.try_acquire().unwrap();
    /// assert_eq!(limiter.try_acquire().unwrap_err().wait().as_millis(), 500);
    /// ```
    pub fn wait(&self) -> Duration {
        self.0
    }
}

impl fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rate limit reached: retry after {:?}", self.0)
    }
}

impl std::error::Error for RetryAfter {}

/// A rate the limiter cannot honour: above `burst` permits per nanosecond, the resolution of
/// its clock. Returned by [`RateLimiter::try_with_clock`].
///
/// # Examples
///
/// ```
/// use std::num::NonZeroU32;
/// use ownership_sync_counter::RateLimiter;
/// use ownership_sync_counter::time::ManualClock;
///
/// let rate = NonZeroU32::new(3_000_000_000).unwrap();
/// let one = NonZeroU32::new(1).unwrap();
/// let err = RateLimiter::try_with_clock(rate, one, ManualClock::new()).unwrap_err();
/// assert_eq!(err.min_burst(), 3);
/// let three = NonZeroU32::new(3).unwrap();
/// assert!(RateLimiter::try_with_clock(rate, three, ManualClock::new()).is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateTooHigh {
    rate_per_second: u32,
    burst: u32,
}

impl RateTooHigh {
    /// Returns the smallest burst that makes the rate possible: rate / 10^9, rounded up.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// use ownership_sync_counter::RateLimiter;
    /// use ownership_sync_counter::time::ManualClock;
    ///
    /// let rate = NonZeroU32::new(1_000_000_001).unwrap();
    /// let one = NonZeroU32::new(1).unwrap();
    /// let err = RateLimiter::try_with_clock(rate, one, ManualClock::new()).unwrap_err();
    /// assert_eq!(err.min_burst(), 2);
    /// ```
    pub fn min_burst(&self) -> u32 {
        // At most u32::MAX / 1e9 rounded up, which is 5.
        self.rate_per_second.div_ceil(1_000_000_000)
    }
}

impl fmt::Display for RateTooHigh {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a rate of {} per second needs a burst of at least {} (got {}): the clock counts \
             nanoseconds, so at most `burst` permits can be granted per nanosecond",
            self.rate_per_second,
            self.min_burst(),
            self.burst
        )
    }
}

impl std::error::Error for RateTooHigh {}

impl RateLimiter {
    /// Creates a limiter on the real clock, full: `burst` permits are available at once.
    ///
    /// # Panics
    ///
    /// Panics if `rate_per_second` is above `burst` × 10^9 (see [`RateTooHigh`]); use
    /// [`try_with_clock`](Self::try_with_clock) to get the error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// let limiter = ownership_sync_counter::RateLimiter::new(
    ///     NonZeroU32::new(100).unwrap(),
    ///     NonZeroU32::new(5).unwrap(),
    /// );
    /// assert!(limiter.try_acquire().is_ok());
    /// ```
    pub fn new(rate_per_second: NonZeroU32, burst: NonZeroU32) -> Self {
        Self::with_clock(rate_per_second, burst, MonotonicClock::new())
    }
}

impl<C: Clock> RateLimiter<C> {
    /// Creates a limiter that reads time from `clock`.
    ///
    /// # Panics
    ///
    /// Panics if `rate_per_second` is above `burst` × 10^9 (see [`RateTooHigh`]); use
    /// [`try_with_clock`](Self::try_with_clock) to get the error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// use ownership_sync_counter::RateLimiter;
    /// use ownership_sync_counter::time::ManualClock;
    ///
    /// let one = NonZeroU32::new(1).unwrap();
    /// let limiter = RateLimiter::with_clock(one, one, ManualClock::new());
    /// assert!(limiter.try_acquire().is_ok());
    /// ```
    pub fn with_clock(rate_per_second: NonZeroU32, burst: NonZeroU32, clock: C) -> Self {
        match Self::try_with_clock(rate_per_second, burst, clock) {
            Ok(limiter) => limiter,
            Err(err) => panic!("{err}"),
        }
    }

    /// Creates a limiter that reads time from `clock`, or says why the rate is impossible.
    ///
    /// # Errors
    ///
    /// [`RateTooHigh`] if `rate_per_second` is above `burst` × 10^9: the clock counts
    /// nanoseconds, so the limiter can grant at most `burst` permits per nanosecond.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// use ownership_sync_counter::RateLimiter;
    /// use ownership_sync_counter::time::ManualClock;
    ///
    /// let rate = NonZeroU32::new(600_000_000).unwrap();
    /// let one = NonZeroU32::new(1).unwrap();
    /// let limiter = RateLimiter::try_with_clock(rate, one, ManualClock::new()).unwrap();
    /// assert!(limiter.try_acquire().is_ok());
    /// ```
    pub fn try_with_clock(
        rate_per_second: NonZeroU32,
        burst: NonZeroU32,
        clock: C,
    ) -> Result<Self, RateTooHigh> {
        let (rate, burst_u64) = (u64::from(rate_per_second.get()), u64::from(burst.get()));
        if u128::from(rate) > u128::from(burst_u64) * NANOS_PER_SECOND {
            return Err(RateTooHigh {
                rate_per_second: rate_per_second.get(),
                burst: burst.get(),
            });
        }
        Ok(Self {
            tat: AtomicU64::new(intervals_elapsed(nanos(clock.now()), rate)),
            rate,
            burst: burst_u64,
            clock,
        })
    }

    /// Takes a permit if one is free now.
    ///
    /// # Errors
    ///
    /// [`RetryAfter`] with the time until the next permit is free; nothing is taken.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// use ownership_sync_counter::RateLimiter;
    /// use ownership_sync_counter::time::ManualClock;
    ///
    /// let one = NonZeroU32::new(1).unwrap();
    /// let limiter = RateLimiter::with_clock(one, one, ManualClock::new());
    /// assert!(limiter.try_acquire().is_ok());
    /// assert!(limiter.try_acquire().is_err());
    /// ```
    pub fn try_acquire(&self) -> Result<(), RetryAfter> {
        let now_nanos = nanos(self.clock.now());
        let now = intervals_elapsed(now_nanos, self.rate);
        // Relaxed: the TAT is the only shared state and its RMWs are totally ordered.
        let mut tat = self.tat.load(Ordering::Relaxed);
        loop {
            let next = tat.max(now).saturating_add(1);
            if next - now > self.burst {
                // Free once `next - burst` intervals have elapsed. Counting whole intervals
                // (`now` rounds down) refuses exactly when a real-valued clock would.
                let free_at = interval_start(next - self.burst, self.rate);
                return Err(RetryAfter(Duration::from_nanos(free_at - now_nanos)));
            }
            match self
                .tat
                .compare_exchange_weak(tat, next, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return Ok(()),
                Err(current) => tat = current,
            }
        }
    }

    /// Takes a permit, waiting on the clock (`Clock::sleep`) until one is free.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// use std::time::Duration;
    /// use ownership_sync_counter::RateLimiter;
    /// use ownership_sync_counter::time::{Clock, ManualClock};
    ///
    /// let clock = ManualClock::new();
    /// let one = NonZeroU32::new(1).unwrap();
    /// let limiter = RateLimiter::with_clock(one, one, clock.clone());
    /// limiter.acquire();
    /// limiter.acquire(); // "sleeps" one second on the manual clock
    /// assert_eq!(clock.now(), Duration::from_secs(1));
    /// ```
    pub fn acquire(&self) {
        while let Err(retry) = self.try_acquire() {
            self.clock.sleep(retry.wait());
        }
    }

    /// Returns the clock this limiter reads.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// use ownership_sync_counter::RateLimiter;
    /// use ownership_sync_counter::time::{Clock, ManualClock};
    ///
    /// let one = NonZeroU32::new(1).unwrap();
    /// let limiter = RateLimiter::with_clock(one, one, ManualClock::new());
    /// assert_eq!(limiter.clock().now(), std::time::Duration::ZERO);
    /// ```
    pub fn clock(&self) -> &C {
        &self.clock
    }
}

/// How many whole intervals (1 s / `rate`) fit in `nanos`: floor(nanos * rate / 1e9).
fn intervals_elapsed(nanos: u64, rate: u64) -> u64 {
    let intervals = u128::from(nanos) * u128::from(rate) / NANOS_PER_SECOND;
    // Saturates only after about 584 years / (rate / 1e9), past the clock's own range.
    u64::try_from(intervals).unwrap_or(u64::MAX)
}

/// The first nanosecond at which `intervals` intervals have elapsed: ceil(intervals * 1e9 /
/// rate), saturating like the clock.
fn interval_start(intervals: u64, rate: u64) -> u64 {
    let nanos = (u128::from(intervals) * NANOS_PER_SECOND).div_ceil(u128::from(rate));
    u64::try_from(nanos).unwrap_or(u64::MAX)
}

impl<C: Clock + fmt::Debug> fmt::Debug for RateLimiter<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("rate_per_second", &self.rate)
            .field("burst", &self.burst)
            .field("clock", &self.clock)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_start_is_the_first_nanosecond_with_that_many_intervals() {
        for rate in [1, 3, 7, 600_000_000, 999_999_999, u64::from(u32::MAX)] {
            for k in [0, 1, 2, 1000, 123_456_789] {
                let start = interval_start(k, rate);
                assert!(intervals_elapsed(start, rate) >= k, "rate {rate}, k {k}");
                if start > 0 {
                    assert!(intervals_elapsed(start - 1, rate) < k, "rate {rate}, k {k}");
                }
                if rate <= 1_000_000_000 {
                    // At most one interval ends per nanosecond: exactly k at its start.
                    assert_eq!(intervals_elapsed(start, rate), k, "rate {rate}, k {k}");
                }
            }
        }
        assert_eq!(intervals_elapsed(u64::MAX, u64::from(u32::MAX)), u64::MAX);
        assert_eq!(interval_start(u64::MAX, 1), u64::MAX);
    }
}
