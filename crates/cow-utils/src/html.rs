//! HTML escaping.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::scan::find_html_special;

/// Returns the entity for a byte that [`escape_html`] rewrites.
fn entity(b: u8) -> &'static str {
    match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        b'\'' => "&#39;",
        _ => unreachable!("find_html_special returns only & < > \" '"),
    }
}

/// Escapes `& < > " '` as HTML character references, so the text is safe in element content
/// and in quoted attribute values.
///
/// Borrowed, pointer-equal to `s`, when there is nothing to escape: that scan runs a block of
/// 32 bytes at a time. Otherwise the result is built in one pass into one `String` sized
/// exactly. `'` becomes `&#39;` (HTML 4 has no `&apos;`).
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use cow_utils::escape_html;
///
/// assert!(matches!(escape_html("plain text"), Cow::Borrowed(_)));
/// assert_eq!(escape_html(r#"<a href="x">Tom & Jerry's</a>"#),
///            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
/// ```
pub fn escape_html(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let Some(first) = find_html_special(bytes) else {
        return Cow::Borrowed(s);
    };
    // Every entity replaces one byte; a branch-free sum over the rest sizes the output exactly.
    let extra: usize = bytes[first..]
        .iter()
        .map(|&b| {
            usize::from(b == b'&') * 4
                + usize::from(b == b'<' || b == b'>') * 3
                + usize::from(b == b'"') * 5
                + usize::from(b == b'\'') * 4
        })
        .sum();
    let mut out = String::with_capacity(s.len() + extra);
    out.push_str(&s[..first]);
    let mut at = first;
    // `at` indexes a special byte at the top of every iteration.
    loop {
        out.push_str(entity(bytes[at]));
        let rest = &bytes[at + 1..];
        match find_html_special(rest) {
            Some(next) => {
                out.push_str(&s[at + 1..at + 1 + next]);
                at += 1 + next;
            }
            None => {
                out.push_str(&s[at + 1..]);
                return out.into();
            }
        }
    }
}
