//! Exercises the JWT bearer and token-lifecycle JS API through `JsValue`, as
//! the extension calls it, WebCrypto included.
//! Runs under node: `cargo test --target wasm32-unknown-unknown --test wasm_lifecycle`
//! with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner`
//! (and in headless Chromium / Firefox with `WASM_BINDGEN_USE_BROWSER=1`).
//! `sendRequest` needs a network and is covered by the extension's e2e tests.
#![cfg(target_arch = "wasm32")]

mod js;
use js::{get, get_str, obj, s};

use js_sys::{Array, Object, Promise, Uint8Array, JSON};
use sftoken::wasm::lifecycle::*;
use sftoken::{base64_decode_standard, base64_encode_standard};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const CLIENT_ID: &str =
    "3MVG9FAKE.INTEGRATION.sftoken.server.client.0000000000000000000000000000003";
const INSTANCE: &str = "https://acme.my.salesforce.com";
const NOW: f64 = 1_700_000_000_000.0;

fn n(value: f64) -> JsValue {
    JsValue::from_f64(value)
}

/// Survives JSON round-tripping unchanged (what Chrome message passing does).
fn assert_json_compatible(value: &JsValue) {
    let text = JSON::stringify(value).unwrap().as_string().unwrap();
    let back = JSON::parse(&text).unwrap();
    assert_eq!(JSON::stringify(&back).unwrap().as_string().unwrap(), text);
}

// ------------------------------------------------------------ WebCrypto in the test

#[wasm_bindgen]
extern "C" {
    type Subtle;
    #[wasm_bindgen(method, js_name = importKey)]
    fn import_key(
        this: &Subtle,
        format: &str,
        data: &Uint8Array,
        algorithm: &JsValue,
        extractable: bool,
        usages: &Array,
    ) -> Promise;
    #[wasm_bindgen(method)]
    fn verify(
        this: &Subtle,
        algorithm: &str,
        key: &JsValue,
        signature: &Uint8Array,
        data: &Uint8Array,
    ) -> Promise;
}

fn subtle() -> Subtle {
    let crypto = get(&js_sys::global(), "crypto");
    get(&crypto, "subtle").unchecked_into()
}

fn pem_body(pem: &str, label: &str) -> Vec<u8> {
    let begin = format!("-----BEGIN {label}-----\n");
    let end = format!("-----END {label}-----\n");
    assert!(pem.starts_with(&begin) && pem.ends_with(&end), "{pem}");
    let body = &pem[begin.len()..pem.len() - end.len()];
    assert!(body.lines().all(|line| line.len() <= 64));
    base64_decode_standard(&body.replace('\n', "")).unwrap()
}

fn base64url(text: &str) -> Vec<u8> {
    let mut standard = text.replace('-', "+").replace('_', "/");
    while standard.len() % 4 != 0 {
        standard.push('=');
    }
    base64_decode_standard(&standard).unwrap()
}

/// (tag, whole element, content) of the DER element at the start of `der`.
fn element(der: &[u8]) -> (u8, &[u8], &[u8]) {
    let tag = der[0];
    let (len, header) = match der[1] {
        short if short < 0x80 => (usize::from(short), 2),
        long => {
            let count = usize::from(long & 0x7f);
            let len = der[2..2 + count]
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            (len, 2 + count)
        }
    };
    (tag, &der[..header + len], &der[header..header + len])
}

/// The elements of a SEQUENCE's content.
fn children(mut content: &[u8]) -> Vec<(u8, &[u8], &[u8])> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let e = element(content);
        content = &content[e.1.len()..];
        out.push(e);
    }
    out
}

async fn rsa_verify(spki: &[u8], signature: &[u8], data: &[u8]) -> bool {
    let algorithm = obj(&[("name", s("RSASSA-PKCS1-v1_5")), ("hash", s("SHA-256"))]);
    let usages = Array::of1(&s("verify"));
    let key = JsFuture::from(subtle().import_key(
        "spki",
        &Uint8Array::from(spki),
        &algorithm,
        true,
        &usages,
    ))
    .await
    .unwrap();
    JsFuture::from(subtle().verify(
        "RSASSA-PKCS1-v1_5",
        &key,
        &Uint8Array::from(signature),
        &Uint8Array::from(data),
    ))
    .await
    .unwrap()
    .as_bool()
    .unwrap()
}

