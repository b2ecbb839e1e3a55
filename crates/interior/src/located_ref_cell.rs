//! A `RefCell` whose borrow errors say where the conflicting borrow was taken.

use std::cell::{Cell, Ref, RefCell, RefMut};
use std::error::Error;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::panic::Location;

/// A `RefCell` that remembers where its live borrows were taken, so a conflict names them:
/// "already mutably borrowed at src/cache.rs:42:17".
///
/// The API is `RefCell`'s: [`borrow`](Self::borrow), [`borrow_mut`](Self::borrow_mut),
/// [`try_borrow`](Self::try_borrow), [`try_borrow_mut`](Self::try_borrow_mut),
/// [`replace`](Self::replace), [`take`](Self::take), [`into_inner`](Self::into_inner),
/// [`get_mut`](Self::get_mut). The borrowing methods are `#[track_caller]`: the location
/// recorded is the caller's line.
///
/// Which location a conflict names:
///
/// - a live mutable borrow: always where it was taken;
/// - live shared borrows: where the most recent of them was taken. If shared borrows were
///   released out of order (an older one released while a newer one is live) and then the
///   recorded one is released too, the remaining borrows' locations are no longer known
///   until every shared borrow is released; the error then says so rather than naming a
///   released borrow.
///
/// # Examples
///
/// ```
/// use ownership_interior::LocatedRefCell;
///
/// let cell = LocatedRefCell::new(vec![1, 2]);
/// let guard = cell.borrow_mut(); let line = line!();
/// let err = cell.try_borrow().unwrap_err();
/// assert_eq!(err.location().line(), line);
/// assert!(err.to_string().starts_with("already mutably borrowed at "));
/// drop(guard);
/// assert_eq!(cell.borrow().len(), 2);
/// ```
pub struct LocatedRefCell<T: ?Sized> {
    /// Where the current (or last) mutable borrow was taken; read only while one is live.
    writer: Cell<Option<&'static Location<'static>>>,
    readers: Readers,
    value: RefCell<T>,
}

/// Where the most recent live shared borrow was taken, kept as a stack.
///
/// Each guard saves the recorded location (and its depth) it replaces and restores them when
/// released newest first, so the recorded location is always the newest live guard's. A
/// guard is released that way when its depth (`state` just after it was taken) still equals
/// `state`: then no guard taken before it has been released since, so the location it
/// restores belongs to a live guard. Any other release is out of order: it raises `state`
/// above every live guard's depth, so no guard taken before it restores a location again,
/// and forgets the recorded location if it was the releasing guard's. Once no shared
/// borrow is left, tracking starts afresh.
struct Readers {
    /// One more per shared borrow taken and per out-of-order release, one less per release
    /// in order; back to zero when no shared borrow is left. `u64`: it cannot overflow.
    state: Cell<u64>,
    /// Depth of the guard whose location is recorded.
    top: Cell<u64>,
    at: Cell<Option<&'static Location<'static>>>,
}

impl<T> LocatedRefCell<T> {
    /// Creates a cell holding `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = ownership_interior::LocatedRefCell::new(5);
    /// assert_eq!(*cell.borrow(), 5);
    /// ```
    pub const fn new(value: T) -> Self {
        Self {
            writer: Cell::new(None),
            readers: Readers {
                state: Cell::new(0),
                top: Cell::new(0),
                at: Cell::new(None),
            },
            value: RefCell::new(value),
        }
    }

    /// Returns the value, consuming the cell.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = ownership_interior::LocatedRefCell::new(String::from("x"));
    /// assert_eq!(cell.into_inner(), "x");
    /// ```
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }

    /// Replaces the value and returns the old one.
    ///
    /// # Panics
    ///
    /// If the value is borrowed; the message names where the conflicting borrow was taken.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = ownership_interior::LocatedRefCell::new(1);
    /// assert_eq!(cell.replace(2), 1);
    /// assert_eq!(*cell.borrow(), 2);
    /// ```
    #[track_caller]
    pub fn replace(&self, value: T) -> T {
        std::mem::replace(&mut *self.borrow_mut(), value)
    }

    /// Takes the value, leaving `T::default()`.
    ///
    /// # Panics
    ///
    /// If the value is borrowed; the message names where the conflicting borrow was taken.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = ownership_interior::LocatedRefCell::new(vec![1]);
    /// assert_eq!(cell.take(), [1]);
    /// assert!(cell.borrow().is_empty());
    /// ```
    #[track_caller]
    pub fn take(&self) -> T
    where
        T: Default,
    {
        self.replace(T::default())
    }
}

