//! `unescape_literal` and `escape_literal`: a reference parser, the round trip, error offsets
//! and kinds, no panic on any input, and the allocation claims.

mod common;

use std::borrow::Cow;
use test_support::proptest_config;

use common::{assert_borrowed_free, assert_owned_once};
use ownership_cow_utils::{UnescapeErrorKind as Kind, escape_literal, unescape_literal};
use proptest::prelude::*;
use test_support::CountingAlloc;

/// The straightforward parser: a `char` iterator and a `match`, returning the error as
/// `(offset, kind)`.
fn reference_unescape(s: &str) -> Result<String, (usize, Kind)> {
    let mut out = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            return Err((at, Kind::TrailingBackslash));
        };
        out.push(match e {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '0' => '\0',
            '\\' | '"' | '\'' => e,
            'u' => {
                if chars.next().map(|(_, c)| c) != Some('{') {
                    return Err((at, Kind::MissingUnicodeBrace));
                }
                let mut hex = String::new();
                loop {
                    match chars.next() {
                        None => return Err((at, Kind::UnterminatedUnicode)),
                        Some((_, '}')) => break,
                        Some((_, d)) if d.is_ascii_hexdigit() && hex.len() == 6 => {
                            return Err((at, Kind::OverlongUnicode));
                        }
                        Some((_, d)) if d.is_ascii_hexdigit() => hex.push(d),
                        Some((_, d)) => return Err((at, Kind::InvalidUnicodeDigit(d))),
                    }
                }
                if hex.is_empty() {
                    return Err((at, Kind::EmptyUnicode));
                }
                let value = u32::from_str_radix(&hex, 16).expect("1 to 6 hex digits");
                match char::from_u32(value) {
                    Some(c) => c,
                    None if (0xD800..=0xDFFF).contains(&value) => {
                        return Err((at, Kind::Surrogate(value)));
                    }
                    None => return Err((at, Kind::CodePointOutOfRange)),
                }
            }
            other => return Err((at, Kind::UnknownEscape(other))),
        });
    }
    Ok(out)
}

fn reference_escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\\' => "\\\\".to_string(),
            '"' => "\\\"".to_string(),
            '\n' => "\\n".to_string(),
            '\t' => "\\t".to_string(),
            '\r' => "\\r".to_string(),
            '\0' => "\\0".to_string(),
            c if c.is_control() => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Strings dense in backslashes and escape letters, where the parser's edge cases live.
fn escapy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec![
            "\\",
            "n",
            "t",
            "u",
            "{",
            "}",
            "0",
            "1f600",
            "d800",
            "110000",
            "x",
            "a",
            "é",
            "\"",
            "'",
            "ffffffffff",
            "\\u{41}",
        ]),
        0..16,
    )
    .prop_map(|parts| parts.concat())
}

