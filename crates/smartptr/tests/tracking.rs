//! `Tracker` and `TrackedBox`: counts, creation sites, leak reports, the sink, and no user code
//! run under the registry lock.
#![cfg(feature = "std")]

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use ownership_smartptr::tracking::{Event, EventKind, LiveObject};
use ownership_smartptr::{TrackedBox, Tracker};
use static_assertions::assert_impl_all;
use test_support::DropCounter;

assert_impl_all!(Tracker: Send, Sync, Clone);
assert_impl_all!(TrackedBox<u8>: Send, Sync);

/// Runs `f` on another thread and fails if it does not finish in time: a deadlock becomes a
/// test failure instead of a hang.
fn with_watchdog(f: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    let worker = thread::spawn(move || {
        f();
        let _ = done.send(());
    });
    match finished.recv_timeout(Duration::from_secs(60)) {
        Ok(()) => worker.join().unwrap(),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("deadlock: the tracker did not return"),
    }
}

#[test]
fn counts_live_total_and_peak_per_type() {
    let tracker = Tracker::new();
    let a = tracker.track(1u32);
    let b = tracker.track(2u32);
    let s = tracker.track(String::from("s"));
    drop(a);
    let c = tracker.track(3u32);
    let u32_stats = tracker.stats::<u32>();
    assert_eq!((u32_stats.live, u32_stats.total, u32_stats.peak), (2, 3, 2));
    assert_eq!(u32_stats.size, 4);
    assert_eq!(tracker.stats::<String>().live, 1);
    assert_eq!(tracker.live(), 3);
    drop((b, c, s));
    assert_eq!(tracker.live(), 0);
    assert_eq!(tracker.stats::<u32>().peak, 2);
    assert_eq!(tracker.all_stats().len(), 2);
}

#[test]
fn the_leak_report_lists_live_objects_with_their_creation_lines() {
    let tracker = Tracker::new();
    let line = line!() + 1;
    let kept = tracker.track(vec![1u8]);
    let dropped = TrackedBox::new(0u8, &tracker);
    drop(dropped);
    let report = tracker.leak_report();
    assert_eq!(report.len(), 1);
    let LiveObject {
        id,
        type_name,
        created_at,
    } = report.objects()[0];
    assert_eq!((id, type_name), (kept.id(), "alloc::vec::Vec<u8>"));
    assert_eq!((created_at.file(), created_at.line()), (file!(), line));
    let text = report.to_string();
    assert!(text.starts_with("1 live object:\n  alloc::vec::Vec<u8> #0 at "));
    assert!(text.ends_with(&format!("tracking.rs:{line}:{}", created_at.column())));
    drop(kept);
    assert_eq!(tracker.leak_report().to_string(), "no live objects");
}

#[test]
fn a_reference_cycle_shows_in_the_leak_report_and_weak_fixes_it() {
    struct Node {
        _payload: TrackedBox<&'static str>,
        next: RefCell<Option<Rc<Node>>>,
        back: RefCell<Weak<Node>>,
    }
    let tracker = Tracker::new();
    let node = |name| {
        Rc::new(Node {
            _payload: tracker.track(name),
            next: RefCell::new(None),
            back: RefCell::new(Weak::new()),
        })
    };
    let a_weak = {
        let a = node("a");
        let b = node("b");
        *a.next.borrow_mut() = Some(Rc::clone(&b));
        *b.next.borrow_mut() = Some(Rc::clone(&a)); // the mistake: a strong back edge
        Rc::downgrade(&a)
    };
    assert_eq!(tracker.leak_report().len(), 2, "the cycle keeps both alive");
    // Break the cycle by hand so the test itself frees everything (Miri checks).
    let a = a_weak.upgrade().expect("kept alive by the cycle");
    a.next.borrow_mut().take();
    drop(a);
    assert!(tracker.leak_report().is_empty());

    let fixed = Tracker::new();
    {
        let a = Rc::new(Node {
            _payload: fixed.track("a"),
            next: RefCell::new(None),
            back: RefCell::new(Weak::new()),
        });
        let b = Rc::new(Node {
            _payload: fixed.track("b"),
            next: RefCell::new(None),
            back: RefCell::new(Weak::new()),
        });
        *a.next.borrow_mut() = Some(Rc::clone(&b));
        *b.back.borrow_mut() = Rc::downgrade(&a); // the fix
    }
    assert!(fixed.leak_report().is_empty());
}

#[test]
fn the_sink_gets_every_creation_and_drop_in_order() {
    let events = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&events);
    let tracker = Tracker::with_sink(move |e: &Event| log.lock().unwrap().push(*e));
    let a = tracker.track('a');
    let b = tracker.track('b');
    drop(a);
    let value = b.into_inner();
    assert_eq!(value, 'b');
    let events = events.lock().unwrap();
    let summary: Vec<_> = events
        .iter()
        .map(|e| (e.kind, e.object.id, e.live))
        .collect();
    assert_eq!(
        summary,
        [
            (EventKind::Created, 0, 1),
            (EventKind::Created, 1, 2),
            (EventKind::Dropped, 0, 1),
            (EventKind::Dropped, 1, 0),
        ]
    );
}

#[test]
fn a_sink_and_a_drop_may_use_the_tracker_without_deadlock() {
    with_watchdog(|| {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let slot: Arc<Mutex<Option<Tracker>>> = Arc::new(Mutex::new(None));
        let slot_in_sink = Arc::clone(&slot);
        let tracker = Tracker::with_sink(move |e: &Event| {
            // Reads the registry from inside the sink: would deadlock if the lock were held.
            if let Some(t) = slot_in_sink.lock().unwrap().as_ref() {
                log.lock().unwrap().push((e.kind, t.live()));
            }
        });
        *slot.lock().unwrap() = Some(tracker.clone());

        struct ReportsOnDrop(Tracker);
        impl Drop for ReportsOnDrop {
            fn drop(&mut self) {
                // Reads the registry from a value's `Drop`.
                let _ = self.0.leak_report();
            }
        }
        drop(tracker.track(ReportsOnDrop(tracker.clone())));
        assert_eq!(
            *seen.lock().unwrap(),
            [(EventKind::Created, 1), (EventKind::Dropped, 0)]
        );
        // Break the tracker -> sink -> slot -> tracker cycle.
        slot.lock().unwrap().take();
    });
}

#[test]
fn every_value_is_dropped_once_across_threads() {
    let drops = DropCounter::new();
    let tracker = Tracker::new();
    let per_thread = if cfg!(miri) { 5 } else { 200 };
    thread::scope(|s| {
        for _ in 0..2 {
            let (tracker, drops) = (tracker.clone(), drops.clone());
            s.spawn(move || {
                let kept: Vec<_> = (0..per_thread)
                    .map(|i| tracker.track(drops.track(i)))
                    .collect();
                drop(kept);
            });
        }
    });
    assert_eq!(tracker.live(), 0);
    let stats = tracker.all_stats();
    assert_eq!(stats.len(), 1);
    assert_eq!(stats[0].total, 2 * per_thread);
    assert!(stats[0].peak >= per_thread);
    drops.assert_all_dropped_once();
}

#[test]
fn deref_debug_and_display_reach_the_value() {
    let tracker = Tracker::new();
    let mut b = tracker.track(String::from("x"));
    b.push('y');
    assert_eq!(format!("{b}"), "xy");
    assert!(format!("{b:?}").contains("\"xy\""));
    assert!(format!("{tracker:?}").contains("live: 1"));
}
