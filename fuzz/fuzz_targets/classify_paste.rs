//! Whatever a person pastes into "Paste": a URL, a token, an SFDX auth URL, a token answer, anything.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken::{Pasted, SerdeJson};

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    match sftoken::classify_paste(&SerdeJson, &input) {
        // A callback is only ever the pasted text itself, trimmed: nothing is rewritten before the state check.
        Pasted::Callback { url } => assert_eq!(url, input.trim()),
        // A refresh token is recognised only with its consumer key and an https Salesforce host.
        Pasted::SfdxAuthUrl { client_id, refresh_token, instance_url, .. } => {
            assert!(!client_id.is_empty() && !refresh_token.is_empty());
            assert!(instance_url.starts_with("https://"));
        }
        Pasted::AccessToken { access_token, org_id } => {
            assert!(access_token.expose().starts_with(&org_id));
        }
        Pasted::Unknown { message, hint } => assert!(!message.is_empty() && !hint.is_empty()),
        Pasted::LoginUrl(host) => assert!(host.origin.starts_with("https://")),
        Pasted::TokenResponse(token) => assert!(!token.access_token.expose().is_empty()),
    }
});
