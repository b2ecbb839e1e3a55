//! `CowStrExt`: `replace` and case changes that borrow when nothing changes.

use alloc::borrow::Cow;
use alloc::string::String;

/// A literal pattern for [`CowStrExt::cow_replace`]: a `char`, a `&str` or a `&String`.
///
/// The standard library's `Pattern` trait is unstable, so this small trait stands in for it.
/// Every match of a literal pattern is the same text, which is what lets `cow_replace` return
/// the input borrowed when the replacement equals that text.
///
/// # Examples
///
/// ```
/// use ownership_cow_utils::Pattern;
///
/// let mut buf = [0; 4];
/// assert_eq!('é'.as_str(&mut buf), "é");
/// assert_eq!("ab".as_str(&mut buf), "ab");
/// ```
pub trait Pattern {
    /// Returns the text this pattern matches, encoding a `char` into `buf`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_cow_utils::Pattern;
    ///
    /// let owned = String::from("needle");
    /// assert_eq!(Pattern::as_str(&&owned, &mut [0; 4]), "needle");
    /// ```
    fn as_str<'b>(&'b self, buf: &'b mut [u8; 4]) -> &'b str;
}

impl Pattern for char {
    fn as_str<'b>(&'b self, buf: &'b mut [u8; 4]) -> &'b str {
        self.encode_utf8(buf)
    }
}

impl Pattern for &str {
    fn as_str<'b>(&'b self, _: &'b mut [u8; 4]) -> &'b str {
        self
    }
}

impl Pattern for &String {
    fn as_str<'b>(&'b self, _: &'b mut [u8; 4]) -> &'b str {
        String::as_str(self)
    }
}

/// `str` methods that return [`Cow`]: borrowed, pointer-equal to the input, when the result
/// equals it; owned and built in one pass otherwise.
///
/// The same operations as the `cow-utils` crate on crates.io, with a faster `cow_replace` (it
/// finds the first match before allocating and copies the clean prefix at once).
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use ownership_cow_utils::CowStrExt;
///
/// assert!(matches!("no match".cow_replace('x', "y"), Cow::Borrowed(_)));
/// assert_eq!("a-b-c".cow_replace('-', "+"), "a+b+c");
/// assert!(matches!("$$price$$".cow_replace("$", ""), Cow::Borrowed("price")));
/// assert_eq!("ΣΊΣΥΦΟΣ".cow_to_lowercase(), "σίσυφος");
/// ```
pub trait CowStrExt {
    /// Replaces every match of `from` with `to`, like [`str::replace`].
    ///
    /// Borrowed when there is no match or `to` equals the matched text; also borrowed when
    /// `to` is empty and the matches sit only at the two ends, so the result is one sub-slice
    /// of the input. Otherwise one `String` (with capacity for the output when it is not longer
    /// than the input).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use ownership_cow_utils::CowStrExt;
    ///
    /// assert_eq!("one two".cow_replace(" ", ", "), "one, two");
    /// assert!(matches!("a.b".cow_replace('.', "."), Cow::Borrowed(_)));
    /// assert!(matches!("--x--".cow_replace('-', ""), Cow::Borrowed("x")));
    /// ```
    fn cow_replace<P: Pattern>(&self, from: P, to: &str) -> Cow<'_, str>;

    /// Replaces the first `count` matches of `from` with `to`, like [`str::replacen`].
    ///
    /// Borrowed in the same cases as [`cow_replace`](Self::cow_replace), and when `count` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use ownership_cow_utils::CowStrExt;
    ///
    /// assert_eq!("a.b.c".cow_replacen('.', "/", 1), "a/b.c");
    /// assert!(matches!("$$x$".cow_replacen('$', "", 2), Cow::Borrowed("x$")));
    /// ```
    fn cow_replacen<P: Pattern>(&self, from: P, to: &str, count: usize) -> Cow<'_, str>;

