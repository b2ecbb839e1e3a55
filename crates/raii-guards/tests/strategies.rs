//! The on-success and on-unwind strategies, including guards created while already panicking.
#![cfg(feature = "std")]

use ownership_raii_guards::{defer_on_success, defer_on_unwind, guard_on_success, guard_on_unwind};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};

fn panics(body: impl FnOnce()) -> bool {
    panic::catch_unwind(AssertUnwindSafe(body)).is_err()
}

/// Runs `f` from a destructor while a panic unwinds, then catches that panic.
fn during_unwind(f: impl FnOnce()) {
    struct RunOnDrop<F: FnOnce()>(Option<F>);
    impl<F: FnOnce()> Drop for RunOnDrop<F> {
        fn drop(&mut self) {
            if let Some(f) = self.0.take() {
                f();
            }
        }
    }
    assert!(panics(|| {
        let _d = RunOnDrop(Some(f));
        panic!("the outer panic");
    }));
}

/// Which of an on-success and an on-unwind guard ran, each counted.
#[derive(Default)]
struct Runs {
    success: Cell<u32>,
    unwind: Cell<u32>,
}

impl Runs {
    /// Both guards in one value; dropping it drops both.
    fn both_guards(&self) -> impl Sized + '_ {
        let s = guard_on_success(&self.success, |c| c.set(c.get() + 1));
        let u = guard_on_unwind(&self.unwind, |c| c.set(c.get() + 1));
        (s, u)
    }

    fn counts(&self) -> (u32, u32) {
        (self.success.get(), self.unwind.get())
    }
}

#[test]
fn normal_exit_runs_success_only() {
    let runs = Runs::default();
    drop(runs.both_guards());
    assert_eq!(runs.counts(), (1, 0));
}

#[test]
fn early_return_runs_success_only() {
    fn work(runs: &Runs) -> Result<(), ()> {
        let _g = runs.both_guards();
        Err(())?;
        Ok(())
    }
    let runs = Runs::default();
    assert!(work(&runs).is_err());
    assert_eq!(runs.counts(), (1, 0));
}

#[test]
fn unwind_runs_unwind_only() {
    let runs = Runs::default();
    assert!(panics(|| {
        let _g = runs.both_guards();
        panic!("boom");
    }));
    assert_eq!(runs.counts(), (0, 1));
}

#[test]
fn a_guard_created_before_a_panic_runs_when_that_panic_drops_it_during_unwind() {
    let runs = Runs::default();
    let g = runs.both_guards();
    // The guard is dropped from a destructor during unwinding: for it this is a new panic.
    during_unwind(move || drop(g));
    assert_eq!(runs.counts(), (0, 1));
}

#[test]
fn a_guard_created_while_panicking_does_not_mistake_the_old_panic_for_a_new_one() {
    // scopeguard#43: created inside a Drop that runs during unwinding, its scope ends normally.
    let runs = Runs::default();
    let panicking_inside = Cell::new(false);
    during_unwind(|| {
        panicking_inside.set(std::thread::panicking());
        drop(runs.both_guards());
    });
    assert!(
        panicking_inside.get(),
        "the scenario really ran during unwinding"
    );
    assert_eq!(
        runs.counts(),
        (1, 0),
        "normal exit of its own scope: on-success runs"
    );
}

#[test]
fn nested_catch_unwind_inside_a_drop_a_guard_from_outside_the_inner_scope_is_not_confused() {
    // During the outer unwind, an inner panic is raised and caught inside the destructor. A
    // guard created (while panicking) around the inner catch_unwind is not unwound through by
    // the inner panic, so it must treat its scope as a success.
    let runs = Runs::default();
    let inner_caught = Cell::new(false);
    during_unwind(|| {
        let _g = runs.both_guards();
        inner_caught.set(panics(|| panic!("the inner panic")));
    });
    assert!(inner_caught.get());
    assert_eq!(runs.counts(), (1, 0));
}

#[test]
fn nested_panic_inside_a_drop_is_invisible_to_a_guard_created_while_panicking() {
    // The documented limit: std only says "panicking", not how many panics are in flight, so a
    // guard created during the outer unwind cannot see a second panic unwinding through it.
    // It errs towards "success" (OnSuccess and OnUnwind stay exact complements).
    let runs = Runs::default();
    let inner_caught = Cell::new(false);
    during_unwind(|| {
        inner_caught.set(panics(|| {
            let _g = runs.both_guards();
            panic!("the inner panic");
        }));
    });
    assert!(inner_caught.get());
    assert_eq!(runs.counts(), (1, 0));
}

#[test]
fn nested_catch_unwind_without_an_outer_panic_sees_each_panic() {
    let runs = Runs::default();
    assert!(panics(|| {
        let _outer = runs.both_guards();
        assert!(panics(|| {
            let _inner = runs.both_guards();
            panic!("inner");
        }));
        assert_eq!(runs.counts(), (0, 1), "inner guard saw the inner panic");
        // Created after the catch: the thread is not panicking any more.
        drop(runs.both_guards());
        assert_eq!(runs.counts(), (1, 1));
        panic!("outer");
    }));
    assert_eq!(runs.counts(), (1, 2), "outer guard saw the outer panic");
}

#[test]
fn defer_variants_follow_their_strategy() {
    let success = Cell::new(0);
    let unwind = Cell::new(0);
    {
        defer_on_success! { success.set(success.get() + 1); }
        defer_on_unwind! { unwind.set(unwind.get() + 1); }
    }
    assert!(panics(|| {
        defer_on_success! { success.set(success.get() + 1); }
        defer_on_unwind! { unwind.set(unwind.get() + 1); }
        panic!("boom");
    }));
    assert_eq!((success.get(), unwind.get()), (1, 1));
}
