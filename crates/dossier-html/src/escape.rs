//! Escaping: every text a report brings goes through here before it lands
//! in the page, as element content or as a quoted attribute value.

/// `s` escaped for element content and double-quoted attribute values.
/// Control characters other than tab and line feed become spaces: HTML
/// forbids them, and they could hide text from a reader. Bidi isolates
/// (U+2066 … U+2069) are dropped: the page isolates with markup instead
/// (see [`push_content`]), and a browser draws the bare characters from a
/// fallback font.
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
            '\u{2066}'..='\u{2069}' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Appends `s`, escaped, as element content, its bidi isolates turned
/// into `<bdi>` elements (U+2066 `dir="ltr"`, U+2067 `dir="rtl"`, U+2068
/// first strong), balanced: a stray U+2069 is dropped, an isolate left
/// open is closed at the end.
pub fn push_content(out: &mut String, s: &str) {
    let mut open = 0usize;
    let mut rest = s;
    while let Some(at) = rest.find(|c| ('\u{2066}'..='\u{2069}').contains(&c)) {
        push_text(out, &rest[..at]);
        let c = rest[at..].chars().next().unwrap_or('\u{2069}');
        match c {
            '\u{2066}' => out.push_str("<bdi dir=\"ltr\">"),
            '\u{2067}' => out.push_str("<bdi dir=\"rtl\">"),
            '\u{2068}' => out.push_str("<bdi>"),
            _ => {
                if open > 0 {
                    out.push_str("</bdi>");
                    open -= 1;
                }
            }
        }
        if c != '\u{2069}' {
            open += 1;
        }
        rest = &rest[at + c.len_utf8()..];
    }
    push_text(out, rest);
    for _ in 0..open {
        out.push_str("</bdi>");
    }
}

/// `s` as element content (see [`push_content`]).
pub fn content(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    push_content(&mut out, s);
    out
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

    #[test]
    fn isolates_become_bdi_elements_in_content_and_vanish_from_attributes() {
        let s = "بخش \u{2066}۳-۱\u{2069} و \u{2068}x<y";
        assert_eq!(
            content(s),
            "بخش <bdi dir=\"ltr\">۳-۱</bdi> و <bdi>x&lt;y</bdi>"
        );
        assert_eq!(text(s), "بخش ۳-۱ و x&lt;y");
        assert_eq!(content("a\u{2069}b"), "ab");
    }
}
