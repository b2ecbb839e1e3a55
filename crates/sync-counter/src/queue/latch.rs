//! A one-shot start signal.

use std::time::Duration;

use parking_lot::{Condvar, Mutex};

/// A gate that starts closed and, once [`open`](Self::open)ed, stays open: every waiter,
/// present and future, goes through.
///
/// A flag under a mutex and a condvar; `parking_lot`'s `wait_while` rechecks the flag on every
/// wake-up, so spurious wake-ups are harmless.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use std::thread;
/// use ownership_sync_counter::queue::Latch;
///
/// let start = Arc::new(Latch::new());
/// let workers: Vec<_> = (0..3)
///     .map(|i| {
///         let start = Arc::clone(&start);
///         thread::spawn(move || {
///             start.wait(); // everyone starts together
///             i * 2
///         })
///     })
///     .collect();
/// start.open();
/// let sum: i32 = workers.into_iter().map(|w| w.join().unwrap()).sum();
/// assert_eq!(sum, 6);
/// ```
#[derive(Debug, Default)]
pub struct Latch {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Latch {
    /// Creates a closed latch.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!ownership_sync_counter::queue::Latch::new().is_open());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens the latch and wakes every waiter; opening it again does nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// let latch = ownership_sync_counter::queue::Latch::new();
    /// latch.open();
    /// latch.open();
    /// assert!(latch.is_open());
    /// ```
    pub fn open(&self) {
        let mut open = self.open.lock();
        if !*open {
            *open = true;
            self.opened.notify_all();
        }
    }

    /// Returns `true` once the latch is open.
    ///
    /// # Examples
    ///
    /// ```
    /// let latch = ownership_sync_counter::queue::Latch::new();
    /// assert!(!latch.is_open());
    /// ```
    pub fn is_open(&self) -> bool {
        *self.open.lock()
    }

    /// Blocks until the latch is open (returns at once if it already is).
    ///
    /// # Examples
    ///
    /// ```
    /// let latch = ownership_sync_counter::queue::Latch::new();
    /// latch.open();
    /// latch.wait();
    /// ```
    pub fn wait(&self) {
        let mut open = self.open.lock();
        self.opened.wait_while(&mut open, |open| !*open);
    }

    /// Blocks until the latch is open or `timeout` has passed; returns whether it is open.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let latch = ownership_sync_counter::queue::Latch::new();
    /// assert!(!latch.wait_timeout(Duration::from_millis(1)));
    /// latch.open();
    /// assert!(latch.wait_timeout(Duration::ZERO));
    /// ```
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let mut open = self.open.lock();
        // `wait_while_for` rechecks the condition on every wake-up and stops at the deadline.
        self.opened
            .wait_while_for(&mut open, |open| !*open, timeout);
        *open
    }
}
