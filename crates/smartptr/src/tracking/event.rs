//! [`Event`] and [`Sink`]: where a [`Tracker`](super::Tracker) reports creations and drops.

use core::fmt;

use super::LiveObject;

/// What happened to a tracked object.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::tracking::{Event, EventKind};
///
/// fn is_drop(event: &Event) -> bool {
///     event.kind == EventKind::Dropped
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A [`TrackedBox`](super::TrackedBox) was made.
    Created,
    /// A [`TrackedBox`](super::TrackedBox) was dropped, or its value taken out with
    /// `into_inner`: the tracker no longer counts it.
    Dropped,
}

/// One creation or drop, as a [`Sink`] receives it.
///
/// Its `Display` is one log line: `created my_app::Node #3 at src/main.rs:10:5 (2 live)`.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::tracking::{Event, Tracker};
/// use std::sync::{Arc, Mutex};
///
/// let lines = Arc::new(Mutex::new(Vec::new()));
/// let log = Arc::clone(&lines);
/// let tracker = Tracker::with_sink(move |e: &Event| log.lock().unwrap().push(e.to_string()));
/// drop(tracker.track(1u8));
/// let lines = lines.lock().unwrap();
/// assert!(lines[0].starts_with("created u8 #0 at "));
/// assert!(lines[1].starts_with("dropped u8 #0 "));
/// assert!(lines[1].ends_with("(0 live)"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// Created or dropped.
    pub kind: EventKind,
    /// The object: id, type and creation site.
    pub object: LiveObject,
    /// How many objects of its type were alive just after the event.
    pub live: usize,
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = match self.kind {
            EventKind::Created => "created",
            EventKind::Dropped => "dropped",
        };
        write!(f, "{verb} {} ({} live)", self.object, self.live)
    }
}

/// Receives a [`Tracker`](super::Tracker)'s events, instead of the tracker printing them.
///
/// Any `Fn(&Event) + Send + Sync` closure is a sink. The tracker calls it after releasing its
/// own lock, so a sink may use the tracker (read its stats, even create tracked objects); the
/// price is that events from different threads may reach the sink in a different order than
/// they happened.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::tracking::{Event, Sink, Tracker};
/// use std::sync::atomic::{AtomicUsize, Ordering};
///
/// #[derive(Default)]
/// struct CountDrops(AtomicUsize);
///
/// impl Sink for CountDrops {
///     fn record(&self, event: &Event) {
///         if event.kind == ownership_smartptr::tracking::EventKind::Dropped {
///             self.0.fetch_add(1, Ordering::Relaxed);
///         }
///     }
/// }
///
/// let tracker = Tracker::with_sink(CountDrops::default());
/// drop(tracker.track("x"));
/// ```
pub trait Sink: Send + Sync {
    /// Handles one event.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::{Event, Sink};
    ///
    /// struct Stderr;
    /// impl Sink for Stderr {
    ///     fn record(&self, event: &Event) {
    ///         eprintln!("{event}");
    ///     }
    /// }
    /// ```
    fn record(&self, event: &Event);
}

impl<F: Fn(&Event) + Send + Sync> Sink for F {
    fn record(&self, event: &Event) {
        self(event);
    }
}
