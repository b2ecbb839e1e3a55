//! `CowChain`: a pipeline allocates only for the steps that change something, and an owned
//! buffer survives steps that change nothing.

mod common;

use std::borrow::Cow;

use ownership_cow_utils::{
    CowChain, CowStrExt, escape_html, normalize_whitespace, squish, unescape_literal,
};
use test_support::CountingAlloc;

#[test]
fn a_clean_pipeline_stays_borrowed_and_allocates_nothing() {
    let input = "clean text";
    let (out, stats) = CountingAlloc::measure(|| {
        input
            .then(squish)
            .then(escape_html)
            .then(|s| s.cow_replace('\t', " "))
    });
    stats.assert_no_allocations();
    assert!(matches!(out, Cow::Borrowed(b) if std::ptr::eq(b, input)));
}

#[test]
fn an_owned_buffer_is_reused_by_steps_that_change_nothing() {
    let owned: Cow<'_, str> = Cow::Owned(String::from("  a <b>  "));
    let buffer = owned.as_ptr();
    let (out, stats) = CountingAlloc::measure(|| {
        owned.then(normalize_whitespace) // changes: one new buffer
    });
    assert_eq!(stats.allocations, 1);
    let buffer_after_first = out.as_ptr();
    assert_ne!(buffer_after_first, buffer);
    let (out, stats) = CountingAlloc::measure(|| {
        out.then(normalize_whitespace) // no change
            .then(|s| Cow::Borrowed(s.trim())) // a sub-slice: shrunk in place
            .then(|s| s.cow_replace('x', "y")) // no change
    });
    stats.assert_no_allocations();
    assert_eq!(out, "a <b>");
    assert!(matches!(out, Cow::Owned(_)));
    assert_eq!(out.as_ptr(), buffer_after_first, "the same buffer");
}

#[test]
fn only_changing_steps_allocate() {
    let input = "a\t<b>";
    let (out, stats) = CountingAlloc::measure(|| {
        input
            .then(normalize_whitespace) // changes
            .then(squish) // no change
            .then(escape_html) // changes
    });
    assert_eq!(out, "a &lt;b&gt;");
    assert_eq!(stats.allocations, 2, "{stats}");
}

#[test]
fn a_step_returning_unrelated_text_is_copied() {
    let owned: Cow<'_, str> = Cow::Owned(String::from("abc"));
    assert_eq!(owned.then(|_| Cow::Borrowed("constant")), "constant");
}

#[test]
fn try_then_stops_at_the_first_error() {
    let ok = r"a\tb"
        .try_then(unescape_literal)
        .map(|c| c.then(normalize_whitespace));
    assert_eq!(ok.unwrap(), "a b");
    let owned: Cow<'_, str> = Cow::Owned(String::from(r"bad \q"));
    let err = owned.try_then(unescape_literal).unwrap_err();
    assert_eq!(err.offset(), 4);
}
