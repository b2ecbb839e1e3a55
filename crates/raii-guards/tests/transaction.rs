//! `Transaction` and `Savepoint`: undo newest first unless committed, on every exit path.
#![cfg(feature = "std")]

use ownership_raii_guards::Transaction;
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};

/// A log of changes with undo actions that record that they ran.
#[derive(Debug, Default)]
struct Ledger {
    entries: Vec<u32>,
    undone: Vec<u32>,
}

fn push(tx: &mut Transaction<'_, Ledger>, n: u32) {
    tx.entries.push(n);
    tx.on_rollback(move |l| {
        assert_eq!(l.entries.pop(), Some(n), "undo runs newest first");
        l.undone.push(n);
    });
}

#[test]
fn rolls_back_newest_first_on_normal_exit_without_commit() {
    let mut l = Ledger::default();
    {
        let mut tx = Transaction::new(&mut l);
        for n in 1..=3 {
            push(&mut tx, n);
        }
    }
    assert!(l.entries.is_empty());
    assert_eq!(l.undone, [3, 2, 1]);
}

#[test]
fn rolls_back_on_early_return() {
    fn work(l: &mut Ledger) -> Result<(), &'static str> {
        let mut tx = Transaction::new(l);
        push(&mut tx, 1);
        Err("step 2 failed")?;
        tx.commit();
        Ok(())
    }
    let mut l = Ledger::default();
    assert!(work(&mut l).is_err());
    assert_eq!((l.entries.len(), l.undone.as_slice()), (0, &[1][..]));
}

#[test]
fn rolls_back_on_unwind() {
    let mut l = Ledger::default();
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut tx = Transaction::new(&mut l);
        push(&mut tx, 1);
        push(&mut tx, 2);
        panic!("boom");
    }));
    assert!(caught.is_err());
    assert_eq!((l.entries.len(), l.undone.as_slice()), (0, &[2, 1][..]));
}

#[test]
fn commit_runs_nothing_and_keeps_the_changes() {
    let mut l = Ledger::default();
    let mut tx = Transaction::new(&mut l);
    push(&mut tx, 1);
    push(&mut tx, 2);
    tx.commit();
    assert_eq!(l.entries, [1, 2]);
    assert!(l.undone.is_empty());
}

#[test]
fn explicit_rollback_runs_each_undo_once() {
    let mut l = Ledger::default();
    let mut tx = Transaction::new(&mut l);
    push(&mut tx, 7);
    tx.rollback();
    assert_eq!(l.undone, [7]);
}

#[test]
fn a_rolled_back_savepoint_undoes_only_its_own_changes() {
    let mut l = Ledger::default();
    let mut tx = Transaction::new(&mut l);
    push(&mut tx, 1);
    {
        let mut sp = tx.savepoint();
        sp.entries.push(2);
        sp.on_rollback(|l| {
            l.entries.pop();
            l.undone.push(2);
        });
        assert_eq!(sp.len(), 1);
    }
    assert_eq!(
        (tx.entries.as_slice(), tx.undone.as_slice()),
        (&[1][..], &[2][..])
    );
    assert_eq!(tx.len(), 1);
    tx.commit();
    assert_eq!(l.entries, [1]);
}

#[test]
fn a_committed_savepoint_is_still_undone_by_the_outer_rollback() {
    let mut l = Ledger::default();
    {
        let mut tx = Transaction::new(&mut l);
        push(&mut tx, 1);
        let mut sp = tx.savepoint();
        sp.entries.push(2);
        sp.on_rollback(|l| {
            l.entries.pop();
            l.undone.push(2);
        });
        sp.commit();
        assert_eq!(tx.len(), 2);
    }
    assert_eq!(l.undone, [2, 1]);
    assert!(l.entries.is_empty());
}

#[test]
fn nested_savepoints_roll_back_independently_and_on_unwind() {
    let mut v: Vec<char> = Vec::new();
    let mut tx = Transaction::new(&mut v);
    let undo_pop = |v: &mut Vec<char>| {
        v.pop();
    };
    tx.push('a');
    tx.on_rollback(undo_pop);
    {
        let mut outer = tx.savepoint();
        outer.push('b');
        outer.on_rollback(undo_pop);
        let caught = panic::catch_unwind(AssertUnwindSafe(|| {
            let mut inner = outer.savepoint();
            inner.push('c');
            inner.on_rollback(undo_pop);
            panic!("inner step failed");
        }));
        assert!(caught.is_err());
        assert_eq!(*outer, ['a', 'b'], "only the inner savepoint was undone");
        outer.commit();
    }
    assert_eq!(*tx, ['a', 'b']);
    tx.commit();
    assert_eq!(v, ['a', 'b']);
}

