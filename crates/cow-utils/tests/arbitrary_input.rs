//! Every public function on arbitrary input: it never panics, and when the output equals the
//! input it is the input itself, borrowed (same pointer and length), and nothing was allocated.

mod common;

use std::borrow::Cow;
use std::path::Path;

use common::check_alloc_claims;
use ownership_cow_utils::{
    CowChain, CowStrExt, capitalize_first, escape_html, escape_literal, expand_tilde,
    expand_tilde_env, normalize_newlines, normalize_path, normalize_std_path, normalize_whitespace,
    squish, unescape_literal,
};
use proptest::prelude::*;
use test_support::{CountingAlloc, proptest_config};

/// Arbitrary strings, and strings dense in the characters these functions care about.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "é", "ǆ", "ß", "ﬁ", "ᾳ", "Σ", " ", "  ", "\t", "\r", "\n", "\u{3000}", "\u{85}", "~",
        "/", "\\", ".", "..", "C:", "//", r"\\?\", "&", "<", "\"", "'", r"\u{", "}", "41",
        "110000", "D800", "\0",
    ]);
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(pieces, 0..12).prop_map(|p| p.concat()),
    ]
}

/// Checks the claim for a `Result`: an `Ok` equal to the input is the input, borrowed.
#[track_caller]
fn check_ok_claims<E>(input: &str, f: impl for<'a> Fn(&'a str) -> Result<Cow<'a, str>, E>) {
    let (out, stats) = CountingAlloc::measure(|| f(input));
    if let Ok(out) = out {
        if out == input {
            stats.assert_no_allocations();
            assert!(
                matches!(out, Cow::Borrowed(b) if std::ptr::eq(b, input)),
                "equal output must be the input borrowed: {input:?}"
            );
        }
    }
}

/// Checks the claim for a `Path` function.
#[track_caller]
fn check_path_claims(input: &Path) {
    let (out, stats) = CountingAlloc::measure(|| normalize_std_path(input));
    // Bytes, not `Path`'s `==`, which compares components: `a/` equals `a` there.
    if out.as_os_str() == input.as_os_str() {
        stats.assert_no_allocations();
        assert!(
            matches!(out, Cow::Borrowed(b) if std::ptr::eq(b, input)),
            "equal output must be the input borrowed: {input:?}"
        );
    }
}

proptest! {
    #![proptest_config(proptest_config(512))]

    #[test]
    fn text_functions(s in text()) {
        check_alloc_claims(&s, normalize_whitespace);
        check_alloc_claims(&s, squish);
        check_alloc_claims(&s, normalize_newlines);
        check_alloc_claims(&s, capitalize_first);
        check_alloc_claims(&s, escape_html);
        check_alloc_claims(&s, escape_literal);
        check_ok_claims(&s, unescape_literal);
    }

    #[test]
    fn path_functions(s in text(), home in text()) {
        check_alloc_claims(&s, normalize_path);
        check_path_claims(Path::new(&s));
        check_ok_claims(&s, |p| expand_tilde(p, &home));
        // Reads `HOME`, which no test in this binary changes; unset or empty is an `Err`.
        check_ok_claims(&s, expand_tilde_env);
    }

    #[test]
    fn str_ext_methods(s in text(), from in text(), c in any::<char>(), to in text(), n in 0..4usize) {
        check_alloc_claims(&s, |s| s.cow_replace(from.as_str(), &to));
        check_alloc_claims(&s, |s| s.cow_replace(c, &to));
        check_alloc_claims(&s, |s| s.cow_replace(&from, &to));
        check_alloc_claims(&s, |s| s.cow_replacen(from.as_str(), &to, n));
        check_alloc_claims(&s, |s| s.cow_replacen(c, &to, n));
        check_alloc_claims(&s, CowStrExt::cow_to_lowercase);
        check_alloc_claims(&s, CowStrExt::cow_to_uppercase);
        check_alloc_claims(&s, CowStrExt::cow_to_ascii_lowercase);
        check_alloc_claims(&s, CowStrExt::cow_to_ascii_uppercase);
    }

    #[test]
    fn chains(s in text()) {
        // Two steps may each allocate, so only the "unchanged is borrowed" claim applies.
        check_ok_claims(&s, |s| {
            Ok::<_, ()>(s.then(squish).then(normalize_path).then(capitalize_first))
        });
        // Escaping changes the text and unescaping changes it back: equal, but owned.
        let round_trip = s.as_str().then(escape_literal).try_then(unescape_literal);
        prop_assert_eq!(round_trip.unwrap(), s.as_str());
        check_ok_claims(&s, |s| s.try_then(unescape_literal));
    }
}

#[cfg(unix)]
proptest! {
    #![proptest_config(proptest_config(512))]

    #[test]
    fn std_path_on_arbitrary_bytes(bytes in proptest::collection::vec(
        prop_oneof![any::<u8>(), Just(b'/'), Just(b'.'), Just(0xFF)],
        0..24,
    )) {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;

        let path = Path::new(OsStr::from_bytes(&bytes));
        check_path_claims(path);
        let once = normalize_std_path(path);
        prop_assert!(matches!(normalize_std_path(&once), Cow::Borrowed(_)), "idempotent: {:?}", once);
    }
}
