//! An observer list that handlers may change, and emit into, while it notifies them.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::rc::{Rc, Weak};

/// An observer of an [`EventBus`], registered with [`EventBus::observe`] and held weakly.
///
/// # Examples
///
/// ```
/// use std::cell::Cell;
/// use std::rc::Rc;
/// use ownership_interior::{EventBus, Handler};
///
/// struct Total(Cell<u32>);
///
/// impl Handler<u32> for Total {
///     fn handle(&self, event: &u32) {
///         self.0.set(self.0.get() + event);
///     }
/// }
///
/// let bus = EventBus::new();
/// let total = Rc::new(Total(Cell::new(0)));
/// bus.observe(&total);
/// bus.emit(2);
/// bus.emit(3);
/// assert_eq!(total.0.get(), 5);
/// ```
pub trait Handler<E> {
    /// Receives one event.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_interior::Handler;
    ///
    /// struct Print;
    /// impl Handler<String> for Print {
    ///     fn handle(&self, event: &String) {
    ///         println!("{event}");
    ///     }
    /// }
    /// Print.handle(&"hello".to_owned());
    /// ```
    fn handle(&self, event: &E);
}

/// A single-threaded publish/subscribe bus that never holds a borrow while a handler runs.
///
/// Handlers are closures registered with [`subscribe`](Self::subscribe), which returns a
/// [`Subscription`] that unsubscribes when dropped, and observers registered with
/// [`observe`](Self::observe), held as `Weak` and pruned once their last `Rc` is gone.
/// Handlers run in the order they were registered.
///
/// During a delivery a handler may subscribe, unsubscribe (by dropping or calling
/// [`Subscription::unsubscribe`]), observe, and emit, without a panic:
///
/// - an event emitted during a delivery is queued and delivered after the current event has
///   reached every handler, in emission order; `emit` returns at once in that case;
/// - a handler unsubscribed during a delivery is not called again, not even for the rest of
///   the current event;
/// - a handler registered during a delivery receives the events delivered after the current
///   one (including events already queued), not the current one.
///
/// If a handler panics, the panic propagates out of the outermost `emit` (the one that
/// started the delivery). The remaining handlers do not receive that event and the events
/// still queued are dropped. The handler list is put back with the changes made before the
/// panic applied (the panicking handler itself stays registered), so the bus is usable
/// afterwards.
///
/// A handler that needs the bus should capture a `Weak` to it (`Rc::downgrade`): an `Rc`
/// captured by a subscribed closure would keep the bus alive through its own handler list.
///
/// # Examples
///
/// ```
/// use std::cell::RefCell;
/// use std::rc::Rc;
/// use ownership_interior::EventBus;
///
/// let bus = Rc::new(EventBus::new());
/// let seen = Rc::new(RefCell::new(Vec::new()));
///
/// let (log, weak_bus) = (Rc::clone(&seen), Rc::downgrade(&bus));
/// let _sub = bus.subscribe(move |n: &u32| {
///     log.borrow_mut().push(*n);
///     if *n < 3 {
///         // Emitting from inside a handler: queued, delivered after this event.
///         weak_bus.upgrade().unwrap().emit(n + 1);
///     }
/// });
/// bus.emit(1);
/// assert_eq!(*seen.borrow(), [1, 2, 3]);
/// ```
pub struct EventBus<E: 'static> {
    inner: Rc<Inner<E>>,
}

struct Inner<E> {
    /// Registered handlers. A delivery iterates them in place: while it runs, registering
    /// goes to `added` and unsubscribing to `removed`, so nothing else borrows the list.
    handlers: RefCell<Vec<Slot<E>>>,
    /// Handlers registered during a delivery, merged after the current event.
    added: Cell<Vec<Slot<E>>>,
    /// Ids unsubscribed during a delivery, and observers found dead.
    removed: Cell<Vec<u64>>,
    /// `removed` is not empty: the delivery loop checks it before each call.
    any_removed: Cell<bool>,
    /// Something for `apply_changes` to do: a handler was registered or unsubscribed during
    /// the delivery, or an observer was found dead.
    dirty: Cell<bool>,
    queue: Cell<VecDeque<E>>,
    /// `queue` is not empty.
    queued: Cell<bool>,
    delivering: Cell<bool>,
    next_id: Cell<u64>,
    /// Handlers held, as of the last change applied.
    count: Cell<usize>,
}

