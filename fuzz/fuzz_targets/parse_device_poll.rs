//! A device-flow poll answer. First line: `status client_secret current_interval_ms`; the rest:
//! the body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken::Secret;
use sftoken_fuzz::{head_body, number, status, word};

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let (head, body) = head_body(&input);
    let secret = word(head, 1).map(Secret::from);
    let interval: u32 = number(word(head, 2));
    let _ = sftoken::parse_device_poll(
        &sftoken::SerdeJson,
        status(word(head, 0)),
        body,
        secret.as_ref(),
        interval,
    );
});
