//! Public API tests of `LocatedRefCell`: conflicts name the file and line of the borrow in
//! the way.

use std::error::Error;
use std::panic::{AssertUnwindSafe, catch_unwind};

use ownership_interior::LocatedRefCell;

fn here(line: u32) -> String {
    format!("{}:{line}:", file!())
}

fn panic_message(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .expect("a text panic message")
}

#[test]
fn borrow_while_mutably_borrowed_names_the_mutable_borrow() {
    let cell = LocatedRefCell::new(1);
    let guard = cell.borrow_mut();
    let line = line!() - 1;
    let err = cell.try_borrow().unwrap_err();
    assert_eq!(err.location().file(), file!());
    assert_eq!(err.location().line(), line);
    let text = err.to_string();
    assert!(text.starts_with("already mutably borrowed at "), "{text}");
    assert!(text.contains(&here(line)), "{text}");
    let message = panic_message(|| {
        let _ = cell.borrow();
    });
    assert!(message.contains(&here(line)), "{message}");
    assert!(
        message.starts_with("already mutably borrowed at "),
        "{message}"
    );
    drop(guard);
    assert_eq!(*cell.borrow(), 1);
}

#[test]
fn borrow_mut_while_mutably_borrowed_names_the_mutable_borrow() {
    let cell = LocatedRefCell::new(1);
    let _guard = cell.borrow_mut();
    let line = line!() - 1;
    let err = cell.try_borrow_mut().unwrap_err();
    assert!(err.is_mutable());
    assert_eq!(err.location().map(|l| l.line()), Some(line));
    let message = panic_message(|| {
        cell.replace(2);
    });
    assert!(message.contains(&here(line)), "{message}");
}

#[test]
fn borrow_mut_while_borrowed_names_the_shared_borrow() {
    let cell = LocatedRefCell::new(String::from("x"));
    let first = cell.borrow();
    let first_line = line!() - 1;
    let err = cell.try_borrow_mut().unwrap_err();
    assert!(!err.is_mutable());
    assert_eq!(err.location().unwrap().line(), first_line);
    assert!(err.to_string().starts_with("already borrowed at "), "{err}");
    assert!(err.to_string().contains(&here(first_line)), "{err}");

    let second = cell.borrow();
    let second_line = line!() - 1;
    let message = panic_message(|| {
        cell.take();
    });
    assert!(message.contains(&here(second_line)), "{message}");
    // Released newest first: the older borrow is named again.
    drop(second);
    assert_eq!(
        cell.try_borrow_mut()
            .unwrap_err()
            .location()
            .unwrap()
            .line(),
        first_line
    );
    drop(first);
    cell.borrow_mut().push('y');
    assert_eq!(*cell.borrow(), "xy");
}

#[test]
fn out_of_order_releases_never_name_a_released_borrow() {
    let cell = LocatedRefCell::new(0);
    let a = cell.borrow();
    let b = cell.borrow();
    let b_line = line!() - 1;
    let c = cell.borrow();
    let c_line = line!() - 1;
    drop(a); // out of order: the newest (c) is still recorded
    assert_eq!(
        cell.try_borrow_mut()
            .unwrap_err()
            .location()
            .unwrap()
            .line(),
        c_line
    );
    drop(c); // b is live, but after an out-of-order release its location is not trusted
    let err = cell.try_borrow_mut().unwrap_err();
    assert_eq!(err.location(), None);
    assert!(err.to_string().contains("not known"), "{err}");
    let _ = b_line;
    drop(b);
    // Everything released: tracking starts afresh.
    let d = cell.borrow();
    let d_line = line!() - 1;
    assert_eq!(
        cell.try_borrow_mut()
            .unwrap_err()
            .location()
            .unwrap()
            .line(),
        d_line
    );
    drop(d);
    assert!(cell.try_borrow_mut().is_ok());
}

#[test]
fn a_released_borrow_is_never_named_whatever_the_release_order() {
    let cell = LocatedRefCell::new(0);
    let a = cell.borrow();
    let b = cell.borrow();
    let b_line = line!() - 1;
    drop(a); // out of order
    let c = cell.borrow(); // the same depth as `b`
    let c_line = line!() - 1;
    assert_eq!(
        cell.try_borrow_mut()
            .unwrap_err()
            .location()
            .unwrap()
            .line(),
        c_line
    );
    drop(b);
    let named = cell
        .try_borrow_mut()
        .unwrap_err()
        .location()
        .map(|l| l.line());
    assert!(
        named.is_none() || named == Some(c_line),
        "{named:?}, b was at {b_line}"
    );
    drop(c);
    assert!(cell.try_borrow_mut().is_ok());
    // Nested borrows released newest first name each live one in turn.
    let guards: Vec<_> = (0..5).map(|_| cell.borrow()).collect();
    let loop_line = line!() - 1;
    let mut guards = guards;
    while let Some(g) = guards.pop() {
        let err = cell.try_borrow_mut().unwrap_err();
        assert_eq!(err.location().unwrap().line(), loop_line);
        drop(g);
    }
    assert!(cell.try_borrow_mut().is_ok());
}

#[test]
fn the_refcell_api() {
    let mut cell = LocatedRefCell::new(vec![1]);
    cell.borrow_mut().push(2);
    assert_eq!(cell.replace(vec![3]), [1, 2]);
    assert_eq!(cell.take(), [3]);
    cell.get_mut().push(4);
    let copy = cell.clone();
    assert_eq!(cell.into_inner(), [4]);
    assert_eq!(*copy.borrow(), [4]);
    assert_eq!(*LocatedRefCell::<u8>::default().borrow(), 0);
    assert_eq!(*LocatedRefCell::from('z').borrow(), 'z');
}

#[test]
fn errors_are_std_errors_and_debug_shows_borrowed() {
    let cell = LocatedRefCell::new(5);
    assert_eq!(format!("{cell:?}"), "LocatedRefCell { value: 5 }");
    let w = cell.borrow_mut();
    assert_eq!(format!("{cell:?}"), "LocatedRefCell { value: <borrowed> }");
    assert_eq!(format!("{w:?} {w}"), "5 5");
    let err: Box<dyn Error> = Box::new(cell.try_borrow().unwrap_err());
    assert!(err.source().is_none());
    drop(w);
    let r = cell.borrow();
    let err: Box<dyn Error> = Box::new(cell.try_borrow_mut().unwrap_err());
    assert!(err.to_string().contains(file!()));
    assert_eq!(format!("{r:?} {r}"), "5 5");
}

#[test]
fn unsized_values() {
    let cell: Box<LocatedRefCell<[u8]>> = Box::new(LocatedRefCell::new([1u8, 2, 3]));
    cell.borrow_mut()[0] = 9;
    assert_eq!(&*cell.borrow(), &[9, 2, 3]);
}

#[test]
fn borrows_taken_after_an_out_of_order_release_restore_only_live_locations() {
    let cell = LocatedRefCell::new(0);
    let x = cell.borrow();
    let a = cell.borrow();
    let b = cell.borrow();
    drop(a); // out of order: b stays recorded
    let c = cell.borrow();
    let c_line = line!() - 1;
    drop(b); // out of order again; c is recorded and live
    let e = cell.borrow();
    drop(e); // in order: c is named again
    let named = |cell: &LocatedRefCell<i32>| {
        cell.try_borrow_mut()
            .unwrap_err()
            .location()
            .map(|l| l.line())
    };
    assert_eq!(named(&cell), Some(c_line));
    drop(c); // the recorded one: x's location is not known, b's is never named
    assert_eq!(named(&cell), None);
    drop(x);
    assert!(cell.try_borrow_mut().is_ok());
}