/// A registered handler. Closures and observers share one call shape, so the delivery loop
/// makes one indirect call per handler; an observer found dead removes itself through a
/// `Weak` to the bus.
struct Slot<E> {
    id: u64,
    call: Box<dyn Fn(&E)>,
}

impl<E: 'static> EventBus<E> {
    /// Creates a bus with no handlers.
    ///
    /// # Examples
    ///
    /// ```
    /// let bus: ownership_interior::EventBus<String> = ownership_interior::EventBus::new();
    /// assert_eq!(bus.handler_count(), 0);
    /// ```
    pub fn new() -> Self {
        Self {
            inner: Rc::new(Inner {
                handlers: RefCell::new(Vec::new()),
                added: Cell::new(Vec::new()),
                removed: Cell::new(Vec::new()),
                any_removed: Cell::new(false),
                dirty: Cell::new(false),
                queue: Cell::new(VecDeque::new()),
                queued: Cell::new(false),
                delivering: Cell::new(false),
                next_id: Cell::new(0),
                count: Cell::new(0),
            }),
        }
    }

    /// Registers `handler` until the returned [`Subscription`] is dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::cell::Cell;
    /// use std::rc::Rc;
    ///
    /// let bus = ownership_interior::EventBus::new();
    /// let count = Rc::new(Cell::new(0));
    /// let c = Rc::clone(&count);
    /// let sub = bus.subscribe(move |_: &()| c.set(c.get() + 1));
    /// bus.emit(());
    /// drop(sub);
    /// bus.emit(());
    /// assert_eq!(count.get(), 1);
    /// ```
    pub fn subscribe(&self, handler: impl Fn(&E) + 'static) -> Subscription {
        let id = self.register(Box::new(handler));
        let bus: Rc<dyn Unsubscribe> = self.inner.clone();
        Subscription {
            bus: Rc::downgrade(&bus),
            id,
        }
    }

    /// Registers `observer`, held weakly: it receives events while some `Rc` to it lives,
    /// and is pruned from the bus at the first delivery after that.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::cell::Cell;
    /// use std::rc::Rc;
    /// use ownership_interior::{EventBus, Handler};
    ///
    /// struct Seen(Cell<bool>);
    /// impl Handler<&'static str> for Seen {
    ///     fn handle(&self, _: &&'static str) { self.0.set(true) }
    /// }
    ///
    /// let bus = EventBus::new();
    /// let seen = Rc::new(Seen(Cell::new(false)));
    /// bus.observe(&seen);
    /// bus.emit("hi");
    /// assert!(seen.0.get());
    /// drop(seen);
    /// bus.emit("pruned");
    /// assert_eq!(bus.handler_count(), 0);
    /// ```
    pub fn observe<H: Handler<E> + 'static>(&self, observer: &Rc<H>) {
        let weak: Weak<dyn Handler<E>> = Rc::downgrade(observer) as Weak<dyn Handler<E>>;
        let id = self.inner.next_id.get();
        let bus = Rc::downgrade(&self.inner);
        self.register(Box::new(move |event| match weak.upgrade() {
            Some(observer) => observer.handle(event),
            // Dead: removed like an unsubscribed closure once the event is delivered.
            None => {
                if let Some(inner) = bus.upgrade() {
                    inner.remove_later(id);
                }
            }
        }));
    }

    /// Delivers `event` to every handler, or queues it when called from inside a handler.
    ///
    /// # Panics
    ///
    /// If a handler panics, after putting the bus back in order (see [`EventBus`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::cell::RefCell;
    /// use std::rc::Rc;
    ///
    /// let bus = ownership_interior::EventBus::new();
    /// let got = Rc::new(RefCell::new(String::new()));
    /// let g = Rc::clone(&got);
    /// let _s = bus.subscribe(move |e: &char| g.borrow_mut().push(*e));
    /// "abc".chars().for_each(|c| bus.emit(c));
    /// assert_eq!(*got.borrow(), "abc");
    /// ```
    pub fn emit(&self, event: E) {
        let inner = &*self.inner;
        if inner.delivering.get() {
            inner.enqueue(event);
            return;
        }
        inner.delivering.set(true);
        // Restores the bus when dropped, also while a handler's panic unwinds.
        let delivery = Delivery { inner };
        inner.deliver(&event);
        drop(event);
        if inner.dirty.get() || inner.queued.get() {
            delivery.finish();
        }
    }

    /// Returns how many handlers the bus holds: subscribed closures and observers not yet
    /// pruned. Changes made by handlers during a delivery count once the current event has
    /// been delivered.
    ///
    /// # Examples
    ///
    /// ```
    /// let bus = ownership_interior::EventBus::<u8>::new();
    /// let sub = bus.subscribe(|_| {});
    /// assert_eq!(bus.handler_count(), 1);
    /// sub.unsubscribe();
    /// assert_eq!(bus.handler_count(), 0);
    /// ```
    pub fn handler_count(&self) -> usize {
        self.inner.count.get()
    }

    fn register(&self, call: Box<dyn Fn(&E)>) -> u64 {
        let inner = &*self.inner;
        let id = inner.next_id.get();
        inner.next_id.set(id + 1);
        let slot = Slot { id, call };
        if inner.delivering.get() {
            update(&inner.added, |added| added.push(slot));
            inner.dirty.set(true);
        } else {
            inner.handlers.borrow_mut().push(slot);
            inner.count.set(inner.count.get() + 1);
        }
        id
    }
}

