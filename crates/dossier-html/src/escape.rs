//! Escaping: every text a report brings goes through here before it lands
//! in the page, as element content or as a quoted attribute value.

/// `s` escaped for element content and double-quoted attribute values.
/// Control characters other than tab and line feed become spaces: HTML
/// forbids them, and they could hide text from a reader.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_text(&mut out, s);
    out
}

/// Appends `s` escaped (see [`text`]) to `out`.
pub fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_and_controls_are_neutralised() {
        assert_eq!(
            text("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(text("a\u{0}b\u{1b}c\u{85}d"), "a b c d");
        assert_eq!(text("متن\tفارسی\n"), "متن\tفارسی\n");
    }
}
