//! Whitespace and newline normalization.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::scan::find_irregular_whitespace;

/// Collapses every run of whitespace characters into one ASCII space.
///
/// "Whitespace" is Unicode `White_Space` ([`char::is_whitespace`]): spaces, tabs, newlines,
/// no-break spaces, ideographic spaces and the rest. Leading and trailing runs become one space
/// too (use [`squish`] to drop them). The result is borrowed, pointer-equal to `s`, when every
/// run is already a single ASCII space; otherwise it is built in one pass into one `String`
/// (never longer than `s`). The function is idempotent.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use ownership_cow_utils::normalize_whitespace;
///
/// assert!(matches!(normalize_whitespace("already clean"), Cow::Borrowed(_)));
/// assert_eq!(normalize_whitespace("three   spaces\tand\r\na\u{a0}nbsp"), "three spaces and a nbsp");
/// assert_eq!(normalize_whitespace("  edges  "), " edges ");
/// ```
pub fn normalize_whitespace(s: &str) -> Cow<'_, str> {
    match find_irregular_whitespace(s, 0) {
        None => Cow::Borrowed(s),
        Some(first) => Cow::Owned(collapse_from(s, first)),
    }
}

/// Collapses whitespace runs like [`normalize_whitespace`] and trims both ends.
///
/// The result is borrowed (a sub-slice of `s`) when only the ends change.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use ownership_cow_utils::squish;
///
/// assert!(matches!(squish("  trimmed only \n"), Cow::Borrowed("trimmed only")));
/// assert_eq!(squish("\t a \n\n b  "), "a b");
/// ```
pub fn squish(s: &str) -> Cow<'_, str> {
    normalize_whitespace(s.trim())
}

/// Builds the collapsed string, given that the first run to change starts at `first`.
fn collapse_from(s: &str, first: usize) -> String {
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut run = first;
    loop {
        // Replace the run with one space, then copy everything up to the next run that
        // changes (lone spaces included) at once; the scan resumes after the run.
        out.push(' ');
        let next_word = s.len() - s[run..].trim_start().len();
        match find_irregular_whitespace(s, next_word) {
            Some(next_run) => {
                out.push_str(&s[next_word..next_run]);
                run = next_run;
            }
            None => {
                out.push_str(&s[next_word..]);
                return out;
            }
        }
    }
}

/// Turns every CRLF pair and every lone CR into LF.
///
/// Borrowed, pointer-equal to `s`, when `s` has no `\r`.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use ownership_cow_utils::normalize_newlines;
///
/// assert!(matches!(normalize_newlines("unix\nlines\n"), Cow::Borrowed(_)));
/// assert_eq!(normalize_newlines("dos\r\nold mac\rend"), "dos\nold mac\nend");
/// ```
pub fn normalize_newlines(s: &str) -> Cow<'_, str> {
    let Some(first) = s.find('\r') else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut rest = &s[first..];
    // `rest` starts with `\r` at the top of every iteration.
    loop {
        out.push('\n');
        let after = &rest[1..];
        let after = after.strip_prefix('\n').unwrap_or(after);
        match after.find('\r') {
            Some(next) => {
                out.push_str(&after[..next]);
                rest = &after[next..];
            }
            None => {
                out.push_str(after);
                return Cow::Owned(out);
            }
        }
    }
}
