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
/// The path is read the way Windows reads it, which covers ordinary Unix paths too: `/` and `\`
/// are both separators, and a path may start with a prefix:
/// - a drive, an ASCII letter and a colon: `C:\x` is absolute on drive C, while `C:x` and
///   `C:..\x` are relative to that drive's current directory;
/// - `\\server\share` or `\\.\device` (with either separator, both parts non-empty), which is
///   always absolute;
/// - `\\?\` (verbatim, backslashes only): Windows does not normalize such a path, so it is
///   returned as it is.
///
/// The rules, in order of application:
/// - every separator becomes `/`, and repeated separators collapse into one;
/// - `.` segments are removed;
/// - `..` removes the normal segment before it; with none before it, a relative path keeps the
///   `..` (`../a` and `C:..` stay), and an absolute one drops it: a root, with or without a
///   prefix, is never removed (`/..` is `/`, `C:\..` is `C:/`, `\\srv\share\..` is
///   `//srv/share`);
/// - no trailing separator, except for a root (`/`, `C:/`);
/// - a relative path that loses all its segments becomes `.` (`a/..` is `.`; `C:a\..` is
///   `C:`); `""` stays `""`;
/// - a relative path whose first segment would read as a drive keeps (or gets) a leading `./`
///   (`a/../C:` is `./C:`), so that it stays relative.
///
/// Borrowed, pointer-equal to `path`, when the path is already normal; otherwise one `String`,
/// never longer than `path`. Idempotent. A Unix path that starts with exactly two slashes
/// (`//a/b`) or whose first segment is a letter and a colon (`c:/x`) is read as a UNC or drive
/// path here; [`normalize_std_path`](crate::normalize_std_path) reads paths by the rules of the
/// platform it runs on. Because it does not resolve symbolic links, `a/..` may name a
/// different directory than `.` on disk when `a` is a link: use `std::fs::canonicalize` when
/// that matters.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use ownership_cow_utils::normalize_path;
///
/// assert!(matches!(normalize_path("src/lib.rs"), Cow::Borrowed(_)));
/// assert_eq!(normalize_path(r"C:\Users\\me\.\docs\..\notes\"), "C:/Users/me/notes");
/// assert_eq!(normalize_path("/a/../../b"), "/b");
/// assert_eq!(normalize_path("a/../../b"), "../b");
/// assert_eq!(normalize_path("a/.."), ".");
/// // Prefixes are never popped.
/// assert_eq!(normalize_path(r"C:\..\..\Windows"), "C:/Windows");
/// assert_eq!(normalize_path(r"C:..\x"), "C:../x");
/// assert_eq!(normalize_path(r"\\server\share\..\x"), "//server/share/x");
/// assert!(matches!(normalize_path(r"\\?\C:\a\..\b"), Cow::Borrowed(_)));
/// ```
pub fn normalize_path(path: &str) -> Cow<'_, str> {
    normalize(path, Syntax::Windows)
}

/// What a path starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prefix {
    /// No prefix.
    None,
    /// A drive, `C:`: the first two bytes.
    Drive,
    /// `\\server\share` or `\\.\device`, the first `len` bytes: absolute.
    Unc { len: usize },
    /// `\\?\`: never rewritten.
    Verbatim,
}

/// Reads the prefix of `path`; only Windows paths have one.
///
/// Works on bytes, so that it also reads paths that are not UTF-8: everything it looks for is
/// ASCII, which never occurs inside a multi-byte character (of UTF-8, or of the WTF-8 that
/// Windows paths are encoded in).
fn prefix(path: &[u8], syntax: Syntax) -> Prefix {
    if syntax == Syntax::Unix {
        return Prefix::None;
    }
    if path.starts_with(br"\\?\") {
        return Prefix::Verbatim;
    }
    let is_separator = |b: &u8| *b == b'/' || *b == b'\\';
    match path {
        [a, b, rest @ ..] if is_separator(a) && is_separator(b) => {
            // Two non-empty components, each ended by a separator or the end of the path.
            let Some(server) = rest.iter().position(is_separator).filter(|&n| n > 0) else {
                return Prefix::None;
            };
            let after = &rest[server + 1..];
            let share = after.iter().position(is_separator).unwrap_or(after.len());
            if share == 0 {
                return Prefix::None;
            }
            Prefix::Unc {
                len: 2 + server + 1 + share,
            }
        }
        [drive, b':', ..] if drive.is_ascii_alphabetic() => Prefix::Drive,
        _ => Prefix::None,
    }
}

