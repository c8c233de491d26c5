//! A pasted private key (PEM), read and checked as the profile form does.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let _ = sftoken::pkcs8_from_pem(&input);
    let _ = sftoken::check_private_key_pem(&input);
});
