//! A log written through `&self`, optionally bounded.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::num::NonZeroUsize;

/// A log that code holding only `&self` can write to: entries in order, an optional capacity
/// that drops the oldest entries, and a count of how many were dropped.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use ownership_interior::LogBuffer;
///
/// let log = LogBuffer::with_capacity(NonZeroUsize::new(2).unwrap());
/// log.log("start");
/// log.log(format!("step {}", 1));
/// log.log("end");
/// assert_eq!(log.entries(), ["step 1", "end"]);
/// assert_eq!(log.dropped(), 1);
/// assert_eq!(log.drain(), ["step 1", "end"]);
/// assert!(log.is_empty());
/// ```
#[derive(Clone, Default)]
pub struct LogBuffer {
    entries: RefCell<VecDeque<String>>,
    capacity: Option<NonZeroUsize>,
    dropped: Cell<u64>,
}

impl LogBuffer {
    /// Creates an unbounded log.
    ///
    /// # Examples
    ///
    /// ```
    /// let log = ownership_interior::LogBuffer::new();
    /// assert_eq!(log.capacity(), None);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Creates a log that keeps at most `capacity` entries: logging into a full log drops
    /// the oldest entry and counts it in [`dropped`](Self::dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    ///
    /// let log = ownership_interior::LogBuffer::with_capacity(NonZeroUsize::MIN);
    /// log.log("a");
    /// log.log("b");
    /// assert_eq!(log.entries(), ["b"]);
    /// ```
    pub fn with_capacity(capacity: NonZeroUsize) -> Self {
        Self {
            capacity: Some(capacity),
            ..Self::default()
        }
    }

    /// Appends an entry, dropping the oldest one first when the log is full.
    ///
    /// # Examples
    ///
    /// ```
    /// let log = ownership_interior::LogBuffer::new();
    /// log.log("connected");
    /// assert_eq!(log.len(), 1);
    /// ```
    pub fn log(&self, entry: impl Into<String>) {
        let entry = entry.into();
        let mut entries = self.entries.borrow_mut();
        let evicted = match self.capacity {
            Some(cap) if entries.len() >= cap.get() => entries.pop_front(),
            _ => None,
        };
        entries.push_back(entry);
        drop(entries);
        if evicted.is_some() {
            self.dropped.set(self.dropped.get().saturating_add(1));
        }
    }

    /// Returns a copy of the entries, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// let log = ownership_interior::LogBuffer::new();
    /// log.log("a");
    /// log.log("b");
    /// assert_eq!(log.entries(), ["a", "b"]);
    /// ```
    pub fn entries(&self) -> Vec<String> {
        self.entries.borrow().iter().cloned().collect()
    }

    /// Takes every entry out, oldest first, leaving the log empty (the dropped count stays).
    ///
    /// # Examples
    ///
    /// ```
    /// let log = ownership_interior::LogBuffer::new();
    /// log.log("a");
    /// assert_eq!(log.drain(), ["a"]);
    /// assert_eq!(log.drain(), Vec::<String>::new());
    /// ```
    pub fn drain(&self) -> Vec<String> {
        std::mem::take(&mut *self.entries.borrow_mut()).into()
    }

    /// Returns the number of entries held.
    ///
    /// # Examples
    ///
    /// ```
    /// let log = ownership_interior::LogBuffer::new();
    /// log.log("x");
    /// assert_eq!(log.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }

    /// Returns `true` when the log holds no entries.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(ownership_interior::LogBuffer::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.borrow().is_empty()
    }

    /// Returns the capacity given to [`with_capacity`](Self::with_capacity), if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    ///
    /// let cap = NonZeroUsize::new(8).unwrap();
    /// assert_eq!(ownership_interior::LogBuffer::with_capacity(cap).capacity(), Some(cap));
    /// ```
    pub fn capacity(&self) -> Option<NonZeroUsize> {
        self.capacity
    }

    /// Returns how many entries were dropped to stay within the capacity.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    ///
    /// let log = ownership_interior::LogBuffer::with_capacity(NonZeroUsize::MIN);
    /// (0..5).for_each(|i| log.log(i.to_string()));
    /// assert_eq!(log.dropped(), 4);
    /// ```
    pub fn dropped(&self) -> u64 {
        self.dropped.get()
    }
}

impl fmt::Debug for LogBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("LogBuffer");
        match self.entries.try_borrow() {
            Ok(entries) => s.field("entries", &*entries),
            Err(_) => s.field("entries", &format_args!("<borrowed>")),
        };
        s.field("capacity", &self.capacity)
            .field("dropped", &self.dropped.get())
            .finish()
    }
}
