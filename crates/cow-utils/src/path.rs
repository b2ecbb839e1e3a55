//! Lexical path normalization.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

/// How a path string is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// `/` and `\` are separators.
    Windows,
    /// Only `/` is a separator; `\` is an ordinary character of a name.
    // Only the `std` functions read the host's syntax.
    #[cfg_attr(not(feature = "std"), allow(dead_code))]
    Unix,
}

impl Syntax {
    /// The syntax of the platform the crate is compiled for.
    #[cfg(feature = "std")]
    pub(crate) const HOST: Syntax = if cfg!(windows) {
        Syntax::Windows
    } else {
        Syntax::Unix
    };

    /// Returns `true` when `c` separates the segments of a path.
    pub(crate) fn is_separator(self, c: char) -> bool {
        c == '/' || (self == Syntax::Windows && c == '\\')
    }
}

/// Normalizes a path lexically, without touching the file system.
///
/// The rules, in order of application:
/// - `\` is a separator like `/`, and every separator becomes `/`;
/// - repeated separators collapse into one;
/// - `.` segments are removed;
/// - `..` removes the normal segment before it; with none before it, a relative path keeps the
///   `..` (`../a` stays) and an absolute path drops it (`/..` is `/`);
/// - no trailing separator, except for the root `/` itself;
/// - a relative path that loses all its segments becomes `.` (`a/..` is `.`); `""` stays `""`.
///
/// Borrowed, pointer-equal to `path`, when the path is already normal; otherwise one `String`,
/// never longer than `path`. Idempotent. Because it does not resolve symbolic links, `a/..`
/// may name a different directory than `.` on disk when `a` is a link: use
/// `std::fs::canonicalize` when that matters.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use cow_utils::normalize_path;
///
/// assert!(matches!(normalize_path("src/lib.rs"), Cow::Borrowed(_)));
/// assert_eq!(normalize_path(r"C:\Users\\me\.\docs\..\notes\"), "C:/Users/me/notes");
/// assert_eq!(normalize_path("/a/../../b"), "/b");
/// assert_eq!(normalize_path("a/../../b"), "../b");
/// assert_eq!(normalize_path("a/.."), ".");
/// ```
pub fn normalize_path(path: &str) -> Cow<'_, str> {
    normalize(path, true)
}

/// Normalizes `path`; `backslash` says whether `\` is a separator (or part of a name).
pub(crate) fn normalize(path: &str, backslash: bool) -> Cow<'_, str> {
    if is_normal(path, backslash) {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(build(path, backslash))
    }
}

/// Returns `true` when `build` would return `path` unchanged; allocates nothing.
fn is_normal(path: &str, backslash: bool) -> bool {
    if path.is_empty() || path == "/" || path == "." {
        return true;
    }
    if backslash && path.contains('\\') {
        return false;
    }
    let (absolute, body) = match path.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, path),
    };
    let mut normals = 0usize;
    for segment in body.split('/') {
        match segment {
            // An empty segment is a doubled or trailing separator; `.` is dropped.
            "" | "." => return false,
            ".." if absolute || normals > 0 => return false,
            ".." => {}
            _ => normals += 1,
        }
    }
    true
}

/// Builds the normal form of `path` in one pass, using the output as the segment stack.
fn build(path: &str, backslash: bool) -> String {
    let is_separator = |c: char| c == '/' || (backslash && c == '\\');
    let mut out = String::with_capacity(path.len());
    let absolute = path.starts_with(is_separator);
    if absolute {
        out.push('/');
    }
    // Normal segments at the end of `out` that a `..` may remove.
    let mut normals = 0usize;
    for segment in path.split(is_separator) {
        match segment {
            "" | "." => {}
            ".." if normals > 0 => {
                normals -= 1;
                match out.rfind('/') {
                    // Keep the root of an absolute path.
                    Some(0) if absolute => out.truncate(1),
                    Some(i) => out.truncate(i),
                    None => out.clear(),
                }
            }
            // `/..` is `/`.
            ".." if absolute => {}
            _ => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(segment);
                if segment != ".." {
                    normals += 1;
                }
            }
        }
    }
    if out.is_empty() && !path.is_empty() {
        out.push('.');
    }
    out
}

