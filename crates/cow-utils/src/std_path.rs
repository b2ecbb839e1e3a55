//! The `std` side of path handling: `HOME` and `Path` (feature `std`).

use std::borrow::Cow;
use std::env::{self, VarError};
use std::ffi::OsString;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use crate::path::{Syntax, expand, normalize, tilde_rest};

/// Why [`expand_tilde_env`] could not find the home directory.
///
/// # Examples
///
/// ```
/// use cow_utils::HomeDirError;
///
/// assert_eq!(
///     HomeDirError::NotSet.to_string(),
///     "cannot expand `~`: the HOME environment variable is not set; set it or pass the home \
///      directory to `expand_tilde`"
/// );
/// ```
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
/// use cow_utils::expand_tilde_env;
///
/// assert!(matches!(expand_tilde_env("/etc/hosts"), Ok(Cow::Borrowed(_))));
/// if let Ok(home) = std::env::var("HOME") {
///     if !home.is_empty() {
///         let expanded = expand_tilde_env("~/notes")?;
///         assert!(expanded.ends_with("/notes"));
///     }
/// }
/// # Ok::<(), cow_utils::HomeDirError>(())
/// ```
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

/// Normalizes a [`Path`] lexically, by the rules of [`normalize_path`](crate::normalize_path).
///
/// `\` is a separator only on Windows (on Unix it may be part of a file name), and separators
/// are written as `/`, which Windows accepts too. Windows verbatim paths (`\\?\...`) are
/// returned as they are, since they must not be rewritten. A UTF-8 path is borrowed when
/// already normal; a path that is not UTF-8 is normalized through [`Path::components`] and
/// always costs an allocation.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use std::path::Path;
/// use cow_utils::normalize_std_path;
///
/// assert!(matches!(normalize_std_path(Path::new("src/lib.rs")), Cow::Borrowed(_)));
/// assert_eq!(normalize_std_path(Path::new("/srv//www/./../data/")), Path::new("/srv/data"));
/// ```
pub fn normalize_std_path(path: &Path) -> Cow<'_, Path> {
    if cfg!(windows) && path.as_os_str().as_encoded_bytes().starts_with(br"\\?\") {
        return Cow::Borrowed(path);
    }
    match path.to_str() {
        Some(s) => match normalize(s, cfg!(windows)) {
            Cow::Borrowed(s) => Cow::Borrowed(Path::new(s)),
            Cow::Owned(s) => Cow::Owned(PathBuf::from(s)),
        },
        None => by_components(path),
    }
}

/// The same rules over [`Path::components`], for paths that are not UTF-8.
fn by_components(path: &Path) -> Cow<'_, Path> {
    let mut out = PathBuf::new();
    let mut normals = 0usize;
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => out.push(component),
            Component::CurDir => {}
            Component::ParentDir if normals > 0 => {
                out.pop();
                normals -= 1;
            }
            Component::ParentDir if out.has_root() => {}
            Component::ParentDir => out.push(".."),
            Component::Normal(name) => {
                out.push(name);
                normals += 1;
            }
        }
    }
    if out.as_os_str().is_empty() && !path.as_os_str().is_empty() {
        out.push(".");
    }
    if out.as_os_str() == path.as_os_str() {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(out)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn non_utf8_paths_follow_the_same_rules() {
        let raw = |b: &[u8]| Path::new(OsStr::from_bytes(b)).to_path_buf();
        let cases: [(&[u8], &[u8]); 4] = [
            (b"a/\xff/../b/", b"a/b"),
            (b"/\xff/../..", b"/"),
            (b"\xff/../..", b".."),
            (b"./\xff", b"\xff"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_std_path(&raw(input)), raw(expected));
        }
        let normal = raw(b"x/\xff");
        assert!(matches!(normalize_std_path(&normal), Cow::Borrowed(_)));
    }
}
