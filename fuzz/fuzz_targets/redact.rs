//! The redactor. First line: a secret; the rest: the text. No part of the result between two
//! `[redacted]` marks contains the secret.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken_fuzz::{assert_redacted, head_body};

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let (secret, text) = head_body(&input);
    assert_redacted(&sftoken::redact(text, &[secret]), secret);
});
