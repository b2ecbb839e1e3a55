//! `normalize_path`, `normalize_std_path` and `expand_tilde`: the issue's rules, a reference
//! implementation with a segment stack, idempotence, and the allocation claims.

mod common;

use std::borrow::Cow;
use std::path::Path;
use test_support::proptest_config;

use common::{assert_borrowed_free, assert_owned_once, check_alloc_claims};
use ownership_cow_utils::{EmptyHomeError, expand_tilde, normalize_path, normalize_std_path};
use proptest::prelude::*;
use test_support::CountingAlloc;

/// Resolves `.` and `..` in `segments` with a `Vec` stack; `rooted` paths drop a `..` that has
/// nothing to remove.
fn resolve<'a>(segments: impl Iterator<Item = &'a str>, rooted: bool) -> Vec<&'a str> {
    let mut stack: Vec<&str> = Vec::new();
    for segment in segments {
        match segment {
            "" | "." => {}
            ".." => match stack.last() {
                Some(&last) if last != ".." => {
                    stack.pop();
                }
                _ if rooted => {}
                _ => stack.push(".."),
            },
            name => stack.push(name),
        }
    }
    stack
}

/// The straightforward Unix version: split on `/`, resolve with a stack, join.
fn reference_unix(path: &str) -> String {
    let rooted = path.starts_with('/');
    let joined = resolve(path.split('/'), rooted).join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) if !path.is_empty() => ".".to_string(),
        _ => joined,
    }
}

