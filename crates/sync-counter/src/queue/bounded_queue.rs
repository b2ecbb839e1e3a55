//! A blocking producer-consumer queue with a capacity and a close signal.

use std::collections::VecDeque;
use std::fmt;
use std::num::NonZeroUsize;
use std::time::Duration;

use parking_lot::{Condvar, Mutex};

/// A first-in first-out queue of at most `capacity` items, shared by producer and consumer
/// threads: [`push`](Self::push) waits while it is full, [`pop`](Self::pop) while it is empty.
///
/// [`close`](Self::close) ends it: every waiting and future `push` fails (handing the item
/// back), and consumers drain what is left, then get `None`. Nothing pushed before `close` is
/// lost.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::sync::Arc;
/// use std::thread;
/// use ownership_sync_counter::BoundedQueue;
///
/// let queue = Arc::new(BoundedQueue::new(NonZeroUsize::new(2).unwrap()));
/// let producer = {
///     let queue = Arc::clone(&queue);
///     thread::spawn(move || {
///         for i in 0..10 {
///             queue.push(i).unwrap(); // waits when 2 items are queued
///         }
///         queue.close();
///     })
/// };
/// let mut received = Vec::new();
/// while let Some(item) = queue.pop() {
///     received.push(item);
/// }
/// producer.join().unwrap();
/// assert_eq!(received, (0..10).collect::<Vec<_>>());
/// ```
pub struct BoundedQueue<T> {
    state: Mutex<State<T>>,
    not_empty: Condvar,
    not_full: Condvar,
    capacity: NonZeroUsize,
}

struct State<T> {
    items: VecDeque<T>,
    closed: bool,
}

/// [`BoundedQueue::push`] on a closed queue; holds the item that was not queued.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// let queue = ownership_sync_counter::BoundedQueue::new(NonZeroUsize::MIN);
/// queue.close();
/// assert_eq!(queue.push("job").unwrap_err().0, "job");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed<T>(pub T);

impl<T> fmt::Display for Closed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the queue is closed: no more items are accepted (the item is handed back)")
    }
}

impl<T: fmt::Debug> std::error::Error for Closed<T> {}

/// Why [`BoundedQueue::try_push`] did not queue the item; each variant hands it back.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use ownership_sync_counter::BoundedQueue;
/// use ownership_sync_counter::queue::TryPushError;
///
/// let queue = BoundedQueue::new(NonZeroUsize::MIN);
/// queue.try_push(1).unwrap();
/// assert_eq!(queue.try_push(2), Err(TryPushError::Full(2)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TryPushError<T> {
    /// The queue holds `capacity` items.
    Full(T),
    /// The queue is closed.
    Closed(T),
}

impl<T> TryPushError<T> {
    /// Returns the item that was not queued.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_sync_counter::queue::TryPushError;
    /// assert_eq!(TryPushError::Full(7).into_inner(), 7);
    /// ```
    pub fn into_inner(self) -> T {
        match self {
            Self::Full(item) | Self::Closed(item) => item,
        }
    }
}

impl<T> fmt::Display for TryPushError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Full(_) => f.write_str("the queue is full: retry later or use the blocking push"),
            Self::Closed(_) => f.write_str("the queue is closed: no more items are accepted"),
        }
    }
}

impl<T: fmt::Debug> std::error::Error for TryPushError<T> {}

/// Why [`BoundedQueue::try_pop`] or [`BoundedQueue::pop_timeout`] returned no item.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use ownership_sync_counter::BoundedQueue;
/// use ownership_sync_counter::queue::PopError;
///
/// let queue: BoundedQueue<u8> = BoundedQueue::new(NonZeroUsize::MIN);
/// assert_eq!(queue.try_pop(), Err(PopError::Empty));
/// queue.close();
/// assert_eq!(queue.try_pop(), Err(PopError::Closed));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PopError {
    /// The queue is empty and open (for `pop_timeout`: it stayed so for the whole timeout).
    Empty,
    /// The queue is closed and drained: no item will ever come.
    Closed,
}

impl fmt::Display for PopError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the queue is empty: retry later or use the blocking pop"),
            Self::Closed => f.write_str("the queue is closed and drained: no item will come"),
        }
    }
}

impl std::error::Error for PopError {}

impl<T> BoundedQueue<T> {
    /// Creates an empty, open queue for `capacity` items.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let queue: ownership_sync_counter::BoundedQueue<u8> =
    ///     ownership_sync_counter::BoundedQueue::new(NonZeroUsize::new(4).unwrap());
    /// assert_eq!(queue.capacity(), 4);
    /// ```
    pub fn new(capacity: NonZeroUsize) -> Self {
        Self {
            state: Mutex::new(State {
                items: VecDeque::with_capacity(capacity.get()),
                closed: false,
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            capacity,
        }
    }

    /// Returns the maximum number of queued items.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let queue: ownership_sync_counter::BoundedQueue<u8> = ownership_sync_counter::BoundedQueue::new(NonZeroUsize::MIN);
    /// assert_eq!(queue.capacity(), 1);
    /// ```
    pub fn capacity(&self) -> usize {
        self.capacity.get()
    }

    /// Returns the number of queued items.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let queue = ownership_sync_counter::BoundedQueue::new(NonZeroUsize::MIN);
    /// queue.push(1).unwrap();
    /// assert_eq!(queue.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.state.lock().items.len()
    }

    /// Returns `true` when no item is queued.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let queue: ownership_sync_counter::BoundedQueue<u8> = ownership_sync_counter::BoundedQueue::new(NonZeroUsize::MIN);
    /// assert!(queue.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.state.lock().items.is_empty()
    }

