//! The callback URL the browser lands on. First line: the expected state; the rest: the URL.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken::CallbackOutcome;

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let (state, url) = sftoken_fuzz::head_body(&input);
    match sftoken::parse_callback(url, state) {
        Ok(CallbackOutcome::Code { code, state: got }) => {
            // A code only for our login: the state matched, and the code is never empty.
            assert_eq!(got, state);
            assert!(!code.expose().is_empty());
            assert!(url.contains("state"));
        }
        Ok(CallbackOutcome::Error(error)) => {
            assert_eq!(error.state.as_deref(), Some(state));
            assert!(url.contains("state"));
        }
        Ok(CallbackOutcome::Unrelated) | Err(_) => {}
    }
    // An empty expected state never matches anything.
    assert!(matches!(
        sftoken::parse_callback(url, ""),
        Ok(CallbackOutcome::Unrelated)
    ));
});