fn is_drive(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// The straightforward Windows version: verbatim paths as they are; otherwise every `\` to `/`,
/// then the prefix (`//server/share` or `C:`) taken off, the rest resolved with a stack.
fn reference(path: &str) -> String {
    if path.starts_with(r"\\?\") {
        return path.to_string();
    }
    let p = path.replace('\\', "/");
    let unc = p.strip_prefix("//").and_then(|after| {
        let parts: Vec<&str> = after.splitn(3, '/').collect();
        (parts.len() >= 2 && !parts[0].is_empty() && !parts[1].is_empty()).then(|| {
            (
                format!("//{}/{}", parts[0], parts[1]),
                parts.get(2).copied(),
            )
        })
    });
    if let Some((head, rest)) = unc {
        let stack = resolve(rest.unwrap_or("").split('/'), true);
        return match stack.is_empty() {
            true => head,
            false => format!("{head}/{}", stack.join("/")),
        };
    }
    let (head, rest) = if is_drive(&p) {
        p.split_at(2)
    } else {
        ("", p.as_str())
    };
    let rooted = rest.starts_with('/');
    let joined = resolve(rest.split('/'), rooted).join("/");
    if rooted {
        return format!("{head}/{joined}");
    }
    if head.is_empty() && is_drive(&joined) {
        return format!("./{joined}");
    }
    match (head, joined.is_empty()) {
        ("", true) if !path.is_empty() => ".".to_string(),
        _ => format!("{head}{joined}"),
    }
}

fn pathy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec![
            "a", "bc", ".", "..", "", "~", "é", "x.y", "C:", "d:x", "?", "1:",
        ]),
        0..10,
    )
    .prop_flat_map(|segments| {
        let n = segments.len();
        (
            Just(segments),
            proptest::collection::vec(prop::sample::select(vec!["/", "\\", "//"]), n),
            prop::sample::select(vec![
                "",
                "/",
                "\\",
                "C:",
                "c:/",
                r"C:\",
                r"\\srv\share",
                "//srv/share/",
                r"\\.\COM1\",
                r"\\?\",
                "//?/",
            ]),
        )
    })
    .prop_map(|(segments, seps, lead)| {
        let mut out = String::from(lead);
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

/// `normalize_path` reads Windows prefixes on every platform: `(input, expected)`, where
/// `None` means "unchanged and borrowed".
const PREFIX_CASES: &[(&str, Option<&str>)] = &[
    // A drive with a root: the root is never popped.
    (r"C:\..\..\Windows", Some("C:/Windows")),
    (r"C:\a\..\..", Some("C:/")),
    (r"C:\", Some("C:/")),
    ("C:/", None),
    ("c:/x/../y", Some("c:/y")),
    ("C:/a/b", None),
    // Drive-relative: `..` cannot be resolved against the drive's current directory.
    ("C:", None),
    ("C:..", None),
    (r"C:..\x", Some("C:../x")),
    (r"C:a\..\..\x", Some("C:../x")),
    (r"C:a\..", Some("C:")),
    (r"C:.\x", Some("C:x")),
    ("C:.", Some("C:")),
    ("C:x", None),
    // UNC and device prefixes, with either separator, are absolute.
    (r"\\server\share\..\..\x", Some("//server/share/x")),
    (r"\\server\share", Some("//server/share")),
    (r"\\server\share\", Some("//server/share")),
    (r"\\server\share\.\a\\b\", Some("//server/share/a/b")),
    ("//server/share/a/../..", Some("//server/share")),
    ("//server/share", None),
    ("//server/share/a", None),
    (r"/\server/share/..", Some("//server/share")),
    (r"\\.\COM1\..", Some("//./COM1")),
    ("//?/C:/a/..", Some("//?/C:")),
    // Verbatim paths are not normalized, by Windows or by us.
    (r"\\?\C:\a\..\b", None),
    (r"\\?\UNC\server\share\..", None),
    (r"\\?\C:/x/", None),
    // Not prefixes: a root with repeated separators.
    (r"\\server", Some("/server")),
    (r"\\server\\share\..", Some("/server")),
    (r"\\\server\share\..", Some("/server")),
    ("//", Some("/")),
    // Not drives: the letter must be ASCII, and `C:` only counts at the start.
    ("1:/..", Some(".")),
    ("é:/..", Some(".")),
    ("ab:/..", Some(".")),
    ("/C:/..", Some("/")),
    ("../C:", None),
    // A relative result must not start with something that reads as a drive.
    (r"a\..\C:\x", Some("./C:/x")),
    (r".\C:", Some("./C:")),
    ("./C:", None),
    ("./C:x/y", None),
    ("./C:/..", Some(".")),
    ("./C:/../x", Some("x")),
    ("./C:/x/..", Some("./C:")),
    ("./x", Some("x")),
];

#[test]
fn windows_prefixes_and_roots_are_never_popped() {
    for &(input, expected) in PREFIX_CASES {
        let out = normalize_path(input);
        match expected {
            None => assert!(
                matches!(out, Cow::Borrowed(b) if std::ptr::eq(b, input)),
                "{input:?} should stay borrowed, got {out:?}"
            ),
            Some(expected) => assert_eq!(out, expected, "{input:?}"),
        }
        // Idempotent, and never longer than the input.
        assert!(
            matches!(normalize_path(&out), Cow::Borrowed(_)),
            "{input:?} -> {out:?}"
        );
        assert!(out.len() <= input.len(), "{input:?}");
    }
}

/// `normalize_std_path` on Unix: `\` and `:` are name characters, and `//` is a root.
#[cfg(unix)]
#[test]
fn std_path_on_unix_has_no_prefixes() {
    let cases = [
        (r"C:\..\..\Windows", r"C:\..\..\Windows"),
        ("C:/../x", "x"),
        ("C:/..", "."),
        (r"\\server\share\..", r"\\server\share\.."),
        ("//server/share/..", "/server"),
        ("./C:", "C:"),
        (r"\\?\C:/a/..", r"\\?\C:"),
    ];
    for (input, expected) in cases {
        assert_eq!(
            normalize_std_path(Path::new(input)),
            Path::new(expected),
            "{input:?}"
        );
    }
}

/// `normalize_std_path` on Windows follows `normalize_path`.
#[cfg(windows)]
#[test]
fn std_path_on_windows_keeps_prefixes() {
    for &(input, expected) in PREFIX_CASES {
        let out = normalize_std_path(Path::new(input));
        match expected {
            None => assert!(matches!(out, Cow::Borrowed(_)), "{input:?}: {out:?}"),
            Some(expected) => assert_eq!(out, Path::new(expected), "{input:?}"),
        }
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
        let out = normalize_std_path(Path::new(&p));
        let expected = if cfg!(windows) { reference(&p) } else { reference_unix(&p) };
        prop_assert_eq!(out.to_str(), Some(expected.as_str()));
        prop_assert!(matches!(normalize_std_path(&out), Cow::Borrowed(_)), "idempotent: {:?}", out);
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
