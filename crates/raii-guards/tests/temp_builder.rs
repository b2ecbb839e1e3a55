//! `TempBuilder`: a prefix or suffix can never make the name leave the chosen directory.
//!
//! These touch the real file system, which Miri's isolation forbids: they run natively. The
//! name checks themselves are unit-tested under Miri in `src/temp_builder.rs`.
#![cfg(feature = "std")]

use ownership_raii_guards::{NameError, TempBuilder, TempDir};
use std::fs;
use std::io;
use std::path::Path;

/// `base/inner`, where the temporary entries are asked for, inside a base that shows whether
/// anything escaped into it.
fn dirs() -> (TempDir, std::path::PathBuf) {
    let base = TempDir::new().unwrap();
    let inner = base.path().join("inner");
    fs::create_dir(&inner).unwrap();
    (base, inner)
}

/// Every entry under `dir`, recursively.
fn entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(entries(&p));
        }
        out.push(p);
    }
    out
}

/// Asks `b` for a file and a directory: both must be refused with the `NameError` `expected`,
/// and nothing created.
fn separator(part: &'static str, value: &str) -> NameError {
    NameError::Separator {
        part,
        value: value.into(),
    }
}

fn assert_refused(b: &TempBuilder, expected: &NameError, what: &str) {
    let (base, inner) = dirs();
    let file = b.file_in(&inner);
    let dir = b.dir_in(&inner);
    for (kind, err) in [("file", file.err()), ("dir", dir.err())] {
        let err = err.unwrap_or_else(|| panic!("{what}: the {kind} was created"));
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{what}: {err}");
        let why = err.get_ref().and_then(|e| e.downcast_ref::<NameError>());
        assert_eq!(why, Some(expected), "{what}: {err}");
        assert_eq!(err.to_string(), expected.to_string());
    }
    assert_eq!(
        entries(base.path()),
        [inner],
        "{what}: nothing was created anywhere"
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn a_prefix_with_dot_dot_cannot_escape_the_directory() {
    assert_refused(
        TempBuilder::new().prefix("../escaped-"),
        &separator("prefix", "../escaped-"),
        "prefix ../",
    );
    assert_refused(
        TempBuilder::new().prefix("../escaped").random_len(0),
        &separator("prefix", "../escaped"),
        "fixed prefix ../",
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn a_suffix_with_a_separator_cannot_escape_the_directory() {
    for suffix in ["/../../escaped", "/x", "x/"] {
        assert_refused(
            TempBuilder::new().suffix(suffix),
            &separator("suffix", suffix),
            suffix,
        );
    }
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn an_absolute_prefix_does_not_replace_the_directory() {
    let (base, inner) = dirs();
    let target = base.path().join("absolute-target");
    let b = TempBuilder::new().prefix(&target).random_len(0).clone();
    assert!(b.file_in(&inner).is_err() && b.dir_in(&inner).is_err());
    assert!(!target.exists(), "created at the absolute prefix");
    assert_refused(
        &b,
        &NameError::Separator {
            part: "prefix",
            value: target.into_os_string(),
        },
        "absolute prefix",
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn fixed_names_that_are_not_a_new_entry_are_refused() {
    for (prefix, suffix) in [("", ""), (".", ""), ("..", ""), (".", ".")] {
        let mut b = TempBuilder::new();
        b.prefix(prefix).suffix(suffix).random_len(0);
        let name = format!("{prefix}{suffix}").into();
        assert_refused(
            &b,
            &NameError::NotAName { name },
            &format!("{prefix:?} + {suffix:?}"),
        );
    }
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn a_nul_is_refused() {
    let nul = |part, value: &str| NameError::Nul {
        part,
        value: value.into(),
    };
    assert_refused(
        TempBuilder::new().prefix("a\0b"),
        &nul("prefix", "a\0b"),
        "NUL in prefix",
    );
    assert_refused(
        TempBuilder::new().suffix("/\0"),
        &nul("suffix", "/\0"),
        "NUL in suffix",
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn dots_inside_a_name_are_fine() {
    let (_base, inner) = dirs();
    let f = TempBuilder::new()
        .prefix("..hidden.")
        .suffix(".tar.gz")
        .file_in(&inner)
        .unwrap();
    assert_eq!(f.path().parent(), Some(inner.as_path()));
    let d = TempBuilder::new()
        .prefix("..")
        .random_len(3)
        .dir_in(&inner)
        .unwrap();
    assert_eq!(d.path().parent(), Some(inner.as_path()));
}

/// The OS error code of a creation error, read where the docs promise it: the `io::Error`
/// that is the error's `source()`.
fn os_code(err: &io::Error) -> Option<i32> {
    use std::error::Error;
    err.source()
        .and_then(|s| s.downcast_ref::<io::Error>())
        .and_then(io::Error::raw_os_error)
}

#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn creating_in_a_missing_directory_keeps_the_os_error_code() {
    const ENOENT: i32 = 2; // the same on every Unix
    let (_base, inner) = dirs();
    let missing = inner.join("missing");
    let b = TempBuilder::new();
    let errors = [
        b.file_in(&missing).map(drop).unwrap_err(),
        b.dir_in(&missing).map(drop).unwrap_err(),
        TempDir::new_in(&missing).map(drop).unwrap_err(),
        ownership_raii_guards::TempFile::new_in(&missing)
            .map(drop)
            .unwrap_err(),
    ];
    for err in errors {
        assert_eq!(err.kind(), io::ErrorKind::NotFound, "{err}");
        assert_eq!(os_code(&err), Some(ENOENT), "{err:?}");
        assert!(
            err.to_string().contains("missing"),
            "names the directory: {err}"
        );
    }
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn a_name_error_is_not_an_os_error() {
    let (_base, inner) = dirs();
    let err = TempBuilder::new()
        .prefix("a/b")
        .file_in(&inner)
        .map(drop)
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert_eq!(os_code(&err), None);
    assert!(err.get_ref().is_some_and(|e| e.is::<NameError>()));
}
