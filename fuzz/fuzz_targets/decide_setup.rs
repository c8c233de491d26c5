//! "Check setup": what the login host answered (the discovery document, the authorize endpoint with and without a
//! challenge). First line: the three statuses, `r` for an opaque redirect; the rest: one body for all three.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken::oauth::setup_check::{decide_setup, SetupCheckInput, Seen};
use sftoken_fuzz::{head_body, status, word};

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let (head, body) = head_body(&input);
    let seen = |n: usize| match word(head, n) {
        Some("r") => Seen::Redirected,
        w => Seen::Answer { status: status(w), body },
    };
    let Ok(login) = sftoken::normalize_login_url("login.salesforce.com", false) else { return };
    for flow in [sftoken::Flow::WebServer, sftoken::Flow::JwtBearer] {
        let check = SetupCheckInput { login: &login, flow, client_id: "3MVG9x", redirect_uri: "https://login.salesforce.com/" };
        let lines = decide_setup(&sftoken::SerdeJson, &check, seen(0), seen(1), Some(seen(2)));
        assert!(lines.len() >= 2);
    }
});
