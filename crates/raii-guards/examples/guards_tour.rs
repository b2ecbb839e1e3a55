//! A tour of the guards: each one fires on normal return, on early return and on panic.
//!
//! Run with `cargo run -p ownership-raii-guards --example guards_tour`.

use ownership_raii_guards::{
    BusyFlag, Pool, ScopeGuard, ScopeTimer, TempFile, Transaction, defer, guard, guard_on_unwind,
    replace_guard,
};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};

/// How a scope ends.
#[derive(Clone, Copy, Debug)]
enum Exit {
    Return,
    EarlyReturn,
    Panic,
}

impl Exit {
    /// Ends the scope this way: `Err` is turned into an early return by `?`.
    fn end(self) -> Result<(), ()> {
        match self {
            Exit::Return => Ok(()),
            Exit::EarlyReturn => Err(()),
            Exit::Panic => panic!("tour panic"),
        }
    }
}

/// Runs a scope, catching its panic.
fn scope(body: impl FnOnce() -> Result<(), ()>) {
    let _ = panic::catch_unwind(AssertUnwindSafe(body));
}

/// One guard, tried with one kind of exit: returns what was observed afterwards and whether
/// that is what the guard promises.
fn tour(name: &str, exit: Exit) -> (String, bool) {
    match name {
        "ScopeGuard+defer!" => {
            let ran = Cell::new(0);
            scope(|| {
                let _g = guard((), |()| ran.set(ran.get() + 1));
                defer! { ran.set(ran.get() + 1); }
                exit.end()
            });
            (format!("ran {}/2", ran.get()), ran.get() == 2)
        }
        "guard_on_unwind" => {
            let ran = Cell::new(false);
            scope(|| {
                let _g = guard_on_unwind((), |()| ran.set(true));
                exit.end()
            });
            let expected = matches!(exit, Exit::Panic);
            (
                if ran.get() { "ran" } else { "quiet" }.into(),
                ran.get() == expected,
            )
        }
        "replace_guard" => {
            let mut mode = "normal";
            scope(|| {
                let _m = replace_guard(&mut mode, "maintenance");
                exit.end()
            });
            (format!("mode={mode}"), mode == "normal")
        }
        "BusyFlag" => {
            let busy = BusyFlag::new();
            scope(|| {
                let _b = busy.try_acquire().ok_or(())?;
                exit.end()
            });
            (format!("busy={}", busy.is_busy()), !busy.is_busy())
        }
        "Transaction" => {
            let mut ledger = vec![1];
            scope(|| {
                let mut tx = Transaction::new(&mut ledger);
                tx.push(2);
                tx.on_rollback(|l| {
                    l.pop();
                });
                exit.end()?;
                Ok(()) // dropped without commit: rolled back
            });
            (format!("{ledger:?}"), ledger == [1])
        }
        "ScopeTimer" => {
            let reports = Cell::new(0);
            scope(|| {
                let _t = ScopeTimer::new("step", |_: &str, _| reports.set(reports.get() + 1));
                exit.end()
            });
            (format!("{} report", reports.get()), reports.get() == 1)
        }
        "Pool" => {
            let pool = Pool::new(std::num::NonZeroUsize::MIN, || vec![0u8; 1024]);
            scope(|| {
                let _buf = pool.acquire();
                exit.end()
            });
            (format!("idle {}/1", pool.idle()), pool.idle() == 1)
        }
        "TempFile" => {
            let mut path = None;
            scope(|| {
                let f = TempFile::new().map_err(|_| ())?;
                path = Some(f.path().to_path_buf());
                exit.end()
            });
            let deleted = path.is_some_and(|p| !p.exists());
            (if deleted { "deleted" } else { "LEFT" }.into(), deleted)
        }
        _ => unreachable!("every guard of the tour is listed in main"),
    }
}

fn main() {
    // The panics are on purpose: silence the default report to keep the output short.
    panic::set_hook(Box::new(|_| {}));
    let guards = [
        "ScopeGuard+defer!",
        "guard_on_unwind",
        "replace_guard",
        "BusyFlag",
        "Transaction",
        "ScopeTimer",
        "Pool",
        "TempFile",
    ];
    let exits = [Exit::Return, Exit::EarlyReturn, Exit::Panic];
    let (mut kept, mut total) = (0, 0);
    println!(
        "{:<18} {:<14} {:<14} panic",
        "guard", "return", "early return"
    );
    for name in guards {
        let cells: Vec<String> = exits
            .iter()
            .map(|&exit| {
                let (seen, ok) = tour(name, exit);
                total += 1;
                kept += u32::from(ok);
                if ok { seen } else { format!("BROKEN: {seen}") }
            })
            .collect();
        println!("{name:<18} {:<14} {:<14} {}", cells[0], cells[1], cells[2]);
    }

    // The defused forms stay quiet.
    let ran = Cell::new(false);
    let mut g = guard((), |()| ran.set(true));
    ScopeGuard::dismiss(&mut g);
    drop(g);
    let mut ledger = vec![1];
    let mut tx = Transaction::new(&mut ledger);
    tx.push(2);
    tx.on_rollback(|l| {
        l.pop();
    });
    tx.commit();
    let _ = panic::take_hook();
    println!(
        "defused: dismissed guard ran={}, committed ledger={ledger:?}",
        ran.get()
    );

    println!(
        "promises kept: {kept}/{total}; cleanups skipped by an early return or a panic: {}",
        total - kept
    );
    assert_eq!(kept, total);
    assert!(!ran.get() && ledger == [1, 2]);
}
