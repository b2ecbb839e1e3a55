//! A bank transfer between two locked accounts, made deadlock-free by `lock_both`'s global lock order.
//!
//! Two threads move money between the same two accounts in opposite directions, 100,000
//! times each. Locking `from` then `to` naively deadlocks as soon as each thread holds one
//! account; `lock_both` always locks the lower address first, so this finishes.
//!
//! Run with `cargo run -p ownership-sync-counter --example bank`.

use std::sync::Arc;
use std::thread;

use ownership_sync_counter::lock::{SameMutex, lock_both};
use parking_lot::Mutex;

const TRANSFERS: usize = 100_000;

/// An account balance in cents.
type Account = Mutex<i64>;

/// Moves `amount` from one account to another, atomically with respect to both.
fn transfer(from: &Account, to: &Account, amount: i64) -> Result<(), SameMutex> {
    let (mut from, mut to) = lock_both(from, to)?;
    *from -= amount;
    *to += amount;
    Ok(())
}

fn main() {
    let alice = Arc::new(Account::new(1_000_000));
    let bob = Arc::new(Account::new(1_000_000));
    let before = *alice.lock() + *bob.lock();

    let spawn = |from: Arc<Account>, to: Arc<Account>, amount: i64| {
        thread::spawn(move || {
            for _ in 0..TRANSFERS {
                transfer(&from, &to, amount).expect("two different accounts");
            }
        })
    };
    let a_to_b = spawn(Arc::clone(&alice), Arc::clone(&bob), 3);
    let b_to_a = spawn(Arc::clone(&bob), Arc::clone(&alice), 2);
    a_to_b.join().expect("alice -> bob");
    b_to_a.join().expect("bob -> alice");

    let (a, b) = (*alice.lock(), *bob.lock());
    println!("{TRANSFERS} transfers each way on 2 threads: finished, no deadlock");
    println!("alice: {a}, bob: {b}");
    println!("total before: {before}, after: {} (conserved)", a + b);
    assert_eq!(a + b, before);
    assert_eq!(a, 1_000_000 - TRANSFERS as i64, "net 1 cent per round trip");

    match transfer(&alice, &alice, 10) {
        Err(err) => println!("self-transfer refused: {err}"),
        Ok(()) => unreachable!("the same mutex twice is an error"),
    }
}
