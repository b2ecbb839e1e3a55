//! `Pool` and its `Pooled` guard: a fixed number of reusable objects shared by threads.

use std::boxed::Box;
use std::fmt;
use std::mem::ManuallyDrop;
use std::num::NonZeroUsize;
use std::ops::{Deref, DerefMut};
use std::time::Duration;
use std::vec::Vec;

use crate::{ScopeGuard, guard};
use parking_lot::{Condvar, Mutex, MutexGuard};

type Factory<T> = Box<dyn Fn() -> T + Send + Sync>;
type Recycle<T> = Box<dyn Fn(&mut T) -> bool + Send + Sync>;

/// A pool of at most `max` live objects, made by a factory and reused after each use.
///
/// [`acquire`](Self::acquire) hands out an idle object, or makes a new one while fewer than
/// `max` exist, or blocks until one comes back. The [`Pooled`] guard derefs to the object and
/// returns it to the pool when dropped, panics included. On the way back the recycle hook
/// ([`with_recycle`](Self::with_recycle)) resets the object and decides whether it is reused or
/// discarded (a discarded object frees its slot for a new one).
///
/// `Pool<T>` is `Send` and `Sync` when `T: Send`: objects move between threads through it.
/// Share it by reference (scoped threads) or in an `Arc`.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::Pool;
/// use std::num::NonZeroUsize;
///
/// let two = NonZeroUsize::new(2).unwrap();
/// let buffers = Pool::new(two, || Vec::<u8>::with_capacity(64 * 1024))
///     .with_recycle(|buf| {
///         buf.clear();
///         true // reuse it
///     });
/// {
///     let mut buf = buffers.acquire();
///     buf.extend_from_slice(b"payload");
///     let _second = buffers.acquire();
///     assert!(buffers.try_acquire().is_err(), "both are out");
/// } // both return to the pool here
/// assert_eq!(buffers.idle(), 2);
/// assert!(buffers.acquire().is_empty(), "reset by the recycle hook");
/// ```
pub struct Pool<T> {
    factory: Factory<T>,
    recycle: Option<Recycle<T>>,
    max: NonZeroUsize,
    state: Mutex<State<T>>,
    returned: Condvar,
}

struct State<T> {
    idle: Vec<T>,
    /// Objects that exist and count against `max`: idle ones, handed out ones, and ones the
    /// factory is making right now.
    live: usize,
}

/// An object on loan from a [`Pool`]; it goes back to the pool when the guard is dropped.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::Pool;
/// use std::num::NonZeroUsize;
///
/// let pool = Pool::new(NonZeroUsize::MIN, || String::from("conn"));
/// let mut conn = pool.acquire();
/// conn.push_str("#1");
/// assert_eq!(conn.as_str(), "conn#1");
/// drop(conn);
/// assert_eq!(pool.idle(), 1);
/// ```
#[must_use = "the object goes straight back to the pool if the guard is not kept"]
pub struct Pooled<'p, T> {
    pool: &'p Pool<T>,
    value: ManuallyDrop<T>,
}

/// Why a [`Pool`] could not hand out an object.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::{Pool, PoolError};
/// use std::num::NonZeroUsize;
///
/// let pool = Pool::new(NonZeroUsize::MIN, || 0u8);
/// let _only = pool.acquire();
/// assert_eq!(pool.try_acquire().unwrap_err(), PoolError::Exhausted { max: 1 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PoolError {
    /// All `max` objects are out (from [`Pool::try_acquire`]).
    Exhausted {
        /// The pool's maximum number of live objects.
        max: usize,
    },
    /// No object came back within the timeout (from [`Pool::acquire_timeout`]).
    TimedOut {
        /// How long the caller waited.
        timeout: Duration,
        /// The pool's maximum number of live objects.
        max: usize,
    },
}

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolError::Exhausted { max } => write!(
                f,
                "all {max} pooled objects are in use; wait with acquire() or acquire_timeout(), \
                 or raise the pool's maximum"
            ),
            PoolError::TimedOut { timeout, max } => write!(
                f,
                "no pooled object was returned within {timeout:?} (all {max} in use); \
                 release objects sooner, wait longer, or raise the pool's maximum"
            ),
        }
    }
}

impl std::error::Error for PoolError {}

impl<T> Pool<T> {
    /// Creates an empty pool that makes objects with `factory`, at most `max` alive at a time.
    ///
    /// Objects are made lazily, on the first `acquire` that finds none idle. `max` is a
    /// [`NonZeroUsize`]: a pool that could never hand anything out cannot be built.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Pool;
    /// use std::num::NonZeroUsize;
    ///
    /// let pool = Pool::new(NonZeroUsize::new(4).unwrap(), Vec::<u8>::new);
    /// assert_eq!((pool.max(), pool.live()), (4, 0));
    /// ```
    pub fn new(max: NonZeroUsize, factory: impl Fn() -> T + Send + Sync + 'static) -> Self {
        Pool {
            factory: Box::new(factory),
            recycle: None,
            max,
            state: Mutex::new(State {
                // Room for every object up front, so returning one never allocates.
                idle: Vec::with_capacity(max.get()),
                live: 0,
            }),
            returned: Condvar::new(),
        }
    }

