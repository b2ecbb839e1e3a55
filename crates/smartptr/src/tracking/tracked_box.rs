//! [`TrackedBox`]: a box registered with a [`Tracker`] for as long as it lives.

use alloc::boxed::Box;
use core::fmt;
use core::ops::{Deref, DerefMut};
use core::panic::Location;

use super::Tracker;

/// A `Box<T>` that a [`Tracker`] counts from creation to drop, with its creation site.
///
/// Making one registers it (recording the caller's file and line through `#[track_caller]`);
/// dropping it, or taking the value out with [`into_inner`](Self::into_inner), unregisters it.
/// A `TrackedBox` that never drops (kept alive by an `Rc` cycle, leaked with `mem::forget`)
/// stays in the tracker's [`leak_report`](Tracker::leak_report).
///
/// # Examples
///
/// ```
/// use ownership_smartptr::tracking::{TrackedBox, Tracker};
///
/// let tracker = Tracker::new();
/// let mut buffer = TrackedBox::new(Vec::<u8>::with_capacity(64), &tracker);
/// buffer.push(1); // derefs to the Vec
/// assert_eq!(tracker.stats::<Vec<u8>>().live, 1);
/// drop(buffer);
/// assert!(tracker.leak_report().is_empty());
/// ```
pub struct TrackedBox<T> {
    // Declared first so it drops first: the tracker hears of the drop after the value's own
    // `Drop` has run.
    value: Box<T>,
    registration: Registration,
}

/// The tracker's record of one object; unregisters it when dropped.
struct Registration {
    tracker: Tracker,
    id: u64,
    created_at: &'static Location<'static>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.tracker.unregister(self.id);
    }
}

impl<T> TrackedBox<T> {
    /// Moves `value` to the heap and registers it with `tracker`, recording the caller as its
    /// creation site.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::{TrackedBox, Tracker};
    ///
    /// let tracker = Tracker::new();
    /// let b = TrackedBox::new(7, &tracker);
    /// assert_eq!(*b, 7);
    /// assert_eq!(b.created_at().line(), line!() - 2);
    /// ```
    #[track_caller]
    pub fn new(value: T, tracker: &Tracker) -> Self {
        let created_at = Location::caller();
        let value = Box::new(value);
        let id = tracker.register::<T>(created_at);
        Self {
            value,
            registration: Registration {
                tracker: tracker.clone(),
                id,
                created_at,
            },
        }
    }

    /// Returns the id the tracker gave this object (unique within the tracker).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let tracker = Tracker::new();
    /// let (a, b) = (tracker.track(()), tracker.track(()));
    /// assert_eq!((a.id(), b.id()), (0, 1));
    /// ```
    pub fn id(&self) -> u64 {
        self.registration.id
    }

    /// Returns where this object was created.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let b = Tracker::new().track(1);
    /// assert_eq!(b.created_at().file(), file!());
    /// ```
    pub fn created_at(&self) -> &'static Location<'static> {
        self.registration.created_at
    }

    /// Unregisters the object and returns its value.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let tracker = Tracker::new();
    /// let name = tracker.track(String::from("n")).into_inner();
    /// assert_eq!(name, "n");
    /// assert_eq!(tracker.live(), 0);
    /// ```
    pub fn into_inner(self) -> T {
        let Self {
            value,
            registration,
        } = self;
        drop(registration);
        *value
    }
}

impl<T> Deref for TrackedBox<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for TrackedBox<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for TrackedBox<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrackedBox")
            .field("id", &self.registration.id)
            .field("value", &*self.value)
            .finish()
    }
}

impl<T: fmt::Display> fmt::Display for TrackedBox<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.value, f)
    }
}