/// Why [`expand_tilde`] could not expand a `~`: the home directory it was given is empty.
///
/// An empty home would silently turn `~/notes` into `/notes`, a path at the root.
///
/// # Examples
///
/// ```
/// use cow_utils::{expand_tilde, EmptyHomeError};
///
/// let err: EmptyHomeError = expand_tilde("~/notes", "").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "cannot expand `~`: the home directory given is empty; pass the user's home directory"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct EmptyHomeError;

impl fmt::Display for EmptyHomeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "cannot expand `~`: the home directory given is empty; pass the user's home directory",
        )
    }
}

impl core::error::Error for EmptyHomeError {}

/// Replaces a leading `~` (alone, or followed by `/` or `\`) with `home`.
///
/// The home directory is an argument, so the function is pure and testable; see
/// [`expand_tilde_env`](crate::expand_tilde_env) for one that reads `HOME` and uses the
/// platform's separators. Like [`normalize_path`], this function reads both `/` and `\` as
/// separators on every platform. `~user` forms are left alone. Trailing separators of `home`
/// are dropped before a `/rest` is appended, so `home = "/"` gives `/rest`, not `//rest`.
/// Borrowed, pointer-equal to `path`, when there is no tilde to expand; otherwise one
/// `String`, sized exactly.
///
/// # Errors
///
/// [`EmptyHomeError`] when `path` has a tilde to expand and `home` is empty. A path without one
/// is returned borrowed whatever `home` is.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use cow_utils::expand_tilde;
///
/// assert_eq!(expand_tilde("~/notes.md", "/home/ada")?, "/home/ada/notes.md");
/// assert_eq!(expand_tilde(r"~\notes.md", r"C:\Users\ada")?, r"C:\Users\ada\notes.md");
/// assert_eq!(expand_tilde("~", "/home/ada/")?, "/home/ada/");
/// assert!(matches!(expand_tilde("~bob/x", "/home/ada")?, Cow::Borrowed("~bob/x")));
/// assert!(matches!(expand_tilde("/etc/hosts", "/home/ada")?, Cow::Borrowed(_)));
/// assert!(expand_tilde("~/x", "").is_err());
/// # Ok::<(), cow_utils::EmptyHomeError>(())
/// ```
pub fn expand_tilde<'a>(path: &'a str, home: &str) -> Result<Cow<'a, str>, EmptyHomeError> {
    match tilde_rest(path, Syntax::Windows) {
        None => Ok(Cow::Borrowed(path)),
        Some(_) if home.is_empty() => Err(EmptyHomeError),
        Some(rest) => Ok(expand(path, rest, home, Syntax::Windows)),
    }
}

/// Returns `path` with its `~` replaced by `home`, given `rest = tilde_rest(path, syntax)` and
/// a non-empty `home`.
pub(crate) fn expand<'a>(path: &'a str, rest: &str, home: &str, syntax: Syntax) -> Cow<'a, str> {
    let home = if rest.is_empty() {
        home
    } else {
        home.trim_end_matches(|c| syntax.is_separator(c))
    };
    if home == "~" {
        // The result would be `path` again.
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(home.len() + rest.len());
    out.push_str(home);
    out.push_str(rest);
    Cow::Owned(out)
}

/// Returns what follows the `~` when `path` starts with an expandable tilde: one alone, or
/// followed by a separator of `syntax`.
pub(crate) fn tilde_rest(path: &str, syntax: Syntax) -> Option<&str> {
    let rest = path.strip_prefix('~')?;
    (rest.is_empty() || rest.starts_with(|c| syntax.is_separator(c))).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backslash_is_part_of_a_name_when_it_is_not_a_separator() {
        assert_eq!(normalize(r"a\b/./c", false), r"a\b/c");
        assert!(matches!(normalize(r"a\..", false), Cow::Borrowed(_)));
        assert_eq!(normalize(r"a\..", true), ".");
    }

    #[test]
    fn popping_back_to_the_root_or_to_nothing() {
        assert_eq!(build("/a/..", true), "/");
        assert_eq!(build("a/b/../..", true), ".");
        assert_eq!(build("../a/..", true), "..");
        assert_eq!(build("/..", true), "/");
        assert_eq!(build("\\", true), "/");
    }
}