/// Returns `true` when `segment`, first in a path, would read as a drive.
pub(crate) fn looks_like_drive(segment: &[u8]) -> bool {
    matches!(segment, [drive, b':', ..] if drive.is_ascii_alphabetic())
}

/// Normalizes `path` read with `syntax`.
pub(crate) fn normalize(path: &str, syntax: Syntax) -> Cow<'_, str> {
    let prefix = prefix(path.as_bytes(), syntax);
    if is_normal_with(path.as_bytes(), syntax, prefix) {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(build(path, syntax, prefix))
    }
}

/// Returns `true` when normalizing `path` with `syntax` would return it unchanged; allocates
/// nothing. Takes bytes, for paths that are not UTF-8 too (see [`prefix`]).
#[cfg(feature = "std")]
pub(crate) fn is_normal(path: &[u8], syntax: Syntax) -> bool {
    is_normal_with(path, syntax, prefix(path, syntax))
}

/// [`is_normal`], given the prefix of `path`.
fn is_normal_with(path: &[u8], syntax: Syntax, prefix: Prefix) -> bool {
    if syntax == Syntax::Windows && path.contains(&b'\\') {
        return prefix == Prefix::Verbatim;
    }
    // From here on `/` is the only separator.
    let rest = match prefix {
        Prefix::Unc { len } => match &path[len..] {
            b"" => return true,
            rest => rest,
        },
        Prefix::Drive => match &path[2..] {
            b"" | b"/" => return true,
            rest => rest,
        },
        Prefix::None => match path {
            b"" | b"/" | b"." => return true,
            rest => rest,
        },
        Prefix::Verbatim => return true,
    };
    // After a UNC prefix, `rest` starts with the root's separator.
    let (rooted, body) = match rest.strip_prefix(b"/") {
        Some(body) => (true, body),
        None => (false, rest),
    };
    let may_guard = syntax == Syntax::Windows && prefix == Prefix::None && !rooted;
    let mut normals = 0usize;
    let mut segments = body.split(|&b| b == b'/').peekable();
    let mut first = true;
    while let Some(segment) = segments.next() {
        match segment {
            // An empty segment is a doubled or trailing separator.
            b"" => return false,
            // `.` stays only as the `./` that keeps a first segment like `C:` relative.
            b"." if first && may_guard && segments.peek().is_some_and(|s| looks_like_drive(s)) => {}
            b"." => return false,
            b".." if rooted || normals > 0 => return false,
            b".." => {}
            _ => normals += 1,
        }
        first = false;
    }
    true
}

