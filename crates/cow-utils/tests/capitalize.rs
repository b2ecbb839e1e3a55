//! `capitalize_first`: title case from the Unicode data, multi-byte and multi-char first
//! letters, and the allocation claims.

mod common;

use std::borrow::Cow;
use std::collections::BTreeMap;

use common::{assert_borrowed_free, check_alloc_claims};
use ownership_cow_utils::capitalize_first;
use proptest::prelude::*;
use test_support::CountingAlloc;
use test_support::proptest_config;

/// The characters whose title case differs from their upper case, and that title case, parsed
/// from the Unicode data in `tests/data/titlecase-differs.txt`.
fn titlecase_differs() -> BTreeMap<char, String> {
    let hex = |h: &str| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap();
    include_str!("data/titlecase-differs.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let (code, title) = line.split_once(';').unwrap();
            (hex(code), title.split_whitespace().map(hex).collect())
        })
        .collect()
}

/// The first character title-cased, from the data above, else upper-cased by std.
fn reference(s: &str, titles: &BTreeMap<char, String>) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => match titles.get(&first) {
            Some(title) => title.chars().chain(chars).collect(),
            None => first.to_uppercase().chain(chars).collect(),
        },
        None => String::new(),
    }
}

#[test]
fn title_case_where_it_differs_from_upper_case() {
    let cases = [
        ("ǆungla", "ǅungla"),
        ("ǅungla", "ǅungla"),
        ("ǄUNGLA", "ǅUNGLA"),
        ("ǉubav", "ǈubav"),
        ("ǌegoš", "ǋegoš"),
        ("ǳ", "ǲ"),
        ("ßtraße", "Sstraße"),
        ("ﬁne", "Fine"),
        ("ﬃx", "Ffix"),
        ("ﬆ", "St"),
        ("ﬓ", "Մն"),
        ("և", "Եւ"),
        ("ᾳ", "ᾼ"),
        ("ᾀ", "ᾈ"),
        ("ᾷ", "\u{391}\u{342}\u{345}"),
        ("ῳ", "ῼ"),
    ];
    for (input, expected) in cases {
        assert_eq!(capitalize_first(input), expected, "{input:?}");
    }
    // Already in title case: Georgian Mkhedruli letters are their own title case (their
    // upper case is Mtavruli), as are the title-case digraphs and Greek letters.
    for s in ["ქართული", "ǅ", "ǈa", "ᾈ", "ᾼ", "ῼ"] {
        assert_borrowed_free(s, capitalize_first);
    }
}

/// Every character whose title case differs from its upper case gets its title case, and
/// every other character its upper case.
fn check_every_char(step: usize) {
    let titles = titlecase_differs();
    assert_eq!(
        titles.len(),
        135,
        "the Unicode data lists 135 such characters"
    );
    for (&c, title) in &titles {
        let input = format!("{c}x");
        assert_eq!(
            capitalize_first(&input),
            format!("{title}x"),
            "U+{:04X}",
            c as u32
        );
        let borrowed = matches!(capitalize_first(&input), Cow::Borrowed(_));
        assert_eq!(borrowed, *title == c.to_string(), "U+{:04X}", c as u32);
    }
    for c in (0..=char::MAX as u32)
        .step_by(step)
        .filter_map(char::from_u32)
    {
        if !titles.contains_key(&c) {
            let input = format!("{c}x");
            let upper: String = c.to_uppercase().chain(['x']).collect();
            assert_eq!(capitalize_first(&input), upper, "U+{:04X}", c as u32);
        }
    }
}

#[test]
#[cfg_attr(miri, ignore = "1.1 million characters; the twin below samples them")]
fn every_char_gets_its_title_case() {
    check_every_char(1);
}

#[test]
fn every_char_gets_its_title_case_sampled() {
    check_every_char(if cfg!(miri) { 4099 } else { 97 });
}

#[test]
fn multi_byte_and_multi_char_first_letters() {
    assert_eq!(capitalize_first("ŉ"), "ʼN");
    assert_eq!(capitalize_first("ébène"), "Ébène");
    assert_eq!(capitalize_first("a"), "A");
    for s in ["", "A", "É", "1a", " a", "日本"] {
        assert_borrowed_free(s, capitalize_first);
    }
}

#[test]
fn one_exact_allocation_even_when_longer() {
    for (input, expected) in [("ŉ rest", "ʼN rest"), ("ﬃ rest", "Ffi rest")] {
        let (out, stats) = CountingAlloc::measure(|| capitalize_first(input).into_owned());
        assert_eq!(out, expected);
        assert!(
            stats.allocations == 1 && stats.reallocations == 0,
            "{input:?}: {stats}"
        );
    }
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn matches_the_reference(s in any::<String>()) {
        let out = capitalize_first(&s);
        prop_assert_eq!(&*out, reference(&s, &titlecase_differs()));
        check_alloc_claims(&s, capitalize_first);
    }
}
