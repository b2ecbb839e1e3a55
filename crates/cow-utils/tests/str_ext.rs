//! `CowStrExt`: against `str::replace`, `replacen` and the case methods, when results stay
//! borrowed, and the allocation claims.

mod common;

use std::borrow::Cow;
use test_support::proptest_config;

use common::{assert_borrowed_free, assert_owned_once, check_alloc_claims};
use ownership_cow_utils::CowStrExt;
use proptest::prelude::*;

/// Whether `out` is a borrowed sub-slice of `input`.
fn borrowed_from(out: Cow<'_, str>, input: &str) -> bool {
    match out {
        Cow::Borrowed(b) => {
            let start = b.as_ptr() as usize;
            let base = input.as_ptr() as usize;
            start >= base && start + b.len() <= base + input.len()
        }
        Cow::Owned(_) => false,
    }
}

#[test]
fn replace_borrows_when_nothing_changes() {
    assert_borrowed_free("abc", |s| s.cow_replace('x', "y"));
    assert_borrowed_free("abc", |s| s.cow_replace("bd", "y"));
    assert_borrowed_free("a.b", |s| s.cow_replace('.', "."));
    assert_borrowed_free("a..b", |s| s.cow_replace("..", ".."));
    assert_borrowed_free("abc", |s| s.cow_replacen('b', "x", 0));
    assert_borrowed_free("", |s| s.cow_replace("", ""));
}

#[test]
fn removing_only_edge_matches_stays_a_borrowed_slice() {
    for (input, pattern, expected) in [
        ("$$x$", "$", "x"),
        ("--", "-", ""),
        ("abab mid ab", "ab", " mid "),
    ] {
        let (out, stats) = test_support::CountingAlloc::measure(|| input.cow_replace(pattern, ""));
        stats.assert_no_allocations();
        assert_eq!(out, expected);
        assert!(borrowed_from(out, input), "{input:?}");
    }
    assert_owned_once("a-b-", "ab", |s| s.cow_replace('-', ""));
}

#[test]
fn replace_allocates_once_when_not_longer() {
    assert_owned_once("a\tb\tc", "a b c", |s| s.cow_replace('\t', " "));
    assert_owned_once("one, two, three", "one;two;three", |s| {
        s.cow_replace(", ", ";")
    });
    assert_owned_once("ééé", "eéé", |s| s.cow_replacen('é', "e", 1));
    assert_owned_once(&"x\ty ".repeat(500), &"x y ".repeat(500), |s| {
        s.cow_replace('\t', " ")
    });
}

#[test]
fn case_methods() {
    assert_borrowed_free("lower ὀδυσσεύς 1", |s| s.cow_to_lowercase());
    assert_borrowed_free("UPPER ΣΊ 1", |s| s.cow_to_uppercase());
    assert_borrowed_free("ÉCOLE", |s| s.cow_to_ascii_uppercase());
    assert_borrowed_free("école", |s| s.cow_to_ascii_lowercase());
    assert_owned_once("ὈΔΥΣΣΕΎΣ", "ὀδυσσεύς", |s| {
        s.cow_to_lowercase()
    });
    assert_owned_once("abc", "ABC", |s| s.cow_to_uppercase());
    assert_owned_once("HeLLo", "hello", |s| s.cow_to_ascii_lowercase());
    assert_owned_once("HeLLo", "HELLO", |s| s.cow_to_ascii_uppercase());
    assert_eq!("ß".cow_to_uppercase(), "SS");
}

#[test]
fn all_pattern_types() {
    let owned = String::from("b");
    assert_eq!("abc".cow_replace(&owned, "x"), "axc");
    assert_eq!("abc".cow_replace('b', "x"), "axc");
    assert_eq!("abc".cow_replace("b", "x"), "axc");
    assert_eq!("a日b".cow_replace('日', "月"), "a月b");
}

#[test]
fn replace_matches_std_at_every_position_around_block_edges() {
    // Lengths around the 16- and 32-byte strides of SIMD searches, needles of one byte and
    // more, with overlapping candidates ("aab" in "xaab", "xx" in "xxx").
    for needle in ["a", "\t", "ab", "aab", "color", "éé", "xx"] {
        for len in [0, 1, 15, 16, 17, 31, 32, 33, 40, 64, 65, 100] {
            for at in 0..=len {
                let mut s: String = "xa".repeat(len / 2 + 1)[..len].into();
                s.insert_str(at, needle);
                for to in ["", "-", "colour"] {
                    assert_eq!(
                        s.cow_replace(needle, to),
                        s.replace(needle, to),
                        "{s:?}: {needle:?} -> {to:?}"
                    );
                    assert_eq!(
                        s.cow_replacen(needle, to, 1),
                        s.replacen(needle, to, 1),
                        "{s:?}: {needle:?} -> {to:?} once"
                    );
                }
            }
        }
    }
}

fn small_text() -> impl Strategy<Value = String> {
    "[ab\t é日]{0,60}"
}

fn needle() -> impl Strategy<Value = String> {
    "[ab\t é日]{0,3}"
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn replace_matches_std(s in small_text(), from in needle(), to in "[ab\tx]{0,3}") {
        let out = s.cow_replace(from.as_str(), &to);
        prop_assert_eq!(&*out, s.replace(from.as_str(), &to));
        check_alloc_claims(&s, |s| s.cow_replace(from.as_str(), &to));
        if let Some(c) = from.chars().next().filter(|_| from.chars().count() == 1) {
            prop_assert_eq!(&*s.cow_replace(c, &to), s.replace(c, &to));
        }
    }

    #[test]
    fn replacen_matches_std(s in small_text(), from in needle(), to in "[ab\tx]{0,3}", n in 0usize..4) {
        prop_assert_eq!(&*s.cow_replacen(from.as_str(), &to, n), s.replacen(from.as_str(), &to, n));
        check_alloc_claims(&s, |s| s.cow_replacen(from.as_str(), &to, n));
    }

    #[test]
    fn case_methods_match_std(s in any::<String>()) {
        prop_assert_eq!(&*s.cow_to_lowercase(), s.to_lowercase());
        prop_assert_eq!(&*s.cow_to_uppercase(), s.to_uppercase());
        prop_assert_eq!(&*s.cow_to_ascii_lowercase(), s.to_ascii_lowercase());
        prop_assert_eq!(&*s.cow_to_ascii_uppercase(), s.to_ascii_uppercase());
        check_alloc_claims(&s, |s| s.cow_to_lowercase());
        check_alloc_claims(&s, |s| s.cow_to_ascii_lowercase());
        check_alloc_claims(&s, |s| s.cow_to_ascii_uppercase());
    }
}
