//! A whole profile as the form submits it. One field a line: flow, name, login_url,
//! allow_custom_domain (`1` or anything else), client_id, client_secret, redirect_uri, scopes
//! (space-separated), username; the rest: the private key PEM.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken::ProfileInput;

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let mut lines = input.splitn(10, '\n');
    let mut next = || lines.next().unwrap_or("");
    let (flow, name, login_url, allow) = (next(), next(), next(), next());
    let (client_id, client_secret, redirect_uri, scopes) = (next(), next(), next(), next());
    let (username, private_key_pem) = (next(), next());
    let scopes: Vec<&str> = scopes.split(' ').collect();
    let _ = sftoken::validate_profile(&ProfileInput {
        flow,
        name,
        login_url,
        allow_custom_domain: allow == "1",
        client_id,
        client_secret,
        redirect_uri,
        scopes: &scopes,
        username,
        private_key_pem,
    });
});