    /// Returns the lowercase equivalent, like [`str::to_lowercase`] (final sigma included).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use ownership_cow_utils::CowStrExt;
    ///
    /// assert!(matches!("ὀδυσσεύς".cow_to_lowercase(), Cow::Borrowed(_)));
    /// assert_eq!("ὈΔΥΣΣΕΎΣ".cow_to_lowercase(), "ὀδυσσεύς");
    /// ```
    fn cow_to_lowercase(&self) -> Cow<'_, str>;

    /// Returns the uppercase equivalent, like [`str::to_uppercase`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use ownership_cow_utils::CowStrExt;
    ///
    /// assert!(matches!("ABC 123".cow_to_uppercase(), Cow::Borrowed(_)));
    /// assert_eq!("straße".cow_to_uppercase(), "STRASSE");
    /// ```
    fn cow_to_uppercase(&self) -> Cow<'_, str>;

    /// Maps ASCII `A-Z` to `a-z`, like [`str::to_ascii_lowercase`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use ownership_cow_utils::CowStrExt;
    ///
    /// assert!(matches!("ÉCOLE".cow_to_ascii_lowercase(), Cow::Owned(_)));
    /// assert_eq!("ÉCOLE".cow_to_ascii_lowercase(), "École");
    /// assert!(matches!("École".cow_to_ascii_lowercase(), Cow::Borrowed(_)));
    /// ```
    fn cow_to_ascii_lowercase(&self) -> Cow<'_, str>;

    /// Maps ASCII `a-z` to `A-Z`, like [`str::to_ascii_uppercase`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use ownership_cow_utils::CowStrExt;
    ///
    /// assert!(matches!("ÉCOLE".cow_to_ascii_uppercase(), Cow::Borrowed(_)));
    /// assert_eq!("http".cow_to_ascii_uppercase(), "HTTP");
    /// ```
    fn cow_to_ascii_uppercase(&self) -> Cow<'_, str>;
}

impl CowStrExt for str {
    // Inlined so that for literal arguments the one-byte fast path below sees constants.
    #[inline]
    fn cow_replace<P: Pattern>(&self, from: P, to: &str) -> Cow<'_, str> {
        let mut buf = [0; 4];
        let needle = from.as_str(&mut buf);
        if let (&[from_byte], &[to_byte]) = (needle.as_bytes(), to.as_bytes()) {
            if from_byte != to_byte {
                // One ASCII byte to another: std maps the bytes with a vectorized loop, faster
                // than copying the gaps between dense matches, and allocates exactly once.
                // memchr makes sure there is a match first, so clean input is free.
                return match memchr::memchr(from_byte, self.as_bytes()) {
                    Some(_) => Cow::Owned(self.replace(char::from(from_byte), to)),
                    None => Cow::Borrowed(self),
                };
            }
        }
        replace(self, needle, to, usize::MAX)
    }

    fn cow_replacen<P: Pattern>(&self, from: P, to: &str, count: usize) -> Cow<'_, str> {
        let mut buf = [0; 4];
        let needle = from.as_str(&mut buf);
        replace(self, needle, to, count)
    }

    fn cow_to_lowercase(&self) -> Cow<'_, str> {
        match find_change(self, u8::is_ascii_uppercase, |c| !c.to_lowercase().eq([c])) {
            None => Cow::Borrowed(self),
            // Final sigma depends on the characters around it, so std does the whole string;
            // it allocates once, with capacity for an output as long as the input.
            Some(_) => Cow::Owned(self.to_lowercase()),
        }
    }

    fn cow_to_uppercase(&self) -> Cow<'_, str> {
        let Some(first) = find_change(self, u8::is_ascii_lowercase, |c| !c.to_uppercase().eq([c]))
        else {
            return Cow::Borrowed(self);
        };
        let mut out = String::with_capacity(self.len());
        out.push_str(&self[..first]);
        for c in self[first..].chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.extend(c.to_uppercase());
            }
        }
        Cow::Owned(out)
    }

    fn cow_to_ascii_lowercase(&self) -> Cow<'_, str> {
        match self.bytes().position(|b| b.is_ascii_uppercase()) {
            None => Cow::Borrowed(self),
            Some(first) => {
                let mut out = String::from(self);
                out[first..].make_ascii_lowercase();
                Cow::Owned(out)
            }
        }
    }

    fn cow_to_ascii_uppercase(&self) -> Cow<'_, str> {
        match self.bytes().position(|b| b.is_ascii_lowercase()) {
            None => Cow::Borrowed(self),
            Some(first) => {
                let mut out = String::from(self);
                out[first..].make_ascii_uppercase();
                Cow::Owned(out)
            }
        }
    }
}