#[wasm_bindgen_test]
async fn key_pair_certificate_and_assertion_verify() {
    let pair = generate_jwt_key_pair(obj(&[("commonName", s("sftoken test"))]))
        .await
        .unwrap();
    assert_json_compatible(&pair);
    let private_pem = get_str(&pair, "privateKeyPem");
    let certificate_pem = get_str(&pair, "certificatePem");
    assert!(!pem_body(&private_pem, "PRIVATE KEY").is_empty());

    // Certificate = SEQUENCE { tbs, algorithm, BIT STRING signature }.
    let cert = pem_body(&certificate_pem, "CERTIFICATE");
    let (tag, whole, content) = element(&cert);
    assert_eq!((tag, whole.len()), (0x30, cert.len()));
    let parts = children(content);
    assert_eq!(parts.len(), 3);
    let (tbs, algorithm, signature) = (parts[0].1, parts[1].1, parts[2].2);
    assert_eq!(
        algorithm,
        [
            0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05,
            0x00
        ]
    );
    assert_eq!(signature[0], 0, "no unused bits");
    let signature = &signature[1..];
    assert_eq!(signature.len(), 256);
    // TBS: version, serial, algorithm, issuer, validity, subject, spki.
    let fields = children(parts[0].2);
    assert_eq!(fields.len(), 7);
    assert_eq!(fields[0].1, [0xa0, 0x03, 0x02, 0x01, 0x02]);
    assert_eq!(fields[1].0, 0x02);
    assert!(fields[1].2.len() <= 20 && fields[1].2[0] & 0x80 == 0);
    assert_eq!(fields[3].1, fields[5].1, "self-signed: issuer = subject");
    assert!(fields[3].1.ends_with(b"sftoken test"));
    let spki = fields[6].1;
    assert!(
        rsa_verify(spki, signature, tbs).await,
        "certificate self-signature"
    );

    let result = jwt_assertion(obj(&[
        ("loginUrl", s("acme--uat.sandbox.my.salesforce.com")),
        ("clientId", s(CLIENT_ID)),
        ("username", s("integration@acme.example")),
        ("privateKeyPem", s(&private_pem)),
        ("nowMs", n(NOW)),
    ]))
    .await
    .unwrap();
    assert_json_compatible(&result);
    assert_eq!(get_str(&result, "audience"), "https://test.salesforce.com");
    assert_eq!(get(&result, "expiresAt").as_f64(), Some(NOW + 170_000.0));
    let assertion = get_str(&result, "assertion");
    let pieces: Vec<&str> = assertion.split('.').collect();
    assert_eq!(pieces.len(), 3);
    let header = JSON::parse(&String::from_utf8(base64url(pieces[0])).unwrap()).unwrap();
    assert_eq!(get_str(&header, "alg"), "RS256");
    let claims = JSON::parse(&String::from_utf8(base64url(pieces[1])).unwrap()).unwrap();
    assert_eq!(get_str(&claims, "iss"), CLIENT_ID);
    assert_eq!(get_str(&claims, "sub"), "integration@acme.example");
    assert_eq!(get_str(&claims, "aud"), "https://test.salesforce.com");
    assert_eq!(get(&claims, "exp").as_f64(), Some(1_700_000_170.0));
    let signing_input = format!("{}.{}", pieces[0], pieces[1]);
    assert!(
        rsa_verify(spki, &base64url(pieces[2]), signing_input.as_bytes()).await,
        "assertion signature"
    );
    // Tampered input does not verify.
    assert!(!rsa_verify(spki, &base64url(pieces[2]), b"x.y").await);

    // Default commonName, default time.
    let pair = generate_jwt_key_pair(JsValue::UNDEFINED).await.unwrap();
    assert!(get_str(&pair, "certificatePem").starts_with("-----BEGIN CERTIFICATE-----\n"));
}

#[wasm_bindgen_test]
async fn jwt_assertion_errors() {
    let options = |pem: &str, username: &str| {
        obj(&[
            ("loginUrl", s("login.salesforce.com")),
            ("clientId", s(CLIENT_ID)),
            ("username", s(username)),
            ("privateKeyPem", s(pem)),
        ])
    };
    let code = |e: JsValue| get_str(&e, "code");
    let mut der = vec![0x30, 0x81, 0x80];
    der.extend([7u8; 128]);
    let body = format!("{}\n", base64_encode_standard(&der));
    let pkcs1 = format!("-----BEGIN RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----\n");
    let e = jwt_assertion(options(&pkcs1, "u@x.example"))
        .await
        .unwrap_err();
    assert_eq!(code(e.clone()), "private_key_pkcs1");
    assert!(get_str(&e, "hint").contains("openssl pkcs8 -topk8 -nocrypt"));
    let encrypted = pkcs1.replace("RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY");
    assert_eq!(
        code(
            jwt_assertion(options(&encrypted, "u@x.example"))
                .await
                .unwrap_err()
        ),
        "private_key_encrypted"
    );
    // Well-formed PEM and base64, but not a key WebCrypto can import.
    let not_a_key = pkcs1.replace("RSA PRIVATE KEY", "PRIVATE KEY");
    let e = jwt_assertion(options(&not_a_key, "u@x.example"))
        .await
        .unwrap_err();
    assert_eq!(code(e.clone()), "invalid_private_key");
    assert!(get_str(&e, "message").starts_with("The browser could not use this private key"));
    assert_eq!(
        code(jwt_assertion(options(&not_a_key, "")).await.unwrap_err()),
        "invalid_username"
    );
    assert_eq!(
        code(jwt_assertion(s("x")).await.unwrap_err()),
        "invalid_argument"
    );
}

