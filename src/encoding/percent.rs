//! Percent-encoding, percent-decoding and query-string parsing, on the `percent-encoding` crate (the one the `url`
//! crate uses; `url` itself, with its IDNA tables, would multiply the module's size). What sftoken adds are three
//! rules:
//!
//! 1. **Decode exactly once.** Salesforce authorization codes end in `=`/`==`,
//!    which arrive as `%3D`/`%3D%3D`. Decoding once gives `==`; a literal
//!    `%253D` decodes to `%3D` and must stay that way (decoding twice is how
//!    codes get corrupted).
//! 2. **`+` is context dependent.** In `application/x-www-form-urlencoded`
//!    query strings `+` means a space, which is right for
//!    `error_description=end-user+denied+authorization`. Authorization codes
//!    are base64-like, though, and a raw `+` inside a code is part of the
//!    code. Callers therefore choose per parameter with [`Plus`].
//! 3. **Encode for request bodies and URLs.** Everything except the RFC 3986
//!    unreserved set `A-Z a-z 0-9 - . _ ~` is percent-encoded. A space becomes
//!    `%20`, not `+`: `%20` means a space to every decoder (form decoders and
//!    plain URI decoders alike), while `+` is a space only to form decoders.

use crate::error::SfError;

/// How to treat a literal `+` while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plus {
    /// `+` means a space (form encoding; right for `error_description`).
    IsSpace,
    /// `+` is kept as `+` (right for base64-like values such as `code`).
    IsLiteral,
}

/// Decodes `%XX` escapes exactly once.
///
/// Strict on purpose: a `%` not followed by two hex digits, or escapes that
/// do not form UTF-8, mean the value was damaged (truncated copy/paste, a
/// double-encoding bug). Guessing would hand Salesforce a corrupted code and
/// produce a confusing `invalid_grant`, so we report it instead.
pub fn percent_decode(input: &str, plus: Plus) -> Result<String, SfError> {
    // The crate leaves a stray `%` as it is; here it is an error (see above).
    let bytes = input.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return Err(SfError::new(
            "malformed_percent_encoding",
            "A value in the URL contains a '%' that is not followed by two hex digits.",
            "Copy the whole URL again; it looks truncated or edited.",
        ));
    }
    let spaced;
    let input = if plus == Plus::IsSpace && input.contains('+') {
        spaced = input.replace('+', " ");
        spaced.as_str()
    } else {
        input
    };
    percent_encoding::percent_decode_str(input)
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| {
            SfError::new(
                "invalid_utf8",
                "A value in the URL decodes to bytes that are not valid text (UTF-8).",
                "Copy the whole URL again; it looks truncated or edited.",
            )
        })
}

/// Everything but the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`.
const RESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes everything except RFC 3986 unreserved characters.
/// Safe for both query strings and `application/x-www-form-urlencoded` bodies.
pub fn percent_encode(input: &str) -> String {
    percent_encoding::utf8_percent_encode(input, RESERVED).to_string()
}

/// Joins `name=value` pairs with `&`, encoding each side once.
pub fn encode_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&percent_encode(name));
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

/// The parameters of one query string or fragment, kept *undecoded* until a
/// caller asks for a value, so that each value is decoded exactly once and
/// with the `+` rule that fits it, and so that a damaged parameter we do not
/// care about cannot make the whole URL fail.
#[derive(Debug, Clone, Default)]
pub struct RawParams<'a> {
    pairs: Vec<(String, &'a str)>,
}

impl<'a> RawParams<'a> {
    /// Splits `a=1&b=2` (without the leading `?` or `#`). Names are decoded
    /// (with `+` as space, like browsers do); names that fail to decode are
    /// skipped because no parameter we read has such a name. A pair without
    /// `=` has an empty value.
    pub fn parse(text: &'a str) -> Self {
        let pairs = text
            .split('&')
            .filter(|part| !part.is_empty())
            .filter_map(|part| {
                let (name, value) = part.split_once('=').unwrap_or((part, ""));
                percent_decode(name, Plus::IsSpace).ok().map(|n| (n, value))
            })
            .collect();
        RawParams { pairs }
    }

    /// How many times the parameter occurs (duplicates are suspicious).
    pub fn count(&self, name: &str) -> usize {
        self.pairs.iter().filter(|(n, _)| n == name).count()
    }

    /// The still-encoded value of the first occurrence of `name`.
    pub fn raw(&self, name: &str) -> Option<&'a str> {
        self.pairs.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }

    /// The decoded value of the first occurrence of `name`.
    pub fn get(&self, name: &str, plus: Plus) -> Option<Result<String, SfError>> {
        self.raw(name).map(|v| percent_decode(v, plus))
    }

    /// Names of all parameters, in order (decoded).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(n, _)| n.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_exactly_once() {
        assert_eq!(
            percent_decode("abc%3D%3D", Plus::IsLiteral).unwrap(),
            "abc=="
        );
        assert_eq!(
            percent_decode("abc%253D", Plus::IsLiteral).unwrap(),
            "abc%3D"
        );
        assert_eq!(percent_decode("%2b%2B", Plus::IsSpace).unwrap(), "++");
        assert_eq!(
            percent_decode("caf%C3%A9", Plus::IsLiteral).unwrap(),
            "café"
        );
    }

    #[test]
    fn plus_rule_is_chosen_by_caller() {
        assert_eq!(percent_decode("a+b", Plus::IsLiteral).unwrap(), "a+b");
        assert_eq!(percent_decode("a+b", Plus::IsSpace).unwrap(), "a b");
    }

    #[test]
    fn malformed_escapes_are_errors() {
        for bad in ["%", "%Z", "%ZZ", "a%4", "%C3", "%C3%28", "%FF", "%E2%82"] {
            let err = percent_decode(bad, Plus::IsLiteral).unwrap_err();
            assert!(
                err.code == "malformed_percent_encoding" || err.code == "invalid_utf8",
                "{bad}: {}",
                err.code
            );
        }
    }

    #[test]
    fn encodes_everything_but_unreserved() {
        assert_eq!(percent_encode("aZ09-._~"), "aZ09-._~");
        assert_eq!(percent_encode("a b+c=d&e/f"), "a%20b%2Bc%3Dd%26e%2Ff");
        assert_eq!(percent_encode("=="), "%3D%3D");
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(percent_encode("%3D"), "%253D");
    }

    #[test]
    fn encode_decode_round_trip() {
        for s in ["", "plain", "a b+c", "x==", "ü/€?#&=%", "\u{1F600}"] {
            assert_eq!(
                percent_decode(&percent_encode(s), Plus::IsSpace).unwrap(),
                s
            );
        }
    }

    #[test]
    fn pairs_are_joined() {
        assert_eq!(
            encode_pairs([("a", "1"), ("b c", "x=y")]),
            "a=1&b%20c=x%3Dy"
        );
        assert_eq!(encode_pairs(std::iter::empty()), "");
    }

    #[test]
    fn raw_params() {
        let p = RawParams::parse("code=ab%3D%3D&&state=s1&flag&code=second&bad%ZZ=1&x+y=2");
        assert_eq!(p.raw("code"), Some("ab%3D%3D"));
        assert_eq!(p.count("code"), 2);
        assert_eq!(p.get("code", Plus::IsLiteral).unwrap().unwrap(), "ab==");
        assert_eq!(p.raw("flag"), Some(""));
        assert_eq!(p.raw("x y"), Some("2"));
        assert_eq!(p.raw("missing"), None);
        assert_eq!(p.names().count(), 5);
        assert_eq!(RawParams::parse("").names().count(), 0);
    }
}
