//! [`Tracker`]: the registry of tracked objects, and its per-type [`TypeStats`].

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use core::panic::Location;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::{Event, EventKind, LeakReport, LiveObject, Sink, TrackedBox};

/// Counts for one type of tracked object.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::tracking::Tracker;
///
/// let tracker = Tracker::new();
/// let a = tracker.track(1u64);
/// drop(tracker.track(2u64));
/// let stats = tracker.stats::<u64>();
/// assert_eq!((stats.live, stats.total, stats.peak), (1, 2, 2));
/// assert_eq!(stats.live_bytes(), 8);
/// # drop(a);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeStats {
    /// `core::any::type_name` of the type.
    pub type_name: &'static str,
    /// `size_of` the type: the bytes each object's box holds.
    pub size: usize,
    /// Objects alive now.
    pub live: usize,
    /// Objects ever created.
    pub total: usize,
    /// The most objects alive at once.
    pub peak: usize,
}

impl TypeStats {
    fn empty(type_name: &'static str, size: usize) -> Self {
        Self {
            type_name,
            size,
            live: 0,
            total: 0,
            peak: 0,
        }
    }

    /// Returns the bytes the live objects' boxes hold: `live * size`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let tracker = Tracker::new();
    /// let _a = tracker.track([0u8; 100]);
    /// assert_eq!(tracker.stats::<[u8; 100]>().live_bytes(), 100);
    /// ```
    pub fn live_bytes(&self) -> usize {
        self.live.saturating_mul(self.size)
    }
}

/// The registry of [`TrackedBox`]es: counts live, total and peak objects per type, remembers
/// where each live object was created, and sends each creation and drop to an optional
/// [`Sink`].
///
/// Clones share one registry, so a tracker can be handed to every part of a program. Types are
/// told apart by `core::any::type_name`.
///
/// The registry sits behind a mutex held only for bookkeeping: no user code (a value's `Drop`,
/// the sink) runs while it is held.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::tracking::Tracker;
///
/// struct Connection;
///
/// let tracker = Tracker::new();
/// let first = tracker.track(Connection);
/// let second = tracker.track(Connection);
/// drop(first);
/// let stats = tracker.stats::<Connection>();
/// assert_eq!((stats.live, stats.total, stats.peak), (1, 2, 2));
/// println!("{}", tracker.leak_report()); // the second, and the line that made it
/// # drop(second);
/// ```
#[derive(Clone)]
pub struct Tracker {
    shared: Arc<Shared>,
}

struct Shared {
    registry: Mutex<Registry>,
    sink: Option<Box<dyn Sink>>,
}

#[derive(Default)]
struct Registry {
    next_id: u64,
    types: BTreeMap<&'static str, TypeStats>,
    live: BTreeMap<u64, LiveObject>,
}

impl Tracker {
    /// Creates a tracker with no sink.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let tracker = Tracker::new();
    /// assert_eq!(tracker.live(), 0);
    /// ```
    pub fn new() -> Self {
        Self::from_sink(None)
    }

    /// Creates a tracker that sends every creation and drop to `sink`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::{Event, Tracker};
    ///
    /// let tracker = Tracker::with_sink(|event: &Event| eprintln!("{event}"));
    /// let _logged = tracker.track(42);
    /// ```
    pub fn with_sink(sink: impl Sink + 'static) -> Self {
        Self::from_sink(Some(Box::new(sink)))
    }

    fn from_sink(sink: Option<Box<dyn Sink>>) -> Self {
        Self {
            shared: Arc::new(Shared {
                registry: Mutex::new(Registry::default()),
                sink,
            }),
        }
    }

    /// Moves `value` into a [`TrackedBox`] registered here, recording the caller as its
    /// creation site. The same as [`TrackedBox::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let tracker = Tracker::new();
    /// let mut b = tracker.track(vec![1]);
    /// b.push(2);
    /// assert_eq!(*b, [1, 2]);
    /// assert_eq!(tracker.live(), 1);
    /// ```
    #[track_caller]
    pub fn track<T>(&self, value: T) -> TrackedBox<T> {
        TrackedBox::new(value, self)
    }

