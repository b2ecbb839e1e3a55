//! Time sources: the real monotonic clock and a manual clock for tests.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::sync::{AtomicU64, Ordering};

/// A monotonic time source, read as the time elapsed since the clock's own origin.
///
/// Everything in this crate that measures time (`RateLimiter`, `BoundedCache`'s time-to-live,
/// the counter's history) reads it through this trait, so tests drive time with a
/// [`ManualClock`] and never sleep.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use ownership_sync_counter::time::{Clock, ManualClock};
///
/// fn deadline_passed(clock: &impl Clock, deadline: Duration) -> bool {
///     clock.now() >= deadline
/// }
///
/// let clock = ManualClock::new();
/// assert!(!deadline_passed(&clock, Duration::from_secs(1)));
/// clock.advance(Duration::from_secs(1));
/// assert!(deadline_passed(&clock, Duration::from_secs(1)));
/// ```
pub trait Clock: Send + Sync {
    /// Returns the time elapsed since this clock's origin; never decreases.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_sync_counter::time::{Clock, MonotonicClock};
    ///
    /// let clock = MonotonicClock::new();
    /// let a = clock.now();
    /// assert!(clock.now() >= a);
    /// ```
    fn now(&self) -> Duration;

    /// Waits for `duration` to pass on this clock; a real clock sleeps the thread.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use ownership_sync_counter::time::{Clock, ManualClock};
    ///
    /// let clock = ManualClock::new();
    /// clock.sleep(Duration::from_secs(3600)); // returns at once: it moves the clock instead
    /// assert_eq!(clock.now(), Duration::from_secs(3600));
    /// ```
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// The real clock: [`Instant`] measured from when the clock was made.
///
/// # Examples
///
/// ```
/// use ownership_sync_counter::time::{Clock, MonotonicClock};
///
/// let clock = MonotonicClock::new();
/// assert!(clock.now() < std::time::Duration::from_secs(60));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct MonotonicClock {
    origin: Instant,
}

impl MonotonicClock {
    /// Creates a clock whose origin is now.
    ///
    /// # Examples
    ///
    /// ```
    /// let clock = ownership_sync_counter::time::MonotonicClock::new();
    /// # let _ = clock;
    /// ```
    pub fn new() -> Self {
        Self {
            origin: Instant::now(),
        }
    }
}

impl Default for MonotonicClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for MonotonicClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// A clock that moves only when told to; clones share one time.
///
/// Give a clone to the type under test and keep one to move time: tests of expiry and rate
/// limits run instantly and never depend on the machine's speed. Its [`Clock::sleep`] advances
/// the clock instead of blocking, so code that waits (like `RateLimiter::acquire`) runs too.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use ownership_sync_counter::time::{Clock, ManualClock};
///
/// let clock = ManualClock::new();
/// let shared = clock.clone();
/// clock.advance(Duration::from_millis(250));
/// assert_eq!(shared.now(), Duration::from_millis(250));
/// ```
#[derive(Clone, Default)]
pub struct ManualClock {
    nanos: Arc<AtomicU64>,
}

impl ManualClock {
    /// Creates a clock reading zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_sync_counter::time::{Clock, ManualClock};
    ///
    /// assert_eq!(ManualClock::new().now(), std::time::Duration::ZERO);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the clock forward by `duration` (saturating at about 584 years).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use ownership_sync_counter::time::{Clock, ManualClock};
    ///
    /// let clock = ManualClock::new();
    /// clock.advance(Duration::from_secs(2));
    /// clock.advance(Duration::from_secs(3));
    /// assert_eq!(clock.now(), Duration::from_secs(5));
    /// ```
    pub fn advance(&self, duration: Duration) {
        let step = nanos(duration);
        // `fetch_update` never fails here: the closure always returns `Some`.
        let _ = self
            .nanos
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |now| {
                Some(now.saturating_add(step))
            });
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        Duration::from_nanos(self.nanos.load(Ordering::Acquire))
    }

    fn sleep(&self, duration: Duration) {
        self.advance(duration);
    }
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManualClock")
            .field("now", &self.now())
            .finish()
    }
}

/// Converts a duration to whole nanoseconds in a `u64`, saturating (at about 584 years).
pub(crate) fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nanos_saturates() {
        assert_eq!(nanos(Duration::from_millis(3)), 3_000_000);
        assert_eq!(nanos(Duration::MAX), u64::MAX);
    }

    #[test]
    fn advance_saturates_instead_of_wrapping() {
        let clock = ManualClock::new();
        clock.advance(Duration::MAX);
        clock.advance(Duration::from_secs(1));
        assert_eq!(clock.now(), Duration::from_nanos(u64::MAX));
    }
}
