//! Public API tests for `ScopeGuard`, its strategies and the `defer!` macros.

use ownership_raii_guards::{ScopeGuard, guard};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use test_support::{CountingAlloc, DropCounter};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// Runs `body` and swallows its panic, returning whether it panicked.
fn panics(body: impl FnOnce()) -> bool {
    panic::catch_unwind(AssertUnwindSafe(body)).is_err()
}

#[test]
fn runs_once_on_normal_exit() {
    let runs = Cell::new(0);
    {
        let _g = guard((), |()| runs.set(runs.get() + 1));
        assert_eq!(runs.get(), 0, "not before the scope ends");
    }
    assert_eq!(runs.get(), 1);
}

#[test]
fn runs_once_on_early_return() {
    fn work(runs: &Cell<u32>, fail: bool) -> Result<u32, &'static str> {
        let _g = guard((), |()| runs.set(runs.get() + 1));
        if fail {
            return Err("early");
        }
        Ok(7)
    }
    let runs = Cell::new(0);
    assert_eq!(work(&runs, true), Err("early"));
    assert_eq!(runs.get(), 1);
    assert_eq!(work(&runs, false), Ok(7));
    assert_eq!(runs.get(), 2);
}

#[test]
fn runs_once_on_unwind_and_gets_the_value() {
    let seen = Cell::new(None);
    assert!(panics(|| {
        let mut g = guard(10, |v| seen.set(Some(v)));
        *g += 1;
        panic!("boom");
    }));
    assert_eq!(
        seen.get(),
        Some(11),
        "the closure got the value as changed through DerefMut"
    );
}

#[test]
fn into_inner_defuses_and_returns_the_value_undropped() {
    let drops = DropCounter::new();
    let runs = Cell::new(0);
    let g = guard(drops.track(5), |_| runs.set(runs.get() + 1));
    let value = ScopeGuard::into_inner(g);
    assert_eq!((*value, drops.dropped(), runs.get()), (5, 0, 0));
    drop(value);
    assert_eq!(runs.get(), 0);
    drops.assert_all_dropped_once();
}

#[test]
fn into_inner_drops_the_closure_and_what_it_captured_once() {
    let drops = DropCounter::new();
    let captured = drops.track("captured");
    let g = guard((), move |()| drop(captured));
    ScopeGuard::into_inner(g);
    drops.assert_all_dropped_once();
}

#[test]
fn dismiss_stops_the_closure_and_drops_the_value_once() {
    let drops = DropCounter::new();
    let runs = Cell::new(0);
    assert!(panics(|| {
        let mut g = guard(drops.track(1), |_| runs.set(runs.get() + 1));
        ScopeGuard::dismiss(&mut g);
        assert!(!ScopeGuard::is_armed(&g));
        panic!("a dismissed guard stays quiet even on unwind");
    }));
    assert_eq!(runs.get(), 0);
    drops.assert_all_dropped_once();
}

#[test]
fn run_now_runs_once_and_not_again_at_scope_end() {
    let runs = Cell::new(0);
    {
        let g = guard((), |()| runs.set(runs.get() + 1));
        ScopeGuard::run_now(g);
        assert_eq!(runs.get(), 1);
    }
    assert_eq!(runs.get(), 1);
}

#[test]
fn run_now_after_dismiss_does_nothing() {
    let drops = DropCounter::new();
    let runs = Cell::new(0);
    let mut g = guard(drops.track(()), |_| runs.set(runs.get() + 1));
    ScopeGuard::dismiss(&mut g);
    ScopeGuard::run_now(g);
    assert_eq!(runs.get(), 0);
    drops.assert_all_dropped_once();
}

#[test]
fn the_value_is_dropped_exactly_once_on_every_path() {
    let drops = DropCounter::new();
    drop(guard(drops.track(0), drop)); // runs: the closure drops it
    ScopeGuard::run_now(guard(drops.track(1), drop));
    let _ = panics(|| {
        let _g = guard(drops.track(2), drop);
        panic!("unwind");
    });
    drop(ScopeGuard::into_inner(guard(drops.track(3), drop)));
    assert_eq!(drops.created(), 4);
    drops.assert_all_dropped_once();
}