// ------------------------------------------------------------ requests

fn headers(request: &JsValue) -> Vec<(String, String)> {
    Object::entries(&get(request, "headers").unchecked_into())
        .iter()
        .map(|pair| {
            let pair = Array::from(&pair);
            (
                pair.get(0).as_string().unwrap(),
                pair.get(1).as_string().unwrap(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[wasm_bindgen_test]
fn request_builders() {
    let r = userinfo_request_js(obj(&[
        ("instanceUrl", s(INSTANCE)),
        ("accessToken", s("00D!tok")),
    ]))
    .unwrap();
    assert_json_compatible(&r);
    assert_eq!(
        get_str(&r, "url"),
        "https://acme.my.salesforce.com/services/oauth2/userinfo"
    );
    assert_eq!(get_str(&r, "method"), "GET");
    assert_eq!(
        headers(&r),
        pairs(&[
            ("Accept", "application/json"),
            ("Authorization", "Bearer 00D!tok")
        ])
    );
    assert!(get(&r, "body").is_null());
    let e = userinfo_request_js(obj(&[
        ("instanceUrl", s("https://evil.example")),
        ("accessToken", s("t")),
    ]))
    .unwrap_err();
    assert_eq!(get_str(&e, "code"), "invalid_instance_url");

    let r = introspect_request_js(obj(&[
        ("loginUrl", s("acme.my.salesforce.com")),
        ("clientId", s("key")),
        ("clientSecret", s("sec")),
        ("token", s("00D!tok")),
        ("tokenTypeHint", s("access_token")),
    ]))
    .unwrap();
    assert_json_compatible(&r);
    assert_eq!(
        get_str(&r, "url"),
        "https://acme.my.salesforce.com/services/oauth2/introspect"
    );
    assert_eq!(get_str(&r, "method"), "POST");
    assert_eq!(
        headers(&r),
        pairs(&[
            ("Accept", "application/json"),
            ("Content-Type", "application/x-www-form-urlencoded")
        ])
    );
    assert_eq!(
        get_str(&r, "body"),
        "token=00D%21tok&token_type_hint=access_token&client_id=key&client_secret=sec"
    );
    let r = introspect_request_js(obj(&[
        ("loginUrl", s("acme.my.salesforce.com")),
        ("clientId", s("key")),
        ("clientSecret", JsValue::NULL),
        ("token", s("t")),
    ]))
    .unwrap();
    assert_eq!(get_str(&r, "body"), "token=t&client_id=key");

    let r = revoke_request_js(obj(&[
        ("loginUrl", s("login.salesforce.com")),
        ("token", s("5Aep=x")),
    ]))
    .unwrap();
    assert_eq!(
        get_str(&r, "url"),
        "https://login.salesforce.com/services/oauth2/revoke"
    );
    assert_eq!(get_str(&r, "body"), "token=5Aep%3Dx");
    assert_eq!(get_str(&r, "method"), "POST");

    let r = api_versions_request_js(obj(&[("instanceUrl", s(INSTANCE))])).unwrap();
    assert_eq!(
        get_str(&r, "url"),
        "https://acme.my.salesforce.com/services/data/"
    );
    assert_eq!(headers(&r), pairs(&[("Accept", "application/json")]));

    let r = limits_request_js(obj(&[
        ("instanceUrl", s(INSTANCE)),
        ("accessToken", s("00D!tok")),
        ("versionUrl", s("/services/data/v65.0")),
    ]))
    .unwrap();
    assert_eq!(
        get_str(&r, "url"),
        "https://acme.my.salesforce.com/services/data/v65.0/limits"
    );
    assert_eq!(
        headers(&r),
        pairs(&[
            ("Accept", "application/json"),
            ("Authorization", "Bearer 00D!tok")
        ])
    );
    let e = limits_request_js(obj(&[
        ("instanceUrl", s(INSTANCE)),
        ("accessToken", s("t")),
        ("versionUrl", s("https://evil.example/x")),
    ]))
    .unwrap_err();
    assert_eq!(get_str(&e, "code"), "invalid_version_url");
}

// ------------------------------------------------------------ parsers

#[wasm_bindgen_test]
fn who_is_this() {
    let body = r#"{"sub":"https://login.salesforce.com/id/00D5g000000FAKEEAA/0055g000000FAKEAAA",
        "user_id":"0055g000000FAKEAAA","organization_id":"00D5g000000FAKEEAA",
        "preferred_username":"admin@acme.example","name":"Fake Admin","email":"admin@acme.example"}"#;
    let user = parse_userinfo_js(n(200.0), s(body)).unwrap();
    assert_json_compatible(&user);
    assert_eq!(get_str(&user, "username"), "admin@acme.example");
    assert_eq!(get_str(&user, "name"), "Fake Admin");
    assert_eq!(get_str(&user, "email"), "admin@acme.example");
    assert_eq!(get_str(&user, "orgId"), "00D5g000000FAKEEAA");
    assert_eq!(get_str(&user, "userId"), "0055g000000FAKEAAA");
    let e = parse_userinfo_js(n(403.0), s("Bad_OAuth_Token")).unwrap_err();
    assert_eq!(get_str(&e, "code"), "token_invalid");
    assert_eq!(get_str(&e, "error"), "Bad_OAuth_Token");
    assert!(get_str(&e, "hint").contains("Refresh"));

    let token = obj(&[
        ("orgId", s("00D5g000000FAKE")),
        ("userId", s("0055g000000FAKEAAA")),
        ("scope", s("api id")),
    ]);
    let check = compare_identity_js(obj(&[
        ("token", token.clone()),
        ("user", user.clone()),
        ("expectedUsername", s("Admin@Acme.example")),
        ("requestedScopes", s("api refresh_token")),
    ]))
    .unwrap();
    assert_json_compatible(&check);
    assert_eq!(get(&check, "ok"), JsValue::TRUE);
    assert_eq!(
        get_str(&check, "message"),
        "This token belongs to admin@acme.example in org 00D5g000000FAKEEAA."
    );
    assert!(get_str(&check, "hint").contains("refresh_token"));
    assert_eq!(get_str(&check, "requestedScopes"), "api refresh_token");
    assert_eq!(get_str(&check, "grantedScopes"), "api id");

    let check = compare_identity_js(obj(&[
        ("token", token),
        ("user", user),
        ("expectedUsername", s("other@acme.example")),
        ("requestedScopes", JsValue::NULL),
    ]))
    .unwrap();
    assert_eq!(get(&check, "ok"), JsValue::FALSE);
    assert!(get_str(&check, "message").starts_with("This token is for another user"));
    assert!(get(&check, "requestedScopes").is_null());
}

#[wasm_bindgen_test]
fn still_valid() {
    let body = r#"{"active":true,"scope":"api","client_id":"k","username":"admin@acme.example",
        "token_type":"access_token","exp":1700007140,"iat":1699999940,"nbf":1699999940}"#;
    let i = parse_introspection_js(n(200.0), s(body), n(NOW)).unwrap();
    assert_json_compatible(&i);
    assert_eq!(get(&i, "active"), JsValue::TRUE);
    assert_eq!(get(&i, "expiresAt").as_f64(), Some(1_700_007_140_000.0));
    assert_eq!(get(&i, "issuedAt").as_f64(), Some(1_699_999_940_000.0));
    assert_eq!(get_str(&i, "remaining"), "1 h 59 min left");
    assert_eq!(get_str(&i, "username"), "admin@acme.example");
    assert!(get(&i, "hint").is_null());

    let i = parse_introspection_js(n(200.0), s(r#"{"active":false}"#), n(NOW)).unwrap();
    assert_eq!(get(&i, "active"), JsValue::FALSE);
    assert!(get(&i, "expiresAt").is_null());
    assert_eq!(
        get_str(&i, "message"),
        "Salesforce says this token is no longer active (expired or revoked)."
    );

    let e = parse_introspection_js(
        n(401.0),
        s(r#"{"error":"invalid_client","error_description":"invalid client credentials"}"#),
        n(NOW),
    )
    .unwrap_err();
    assert_eq!(get_str(&e, "error"), "invalid_client");
    assert!(get_str(&e, "message").contains("consumer secret"));

    let age = describe_token_age_js(n(NOW - 12.0 * 60_000.0), n(NOW)).unwrap();
    assert_json_compatible(&age);
    assert_eq!(get_str(&age, "message"), "Issued 12 min ago.");
    assert!(get_str(&age, "hint").contains("2 hours"));
    let unknown = describe_token_age_js(JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    assert_eq!(get_str(&unknown, "message"), "Issue time unknown.");
    let e = describe_token_age_js(s("yesterday"), n(NOW)).unwrap_err();
    assert_eq!(get_str(&e, "code"), "invalid_argument");
}

#[wasm_bindgen_test]
fn revoke_and_test_call() {
    let r = parse_revoke_response_js(n(200.0), s("")).unwrap();
    assert_eq!(get(&r, "revoked"), JsValue::TRUE);
    let e = parse_revoke_response_js(
        n(400.0),
        s(r#"{"error":"invalid_token","error_description":"invalid token"}"#),
    )
    .unwrap_err();
    assert_eq!(get_str(&e, "code"), "token_already_invalid");
    assert_eq!(get_str(&e, "error"), "invalid_token");
    assert!(get_str(&e, "hint").contains("safe to forget"));
    // Salesforce writes revoke errors form-encoded.
    let e = parse_revoke_response_js(
        n(400.0),
        s("error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported"),
    )
    .unwrap_err();
    assert_json_compatible(&e);
    assert_eq!(get_str(&e, "code"), "token_already_invalid");
    assert_eq!(get_str(&e, "error"), "unsupported_token_type");
    assert_eq!(
        get_str(&e, "errorDescription"),
        "this token type is not supported"
    );

    let versions = r#"[{"label":"Summer '14","url":"/services/data/v31.0","version":"31.0"},
        {"label":"Winter '26","url":"/services/data/v65.0","version":"65.0"},
        {"label":"Spring '15","url":"/services/data/v9.0","version":"9.0"}]"#;
    let v = parse_api_versions_js(n(200.0), s(versions)).unwrap();
    assert_json_compatible(&v);
    assert_eq!(get_str(&v, "version"), "65.0");
    assert_eq!(get_str(&v, "url"), "/services/data/v65.0");
    assert_eq!(get_str(&v, "label"), "Winter '26");

    let limits = parse_limits_js(
        n(200.0),
        s(r#"{"DailyApiRequests":{"Max":15000,"Remaining":14998},"DataStorageMB":{"Max":5,"Remaining":5}}"#),
    )
    .unwrap();
    assert_json_compatible(&limits);
    assert_eq!(
        get_str(&limits, "message"),
        "The token works: GET …/limits answered 200."
    );
    let rows = Array::from(&get(&limits, "rows"));
    assert_eq!(rows.length(), 2);
    assert_eq!(get_str(&rows.get(0), "name"), "DailyApiRequests");
    assert_eq!(get_str(&rows.get(0), "value"), "14,998 of 15,000 remaining");

    let e = parse_limits_js(
        n(401.0),
        s(r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#),
    )
    .unwrap_err();
    assert_json_compatible(&e);
    assert_eq!(get_str(&e, "code"), "INVALID_SESSION_ID");
    assert_eq!(get_str(&e, "error"), "INVALID_SESSION_ID");
    assert_eq!(
        get_str(&e, "errorDescription"),
        "Session expired or invalid"
    );
    assert!(get_str(&e, "hint").contains("log in again"));
    let e = parse_limits_js(s("200"), s("{}")).unwrap_err();
    assert_eq!(get_str(&e, "code"), "invalid_argument");
}

#[wasm_bindgen_test]
fn alternate_audiences() {
    let alt = |login: &str, audience: JsValue| {
        alternate_audience_js(obj(&[("loginUrl", s(login)), ("audience", audience)])).unwrap()
    };
    assert_eq!(
        alt("login.salesforce.com", JsValue::UNDEFINED)
            .as_string()
            .as_deref(),
        Some("https://test.salesforce.com")
    );
    assert_eq!(
        alt("acme--uat.sandbox.my.salesforce.com", JsValue::NULL)
            .as_string()
            .as_deref(),
        Some("https://login.salesforce.com")
    );
    assert_eq!(
        alt("acme.my.salesforce.com", s("https://test.salesforce.com"))
            .as_string()
            .as_deref(),
        Some("https://login.salesforce.com")
    );
    assert_eq!(
        alt("acme.scratch.my.salesforce.com", JsValue::UNDEFINED)
            .as_string()
            .as_deref(),
        Some("https://login.salesforce.com")
    );
    let e = alternate_audience_js(obj(&[("loginUrl", s("example.com"))])).unwrap_err();
    assert_eq!(get_str(&e, "code"), "not_salesforce_host");
    let e = alternate_audience_js(JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get_str(&e, "code"), "invalid_argument");
}