    /// Sets the hook that runs on each returned object: reset it, and return `true` to reuse
    /// it or `false` to discard it.
    ///
    /// The hook runs outside the pool's lock. If it panics, the object is discarded. A
    /// discarded object is dropped before its slot is freed, so at most `max` objects exist
    /// even then; if its `Drop` panics, the slot is freed all the same. (A `Drop` that panics
    /// while the hook's panic unwinds aborts the process, as any panic during unwinding does.)
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Pool;
    /// use std::num::NonZeroUsize;
    ///
    /// // Keep only connections that are still healthy.
    /// let two = NonZeroUsize::new(2).unwrap();
    /// let pool = Pool::new(two, || (0u32, true)).with_recycle(|(uses, healthy)| {
    ///     *uses += 1;
    ///     *healthy
    /// });
    /// let mut conn = pool.acquire();
    /// conn.1 = false; // broke while in use
    /// drop(conn);
    /// assert_eq!((pool.idle(), pool.live()), (0, 0), "discarded");
    /// ```
    pub fn with_recycle(
        mut self,
        recycle: impl Fn(&mut T) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.recycle = Some(Box::new(recycle));
        self
    }

    /// Returns the maximum number of live objects.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Pool;
    /// use std::num::NonZeroUsize;
    ///
    /// assert_eq!(Pool::new(NonZeroUsize::new(3).unwrap(), || ()).max(), 3);
    /// ```
    pub fn max(&self) -> usize {
        self.max.get()
    }

    /// Returns how many objects exist now (idle or on loan).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Pool;
    /// use std::num::NonZeroUsize;
    ///
    /// let pool = Pool::new(NonZeroUsize::new(3).unwrap(), || ());
    /// let _a = pool.acquire();
    /// assert_eq!(pool.live(), 1);
    /// ```
    pub fn live(&self) -> usize {
        self.state.lock().live
    }

    /// Returns how many objects are idle in the pool, ready to be handed out.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Pool;
    /// use std::num::NonZeroUsize;
    ///
    /// let pool = Pool::new(NonZeroUsize::new(3).unwrap(), || ());
    /// drop(pool.acquire());
    /// assert_eq!(pool.idle(), 1);
    /// ```
    pub fn idle(&self) -> usize {
        self.state.lock().idle.len()
    }

    /// Hands out an object, blocking while all `max` are on loan.
    ///
    /// An idle object is reused first; otherwise a new one is made if fewer than `max` exist.
    ///
    /// # Panics
    ///
    /// If the factory panics (the pool stays usable: the slot is given back).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Pool;
    /// use std::num::NonZeroUsize;
    /// use std::thread;
    ///
    /// let pool = Pool::new(NonZeroUsize::MIN, || 0u64);
    /// thread::scope(|s| {
    ///     for _ in 0..4 {
    ///         s.spawn(|| *pool.acquire() += 1); // each waits its turn for the one object
    ///     }
    /// });
    /// assert_eq!(*pool.acquire(), 4);
    /// ```
    pub fn acquire(&self) -> Pooled<'_, T> {
        let mut state = self.state.lock();
        self.returned
            .wait_while(&mut state, |state| self.exhausted(state));
        self.take_or_reserve(&mut state)
            .expect("the pool is not exhausted: its lock is held since the wait ended")
    }

    /// Hands out an object if one is idle or may still be made, without waiting.
    ///
    /// # Errors
    ///
    /// [`PoolError::Exhausted`] when all `max` objects are on loan.
    ///
    /// # Panics
    ///
    /// If the factory panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Pool;
    /// use std::num::NonZeroUsize;
    ///
    /// let pool = Pool::new(NonZeroUsize::MIN, || ());
    /// let first = pool.try_acquire();
    /// assert!(first.is_ok());
    /// assert!(pool.try_acquire().is_err());
    /// ```
    pub fn try_acquire(&self) -> Result<Pooled<'_, T>, PoolError> {
        let mut state = self.state.lock();
        self.take_or_reserve(&mut state)
            .ok_or(PoolError::Exhausted { max: self.max() })
    }

    /// Hands out an object, waiting at most `timeout` for one to come back.
    ///
    /// # Errors
    ///
    /// [`PoolError::TimedOut`] when none was available within `timeout`.
    ///
    /// # Panics
    ///
    /// If the factory panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{Pool, PoolError};
    /// use std::num::NonZeroUsize;
    /// use std::time::Duration;
    ///
    /// let pool = Pool::new(NonZeroUsize::MIN, || ());
    /// let _held = pool.acquire();
    /// let err = pool.acquire_timeout(Duration::from_millis(1)).unwrap_err();
    /// assert!(matches!(err, PoolError::TimedOut { max: 1, .. }));
    /// ```
    pub fn acquire_timeout(&self, timeout: Duration) -> Result<Pooled<'_, T>, PoolError> {
        let mut state = self.state.lock();
        // parking_lot waits without a deadline when `now + timeout` is not representable.
        self.returned
            .wait_while_for(&mut state, |state| self.exhausted(state), timeout);
        // After a timeout this is one last look: an object may have come back just then.
        self.take_or_reserve(&mut state).ok_or(PoolError::TimedOut {
            timeout,
            max: self.max(),
        })
    }

    /// Returns `true` when no object is idle and no new one may be made.
    fn exhausted(&self, state: &State<T>) -> bool {
        state.idle.is_empty() && state.live == self.max.get()
    }

    /// Takes an idle object, or reserves a slot and makes a new one; `None` if all are out.
    ///
    /// The factory runs with the lock released, so a slow factory does not block returns.
    fn take_or_reserve<'p>(
        &'p self,
        state: &mut MutexGuard<'_, State<T>>,
    ) -> Option<Pooled<'p, T>> {
        if let Some(value) = state.idle.pop() {
            return Some(Pooled::new(self, value));
        }
        if self.exhausted(state) {
            return None;
        }
        state.live += 1;
        let value = MutexGuard::unlocked(state, || {
            // If the factory panics, give the reserved slot back and wake a waiter for it.
            let reservation = guard(self, |pool| pool.release_slot());
            let value = (self.factory)();
            ScopeGuard::into_inner(reservation);
            value
        });
        Some(Pooled::new(self, value))
    }

    /// Forgets one live object (discarded or detached) and wakes a waiter to make a new one.
    ///
    /// Call it only once the object is gone (dropped, or owned by the caller of `detach`), or
    /// a waiter could make a new one while it still exists: `max + 1` objects.
    fn release_slot(&self) {
        self.state.lock().live -= 1;
        self.returned.notify_one();
    }

    /// Drops a discarded object, then frees its slot, even if its `Drop` panics.
    fn discard(&self, value: T) {
        // Declared first, so it runs after `value` is dropped, on unwind as well.
        let _release = guard(self, |pool| pool.release_slot());
        drop(value);
    }

    /// Takes back an object from a dropped guard: recycled into the pool, or discarded.
    fn give_back(&self, value: T) {
        let Some(recycle) = &self.recycle else {
            return self.put_idle(value);
        };
        // If the hook panics, the guard discards the object: dropped first, slot freed after.
        let mut value = guard(value, |value| self.discard(value));
        if recycle(&mut value) {
            self.put_idle(ScopeGuard::into_inner(value));
        }
    }

    fn put_idle(&self, value: T) {
        // `idle` has room for `max` objects from the start: this push never allocates, so no
        // user code runs under the lock.
        self.state.lock().idle.push(value);
        self.returned.notify_one();
    }
}

