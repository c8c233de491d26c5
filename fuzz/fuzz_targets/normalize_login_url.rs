//! The login URL a user pastes, with and without the custom-domain opt-in.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let _ = sftoken::normalize_login_url(&input, false);
    let _ = sftoken::normalize_login_url(&input, true);
});
