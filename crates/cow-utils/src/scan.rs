//! Fast "is there anything to change?" scans, without `unsafe`.
//!
//! Clean input is the common case, so these scans decide the speed of every function that
//! returns `Cow::Borrowed`. They test a 32-byte block at a time with a branch-free loop over a
//! fixed-size array (no early exit inside the block, a `u8` accumulator), which the compiler
//! turns into SIMD compares on targets that have them and into word-sized work elsewhere. Only
//! a block that may hold something is looked at byte by byte, and a scan resumes where the
//! last one stopped, so building the output is one pass too.

use core::ops::ControlFlow;

/// Bytes per block: two SSE2 / NEON registers, one AVX2 register.
const BLOCK: usize = 32;

/// `0x01` in every byte.
const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
/// `0x7F` in every byte.
const LOW7: u64 = ONES * 0x7F;
/// `0x80` in every byte.
const HIGH: u64 = ONES * 0x80;

/// Returns `0x80` in each byte of `x` equal to `c` and 0 elsewhere, exactly: no carry crosses
/// a byte, because the sum of two 7-bit values fits in 8 bits.
#[inline(always)]
fn bytes_equal(x: u64, c: u8) -> u64 {
    let y = x ^ (ONES * u64::from(c));
    !(((y & LOW7) + LOW7) | y) & HIGH
}

/// Returns `0x80` in each byte of `x` below `n` (for `n <= 0x80`) and 0 elsewhere, exactly.
#[inline(always)]
fn bytes_below(x: u64, n: u8) -> u64 {
    !(((x & LOW7) + ONES * u64::from(0x80 - n)) | x) & HIGH
}

/// Calls `visit(i)` for every `i >= from` whose bit `word_mask` sets, in order, skipping every
/// full block whose window `may_hit` clears; returns the first `Break` value.
///
/// A window of `W` bytes ends with the block: `W = BLOCK` is the block alone, `W = BLOCK + 1`
/// adds the byte before it, so a test can look at pairs that straddle two blocks; `may_hit`
/// must return `true` for every window whose block holds a byte to visit. A block without a
/// full window (at the very start, or a short last one) is always examined. Examining a block
/// takes it 8 bytes at a time: `word_mask(word, byte_before_word)` returns `0x80` in each byte
/// to visit (the word is little-endian, so the lowest set bit is the first byte).
#[inline(always)]
fn scan<const W: usize, T>(
    bytes: &[u8],
    from: usize,
    may_hit: impl Fn(&[u8; W]) -> bool,
    word_mask: impl Fn(u64, u8) -> u64,
    mut visit: impl FnMut(usize) -> ControlFlow<T>,
) -> Option<T> {
    let mut pos = from;
    while pos < bytes.len() {
        let end = (pos + BLOCK).min(bytes.len());
        let window = (pos + BLOCK)
            .checked_sub(W)
            .and_then(|start| bytes.get(start..pos + BLOCK));
        let skip = match window {
            Some(window) => !may_hit(window.try_into().expect("the window is W bytes")),
            None => false,
        };
        if !skip {
            let mut padded = [0u8; BLOCK];
            let block = match bytes.get(pos..pos + BLOCK) {
                Some(block) => block,
                None => {
                    // The short tail, padded; bits past `end` are not visited.
                    padded[..end - pos].copy_from_slice(&bytes[pos..end]);
                    &padded
                }
            };
            let mut before = if pos > 0 { bytes[pos - 1] } else { 0 };
            for (w, word) in block.chunks_exact(8).enumerate() {
                let word: [u8; 8] = word.try_into().expect("chunks of 8");
                let mut mask = word_mask(u64::from_le_bytes(word), before);
                before = word[7];
                while mask != 0 {
                    let i = pos + w * 8 + (mask.trailing_zeros() / 8) as usize;
                    if i >= end {
                        break;
                    }
                    if let ControlFlow::Break(found) = visit(i) {
                        return Some(found);
                    }
                    mask &= mask - 1;
                }
            }
        }
        pos = end;
    }
    None
}

/// Returns `true` for the bytes `escape_html` rewrites.
#[inline(always)]
pub(crate) fn is_html_special(b: u8) -> bool {
    (b == b'&') | (b == b'<') | (b == b'>') | (b == b'"') | (b == b'\'')
}

/// Calls `visit(i)` for every byte from `from` on that `escape_html` rewrites, in order, and
/// returns the first `Break` value.
#[inline(always)]
pub(crate) fn for_each_html_special<T>(
    bytes: &[u8],
    from: usize,
    visit: impl FnMut(usize) -> ControlFlow<T>,
) -> Option<T> {
    let may_hit = |block: &[u8; BLOCK]| {
        let mut hit = 0u8;
        for &b in block {
            hit |= u8::from(is_html_special(b));
        }
        hit != 0
    };
    let word_mask = |x: u64, _| {
        bytes_equal(x, b'&')
            | bytes_equal(x, b'<')
            | bytes_equal(x, b'>')
            | bytes_equal(x, b'"')
            | bytes_equal(x, b'\'')
    };
    scan(bytes, from, may_hit, word_mask, visit)
}

