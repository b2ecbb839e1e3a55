//! `capitalize_first`: Unicode first characters, and the allocation claims.

mod common;

use common::{assert_borrowed_free, check_alloc_claims};
use core_traits::test_support::CountingAlloc;
use core_traits::test_support::proptest_config;
use cow_utils::capitalize_first;
use proptest::prelude::*;

fn reference(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[test]
fn multi_byte_and_multi_char_first_letters() {
    assert_eq!(capitalize_first("ßa"), "SSa");
    assert_eq!(capitalize_first("ǆemal"), "Ǆemal");
    assert_eq!(capitalize_first("ŉ"), "ʼN");
    assert_eq!(capitalize_first("ébène"), "Ébène");
    assert_eq!(capitalize_first("a"), "A");
    for s in ["", "A", "É", "1a", " a", "日本"] {
        assert_borrowed_free(s, capitalize_first);
    }
}

#[test]
fn one_exact_allocation_even_when_longer() {
    let (out, stats) = CountingAlloc::measure(|| capitalize_first("ŉ rest").into_owned());
    assert_eq!(out, "ʼN rest");
    assert!(
        stats.allocations == 1 && stats.reallocations == 0,
        "{stats}"
    );
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn matches_the_reference(s in any::<String>()) {
        let out = capitalize_first(&s);
        prop_assert_eq!(&*out, reference(&s));
        check_alloc_claims(&s, capitalize_first);
    }
}
