//! Helpers shared by the Graphviz renderings of `Tree` and `Graph`.

/// Escapes `text` for a double-quoted Graphviz string.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn quotes_backslashes_and_newlines_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd\r"), "a\\\"b\\\\c\\nd");
    }
}
