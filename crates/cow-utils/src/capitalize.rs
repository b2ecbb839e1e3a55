//! Capitalizing the first character: Unicode title case.

use alloc::borrow::Cow;
use alloc::string::String;

/// Title-cases the first character of `s`, Unicode-correctly.
///
/// The first character is mapped by Unicode's full `Titlecase_Mapping`, which is its upper
/// case except for 135 characters: digraphs get their title-case form (`ǆ` and `Ǆ` become `ǅ`),
/// ligatures capitalize only their first letter (`ß` becomes `Ss`, `ﬁ` becomes `Fi`, `և`
/// becomes `Եւ`), Greek letters with ypogegrammeni keep it as prosgegrammeni (`ᾳ` becomes `ᾼ`,
/// not `ΑΙ`), and Georgian Mkhedruli letters stay as they are (their upper case is Mtavruli,
/// used only for all-caps text). The first character may be several bytes long and may map to
/// several characters (`ŉ` becomes `ʼN`), which an in-place `make_ascii_uppercase` on the first
/// byte gets wrong. The rest of `s` is kept as it is. Borrowed, pointer-equal to `s`, when the
/// first character is already in title case (or has no case); otherwise one `String`, sized
/// exactly.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use ownership_cow_utils::capitalize_first;
///
/// assert!(matches!(capitalize_first("Already"), Cow::Borrowed(_)));
/// assert!(matches!(capitalize_first("42 is a number"), Cow::Borrowed(_)));
/// assert_eq!(capitalize_first("élan"), "Élan");
/// assert_eq!(capitalize_first("ßtraße"), "Sstraße");
/// assert_eq!(capitalize_first("ǆungla"), "ǅungla");
/// assert!(matches!(capitalize_first("ǅungla"), Cow::Borrowed(_)));
/// ```
pub fn capitalize_first(s: &str) -> Cow<'_, str> {
    let Some(first) = s.chars().next() else {
        return Cow::Borrowed(s);
    };
    let rest = &s[first.len_utf8()..];
    match titlecase_exception(first) {
        Some(title) if title.len() == first.len_utf8() && title.starts_with(first) => {
            Cow::Borrowed(s)
        }
        Some(title) => {
            let mut out = String::with_capacity(title.len() + rest.len());
            out.push_str(title);
            out.push_str(rest);
            Cow::Owned(out)
        }
        None => {
            let mut upper = first.to_uppercase();
            if upper.len() == 1 && upper.clone().next() == Some(first) {
                return Cow::Borrowed(s);
            }
            let upper_len: usize = upper.clone().map(char::len_utf8).sum();
            let mut out = String::with_capacity(upper_len + rest.len());
            out.extend(&mut upper);
            out.push_str(rest);
            Cow::Owned(out)
        }
    }
}

/// Returns the title case of `c` when it differs from `c.to_uppercase()`.
fn titlecase_exception(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        // The table starts at U+00DF; ASCII, the common case, skips the search.
        return None;
    }
    TITLECASE
        .binary_search_by_key(&c, |&(key, _)| key)
        .ok()
        .map(|i| TITLECASE[i].1)
}

