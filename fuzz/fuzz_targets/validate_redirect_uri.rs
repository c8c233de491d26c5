//! A pasted redirect URI (Callback URL).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    if let Ok(uri) = sftoken::validate_redirect_uri(&input) {
        // What it accepts is the input, trimmed.
        assert_eq!(uri, input.trim());
    }
});
