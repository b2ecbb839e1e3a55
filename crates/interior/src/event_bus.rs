//! An observer list that handlers may change, and emit into, while it notifies them.

use std::cell::Cell;
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
    /// Registered handlers; moved out into the `Delivery` while one runs.
    handlers: Cell<Vec<Slot<E>>>,
    /// Handlers registered during a delivery, merged after the current event.
    added: Cell<Vec<Slot<E>>>,
    /// Ids unsubscribed during a delivery.
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

struct Slot<E> {
    id: u64,
    handler: Kind<E>,
}

enum Kind<E> {
    Closure(Box<dyn Fn(&E)>),
    Observer(Weak<dyn Handler<E>>),
}

impl<E> Slot<E> {
    fn is_live(&self) -> bool {
        match &self.handler {
            Kind::Closure(_) => true,
            Kind::Observer(weak) => weak.strong_count() > 0,
        }
    }
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
                handlers: Cell::new(Vec::new()),
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
        let id = self.register(Kind::Closure(Box::new(handler)));
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
        self.register(Kind::Observer(weak));
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
            update(&inner.queue, |q| q.push_back(event));
            inner.queued.set(true);
            return;
        }
        inner.delivering.set(true);
        let mut delivery = Delivery {
            inner,
            handlers: inner.handlers.take(),
        };
        let mut next = Some(event);
        while let Some(event) = next {
            delivery.deliver(&event);
            drop(event);
            if inner.dirty.get() {
                delivery.apply_changes();
            }
            next = if inner.queued.get() {
                update(&inner.queue, |q| {
                    let next = q.pop_front();
                    inner.queued.set(!q.is_empty());
                    next
                })
            } else {
                None
            };
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

    fn register(&self, handler: Kind<E>) -> u64 {
        let inner = &*self.inner;
        let id = inner.next_id.get();
        inner.next_id.set(id + 1);
        let slot = Slot { id, handler };
        if inner.delivering.get() {
            update(&inner.added, |added| added.push(slot));
            inner.dirty.set(true);
        } else {
            update(&inner.handlers, |handlers| handlers.push(slot));
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

/// The handler list, moved out of the bus while events are delivered, so nothing is borrowed
/// while a handler runs. Dropping it (normally or while a handler's panic unwinds) applies
/// the changes made meanwhile and puts the list back.
struct Delivery<'a, E> {
    inner: &'a Inner<E>,
    handlers: Vec<Slot<E>>,
}

impl<E> Delivery<'_, E> {
    fn deliver(&self, event: &E) {
        for slot in &self.handlers {
            if self.inner.any_removed.get()
                && update(&self.inner.removed, |removed| removed.contains(&slot.id))
            {
                continue;
            }
            match &slot.handler {
                Kind::Closure(f) => f(event),
                Kind::Observer(weak) => match weak.upgrade() {
                    Some(observer) => observer.handle(event),
                    None => self.inner.dirty.set(true),
                },
            }
        }
    }

    /// Merges handlers registered and removes handlers unsubscribed during the last event,
    /// and prunes dead observers. A removed closure's `Drop` may itself change the bus; the
    /// loop runs until nothing is pending.
    fn apply_changes(&mut self) {
        self.inner.dirty.set(false);
        loop {
            let added = self.inner.added.take();
            let removed = self.inner.removed.take();
            self.inner.any_removed.set(false);
            if added.is_empty() && removed.is_empty() {
                break;
            }
            self.handlers.extend(added);
            // No borrow is held: a dropped closure's `Drop` may use the bus.
            self.handlers.retain(|slot| !removed.contains(&slot.id));
        }
        self.handlers.retain(Slot::is_live);
        self.inner.count.set(self.handlers.len());
    }
}

impl<E> Drop for Delivery<'_, E> {
    fn drop(&mut self) {
        if self.inner.dirty.get() {
            self.apply_changes();
        }
        let handlers = std::mem::take(&mut self.handlers);
        self.inner.handlers.set(handlers);
        // Empty unless a handler panicked: those events are dropped, not delivered later.
        let unsent = self.inner.queue.take();
        self.inner.queued.set(false);
        self.inner.delivering.set(false);
        drop(unsent);
    }
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
            update(&self.removed, |removed| removed.push(id));
            self.any_removed.set(true);
            self.dirty.set(true);
            return;
        }
        let slot = update(&self.handlers, |handlers| {
            let index = handlers.iter().position(|slot| slot.id == id);
            index.map(|i| handlers.remove(i))
        });
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