/// The characters whose full `Titlecase_Mapping` differs from their full `Uppercase_Mapping`,
/// sorted, with that title case.
///
/// From the Unicode Character Database: the unconditional entries of `SpecialCasing.txt`, else
/// the titlecase field of `UnicodeData.txt` (empty means "as uppercase"). Taken from version
/// 15.0.0; the set is the same in 17.0.0, the version of `char::to_uppercase` in Rust 1.95
/// (checked against nightly Rust's unstable `char::to_titlecase`). `tests/data/titlecase-differs.txt`
/// holds the same data in the database's hex notation, and the tests compare every character.
const TITLECASE: &[(char, &str)] = &[
    ('\u{00DF}', "\u{0053}\u{0073}"),         // ß → Ss
    ('\u{01C4}', "\u{01C5}"),                 // Ǆ → ǅ
    ('\u{01C5}', "\u{01C5}"),                 // ǅ → ǅ
    ('\u{01C6}', "\u{01C5}"),                 // ǆ → ǅ
    ('\u{01C7}', "\u{01C8}"),                 // Ǉ → ǈ
    ('\u{01C8}', "\u{01C8}"),                 // ǈ → ǈ
    ('\u{01C9}', "\u{01C8}"),                 // ǉ → ǈ
    ('\u{01CA}', "\u{01CB}"),                 // Ǌ → ǋ
    ('\u{01CB}', "\u{01CB}"),                 // ǋ → ǋ
    ('\u{01CC}', "\u{01CB}"),                 // ǌ → ǋ
    ('\u{01F1}', "\u{01F2}"),                 // Ǳ → ǲ
    ('\u{01F2}', "\u{01F2}"),                 // ǲ → ǲ
    ('\u{01F3}', "\u{01F2}"),                 // ǳ → ǲ
    ('\u{0587}', "\u{0535}\u{0582}"),         // և → Եւ
    ('\u{10D0}', "\u{10D0}"),                 // ა → ა
    ('\u{10D1}', "\u{10D1}"),                 // ბ → ბ
    ('\u{10D2}', "\u{10D2}"),                 // გ → გ
    ('\u{10D3}', "\u{10D3}"),                 // დ → დ
    ('\u{10D4}', "\u{10D4}"),                 // ე → ე
    ('\u{10D5}', "\u{10D5}"),                 // ვ → ვ
    ('\u{10D6}', "\u{10D6}"),                 // ზ → ზ
    ('\u{10D7}', "\u{10D7}"),                 // თ → თ
    ('\u{10D8}', "\u{10D8}"),                 // ი → ი
    ('\u{10D9}', "\u{10D9}"),                 // კ → კ
    ('\u{10DA}', "\u{10DA}"),                 // ლ → ლ
    ('\u{10DB}', "\u{10DB}"),                 // მ → მ
    ('\u{10DC}', "\u{10DC}"),                 // ნ → ნ
    ('\u{10DD}', "\u{10DD}"),                 // ო → ო
    ('\u{10DE}', "\u{10DE}"),                 // პ → პ
    ('\u{10DF}', "\u{10DF}"),                 // ჟ → ჟ
    ('\u{10E0}', "\u{10E0}"),                 // რ → რ
    ('\u{10E1}', "\u{10E1}"),                 // ს → ს
    ('\u{10E2}', "\u{10E2}"),                 // ტ → ტ
    ('\u{10E3}', "\u{10E3}"),                 // უ → უ
    ('\u{10E4}', "\u{10E4}"),                 // ფ → ფ
    ('\u{10E5}', "\u{10E5}"),                 // ქ → ქ
    ('\u{10E6}', "\u{10E6}"),                 // ღ → ღ
    ('\u{10E7}', "\u{10E7}"),                 // ყ → ყ
    ('\u{10E8}', "\u{10E8}"),                 // შ → შ
    ('\u{10E9}', "\u{10E9}"),                 // ჩ → ჩ
    ('\u{10EA}', "\u{10EA}"),                 // ც → ც
    ('\u{10EB}', "\u{10EB}"),                 // ძ → ძ
    ('\u{10EC}', "\u{10EC}"),                 // წ → წ
    ('\u{10ED}', "\u{10ED}"),                 // ჭ → ჭ
    ('\u{10EE}', "\u{10EE}"),                 // ხ → ხ
    ('\u{10EF}', "\u{10EF}"),                 // ჯ → ჯ
    ('\u{10F0}', "\u{10F0}"),                 // ჰ → ჰ
    ('\u{10F1}', "\u{10F1}"),                 // ჱ → ჱ
    ('\u{10F2}', "\u{10F2}"),                 // ჲ → ჲ
    ('\u{10F3}', "\u{10F3}"),                 // ჳ → ჳ
    ('\u{10F4}', "\u{10F4}"),                 // ჴ → ჴ
    ('\u{10F5}', "\u{10F5}"),                 // ჵ → ჵ
    ('\u{10F6}', "\u{10F6}"),                 // ჶ → ჶ
    ('\u{10F7}', "\u{10F7}"),                 // ჷ → ჷ
    ('\u{10F8}', "\u{10F8}"),                 // ჸ → ჸ
    ('\u{10F9}', "\u{10F9}"),                 // ჹ → ჹ
    ('\u{10FA}', "\u{10FA}"),                 // ჺ → ჺ
    ('\u{10FD}', "\u{10FD}"),                 // ჽ → ჽ
    ('\u{10FE}', "\u{10FE}"),                 // ჾ → ჾ
    ('\u{10FF}', "\u{10FF}"),                 // ჿ → ჿ
    ('\u{1F80}', "\u{1F88}"),                 // ᾀ → ᾈ
    ('\u{1F81}', "\u{1F89}"),                 // ᾁ → ᾉ
    ('\u{1F82}', "\u{1F8A}"),                 // ᾂ → ᾊ
    ('\u{1F83}', "\u{1F8B}"),                 // ᾃ → ᾋ
    ('\u{1F84}', "\u{1F8C}"),                 // ᾄ → ᾌ
    ('\u{1F85}', "\u{1F8D}"),                 // ᾅ → ᾍ
    ('\u{1F86}', "\u{1F8E}"),                 // ᾆ → ᾎ
    ('\u{1F87}', "\u{1F8F}"),                 // ᾇ → ᾏ
    ('\u{1F88}', "\u{1F88}"),                 // ᾈ → ᾈ
    ('\u{1F89}', "\u{1F89}"),                 // ᾉ → ᾉ
    ('\u{1F8A}', "\u{1F8A}"),                 // ᾊ → ᾊ
    ('\u{1F8B}', "\u{1F8B}"),                 // ᾋ → ᾋ
    ('\u{1F8C}', "\u{1F8C}"),                 // ᾌ → ᾌ
    ('\u{1F8D}', "\u{1F8D}"),                 // ᾍ → ᾍ
    ('\u{1F8E}', "\u{1F8E}"),                 // ᾎ → ᾎ
    ('\u{1F8F}', "\u{1F8F}"),                 // ᾏ → ᾏ
    ('\u{1F90}', "\u{1F98}"),                 // ᾐ → ᾘ
    ('\u{1F91}', "\u{1F99}"),                 // ᾑ → ᾙ
    ('\u{1F92}', "\u{1F9A}"),                 // ᾒ → ᾚ
    ('\u{1F93}', "\u{1F9B}"),                 // ᾓ → ᾛ
    ('\u{1F94}', "\u{1F9C}"),                 // ᾔ → ᾜ
    ('\u{1F95}', "\u{1F9D}"),                 // ᾕ → ᾝ
    ('\u{1F96}', "\u{1F9E}"),                 // ᾖ → ᾞ
    ('\u{1F97}', "\u{1F9F}"),                 // ᾗ → ᾟ
    ('\u{1F98}', "\u{1F98}"),                 // ᾘ → ᾘ
    ('\u{1F99}', "\u{1F99}"),                 // ᾙ → ᾙ
    ('\u{1F9A}', "\u{1F9A}"),                 // ᾚ → ᾚ
    ('\u{1F9B}', "\u{1F9B}"),                 // ᾛ → ᾛ
    ('\u{1F9C}', "\u{1F9C}"),                 // ᾜ → ᾜ
    ('\u{1F9D}', "\u{1F9D}"),                 // ᾝ → ᾝ
    ('\u{1F9E}', "\u{1F9E}"),                 // ᾞ → ᾞ
    ('\u{1F9F}', "\u{1F9F}"),                 // ᾟ → ᾟ
    ('\u{1FA0}', "\u{1FA8}"),                 // ᾠ → ᾨ
    ('\u{1FA1}', "\u{1FA9}"),                 // ᾡ → ᾩ
    ('\u{1FA2}', "\u{1FAA}"),                 // ᾢ → ᾪ
    ('\u{1FA3}', "\u{1FAB}"),                 // ᾣ → ᾫ
    ('\u{1FA4}', "\u{1FAC}"),                 // ᾤ → ᾬ
    ('\u{1FA5}', "\u{1FAD}"),                 // ᾥ → ᾭ
    ('\u{1FA6}', "\u{1FAE}"),                 // ᾦ → ᾮ
    ('\u{1FA7}', "\u{1FAF}"),                 // ᾧ → ᾯ
    ('\u{1FA8}', "\u{1FA8}"),                 // ᾨ → ᾨ
    ('\u{1FA9}', "\u{1FA9}"),                 // ᾩ → ᾩ
    ('\u{1FAA}', "\u{1FAA}"),                 // ᾪ → ᾪ
    ('\u{1FAB}', "\u{1FAB}"),                 // ᾫ → ᾫ
    ('\u{1FAC}', "\u{1FAC}"),                 // ᾬ → ᾬ
    ('\u{1FAD}', "\u{1FAD}"),                 // ᾭ → ᾭ
    ('\u{1FAE}', "\u{1FAE}"),                 // ᾮ → ᾮ
    ('\u{1FAF}', "\u{1FAF}"),                 // ᾯ → ᾯ
    ('\u{1FB2}', "\u{1FBA}\u{0345}"),         // ᾲ → Ὰ◌ͅ
    ('\u{1FB3}', "\u{1FBC}"),                 // ᾳ → ᾼ
    ('\u{1FB4}', "\u{0386}\u{0345}"),         // ᾴ → Ά◌ͅ
    ('\u{1FB7}', "\u{0391}\u{0342}\u{0345}"), // ᾷ → Α◌͂◌ͅ
    ('\u{1FBC}', "\u{1FBC}"),                 // ᾼ → ᾼ
    ('\u{1FC2}', "\u{1FCA}\u{0345}"),         // ῂ → Ὴ◌ͅ
    ('\u{1FC3}', "\u{1FCC}"),                 // ῃ → ῌ
    ('\u{1FC4}', "\u{0389}\u{0345}"),         // ῄ → Ή◌ͅ
    ('\u{1FC7}', "\u{0397}\u{0342}\u{0345}"), // ῇ → Η◌͂◌ͅ
    ('\u{1FCC}', "\u{1FCC}"),                 // ῌ → ῌ
    ('\u{1FF2}', "\u{1FFA}\u{0345}"),         // ῲ → Ὼ◌ͅ
    ('\u{1FF3}', "\u{1FFC}"),                 // ῳ → ῼ
    ('\u{1FF4}', "\u{038F}\u{0345}"),         // ῴ → Ώ◌ͅ
    ('\u{1FF7}', "\u{03A9}\u{0342}\u{0345}"), // ῷ → Ω◌͂◌ͅ
    ('\u{1FFC}', "\u{1FFC}"),                 // ῼ → ῼ
    ('\u{FB00}', "\u{0046}\u{0066}"),         // ﬀ → Ff
    ('\u{FB01}', "\u{0046}\u{0069}"),         // ﬁ → Fi
    ('\u{FB02}', "\u{0046}\u{006C}"),         // ﬂ → Fl
    ('\u{FB03}', "\u{0046}\u{0066}\u{0069}"), // ﬃ → Ffi
    ('\u{FB04}', "\u{0046}\u{0066}\u{006C}"), // ﬄ → Ffl
    ('\u{FB05}', "\u{0053}\u{0074}"),         // ﬅ → St
    ('\u{FB06}', "\u{0053}\u{0074}"),         // ﬆ → St
    ('\u{FB13}', "\u{0544}\u{0576}"),         // ﬓ → Մն
    ('\u{FB14}', "\u{0544}\u{0565}"),         // ﬔ → Մե
    ('\u{FB15}', "\u{0544}\u{056B}"),         // ﬕ → Մի
    ('\u{FB16}', "\u{054E}\u{0576}"),         // ﬖ → Վն
    ('\u{FB17}', "\u{0544}\u{056D}"),         // ﬗ → Մխ
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_every_entry_differs_from_upper_case() {
        assert!(TITLECASE.windows(2).all(|w| w[0].0 < w[1].0));
        for &(c, title) in TITLECASE {
            assert!(!c.is_ascii());
            assert!(!c.to_uppercase().eq(title.chars()), "{c:?}");
            assert!((1..=3).contains(&title.chars().count()), "{c:?}");
        }
    }
}
