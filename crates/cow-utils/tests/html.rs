//! `escape_html`: against a character-by-character reference, and the allocation claims.

mod common;

use common::assert_borrowed_free;
use ownership_cow_utils::escape_html;
use proptest::prelude::*;
use test_support::CountingAlloc;
use test_support::proptest_config;

fn reference(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&#39;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[test]
fn clean_text_is_borrowed_without_allocating() {
    for s in [
        "",
        "x",
        "no markup here; 100% = fine",
        &"long clean text ".repeat(300),
    ] {
        assert_borrowed_free(s, escape_html);
    }
}

#[test]
fn dirty_text_takes_exactly_one_allocation_of_the_right_size() {
    let s = format!("{}<&>\"'{}", "x".repeat(40), "é".repeat(20));
    let (out, stats) = CountingAlloc::measure(|| escape_html(&s).into_owned());
    assert_eq!(out, reference(&s));
    assert!(
        stats.allocations == 1 && stats.reallocations == 0,
        "{stats}"
    );
    assert_eq!(stats.bytes_allocated, out.len() as u64, "sized exactly");
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn matches_the_reference(s in "([a-z ]{0,40}[&<>\"'é]?){0,8}") {
        prop_assert_eq!(&*escape_html(&s), reference(&s));
        if !s.contains(['&', '<', '>', '"', '\'']) {
            assert_borrowed_free(&s, escape_html);
        }
    }

    #[test]
    fn arbitrary_strings_match(s in any::<String>()) {
        prop_assert_eq!(&*escape_html(&s), reference(&s));
    }
}