    fn registry(&self) -> MutexGuard<'_, Registry> {
        // Only this module's bookkeeping runs under the lock, and it does not panic short of
        // an allocation failure; a poisoned registry is still consistent enough to report.
        self.shared
            .registry
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a new object of type `T` and returns its id.
    pub(super) fn register<T>(&self, created_at: &'static Location<'static>) -> u64 {
        let type_name = core::any::type_name::<T>();
        let event = {
            let mut registry = self.registry();
            let id = registry.next_id;
            registry.next_id += 1;
            let object = LiveObject {
                id,
                type_name,
                created_at,
            };
            registry.live.insert(id, object);
            let stats = registry
                .types
                .entry(type_name)
                .or_insert_with(|| TypeStats::empty(type_name, size_of::<T>()));
            stats.live += 1;
            stats.total += 1;
            stats.peak = stats.peak.max(stats.live);
            Event {
                kind: EventKind::Created,
                object,
                live: stats.live,
            }
        };
        self.emit(&event);
        event.object.id
    }

    /// Unregisters the object `id`.
    pub(super) fn unregister(&self, id: u64) {
        let event = {
            let mut registry = self.registry();
            let Some(object) = registry.live.remove(&id) else {
                return;
            };
            let Some(stats) = registry.types.get_mut(object.type_name) else {
                return;
            };
            stats.live -= 1;
            Event {
                kind: EventKind::Dropped,
                object,
                live: stats.live,
            }
        };
        self.emit(&event);
    }

    /// Sends `event` to the sink; called with the registry unlocked.
    fn emit(&self, event: &Event) {
        if let Some(sink) = &self.shared.sink {
            sink.record(event);
        }
    }

    /// Returns the counts for type `T` (all zero if none was ever tracked).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let tracker = Tracker::new();
    /// assert_eq!(tracker.stats::<String>().total, 0);
    /// let _s = tracker.track(String::new());
    /// assert_eq!(tracker.stats::<String>().live, 1);
    /// ```
    pub fn stats<T>(&self) -> TypeStats {
        let type_name = core::any::type_name::<T>();
        self.registry()
            .types
            .get(type_name)
            .copied()
            .unwrap_or_else(|| TypeStats::empty(type_name, size_of::<T>()))
    }

    /// Returns the counts for every type ever tracked here, sorted by type name.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let tracker = Tracker::new();
    /// let _a = tracker.track(1u8);
    /// let _b = tracker.track('c');
    /// let names: Vec<_> = tracker.all_stats().iter().map(|s| s.type_name).collect();
    /// assert_eq!(names, ["char", "u8"]);
    /// ```
    pub fn all_stats(&self) -> Vec<TypeStats> {
        self.registry().types.values().copied().collect()
    }

    /// Returns how many tracked objects of any type are alive.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let tracker = Tracker::new();
    /// let a = tracker.track(1);
    /// let _b = tracker.track("two");
    /// drop(a);
    /// assert_eq!(tracker.live(), 1);
    /// ```
    pub fn live(&self) -> usize {
        self.registry().live.len()
    }

    /// Lists the objects alive now, oldest first, each with where it was created.
    ///
    /// Call it where everything should have been dropped (the end of a test, a request, a
    /// frame); what it lists has leaked, or is held longer than intended.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let tracker = Tracker::new();
    /// let forgotten = tracker.track([0u8; 16]);
    /// std::mem::forget(forgotten);
    /// let report = tracker.leak_report();
    /// assert_eq!(report.len(), 1);
    /// assert_eq!(report.objects()[0].created_at.line(), line!() - 4);
    /// ```
    pub fn leak_report(&self) -> LeakReport {
        LeakReport::new(self.registry().live.values().copied().collect())
    }
}

impl Default for Tracker {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Tracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let registry = self.registry();
        f.debug_struct("Tracker")
            .field("live", &registry.live.len())
            .field("created", &registry.next_id)
            .field("has_sink", &self.shared.sink.is_some())
            .finish()
    }
}
