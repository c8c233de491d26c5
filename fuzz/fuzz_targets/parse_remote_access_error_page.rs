//! The URL of Salesforce's RemoteAccessErrorPage.apexp.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let _ = sftoken::parse_remote_access_error_page(&input);
});