/// Builds the normal form of `path` in one pass, using the output as the segment stack.
fn build(path: &str, syntax: Syntax, prefix: Prefix) -> String {
    let is_separator = |c: char| syntax.is_separator(c);
    let mut out = String::with_capacity(path.len());
    let rest = match prefix {
        Prefix::Unc { len } => {
            let (server, share) = path[2..len]
                .split_once(is_separator)
                .expect("a UNC prefix has two components");
            out.push_str("//");
            out.push_str(server);
            out.push('/');
            out.push_str(share);
            &path[len..]
        }
        Prefix::Drive => {
            out.push_str(&path[..2]);
            &path[2..]
        }
        Prefix::None | Prefix::Verbatim => path,
    };
    // `//server/share` is a root itself, and its first segment follows a separator.
    let unc = matches!(prefix, Prefix::Unc { .. });
    let rooted = unc || rest.starts_with(is_separator);
    if rooted && !unc {
        out.push('/');
    }
    // The prefix and root, which no `..` removes.
    let head = out.len();
    let may_guard = syntax == Syntax::Windows && prefix == Prefix::None && !rooted;
    // Normal segments at the end of `out` that a `..` may remove.
    let mut normals = 0usize;
    for segment in rest.split(is_separator) {
        match segment {
            "" | "." => {}
            ".." if normals > 0 => {
                normals -= 1;
                match out[head..].rfind('/') {
                    Some(i) => out.truncate(head + i),
                    None => out.truncate(head),
                }
                // A `./` guard goes with the segment it guarded.
                if head == 0 && out == "." {
                    out.clear();
                }
            }
            // `/..` is `/`.
            ".." if rooted => {}
            _ => {
                if out.len() > head || unc {
                    out.push('/');
                } else if may_guard && looks_like_drive(segment.as_bytes()) {
                    out.push_str("./");
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
/// use ownership_cow_utils::{expand_tilde, EmptyHomeError};
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
/// use ownership_cow_utils::expand_tilde;
///
/// assert_eq!(expand_tilde("~/notes.md", "/home/ada")?, "/home/ada/notes.md");
/// assert_eq!(expand_tilde(r"~\notes.md", r"C:\Users\ada")?, r"C:\Users\ada\notes.md");
/// assert_eq!(expand_tilde("~", "/home/ada/")?, "/home/ada/");
/// assert!(matches!(expand_tilde("~bob/x", "/home/ada")?, Cow::Borrowed("~bob/x")));
/// assert!(matches!(expand_tilde("/etc/hosts", "/home/ada")?, Cow::Borrowed(_)));
/// assert!(expand_tilde("~/x", "").is_err());
/// # Ok::<(), ownership_cow_utils::EmptyHomeError>(())
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
        assert_eq!(normalize(r"a\b/./c", Syntax::Unix), r"a\b/c");
        assert!(matches!(normalize(r"a\..", Syntax::Unix), Cow::Borrowed(_)));
        assert_eq!(normalize(r"a\..", Syntax::Windows), ".");
    }

    #[test]
    fn unix_paths_have_no_prefixes() {
        assert_eq!(prefix(br"\\?\C:\x", Syntax::Unix), Prefix::None);
        assert_eq!(prefix(b"C:/x", Syntax::Unix), Prefix::None);
        assert_eq!(prefix(b"//server/share", Syntax::Unix), Prefix::None);
        assert_eq!(normalize("C:/..", Syntax::Unix), ".");
    }

    #[test]
    fn prefixes_as_windows_reads_them() {
        assert_eq!(prefix(br"\\?\C:\x", Syntax::Windows), Prefix::Verbatim);
        assert_eq!(prefix(b"z:", Syntax::Windows), Prefix::Drive);
        assert_eq!(prefix(br"\\s\h\x", Syntax::Windows), Prefix::Unc { len: 5 });
        assert_eq!(prefix(b"//s/h", Syntax::Windows), Prefix::Unc { len: 5 });
        assert_eq!(
            prefix(br"\\.\COM1", Syntax::Windows),
            Prefix::Unc { len: 8 }
        );
        for not_a_prefix in [
            "", "/", "//", "//s", "//s/", "///s/h", "//s//h", "1:", ":", "a",
        ] {
            assert_eq!(
                prefix(not_a_prefix.as_bytes(), Syntax::Windows),
                Prefix::None,
                "{not_a_prefix:?}"
            );
        }
    }

    #[test]
    fn popping_back_to_the_root_or_to_nothing() {
        let build = |p: &str| build(p, Syntax::Windows, prefix(p.as_bytes(), Syntax::Windows));
        assert_eq!(build("/a/.."), "/");
        assert_eq!(build("a/b/../.."), ".");
        assert_eq!(build("../a/.."), "..");
        assert_eq!(build("/.."), "/");
        assert_eq!(build("\\"), "/");
        assert_eq!(build("C:/a/.."), "C:/");
        assert_eq!(build("C:a/.."), "C:");
        assert_eq!(build("//s/h/a/.."), "//s/h");
    }
}
