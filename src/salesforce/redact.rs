//! The one place that takes secrets out of error text.
//!
//! Wherever an error message quotes something that came from outside — a
//! snippet of an answer's body, Salesforce's own words, a URL — it goes
//! through [`redact`] first. It removes:
//! - the secrets the caller knows (the consumer secret, say), wherever they
//!   appear;
//! - the value of every parameter that carries a secret, written as a form or
//!   query parameter (`code=…`, `access_token=…`) or as a JSON member
//!   (`"refresh_token": "…"`);
//! - a `Bearer …` credential, and the user and password of a URL
//!   (`https://user:password@host`).

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";

/// Parameter names whose values are secrets.
const SECRET_NAMES: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "client_secret",
    "code",
    "code_verifier",
    "device_code",
    "password",
    "assertion",
    "client_assertion",
];

/// Shortest known secret replaced (shorter ones would blank ordinary words).
const MIN_SECRET_LEN: usize = 4;

/// `text` with the `secrets` and every secret-looking value replaced by
/// `[redacted]`.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().map(|s| s.trim()) {
        if secret.len() >= MIN_SECRET_LEN {
            out = out.replace(secret, REDACTED);
        }
    }
    mask_values(&out)
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Where the secret value starts when a secret-carrying name starts at `at`
/// (`name=` or `"name": "`); also `Bearer ` and a URL's `://user:pw@`.
fn value_start(text: &str, at: usize) -> Option<(usize, u8)> {
    let bytes = text.as_bytes();
    let rest = text.get(at..)?;
    if let Some(after) = rest.strip_prefix("://") {
        let end = after.find(['/', '?', '#', ' ', '"']).unwrap_or(after.len());
        return after.get(..end)?.contains('@').then_some((at + 3, b'@'));
    }
    if at > 0 && is_name_byte(bytes[at - 1]) {
        return None;
    }
    for prefix in ["Bearer ", "bearer "] {
        if rest.starts_with(prefix) {
            return Some((at + prefix.len(), b' '));
        }
    }
    let name = SECRET_NAMES.iter().find(|name| {
        rest.starts_with(**name)
            && !rest
                .as_bytes()
                .get(name.len())
                .copied()
                .is_some_and(is_name_byte)
    })?;
    let after = at + name.len();
    match bytes.get(after)? {
        b'=' => Some((after + 1, b'=')),
        b'"' => {
            // `"name"`, optional spaces, `:`, optional spaces, `"`.
            let mut i = after + 1;
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            if bytes.get(i) != Some(&b':') {
                return None;
            }
            i += 1;
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            (bytes.get(i) == Some(&b'"')).then_some((i + 1, b'"'))
        }
        _ => None,
    }
}

/// Where a value that started with `kind` ends.
fn value_end(bytes: &[u8], start: usize, kind: u8) -> usize {
    let stop = |b: u8| match kind {
        b'"' => b == b'"',
        b'@' => b == b'@',
        _ => {
            b.is_ascii_whitespace()
                || matches!(
                    b,
                    b'&' | b'#' | b'"' | b'\'' | b'<' | b'>' | b';' | b',' | b')'
                )
        }
    };
    let mut end = start;
    while end < bytes.len() && !stop(bytes[end]) {
        end += 1;
    }
    end
}

fn mask_values(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Names, `Bearer` and `://` all start with an ASCII byte, never
        // inside a multi-byte character: slicing there is safe.
        if bytes[at].is_ascii() {
            if let Some((start, kind)) = value_start(text, at) {
                let end = value_end(bytes, start, kind);
                if end > start {
                    out.push_str(&text[copied..start]);
                    out.push_str(REDACTED);
                    copied = end;
                    at = end;
                    continue;
                }
            }
        }
        at += 1;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_secret_values_are_redacted() {
        let snippet = r#"echo client_secret=hunter22&code=aPrx.abc==&state=s "access_token": "00D!AQ.tok", "refresh_token":"5Aep.r" Authorization: Bearer 00D!xyz https://user:pw@evil.example/x?token=abc#f hunter22"#;
        let out = redact(snippet, &["hunter22"]);
        for secret in [
            "hunter22", "aPrx", "00D!AQ", "5Aep", "00D!xyz", "user:pw", "abc#",
        ] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        assert_eq!(
            out,
            r#"echo client_secret=[redacted]&code=[redacted]&state=s "access_token": "[redacted]", "refresh_token":"[redacted]" Authorization: Bearer [redacted] https://[redacted]@evil.example/x?token=[redacted]#f [redacted]"#
        );
    }

    #[test]
    fn ordinary_words_stay() {
        for text in [
            "this token type is not supported",
            "expired authorization code",
            "Revoke answered HTTP 400: unsupported_token_type (x).",
            "an HTML page titled \"Proxy Login\"",
            "barcode=1 mytoken=2 code_x=3",
            "https://acme.my.salesforce.com/services/oauth2/token",
            "é€😀 code",
        ] {
            assert_eq!(redact(text, &["abc", ""]), text);
        }
    }
}
