//! Bodies laid out for reading: JSON and XML re-indented, two spaces a level.
//!
//! Neither function parses: they re-space a text the caller already knows to be JSON (the decoder accepted it) or
//! that looks like XML, character by character, and never fail or panic on any input. Indentation stops growing
//! past [`MAX_INDENT_LEVELS`] so that a hostile, deeply nested body cannot blow up into gigabytes of spaces.

/// Deeper levels are indented as this one.
pub const MAX_INDENT_LEVELS: usize = 24;

fn new_line(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth.min(MAX_INDENT_LEVELS) {
        out.push_str("  ");
    }
}

/// A JSON text re-indented: one member or element per line, `"key": value`, empty `{}` and `[]` kept together.
/// Strings are copied as they are (escapes included). Meant for valid JSON; anything else is re-spaced the same way.
pub fn pretty_json(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                let mut next = i;
                while chars.get(next).is_some_and(|c| c.is_whitespace()) {
                    next += 1;
                }
                out.push(c);
                if chars.get(next) == Some(&close) {
                    out.push(close);
                    i = next + 1;
                } else {
                    depth += 1;
                    new_line(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                new_line(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                new_line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Start,
    Open,
    TextAfterOpen,
    Other,
}

/// An XML text re-indented: one element per line, an element holding only text kept on one line
/// (`<Name>Acme</Name>`). `None` when it is not well-formed enough to lay out (an unterminated tag, comment or
/// CDATA section, text before the first tag): show it as it came.
pub fn pretty_xml(text: &str) -> Option<String> {
    let text = text.trim();
    if !text.starts_with('<') {
        return None;
    }
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut depth = 0usize;
    let mut last = Last::Start;
    let mut rest = text;
    let put = |out: &mut String, depth: usize, last: Last, token: &str| {
        if last != Last::Start {
            new_line(out, depth);
        }
        out.push_str(token);
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->")? + 4 + 3;
            put(&mut out, depth, last, &rest[..end]);
            last = Last::Other;
            rest = &rest[end..];
        } else if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>")? + 9 + 3;
            if last == Last::Open {
                out.push_str(&rest[..end]);
                last = Last::TextAfterOpen;
            } else {
                put(&mut out, depth, last, &rest[..end]);
                last = Last::Other;
            }
            rest = &rest[end..];
        } else if rest.starts_with('<') {
            let end = tag_end(rest)?;
            let tag = &rest[..end];
            rest = &rest[end..];
            if tag.starts_with("</") {
                depth = depth.saturating_sub(1);
                if matches!(last, Last::Open | Last::TextAfterOpen) {
                    out.push_str(tag);
                } else {
                    put(&mut out, depth, last, tag);
                }
                last = Last::Other;
            } else if tag.ends_with("/>") || tag.starts_with("<?") || tag.starts_with("<!") {
                put(&mut out, depth, last, tag);
                last = Last::Other;
            } else {
                put(&mut out, depth, last, tag);
                depth += 1;
                last = Last::Open;
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let words = rest[..end].trim();
            rest = &rest[end..];
            if words.is_empty() {
                continue;
            }
            if last == Last::Open {
                out.push_str(words);
                last = Last::TextAfterOpen;
            } else {
                put(&mut out, depth, last, words);
                last = Last::Other;
            }
        }
    }
    Some(out)
}

/// The length of the tag `rest` starts with, through its `>` (quoted attribute values may hold `>`).
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (at, c) in rest.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(at + 1),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_indented() {
        assert_eq!(
            pretty_json(r#"{"a":1,"b":[true,null,{}],"c":{"d":"x,y:{z}\"]"},"e":[]}"#),
            "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null,\n    {}\n  ],\n  \"c\": {\n    \"d\": \"x,y:{z}\\\"]\"\n  },\n  \"e\": []\n}"
        );
        assert_eq!(
            pretty_json(r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#),
            "[\n  {\n    \"message\": \"Session expired or invalid\",\n    \"errorCode\": \"INVALID_SESSION_ID\"\n  }\n]"
        );
        assert_eq!(pretty_json(" 42 "), "42");
        assert_eq!(pretty_json("{ }"), "{}");
        assert_eq!(pretty_json("\"a b\""), "\"a b\"");
        // Already pretty: the same layout again.
        let once = pretty_json(r#"{"a":{"b":[1,2]}}"#);
        assert_eq!(pretty_json(&once), once);
    }

    #[test]
    fn json_indentation_is_bounded() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let out = pretty_json(&deep);
        let widest = out.lines().map(str::len).max().unwrap();
        // The innermost `[]` shares its line.
        assert!(widest <= MAX_INDENT_LEVELS * 2 + 2, "{widest}");
        for hostile in ["}}}]]]", "\"unterminated", "\\", "{\"a\":\"\\", ":::,,,"] {
            let _ = pretty_json(hostile);
        }
    }

    #[test]
    fn xml_is_indented() {
        assert_eq!(
            pretty_xml(r#"<?xml version="1.0" encoding="UTF-8"?><Account><Id>001</Id><Name a=">">Acme &amp; Co</Name><Empty/><!-- c --><Nested><X>1</X></Nested></Account>"#).unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Account>\n  <Id>001</Id>\n  <Name a=\">\">Acme &amp; Co</Name>\n  <Empty/>\n  <!-- c -->\n  <Nested>\n    <X>1</X>\n  </Nested>\n</Account>"
        );
        assert_eq!(
            pretty_xml("<a><![CDATA[<b>]]></a>").unwrap(),
            "<a><![CDATA[<b>]]></a>"
        );
        assert_eq!(pretty_xml("<a></a>").unwrap(), "<a></a>");
        for bad in [
            "",
            "text <a/>",
            "<a",
            "<a><!-- x",
            "<a><![CDATA[x",
            "<a <b>",
        ] {
            assert_eq!(pretty_xml(bad), None, "{bad}");
        }
        for odd in ["</a></b>", "<a>x</a>y<b>", "<é>ü</é>", "<a>\u{0}</a>"] {
            assert!(pretty_xml(odd).is_some(), "{odd}");
        }
    }
}