impl<T: ?Sized> LocatedRefCell<T> {
    /// Borrows the value shared.
    ///
    /// # Panics
    ///
    /// If the value is mutably borrowed, with "already mutably borrowed at FILE:LINE:COL"
    /// naming that borrow. [`try_borrow`](Self::try_borrow) returns the error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = ownership_interior::LocatedRefCell::new(3);
    /// let (a, b) = (cell.borrow(), cell.borrow());
    /// assert_eq!(*a + *b, 6);
    /// ```
    #[track_caller]
    pub fn borrow(&self) -> LocatedRef<'_, T> {
        match self.try_borrow() {
            Ok(guard) => guard,
            Err(err) => borrow_failed(&err),
        }
    }

    /// Borrows the value shared, or says where the mutable borrow in the way was taken.
    ///
    /// # Errors
    ///
    /// [`BorrowError`] when the value is mutably borrowed; it names that borrow's location.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = ownership_interior::LocatedRefCell::new(0);
    /// let w = cell.borrow_mut();
    /// assert!(cell.try_borrow().is_err());
    /// drop(w);
    /// assert!(cell.try_borrow().is_ok());
    /// ```
    #[track_caller]
    pub fn try_borrow(&self) -> Result<LocatedRef<'_, T>, BorrowError> {
        let Ok(inner) = self.value.try_borrow() else {
            return Err(self.mutably_borrowed());
        };
        let readers = &self.readers;
        let depth = readers.state.get() + 1;
        readers.state.set(depth);
        let previous_top = readers.top.replace(depth);
        let previous = readers.at.replace(Some(Location::caller()));
        Ok(LocatedRef {
            inner,
            _release: ReaderRelease {
                cell: self,
                depth,
                previous,
                previous_top,
            },
        })
    }

    /// The error for a shared borrow of a mutably borrowed value; out of line.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn mutably_borrowed(&self) -> BorrowError {
        BorrowError {
            // A live mutable borrow always recorded its location.
            at: self.writer.get().unwrap_or_else(Location::caller),
        }
    }

    /// Borrows the value mutably.
    ///
    /// # Panics
    ///
    /// If the value is borrowed, with "already mutably borrowed at FILE:LINE:COL" or
    /// "already borrowed at FILE:LINE:COL" naming the borrow in the way.
    /// [`try_borrow_mut`](Self::try_borrow_mut) returns the error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = ownership_interior::LocatedRefCell::new(vec![1]);
    /// cell.borrow_mut().push(2);
    /// assert_eq!(*cell.borrow(), [1, 2]);
    /// ```
    #[track_caller]
    pub fn borrow_mut(&self) -> LocatedRefMut<'_, T> {
        match self.try_borrow_mut() {
            Ok(guard) => guard,
            Err(err) => borrow_failed(&err),
        }
    }

    /// Borrows the value mutably, or says where the borrow in the way was taken.
    ///
    /// # Errors
    ///
    /// [`BorrowMutError`] when the value is borrowed; it names the conflicting borrow's
    /// location when it is known (see the type's documentation).
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = ownership_interior::LocatedRefCell::new(0);
    /// let r = cell.borrow(); let line = line!();
    /// let err = cell.try_borrow_mut().unwrap_err();
    /// assert_eq!(err.location().map(|l| l.line()), Some(line));
    /// assert!(!err.is_mutable());
    /// ```
    #[track_caller]
    pub fn try_borrow_mut(&self) -> Result<LocatedRefMut<'_, T>, BorrowMutError> {
        match self.value.try_borrow_mut() {
            Ok(inner) => {
                self.writer.set(Some(Location::caller()));
                Ok(LocatedRefMut { inner })
            }
            // No shared borrow can be taken: the one in the way is mutable.
            Err(_) if self.value.try_borrow().is_err() => Err(BorrowMutError {
                conflict: Conflict::Mutable(self.writer.get().unwrap_or_else(Location::caller)),
            }),
            Err(_) => Err(BorrowMutError {
                conflict: Conflict::Shared(self.readers.at.get()),
            }),
        }
    }

    /// Returns a mutable reference to the value; no borrow is needed through `&mut self`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut cell = ownership_interior::LocatedRefCell::new(1);
    /// *cell.get_mut() += 1;
    /// assert_eq!(*cell.borrow(), 2);
    /// ```
    pub fn get_mut(&mut self) -> &mut T {
        self.value.get_mut()
    }
}

/// Out of line, so the borrow fast path stays small enough to inline.
#[cold]
#[inline(never)]
#[track_caller]
fn borrow_failed(err: &dyn fmt::Display) -> ! {
    panic!("{err}")
}

impl<T: Default> Default for LocatedRefCell<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> From<T> for LocatedRefCell<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: Clone> Clone for LocatedRefCell<T> {
    /// Clones the value into a new cell.
    ///
    /// # Panics
    ///
    /// If the value is mutably borrowed, naming where.
    #[track_caller]
    fn clone(&self) -> Self {
        Self::new(self.borrow().clone())
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for LocatedRefCell<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("LocatedRefCell");
        match self.value.try_borrow() {
            Ok(value) => s.field("value", &&*value),
            Err(_) => s.field("value", &format_args!("<borrowed>")),
        };
        s.finish()
    }
}

/// Releases a shared borrow's record when its guard drops.
struct ReaderRelease<'b, T: ?Sized> {
    cell: &'b LocatedRefCell<T>,
    /// `state` just after this guard was taken.
    depth: u64,
    previous: Option<&'static Location<'static>>,
    previous_top: u64,
}

