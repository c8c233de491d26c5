//! The token endpoint's answer. First line: `status grant client_secret login_url audience`
//! (`-` for none; grant as in `check_grant_type`); the rest: the body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken::{Secret, SerdeJson, TokenContext};
use sftoken_fuzz::{head_body, status, word};

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let (head, body) = head_body(&input);
    let status = status(word(head, 0));
    let grant = word(head, 1).and_then(|g| sftoken::check_grant_type(g).ok());
    let secret = word(head, 2).map(Secret::from);
    let login = word(head, 3).and_then(|l| sftoken::normalize_login_url(l, true).ok());
    let audience = word(head, 4);
    let _ = sftoken::parse_token_response(&SerdeJson, status, body, secret.as_ref());
    let context = TokenContext {
        grant,
        login: login.as_ref(),
        audience,
    };
    let _ = sftoken::parse_token_response_for(&SerdeJson, status, body, secret.as_ref(), &context);
});