impl<E: 'static> Default for EventBus<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: 'static> fmt::Debug for EventBus<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let queued = update(&self.inner.queue, |q| q.len());
        f.debug_struct("EventBus")
            .field("handlers", &self.inner.count.get())
            .field("delivering", &self.inner.delivering.get())
            .field("queued", &queued)
            .finish()
    }
}

impl<E> Inner<E> {
    /// Calls every handler with `event`, skipping those removed during this delivery.
    fn deliver(&self, event: &E) {
        let handlers = self.handlers.borrow();
        for slot in handlers.iter() {
            // One predictable branch per handler: `removed` is almost always empty.
            if self.any_removed.get() && self.is_removed(slot.id) {
                continue;
            }
            (slot.call)(event);
        }
    }

    #[cold]
    #[inline(never)]
    fn is_removed(&self, id: u64) -> bool {
        update(&self.removed, |removed| removed.contains(&id))
    }

    #[cold]
    #[inline(never)]
    fn enqueue(&self, event: E) {
        update(&self.queue, |q| q.push_back(event));
        self.queued.set(true);
    }

    /// Removes handler `id` once the current event is delivered, and skips it until then.
    #[cold]
    #[inline(never)]
    fn remove_later(&self, id: u64) {
        update(&self.removed, |removed| removed.push(id));
        self.any_removed.set(true);
        self.dirty.set(true);
    }

    /// Merges handlers registered and removes handlers unsubscribed (or observers found
    /// dead) during the last event. A removed closure's `Drop` may itself change the bus
    /// (still delivering, so only `added`, `removed` and the queue); the loop runs until
    /// nothing is pending.
    fn apply_changes(&self) {
        self.dirty.set(false);
        let mut handlers = self.handlers.borrow_mut();
        loop {
            let added = self.added.take();
            let removed = self.removed.take();
            self.any_removed.set(false);
            if added.is_empty() && removed.is_empty() {
                break;
            }
            handlers.extend(added);
            handlers.retain(|slot| !removed.contains(&slot.id));
        }
        self.count.set(handlers.len());
    }
}

