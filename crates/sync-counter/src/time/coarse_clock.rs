//! A clock that is read with one atomic load, updated by a background thread.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::clock::{Clock, nanos};

/// A [`Clock`] whose reading is one relaxed atomic load: a background thread stores the
/// elapsed time every `resolution`.
///
/// Reading a real clock (`Instant::now`) costs about as much as a whole cache lookup; a
/// [`BoundedCache`](crate::BoundedCache) with a time-to-live reads it on every hit. With this
/// clock the read is nearly free, and the price is precision: the reading lags real time by up
/// to `resolution` (plus scheduling delay), so an entry may outlive its time-to-live by that
/// much. Never early: the reading is never ahead of real time.
///
/// Clones share one ticker thread; dropping the last clone wakes it and joins it, so no thread
/// outlives the clock.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::time::Duration;
/// use ownership_sync_counter::BoundedCache;
/// use ownership_sync_counter::time::CoarseClock;
///
/// let clock = CoarseClock::new(Duration::from_millis(1));
/// let cache = BoundedCache::with_clock(NonZeroUsize::new(64).unwrap(), clock)
///     .with_ttl(Duration::from_secs(30));
/// cache.insert("session", 42);
/// assert_eq!(cache.get(&"session"), Some(42));
/// ```
#[derive(Clone)]
pub struct CoarseClock {
    owner: Arc<Owner>,
}

/// Owns the ticker thread: dropped with the last clone, it stops and joins the thread.
struct Owner {
    shared: Arc<Shared>,
    ticker: Option<JoinHandle<()>>,
}

/// What the ticker thread and the clones share.
struct Shared {
    origin: Instant,
    nanos: AtomicU64,
    resolution: Duration,
    stop: AtomicBool,
}

impl CoarseClock {
    /// The finest resolution: a smaller one given to [`new`](Self::new), zero included, is
    /// raised to this. A ticker that wakes more often than every millisecond costs a large
    /// share of a core (at zero it never sleeps) for precision a coarse clock does not offer.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use ownership_sync_counter::time::CoarseClock;
    ///
    /// let clock = CoarseClock::new(Duration::ZERO);
    /// assert_eq!(clock.resolution(), CoarseClock::MIN_RESOLUTION);
    /// ```
    pub const MIN_RESOLUTION: Duration = Duration::from_millis(1);

    /// Creates a clock at zero and starts its ticker thread, which updates it every
    /// `resolution`, or every [`MIN_RESOLUTION`](Self::MIN_RESOLUTION) if that is larger.
    ///
    /// # Panics
    ///
    /// Panics if the ticker thread cannot be spawned (as `std::thread::spawn` does).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use ownership_sync_counter::time::{Clock, CoarseClock};
    ///
    /// let clock = CoarseClock::new(Duration::from_millis(5));
    /// assert!(clock.now() < Duration::from_secs(60));
    /// ```
    pub fn new(resolution: Duration) -> Self {
        let resolution = resolution.max(Self::MIN_RESOLUTION);
        let shared = Arc::new(Shared {
            origin: Instant::now(),
            nanos: AtomicU64::new(0),
            resolution,
            stop: AtomicBool::new(false),
        });
        let for_ticker = Arc::clone(&shared);
        let ticker = thread::Builder::new()
            .name("sync-counter-coarse-clock".into())
            .spawn(move || tick(&for_ticker))
            .expect("spawn the coarse clock's ticker thread");
        Self {
            owner: Arc::new(Owner {
                shared,
                ticker: Some(ticker),
            }),
        }
    }

    /// Returns how often the clock is updated: the resolution given to [`new`](Self::new),
    /// or [`MIN_RESOLUTION`](Self::MIN_RESOLUTION) if that was smaller.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let clock = ownership_sync_counter::time::CoarseClock::new(Duration::from_millis(2));
    /// assert_eq!(clock.resolution(), Duration::from_millis(2));
    /// ```
    pub fn resolution(&self) -> Duration {
        self.owner.shared.resolution
    }
}

/// The ticker: store the elapsed time every `resolution` until told to stop.
fn tick(shared: &Shared) {
    // Acquire pairs with the Release store in `Owner::drop`; `unpark` ends the wait early.
    while !shared.stop.load(Ordering::Acquire) {
        thread::park_timeout(shared.resolution);
        shared
            .nanos
            .store(nanos(shared.origin.elapsed()), Ordering::Relaxed);
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        if let Some(ticker) = self.ticker.take() {
            ticker.thread().unpark();
            // The ticker cannot panic (it only stores a number); ignore the impossible error
            // rather than panic in drop.
            let _ = ticker.join();
        }
    }
}

impl Clock for CoarseClock {
    fn now(&self) -> Duration {
        // Relaxed: the value is a timestamp, not a guard for other data.
        Duration::from_nanos(self.owner.shared.nanos.load(Ordering::Relaxed))
    }
}

impl fmt::Debug for CoarseClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CoarseClock")
            .field("now", &self.now())
            .field("resolution", &self.owner.shared.resolution)
            .finish()
    }
}
