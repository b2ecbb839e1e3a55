//! The `std` side of path handling: `HOME` and `Path` (feature `std`).

use std::borrow::Cow;
use std::env::{self, VarError};
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::{Component, Path, PathBuf, Prefix};
use std::vec::Vec;

use crate::path::{Syntax, expand, is_normal, looks_like_drive, normalize, tilde_rest};

/// Why [`expand_tilde_env`] could not find the home directory.
///
/// # Examples
///
/// ```
/// use ownership_cow_utils::HomeDirError;
///
/// assert_eq!(
///     HomeDirError::NotSet.to_string(),
///     "cannot expand `~`: the HOME environment variable is not set; set it or pass the home \
///      directory to `expand_tilde`"
/// );
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HomeDirError {
    /// `HOME` is not set.
    NotSet,
    /// `HOME` is set to the empty string.
    Empty,
    /// `HOME` is not valid Unicode; the value is kept for the message.
    NotUnicode(OsString),
}

impl fmt::Display for HomeDirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fix = "set it or pass the home directory to `expand_tilde`";
        match self {
            HomeDirError::NotSet => write!(
                f,
                "cannot expand `~`: the HOME environment variable is not set; {fix}"
            ),
            HomeDirError::Empty => {
                write!(
                    f,
                    "cannot expand `~`: the HOME environment variable is empty; {fix}"
                )
            }
            HomeDirError::NotUnicode(home) => write!(
                f,
                "cannot expand `~`: HOME ({home:?}) is not valid Unicode; {fix}"
            ),
        }
    }
}

impl std::error::Error for HomeDirError {}

/// Replaces a leading `~` with the value of the `HOME` environment variable.
///
/// The rules of [`expand_tilde`](crate::expand_tilde), with the platform's separators: on Unix
/// only `/` follows an expandable `~` (`~\x` is a file name there, and stays as it is) and only
/// trailing `/` are dropped from `HOME`; on Windows `\` counts too. `HOME` is read only when
/// `path` has a tilde to expand, so a path without one is returned borrowed without touching
/// the environment (or allocating).
///
/// # Errors
///
/// [`HomeDirError`] when `path` needs `HOME` and it is unset, empty or not Unicode.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use ownership_cow_utils::expand_tilde_env;
///
/// assert!(matches!(expand_tilde_env("/etc/hosts"), Ok(Cow::Borrowed(_))));
/// if let Ok(home) = std::env::var("HOME") {
///     if !home.is_empty() {
///         let expanded = expand_tilde_env("~/notes")?;
///         assert!(expanded.ends_with("/notes"));
///     }
/// }
/// # Ok::<(), ownership_cow_utils::HomeDirError>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
pub fn expand_tilde_env(path: &str) -> Result<Cow<'_, str>, HomeDirError> {
    let Some(rest) = tilde_rest(path, Syntax::HOST) else {
        return Ok(Cow::Borrowed(path));
    };
    let home = env::var("HOME").map_err(|e| match e {
        VarError::NotPresent => HomeDirError::NotSet,
        VarError::NotUnicode(home) => HomeDirError::NotUnicode(home),
    })?;
    if home.is_empty() {
        return Err(HomeDirError::Empty);
    }
    Ok(expand(path, rest, &home, Syntax::HOST))
}

/// Normalizes a [`Path`] lexically, by the rules of the platform it runs on.
///
/// On Windows these are the rules of [`normalize_path`](crate::normalize_path): `\` and `/`
/// are separators, a drive (`C:`), UNC (`\\server\share`) or device (`\\.\COM1`) prefix is kept
/// and never removed by `..`, and a verbatim path (`\\?\...`) is returned as it is. On Unix only
/// `/` is a separator, and there are no prefixes: `\` and `:` are ordinary characters of a name
/// (`a\..` is one name, and `C:/..` is `.`), and a leading `//` is a root like `/`, as Linux
/// reads it. Either way separators are written as `/`, which Windows accepts too. Borrowed,
/// pointer-equal to `path`, when the path is already normal; otherwise one `PathBuf` for a
/// UTF-8 path, while a path that is not UTF-8 is normalized by the same rules through
/// [`Path::components`], with a few more allocations.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use std::path::Path;
/// use ownership_cow_utils::normalize_std_path;
///
/// assert!(matches!(normalize_std_path(Path::new("src/lib.rs")), Cow::Borrowed(_)));
/// assert_eq!(normalize_std_path(Path::new("/srv//www/./../data/")), Path::new("/srv/data"));
/// if cfg!(windows) {
///     assert_eq!(normalize_std_path(Path::new(r"C:\..\Windows")), Path::new("C:/Windows"));
/// } else {
///     // One file name, with backslashes in it.
///     assert!(matches!(normalize_std_path(Path::new(r"a\..\b")), Cow::Borrowed(_)));
///     assert_eq!(normalize_std_path(Path::new("C:/../b")), Path::new("b"));
/// }
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
pub fn normalize_std_path(path: &Path) -> Cow<'_, Path> {
    // A verbatim path (`\\?\`, Windows only) counts as normal on both routes.
    match path.to_str() {
        Some(s) => match normalize(s, Syntax::HOST) {
            Cow::Borrowed(s) => Cow::Borrowed(Path::new(s)),
            Cow::Owned(s) => Cow::Owned(PathBuf::from(s)),
        },
        None if is_normal(path.as_os_str().as_encoded_bytes(), Syntax::HOST) => Cow::Borrowed(path),
        None => by_components(path),
    }
}

