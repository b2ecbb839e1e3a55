//! HTML escaping.

use alloc::borrow::Cow;
use alloc::string::String;

use core::ops::ControlFlow;

use crate::scan::{find_html_special, for_each_html_special, html_growth};

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
/// Borrowed, pointer-equal to `s`, when there is nothing to escape: that scan is two SIMD
/// searches of the `memchr` crate (`& < >` and `" '`). Otherwise the result is built in one pass into one `String` sized
/// exactly. `'` becomes `&#39;` (HTML 4 has no `&apos;`).
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use ownership_cow_utils::escape_html;
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
    // Every entity replaces one byte: size the output exactly.
    let extra = html_growth(&bytes[first..]);
    let mut out = String::with_capacity(s.len() + extra);
    let mut copied = 0;
    for_each_html_special::<()>(bytes, first, |i| {
        out.push_str(&s[copied..i]);
        out.push_str(entity(bytes[i]));
        copied = i + 1;
        ControlFlow::Continue(())
    });
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}