#[test]
fn guards_drop_in_reverse_order() {
    let order = std::cell::RefCell::new(Vec::new());
    {
        let _a = guard('a', |c| order.borrow_mut().push(c));
        let _b = guard('b', |c| order.borrow_mut().push(c));
    }
    assert_eq!(*order.borrow(), ['b', 'a']);
}

#[test]
fn a_guard_makes_no_allocation() {
    let runs = Cell::new(0);
    let ((), stats) = CountingAlloc::measure(|| {
        let mut g = guard([0u8; 64], |buf| runs.set(runs.get() + u32::from(buf[0])));
        g[0] = 3;
        drop(g);
        ownership_raii_guards::defer! { runs.set(runs.get() + 1); }
    });
    stats.assert_no_allocations();
    assert_eq!(runs.get(), 4);
}

#[test]
fn defer_runs_on_normal_exit_early_return_and_unwind() {
    fn early(runs: &Cell<u32>) -> Option<()> {
        ownership_raii_guards::defer! { runs.set(runs.get() + 1); }
        None?;
        unreachable!()
    }
    let runs = Cell::new(0);
    {
        ownership_raii_guards::defer! { runs.set(runs.get() + 1); }
    }
    assert_eq!(runs.get(), 1);
    assert_eq!(early(&runs), None);
    assert_eq!(runs.get(), 2);
    assert!(panics(|| {
        ownership_raii_guards::defer! { runs.set(runs.get() + 1); }
        panic!("boom");
    }));
    assert_eq!(runs.get(), 3);
}

#[test]
fn debug_shows_the_value_and_whether_armed() {
    let mut g = guard(42, |_| {});
    ScopeGuard::dismiss(&mut g);
    let text = format!("{g:?}");
    assert!(
        text.contains("value: 42") && text.contains("armed: false"),
        "{text}"
    );
}

mod send_sync {
    use super::*;
    use static_assertions::{assert_impl_all, assert_not_impl_any};
    use std::rc::Rc;

    assert_impl_all!(ScopeGuard<Vec<u8>, fn(Vec<u8>)>: Send, Sync);
    assert_not_impl_any!(ScopeGuard<Rc<u8>, fn(Rc<u8>)>: Send, Sync);
    assert_not_impl_any!(ScopeGuard<Cell<u8>, fn(Cell<u8>)>: Sync);
    assert_impl_all!(ScopeGuard<Cell<u8>, fn(Cell<u8>)>: Send);
}

/// A value whose `Drop` panics; the tracked field records that it was dropped all the same.
struct PanicOnDrop {
    _tracked: test_support::Tracked<()>,
}

impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        panic!("PanicOnDrop::drop");
    }
}

#[test]
fn a_panicking_closure_runs_once_and_drops_its_value_once() {
    let drops = DropCounter::new();
    let runs = Cell::new(0);
    for strategy_run in [false, true] {
        assert!(panics(|| {
            let g = guard(drops.track(()), |_v| {
                runs.set(runs.get() + 1);
                panic!("the cleanup fails");
            });
            if strategy_run {
                ScopeGuard::run_now(g);
            }
        }));
    }
    assert_eq!(runs.get(), 2, "once per guard, never again on unwind");
    drops.assert_all_dropped_once();
}

#[test]
fn a_value_whose_drop_panics_still_lets_the_closure_be_dropped_once() {
    let drops = DropCounter::new();
    let runs = Cell::new(0);
    let captured = drops.track("captured");
    let runs_ref = &runs;
    assert!(panics(|| {
        let mut g = guard(
            PanicOnDrop {
                _tracked: drops.track(()),
            },
            move |_v| {
                let _keep = &captured;
                runs_ref.set(runs_ref.get() + 1);
            },
        );
        ScopeGuard::dismiss(&mut g);
    }));
    assert_eq!(runs.get(), 0, "dismissed");
    assert_eq!(drops.created(), 2);
    drops.assert_all_dropped_once();
}

#[test]
fn a_closure_whose_drop_panics_in_into_inner_still_drops_the_value_once() {
    let drops = DropCounter::new();
    let poisoned = PanicOnDrop {
        _tracked: drops.track(()),
    };
    assert!(panics(|| {
        let g = guard(drops.track("value"), move |_v| {
            let _keep = &poisoned;
        });
        let _ = ScopeGuard::into_inner(g);
    }));
    assert_eq!(drops.created(), 2);
    drops.assert_all_dropped_once();
}