/// Returns how many bytes longer `escape_html` makes `bytes`.
pub(crate) fn html_growth(bytes: &[u8]) -> usize {
    // Per byte at most 5, so a block's sum fits a `u8`: narrow lanes keep this vectorized.
    let growth = |b: u8| {
        u8::from(b == b'&') * 4
            + u8::from((b == b'<') | (b == b'>')) * 3
            + u8::from(b == b'"') * 5
            + u8::from(b == b'\'') * 4
    };
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut total = 0;
    for block in &mut blocks {
        let mut sum = 0u8;
        for &b in block {
            sum += growth(b);
        }
        total += usize::from(sum);
    }
    total
        + blocks
            .remainder()
            .iter()
            .map(|&b| usize::from(growth(b)))
            .sum::<usize>()
}

/// Returns the index of the first byte of `bytes` that `escape_html` rewrites.
pub(crate) fn find_html_special(bytes: &[u8]) -> Option<usize> {
    for_each_html_special(bytes, 0, ControlFlow::Break)
}

/// Returns the index of the first `needle` byte in `bytes` at or after `from`.
pub(crate) fn find_byte(bytes: &[u8], from: usize, needle: u8) -> Option<usize> {
    let may_hit = |block: &[u8; BLOCK]| {
        let mut hit = 0u8;
        for &b in block {
            hit |= u8::from(b == needle);
        }
        hit != 0
    };
    let word_mask = |x: u64, _| bytes_equal(x, needle);
    scan(bytes, from, may_hit, word_mask, ControlFlow::Break)
}

/// Returns the index of the first occurrence of `needle` (at least 2 bytes) in `bytes` that
/// starts at or after `from`.
///
/// Blocks are filtered on the needle's first two bytes as an adjacent pair (a vectorized
/// test), and only pair hits are compared in full: much faster than a general substring
/// searcher on text where the pair is rare, which is the usual case.
pub(crate) fn find_bytes(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let (n0, n1) = (needle[0], needle[1]);
    let may_hit = |w: &[u8; BLOCK + 1]| {
        let mut hit = 0u8;
        for i in 0..BLOCK {
            hit |= u8::from((w[i] == n0) & (w[i + 1] == n1));
        }
        hit != 0
    };
    // Marks the second byte of each pair, so the pair with the byte before the word counts.
    let word_mask = |x: u64, before: u8| {
        let firsts = (bytes_equal(x, n0) << 8) | if before == n0 { 0x80 } else { 0 };
        bytes_equal(x, n1) & firsts
    };
    let visit = |second: usize| match bytes[second - 1..].starts_with(needle) {
        true => ControlFlow::Break(second - 1),
        false => ControlFlow::Continue(()),
    };
    // Scanning from `from + 1` visits pairs that start at `from` or later.
    scan(bytes, from + 1, may_hit, word_mask, visit)
}

