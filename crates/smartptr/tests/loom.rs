//! loom model of `IntrusiveArc`'s reference count: two threads cloning and dropping, and the
//! value dropped exactly once, after its last owner.
//!
//! Run with `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=2 cargo test -p ownership-smartptr --release
//! --test loom` (`cargo xtask loom`). loom explores the interleavings and memory-order outcomes;
//! its `UnsafeCell` catches a read of the value that races with its drop.
#![cfg(loom)]

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use ownership_smartptr::IntrusiveArc;

/// A value that counts its drops and whose reads and drop loom checks for races.
struct Probe {
    data: UnsafeCell<u32>,
    drops: Arc<AtomicUsize>,
}

impl Probe {
    fn read(&self) -> u32 {
        // SAFETY: shared reads only; loom reports a read racing with the write in `drop`.
        self.data.with(|p| unsafe { *p })
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        // A write loom checks against every read made through the other owners.
        self.data.with_mut(|p| {
            // SAFETY: `&mut self`: the value is being dropped by its one remaining owner.
            unsafe { *p = 0 }
        });
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

fn probe(drops: &Arc<AtomicUsize>) -> Probe {
    Probe {
        data: UnsafeCell::new(7),
        drops: Arc::clone(drops),
    }
}

#[test]
fn two_threads_clone_and_drop_and_the_value_is_dropped_once_after_the_last_owner() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let a = IntrusiveArc::new(probe(&drops));
        let b = a.clone();
        let t = thread::spawn(move || {
            let c = b.clone();
            assert_eq!(c.read(), 7);
            drop(b);
            assert_eq!(c.read(), 7);
            drop(c);
        });
        let d = a.clone();
        assert_eq!(a.read(), 7);
        drop(a);
        assert_eq!(d.read(), 7);
        drop(d);
        t.join().unwrap();
        assert_eq!(drops.load(Ordering::Relaxed), 1);
    });
}

#[test]
fn get_mut_after_the_other_owner_drops_does_not_race_with_its_reads() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let mut a = IntrusiveArc::new(probe(&drops));
        let b = a.clone();
        let t = thread::spawn(move || {
            assert_eq!(b.read(), 7);
            drop(b);
        });
        // Spin until the other thread has dropped its pointer, then write.
        loop {
            if let Some(probe) = IntrusiveArc::get_mut(&mut a) {
                probe.data.with_mut(|p| {
                    // SAFETY: `get_mut` gave us the only pointer.
                    unsafe { *p = 8 }
                });
                break;
            }
            thread::yield_now();
        }
        t.join().unwrap();
        assert_eq!(a.read(), 8);
        drop(a);
        assert_eq!(drops.load(Ordering::Relaxed), 1);
    });
}

#[test]
fn into_inner_on_both_threads_gives_the_value_to_exactly_one() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let a = IntrusiveArc::new(probe(&drops));
        let b = a.clone();
        let t = thread::spawn(move || IntrusiveArc::into_inner(b).map(|p| p.read()));
        let mine = IntrusiveArc::into_inner(a).map(|p| p.read());
        let theirs = t.join().unwrap();
        assert_eq!(mine.or(theirs), Some(7));
        assert!(mine.is_none() || theirs.is_none());
        assert_eq!(drops.load(Ordering::Relaxed), 1);
    });
}
