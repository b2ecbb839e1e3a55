//! [`LeakReport`] and [`LiveObject`]: what a [`Tracker`](super::Tracker) still counts as
//! alive, and where each was created.

use alloc::vec::Vec;
use core::fmt;
use core::panic::Location;

/// A tracked object: its id (unique within its tracker), its type and where it was created.
///
/// Its `Display` reads `my_app::Node #3 at src/main.rs:10:5`.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::tracking::Tracker;
///
/// let tracker = Tracker::new();
/// let b = tracker.track(5u32);
/// let object = tracker.leak_report().objects()[0];
/// assert_eq!((object.id, object.type_name), (b.id(), "u32"));
/// assert_eq!(object.created_at.file(), file!());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveObject {
    /// Unique among the objects of one tracker, in creation order from 0.
    pub id: u64,
    /// `core::any::type_name` of the value.
    pub type_name: &'static str,
    /// The call site that created it (through `#[track_caller]`).
    pub created_at: &'static Location<'static>,
}

impl fmt::Display for LiveObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} #{} at {}", self.type_name, self.id, self.created_at)
    }
}

/// The objects a [`Tracker`](super::Tracker) still counted as alive when the report was made,
/// oldest first.
///
/// Its `Display` is a summary line and one line per object: empty of objects, it says
/// `no live objects`.
///
/// # Examples
///
/// ```
/// use ownership_smartptr::tracking::Tracker;
///
/// let tracker = Tracker::new();
/// let kept = tracker.track(String::from("kept"));
/// let report = tracker.leak_report();
/// assert_eq!(report.len(), 1);
/// assert!(report.to_string().contains("alloc::string::String #0 at "));
/// drop(kept);
/// assert!(tracker.leak_report().is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeakReport {
    objects: Vec<LiveObject>,
}

impl LeakReport {
    pub(super) fn new(objects: Vec<LiveObject>) -> Self {
        Self { objects }
    }

    /// Returns the live objects, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let tracker = Tracker::new();
    /// let _a = tracker.track(1u8);
    /// let _b = tracker.track(2u16);
    /// let names: Vec<_> = tracker.leak_report().objects().iter().map(|o| o.type_name).collect();
    /// assert_eq!(names, ["u8", "u16"]);
    /// ```
    pub fn objects(&self) -> &[LiveObject] {
        &self.objects
    }

    /// Returns how many objects were alive.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// let tracker = Tracker::new();
    /// let _a = tracker.track(());
    /// assert_eq!(tracker.leak_report().len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// Returns `true` if nothing was alive: no leaks.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_smartptr::tracking::Tracker;
    ///
    /// assert!(Tracker::new().leak_report().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }
}

impl fmt::Display for LeakReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.objects.len() {
            0 => return f.write_str("no live objects"),
            1 => f.write_str("1 live object:")?,
            n => write!(f, "{n} live objects:")?,
        }
        for object in &self.objects {
            write!(f, "\n  {object}")?;
        }
        Ok(())
    }
}
