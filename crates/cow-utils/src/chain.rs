//! `CowChain`: pipelines of `Cow`-returning steps that allocate only for steps that change
//! something.

use alloc::borrow::Cow;
use alloc::string::String;

/// Chains `&str -> Cow<str>` steps on a `Cow<str>` (or a `&str`).
///
/// Each step sees the current text. A step that changes nothing costs nothing: a borrowed
/// value stays borrowed, and an owned buffer is kept (not copied) when the step returns its
/// input or a sub-slice of it (the buffer is shrunk in place). Only a step that builds new text
/// allocates. This is the "lazy mutation chain": a pipeline of `s.replace(..)` calls would
/// allocate on every step.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use ownership_cow_utils::{escape_html, squish, CowChain, CowStrExt};
///
/// let clean = "already fine".then(squish).then(escape_html);
/// assert!(matches!(clean, Cow::Borrowed(_)));
///
/// let messy = "  Tom  &\tJerry ".then(squish).then(escape_html).then(|s| s.cow_replace(' ', "_"));
/// assert_eq!(messy, "Tom_&amp;_Jerry");
/// ```
pub trait CowChain<'a> {
    /// Applies `step` to the current text and keeps whatever allocation can be kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use ownership_cow_utils::{normalize_whitespace, CowChain};
    ///
    /// let owned: Cow<str> = Cow::Owned(String::from("a  b"));
    /// let text = owned
    ///     .then(normalize_whitespace) // changes: a new buffer
    ///     .then(|s| Cow::Borrowed(s.trim())) // a sub-slice of it: the buffer is kept
    ///     .then(normalize_whitespace); // no change: still the same buffer
    /// assert_eq!(text, "a b");
    /// ```
    fn then<F>(self, step: F) -> Cow<'a, str>
    where
        F: for<'b> FnOnce(&'b str) -> Cow<'b, str>;

    /// Applies a fallible `step`, like [`then`](Self::then), stopping at the first error.
    ///
    /// # Errors
    ///
    /// Whatever `step` returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_cow_utils::{normalize_newlines, unescape_literal, CowChain};
    ///
    /// let text = r"line\r\nnext".try_then(unescape_literal)?.then(normalize_newlines);
    /// assert_eq!(text, "line\nnext");
    /// assert!(r"bad \q".try_then(unescape_literal).is_err());
    /// # Ok::<(), ownership_cow_utils::UnescapeError>(())
    /// ```
    fn try_then<F, E>(self, step: F) -> Result<Cow<'a, str>, E>
    where
        F: for<'b> FnOnce(&'b str) -> Result<Cow<'b, str>, E>;
}

impl<'a> CowChain<'a> for Cow<'a, str> {
    fn then<F>(self, step: F) -> Cow<'a, str>
    where
        F: for<'b> FnOnce(&'b str) -> Cow<'b, str>,
    {
        match self.try_then(|s| Ok::<_, core::convert::Infallible>(step(s))) {
            Ok(text) => text,
            Err(never) => match never {},
        }
    }

    fn try_then<F, E>(self, step: F) -> Result<Cow<'a, str>, E>
    where
        F: for<'b> FnOnce(&'b str) -> Result<Cow<'b, str>, E>,
    {
        match self {
            Cow::Borrowed(s) => step(s),
            Cow::Owned(buf) => {
                let kept = match step(&buf)? {
                    Cow::Owned(new) => return Ok(Cow::Owned(new)),
                    Cow::Borrowed(view) => sub_slice_range(&buf, view).ok_or(view),
                };
                Ok(Cow::Owned(match kept {
                    Ok(range) => shrink_to_range(buf, range),
                    // The step returned text from elsewhere (a constant, say): copy it.
                    Err(elsewhere) => String::from(elsewhere),
                }))
            }
        }
    }
}

impl<'a> CowChain<'a> for &'a str {
    fn then<F>(self, step: F) -> Cow<'a, str>
    where
        F: for<'b> FnOnce(&'b str) -> Cow<'b, str>,
    {
        step(self)
    }

    fn try_then<F, E>(self, step: F) -> Result<Cow<'a, str>, E>
    where
        F: for<'b> FnOnce(&'b str) -> Result<Cow<'b, str>, E>,
    {
        step(self)
    }
}

/// Returns where `view` lies inside `buf`, if it does.
fn sub_slice_range(buf: &str, view: &str) -> Option<core::ops::Range<usize>> {
    let start = view.as_ptr().addr().checked_sub(buf.as_ptr().addr())?;
    let end = start + view.len();
    (end <= buf.len()).then_some(start..end)
}

/// Turns `buf` into `buf[range]` in place: no allocation.
fn shrink_to_range(mut buf: String, range: core::ops::Range<usize>) -> String {
    buf.truncate(range.end);
    buf.drain(..range.start);
    buf
}