impl<T> fmt::Debug for Pool<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.lock();
        f.debug_struct("Pool")
            .field("max", &self.max.get())
            .field("live", &state.live)
            .field("idle", &state.idle.len())
            .finish_non_exhaustive()
    }
}

impl<'p, T> Pooled<'p, T> {
    fn new(pool: &'p Pool<T>, value: T) -> Self {
        Pooled {
            pool,
            value: ManuallyDrop::new(value),
        }
    }

    /// Takes the object out of the pool for good; its slot is freed for a new object.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{Pool, Pooled};
    /// use std::num::NonZeroUsize;
    ///
    /// let pool = Pool::new(NonZeroUsize::MIN, || vec![1, 2, 3]);
    /// let v: Vec<i32> = Pooled::detach(pool.acquire());
    /// assert_eq!(v, [1, 2, 3]);
    /// assert_eq!(pool.live(), 0);
    /// assert!(pool.try_acquire().is_ok(), "the slot is free again");
    /// ```
    pub fn detach(this: Self) -> T {
        let (pool, value) = Self::into_parts(this);
        pool.release_slot();
        value
    }

    /// Returns the pool this object came from.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{Pool, Pooled};
    /// use std::num::NonZeroUsize;
    ///
    /// let pool = Pool::new(NonZeroUsize::MIN, || ());
    /// let obj = pool.acquire();
    /// assert!(std::ptr::eq(Pooled::pool(&obj), &pool));
    /// ```
    pub fn pool(this: &Self) -> &'p Pool<T> {
        this.pool
    }

    /// Takes the object out so that the guard's `Drop` never runs.
    fn into_parts(this: Self) -> (&'p Pool<T>, T) {
        let mut this = ManuallyDrop::new(this);
        // SAFETY: `this` is in `ManuallyDrop`, so `Drop for Pooled` (the only other place that
        // takes `value`) never runs for it, and `value` is taken exactly once here.
        let value = unsafe { ManuallyDrop::take(&mut this.value) };
        (this.pool, value)
    }
}

impl<T> Drop for Pooled<'_, T> {
    fn drop(&mut self) {
        // SAFETY: `drop` runs at most once and `value` is not used after it; `into_parts`, the
        // only other place that takes it, keeps the guard in a `ManuallyDrop` so we never get
        // here after it.
        let value = unsafe { ManuallyDrop::take(&mut self.value) };
        self.pool.give_back(value);
    }
}

impl<T> Deref for Pooled<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Pooled<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Pooled<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pooled").field(&*self.value).finish()
    }
}
