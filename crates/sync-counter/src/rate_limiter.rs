//! A rate limiter whose whole state is one atomic word.

use std::fmt;
use std::num::NonZeroU32;
use std::time::Duration;

use crate::clock::{Clock, MonotonicClock, nanos};
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
/// # Examples
///
/// ```
/// use std::num::NonZeroU32;
/// use std::time::Duration;
/// use sync_counter::{ManualClock, RateLimiter};
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
    /// Theoretical arrival time, in nanoseconds on `clock`.
    tat: AtomicU64,
    /// Nanoseconds per permit (1 s / rate).
    interval: u64,
    /// How far ahead of now the TAT may run: `burst` intervals.
    tolerance: u64,
    clock: C,
}

/// The refusal of [`RateLimiter::try_acquire`]: how long to wait before a permit is free.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroU32;
/// use sync_counter::{ManualClock, RateLimiter};
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
    /// use sync_counter::{ManualClock, RateLimiter};
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

impl RateLimiter {
    /// Creates a limiter on the real clock, full: `burst` permits are available at once.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// let limiter = sync_counter::RateLimiter::new(
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
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// use sync_counter::{ManualClock, RateLimiter};
    ///
    /// let one = NonZeroU32::new(1).unwrap();
    /// let limiter = RateLimiter::with_clock(one, one, ManualClock::new());
    /// assert!(limiter.try_acquire().is_ok());
    /// ```
    pub fn with_clock(rate_per_second: NonZeroU32, burst: NonZeroU32, clock: C) -> Self {
        let interval = 1_000_000_000 / u64::from(rate_per_second.get());
        Self {
            tat: AtomicU64::new(nanos(clock.now())),
            // Rates above 1e9/s round the interval to 0 ns: no limit, which is what they ask.
            interval,
            tolerance: interval * u64::from(burst.get()),
            clock,
        }
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
    /// use sync_counter::{ManualClock, RateLimiter};
    ///
    /// let one = NonZeroU32::new(1).unwrap();
    /// let limiter = RateLimiter::with_clock(one, one, ManualClock::new());
    /// assert!(limiter.try_acquire().is_ok());
    /// assert!(limiter.try_acquire().is_err());
    /// ```
    pub fn try_acquire(&self) -> Result<(), RetryAfter> {
        let now = nanos(self.clock.now());
        // Relaxed: the TAT is the only shared state and its RMWs are totally ordered.
        let mut tat = self.tat.load(Ordering::Relaxed);
        loop {
            let next = tat.max(now).saturating_add(self.interval);
            let ahead = next - now;
            if ahead > self.tolerance {
                return Err(RetryAfter(Duration::from_nanos(ahead - self.tolerance)));
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
    /// use sync_counter::{Clock, ManualClock, RateLimiter};
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
    /// use sync_counter::{Clock, ManualClock, RateLimiter};
    ///
    /// let one = NonZeroU32::new(1).unwrap();
    /// let limiter = RateLimiter::with_clock(one, one, ManualClock::new());
    /// assert_eq!(limiter.clock().now(), std::time::Duration::ZERO);
    /// ```
    pub fn clock(&self) -> &C {
        &self.clock
    }
}

impl<C: Clock + fmt::Debug> fmt::Debug for RateLimiter<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("interval", &Duration::from_nanos(self.interval))
            .field("burst", &(self.tolerance / self.interval.max(1)))
            .field("clock", &self.clock)
            .finish()
    }
}
