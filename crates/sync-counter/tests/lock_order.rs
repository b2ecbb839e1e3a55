//! Public API tests of `lock_both`: opposite-order transfers finish, guards keep argument order.

mod common;

use std::sync::Arc;
use std::thread;

use common::{ITERS, watchdog};
use ownership_sync_counter::lock::{SameMutex, lock_both};
use parking_lot::Mutex;

static_assertions::assert_impl_all!(SameMutex: std::error::Error, Send, Sync, Copy);

#[test]
fn opposite_transfers_finish_and_conserve_the_total() {
    let total = watchdog("two threads locking in opposite orders", || {
        let a = Arc::new(Mutex::new(1_000_000i64));
        let b = Arc::new(Mutex::new(1_000_000i64));
        let spawn = |from: Arc<Mutex<i64>>, to: Arc<Mutex<i64>>| {
            thread::spawn(move || {
                for _ in 0..ITERS * 10 {
                    let (mut from, mut to) = lock_both(&from, &to).unwrap();
                    *from -= 1;
                    *to += 1;
                }
            })
        };
        let ab = spawn(Arc::clone(&a), Arc::clone(&b));
        let ba = spawn(Arc::clone(&b), Arc::clone(&a));
        ab.join().unwrap();
        ba.join().unwrap();
        let (a, b) = (*a.lock(), *b.lock());
        assert_eq!(
            (a, b),
            (1_000_000, 1_000_000),
            "equal opposite flows cancel"
        );
        a + b
    });
    assert_eq!(total, 2_000_000);
}

#[test]
fn guards_come_back_in_argument_order_whatever_the_addresses() {
    let pair = [Mutex::new("low"), Mutex::new("high")];
    let (first, second) = lock_both(&pair[0], &pair[1]).unwrap();
    assert_eq!((*first, *second), ("low", "high"));
    drop((first, second));
    let (first, second) = lock_both(&pair[1], &pair[0]).unwrap();
    assert_eq!((*first, *second), ("high", "low"));
}

#[test]
fn the_same_mutex_twice_is_an_error_not_a_deadlock() {
    let m = Mutex::new(0);
    assert_eq!(lock_both(&m, &m).unwrap_err(), SameMutex);
    assert!(!m.is_locked(), "nothing was left locked");
    assert!(SameMutex.to_string().contains("same mutex twice"));
}