#[test]
fn errors_name_the_offset_and_the_kind() {
    let cases = [
        (r"abc\", 3, Kind::TrailingBackslash),
        (r"é\q", 2, Kind::UnknownEscape('q')),
        (r"ok\n\u", 4, Kind::MissingUnicodeBrace),
        (r"\u{12", 0, Kind::UnterminatedUnicode),
        (r"x\u{}", 1, Kind::EmptyUnicode),
        (r"\u{12z}", 0, Kind::InvalidUnicodeDigit('z')),
        (r"\u{110000}", 0, Kind::CodePointOutOfRange),
        (r"\u{FFFFFF}", 0, Kind::CodePointOutOfRange),
        (r"\u{fffffffffffffff}", 0, Kind::OverlongUnicode),
        (r"\u{1234567", 0, Kind::OverlongUnicode),
        (r"\u{D800}", 0, Kind::Surrogate(0xD800)),
        (r"a\x41", 1, Kind::UnknownEscape('x')),
        (r"\u", 0, Kind::MissingUnicodeBrace),
        (r"\u{", 0, Kind::UnterminatedUnicode),
        ("\\\u{1F600}", 0, Kind::UnknownEscape('\u{1F600}')),
        (r"\u{DFFF}", 0, Kind::Surrogate(0xDFFF)),
    ];
    for (input, offset, kind) in cases {
        let err = unescape_literal(input).unwrap_err();
        assert_eq!((err.offset(), err.kind()), (offset, kind), "{input:?}");
        assert!(err.to_string().contains(&format!("byte {offset}")), "{err}");
    }
}

#[test]
fn every_error_kind_has_its_message() {
    let cases = [
        (
            r"ab\",
            r"lone backslash at the end (byte 2); write `\\` for a literal backslash",
        ),
        (
            r"\q",
            r#"unknown escape `\q` at byte 0; expected one of \n \t \r \\ \" \' \0 \u{...}"#,
        ),
        (
            r"\u41",
            r"`\u` at byte 0 must be followed by `{`, as in `\u{1F600}`",
        ),
        (r"\u{41", "unicode escape at byte 0 has no closing `}`"),
        (
            r"\u{}",
            r"empty unicode escape `\u{}` at byte 0; give 1 to 6 hex digits",
        ),
        (
            r"\u{0000041}",
            "unicode escape at byte 0 has more than 6 hex digits",
        ),
        (
            r"\u{4g}",
            "unicode escape at byte 0 contains 'g', which is not a hex digit",
        ),
        (
            r"\u{110000}",
            "unicode escape at byte 0 is above U+10FFFF, the largest code point",
        ),
        (
            r"\u{D800}",
            "unicode escape at byte 0 is U+D800, a UTF-16 surrogate, not a character",
        ),
    ];
    for (input, message) in cases {
        assert_eq!(
            unescape_literal(input).unwrap_err().to_string(),
            message,
            "{input:?}"
        );
    }
}

#[test]
fn unicode_escapes_take_at_most_six_hex_digits() {
    // Six digits, leading zeros included, are accepted.
    assert_eq!(unescape_literal(r"\u{000041}").unwrap(), "A");
    assert_eq!(unescape_literal(r"\u{10FFFF}").unwrap(), "\u{10FFFF}");
    // A seventh digit is rejected, whatever its value, at the offset of the backslash.
    for (input, offset) in [
        (r"\u{0000041}", 0),
        (r"ab\u{1234567}", 2),
        (r"é\u{00000000}", 2),
    ] {
        let err = unescape_literal(input).unwrap_err();
        assert_eq!(
            (err.offset(), err.kind()),
            (offset, Kind::OverlongUnicode),
            "{input:?}"
        );
        assert_eq!(
            err.to_string(),
            format!("unicode escape at byte {offset} has more than 6 hex digits")
        );
    }
}

#[test]
fn every_escape_resolves() {
    let (out, stats) = CountingAlloc::measure(|| {
        unescape_literal(r#"\n\t\r\\\"\'\0\u{41}\u{1F600}\u{0}"#).unwrap()
    });
    assert_eq!(out, "\n\t\r\\\"'\0A\u{1F600}\0");
    assert!(
        stats.allocations == 1 && stats.reallocations == 0,
        "{stats}"
    );
}

#[test]
fn the_allocation_claims() {
    for s in ["", "plain", "it's \u{1F600} fine"] {
        let (out, stats) = CountingAlloc::measure(|| unescape_literal(s));
        stats.assert_no_allocations();
        assert!(matches!(out, Ok(Cow::Borrowed(b)) if std::ptr::eq(b, s)));
        assert_borrowed_free(s, escape_literal);
    }
    assert_owned_once(r"a\nb", "a\nb", |s| unescape_literal(s).unwrap());
    // Escaping makes the text longer, and still takes exactly one allocation.
    assert_owned_once("a\"b\u{1}", r#"a\"b\u{1}"#, escape_literal);
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn unescape_matches_the_reference(s in escapy()) {
        let ours = unescape_literal(&s).map(Cow::into_owned).map_err(|e| (e.offset(), e.kind()));
        prop_assert_eq!(ours, reference_unescape(&s));
    }

    #[test]
    fn arbitrary_strings_never_panic_and_match(s in any::<String>()) {
        let ours = unescape_literal(&s).map(Cow::into_owned).map_err(|e| (e.offset(), e.kind()));
        prop_assert_eq!(ours, reference_unescape(&s));
        prop_assert_eq!(&*escape_literal(&s), reference_escape(&s));
    }

    #[test]
    fn round_trip(s in any::<String>()) {
        let escaped = escape_literal(&s);
        prop_assert_eq!(unescape_literal(&escaped).unwrap(), s.as_str());
    }
}
