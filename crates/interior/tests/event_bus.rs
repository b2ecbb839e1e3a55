//! Public API tests of `EventBus`: handlers that subscribe, unsubscribe and emit while the bus
//! notifies them, and handlers that panic.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use ownership_interior::{EventBus, Handler, Subscription};
use test_support::DropCounter;

type Log = Rc<RefCell<Vec<String>>>;

fn log() -> Log {
    Rc::new(RefCell::new(Vec::new()))
}

fn recorder(log: &Log, name: &'static str) -> impl Fn(&u32) + 'static {
    let log = Rc::clone(log);
    move |e: &u32| log.borrow_mut().push(format!("{name}{e}"))
}

#[test]
fn handlers_run_in_registration_order() {
    let bus = EventBus::new();
    let seen = log();
    let _a = bus.subscribe(recorder(&seen, "a"));
    let _b = bus.subscribe(recorder(&seen, "b"));
    bus.emit(1);
    bus.emit(2);
    assert_eq!(*seen.borrow(), ["a1", "b1", "a2", "b2"]);
}

#[test]
fn events_emitted_during_a_notify_are_delivered_after_it_in_order() {
    let bus = Rc::new(EventBus::new());
    let seen = log();
    let weak = Rc::downgrade(&bus);
    let s = Rc::clone(&seen);
    let _emitter = bus.subscribe(move |e: &u32| {
        s.borrow_mut().push(format!("first{e}"));
        if *e == 1 {
            let bus = weak.upgrade().unwrap();
            bus.emit(10);
            bus.emit(11);
            s.borrow_mut().push("emit returned".to_owned());
        }
    });
    let _second = bus.subscribe(recorder(&seen, "second"));
    bus.emit(1);
    assert_eq!(
        *seen.borrow(),
        [
            "first1",
            "emit returned",
            "second1",
            "first10",
            "second10",
            "first11",
            "second11"
        ]
    );
}

#[test]
fn a_handler_may_subscribe_during_a_notify() {
    let bus = Rc::new(EventBus::new());
    let seen = log();
    let kept: Rc<RefCell<Vec<Subscription>>> = Rc::default();
    let (weak, s, k) = (Rc::downgrade(&bus), Rc::clone(&seen), Rc::clone(&kept));
    let _adder = bus.subscribe(move |e: &u32| {
        if *e == 1 {
            let bus = weak.upgrade().unwrap();
            k.borrow_mut().push(bus.subscribe(recorder(&s, "new")));
            bus.emit(2);
        }
    });
    bus.emit(1);
    // Not called for the event during which it subscribed; called for the next one.
    assert_eq!(*seen.borrow(), ["new2"]);
    assert_eq!(bus.handler_count(), 2);
    bus.emit(3);
    assert_eq!(*seen.borrow(), ["new2", "new3"]);
    kept.borrow_mut().clear();
    assert_eq!(bus.handler_count(), 1);
}

#[test]
fn a_handler_may_unsubscribe_itself_and_others_during_a_notify() {
    let bus = EventBus::new();
    let seen = log();
    let later: Rc<RefCell<Option<Subscription>>> = Rc::default();
    let own: Rc<RefCell<Option<Subscription>>> = Rc::default();
    let (l, o, s) = (Rc::clone(&later), Rc::clone(&own), Rc::clone(&seen));
    *own.borrow_mut() = Some(bus.subscribe(move |e: &u32| {
        s.borrow_mut().push(format!("once{e}"));
        drop(l.borrow_mut().take()); // unsubscribes the next handler, before it runs
        drop(o.borrow_mut().take()); // unsubscribes this handler, while it runs
    }));
    *later.borrow_mut() = Some(bus.subscribe(recorder(&seen, "later")));
    bus.emit(1);
    bus.emit(2);
    assert_eq!(*seen.borrow(), ["once1"]);
    assert_eq!(bus.handler_count(), 0);
}

#[test]
fn a_panicking_handler_leaves_the_bus_usable() {
    let bus = Rc::new(EventBus::new());
    let seen = log();
    let weak = Rc::downgrade(&bus);
    let s = Rc::clone(&seen);
    let _bomb = bus.subscribe(move |e: &u32| {
        s.borrow_mut().push(format!("bomb{e}"));
        if *e == 1 {
            weak.upgrade().unwrap().emit(99); // queued, then dropped by the panic
            panic!("handler failed");
        }
    });
    let _after = bus.subscribe(recorder(&seen, "after"));
    let caught = catch_unwind(AssertUnwindSafe(|| bus.emit(1)));
    assert!(caught.is_err());
    assert_eq!(
        *seen.borrow(),
        ["bomb1"],
        "the rest of the event and the queue are skipped"
    );
    assert_eq!(bus.handler_count(), 2, "every handler stays registered");
    bus.emit(2);
    assert_eq!(*seen.borrow(), ["bomb1", "bomb2", "after2"]);
}

#[test]
fn changes_made_before_a_panic_take_effect() {
    let bus = Rc::new(EventBus::new());
    let seen = log();
    let victim: Rc<RefCell<Option<Subscription>>> = Rc::default();
    let added: Rc<RefCell<Vec<Subscription>>> = Rc::default();
    let (v, a, s, weak) = (
        Rc::clone(&victim),
        Rc::clone(&added),
        Rc::clone(&seen),
        Rc::downgrade(&bus),
    );
    let _bomb = bus.subscribe(move |e: &u32| {
        if *e == 1 {
            drop(v.borrow_mut().take());
            let bus = weak.upgrade().unwrap();
            a.borrow_mut().push(bus.subscribe(recorder(&s, "new")));
            panic!("after changing the bus");
        }
    });
    *victim.borrow_mut() = Some(bus.subscribe(recorder(&seen, "victim")));
    assert!(catch_unwind(AssertUnwindSafe(|| bus.emit(1))).is_err());
    assert_eq!(bus.handler_count(), 2, "the bomb and the new handler");
    bus.emit(2);
    assert_eq!(*seen.borrow(), ["new2"]);
}

#[test]
fn events_dropped_by_a_panic_are_freed() {
    let drops = DropCounter::new();
    let bus = Rc::new(EventBus::new());
    let (weak, d) = (Rc::downgrade(&bus), drops.clone());
    let _bomb = bus.subscribe(move |e: &test_support::Tracked<u32>| {
        if **e == 0 {
            weak.upgrade().unwrap().emit(d.track(1));
            panic!("boom");
        }
    });
    let _ = catch_unwind(AssertUnwindSafe(|| bus.emit(drops.track(0))));
    assert_eq!(drops.created(), 2);
    drops.assert_all_dropped_once();
}

struct Counter(Cell<u32>);

impl Handler<u32> for Counter {
    fn handle(&self, event: &u32) {
        self.0.set(self.0.get() + event);
    }
}

#[test]
fn observers_are_weak_and_pruned_on_notify() {
    let bus = EventBus::new();
    let a = Rc::new(Counter(Cell::new(0)));
    let b = Rc::new(Counter(Cell::new(0)));
    bus.observe(&a);
    bus.observe(&b);
    assert_eq!(
        Rc::strong_count(&a),
        1,
        "the bus does not keep observers alive"
    );
    bus.emit(5);
    drop(b);
    assert_eq!(
        bus.handler_count(),
        2,
        "pruned on the next notify, not before"
    );
    bus.emit(1);
    assert_eq!(a.0.get(), 6);
    assert_eq!(bus.handler_count(), 1);
}

#[test]
fn an_observer_may_register_during_a_notify() {
    struct Registers {
        bus: std::rc::Weak<EventBus<u32>>,
        made: RefCell<Vec<Rc<Counter>>>,
    }
    impl Handler<u32> for Registers {
        fn handle(&self, _: &u32) {
            let counter = Rc::new(Counter(Cell::new(0)));
            self.bus.upgrade().unwrap().observe(&counter);
            self.made.borrow_mut().push(counter);
        }
    }
    let bus = Rc::new(EventBus::new());
    let registers = Rc::new(Registers {
        bus: Rc::downgrade(&bus),
        made: RefCell::default(),
    });
    bus.observe(&registers);
    bus.emit(1);
    bus.emit(2);
    let made = registers.made.borrow();
    assert_eq!(made.len(), 2);
    assert_eq!(
        made[0].0.get(),
        2,
        "the first observer saw only the second event"
    );
    assert_eq!(made[1].0.get(), 0);
}

#[test]
fn a_handler_dropped_on_unsubscribe_may_use_the_bus() {
    struct EmitsOnDrop(std::rc::Weak<EventBus<u32>>);
    impl Drop for EmitsOnDrop {
        fn drop(&mut self) {
            if let Some(bus) = self.0.upgrade() {
                bus.emit(7);
                drop(bus.subscribe(|_| {}));
            }
        }
    }
    let bus = Rc::new(EventBus::new());
    let seen = log();
    let _watch = bus.subscribe(recorder(&seen, "watch"));
    let guard = EmitsOnDrop(Rc::downgrade(&bus));
    let sub = bus.subscribe(move |_| {
        let _ = &guard;
    });
    drop(sub); // drops the closure and its guard, which emits: no borrow may be held
    assert_eq!(*seen.borrow(), ["watch7"]);
    assert_eq!(bus.handler_count(), 1);
}

#[test]
fn dropping_the_bus_frees_every_handler_and_subscriptions_outlive_it() {
    let drops = DropCounter::new();
    let bus = EventBus::<u32>::new();
    let tracked = drops.track(());
    let sub = bus.subscribe(move |_| {
        let _ = &tracked;
    });
    drop(bus);
    drops.assert_all_dropped_once();
    assert!(format!("{sub:?}").contains("bus_alive: false"));
    drop(sub); // a no-op
}

#[test]
fn debug_shows_counts() {
    let bus = EventBus::<u8>::new();
    let _s = bus.subscribe(|_| {});
    assert_eq!(
        format!("{bus:?}"),
        "EventBus { handlers: 1, delivering: false, queued: 0 }"
    );
}
