//! The bare-text page the authorize endpoint shows instead of redirecting.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let _ = sftoken::parse_error_page(&input);
});