/// The same rules over [`Path::components`], for paths that are not UTF-8: std reads the
/// platform's prefixes and roots, and a stack resolves the rest.
fn by_components(path: &Path) -> Cow<'_, Path> {
    let rooted = path.has_root();
    let mut out = OsString::new();
    // A UNC or device prefix is a root itself; its first segment follows a separator.
    let mut prefix_is_root = false;
    let mut parents = 0usize;
    let mut names: Vec<&OsStr> = Vec::new();
    for component in path.components() {
        match component {
            Component::Prefix(prefix) => match prefix.kind() {
                Prefix::Disk(_) => out.push(prefix.as_os_str()),
                Prefix::UNC(server, share) => {
                    for part in ["//".as_ref(), server, "/".as_ref(), share] {
                        out.push(part);
                    }
                    prefix_is_root = true;
                }
                // std reads `\\.\` alone as a device without a name; we read it as a root.
                Prefix::DeviceNS(device) if device.is_empty() => out.push("/"),
                Prefix::DeviceNS(device) => {
                    out.push("//./");
                    out.push(device);
                    prefix_is_root = true;
                }
                Prefix::Verbatim(_) | Prefix::VerbatimUNC(..) | Prefix::VerbatimDisk(_) => {
                    return Cow::Borrowed(path);
                }
            },
            Component::RootDir if !prefix_is_root && !out.as_encoded_bytes().ends_with(b"/") => {
                out.push("/");
            }
            Component::RootDir | Component::CurDir => {}
            Component::ParentDir => {
                if names.pop().is_none() && !rooted {
                    parents += 1;
                }
            }
            Component::Normal(name) => names.push(name),
        }
    }
    let segments = core::iter::repeat_n(OsStr::new(".."), parents).chain(names.iter().copied());
    for (i, segment) in segments.enumerate() {
        if i > 0 || prefix_is_root {
            out.push("/");
        } else if cfg!(windows)
            && out.is_empty()
            && !rooted
            && looks_like_drive(segment.as_encoded_bytes())
        {
            // Keep a first segment like `C:` from reading as a drive.
            out.push("./");
        }
        out.push(segment);
    }
    if out.is_empty() && !path.as_os_str().is_empty() {
        out.push(".");
    }
    if out == path.as_os_str() {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(PathBuf::from(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::String;

    /// Every path of up to four segments (two under Miri) from a small alphabet, after an
    /// optional root.
    fn small_paths() -> Vec<String> {
        let leads = ["", "/", "//", "\\\\", "C:", "C:/"];
        let segments = ["a", ".", "..", "", "C:", "b\\.."];
        let mut paths = Vec::new();
        for lead in leads {
            let mut frontier = std::vec![String::from(lead)];
            for _ in 0..if cfg!(miri) { 2 } else { 4 } {
                let mut next = Vec::new();
                for path in &frontier {
                    for segment in segments {
                        let sep = if path.is_empty() || path.ends_with('/') {
                            ""
                        } else {
                            "/"
                        };
                        next.push(std::format!("{path}{sep}{segment}"));
                    }
                }
                paths.extend(frontier);
                frontier = next;
            }
            paths.extend(frontier);
        }
        paths
    }

    #[test]
    fn the_components_route_agrees_with_the_string_route() {
        for p in small_paths() {
            let by_string = normalize_std_path(Path::new(&p));
            let by_components = by_components(Path::new(&p));
            assert_eq!(by_components.as_os_str(), by_string.as_os_str(), "{p:?}");
            assert_eq!(
                matches!(by_components, Cow::Borrowed(_)),
                matches!(by_string, Cow::Borrowed(_)),
                "{p:?}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_paths_follow_the_same_rules() {
        use std::os::unix::ffi::OsStrExt;

        let raw = |b: &[u8]| Path::new(OsStr::from_bytes(b)).to_path_buf();
        let cases: [(&[u8], &[u8]); 7] = [
            (b"a/\xff/../b/", b"a/b"),
            (b"/\xff/../..", b"/"),
            (b"\xff/../..", b".."),
            (b"./\xff", b"\xff"),
            // No prefixes on Unix: `C:` is a name, `//` a root.
            (b"C:/\xff/../..", b"."),
            (b"//\xff/x/..", b"/\xff"),
            (b"\xff\\..", b"\xff\\.."),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_std_path(&raw(input)), raw(expected));
        }
        let normal = raw(b"x/\xff");
        assert!(matches!(normalize_std_path(&normal), Cow::Borrowed(_)));
    }
}
