//! Capitalizing the first character.

use alloc::borrow::Cow;
use alloc::string::String;

/// Upper-cases the first character of `s`, Unicode-correctly.
///
/// The first character may be several bytes long and may upper-case to several characters
/// (`ß` becomes `SS`, `ŉ` becomes `ʼN`), which an in-place `make_ascii_uppercase` on the
/// first byte gets wrong. Borrowed, pointer-equal to `s`, when the first character is already
/// upper case (or has no case); otherwise one `String`, sized exactly.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use cow_utils::capitalize_first;
///
/// assert!(matches!(capitalize_first("Already"), Cow::Borrowed(_)));
/// assert!(matches!(capitalize_first("42 is a number"), Cow::Borrowed(_)));
/// assert_eq!(capitalize_first("élan"), "Élan");
/// assert_eq!(capitalize_first("ßtraße"), "SStraße");
/// ```
pub fn capitalize_first(s: &str) -> Cow<'_, str> {
    let Some(first) = s.chars().next() else {
        return Cow::Borrowed(s);
    };
    let mut upper = first.to_uppercase();
    if upper.len() == 1 && upper.clone().next() == Some(first) {
        return Cow::Borrowed(s);
    }
    let rest = &s[first.len_utf8()..];
    let upper_len: usize = upper.clone().map(char::len_utf8).sum();
    let mut out = String::with_capacity(upper_len + rest.len());
    out.extend(&mut upper);
    out.push_str(rest);
    Cow::Owned(out)
}
