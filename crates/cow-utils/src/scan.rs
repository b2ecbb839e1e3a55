//! Fast "is there anything to change?" scans.
//!
//! Clean input is the common case, so these scans decide the speed of every function that
//! returns `Cow::Borrowed`. Searches for up to three bytes, or for a substring, are the `memchr`
//! crate's (SIMD). What it cannot express is hand-written here, without `unsafe`: the
//! whitespace scan (a class of bytes and pairs of spaces) tests a 32-byte block at a time with
//! a branch-free loop over a fixed-size array (no early exit inside the block, a `u8`
//! accumulator), which the compiler turns into SIMD compares on targets that have them and
//! into word-sized work elsewhere. Only a block that may hold something is looked at byte by
//! byte, and a scan resumes where the last one stopped, so building the output is one pass
//! too. `html_growth` is a count rather than a search (memchr has none for a set of bytes),
//! also a branch-free loop over blocks.

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

/// Calls `visit(i)` for every byte from `from` on that `escape_html` rewrites, in order, and
/// returns the first `Break` value.
///
/// memchr searches at most three bytes at once, so two of its searches run side by side (one
/// for `& < >`, one for `" '`) and their hits are merged in order.
pub(crate) fn for_each_html_special<T>(
    bytes: &[u8],
    from: usize,
    mut visit: impl FnMut(usize) -> ControlFlow<T>,
) -> Option<T> {
    let tail = bytes.get(from..)?;
    let mut markup = memchr::memchr3_iter(b'&', b'<', b'>', tail).peekable();
    let mut quotes = memchr::memchr2_iter(b'"', b'\'', tail).peekable();
    loop {
        let next = match (markup.peek(), quotes.peek()) {
            (Some(m), Some(q)) if q < m => quotes.next(),
            (Some(_), _) => markup.next(),
            (None, _) => quotes.next(),
        };
        if let ControlFlow::Break(found) = visit(from + next?) {
            return Some(found);
        }
    }
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
///
/// The second search stops where the first found something, so neither reads past the answer.
pub(crate) fn find_html_special(bytes: &[u8]) -> Option<usize> {
    let markup = memchr::memchr3(b'&', b'<', b'>', bytes);
    let before = &bytes[..markup.unwrap_or(bytes.len())];
    memchr::memchr2(b'"', b'\'', before).or(markup)
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
    use alloc::vec::Vec;

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

    /// The reference: every index whose byte `escape_html` rewrites.
    fn naive_html_specials(bytes: &[u8]) -> Vec<usize> {
        let special = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
        (0..bytes.len()).filter(|&i| special(&bytes[i])).collect()
    }

    fn all_html_specials(bytes: &[u8], from: usize) -> Vec<usize> {
        let mut found = Vec::new();
        for_each_html_special::<()>(bytes, from, |i| {
            found.push(i);
            ControlFlow::Continue(())
        });
        found
    }

    #[test]
    fn html_special_found_at_every_offset_and_block_position() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            let clean = "a".repeat(len);
            assert_eq!(find_html_special(clean.as_bytes()), None);
            assert_eq!(all_html_specials(clean.as_bytes(), 0), []);
            for at in 0..len {
                for special in ['&', '<', '>', '"', '\''] {
                    let mut s = clean.clone();
                    s.replace_range(at..=at, special.encode_utf8(&mut [0; 4]));
                    let b = s.as_bytes();
                    assert_eq!(find_html_special(b), Some(at), "{s:?}");
                    assert_eq!(all_html_specials(b, 0), [at]);
                    assert_eq!(all_html_specials(b, at), [at]);
                    assert_eq!(all_html_specials(b, at + 1), []);
                }
            }
        }
    }

    #[test]
    fn html_specials_of_both_searches_are_visited_in_order() {
        let pieces = ["&", "<", ">", "\"", "'", "a", "ab", "é"];
        // Every sequence of 4 pieces, so each kind follows each other kind.
        for n in 0..pieces.len().pow(4) {
            let mut s = String::new();
            let mut k = n;
            for _ in 0..4 {
                s.push_str(pieces[k % pieces.len()]);
                k /= pieces.len();
            }
            let b = s.as_bytes();
            let expected = naive_html_specials(b);
            assert_eq!(find_html_special(b), expected.first().copied(), "{s:?}");
            for from in 0..=b.len() {
                let tail: Vec<usize> = expected.iter().copied().filter(|&i| i >= from).collect();
                assert_eq!(all_html_specials(b, from), tail, "{s:?} from {from}");
            }
        }
        // Far apart: one search runs ahead of the other.
        let mut s = "x".repeat(200);
        s.insert(150, '<');
        s.insert(3, '"');
        s.insert(100, '\'');
        assert_eq!(all_html_specials(s.as_bytes(), 0), [3, 100, 152]);
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
    fn doubled_space_straddling_two_blocks_is_found() {
        let mut s = "x".repeat(31);
        s.push_str("  tail");
        assert_eq!(find_irregular_whitespace(&s, 0), Some(31));
    }
}
