//! String-literal escapes: `\n \t \r \\ \" \' \0 \u{...}`.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

/// Why [`unescape_literal`] rejected its input, and where.
///
/// # Examples
///
/// ```
/// use ownership_cow_utils::{unescape_literal, UnescapeErrorKind};
///
/// let err = unescape_literal(r"ok \q").unwrap_err();
/// assert_eq!(err.offset(), 3);
/// assert_eq!(err.kind(), UnescapeErrorKind::UnknownEscape('q'));
/// assert_eq!(
///     err.to_string(),
///     r#"unknown escape `\q` at byte 3; expected one of \n \t \r \\ \" \' \0 \u{...}"#
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnescapeError {
    offset: usize,
    kind: UnescapeErrorKind,
}

/// The kind of a bad escape found by [`unescape_literal`].
///
/// # Examples
///
/// ```
/// use ownership_cow_utils::{unescape_literal, UnescapeErrorKind};
///
/// let kind = |s| unescape_literal(s).unwrap_err().kind();
/// assert_eq!(kind(r"\"), UnescapeErrorKind::TrailingBackslash);
/// assert_eq!(kind(r"\x41"), UnescapeErrorKind::UnknownEscape('x'));
/// assert_eq!(kind(r"\u41"), UnescapeErrorKind::MissingUnicodeBrace);
/// assert_eq!(kind(r"\u{41"), UnescapeErrorKind::UnterminatedUnicode);
/// assert_eq!(kind(r"\u{}"), UnescapeErrorKind::EmptyUnicode);
/// assert_eq!(kind(r"\u{0000041}"), UnescapeErrorKind::OverlongUnicode);
/// assert_eq!(kind(r"\u{4g}"), UnescapeErrorKind::InvalidUnicodeDigit('g'));
/// assert_eq!(kind(r"\u{110000}"), UnescapeErrorKind::CodePointOutOfRange);
/// assert_eq!(kind(r"\u{d800}"), UnescapeErrorKind::Surrogate(0xD800));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnescapeErrorKind {
    /// A backslash followed by a character that starts no escape.
    UnknownEscape(char),
    /// The input ends with a lone backslash.
    TrailingBackslash,
    /// `\u` not followed by `{`.
    MissingUnicodeBrace,
    /// `\u{` with no closing `}` before the end of the input.
    UnterminatedUnicode,
    /// `\u{}`, with no digits.
    EmptyUnicode,
    /// `\u{...}` with more than six hex digits (leading zeros count), as in `\u{0000041}`.
    OverlongUnicode,
    /// A character other than a hex digit or `}` inside `\u{...}`.
    InvalidUnicodeDigit(char),
    /// `\u{...}` above U+10FFFF, the largest code point.
    CodePointOutOfRange,
    /// `\u{...}` in U+D800..=U+DFFF, which are UTF-16 surrogates, not characters.
    Surrogate(u32),
}

impl UnescapeError {
    /// Returns the byte offset of the backslash that starts the bad escape.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_cow_utils::unescape_literal;
    ///
    /// assert_eq!(unescape_literal(r"é\").unwrap_err().offset(), 2);
    /// ```
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Returns what is wrong with the escape.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_cow_utils::{unescape_literal, UnescapeErrorKind};
    ///
    /// assert_eq!(unescape_literal(r"\u{}").unwrap_err().kind(), UnescapeErrorKind::EmptyUnicode);
    /// ```
    pub fn kind(&self) -> UnescapeErrorKind {
        self.kind
    }
}

impl fmt::Display for UnescapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.offset;
        match self.kind {
            UnescapeErrorKind::UnknownEscape(c) => write!(
                f,
                "unknown escape `\\{c}` at byte {at}; expected one of \
                 \\n \\t \\r \\\\ \\\" \\' \\0 \\u{{...}}"
            ),
            UnescapeErrorKind::TrailingBackslash => write!(
                f,
                "lone backslash at the end (byte {at}); write `\\\\` for a literal backslash"
            ),
            UnescapeErrorKind::MissingUnicodeBrace => {
                write!(
                    f,
                    "`\\u` at byte {at} must be followed by `{{`, as in `\\u{{1F600}}`"
                )
            }
            UnescapeErrorKind::UnterminatedUnicode => {
                write!(f, "unicode escape at byte {at} has no closing `}}`")
            }
            UnescapeErrorKind::EmptyUnicode => {
                write!(
                    f,
                    "empty unicode escape `\\u{{}}` at byte {at}; give 1 to 6 hex digits"
                )
            }
            UnescapeErrorKind::OverlongUnicode => {
                write!(f, "unicode escape at byte {at} has more than 6 hex digits")
            }
            UnescapeErrorKind::InvalidUnicodeDigit(c) => write!(
                f,
                "unicode escape at byte {at} contains {c:?}, which is not a hex digit"
            ),
            UnescapeErrorKind::CodePointOutOfRange => write!(
                f,
                "unicode escape at byte {at} is above U+10FFFF, the largest code point"
            ),
            UnescapeErrorKind::Surrogate(cp) => write!(
                f,
                "unicode escape at byte {at} is U+{cp:04X}, a UTF-16 surrogate, not a character"
            ),
        }
    }
}

impl core::error::Error for UnescapeError {}

