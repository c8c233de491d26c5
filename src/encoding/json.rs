//! A small, strict JSON parser (RFC 8259) for the token endpoint's answers.
//!
//! It replaces `serde_json` in the wasm module, where that crate cost about
//! 10 KB of code for parsing a handful of string fields. It accepts and
//! rejects the same texts as `serde_json::from_str::<Value>` (checked by a
//! differential test against serde_json, kept as a dev-dependency):
//!
//! - whitespace is space, tab, CR and LF only; nothing may follow the value;
//! - strings: no raw control characters (below U+0020), only the escapes
//!   `\" \\ \/ \b \f \n \r \t \uXXXX`, surrogate pairs joined, lone
//!   surrogates refused;
//! - numbers: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, refused when
//!   their value overflows an `f64` (as serde_json does: `1e400`). The
//!   overflow test follows serde_json's own arithmetic, except that powers of
//!   ten above 10^22 are built by repeated multiplication, so a number within
//!   a few units in the last place of `f64::MAX` could be judged differently;
//! - at most 127 nested arrays/objects (serde_json's recursion limit);
//! - a repeated object key: the last value wins (as in `serde_json::Map`).
//!
//! It never panics: every step reads through `get`, and malformed input of
//! any kind gives `None`. Numbers keep their literal text (their value is not
//! needed, and `issued_at` must be signed as Salesforce wrote it).

/// A parsed JSON value. Numbers are kept as their literal text.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, exactly as written (already validated).
    Number(&'a str),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object's members in document order, repeated keys included.
    Object(Vec<(String, Json<'a>)>),
}

impl<'a> Json<'a> {
    /// The value of `key` when this is an object (the last one when the key
    /// is repeated).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members
                .iter()
                .rev()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// A number written as a plain unsigned integer that fits a `u64` (no
    /// sign, fraction or exponent), like `serde_json::Number::as_u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(text) if text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
            _ => None,
        }
    }
}

/// Deepest nesting of arrays and objects accepted (serde_json's limit).
const MAX_DEPTH: u32 = 127;

