//! `replace_guard` / `Restore`: the old value comes back on every exit path, exactly once.
#![cfg(feature = "std")]

use ownership_raii_guards::replace_guard;
use std::panic::{self, AssertUnwindSafe};
use test_support::DropCounter;

#[test]
fn restores_on_normal_exit() {
    let mut level = 1;
    {
        let mut g = replace_guard(&mut level, 5);
        assert_eq!((*g, *g.old()), (5, 1));
        *g += 1;
    }
    assert_eq!(level, 1);
}

#[test]
fn restores_on_early_return() {
    fn work(level: &mut u32) -> Result<(), String> {
        let g = replace_guard(level, 9);
        Err(format!("failed at level {}", *g))?;
        Ok(())
    }
    let mut level = 2;
    assert_eq!(work(&mut level), Err("failed at level 9".into()));
    assert_eq!(level, 2);
}

#[test]
fn restores_on_unwind() {
    let mut stack = vec!["root"];
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut g = replace_guard(&mut stack, vec!["temporary"]);
        g.push("more");
        panic!("boom");
    }));
    assert!(caught.is_err());
    assert_eq!(stack, ["root"]);
}

#[test]
fn keep_leaves_the_new_value_and_returns_the_old() {
    let mut mode = String::from("old");
    let old = replace_guard(&mut mode, String::from("new")).keep();
    assert_eq!((mode.as_str(), old.as_str()), ("new", "old"));
}

#[test]
fn nested_guards_unwind_in_order() {
    let mut depth = 0;
    {
        let mut outer = replace_guard(&mut depth, 1);
        {
            let inner = replace_guard(&mut *outer, 2);
            assert_eq!(*inner, 2);
        }
        assert_eq!(*outer, 1);
    }
    assert_eq!(depth, 0);
}

#[test]
fn every_value_is_dropped_exactly_once() {
    let drops = DropCounter::new();
    let mut slot = drops.track("a");
    {
        let _g = replace_guard(&mut slot, drops.track("b"));
    } // "b" is dropped, "a" is back
    assert_eq!(*slot, "a");
    let _ = panic::catch_unwind(AssertUnwindSafe(|| {
        let _g = replace_guard(&mut slot, drops.track("c"));
        panic!("unwind");
    }));
    let old = replace_guard(&mut slot, drops.track("d")).keep();
    drop(old);
    drop(slot);
    assert_eq!(drops.created(), 4);
    drops.assert_all_dropped_once();
}

/// A value that records its drops and can panic in `Drop`.
struct Fragile {
    name: &'static str,
    panic_in_drop: bool,
    _tracked: test_support::Tracked<()>,
}

impl Drop for Fragile {
    fn drop(&mut self) {
        if self.panic_in_drop {
            panic!("{} panics in drop", self.name);
        }
    }
}

#[test]
fn a_temporary_value_whose_drop_panics_still_gets_the_old_value_back() {
    let drops = DropCounter::new();
    let fragile = |name, panic_in_drop| Fragile {
        name,
        panic_in_drop,
        _tracked: drops.track(()),
    };
    let mut slot = fragile("old", false);
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        drop(replace_guard(&mut slot, fragile("temporary", true)));
    }));
    assert!(caught.is_err());
    assert_eq!(
        slot.name, "old",
        "restored although the temporary's drop panicked"
    );
    drop(slot);
    assert_eq!(drops.created(), 2);
    drops.assert_all_dropped_once();
}
