//! `Interner`: one arena copy per distinct string, stable across many interns.

use ownership_arena::{Bump, Interner};
use proptest::prelude::*;
use test_support::proptest_config;

#[test]
fn equal_strings_share_one_copy_and_no_new_memory() {
    let bump = Bump::new();
    let interner = Interner::new(&bump);
    let first = interner.intern("symbol");
    let held = bump.allocated_bytes();
    let room = bump.chunk_capacity();
    for _ in 0..100 {
        let again = interner.intern(&String::from("symbol"));
        assert!(std::ptr::eq(first, again));
    }
    assert_eq!(
        (bump.allocated_bytes(), bump.chunk_capacity()),
        (held, room)
    );
    assert_eq!(interner.len(), 1);
    assert_eq!(interner.get("other"), None);
}

#[test]
fn interned_strings_live_as_long_as_the_arena_borrow() {
    let bump = Bump::new();
    let interner = Interner::new(&bump);
    let words: Vec<&str> = "the cat saw the dog and the cat ran"
        .split(' ')
        .map(|w| interner.intern(&w.to_uppercase()))
        .collect();
    drop(interner);
    assert_eq!(words.join(" "), "THE CAT SAW THE DOG AND THE CAT RAN");
    assert!(std::ptr::eq(words[0], words[3]));
}

proptest! {
    #![proptest_config(proptest_config(128))]

    #[test]
    fn one_copy_per_distinct_string(
        ids in prop::collection::vec(0u8..30, 0..if cfg!(miri) { 20 } else { 100 })
    ) {
        // Few distinct values, so most strings repeat.
        let words: Vec<String> = ids.iter().map(|id| "ab".repeat(usize::from(id % 4)) + &id.to_string()).collect();
        let bump = Bump::new();
        let interner = Interner::new(&bump);
        let mut first: std::collections::HashMap<&str, &str> = Default::default();
        for w in &words {
            let interned = interner.intern(w);
            prop_assert_eq!(interned, w.as_str());
            let seen = *first.entry(w.as_str()).or_insert(interned);
            prop_assert!(std::ptr::eq(seen, interned));
        }
        prop_assert_eq!(interner.len(), first.len());
        prop_assert_eq!(interner.is_empty(), words.is_empty());
    }
}
