//! `normalize_path`, `normalize_std_path` and `expand_tilde`: the issue's rules, a reference
//! implementation with a segment stack, idempotence, and the allocation claims.

mod common;

use core_traits::test_support::proptest_config;
use std::borrow::Cow;
use std::path::Path;

use common::{assert_borrowed_free, assert_owned_once, check_alloc_claims};
use core_traits::test_support::CountingAlloc;
use cow_utils::{EmptyHomeError, expand_tilde, normalize_path, normalize_std_path};
use proptest::prelude::*;

/// The straightforward version: split, push and pop a `Vec` of segments, join.
fn reference(path: &str) -> String {
    let absolute = path.starts_with(['/', '\\']);
    let mut stack: Vec<&str> = Vec::new();
    for segment in path.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => match stack.last() {
                Some(&last) if last != ".." => {
                    stack.pop();
                }
                _ if absolute => {}
                _ => stack.push(".."),
            },
            name => stack.push(name),
        }
    }
    let joined = stack.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) if !path.is_empty() => ".".to_string(),
        _ => joined,
    }
}

fn pathy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec!["a", "bc", ".", "..", "", "~", "é", "x.y"]),
        0..10,
    )
    .prop_flat_map(|segments| {
        let n = segments.len();
        (
            Just(segments),
            proptest::collection::vec(prop::sample::select(vec!["/", "\\", "//"]), n),
            any::<bool>(),
        )
    })
    .prop_map(|(segments, seps, lead)| {
        let mut out = String::from(if lead { "/" } else { "" });
        for (segment, sep) in segments.iter().zip(seps) {
            out.push_str(segment);
            out.push_str(sep);
        }
        out
    })
}

#[test]
fn the_issue_rules() {
    let cases = [
        (r"a\b", "a/b"),
        ("a//b///c", "a/b/c"),
        ("./a/./b/.", "a/b"),
        ("a/b/../c", "a/c"),
        ("../../a", "../../a"),
        ("a/../../b", "../b"),
        ("/..", "/"),
        ("/../a", "/a"),
        ("a/b/", "a/b"),
        ("/", "/"),
        ("//", "/"),
        ("a/..", "."),
        ("./", "."),
        ("", ""),
    ];
    for (input, expected) in cases {
        assert_eq!(normalize_path(input), expected, "{input:?}");
    }
}

#[test]
fn normal_paths_are_borrowed_without_allocating() {
    for p in [
        "",
        ".",
        "/",
        "a",
        "a/b",
        "/a/b",
        "../a",
        "../../a/b",
        "a.b/c..d/...",
        "~/x",
    ] {
        assert_borrowed_free(p, normalize_path);
        let (out, stats) = CountingAlloc::measure(|| normalize_std_path(Path::new(p)));
        stats.assert_no_allocations();
        assert!(matches!(out, Cow::Borrowed(b) if std::ptr::eq(b, Path::new(p))));
    }
}

#[test]
fn changed_paths_take_one_allocation() {
    assert_owned_once(r"C:\x\..\y\", "C:/y", normalize_path);
    assert_owned_once("/a/./b//../c/", "/a/c", normalize_path);
    assert_eq!(
        normalize_std_path(Path::new("a/./b/../c/")),
        Path::new("a/c")
    );
}

#[cfg(unix)]
#[test]
fn std_path_keeps_backslashes_in_unix_names() {
    assert!(matches!(
        normalize_std_path(Path::new(r"a\..\b")),
        Cow::Borrowed(_)
    ));
}

#[test]
fn tilde_expansion() {
    assert_owned_once("~/docs", "/home/ada/docs", |p| {
        expand_tilde(p, "/home/ada/").unwrap()
    });
    assert_owned_once("~", "/home/ada", |p| expand_tilde(p, "/home/ada").unwrap());
    assert_eq!(
        expand_tilde(r"~\docs", r"C:\Users\ada").unwrap(),
        r"C:\Users\ada\docs"
    );
    assert_eq!(expand_tilde("~/x", "/").unwrap(), "/x");
    for p in ["", "docs/~", "~ada/x", "/~/x"] {
        assert_borrowed_free(p, |p| expand_tilde(p, "/home/ada").unwrap());
    }
    // A home of `~` leaves the path as it is, so it stays borrowed.
    assert_borrowed_free("~/x", |p| expand_tilde(p, "~").unwrap());
}

#[test]
fn an_empty_home_is_an_error_not_the_root() {
    for p in ["~", "~/x", r"~\x"] {
        let (out, stats) = CountingAlloc::measure(|| expand_tilde(p, ""));
        assert!(matches!(out, Err(EmptyHomeError { .. })), "{p:?}: {out:?}");
        stats.assert_no_allocations();
    }
    assert_eq!(
        expand_tilde("~", "").unwrap_err().to_string(),
        "cannot expand `~`: the home directory given is empty; pass the user's home directory"
    );
    // Without a tilde to expand, the home is not needed, so an empty one is no error.
    for p in ["", "x/~", "~bob"] {
        assert_borrowed_free(p, |p| expand_tilde(p, "").unwrap());
    }
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn normalize_path_matches_the_stack_reference(p in pathy()) {
        let out = normalize_path(&p);
        prop_assert_eq!(&*out, reference(&p));
        prop_assert!(matches!(normalize_path(&out), Cow::Borrowed(_)), "idempotent: {:?}", out);
        prop_assert!(out.len() <= p.len());
        check_alloc_claims(&p, normalize_path);
    }

    #[test]
    fn std_path_agrees_on_utf8_paths(p in pathy()) {
        let p = p.replace('\\', "/");
        let out = normalize_std_path(Path::new(&p));
        let expected = reference(&p);
        prop_assert_eq!(out.to_str(), Some(expected.as_str()));
    }

    #[test]
    fn arbitrary_strings_do_not_panic_and_agree(p in any::<String>(), home in any::<String>()) {
        prop_assert_eq!(&*normalize_path(&p), reference(&p));
        match expand_tilde(&p, &home) {
            Ok(expanded) if !p.starts_with('~') => {
                prop_assert!(matches!(expanded, Cow::Borrowed(b) if std::ptr::eq(b, p.as_str())));
            }
            Ok(expanded) => prop_assert!(!home.is_empty() || expanded == p),
            Err(EmptyHomeError { .. }) => prop_assert!(home.is_empty() && p.starts_with('~')),
        }
    }
}
