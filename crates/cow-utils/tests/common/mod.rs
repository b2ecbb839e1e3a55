//! Helpers shared by the integration tests: the counting allocator and the "borrowed, no
//! allocation" / "owned, one allocation" checks.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::borrow::Cow;

use test_support::CountingAlloc;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// Asserts `f(input)` is `input` itself (borrowed, same pointer and length) and allocated
/// nothing.
#[track_caller]
pub(crate) fn assert_borrowed_free(input: &str, f: impl for<'a> Fn(&'a str) -> Cow<'a, str>) {
    let (out, stats) = CountingAlloc::measure(|| f(input));
    stats.assert_no_allocations();
    match out {
        Cow::Borrowed(out) => assert!(
            std::ptr::eq(out, input),
            "borrowed but not the input itself: {out:?} vs {input:?}"
        ),
        Cow::Owned(out) => panic!("expected {input:?} borrowed, got owned {out:?}"),
    }
}

/// Asserts `f(input)` is owned, equals `expected`, and took at most one allocation and no
/// reallocation (the claim for outputs not longer than the input).
#[track_caller]
pub(crate) fn assert_owned_once(
    input: &str,
    expected: &str,
    f: impl for<'a> Fn(&'a str) -> Cow<'a, str>,
) {
    let (out, stats) = CountingAlloc::measure(|| f(input));
    assert!(matches!(out, Cow::Owned(_)), "expected owned for {input:?}");
    assert_eq!(out, expected, "for {input:?}");
    assert!(
        stats.allocations <= 1 && stats.reallocations == 0,
        "for {input:?}: {stats}"
    );
}

/// Checks the allocation claims for one call: borrowed and free when the output equals the
/// input; otherwise at most one allocation when the output is not longer than the input.
#[track_caller]
pub(crate) fn check_alloc_claims(input: &str, f: impl for<'a> Fn(&'a str) -> Cow<'a, str>) {
    let (out, stats) = CountingAlloc::measure(|| f(input));
    if out == input {
        stats.assert_no_allocations();
        assert!(
            matches!(out, Cow::Borrowed(b) if std::ptr::eq(b, input)),
            "equal output must be the input borrowed: {input:?}"
        );
    } else if out.len() <= input.len() {
        assert!(
            stats.allocations <= 1 && stats.reallocations == 0,
            "for {input:?}: {stats}"
        );
    }
}
