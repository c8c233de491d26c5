//! The UserInfo answer. First line: the status; the rest: the body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken_fuzz::{head_body, status, word};

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let (head, body) = head_body(&input);
    let _ = sftoken::parse_userinfo(&sftoken::SerdeJson, status(word(head, 0)), body);
});