/// Parses a whole JSON text; `None` when it is not valid JSON.
pub fn parse_json(text: &str) -> Option<Json<'_>> {
    let mut parser = Parser {
        text,
        pos: 0,
        depth: 0,
    };
    let value = parser.value()?;
    parser.skip_whitespace();
    (parser.pos == text.len()).then_some(value)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: u32,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &str, value: Json<'a>) -> Option<Json<'a>> {
        let rest = self.text.as_bytes().get(self.pos..)?;
        if rest.starts_with(word.as_bytes()) {
            self.pos += word.len();
            Some(value)
        } else {
            None
        }
    }

    fn value(&mut self) -> Option<Json<'a>> {
        self.skip_whitespace();
        match self.peek()? {
            b'"' => {
                self.pos += 1;
                self.string().map(Json::String)
            }
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                let value = self.container()?;
                self.depth -= 1;
                Some(value)
            }
            b't' => self.literal("true", Json::Bool(true)),
            b'f' => self.literal("false", Json::Bool(false)),
            b'n' => self.literal("null", Json::Null),
            _ => self.number(),
        }
    }

    /// An array or an object, from its opening bracket.
    fn container(&mut self) -> Option<Json<'a>> {
        let is_object = self.next()? == b'{';
        let close = if is_object { b'}' } else { b']' };
        let mut items = Vec::new();
        let mut members = Vec::new();
        self.skip_whitespace();
        if !self.eat(close) {
            loop {
                if is_object {
                    self.skip_whitespace();
                    if !self.eat(b'"') {
                        return None;
                    }
                    let key = self.string()?;
                    self.skip_whitespace();
                    if !self.eat(b':') {
                        return None;
                    }
                    members.push((key, self.value()?));
                } else {
                    items.push(self.value()?);
                }
                self.skip_whitespace();
                match self.next()? {
                    b',' => {}
                    byte if byte == close => break,
                    _ => return None,
                }
            }
        }
        Some(if is_object {
            Json::Object(members)
        } else {
            Json::Array(items)
        })
    }

    /// A string's contents, after its opening quote.
    fn string(&mut self) -> Option<String> {
        let mut out = String::new();
        loop {
            let start = self.pos;
            loop {
                match self.peek()? {
                    b'"' | b'\\' => break,
                    0..=0x1f => return None,
                    _ => self.pos += 1,
                }
            }
            // Both ends sit on ASCII bytes, so this is a whole UTF-8 slice.
            out.push_str(self.text.get(start..self.pos)?);
            if self.next()? == b'"' {
                return Some(out);
            }
            let unescaped = match self.next()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => self.unicode_escape()?,
                _ => return None,
            };
            out.push(unescaped);
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            n = n * 16 + char::from(self.next()?).to_digit(16)?;
        }
        Some(n)
    }

    /// `\uXXXX` after the `u`, or a surrogate pair `\uD83D\uDE00`.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            // A lone low surrogate is refused by `from_u32`.
            return char::from_u32(first);
        }
        if !(self.eat(b'\\') && self.eat(b'u')) {
            return None;
        }
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        char::from_u32(0x1_0000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    }

    /// A number, checked as serde_json checks it (including its overflow
    /// rule); the value is the literal text.
    fn number(&mut self) -> Option<Json<'a>> {
        let start = self.pos;
        self.eat(b'-');
        // serde_json's arithmetic: up to u64::MAX of significand, then
        // digits only move the decimal exponent.
        let mut significand: u64 = 0;
        let mut exponent: i32 = 0;
        match self.next()? {
            b'0' => {
                if self.digit().is_some() {
                    return None;
                }
            }
            first @ b'1'..=b'9' => {
                significand = u64::from(first - b'0');
                let mut full = false;
                while let Some(d) = self.digit() {
                    match accumulate(significand, d).filter(|_| !full) {
                        Some(next) => significand = next,
                        None => {
                            full = true;
                            exponent = exponent.saturating_add(1);
                        }
                    }
                }
            }
            _ => return None,
        }
        if self.eat(b'.') {
            let mut any = false;
            let mut full = false;
            while let Some(d) = self.digit() {
                any = true;
                match accumulate(significand, d).filter(|_| !full) {
                    Some(next) => {
                        significand = next;
                        exponent = exponent.saturating_sub(1);
                    }
                    None => full = true,
                }
            }
            if !any {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            let negative = self.eat(b'-');
            if !negative {
                self.eat(b'+');
            }
            let mut exp: i32 = i32::from(self.digit()?);
            let mut exp_overflow = false;
            while let Some(d) = self.digit() {
                match exp
                    .checked_mul(10)
                    .and_then(|e| e.checked_add(i32::from(d)))
                {
                    Some(next) if !exp_overflow => exp = next,
                    _ => exp_overflow = true,
                }
            }
            if exp_overflow {
                if significand != 0 && !negative {
                    return None;
                }
                significand = 0;
            } else if negative {
                exponent = exponent.saturating_sub(exp);
            } else {
                exponent = exponent.saturating_add(exp);
            }
        }
        if overflows_f64(significand, exponent) {
            return None;
        }
        self.text.get(start..self.pos).map(Json::Number)
    }

    fn digit(&mut self) -> Option<u8> {
        match self.peek()? {
            d @ b'0'..=b'9' => {
                self.pos += 1;
                Some(d - b'0')
            }
            _ => None,
        }
    }
}

fn accumulate(significand: u64, digit: u8) -> Option<u64> {
    significand.checked_mul(10)?.checked_add(u64::from(digit))
}