/// Returns the index of the first character that a case mapping changes: `ascii` decides for
/// ASCII bytes (the common case, no decoding), `changes` for the others.
fn find_change(s: &str, ascii: fn(&u8) -> bool, changes: impl Fn(char) -> bool) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(b) = bytes.get(i) {
        if b.is_ascii() {
            if ascii(b) {
                return Some(i);
            }
            i += 1;
        } else {
            let c = s[i..]
                .chars()
                .next()
                .expect("a non-ASCII byte at a char boundary starts a char");
            if changes(c) {
                return Some(i);
            }
            i += c.len_utf8();
        }
    }
    None
}

/// Replaces the first `count` matches of `needle` in `s` with `to`.
fn replace<'s>(s: &'s str, needle: &str, to: &str, count: usize) -> Cow<'s, str> {
    if count == 0 || needle == to {
        // Replacing a literal match with itself changes nothing.
        return Cow::Borrowed(s);
    }
    if let &[byte] = needle.as_bytes() {
        // One ASCII byte.
        let matches = memchr::memchr_iter(byte, s.as_bytes());
        return replace_matches(s, matches, needle.len(), to, count);
    }
    if needle.is_empty() {
        // Matches between every two characters: leave that to std.
        return replace_matches(s, s.match_indices(needle).map(|(at, _)| at), 0, to, count);
    }
    // Non-overlapping, left to right, as `str::replace` finds them.
    let matches = memchr::memmem::find_iter(s.as_bytes(), needle.as_bytes());
    replace_matches(s, matches, needle.len(), to, count)
}

/// Replaces the first `count` of `matches`: start indices of the needle, which is
/// `needle_len` bytes long and differs from `to`.
fn replace_matches<'s>(
    s: &'s str,
    matches: impl Iterator<Item = usize>,
    needle_len: usize,
    to: &str,
    count: usize,
) -> Cow<'s, str> {
    let mut matches = matches.take(count);
    let Some(first) = matches.next() else {
        return Cow::Borrowed(s);
    };
    if to.is_empty() {
        return remove_matches(s, first, needle_len, matches);
    }
    // Exact when the output is not longer than the input; otherwise room for one growth step.
    let capacity = s.len() + to.len().saturating_sub(needle_len);
    let mut out = String::with_capacity(capacity);
    out.push_str(&s[..first]);
    out.push_str(to);
    let mut last = first + needle_len;
    for at in matches {
        out.push_str(&s[last..at]);
        out.push_str(to);
        last = at + needle_len;
    }
    out.push_str(&s[last..]);
    Cow::Owned(out)
}

/// Deletes the matches; the result stays borrowed while it is a single sub-slice of `s`.
fn remove_matches(
    s: &str,
    first: usize,
    len: usize,
    matches: impl Iterator<Item = usize>,
) -> Cow<'_, str> {
    // The result is the concatenation of the gaps between matches. Until a second non-empty
    // gap shows up, the only non-empty one is remembered as a range instead of copied.
    let mut kept = 0..first;
    let mut out: Option<String> = None;
    let mut keep = |gap: core::ops::Range<usize>| {
        if gap.is_empty() {
            return;
        }
        match &mut out {
            Some(out) => out.push_str(&s[gap]),
            None if kept.is_empty() => kept = gap,
            None => {
                let mut buf = String::with_capacity(s.len() - kept.start);
                buf.push_str(&s[kept.clone()]);
                buf.push_str(&s[gap]);
                out = Some(buf);
            }
        }
    };
    let mut last = first + len;
    for at in matches {
        keep(last..at);
        last = at + len;
    }
    keep(last..s.len());
    match out {
        Some(out) => Cow::Owned(out),
        None => Cow::Borrowed(&s[kept]),
    }
}
