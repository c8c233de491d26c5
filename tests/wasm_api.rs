//! Exercises the exported JS API through `JsValue`, as the extension calls it.
//! Runs under node: `cargo test --target wasm32-unknown-unknown --test wasm_api`
//! with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner`.
//! `sendRequest` needs a network and is covered by the extension's e2e tests.
#![cfg(target_arch = "wasm32")]

mod js;
use js::{get, get_str, obj, s};

use js_sys::{Array, JSON};
use sftoken::wasm::api::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const REDIRECT: &str = "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/";

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
        (
            "grantType",
            s("urn:ietf:params:oauth:grant-type:saml2-bearer"),
        ),
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
    let r = parse_token_response_js(
        JsValue::from_f64(200.0),
        s(body),
        s("secret"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_json_compatible(&r);
    assert_eq!(get_str(&r, "accessToken"), "00Dxx!tok");
    assert_eq!(get_str(&r, "refreshToken"), "5Aep");
    assert_eq!(get_str(&r, "orgId"), "00Dxx");
    assert_eq!(get_str(&r, "userId"), "005xx");
    assert_eq!(get(&r, "issuedAt").as_f64(), Some(1_278_448_384_422.0));
    assert_eq!(get(&r, "signatureValid"), JsValue::TRUE);

    let public = parse_token_response_js(
        JsValue::from_f64(200.0),
        s(body),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert!(get(&public, "signatureValid").is_null());
    let wrong = parse_token_response_js(
        JsValue::from_f64(200.0),
        s(body),
        s("other"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(get(&wrong, "signatureValid"), JsValue::FALSE);

    let err = parse_token_response_js(
        JsValue::from_f64(400.0),
        s(r#"{"error":"invalid_grant","error_description":"expired authorization code"}"#),
        JsValue::UNDEFINED,
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
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!(get_str(&html, "code"), "server_error");
    assert_eq!(get(&html, "retrySameCode"), JsValue::TRUE);

    let bad_status =
        parse_token_response_js(s("200"), s("{}"), JsValue::NULL, JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get_str(&bad_status, "code"), "invalid_argument");
}

/// JSON read by the browser's `JSON.parse`, then serde: odd field types degrade to missing values, every shape of
/// Salesforce's answers is read, and a quoted body is redacted.
#[wasm_bindgen_test]
fn token_response_through_json_parse() {
    let parse = |status: f64, body: &str, secret: JsValue| {
        parse_token_response_js(
            JsValue::from_f64(status),
            s(body),
            secret,
            JsValue::UNDEFINED,
        )
    };
    let r = parse(
        200.0,
        r#"{"access_token":"t","issued_at":12,"id":5,"scope":["x"],"refresh_token":null,"extra":[[[{}]]]}"#,
        JsValue::NULL,
    )
    .unwrap();
    assert_eq!(get(&r, "issuedAt").as_f64(), Some(12.0));
    assert!(get(&r, "refreshToken").is_null() && get(&r, "scope").is_null());
    let r = parse(
        200.0,
        r#"{"access_token":"a","access_token":"b"}"#,
        JsValue::NULL,
    )
    .unwrap();
    assert_eq!(get_str(&r, "accessToken"), "b");
    let rest = parse(
        401.0,
        r#"[{"message":"Session expired","errorCode":"INVALID_SESSION_ID"}]"#,
        JsValue::NULL,
    )
    .unwrap_err();
    assert_eq!(get_str(&rest, "error"), "INVALID_SESSION_ID");
    let form = parse(
        400.0,
        "error=invalid_grant&error_description=expired%20authorization%20code",
        JsValue::NULL,
    )
    .unwrap_err();
    assert_eq!(get_str(&form, "code"), "authorization_code_expired");
    for (body, code) in [
        ("42", "unexpected_response"),
        ("[1]", "unexpected_response"),
        ("", "empty_response"),
    ] {
        assert_eq!(
            get_str(&parse(200.0, body, JsValue::NULL).unwrap_err(), "code"),
            code,
            "{body}"
        );
    }
    let echo = parse(
        400.0,
        "echo client_secret=hunter22&code=aPrx.x",
        s("hunter22"),
    )
    .unwrap_err();
    assert_eq!(get_str(&echo, "code"), "not_json");
    let message = get_str(&echo, "message");
    assert!(
        !message.contains("hunter22") && !message.contains("aPrx"),
        "{message}"
    );
}

#[wasm_bindgen_test]
fn explain_and_lifetime() {
    let e = explain_error(
        s("invalid_client_id"),
        s("client identifier invalid"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert!(get_str(&e, "hint").contains("10 minutes"));
    assert!(!get_str(&e, "message").is_empty());
    let unknown = explain_error(s("mystery"), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
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

const CLIENT: &str = "3MVG9client";

fn body_of(request: &JsValue) -> String {
    assert_json_compatible(request);
    assert_eq!(get_str(request, "method"), "POST");
    let headers = get(request, "headers");
    assert_eq!(
        get_str(&headers, "Content-Type"),
        "application/x-www-form-urlencoded"
    );
    get_str(request, "body")
}

#[wasm_bindgen_test]
fn token_request_for_every_grant() {
    let refresh = token_request(obj(&[
        ("grantType", s("refresh_token")),
        ("loginUrl", s("login.salesforce.com")),
        ("clientId", s(CLIENT)),
        ("clientSecret", JsValue::NULL),
        ("refreshToken", s("5Aep861==")),
    ]))
    .unwrap();
    assert_eq!(
        get_str(&refresh, "url"),
        "https://login.salesforce.com/services/oauth2/token"
    );
    assert_eq!(
        body_of(&refresh),
        "grant_type=refresh_token&refresh_token=5Aep861%3D%3D&client_id=3MVG9client"
    );

    let password = token_request(obj(&[
        ("grantType", s("password")),
        ("loginUrl", s("acme.my.salesforce.com")),
        ("clientId", s(CLIENT)),
        ("clientSecret", s("sec")),
        ("username", s("admin@acme.example")),
        ("password", s("pw")),
        ("securityToken", s("TOKEN")),
    ]))
    .unwrap();
    assert_eq!(
        body_of(&password),
        "grant_type=password&client_id=3MVG9client&client_secret=sec\
         &username=admin%40acme.example&password=pwTOKEN"
    );
    let no_secret = token_request(obj(&[
        ("grantType", s("password")),
        ("loginUrl", s("acme.my.salesforce.com")),
        ("clientId", s(CLIENT)),
        ("username", s("admin@acme.example")),
        ("password", s("pw")),
    ]))
    .unwrap_err();
    assert_eq!(get_str(&no_secret, "code"), "missing_client_secret");
    assert_eq!(get_str(&no_secret, "field"), "clientSecret");

    let cc = token_request(obj(&[
        ("grantType", s("client_credentials")),
        ("loginUrl", s("acme.my.salesforce.com")),
        ("clientId", s(CLIENT)),
        ("clientSecret", s("sec")),
    ]))
    .unwrap();
    assert_eq!(
        body_of(&cc),
        "grant_type=client_credentials&client_id=3MVG9client&client_secret=sec"
    );
    let generic = token_request(obj(&[
        ("grantType", s("client_credentials")),
        ("loginUrl", s("https://login.salesforce.com")),
        ("clientId", s(CLIENT)),
        ("clientSecret", s("sec")),
    ]))
    .unwrap_err();
    assert_json_compatible(&generic);
    assert_eq!(
        get_str(&generic, "code"),
        "client_credentials_needs_my_domain"
    );
    assert_eq!(get_str(&generic, "field"), "loginUrl");
    assert!(get_str(&generic, "message").contains("request not supported on this domain"));
    assert!(get_str(&generic, "hint").contains(".my.salesforce.com"));

    let jwt = token_request(obj(&[
        (
            "grantType",
            s("urn:ietf:params:oauth:grant-type:jwt-bearer"),
        ),
        ("loginUrl", s("test.salesforce.com")),
        ("assertion", s("eyJh.eyJi.c2ln")),
    ]))
    .unwrap();
    assert_eq!(
        body_of(&jwt),
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJh.eyJi.c2ln"
    );

    let device = token_request(obj(&[
        ("grantType", s("device")),
        ("loginUrl", s("login.salesforce.com")),
        ("clientId", s(CLIENT)),
        ("clientSecret", s("")),
        ("deviceCode", s("M2Q1.dev")),
    ]))
    .unwrap();
    assert_eq!(
        body_of(&device),
        "grant_type=device&client_id=3MVG9client&code=M2Q1.dev"
    );

    let bad_host = token_request(obj(&[
        ("grantType", s("device")),
        ("loginUrl", s("http://login.salesforce.com")),
    ]))
    .unwrap_err();
    assert_eq!(get_str(&bad_host, "field"), "loginUrl");
}

#[wasm_bindgen_test]
fn device_flow_requests_and_answers() {
    let request = device_code_request(obj(&[
        ("loginUrl", s("acme.my.salesforce.com")),
        ("clientId", s(CLIENT)),
        ("scopes", s("api refresh_token")),
    ]))
    .unwrap();
    assert_eq!(
        get_str(&request, "url"),
        "https://acme.my.salesforce.com/services/oauth2/token"
    );
    assert_eq!(
        body_of(&request),
        "response_type=device_code&client_id=3MVG9client&scope=api%20refresh_token"
    );

    let started = parse_device_code_response_js(
        JsValue::from_f64(200.0),
        s(r#"{"device_code":"M2Q1.dev","user_code":"ABCD1234","verification_uri":"https://acme.my.salesforce.com/setup/connect","interval":5}"#),
    )
    .unwrap();
    assert_json_compatible(&started);
    assert_eq!(get_str(&started, "deviceCode"), "M2Q1.dev");
    assert_eq!(get_str(&started, "userCode"), "ABCD1234");
    assert_eq!(
        get_str(&started, "verificationUri"),
        "https://acme.my.salesforce.com/setup/connect"
    );
    assert_eq!(get(&started, "intervalMs").as_f64(), Some(5000.0));
    let not_enabled = parse_device_code_response_js(
        JsValue::from_f64(400.0),
        s(r#"{"error":"unsupported_grant_type","error_description":"grant type not supported"}"#),
    )
    .unwrap_err();
    assert_eq!(get_str(&not_enabled, "code"), "device_flow_not_enabled");
    assert!(get_str(&not_enabled, "hint").contains("Enable for Device Flow"));

    let pending = parse_device_poll_js(
        JsValue::from_f64(400.0),
        s(r#"{"error":"authorization_pending","error_description":"authorization pending"}"#),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_json_compatible(&pending);
    assert_eq!(get_str(&pending, "kind"), "pending");
    let slow = |current: JsValue| {
        parse_device_poll_js(
            JsValue::from_f64(400.0),
            s(r#"{"error":"slow_down","error_description":"polling too frequently"}"#),
            JsValue::NULL,
            current,
        )
        .unwrap()
    };
    assert_eq!(get_str(&slow(JsValue::UNDEFINED), "kind"), "slow_down");
    assert_eq!(
        get(&slow(JsValue::UNDEFINED), "intervalMs").as_f64(),
        Some(10_000.0)
    );
    assert_eq!(
        get(&slow(JsValue::from_f64(10_000.0)), "intervalMs").as_f64(),
        Some(15_000.0)
    );

    let body = r#"{"access_token":"00Dxx!tok","refresh_token":"5Aep","instance_url":"https://acme.my.salesforce.com",
        "id":"https://login.salesforce.com/id/00Dxx/005xx","token_type":"Bearer","issued_at":"1278448384422",
        "scope":"api refresh_token","signature":"K7iV+SozELJWMu4JPu6wHqtu4R3wbdZ9mNz2Z26G/wQ="}"#;
    let done = parse_device_poll_js(
        JsValue::from_f64(200.0),
        s(body),
        s("secret"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_json_compatible(&done);
    assert_eq!(get_str(&done, "kind"), "token");
    let same = parse_token_response_js(
        JsValue::from_f64(200.0),
        s(body),
        s("secret"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(
        JSON::stringify(&get(&done, "token")).unwrap().as_string(),
        JSON::stringify(&same).unwrap().as_string()
    );

    let expired = parse_device_poll_js(
        JsValue::from_f64(400.0),
        s(r#"{"error":"invalid_grant","error_description":"expired authorization code"}"#),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!(get_str(&expired, "code"), "device_code_expired");
    let denied = parse_device_poll_js(
        JsValue::from_f64(400.0),
        s(r#"{"error":"access_denied","error_description":"end-user denied authorization"}"#),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!(get_str(&denied, "code"), "access_denied");
    assert!(get_str(&denied, "message").contains("Deny"));
    let bad_interval =
        parse_device_poll_js(JsValue::from_f64(400.0), s("{}"), JsValue::NULL, s("soon"))
            .unwrap_err();
    assert_eq!(get_str(&bad_interval, "code"), "invalid_argument");
}

#[wasm_bindgen_test]
fn merge_refreshed_token_keeps_or_rotates() {
    let previous = obj(&[
        ("accessToken", s("old-access")),
        ("refreshToken", s("old-refresh")),
        ("profileId", s("p1")),
        ("receivedAt", JsValue::from_f64(1.0)),
    ]);
    let next = obj(&[
        ("accessToken", s("new-access")),
        ("refreshToken", JsValue::NULL),
        ("scope", s("api")),
    ]);
    let kept = merge_refreshed_token(previous.clone(), next.clone()).unwrap();
    assert_json_compatible(&kept);
    assert_eq!(get_str(&kept, "accessToken"), "new-access");
    assert_eq!(get_str(&kept, "refreshToken"), "old-refresh");
    assert_eq!(get_str(&kept, "scope"), "api");
    assert_eq!(get(&kept, "refreshTokenRotated"), JsValue::FALSE);
    assert_eq!(get_str(&kept, "profileId"), "p1");
    assert!(get(&kept, "receivedAt").is_undefined());
    // `next` itself is left alone.
    assert!(get(&next, "refreshToken").is_null());

    let rotated_next = obj(&[
        ("accessToken", s("new-access")),
        ("refreshToken", s("new-refresh")),
    ]);
    let rotated = merge_refreshed_token(previous, rotated_next).unwrap();
    assert_eq!(get_str(&rotated, "refreshToken"), "new-refresh");
    assert_eq!(get(&rotated, "refreshTokenRotated"), JsValue::TRUE);

    let bare = merge_refreshed_token(obj(&[]), obj(&[("accessToken", s("a"))])).unwrap();
    assert!(get(&bare, "refreshToken").is_null());
    assert!(get(&bare, "profileId").is_undefined());
    let err = merge_refreshed_token(JsValue::NULL, obj(&[])).unwrap_err();
    assert_eq!(get_str(&err, "code"), "invalid_argument");
}

#[wasm_bindgen_test]
fn flow_info_notes() {
    for (flow, needle) in [
        ("web_server", "Callback URL"),
        ("password", "Summer '23"),
        ("client_credentials", "My Domain"),
        ("jwt_bearer", "certificate"),
        ("device", "Device Flow"),
    ] {
        let info = flow_info(s(flow));
        assert_json_compatible(&info);
        assert!(get_str(&info, "note").contains(needle), "{flow}");
    }
    assert_eq!(get_str(&flow_info(s("implicit")), "note"), "");
    // No flow means the web-server login, as in validateProfile.
    assert!(get_str(&flow_info(JsValue::UNDEFINED), "note").contains("Callback URL"));
}

#[wasm_bindgen_test]
fn validate_profile_per_flow() {
    let base = |flow: &str, extra: &[(&str, JsValue)]| {
        let mut pairs = vec![
            ("flow", s(flow)),
            ("name", s("Acme")),
            ("loginUrl", s("acme.my.salesforce.com")),
            ("clientId", s("3MVG9x")),
            ("redirectUri", s("")),
            ("password", s("ignored")),
        ];
        pairs.extend(extra.iter().cloned());
        validate_profile_js(obj(&pairs))
    };
    let field_of = |result: Result<JsValue, JsValue>| {
        let err = result.unwrap_err();
        (get_str(&err, "field"), get_str(&err, "code"))
    };
    assert_eq!(
        field_of(base("password", &[("username", s("admin@acme.example"))])),
        (
            "clientSecret".to_owned(),
            "missing_client_secret".to_owned()
        )
    );
    let ok = base(
        "password",
        &[
            ("username", s("admin@acme.example")),
            ("clientSecret", s("sec")),
        ],
    )
    .unwrap();
    let permissions = Array::from(&get(&ok, "hostPermissions"));
    assert_eq!(permissions.length(), 1);
    assert_eq!(
        permissions.get(0).as_string().unwrap(),
        "https://acme.my.salesforce.com/*"
    );
    assert_eq!(
        field_of(base(
            "client_credentials",
            &[
                ("loginUrl", s("login.salesforce.com")),
                ("clientSecret", s("sec"))
            ]
        )),
        (
            "loginUrl".to_owned(),
            "client_credentials_needs_my_domain".to_owned()
        )
    );
    assert_eq!(
        field_of(base(
            "jwt_bearer",
            &[("username", s("a@b.c")), ("privateKeyPem", s("junk"))]
        )),
        (
            "privateKeyPem".to_owned(),
            "invalid_private_key_pem".to_owned()
        )
    );
    assert!(base(
        "jwt_bearer",
        &[
            ("username", s("a@b.c")),
            (
                "privateKeyPem",
                s("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n")
            )
        ]
    )
    .is_ok());
    assert!(base("device", &[("scopes", s("api"))]).is_ok());
    assert_eq!(
        field_of(base("saml", &[])),
        ("flow".to_owned(), "unknown_flow".to_owned())
    );
}

#[wasm_bindgen_test]
fn token_errors_explained_for_the_request() {
    // Form-encoded errors are Salesforce's too.
    let err = parse_token_response_js(
        JsValue::from_f64(400.0),
        s("error=invalid_grant&error_description=token%20request%20is%20already%20being%20processed"),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_json_compatible(&err);
    assert_eq!(get_str(&err, "code"), "token_request_in_progress");
    assert_eq!(get(&err, "retrySameCode"), JsValue::TRUE);

    let invalid_client =
        r#"{"error":"invalid_client","error_description":"invalid client credentials"}"#;
    let err = parse_token_response_js(
        JsValue::from_f64(400.0),
        s(invalid_client),
        JsValue::NULL,
        obj(&[("grantType", s("refresh_token"))]),
    )
    .unwrap_err();
    assert_eq!(get_str(&err, "code"), "invalid_client");
    assert!(get_str(&err, "hint").contains("Require Secret for Refresh Token Flow"));

    let err = parse_token_response_js(
        JsValue::from_f64(400.0),
        s(r#"{"error":"invalid_grant","error_description":"audience is invalid"}"#),
        JsValue::NULL,
        obj(&[
            (
                "grantType",
                s("urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ),
            ("loginUrl", s("acme--uat.sandbox.my.salesforce.com")),
        ]),
    )
    .unwrap_err();
    assert_eq!(get_str(&err, "code"), "invalid_audience");
    assert!(get_str(&err, "hint").contains("try https://login.salesforce.com"));

    let bad = parse_token_response_js(
        JsValue::from_f64(400.0),
        s(invalid_client),
        JsValue::NULL,
        obj(&[("grantType", s("nonsense"))]),
    )
    .unwrap_err();
    assert_eq!(get_str(&bad, "code"), "unknown_grant_type");

    let e = explain_error(
        s("invalid_client"),
        s("invalid client credentials"),
        s("refresh_token"),
    )
    .unwrap();
    assert!(get_str(&e, "message").contains("Require Secret for Refresh Token Flow"));
    let e = explain_error(s("unknown_error"), s("retry your request"), JsValue::NULL).unwrap();
    assert_eq!(get_str(&e, "code"), "salesforce_transient_error");
    assert_eq!(get(&e, "retrySameCode"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn remote_access_error_page() {
    let page = parse_remote_access_error_page_js(s(
        "https://acme.my.site.com/partners/setup/secur/RemoteAccessErrorPage.apexp?error=invalid_scope&error_description=the+requested+scope+is+not+allowed",
    ))
    .unwrap();
    assert_json_compatible(&page);
    assert_eq!(get_str(&page, "kind"), "error");
    assert_eq!(get_str(&page, "error"), "invalid_scope");
    assert_eq!(
        get_str(&page, "errorDescription"),
        "the requested scope is not allowed"
    );
    assert!(get(&page, "state").is_null());
    assert_eq!(get_str(&page, "reason"), "invalid_scope");
    assert!(get_str(&page, "hint").contains("Scopes"));
    let blocked = parse_remote_access_error_page_js(s(
        "https://login.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp?error=OAUTH_APP_BLOCKED",
    ))
    .unwrap();
    assert_eq!(get_str(&blocked, "reason"), "oauth_app_blocked");
    let other =
        parse_remote_access_error_page_js(s("https://acme.my.salesforce.com/?error=x")).unwrap();
    assert_eq!(get_str(&other, "kind"), "unrelated");
    let not_string = parse_remote_access_error_page_js(JsValue::from_f64(1.0)).unwrap_err();
    assert_eq!(get_str(&not_string, "code"), "invalid_argument");
}

#[wasm_bindgen_test]
fn visualforce_and_legacy_hosts() {
    let host =
        normalize_login_url_js(s("acme--uat--c.sandbox.vf.force.com"), JsValue::UNDEFINED).unwrap();
    assert_eq!(
        get_str(&host, "host"),
        "acme--uat.sandbox.my.salesforce.com"
    );
    assert_eq!(get_str(&host, "environment"), "sandbox");
    let sandbox = normalize_login_url_js(s("cs91.salesforce.com"), JsValue::UNDEFINED).unwrap();
    assert_eq!(get_str(&sandbox, "environment"), "sandbox");
    let site =
        normalize_login_url_js(s("acme.force.com/partners"), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get_str(&site, "code"), "legacy_site_url");
    assert!(get_str(&site, "hint").contains("acme.my.site.com/partners"));
}

#[wasm_bindgen_test]
fn token_request_commands_for_curl_and_powershell() {
    let commands = token_request_commands(obj(&[
        ("loginUrl", s("acme.my.salesforce.com")),
        ("clientId", s("3MVG9client")),
        ("clientSecret", JsValue::NULL),
        ("redirectUri", s("http://localhost:8080/")),
        ("code", s("aPrx'code==")),
        ("codeVerifier", s("v".repeat(43).as_str())),
    ]))
    .unwrap();
    assert_json_compatible(&commands);
    let curl = get_str(&commands, "curl");
    assert!(
        curl.starts_with("curl -sS -X POST 'https://acme.my.salesforce.com/services/oauth2/token'")
    );
    assert!(curl.contains("code=aPrx%27code%3D%3D"));
    assert!(curl.contains(&format!("code_verifier={}", "v".repeat(43))));
    let powershell = get_str(&commands, "powershell");
    assert!(powershell.starts_with("Invoke-RestMethod -Method Post -Uri "));
    assert!(get_str(&commands, "note").contains("15 minutes"));
    // A field to fix is named, as for every export.
    let error = token_request_commands(obj(&[
        ("loginUrl", s("example.com")),
        ("clientId", s("3MVG9client")),
        ("redirectUri", s("http://localhost:8080/")),
        ("code", s("c")),
    ]))
    .unwrap_err();
    assert_eq!(get_str(&error, "field"), "loginUrl");
}

// ---------------------------------------------------------------- try a request, check setup
// The answers need a network (the e2e request scenarios); everything decided before a request leaves is here.

fn token_obj(instance: &str) -> JsValue {
    obj(&[
        ("accessToken", s("00D5g000000FAKEEAA!AQ.fake'token")),
        ("instanceUrl", s(instance)),
    ])
}

fn try_input(path: &str, method: &str, body: Option<&str>, format: &str) -> JsValue {
    obj(&[
        ("token", token_obj("https://acme.my.salesforce.com")),
        ("method", s(method)),
        ("path", s(path)),
        ("body", body.map_or(JsValue::NULL, s)),
        ("format", s(format)),
    ])
}

#[wasm_bindgen_test]
fn request_as_curl_quotes_the_token_and_the_body() {
    let curl = request_as_curl(try_input(
        "/services/data/v65.0/sobjects/Account/",
        "POST",
        Some("{\"Name\": \"O'Brien!\"}"),
        "json",
    ))
    .unwrap();
    assert_json_compatible(&curl);
    assert_eq!(
        get_str(&curl, "command"),
        "curl -X POST 'https://acme.my.salesforce.com/services/data/v65.0/sobjects/Account/' \\\n  \
         -H 'Accept: application/json' \\\n  -H 'Content-Type: application/json' \\\n  \
         -H 'Authorization: Bearer 00D5g000000FAKEEAA!AQ.fake'\\''token' \\\n  \
         --data-raw '{\"Name\": \"O'\\''Brien!\"}'"
    );
    let xml = request_as_curl(try_input("/services/data/", "GET", None, "xml")).unwrap();
    assert!(get_str(&xml, "command").contains("-H 'Accept: application/xml'"));
}

#[wasm_bindgen_test]
fn request_as_curl_refuses_other_hosts_and_bad_bodies() {
    for (path, method, body, code) in [
        (
            "https://evil.example/services/data/",
            "GET",
            None,
            "other_host",
        ),
        ("//evil.example/x", "GET", None, "invalid_path"),
        ("/x", "GET", Some("{}"), "body_not_allowed"),
        ("/x", "POST", Some("{\"Name\":"), "invalid_json_body"),
        ("/x", "PUT", None, "unsupported_method"),
    ] {
        let err = request_as_curl(try_input(path, method, body, "json")).unwrap_err();
        assert_eq!(get_str(&err, "code"), code, "{path}");
        assert!(!get_str(&err, "hint").is_empty());
    }
    let missing = request_as_curl(obj(&[("path", s("/x"))])).unwrap_err();
    assert_eq!(get_str(&missing, "code"), "invalid_argument");
}

#[wasm_bindgen_test]
async fn try_request_refuses_before_sending() {
    use sftoken::wasm::actions::{check_setup, try_request};
    let err = try_request(try_input("https://evil.example/x", "GET", None, "json"))
        .await
        .unwrap_err();
    assert_eq!(get_str(&err, "code"), "other_host");
    let bad_instance = obj(&[
        ("token", token_obj("https://evil.example")),
        ("path", s("/services/data/")),
    ]);
    let err = try_request(bad_instance).await.unwrap_err();
    assert_eq!(get_str(&err, "code"), "invalid_instance_url");

    // Check setup: a profile that cannot make a request names its field, before anything is sent.
    let err = check_setup(obj(&[
        ("flow", s("web_server")),
        ("loginUrl", s("login.salesforce.com")),
        ("clientId", s("")),
        ("redirectUri", s("https://login.salesforce.com/")),
    ]))
    .await
    .unwrap_err();
    assert_eq!(get_str(&err, "field"), "clientId");
    let err = check_setup(obj(&[
        ("flow", s("web_server")),
        ("loginUrl", s("http://login.salesforce.com")),
        ("clientId", s("3MVG9FAKE")),
    ]))
    .await
    .unwrap_err();
    assert_eq!(get_str(&err, "field"), "loginUrl");
    let err = check_setup(obj(&[
        ("flow", s("saml")),
        ("loginUrl", s("login.salesforce.com")),
    ]))
    .await
    .unwrap_err();
    assert_eq!(get_str(&err, "field"), "flow");
}

// ---------------------------------------------------------------- exports, paste, import

const SESSION_ID: &str = "00D5g000000FAKE!AQ4AQFake.token_value";

fn stored_token(refresh: Option<&str>) -> JsValue {
    obj(&[
        ("accessToken", s(SESSION_ID)),
        ("refreshToken", refresh.map(s).unwrap_or(JsValue::NULL)),
        ("instanceUrl", s("https://acme.my.salesforce.com")),
        ("orgId", s("00D5g000000FAKEEAA")),
        ("userId", s("0055g000000FAKEAAA")),
        // What a stored token carries besides (lib/owner.js): ignored by the export.
        ("profileId", s("p1")),
        ("receivedAt", JsValue::from_f64(1.0)),
    ])
}

fn export_profile() -> JsValue {
    obj(&[
        ("name", s("acme-dev")),
        ("loginUrl", s("login.salesforce.com")),
        ("clientId", s("3MVG9FAKE.client")),
        ("clientSecret", JsValue::NULL),
    ])
}

#[wasm_bindgen_test]
fn export_token_every_format() {
    for format in [
        "header",
        "curl",
        "httpie",
        "dotenv",
        "sf-cli",
        "sfdx-auth-url",
        "postman-environment",
    ] {
        let out = export_token_js(obj(&[
            ("format", s(format)),
            ("token", stored_token(Some("5Aep861Fake.Refresh=="))),
            ("profile", export_profile()),
            ("apiVersion", s("66.0")),
        ]))
        .unwrap_or_else(|e| panic!("{format}: {}", get_str(&e, "message")));
        assert_json_compatible(&out);
        assert_eq!(get_str(&out, "format"), format);
        assert!(get_str(&out, "text").contains(SESSION_ID) || format == "sfdx-auth-url");
        assert!(!get_str(&out, "note").is_empty());
        let filename = get(&out, "filename");
        match format {
            "dotenv" => assert_eq!(filename.as_string().as_deref(), Some(".env")),
            "postman-environment" => {
                assert!(filename
                    .as_string()
                    .unwrap()
                    .ends_with(".postman_environment.json"));
                let parsed = JSON::parse(&get_str(&out, "text")).unwrap();
                assert_eq!(get(&parsed, "_postman_variable_scope"), s("environment"));
            }
            _ => {}
        }
    }
    let header = export_token_js(obj(&[
        ("format", s("header")),
        ("token", stored_token(None)),
    ]))
    .unwrap();
    assert_eq!(
        get_str(&header, "text"),
        format!("Authorization: Bearer {SESSION_ID}")
    );
    let url = export_token_js(obj(&[
        ("format", s("sfdx-auth-url")),
        ("token", stored_token(Some("5Aep861Fake.Refresh=="))),
        ("profile", export_profile()),
    ]))
    .unwrap();
    assert_eq!(
        get_str(&url, "text"),
        "force://3MVG9FAKE.client::5Aep861Fake.Refresh==@acme.my.salesforce.com"
    );
}

#[wasm_bindgen_test]
fn export_token_says_what_is_missing() {
    let err = export_token_js(obj(&[
        ("format", s("sfdx-auth-url")),
        ("token", stored_token(None)),
        ("profile", export_profile()),
    ]))
    .unwrap_err();
    assert_eq!(get_str(&err, "code"), "missing_refresh_token");
    assert!(get_str(&err, "hint").contains("refresh_token"));
    let unknown =
        export_token_js(obj(&[("format", s("yaml")), ("token", stored_token(None))])).unwrap_err();
    assert_eq!(get_str(&unknown, "code"), "unknown_export_format");
    let not_object = export_token_js(s("curl")).unwrap_err();
    assert_eq!(get_str(&not_object, "code"), "invalid_argument");
}

#[wasm_bindgen_test]
fn classify_paste_every_kind() {
    let cases = [
        (
            "https://acme.lightning.force.com/lightning/page/home",
            "login_url",
        ),
        (
            "https://login.salesforce.com/?code=aPrx%3D%3D&state=abc",
            "callback",
        ),
        (
            "force://PlatformCLI::5Aep861Fake==@acme.my.salesforce.com",
            "sfdx_auth_url",
        ),
        (
            r#"{"access_token":"00D5g000000FAKE!AQ.x","instance_url":"https://acme.my.salesforce.com"}"#,
            "token_response",
        ),
        (SESSION_ID, "access_token"),
        ("hello", "unknown"),
    ];
    for (text, kind) in cases {
        let out = classify_paste_js(s(text)).unwrap();
        assert_json_compatible(&out);
        assert_eq!(get_str(&out, "kind"), kind, "{text}");
    }
    let login =
        classify_paste_js(s("https://acme.lightning.force.com/lightning/page/home")).unwrap();
    assert_eq!(get_str(&login, "host"), "acme.my.salesforce.com");
    assert_eq!(get_str(&login, "environment"), "production");
    let sfdx = classify_paste_js(s(
        "force://PlatformCLI::5Aep861Fake==@acme.my.salesforce.com",
    ))
    .unwrap();
    assert_eq!(get_str(&sfdx, "clientId"), "PlatformCLI");
    assert_eq!(get_str(&sfdx, "clientSecret"), "");
    assert_eq!(get_str(&sfdx, "refreshToken"), "5Aep861Fake==");
    assert_eq!(
        get_str(&sfdx, "instanceUrl"),
        "https://acme.my.salesforce.com"
    );
    let answer = classify_paste_js(s(cases[3].0)).unwrap();
    assert_eq!(
        get_str(&get(&answer, "token"), "accessToken"),
        "00D5g000000FAKE!AQ.x"
    );
    let session = classify_paste_js(s(SESSION_ID)).unwrap();
    assert_eq!(get_str(&session, "orgId"), "00D5g000000FAKE");
    let unknown = classify_paste_js(s("hello")).unwrap();
    assert!(!get_str(&unknown, "message").is_empty());
    assert!(!get_str(&unknown, "hint").is_empty());
}

#[wasm_bindgen_test]
fn import_token_checks_and_names_the_field() {
    let imported = import_token_js(obj(&[
        ("accessToken", s(SESSION_ID)),
        ("instanceUrl", s("acme.my.salesforce.com")),
    ]))
    .unwrap();
    assert_json_compatible(&imported);
    let token = get(&imported, "token");
    assert_eq!(get_str(&token, "accessToken"), SESSION_ID);
    assert_eq!(
        get_str(&token, "instanceUrl"),
        "https://acme.my.salesforce.com"
    );
    assert_eq!(get_str(&token, "orgId"), "00D5g000000FAKE");
    assert_eq!(
        get_str(&imported, "loginUrl"),
        "https://acme.my.salesforce.com"
    );
    let err = import_token_js(obj(&[
        ("refreshToken", s("5Aep861Fake==")),
        ("instanceUrl", s("https://acme.my.salesforce.com")),
    ]))
    .unwrap_err();
    assert_eq!(get_str(&err, "field"), "clientId");
    let elsewhere = import_token_js(obj(&[
        ("accessToken", s(SESSION_ID)),
        ("instanceUrl", s("https://evil.example")),
    ]))
    .unwrap_err();
    assert_eq!(get_str(&elsewhere, "field"), "instanceUrl");
}

// ---------------------------------------------------------------- profiles at scale, and shared (issue 12)

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

#[wasm_bindgen_test]
fn profile_list_marks_environments_and_token_states_and_search_filters() {
    let rows = profile_list(
        json(
            r#"[
          {"id": "p", "name": "Acme prod", "loginUrl": "login.salesforce.com", "allowCustomDomain": false, "clientSecret": "ignored", "extra": [1],
           "hasToken": true, "tokenIssuedAt": 1767218400000, "hasRefreshToken": true, "instanceUrl": "https://acme.my.salesforce.com"},
          {"id": "u", "name": "Acme UAT", "loginUrl": "acme--uat.sandbox.my.salesforce.com", "allowCustomDomain": false, "hasToken": false},
          {"id": "d", "name": "Dev", "loginUrl": "login.salesforce.com", "allowCustomDomain": false,
           "hasToken": true, "tokenIssuedAt": 1767225000000, "hasRefreshToken": false, "instanceUrl": "https://me-dev-ed.develop.my.salesforce.com"}
        ]"#,
        ),
        JsValue::from_f64(1767225600000.0),
    )
    .unwrap();
    assert_json_compatible(&rows);
    let rows = Array::from(&rows);
    assert_eq!(rows.length(), 3);
    let prod = rows.get(0);
    assert_eq!(get_str(&prod, "id"), "p");
    assert_eq!(get_str(&prod, "environment"), "production");
    assert_eq!(get(&prod, "production"), JsValue::TRUE);
    assert_eq!(get_str(&get(&prod, "mark"), "label"), "PRODUCTION");
    assert_eq!(get_str(&get(&prod, "mark"), "symbol"), "▲");
    assert_eq!(
        get_str(&prod, "tokenLabel"),
        "Token 2 h old · refresh token"
    );
    let uat = rows.get(1);
    assert_eq!(get_str(&uat, "environment"), "sandbox");
    assert_eq!(get_str(&uat, "tokenKind"), "none");
    let dev = rows.get(2);
    assert_eq!(get_str(&dev, "environment"), "developer");
    assert_eq!(
        get_str(&dev, "tokenLabel"),
        "Token 10 min old · no refresh token"
    );

    let texts = Array::new();
    for row in rows.iter() {
        texts.push(&get(&row, "searchText"));
    }
    let found = search_profiles(s("acme sandbox"), texts.clone().into()).unwrap();
    let found: Vec<f64> = Array::from(&found)
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(found, [1.0]);
    let all = search_profiles(s(""), texts.into()).unwrap();
    assert_eq!(Array::from(&all).length(), 3);
}

#[wasm_bindgen_test]
fn export_then_plan_import_round_trip() {
    let stored = r#"[{"id": "id-1", "name": "Acme", "flow": "web_server", "loginUrl": "login.salesforce.com",
        "allowCustomDomain": false, "clientId": "3MVGacme", "clientSecret": "FAKE-secret", "redirectUri": "https://login.salesforce.com/",
        "scopes": "api refresh_token", "username": "", "privateKeyPem": "", "sessionOnly": false}]"#;
    let without = export_profiles(
        json(stored),
        JsValue::FALSE,
        JsValue::from_f64(1767225600000.0),
    )
    .unwrap();
    assert_json_compatible(&without);
    let document = get(&without, "document");
    assert_eq!(get_str(&document, "sftoken"), "profiles/1");
    assert_eq!(get(&document, "secrets"), JsValue::FALSE);
    let text = JSON::stringify(&document).unwrap().as_string().unwrap();
    assert!(!text.contains("FAKE-secret"), "{text}");
    assert!(get_str(&without, "summary").contains("without secrets"));
    assert_eq!(get_str(&without, "fileName"), "sftoken-profiles.json");

    let with = export_profiles(json(stored), JsValue::TRUE, JsValue::UNDEFINED).unwrap();
    let with_text = JSON::stringify(&get(&with, "document"))
        .unwrap()
        .as_string()
        .unwrap();
    assert!(with_text.contains("FAKE-secret"));
    assert!(get_str(&with, "summary").contains("WITH SECRETS"));

    // Imported back into the same store: nothing to do. Into an empty one: one to add, with its secret.
    let same = plan_profile_import(s(&text), json(stored)).unwrap();
    assert_json_compatible(&same);
    assert_eq!(Array::from(&get(&same, "unchanged")).length(), 1);
    assert_eq!(Array::from(&get(&same, "add")).length(), 0);
    let fresh = plan_profile_import(s(&with_text), Array::new().into()).unwrap();
    let added = Array::from(&get(&fresh, "add")).get(0);
    assert_eq!(get_str(&added, "clientSecret"), "FAKE-secret");
    assert_eq!(get(&fresh, "secrets"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn plan_import_refuses_damaged_foreign_and_newer_files() {
    for (text, code) in [
        (
            r#"{"sftoken": "profiles/1", "profiles": [{"#,
            "profiles_file_damaged",
        ),
        (r#"{"values": []}"#, "profiles_file_foreign"),
        (
            r#"{"sftoken": "profiles/2", "profiles": []}"#,
            "profiles_file_newer",
        ),
        (
            r#"{"sftoken": "profiles/1", "profiles": [{"loginUrl": "evil.example.com", "clientId": "x"}]}"#,
            "profiles_file_invalid",
        ),
    ] {
        let error = plan_profile_import(s(text), Array::new().into()).unwrap_err();
        assert_eq!(get_str(&error, "code"), code, "{text}");
        assert!(!get_str(&error, "hint").is_empty());
    }
}

#[wasm_bindgen_test]
fn duplicate_names_are_free() {
    let names: JsValue = Array::of2(&s("Acme"), &s("Acme (copy)")).into();
    assert_eq!(
        duplicate_profile_name(s("Acme"), names).unwrap(),
        "Acme (copy 2)"
    );
}