/// Resolves the escapes of a string literal: `\n \t \r \\ \" \' \0` and `\u{...}` (1 to 6
/// hex digits, any code point except surrogates).
///
/// Borrowed, pointer-equal to `s`, when `s` has no backslash. Otherwise the result is built in
/// one pass into one `String` (always shorter than `s`). It never panics; [`escape_literal`] is
/// its inverse.
///
/// # Errors
///
/// [`UnescapeError`] with the byte offset of the offending backslash and an
/// [`UnescapeErrorKind`]: unknown escape, trailing backslash, `\u` without `{`, unterminated or
/// empty `\u{}`, more than six digits, a non-hex digit, a code point out of range or a
/// surrogate. The digits are read left to right and the first problem found is reported: a
/// seventh hex digit is [`OverlongUnicode`](UnescapeErrorKind::OverlongUnicode) even when no
/// `}` follows.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use ownership_cow_utils::unescape_literal;
///
/// assert!(matches!(unescape_literal("no escapes"), Ok(Cow::Borrowed(_))));
/// assert_eq!(unescape_literal(r#"say \"hi\"\n\u{1F600}"#)?, "say \"hi\"\n\u{1F600}");
/// assert_eq!(unescape_literal(r"\u{D800}").unwrap_err().offset(), 0);
/// # Ok::<(), ownership_cow_utils::UnescapeError>(())
/// ```
pub fn unescape_literal(s: &str) -> Result<Cow<'_, str>, UnescapeError> {
    let Some(first) = s.find('\\') else {
        return Ok(Cow::Borrowed(s));
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut at = first;
    // `at` indexes a backslash at the top of every iteration.
    loop {
        let err = |kind| UnescapeError { offset: at, kind };
        let mut chars = s[at + 1..].chars();
        let c = chars
            .next()
            .ok_or(err(UnescapeErrorKind::TrailingBackslash))?;
        let mut next = at + 1 + c.len_utf8();
        match c {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '\\' | '"' | '\'' => out.push(c),
            '0' => out.push('\0'),
            'u' => {
                let (c, len) = unicode_escape(&s[next..]).map_err(err)?;
                out.push(c);
                next += len;
            }
            other => return Err(err(UnescapeErrorKind::UnknownEscape(other))),
        }
        match s[next..].find('\\') {
            Some(gap) => {
                out.push_str(&s[next..next + gap]);
                at = next + gap;
            }
            None => {
                out.push_str(&s[next..]);
                return Ok(Cow::Owned(out));
            }
        }
    }
}

/// The most hex digits `\u{...}` may hold: enough for U+10FFFF.
const MAX_UNICODE_DIGITS: usize = 6;

/// Parses the `{...}` after `\u`, returning the character and the bytes it took.
fn unicode_escape(s: &str) -> Result<(char, usize), UnescapeErrorKind> {
    let digits = s
        .strip_prefix('{')
        .ok_or(UnescapeErrorKind::MissingUnicodeBrace)?;
    let mut value: u32 = 0;
    for (i, c) in digits.char_indices() {
        if c == '}' {
            if i == 0 {
                return Err(UnescapeErrorKind::EmptyUnicode);
            }
            return match char::from_u32(value) {
                Some(c) => Ok((c, i + 2)),
                None if (0xD800..=0xDFFF).contains(&value) => {
                    Err(UnescapeErrorKind::Surrogate(value))
                }
                None => Err(UnescapeErrorKind::CodePointOutOfRange),
            };
        }
        let digit = c
            .to_digit(16)
            .ok_or(UnescapeErrorKind::InvalidUnicodeDigit(c))?;
        // Digits are ASCII, so `i` counts them; six fit a `u32` without overflow.
        if i == MAX_UNICODE_DIGITS {
            return Err(UnescapeErrorKind::OverlongUnicode);
        }
        value = value * 16 + digit;
    }
    Err(UnescapeErrorKind::UnterminatedUnicode)
}

/// Returns `true` for the characters [`escape_literal`] rewrites.
fn needs_escape(c: char) -> bool {
    matches!(c, '\\' | '"') || c.is_control()
}

/// Writes `s` as the body of a string literal: the inverse of [`unescape_literal`].
///
/// `\` and `"` get a backslash; newline, tab, carriage return and NUL become `\n \t \r \0`;
/// other control characters become `\u{...}`. Everything else, `'` included, is kept. Borrowed,
/// pointer-equal to `s`, when nothing needs escaping; otherwise one `String`, sized exactly.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use ownership_cow_utils::{escape_literal, unescape_literal};
///
/// assert!(matches!(escape_literal("it's plain"), Cow::Borrowed(_)));
/// let escaped = escape_literal("a \"quote\"\n\u{7}");
/// assert_eq!(escaped, r#"a \"quote\"\n\u{7}"#);
/// assert_eq!(unescape_literal(&escaped)?, "a \"quote\"\n\u{7}");
/// # Ok::<(), ownership_cow_utils::UnescapeError>(())
/// ```
pub fn escape_literal(s: &str) -> Cow<'_, str> {
    let Some(first) = s.find(needs_escape) else {
        return Cow::Borrowed(s);
    };
    let extra: usize = s[first..]
        .chars()
        .filter(|&c| needs_escape(c))
        .map(|c| escaped_len(c) - c.len_utf8())
        .sum();
    let mut out = String::with_capacity(s.len() + extra);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        match c {
            '\\' | '"' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => {
                use core::fmt::Write;
                write!(out, "\\u{{{:x}}}", u32::from(c)).expect("writing to a String cannot fail");
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Returns the length of `c` as [`escape_literal`] writes it, given `needs_escape(c)`.
fn escaped_len(c: char) -> usize {
    match c {
        '\\' | '"' | '\n' | '\t' | '\r' | '\0' => 2,
        // `\u{` + hex digits + `}`; control characters are at most 0x9F: two digits.
        c if u32::from(c) < 0x10 => 5,
        _ => 6,
    }
}
