//! The introspection answer. First line: `status now_ms`; the rest: the body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken_fuzz::{head_body, number, status, word};

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let (head, body) = head_body(&input);
    let now_ms: u64 = number(word(head, 1));
    let _ = sftoken::parse_introspection(&sftoken::SerdeJson, status(word(head, 0)), body, now_ms);
});
