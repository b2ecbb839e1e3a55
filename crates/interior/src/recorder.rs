//! A test double that records the calls made to it through `&self`.

use std::cell::RefCell;
use std::fmt;

/// A mock object's memory: records each call's arguments through `&self`, for test doubles of
/// traits whose methods take `&self`.
///
/// `A` is whatever describes one call: a tuple of arguments, or an enum with one variant per
/// method. Recording pushes onto a `Vec` inside a `RefCell`; no user code runs while it is
/// borrowed except `A`'s `Clone`, `PartialEq` and `Debug` in the methods that need them, and
/// those must not record into the same recorder.
///
/// # Examples
///
/// ```
/// use ownership_interior::Recorder;
///
/// trait Mailer {
///     fn send(&self, to: &str, body: &str);
/// }
///
/// #[derive(Default)]
/// struct MockMailer {
///     sent: Recorder<(String, String)>,
/// }
///
/// impl Mailer for MockMailer {
///     fn send(&self, to: &str, body: &str) {
///         self.sent.record((to.to_owned(), body.to_owned()));
///     }
/// }
///
/// let mock = MockMailer::default();
/// mock.send("ana@example.org", "hello");
/// assert_eq!(mock.sent.count(), 1);
/// mock.sent.assert_called_with(&("ana@example.org".into(), "hello".into()));
/// ```
pub struct Recorder<A> {
    calls: RefCell<Vec<A>>,
}

impl<A> Recorder<A> {
    /// Creates a recorder with no calls.
    ///
    /// # Examples
    ///
    /// ```
    /// let r: ownership_interior::Recorder<u32> = ownership_interior::Recorder::new();
    /// assert_eq!(r.count(), 0);
    /// ```
    pub const fn new() -> Self {
        Self {
            calls: RefCell::new(Vec::new()),
        }
    }

    /// Records one call.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = ownership_interior::Recorder::new();
    /// r.record(("get", 1));
    /// assert_eq!(r.count(), 1);
    /// ```
    pub fn record(&self, args: A) {
        self.calls.borrow_mut().push(args);
    }

    /// Returns how many calls were recorded.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = ownership_interior::Recorder::new();
    /// r.record(());
    /// r.record(());
    /// assert_eq!(r.count(), 2);
    /// ```
    pub fn count(&self) -> usize {
        self.calls.borrow().len()
    }

    /// Forgets every recorded call; they are dropped after the borrow is released.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = ownership_interior::Recorder::new();
    /// r.record(1);
    /// r.clear();
    /// assert_eq!(r.count(), 0);
    /// ```
    pub fn clear(&self) {
        let calls = std::mem::take(&mut *self.calls.borrow_mut());
        drop(calls);
    }

    /// Takes the recorded calls out, leaving the recorder empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = ownership_interior::Recorder::new();
    /// r.record('a');
    /// assert_eq!(r.take(), ['a']);
    /// assert_eq!(r.count(), 0);
    /// ```
    pub fn take(&self) -> Vec<A> {
        std::mem::take(&mut *self.calls.borrow_mut())
    }
}

impl<A: Clone> Recorder<A> {
    /// Returns a copy of every recorded call, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = ownership_interior::Recorder::new();
    /// r.record(1);
    /// r.record(2);
    /// assert_eq!(r.calls(), [1, 2]);
    /// ```
    pub fn calls(&self) -> Vec<A> {
        self.calls.borrow().clone()
    }

    /// Returns a copy of the most recent call.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = ownership_interior::Recorder::new();
    /// assert_eq!(r.last(), None);
    /// r.record("first");
    /// r.record("second");
    /// assert_eq!(r.last(), Some("second"));
    /// ```
    pub fn last(&self) -> Option<A> {
        self.calls.borrow().last().cloned()
    }
}

impl<A: Clone + PartialEq + fmt::Debug> Recorder<A> {
    /// Returns `true` when some recorded call equals `args`.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = ownership_interior::Recorder::new();
    /// r.record(7);
    /// assert!(r.was_called_with(&7));
    /// assert!(!r.was_called_with(&8));
    /// ```
    pub fn was_called_with(&self, args: &A) -> bool {
        // Compared on a copy: `PartialEq` runs with no borrow held.
        self.calls().iter().any(|call| call == args)
    }

    /// Panics unless some recorded call equals `args`.
    ///
    /// # Panics
    ///
    /// When no call matches; the message shows `args` and lists every recorded call.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = ownership_interior::Recorder::new();
    /// r.record(("charge", 5));
    /// r.assert_called_with(&("charge", 5));
    /// let missing = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
    ///     r.assert_called_with(&("refund", 5))
    /// }));
    /// assert!(missing.is_err());
    /// ```
    #[track_caller]
    pub fn assert_called_with(&self, args: &A) {
        let calls = self.calls();
        if calls.iter().any(|call| call == args) {
            return;
        }
        let mut listing = String::new();
        for (i, call) in calls.iter().enumerate() {
            listing.push_str(&format!("\n  {i}: {call:?}"));
        }
        if calls.is_empty() {
            listing.push_str(" none");
        }
        panic!(
            "expected a call with {args:?}; {} recorded:{listing}",
            calls.len()
        );
    }
}

impl<A> Default for Recorder<A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A: Clone> Clone for Recorder<A> {
    fn clone(&self) -> Self {
        Self {
            calls: RefCell::new(self.calls()),
        }
    }
}

impl<A: fmt::Debug> fmt::Debug for Recorder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Recorder");
        match self.calls.try_borrow() {
            Ok(calls) => s.field("calls", &*calls),
            Err(_) => s.field("calls", &format_args!("<borrowed>")),
        };
        s.finish()
    }
}
