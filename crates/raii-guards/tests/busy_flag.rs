//! `BusyFlag`: a non-reentrant section, released on every exit path.
#![cfg(feature = "std")]

use ownership_raii_guards::BusyFlag;
use static_assertions::assert_not_impl_any;
use std::panic::{self, AssertUnwindSafe};

assert_not_impl_any!(BusyFlag: Sync);

#[test]
fn refuses_reentry_and_releases_on_normal_exit() {
    let busy = BusyFlag::new();
    {
        let _g = busy.try_acquire().expect("free");
        assert!(busy.is_busy());
        assert!(busy.try_acquire().is_none());
    }
    assert!(!busy.is_busy());
}

#[test]
fn releases_on_early_return() {
    fn section(busy: &BusyFlag, fail: bool) -> Result<(), &'static str> {
        let _g = busy.try_acquire().ok_or("re-entered")?;
        if fail {
            return Err("failed");
        }
        Ok(())
    }
    let busy = BusyFlag::new();
    assert_eq!(section(&busy, true), Err("failed"));
    assert!(!busy.is_busy());
    assert_eq!(section(&busy, false), Ok(()));
}

#[test]
fn releases_on_unwind() {
    let busy = BusyFlag::new();
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let _g = busy.try_acquire().unwrap();
        panic!("boom");
    }));
    assert!(caught.is_err());
    assert!(!busy.is_busy());
}

#[test]
fn a_recursive_callback_is_refused_not_run_twice() {
    struct Widget {
        busy: BusyFlag,
        refreshes: std::cell::Cell<u32>,
    }
    impl Widget {
        fn refresh(&self) -> bool {
            let Some(_g) = self.busy.try_acquire() else {
                return false;
            };
            self.refreshes.set(self.refreshes.get() + 1);
            // A callback that calls back into us: refused while we run.
            assert!(!self.refresh());
            true
        }
    }
    let w = Widget {
        busy: BusyFlag::new(),
        refreshes: std::cell::Cell::new(0),
    };
    assert!(w.refresh());
    assert!(w.refresh());
    assert_eq!(w.refreshes.get(), 2);
}
