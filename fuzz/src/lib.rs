//! What the fuzz targets share: how the fuzzer's bytes become a parser's inputs.
//!
//! Inputs are text, so seeds stay readable: invalid UTF-8 is replaced (U+FFFD) rather than
//! skipped, so no execution is wasted. A target that takes more than the body reads its other
//! inputs from the first line (space-separated words, `-` for "none"); the body is the rest.

use std::borrow::Cow;

/// The fuzzer's bytes as text.
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The first line (without its `\n`) and the rest.
pub fn head_body(text: &str) -> (&str, &str) {
    text.split_once('\n').unwrap_or((text, ""))
}

/// The `n`-th space-separated word of a head line; `None` when absent or `-`.
pub fn word(head: &str, n: usize) -> Option<&str> {
    head.split(' ')
        .nth(n)
        .filter(|w| !w.is_empty() && *w != "-")
}

/// An HTTP status: the word as a number, or (any other word) a value folded from its bytes, so
/// every `u16` stays reachable.
pub fn status(word: Option<&str>) -> u16 {
    let word = word.unwrap_or("");
    word.parse().unwrap_or_else(|_| {
        word.bytes().fold(0u16, |acc, b| {
            acc.wrapping_mul(31).wrapping_add(u16::from(b))
        })
    })
}

/// A number (milliseconds, say): the word as a number, or 0.
pub fn number<T: std::str::FromStr + Default>(word: Option<&str>) -> T {
    word.and_then(|w| w.parse().ok()).unwrap_or_default()
}

/// No part of `text` between two `[redacted]` marks contains `secret` (a secret the redactor
/// was given and promises to remove: trimmed, at least 4 bytes).
pub fn assert_redacted(text: &str, secret: &str) {
    let secret = secret.trim();
    if secret.len() < 4 {
        return;
    }
    for piece in text.split("[redacted]") {
        assert!(
            !piece.contains(secret),
            "secret {secret:?} survived redaction: {text:?}"
        );
    }
}
