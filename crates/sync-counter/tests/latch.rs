//! Public API tests of `Latch`.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use common::watchdog;
use ownership_sync_counter::queue::Latch;

static_assertions::assert_impl_all!(Latch: Send, Sync, Default, std::fmt::Debug);

#[test]
fn opening_releases_every_waiter_and_no_one_passes_before() {
    let passed = watchdog("waiters on an opened latch", || {
        let latch = Arc::new(Latch::new());
        let passed = Arc::new(AtomicUsize::new(0));
        let waiters: Vec<_> = (0..4)
            .map(|_| {
                let (latch, passed) = (Arc::clone(&latch), Arc::clone(&passed));
                thread::spawn(move || {
                    latch.wait();
                    passed.fetch_add(1, Ordering::SeqCst);
                })
            })
            .collect();
        assert!(!latch.wait_timeout(Duration::from_millis(1)));
        assert_eq!(passed.load(Ordering::SeqCst), 0, "closed: nobody passes");
        latch.open();
        waiters.into_iter().for_each(|w| w.join().unwrap());
        latch.wait(); // a later waiter passes at once
        passed.load(Ordering::SeqCst)
    });
    assert_eq!(passed, 4);
}