/// The example: a `Vec` and a `HashMap` updated together, rolled back on error.
#[derive(Debug, Default)]
struct Inventory {
    items: Vec<String>,
    index: HashMap<String, usize>,
}

fn add_all(inv: &mut Inventory, names: &[&str]) -> Result<(), String> {
    let mut tx = Transaction::new(inv);
    for &name in names {
        if tx.index.contains_key(name) {
            return Err(format!("{name} is already in the inventory"));
        }
        tx.items.push(name.to_owned());
        tx.on_rollback(|inv| {
            inv.items.pop();
        });
        let at = tx.items.len() - 1;
        tx.index.insert(name.to_owned(), at);
        let key = name.to_owned();
        tx.on_rollback(move |inv| {
            inv.index.remove(&key);
        });
    }
    tx.commit();
    Ok(())
}

#[test]
fn vec_and_hashmap_change_together_or_not_at_all() {
    let mut inv = Inventory::default();
    add_all(&mut inv, &["bolt", "nut"]).unwrap();
    let err = add_all(&mut inv, &["washer", "gear", "bolt"]).unwrap_err();
    assert_eq!(err, "bolt is already in the inventory");
    assert_eq!(inv.items, ["bolt", "nut"]);
    assert_eq!(inv.index.len(), 2);
    assert_eq!((inv.index["bolt"], inv.index["nut"]), (0, 1));
}

#[test]
fn undo_actions_that_were_never_run_are_dropped_once() {
    let drops = test_support::DropCounter::new();
    let mut n = 0;
    let mut tx = Transaction::new(&mut n);
    let captured = drops.track(());
    tx.on_rollback(move |_| drop(captured));
    let captured = drops.track(());
    tx.on_rollback(move |_| drop(captured));
    tx.commit();
    drops.assert_all_dropped_once();
}

/// Records an undo action that logs its number (and panics if `fails`), holding a tracked
/// value so that a leak or a double drop shows.
fn record<'a>(
    on_rollback: impl FnOnce(Box<dyn FnOnce(&mut Vec<u32>) + 'a>),
    drops: &test_support::DropCounter,
    n: u32,
    fails: bool,
) {
    let held = drops.track(n);
    on_rollback(Box::new(move |ran: &mut Vec<u32>| {
        ran.push(*held);
        assert!(!fails, "undo action {n} fails");
    }));
}

#[test]
fn a_panicking_undo_stops_the_rollback_and_nothing_runs_twice_or_leaks() {
    let drops = test_support::DropCounter::new();
    let mut ran = Vec::new();
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut tx = Transaction::new(&mut ran);
        record(|u| tx.on_rollback(u), &drops, 1, false);
        record(|u| tx.on_rollback(u), &drops, 2, true);
        record(|u| tx.on_rollback(u), &drops, 3, false);
    }));
    assert!(caught.is_err());
    assert_eq!(
        ran,
        [3, 2],
        "newest first; stopped at the one that panicked"
    );
    assert_eq!(drops.created(), 3);
    drops.assert_all_dropped_once();
}

#[test]
fn a_savepoint_whose_undo_panics_leaves_its_older_actions_to_the_transaction() {
    let drops = test_support::DropCounter::new();
    let mut ran = Vec::new();
    let mut tx = Transaction::new(&mut ran);
    record(|u| tx.on_rollback(u), &drops, 1, false);
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut sp = tx.savepoint();
        record(|u| sp.on_rollback(u), &drops, 2, false);
        record(|u| sp.on_rollback(u), &drops, 3, true);
    }));
    assert!(caught.is_err());
    assert_eq!(
        *tx,
        [3],
        "the savepoint's rollback stopped at the panicking action"
    );
    assert_eq!(
        tx.len(),
        2,
        "action 2 was not run: it stays in the transaction's log"
    );
    tx.rollback();
    assert_eq!(ran, [3, 2, 1], "each ran exactly once");
    drops.assert_all_dropped_once();
}