/// Whether `significand × 10^exponent` is beyond `f64` (serde_json's
/// `NumberOutOfRange`). Negative exponents only shrink the value.
fn overflows_f64(significand: u64, exponent: i32) -> bool {
    if significand == 0 || exponent < 0 {
        return false;
    }
    if exponent > 308 {
        return true;
    }
    let mut value = significand as f64;
    let mut left = exponent;
    while left > 22 {
        value *= 1e22;
        left -= 22;
    }
    let mut power = 1.0;
    for _ in 0..left {
        power *= 10.0;
    }
    (value * power).is_infinite()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn ok(text: &str) -> Json<'_> {
        parse_json(text).unwrap_or_else(|| panic!("should parse: {text:?}"))
    }

    #[test]
    fn values() {
        assert_eq!(ok("null"), Json::Null);
        assert_eq!(ok(" true "), Json::Bool(true));
        assert_eq!(ok("false"), Json::Bool(false));
        assert_eq!(ok("-12.5e+3"), Json::Number("-12.5e+3"));
        assert_eq!(ok(r#""a\"b""#), Json::String("a\"b".into()));
        assert_eq!(
            ok(r#"[1, "x", [], {}]"#),
            Json::Array(vec![
                Json::Number("1"),
                Json::String("x".into()),
                Json::Array(vec![]),
                Json::Object(vec![]),
            ])
        );
        let object = ok(r#"{"a": 1, "b": {"c": null}, "a": "again"}"#);
        assert_eq!(object.get("a").and_then(Json::as_str), Some("again"));
        assert_eq!(object.get("b").and_then(|b| b.get("c")), Some(&Json::Null));
        assert_eq!(object.get("z"), None);
        assert_eq!(Json::Null.get("a"), None);
    }

    #[test]
    fn escapes() {
        assert_eq!(
            ok(r#""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC \ud83d\ude00 \u0000""#),
            Json::String("\" \\ / \u{8} \u{c} \n \r \t A é € 😀 \u{0}".into())
        );
        assert_eq!(ok("\"é€😀\u{7f}\""), Json::String("é€😀\u{7f}".into()));
        for bad in [
            r#""\ud800""#,
            r#""\ud800x""#,
            r#""\ud800\n""#,
            r#""\ud800\u0041""#,
            r#""\udc00""#,
            r#""\ude00\ud83d""#,
            r#""\u12""#,
            r#""\u12g4""#,
            r#""\x""#,
            r#""\'""#,
            "\"\u{1f}\"",
            "\"\n\"",
            "\"\t\"",
            "\"abc",
            "\"\\",
            "\"\\u",
        ] {
            assert_eq!(parse_json(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers() {
        for good in [
            "0",
            "-0",
            "1",
            "-1",
            "0.5",
            "1e5",
            "1E+5",
            "1e-5",
            "-0.0e0",
            "123456789012345678901234567890",
            "1e308",
            "1.7976931348623157e308",
            "1e-400",
            "0e99999999999",
            "1e-99999999999",
        ] {
            assert_eq!(ok(good), Json::Number(good), "{good}");
        }
        for bad in [
            "01",
            "-",
            "+1",
            ".5",
            "1.",
            "1.e5",
            "1e",
            "1e+",
            "--1",
            "-a",
            "0x10",
            "1e400",
            "1.8e308",
            "1e99999999999",
            "NaN",
            "Infinity",
        ] {
            assert_eq!(parse_json(bad), None, "{bad}");
        }
        assert_eq!(Json::Number("12").as_u64(), Some(12));
        assert_eq!(
            Json::Number("18446744073709551615").as_u64(),
            Some(u64::MAX)
        );
        for not_u64 in ["-1", "-0", "1.0", "1e3", "18446744073709551616"] {
            assert_eq!(Json::Number(not_u64).as_u64(), None, "{not_u64}");
        }
        assert_eq!(Json::String("12".into()).as_u64(), None);
    }

    #[test]
    fn structure_errors() {
        for bad in [
            "",
            " ",
            "{",
            "}",
            "[",
            "]",
            "[1,]",
            "[,1]",
            "{,}",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{a:1}"#,
            r#"{"a":}"#,
            "[1 2]",
            "tru",
            "nul",
            "truex",
            "[] []",
            "{} x",
            "\u{feff}{}",
            "'a'",
        ] {
            assert_eq!(parse_json(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn depth_limit_matches_serde_json() {
        for depth in [126, 127, 128, 129, 1000] {
            let text = "[".repeat(depth) + &"]".repeat(depth);
            assert_eq!(
                parse_json(&text).is_some(),
                serde_json::from_str::<Value>(&text).is_ok(),
                "{depth}"
            );
            let text = r#"{"a":"#.repeat(depth) + "1" + &"}".repeat(depth);
            assert_eq!(
                parse_json(&text).is_some(),
                serde_json::from_str::<Value>(&text).is_ok(),
                "{depth}"
            );
        }
        assert!(parse_json(&("[".repeat(127) + &"]".repeat(127))).is_some());
    }

    /// Our tree, compared with serde_json's.
    fn same(ours: &Json, theirs: &Value) -> bool {
        match (ours, theirs) {
            (Json::Null, Value::Null) => true,
            (Json::Bool(a), Value::Bool(b)) => a == b,
            (Json::Number(text), Value::Number(n)) => {
                ours.as_u64() == n.as_u64()
                    && (ours.as_u64().is_none()
                        || n.as_u64().map(|n| n.to_string()).as_deref() == Some(*text))
            }
            (Json::String(a), Value::String(b)) => a == b,
            (Json::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
            }
            (Json::Object(members), Value::Object(map)) => {
                map.iter()
                    .all(|(k, v)| ours.get(k).is_some_and(|o| same(o, v)))
                    && members.iter().all(|(k, _)| map.contains_key(k))
            }
            _ => false,
        }
    }

    fn check_against_serde(text: &str) {
        let ours = parse_json(text);
        let theirs = serde_json::from_str::<Value>(text);
        match (&ours, &theirs) {
            (Some(o), Ok(t)) => {
                assert!(same(o, t), "different values for {text:?}: {o:?} vs {t:?}")
            }
            (None, Err(_)) => {}
            _ => panic!(
                "accept/reject differs for {text:?}: ours {:?}, serde_json {:?}",
                ours.is_some(),
                theirs.map(|_| ())
            ),
        }
    }

    /// A tiny deterministic generator (xorshift), so the test needs no crate.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() % items.len() as u64) as usize]
        }
    }

    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\t",
        "\r",
        "\u{b}",
        "\"",
        "\\",
        "\"a\"",
        "\"key\"",
        "\"\"",
        "\\u",
        "\\ud83d",
        "\\ude00",
        "\\u00e9",
        "\\n",
        "\\/",
        "\\x",
        "0",
        "1",
        "9",
        "-",
        "+",
        ".",
        "e",
        "E",
        "00",
        "1e400",
        "1e308",
        "2e308",
        "1.8e308",
        "179769313486231570",
        "e307",
        "e290",
        "e-400",
        "99999999999999999999",
        "true",
        "false",
        "null",
        "tru",
        "nul",
        "é",
        "😀",
        "\u{0}",
        "\u{1f}",
        "x",
        "NaN",
        "\u{feff}",
    ];

    #[test]
    fn agrees_with_serde_json_on_generated_texts() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..200_000 {
            let len = 1 + rng.next() % 12;
            let text: String = (0..len).map(|_| rng.pick(PIECES)).collect();
            check_against_serde(&text);
        }
    }

    #[test]
    fn agrees_with_serde_json_on_well_formed_texts() {
        // Mostly-valid documents, so that the value comparison is exercised.
        fn value(rng: &mut Rng, depth: u32, out: &mut String) {
            match rng.next() % if depth > 4 { 4 } else { 6 } {
                0 => out.push_str(rng.pick(&["null", "true", "false"])),
                1 => out.push_str(rng.pick(&[
                    "0",
                    "-0",
                    "12",
                    "1278448384422",
                    "18446744073709551615",
                    "18446744073709551616",
                    "184467440737095516150.5",
                    "-5",
                    "1.5",
                    "2e3",
                    "1e308",
                    "1.7976931348623157e308",
                    "1.7976931348623159e308",
                    "17976931348623157e292",
                    "0.000e999",
                    "1e-999",
                ])),
                2 | 3 => {
                    out.push('"');
                    for _ in 0..rng.next() % 4 {
                        out.push_str(rng.pick(&[
                            "a",
                            "é",
                            "\\\"",
                            "\\\\",
                            "\\u0041",
                            "\\ud83d\\ude00",
                            "\\t",
                            " ",
                        ]));
                    }
                    out.push('"');
                }
                4 => {
                    out.push('[');
                    for i in 0..rng.next() % 4 {
                        if i > 0 {
                            out.push(',');
                        }
                        value(rng, depth + 1, out);
                    }
                    out.push(']');
                }
                _ => {
                    out.push('{');
                    for i in 0..rng.next() % 4 {
                        if i > 0 {
                            out.push_str(" , ");
                        }
                        out.push_str(rng.pick(&["\"a\"", "\"b\"", "\"access_token\""]));
                        out.push(':');
                        value(rng, depth + 1, out);
                    }
                    out.push('}');
                }
            }
        }
        let mut rng = Rng(42);
        for _ in 0..50_000 {
            let mut text = String::new();
            value(&mut rng, 0, &mut text);
            check_against_serde(&text);
            // And every prefix of it (truncated bodies).
            for (i, _) in text.char_indices().step_by(3) {
                check_against_serde(&text[..i]);
            }
        }
    }
}
