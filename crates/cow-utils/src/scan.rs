//! Fast "is there anything to change?" scans, without `unsafe`.
//!
//! Clean input is the common case, so these scans decide the speed of every function that
//! returns `Cow::Borrowed`. They test a fixed-size block of bytes with a branch-free fold (no
//! early exit inside the block), which the compiler turns into SIMD compares on every target
//! that has them and into word-sized work elsewhere; only a block that hits is looked at byte by
//! byte.

/// Bytes per block: two SSE2 / NEON registers, one AVX2 register.
const BLOCK: usize = 32;

/// Returns `true` for the bytes `escape_html` rewrites.
#[inline(always)]
fn is_html_special(b: u8) -> bool {
    (b == b'&') | (b == b'<') | (b == b'>') | (b == b'"') | (b == b'\'')
}

/// Returns the index of the first byte of `bytes` that `escape_html` rewrites.
pub(crate) fn find_html_special(bytes: &[u8]) -> Option<usize> {
    let mut pos = 0;
    while let Some(block) = bytes.get(pos..pos + BLOCK) {
        let block: &[u8; BLOCK] = block.try_into().expect("the slice is BLOCK bytes long");
        if block.iter().fold(false, |hit, &b| hit | is_html_special(b)) {
            break;
        }
        pos += BLOCK;
    }
    bytes[pos..]
        .iter()
        .position(|&b| is_html_special(b))
        .map(|i| pos + i)
}

/// Returns the index where `normalize_whitespace` first changes `s`: the start of the first run
/// of whitespace that is not exactly one ASCII space.
pub(crate) fn find_irregular_whitespace(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut pos = 0;
    loop {
        // Skip blocks that hold no control byte, no non-ASCII byte and no two spaces in a row:
        // such a block has no whitespace except lone spaces. `b as i8 < 0x20` is one signed
        // compare for "below 0x20 or at least 0x80".
        while let Some(block) = bytes.get(pos..pos + BLOCK) {
            let block: &[u8; BLOCK] = block.try_into().expect("the slice is BLOCK bytes long");
            let odd = block.iter().fold(false, |hit, &b| hit | ((b as i8) < 0x20));
            let doubled = block[..BLOCK - 1]
                .iter()
                .zip(&block[1..])
                .fold(false, |hit, (&a, &b)| hit | ((a == b' ') & (b == b' ')));
            // The pair that straddles the previous block's end.
            let straddle = pos > 0 && bytes[pos - 1] == b' ' && block[0] == b' ';
            if odd | doubled | straddle {
                break;
            }
            pos += BLOCK;
        }
        // Look at this block (or the short tail) byte by byte. Every whitespace character
        // before `i` is a lone ASCII space, so "the previous character is whitespace" is
        // `bytes[i - 1] == b' '`.
        let end = (pos + BLOCK).min(bytes.len());
        for i in pos..end {
            let whitespace = match bytes[i] {
                b' ' => i > 0 && bytes[i - 1] == b' ',
                b'\t'..=b'\r' => true,
                // Lead bytes of the non-ASCII `White_Space` characters (U+0085, U+00A0,
                // U+1680, U+2000..U+205F, U+3000); a lead byte always starts a character.
                0xC2 | 0xE1 | 0xE2 | 0xE3 => s[i..].chars().next().is_some_and(char::is_whitespace),
                _ => false,
            };
            if whitespace {
                return Some(if i > 0 && bytes[i - 1] == b' ' {
                    i - 1
                } else {
                    i
                });
            }
        }
        if end == bytes.len() {
            return None;
        }
        pos = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn naive_html(bytes: &[u8]) -> Option<usize> {
        bytes.iter().position(|&b| b"&<>\"'".contains(&b))
    }

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
    fn html_special_found_at_every_offset_and_block_position() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            let clean = "a".repeat(len);
            assert_eq!(find_html_special(clean.as_bytes()), None);
            for at in 0..len {
                for special in ['&', '<', '>', '"', '\''] {
                    let mut s = clean.clone();
                    s.replace_range(at..=at, special.encode_utf8(&mut [0; 4]));
                    assert_eq!(find_html_special(s.as_bytes()), Some(at), "{s:?}");
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
            assert_eq!(find_irregular_whitespace(base), naive_whitespace(base));
            for piece in pieces {
                for at in (0..=len).filter(|&i| base.is_char_boundary(i)) {
                    let mut s = String::from(base);
                    s.insert_str(at, piece);
                    assert_eq!(find_irregular_whitespace(&s), naive_whitespace(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn doubled_space_straddling_two_blocks_is_found() {
        let mut s = "x".repeat(31);
        s.push_str("  tail");
        assert_eq!(find_irregular_whitespace(&s), Some(31));
    }
}
