//! Public API tests of `try_update` and `try_lock_for`.

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use ownership_sync_counter::lock::{TimedOut, WouldBlock, try_lock_for, try_update};
use ownership_sync_counter::queue::Latch;
use parking_lot::Mutex;

static_assertions::assert_impl_all!(WouldBlock: std::error::Error, Send, Sync, Copy);
static_assertions::assert_impl_all!(TimedOut: std::error::Error, Send, Sync, Copy);

#[test]
fn try_update_never_waits_for_another_thread() {
    let m = Arc::new(Mutex::new(0));
    let (locked, release) = (Arc::new(Latch::new()), Arc::new(Latch::new()));
    let holder = {
        let (m, locked, release) = (Arc::clone(&m), Arc::clone(&locked), Arc::clone(&release));
        thread::spawn(move || {
            let _guard = m.lock();
            locked.open();
            release.wait();
        })
    };
    locked.wait();
    let mut called = false;
    assert_eq!(
        try_update(&m, |v| {
            called = true;
            *v += 1
        }),
        Err(WouldBlock)
    );
    assert!(!called, "f is not run when the lock is busy");
    release.open();
    holder.join().unwrap();
    assert_eq!(
        try_update(&m, |v| {
            *v += 1;
            *v
        }),
        Ok(1)
    );
}

#[test]
fn try_lock_for_times_out_on_a_held_lock_and_succeeds_on_a_free_one() {
    let m = Mutex::new(5);
    let held = m.lock();
    let err = try_lock_for(&m, Duration::from_millis(5)).unwrap_err();
    assert_eq!(err.timeout(), Duration::from_millis(5));
    assert!(err.to_string().contains("still locked after waiting 5ms"));
    drop(held);
    assert_eq!(*try_lock_for(&m, Duration::from_millis(5)).unwrap(), 5);
}

#[test]
fn error_messages_say_what_to_do() {
    assert!(WouldBlock.to_string().contains("try again later"));
}
