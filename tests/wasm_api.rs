//! Exercises the exported JS API through `JsValue`, as the extension calls it.
//! Runs under node: `cargo test --target wasm32-unknown-unknown --test wasm_api`
//! with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner`.
//! `sendRequest` needs a network and is covered by the extension's e2e tests.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use sftoken::wasm_api::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const REDIRECT: &str = "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/";

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn get_str(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

/// Survives JSON round-tripping unchanged (what Chrome message passing does).
fn assert_json_compatible(value: &JsValue) {
    let text = JSON::stringify(value).unwrap().as_string().unwrap();
    let back = JSON::parse(&text).unwrap();
    assert_eq!(JSON::stringify(&back).unwrap().as_string().unwrap(), text);
    assert!(!value.is_instance_of::<js_sys::Map>());
}

#[wasm_bindgen_test]
fn normalize_login_url_ok_and_thrown_error() {
    let host = normalize_login_url_js(
        s("https://acme.lightning.force.com/lightning/page/home"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_json_compatible(&host);
    assert_eq!(get_str(&host, "origin"), "https://acme.my.salesforce.com");
    assert_eq!(get_str(&host, "host"), "acme.my.salesforce.com");
    assert_eq!(get_str(&host, "environment"), "production");
    let notes = Array::from(&get(&host, "notes"));
    assert_eq!(notes.length(), 1);

    let err =
        normalize_login_url_js(s("http://login.salesforce.com"), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get_str(&err, "code"), "https_required");
    assert!(!get_str(&err, "message").is_empty());
    assert!(!get_str(&err, "hint").is_empty());
    assert_eq!(get(&err, "retrySameCode"), JsValue::FALSE);
    assert!(get(&err, "error").is_null());

    let custom = normalize_login_url_js(s("login.acme.com"), JsValue::TRUE).unwrap();
    assert_eq!(get_str(&custom, "environment"), "custom");
    let refused = normalize_login_url_js(s("login.acme.com"), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get_str(&refused, "code"), "not_salesforce_host");
    let not_string =
        normalize_login_url_js(JsValue::from_f64(3.0), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get_str(&not_string, "code"), "invalid_argument");
}

#[wasm_bindgen_test]
fn authorize_then_callback_then_token_request() {
    let scopes = Array::of2(&s("api"), &s("refresh_token api"));
    let auth = authorize_request(obj(&[
        ("loginUrl", s("acme--uat.sandbox.my.salesforce.com")),
        ("clientId", s("3MVG9client")),
        ("redirectUri", s(REDIRECT)),
        ("scopes", scopes.into()),
        ("prompt", s("login")),
        ("loginHint", JsValue::NULL),
    ]))
    .unwrap();
    assert_json_compatible(&auth);
    let url = get_str(&auth, "url");
    let state = get_str(&auth, "state");
    let verifier = get_str(&auth, "codeVerifier");
    assert!(url.starts_with(
        "https://acme--uat.sandbox.my.salesforce.com/services/oauth2/authorize?response_type=code&"
    ));
    assert!(url.contains("scope=api%20refresh_token&"));
    assert!(url.contains("code_challenge_method=S256"));
    assert!(url.contains("prompt=login"));
    assert_eq!(state.len(), 43);
    assert_eq!(verifier.len(), 43);

    // Two calls get different random values from crypto.getRandomValues.
    let again = authorize_request(obj(&[
        ("loginUrl", s("login.salesforce.com")),
        ("clientId", s("3MVG9client")),
        ("redirectUri", s(REDIRECT)),
        ("scopes", s("api")),
        ("pkce", JsValue::FALSE),
    ]))
    .unwrap();
    assert_ne!(get_str(&again, "state"), state);
    assert!(get(&again, "codeVerifier").is_null());

    let callback = format!("{REDIRECT}?code=aPrx.abc%3D%3D&state={state}");
    let outcome = parse_callback_js(s(&callback), s(&state)).unwrap();
    assert_json_compatible(&outcome);
    assert_eq!(get_str(&outcome, "kind"), "code");
    assert_eq!(get_str(&outcome, "code"), "aPrx.abc==");
    assert_eq!(get_str(&outcome, "state"), state);

    let request = token_request(obj(&[
        ("grantType", s("authorization_code")),
        ("loginUrl", s("acme--uat.sandbox.my.salesforce.com")),
        ("clientId", s("3MVG9client")),
        ("clientSecret", s("")),
        ("redirectUri", s(REDIRECT)),
        ("code", get(&outcome, "code")),
        ("codeVerifier", s(&verifier)),
    ]))
    .unwrap();
    assert_json_compatible(&request);
    assert_eq!(
        get_str(&request, "url"),
        "https://acme--uat.sandbox.my.salesforce.com/services/oauth2/token"
    );
    assert_eq!(get_str(&request, "method"), "POST");
    let headers = get(&request, "headers");
    assert_eq!(
        get_str(&headers, "Content-Type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(get_str(&headers, "Accept"), "application/json");
    let body = get_str(&request, "body");
    assert!(body
        .starts_with("grant_type=authorization_code&code=aPrx.abc%3D%3D&client_id=3MVG9client&"));
    assert!(body.ends_with(&format!("&code_verifier={verifier}")));
    assert!(!body.contains("client_secret"));
}

#[wasm_bindgen_test]
fn callback_errors_and_unrelated() {
    let url = "https://x.io/cb?error=access_denied&error_description=end-user+denied+authorization&state=abc";
    let outcome = parse_callback_js(s(url), s("abc")).unwrap();
    assert_json_compatible(&outcome);
    assert_eq!(get_str(&outcome, "kind"), "error");
    assert_eq!(get_str(&outcome, "error"), "access_denied");
    assert_eq!(
        get_str(&outcome, "errorDescription"),
        "end-user denied authorization"
    );
    assert_eq!(get_str(&outcome, "state"), "abc");
    assert!(!get_str(&outcome, "message").is_empty());
    assert!(!get_str(&outcome, "hint").is_empty());

    let other = parse_callback_js(s("https://x.io/cb?code=x&state=other"), s("abc")).unwrap();
    assert_eq!(get_str(&other, "kind"), "unrelated");

    let damaged = parse_callback_js(s("https://x.io/cb?code=x%3&state=abc"), s("abc")).unwrap_err();
    assert_eq!(get_str(&damaged, "code"), "malformed_percent_encoding");

    let page = parse_error_page_js(s(
        "error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration\n",
    ))
    .unwrap();
    assert_eq!(get_str(&page, "kind"), "error");
    assert_eq!(get_str(&page, "error"), "redirect_uri_mismatch");
    assert_eq!(
        get_str(&page, "errorDescription"),
        "redirect_uri must match configuration"
    );
    let html = parse_error_page_js(s("<html></html>")).unwrap();
    assert_eq!(get_str(&html, "kind"), "unrelated");
}

#[wasm_bindgen_test]
fn token_request_refuses_other_grants() {
    let err = token_request(obj(&[
        ("grantType", s("refresh_token")),
        ("loginUrl", s("login.salesforce.com")),
    ]))
    .unwrap_err();
    assert_eq!(get_str(&err, "code"), "grant_type_not_supported_yet");
    let err = token_request(JsValue::from_str("nope")).unwrap_err();
    assert_eq!(get_str(&err, "code"), "invalid_argument");
}

#[wasm_bindgen_test]
fn token_response_success_and_errors() {
    let body = r#"{"access_token":"00Dxx!tok","refresh_token":"5Aep","instance_url":"https://acme.my.salesforce.com",
        "id":"https://login.salesforce.com/id/00Dxx/005xx","token_type":"Bearer","issued_at":"1278448384422",
        "scope":"api refresh_token","signature":"K7iV+SozELJWMu4JPu6wHqtu4R3wbdZ9mNz2Z26G/wQ="}"#;
    let r = parse_token_response_js(JsValue::from_f64(200.0), s(body), s("secret")).unwrap();
    assert_json_compatible(&r);
    assert_eq!(get_str(&r, "accessToken"), "00Dxx!tok");
    assert_eq!(get_str(&r, "refreshToken"), "5Aep");
    assert_eq!(get_str(&r, "orgId"), "00Dxx");
    assert_eq!(get_str(&r, "userId"), "005xx");
    assert_eq!(get(&r, "issuedAt").as_f64(), Some(1_278_448_384_422.0));
    assert_eq!(get(&r, "signatureValid"), JsValue::TRUE);

    let public = parse_token_response_js(JsValue::from_f64(200.0), s(body), JsValue::NULL).unwrap();
    assert!(get(&public, "signatureValid").is_null());
    let wrong = parse_token_response_js(JsValue::from_f64(200.0), s(body), s("other")).unwrap();
    assert_eq!(get(&wrong, "signatureValid"), JsValue::FALSE);

    let err = parse_token_response_js(
        JsValue::from_f64(400.0),
        s(r#"{"error":"invalid_grant","error_description":"expired authorization code"}"#),
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_json_compatible(&err);
    assert_eq!(get_str(&err, "code"), "authorization_code_expired");
    assert_eq!(get_str(&err, "error"), "invalid_grant");
    assert_eq!(
        get_str(&err, "errorDescription"),
        "expired authorization code"
    );
    assert_eq!(get(&err, "retrySameCode"), JsValue::FALSE);

    let html = parse_token_response_js(
        JsValue::from_f64(502.0),
        s("<html><title>Bad Gateway</title></html>"),
        JsValue::NULL,
    )
    .unwrap_err();
    assert_eq!(get_str(&html, "code"), "server_error");
    assert_eq!(get(&html, "retrySameCode"), JsValue::TRUE);

    let bad_status = parse_token_response_js(s("200"), s("{}"), JsValue::NULL).unwrap_err();
    assert_eq!(get_str(&bad_status, "code"), "invalid_argument");
}

#[wasm_bindgen_test]
fn explain_and_lifetime() {
    let e = explain_error(s("invalid_client_id"), s("client identifier invalid")).unwrap();
    assert!(get_str(&e, "hint").contains("10 minutes"));
    assert!(!get_str(&e, "message").is_empty());
    let unknown = explain_error(s("mystery"), JsValue::UNDEFINED).unwrap();
    assert!(get_str(&unknown, "message").contains("mystery"));
    assert_eq!(code_lifetime_ms(), 900_000);
}

#[wasm_bindgen_test]
fn thrown_values_are_plain_objects() {
    let err = authorize_request(obj(&[("loginUrl", s("login.salesforce.com"))])).unwrap_err();
    assert!(err.is_object());
    assert!(err.dyn_ref::<js_sys::Error>().is_none());
    assert_eq!(get_str(&err, "code"), "missing_client_id");
}

#[wasm_bindgen_test]
fn validate_profile_names_the_field() {
    let ok = validate_profile_js(obj(&[
        ("name", s("Acme")),
        ("loginUrl", s("acme.lightning.force.com")),
        ("clientId", s("3MVG9x")),
        ("clientSecret", s("")),
        ("redirectUri", s("https://login.salesforce.com/")),
        ("scopes", s("api refresh_token")),
    ]))
    .unwrap();
    assert_eq!(get_str(&ok, "origin"), "https://acme.my.salesforce.com");
    let err = validate_profile_js(obj(&[
        ("name", s("Acme")),
        ("loginUrl", s("acme.my.salesforce.com")),
        ("clientId", s("")),
        ("redirectUri", s("https://login.salesforce.com/")),
    ]))
    .unwrap_err();
    assert_eq!(get_str(&err, "field"), "clientId");
    assert_eq!(get_str(&err, "code"), "missing_client_id");
}