impl<T: ?Sized> Drop for ReaderRelease<'_, T> {
    #[inline]
    fn drop(&mut self) {
        let readers = &self.cell.readers;
        let state = readers.state.get();
        if self.depth == state {
            // In order: the guard below is live and becomes the recorded one again.
            readers.state.set(state - 1);
            readers.top.set(self.previous_top);
            readers.at.set(self.previous);
        } else {
            // The `Ref` is already released (field order): were we the last?
            let last = self.cell.value.try_borrow_mut().is_ok();
            release_out_of_order(readers, self.depth, state, last);
        }
    }
}

#[cold]
#[inline(never)]
fn release_out_of_order(readers: &Readers, depth: u64, state: u64, last: bool) {
    if last {
        // Tracking starts afresh.
        readers.state.set(0);
        readers.top.set(0);
        readers.at.set(None);
        return;
    }
    // Above every live guard's depth: none of them restores a location any more.
    readers.state.set(state + 1);
    if depth == readers.top.get() {
        readers.at.set(None);
    }
}

/// A shared borrow of a [`LocatedRefCell`]'s value; releases the borrow when dropped.
///
/// # Examples
///
/// ```
/// let cell = ownership_interior::LocatedRefCell::new(String::from("hi"));
/// let r: ownership_interior::LocatedRef<'_, String> = cell.borrow();
/// assert_eq!(r.len(), 2);
/// ```
pub struct LocatedRef<'b, T: ?Sized> {
    inner: Ref<'b, T>,
    // Declared after `inner`, so the `RefCell` borrow is released first.
    _release: ReaderRelease<'b, T>,
}

impl<T: ?Sized> Deref for LocatedRef<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for LocatedRef<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for LocatedRef<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

/// A mutable borrow of a [`LocatedRefCell`]'s value; releases the borrow when dropped.
///
/// # Examples
///
/// ```
/// let cell = ownership_interior::LocatedRefCell::new(1);
/// let mut w: ownership_interior::LocatedRefMut<'_, i32> = cell.borrow_mut();
/// *w += 1;
/// drop(w);
/// assert_eq!(*cell.borrow(), 2);
/// ```
pub struct LocatedRefMut<'b, T: ?Sized> {
    inner: RefMut<'b, T>,
}

impl<T: ?Sized> Deref for LocatedRefMut<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T: ?Sized> DerefMut for LocatedRefMut<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for LocatedRefMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for LocatedRefMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

/// A shared borrow of a [`LocatedRefCell`] failed: the value is mutably borrowed.
///
/// # Examples
///
/// ```
/// let cell = ownership_interior::LocatedRefCell::new(());
/// let _w = cell.borrow_mut();
/// let err = cell.try_borrow().unwrap_err();
/// assert!(err.location().file().ends_with(".rs"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BorrowError {
    at: &'static Location<'static>,
}

impl BorrowError {
    /// Returns where the live mutable borrow was taken.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = ownership_interior::LocatedRefCell::new(0);
    /// let _w = cell.borrow_mut(); let line = line!();
    /// assert_eq!(cell.try_borrow().unwrap_err().location().line(), line);
    /// ```
    pub fn location(&self) -> &'static Location<'static> {
        self.at
    }
}

impl fmt::Display for BorrowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "already mutably borrowed at {}", self.at)
    }
}

impl Error for BorrowError {}

/// A mutable borrow of a [`LocatedRefCell`] failed: the value is borrowed.
///
/// # Examples
///
/// ```
/// let cell = ownership_interior::LocatedRefCell::new(());
/// let _r = cell.borrow();
/// let err = cell.try_borrow_mut().unwrap_err();
/// assert!(err.to_string().starts_with("already borrowed at "));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BorrowMutError {
    conflict: Conflict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conflict {
    Mutable(&'static Location<'static>),
    Shared(Option<&'static Location<'static>>),
}

impl BorrowMutError {
    /// Returns where the conflicting borrow was taken, or `None` when it was a shared borrow
    /// whose location is no longer known (see [`LocatedRefCell`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = ownership_interior::LocatedRefCell::new(0);
    /// let _w = cell.borrow_mut(); let line = line!();
    /// let err = cell.try_borrow_mut().unwrap_err();
    /// assert_eq!(err.location().unwrap().line(), line);
    /// ```
    pub fn location(&self) -> Option<&'static Location<'static>> {
        match self.conflict {
            Conflict::Mutable(at) => Some(at),
            Conflict::Shared(at) => at,
        }
    }

    /// Returns `true` when the conflicting borrow is a mutable one.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = ownership_interior::LocatedRefCell::new(0);
    /// let _w = cell.borrow_mut();
    /// assert!(cell.try_borrow_mut().unwrap_err().is_mutable());
    /// ```
    pub fn is_mutable(&self) -> bool {
        matches!(self.conflict, Conflict::Mutable(_))
    }
}

impl fmt::Display for BorrowMutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.conflict {
            Conflict::Mutable(at) => write!(f, "already mutably borrowed at {at}"),
            Conflict::Shared(Some(at)) => write!(f, "already borrowed at {at}"),
            Conflict::Shared(None) => f.write_str(
                "already borrowed (shared borrows were released out of order, so where the \
                 remaining ones were taken is not known)",
            ),
        }
    }
}

impl Error for BorrowMutError {}