/// Returns the index where `normalize_whitespace` first changes `s` at or after `from`: the
/// start of the first run of whitespace that is not exactly one ASCII space.
///
/// `from` must be 0 or the index of a non-whitespace character.
pub(crate) fn find_irregular_whitespace(s: &str, from: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    // A block can hold such a run only if it has a control byte, a non-ASCII byte or two
    // spaces in a row (the pair may straddle the previous block). `b as i8 < 0x20` is one
    // signed compare for "below 0x20 or at least 0x80".
    let may_hit = |w: &[u8; BLOCK + 1]| {
        let mut hit = 0u8;
        for i in 0..BLOCK {
            let (prev, b) = (w[i], w[i + 1]);
            hit |= u8::from(((b as i8) < 0x20) | ((prev == b' ') & (b == b' ')));
        }
        hit != 0
    };
    // Exactly: control bytes, non-ASCII bytes, and spaces right after a space.
    let word_mask = |x: u64, before: u8| {
        let spaces = bytes_equal(x, b' ');
        let after_space = (spaces << 8) | if before == b' ' { 0x80 } else { 0 };
        bytes_below(x, 0x20) | (x & HIGH) | (spaces & after_space)
    };
    // Every whitespace character between `from` and `i` is a lone ASCII space (else the scan
    // would have stopped), so "the previous character is whitespace" is `bytes[i - 1] == b' '`.
    // (At `from` itself there is a non-whitespace character.)
    let visit = |i: usize| {
        let after_space = i > from && bytes[i - 1] == b' ';
        let whitespace = match bytes[i] {
            b' ' => after_space,
            b'\t'..=b'\r' => true,
            // Lead bytes of the non-ASCII `White_Space` characters (U+0085, U+00A0, U+1680,
            // U+2000..U+205F, U+3000); a lead byte always starts a character.
            0xC2 | 0xE1 | 0xE2 | 0xE3 => s[i..].chars().next().is_some_and(char::is_whitespace),
            _ => false,
        };
        match whitespace {
            true => ControlFlow::Break(if after_space { i - 1 } else { i }),
            false => ControlFlow::Continue(()),
        }
    };
    scan(bytes, from, may_hit, word_mask, visit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    /// The reference: walk the characters and report the start of the first whitespace run
    /// that is longer than one character or is not a space.
    fn naive_whitespace(s: &str) -> Option<usize> {
        let mut run_start = None;
        let mut run_len = 0;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                let start = *run_start.get_or_insert(i);
                run_len += 1;
                if c != ' ' || run_len > 1 {
                    return Some(start);
                }
            } else {
                run_start = None;
                run_len = 0;
            }
        }
        None
    }

    #[test]
    fn html_special_and_byte_found_at_every_offset_and_block_position() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            let clean = "a".repeat(len);
            assert_eq!(find_html_special(clean.as_bytes()), None);
            assert_eq!(find_byte(clean.as_bytes(), 0, b'\t'), None);
            for at in 0..len {
                for special in ['&', '<', '>', '"', '\''] {
                    let mut s = clean.clone();
                    s.replace_range(at..=at, special.encode_utf8(&mut [0; 4]));
                    assert_eq!(find_html_special(s.as_bytes()), Some(at), "{s:?}");
                    let b = special as u8;
                    assert_eq!(find_byte(s.as_bytes(), 0, b), Some(at));
                    assert_eq!(find_byte(s.as_bytes(), at, b), Some(at));
                    assert_eq!(find_byte(s.as_bytes(), at + 1, b), None);
                }
            }
        }
    }

    #[test]
    fn irregular_whitespace_matches_the_reference_around_block_edges() {
        let pieces = [
            " ", "  ", "\t", "\n", "\u{a0}", "\u{3000}", "é", "x", "\u{2029}", "\u{85}",
        ];
        for len in [0, 30, 31, 32, 33, 63, 64] {
            let base = "ab cd".repeat(len / 5 + 1);
            let base = &base[..len];
            assert_eq!(find_irregular_whitespace(base, 0), naive_whitespace(base));
            for piece in pieces {
                for at in (0..=len).filter(|&i| base.is_char_boundary(i)) {
                    let mut s = String::from(base);
                    s.insert_str(at, piece);
                    let expected = naive_whitespace(&s);
                    assert_eq!(find_irregular_whitespace(&s, 0), expected, "{s:?}");
                    // Resuming after a run, at a non-whitespace character, finds the same.
                    if let Some(start) = expected {
                        let after = s[start..].trim_start();
                        let resume = s.len() - after.len();
                        let tail = &s[resume..];
                        assert_eq!(
                            find_irregular_whitespace(&s, resume),
                            naive_whitespace(tail).map(|i| resume + i),
                            "{s:?} from {resume}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn word_masks_are_exact_for_every_byte_value() {
        for c in [0u8, b' ', b'&', 0x7F, 0x80, 0xFF] {
            for n in [0x20u8, 0x80] {
                for b in 0..=255u8 {
                    for lane in 0..8 {
                        let mut word = [c; 8];
                        word[lane] = b;
                        let x = u64::from_le_bytes(word);
                        let expect = |hit: fn(u8) -> bool| {
                            word.iter().enumerate().fold(0u64, |m, (i, &v)| {
                                m | if hit(v) { 0x80 << (8 * i) } else { 0 }
                            })
                        };
                        assert_eq!(bytes_equal(x, b' '), expect(|v| v == b' '));
                        assert_eq!(bytes_equal(x, 0xFF), expect(|v| v == 0xFF));
                        let below = if n == 0x20 {
                            bytes_below(x, n)
                        } else {
                            bytes_below(x, 0x80)
                        };
                        let reference = if n == 0x20 {
                            expect(|v| v < 0x20)
                        } else {
                            expect(|v| v < 0x80)
                        };
                        assert_eq!(below, reference);
                    }
                }
            }
        }
    }

    #[test]
    fn find_bytes_matches_std_find_around_block_edges() {
        for needle in ["ab", "aab", "color", "éé", "xx"] {
            for len in [0, 1, 31, 32, 33, 40, 64, 65, 100] {
                for at in 0..=len {
                    let mut s: String = "xa".repeat(len / 2 + 1)[..len].into();
                    s.insert_str(at, needle);
                    for from in [0, 1, at, at + 1] {
                        let expected = s.get(from..).and_then(|t| t.find(needle)).map(|i| i + from);
                        assert_eq!(
                            find_bytes(s.as_bytes(), from, needle.as_bytes()),
                            expected,
                            "{s:?} {needle:?} from {from}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn doubled_space_straddling_two_blocks_is_found() {
        let mut s = "x".repeat(31);
        s.push_str("  tail");
        assert_eq!(find_irregular_whitespace(&s, 0), Some(31));
    }
}
