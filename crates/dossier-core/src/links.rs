//! Which link targets a report may hold. A link is written into every
//! edition (a PDF `/URI` action, an HTML `href`), and a report comes from
//! anyone, so only three kinds pass: web pages (`https`, `http`), mail
//! addresses (`mailto`) and anchors inside the document (`#id`). Anything
//! else (`javascript:`, `file:`, `data:`, relative paths, a scheme in
//! another case, any whitespace, control or invisible format character)
//! is refused with the reason, for the caller to put beside its file and
//! line. Every writer of links calls [`check_link`], so they agree.

/// A link that may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link<'a> {
    /// `https://…` or `http://…`, as written.
    Web(&'a str),
    /// `mailto:…`, as written.
    Mail(&'a str),
    /// `#id`: the id, without the `#`; the caller checks that it exists.
    Anchor(&'a str),
}

/// Why a link was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("the link is empty; expected an https, http or mailto link, or #id")]
    Empty,
    #[error("the link is {0} bytes long; expected at most {MAX_LINK_BYTES}")]
    TooLong(usize),
    #[error("the link holds the character U+{:04X} (whitespace, a control or an invisible format character); expected none, since it could hide where the link leads", *.0 as u32)]
    Character(char),
    #[error("links of scheme `{0}` are not allowed; expected https, http or mailto (in lower case), or #id")]
    Scheme(String),
    #[error("relative links (file paths) are not allowed; expected https, http or mailto, or #id")]
    Relative,
    #[error("the {0} link names no host; expected {0}://host/…")]
    NoHost(&'static str),
    #[error("the mailto link names no address; expected mailto:name@host")]
    NoAddress,
    #[error("the link `#` names no id; expected #id")]
    EmptyAnchor,
}

/// The longest link accepted, in bytes.
pub const MAX_LINK_BYTES: usize = 2048;

/// Whether `c` may appear in a link: not whitespace, not a control, not an
/// invisible format character (zero-width and bidi controls, soft hyphen,
/// byte-order mark).
fn allowed_char(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        ))
}

/// Checks a link target as written in a report (see the module docs).
pub fn check_link(uri: &str) -> Result<Link<'_>, LinkError> {
    if uri.is_empty() {
        return Err(LinkError::Empty);
    }
    if uri.len() > MAX_LINK_BYTES {
        return Err(LinkError::TooLong(uri.len()));
    }
    if let Some(c) = uri.chars().find(|&c| !allowed_char(c)) {
        return Err(LinkError::Character(c));
    }
    if let Some(id) = uri.strip_prefix('#') {
        return if id.is_empty() {
            Err(LinkError::EmptyAnchor)
        } else {
            Ok(Link::Anchor(id))
        };
    }
    // A scheme is a letter, then letters, digits, `+`, `-` or `.`, before
    // the first `:`; anything else before it makes a relative path.
    let scheme = match uri.split_once(':') {
        Some((scheme, _))
            if scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            scheme
        }
        _ => return Err(LinkError::Relative),
    };
    let rest = &uri[scheme.len() + 1..];
    match scheme {
        "https" | "http" => {
            let kind = if scheme == "https" { "https" } else { "http" };
            let host = rest
                .strip_prefix("//")
                .map(|r| r.split(['/', '?', '#']).next().unwrap_or(""))
                .unwrap_or("");
            let host = host.rsplit('@').next().unwrap_or("");
            if host.is_empty() || host.starts_with(':') {
                return Err(LinkError::NoHost(kind));
            }
            Ok(Link::Web(uri))
        }
        "mailto" => {
            let address = rest.split('?').next().unwrap_or("");
            match address.split_once('@') {
                Some((name, host)) if !name.is_empty() && !host.is_empty() => Ok(Link::Mail(uri)),
                _ => Err(LinkError::NoAddress),
            }
        }
        other => Err(LinkError::Scheme(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_mail_and_anchors_pass() {
        for uri in [
            "https://example.org",
            "https://example.org/a/b?c=d#e",
            "http://example.org:8080/",
            "https://fa.wikipedia.org/wiki/کتاب",
            "https://user@example.org/",
        ] {
            assert_eq!(check_link(uri), Ok(Link::Web(uri)), "{uri}");
        }
        assert_eq!(
            check_link("mailto:a@example.org"),
            Ok(Link::Mail("mailto:a@example.org"))
        );
        assert_eq!(check_link("#trade"), Ok(Link::Anchor("trade")));
    }

    #[test]
    fn everything_else_is_refused() {
        let refused = [
            ("javascript:alert(1)", "scheme `javascript`"),
            ("JavaScript:alert(1)", "scheme `JavaScript`"),
            ("file:///etc/passwd", "scheme `file`"),
            ("data:text/html,<b>x</b>", "scheme `data`"),
            ("vbscript:x", "scheme `vbscript`"),
            ("HTTPS://example.org", "scheme `HTTPS`"),
            ("Http://example.org", "scheme `Http`"),
            ("java\u{0}script:x", "U+0000"),
            (" https://example.org", "U+0020"),
            ("https://exa mple.org", "U+0020"),
            ("https://example.org\n", "U+000A"),
            ("java\tscript:alert(1)", "U+0009"),
            ("https://example.org/\u{202E}gpj.exe", "U+202E"),
            ("https://\u{200B}example.org", "U+200B"),
            ("other.md", "relative"),
            ("./other.md", "relative"),
            ("../secret", "relative"),
            ("/etc/passwd", "relative"),
            ("//example.org/x", "relative"),
            ("a/b:c", "relative"),
            (":x", "relative"),
            ("https:example.org", "names no host"),
            ("https://", "names no host"),
            ("http:///path", "names no host"),
            ("mailto:", "names no address"),
            ("mailto:nobody", "names no address"),
            ("#", "names no id"),
            ("", "empty"),
        ];
        for (uri, why) in refused {
            let e = check_link(uri).expect_err(uri);
            assert!(e.to_string().contains(why), "{uri:?}: {e}");
        }
        let long = format!("https://example.org/{}", "a".repeat(MAX_LINK_BYTES));
        assert!(matches!(check_link(&long), Err(LinkError::TooLong(_))));
    }
}