/// The end of a delivery. Dropping it (normally or while a handler's panic unwinds) applies
/// the changes made meanwhile, drops undelivered events and ends the delivery.
struct Delivery<'a, E> {
    inner: &'a Inner<E>,
}

impl<E> Delivery<'_, E> {
    /// Applies the changes made during the first event and delivers the queued events.
    #[cold]
    #[inline(never)]
    fn finish(&self) {
        let inner = self.inner;
        loop {
            if inner.dirty.get() {
                inner.apply_changes();
            }
            if !inner.queued.get() {
                break;
            }
            let next = update(&inner.queue, |q| {
                let next = q.pop_front();
                inner.queued.set(!q.is_empty());
                next
            });
            let Some(event) = next else { break };
            inner.deliver(&event);
        }
    }
}

impl<E> Drop for Delivery<'_, E> {
    fn drop(&mut self) {
        let inner = self.inner;
        if inner.dirty.get() || inner.queued.get() {
            clean_up(inner);
        }
        inner.delivering.set(false);
    }
}

/// After a handler's panic: applies the changes made before it and drops the queued events.
#[cold]
#[inline(never)]
fn clean_up<E>(inner: &Inner<E>) {
    if inner.dirty.get() {
        inner.apply_changes();
    }
    let unsent = inner.queue.take();
    inner.queued.set(false);
    drop(unsent);
}

/// Changes a collection kept in a `Cell` by taking it out and putting it back.
///
/// `f` must not run user code: a change it made to the same cell would be overwritten. The
/// callers only push, pop, search and remove; values leaving the collection are returned
/// and dropped by the caller after the collection is back in place.
fn update<T: Default, R>(cell: &Cell<T>, f: impl FnOnce(&mut T) -> R) -> R {
    let mut value = cell.take();
    let result = f(&mut value);
    cell.set(value);
    result
}

/// What a [`Subscription`] needs from the bus, without the event type.
trait Unsubscribe {
    fn unsubscribe(&self, id: u64);
}

impl<E> Unsubscribe for Inner<E> {
    fn unsubscribe(&self, id: u64) {
        if self.delivering.get() {
            self.remove_later(id);
            return;
        }
        let slot = {
            let mut handlers = self.handlers.borrow_mut();
            let index = handlers.iter().position(|slot| slot.id == id);
            index.map(|i| handlers.remove(i))
        };
        if slot.is_some() {
            self.count.set(self.count.get() - 1);
        }
        // The closure (and what it captured) is dropped here, with no borrow held.
        drop(slot);
    }
}

/// Keeps a closure subscribed to an [`EventBus`]; dropping it unsubscribes the closure.
///
/// It holds the bus weakly: a subscription outliving its bus does nothing when dropped.
///
/// # Examples
///
/// ```
/// let bus = ownership_interior::EventBus::<i32>::new();
/// let sub: ownership_interior::Subscription = bus.subscribe(|e| println!("{e}"));
/// assert_eq!(bus.handler_count(), 1);
/// drop(sub);
/// assert_eq!(bus.handler_count(), 0);
/// ```
#[must_use = "dropping a Subscription unsubscribes its handler at once"]
pub struct Subscription {
    bus: Weak<dyn Unsubscribe>,
    id: u64,
}

impl Subscription {
    /// Unsubscribes the handler now (the same as dropping the subscription).
    ///
    /// # Examples
    ///
    /// ```
    /// let bus = ownership_interior::EventBus::<()>::new();
    /// bus.subscribe(|_| {}).unsubscribe();
    /// assert_eq!(bus.handler_count(), 0);
    /// ```
    pub fn unsubscribe(self) {
        drop(self);
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(bus) = self.bus.upgrade() {
            bus.unsubscribe(self.id);
        }
    }
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.id)
            .field("bus_alive", &(self.bus.strong_count() > 0))
            .finish()
    }
}
