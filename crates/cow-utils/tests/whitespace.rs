//! `normalize_whitespace`, `squish` and `normalize_newlines`: against reference
//! implementations, idempotence, and the allocation claims.

mod common;

use common::{assert_borrowed_free, assert_owned_once, check_alloc_claims};
use ownership_cow_utils::{normalize_newlines, normalize_whitespace, squish};
use proptest::prelude::*;
use test_support::proptest_config;

/// The straightforward version: walk the characters, emit one space per whitespace run.
fn reference_normalize(s: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_run {
                out.push(' ');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

fn reference_squish(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn reference_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Text rich in the characters that matter here, long enough to cross 32-byte blocks.
fn texty() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => "[a-z]{1,8}",
            3 => Just(" ".to_string()),
            1 => prop::sample::select(vec!["  ", "\t", "\n", "\r\n", "\r", "\u{a0}", "\u{3000}", "\u{85}", "é", "\u{2028}"]).prop_map(String::from),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

#[test]
fn clean_text_is_borrowed_without_allocating() {
    for s in [
        "",
        "a",
        " ",
        "one two three",
        " lead",
        "trail ",
        "é ü 日本語 text",
    ] {
        assert_borrowed_free(s, normalize_whitespace);
        assert_borrowed_free(s, normalize_newlines);
    }
    let long = "word ".repeat(1000);
    assert_borrowed_free(&long, normalize_whitespace);
    assert_borrowed_free("a b", squish);
}

#[test]
fn dirty_text_takes_one_allocation() {
    assert_owned_once("a   b", "a b", normalize_whitespace);
    assert_owned_once("a\t\n b\u{3000}c", "a b c", normalize_whitespace);
    assert_owned_once("  a  ", " a ", normalize_whitespace);
    assert_owned_once(" a  b ", "a b", squish);
    assert_owned_once("a\r\nb\rc", "a\nb\nc", normalize_newlines);
    let long = "word\t".repeat(1000);
    assert_owned_once(&long, &"word ".repeat(1000), normalize_whitespace);
}

#[test]
fn squish_borrows_when_only_the_edges_change() {
    let s = "\n  middle part \t";
    let (out, stats) = test_support::CountingAlloc::measure(|| squish(s));
    stats.assert_no_allocations();
    assert!(matches!(out, std::borrow::Cow::Borrowed("middle part")));
}

#[test]
fn three_spaces_become_one_unlike_the_naive_chain() {
    let naive = "a   b".replace("  ", " ").replace('\t', " ");
    assert_eq!(naive, "a  b", "the two-replace sketch leaves two spaces");
    assert_eq!(normalize_whitespace("a   b"), "a b");
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn normalize_whitespace_matches_the_reference(s in texty()) {
        let out = normalize_whitespace(&s);
        prop_assert_eq!(&*out, reference_normalize(&s));
        prop_assert_eq!(normalize_whitespace(&out), out.clone(), "idempotent");
        check_alloc_claims(&s, normalize_whitespace);
    }

    #[test]
    fn squish_matches_split_whitespace_join(s in texty()) {
        let out = squish(&s);
        prop_assert_eq!(&*out, reference_squish(&s));
        prop_assert_eq!(squish(&out), out.clone(), "idempotent");
    }

    #[test]
    fn normalize_newlines_matches_the_reference(s in texty()) {
        let out = normalize_newlines(&s);
        prop_assert_eq!(&*out, reference_newlines(&s));
        prop_assert_eq!(normalize_newlines(&out), out.clone(), "idempotent");
        check_alloc_claims(&s, normalize_newlines);
    }

    #[test]
    fn arbitrary_strings_do_not_panic_and_agree(s in any::<String>()) {
        prop_assert_eq!(&*normalize_whitespace(&s), reference_normalize(&s));
        prop_assert_eq!(&*squish(&s), reference_squish(&s));
        prop_assert_eq!(&*normalize_newlines(&s), reference_newlines(&s));
    }
}