    /// Returns `true` once [`close`](Self::close) was called.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let queue: ownership_sync_counter::BoundedQueue<u8> = ownership_sync_counter::BoundedQueue::new(NonZeroUsize::MIN);
    /// queue.close();
    /// assert!(queue.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.state.lock().closed
    }

    /// Adds `item` at the back, waiting while the queue is full.
    ///
    /// # Errors
    ///
    /// [`Closed`] with the item if the queue is closed (also if it closes while waiting).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let queue = ownership_sync_counter::BoundedQueue::new(NonZeroUsize::MIN);
    /// queue.push('a').unwrap();
    /// assert_eq!(queue.pop(), Some('a'));
    /// ```
    pub fn push(&self, item: T) -> Result<(), Closed<T>> {
        let mut state = self.state.lock();
        let capacity = self.capacity.get();
        self.not_full.wait_while(&mut state, |state| {
            !state.closed && state.items.len() == capacity
        });
        if state.closed {
            return Err(Closed(item));
        }
        state.items.push_back(item);
        drop(state);
        self.not_empty.notify_one();
        Ok(())
    }

    /// Adds `item` at the back if there is room now; never waits.
    ///
    /// # Errors
    ///
    /// [`TryPushError::Full`] or [`TryPushError::Closed`], with the item.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let queue = ownership_sync_counter::BoundedQueue::new(NonZeroUsize::MIN);
    /// assert!(queue.try_push(1).is_ok());
    /// assert!(queue.try_push(2).is_err());
    /// ```
    pub fn try_push(&self, item: T) -> Result<(), TryPushError<T>> {
        let mut state = self.state.lock();
        if state.closed {
            return Err(TryPushError::Closed(item));
        }
        if state.items.len() == self.capacity.get() {
            return Err(TryPushError::Full(item));
        }
        state.items.push_back(item);
        drop(state);
        self.not_empty.notify_one();
        Ok(())
    }

    /// Takes the front item, waiting while the queue is empty and open; `None` once it is
    /// closed and drained.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let queue = ownership_sync_counter::BoundedQueue::new(NonZeroUsize::new(2).unwrap());
    /// queue.push(1).unwrap();
    /// queue.close();
    /// assert_eq!(queue.pop(), Some(1), "items pushed before close are kept");
    /// assert_eq!(queue.pop(), None);
    /// ```
    pub fn pop(&self) -> Option<T> {
        let mut state = self.state.lock();
        self.not_empty
            .wait_while(&mut state, |state| state.items.is_empty() && !state.closed);
        // Woken with an item, or closed and drained (then `None`).
        let item = state.items.pop_front()?;
        drop(state);
        self.not_full.notify_one();
        Some(item)
    }

    /// Takes the front item if there is one now; never waits.
    ///
    /// # Errors
    ///
    /// [`PopError::Empty`] if nothing is queued, [`PopError::Closed`] if closed and drained.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let queue = ownership_sync_counter::BoundedQueue::new(NonZeroUsize::MIN);
    /// queue.push(3).unwrap();
    /// assert_eq!(queue.try_pop(), Ok(3));
    /// ```
    pub fn try_pop(&self) -> Result<T, PopError> {
        let mut state = self.state.lock();
        match state.items.pop_front() {
            Some(item) => {
                drop(state);
                self.not_full.notify_one();
                Ok(item)
            }
            None if state.closed => Err(PopError::Closed),
            None => Err(PopError::Empty),
        }
    }

    /// Takes the front item, waiting at most `timeout` for one.
    ///
    /// # Errors
    ///
    /// [`PopError::Empty`] if none came in time, [`PopError::Closed`] if closed and drained.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use std::time::Duration;
    /// use ownership_sync_counter::BoundedQueue;
    /// use ownership_sync_counter::queue::PopError;
    ///
    /// let queue: BoundedQueue<u8> = BoundedQueue::new(NonZeroUsize::MIN);
    /// assert_eq!(queue.pop_timeout(Duration::from_millis(1)), Err(PopError::Empty));
    /// ```
    pub fn pop_timeout(&self, timeout: Duration) -> Result<T, PopError> {
        let mut state = self.state.lock();
        // Rechecks the condition on every wake-up (spurious ones included) and stops at the
        // deadline; a timeout too large for `Instant` waits without one.
        self.not_empty.wait_while_for(
            &mut state,
            |state| state.items.is_empty() && !state.closed,
            timeout,
        );
        // The condition decides, not the timeout: an item that came with the deadline is taken.
        match state.items.pop_front() {
            Some(item) => {
                drop(state);
                self.not_full.notify_one();
                Ok(item)
            }
            None if state.closed => Err(PopError::Closed),
            None => Err(PopError::Empty),
        }
    }

    /// Closes the queue and wakes every waiting producer and consumer.
    ///
    /// Queued items stay to be popped; pushes fail from now on. Closing twice does nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let queue = ownership_sync_counter::BoundedQueue::new(NonZeroUsize::MIN);
    /// queue.close();
    /// assert!(queue.push(1).is_err());
    /// assert_eq!(queue.pop(), None);
    /// ```
    pub fn close(&self) {
        self.state.lock().closed = true;
        self.not_empty.notify_all();
        self.not_full.notify_all();
    }
}

impl<T> fmt::Debug for BoundedQueue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.lock();
        f.debug_struct("BoundedQueue")
            .field("len", &state.items.len())
            .field("capacity", &self.capacity)
            .field("closed", &state.closed)
            .finish()
    }
}
