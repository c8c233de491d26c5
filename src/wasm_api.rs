//! The JavaScript API of the wasm module: the only place that knows about
//! wasm-bindgen, js-sys, web-sys and gloo-net.
//!
//! Deliberately thin: read plain JS values, call the pure modules, turn the
//! result into plain JSON-compatible objects (they cross Chrome's JSON
//! message passing, so no `Map`, no `undefined`: absent values are `null`).
//! Failures are *thrown* as plain objects `{code, message, hint, error,
//! errorDescription, retrySameCode}` built from [`SfError`].
//!
//! Inputs are read field by field with `Reflect` instead of serde, which
//! gives precise messages ("clientId must be a string") and keeps serde's
//! float-formatting error paths out of the module.

use crate::{
    build_authorize_request, build_token_request, check_grant_type, explain, normalize_login_url,
    parse_callback, parse_error_page, parse_token_response, validate_profile, AuthorizationError,
    AuthorizeInput, CallbackOutcome, Environment, Grant, LoginHost, ProfileInput, Secret, SfError,
    TokenRequestInput, CODE_LIFETIME_MS,
};
use gloo_net::http::{Method, RequestBuilder};
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::RequestCredentials;

type JsResult = Result<JsValue, JsValue>;

// ---------------------------------------------------------------- output

/// Serializes to a plain, JSON-compatible JS value.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsResult {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| JsValue::from_str("sftoken: could not convert a result to JavaScript"))
}

/// The value thrown to JavaScript for an error.
fn throw(error: SfError) -> JsValue {
    match to_js(&error) {
        Ok(value) | Err(value) => value,
    }
}

fn bad_argument(message: String) -> JsValue {
    throw(SfError::new(
        "invalid_argument",
        message,
        "This is a bug in the extension's call into sftoken; please report it.",
    ))
}

// ---------------------------------------------------------------- input

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Reads `object[name]`; a non-object reads as "absent".
fn field(object: &JsValue, name: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn optional_string(value: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| bad_argument(format!("{name} must be a string.")))
}

fn string_or_empty(value: &JsValue, name: &str) -> Result<String, JsValue> {
    optional_string(value, name).map(Option::unwrap_or_default)
}

fn optional_bool(value: &JsValue, name: &str) -> Result<Option<bool>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    value
        .as_bool()
        .map(Some)
        .ok_or_else(|| bad_argument(format!("{name} must be true or false.")))
}

fn options_object(options: &JsValue, function: &str) -> Result<(), JsValue> {
    if options.is_object() {
        Ok(())
    } else {
        Err(bad_argument(format!(
            "{function} expects one options object."
        )))
    }
}

/// `scopes` may be a string ("api refresh_token") or an array of strings.
fn scope_list(value: &JsValue) -> Result<Vec<String>, JsValue> {
    if is_absent(value) {
        return Ok(Vec::new());
    }
    if let Some(text) = value.as_string() {
        return Ok(vec![text]);
    }
    if Array::is_array(value) {
        return Array::from(value)
            .iter()
            .map(|item| {
                item.as_string().ok_or_else(|| {
                    bad_argument("every entry of scopes must be a string.".to_owned())
                })
            })
            .collect();
    }
    Err(bad_argument(
        "scopes must be a string or an array of strings.".to_owned(),
    ))
}

fn login_host(options: &JsValue) -> Result<LoginHost, JsValue> {
    let login_url = string_or_empty(&field(options, "loginUrl"), "loginUrl")?;
    let allow_custom = optional_bool(&field(options, "allowCustomDomain"), "allowCustomDomain")?;
    normalize_login_url(&login_url, allow_custom.unwrap_or(false)).map_err(throw)
}

/// Fills `buf` from `crypto.getRandomValues`. `crypto` is read from the
/// global object, so this works in window pages, the service worker and node.
fn fill_random(buf: &mut [u8]) -> Result<(), SfError> {
    let unavailable = || {
        SfError::new(
            "no_randomness",
            "The browser's secure random number generator (crypto.getRandomValues) is not available.",
            "Use a current Chrome or Firefox; reload the extension.",
        )
    };
    let crypto =
        Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(|_| unavailable())?;
    if !crypto.is_object() {
        return Err(unavailable());
    }
    // `unchecked_into`: node's and the worker's Crypto objects are not
    // always `instanceof Crypto` of this realm, but share the method.
    let crypto: web_sys::Crypto = crypto.unchecked_into();
    // getRandomValues accepts at most 65536 bytes per call.
    for chunk in buf.chunks_mut(65536) {
        crypto
            .get_random_values_with_u8_array(chunk)
            .map_err(|_| unavailable())?;
    }
    Ok(())
}

// ---------------------------------------------------------------- exports

/// `normalizeLoginUrl(input, allowCustomDomain?)` →
/// `{origin, host, pathPrefix, environment, notes}`.
#[wasm_bindgen(js_name = normalizeLoginUrl)]
pub fn normalize_login_url_js(input: JsValue, allow_custom_domain: JsValue) -> JsResult {
    let input = string_or_empty(&input, "input")?;
    let allow = optional_bool(&allow_custom_domain, "allowCustomDomain")?.unwrap_or(false);
    let host = normalize_login_url(&input, allow).map_err(throw)?;
    to_js(&host)
}

/// `validateProfile({name, loginUrl, clientId, clientSecret, redirectUri,
/// scopes, allowCustomDomain})` → the normalized login host (as
/// `normalizeLoginUrl`) plus `hostPermissions`, the match patterns the
/// extension must hold for it; throws `{code, message, hint, field}`.
#[wasm_bindgen(js_name = validateProfile)]
pub fn validate_profile_js(profile: JsValue) -> JsResult {
    options_object(&profile, "validateProfile")?;
    let text = |name: &str| string_or_empty(&field(&profile, name), name);
    let name = text("name")?;
    let login_url = text("loginUrl")?;
    let client_id = text("clientId")?;
    let client_secret = text("clientSecret")?;
    let redirect_uri = text("redirectUri")?;
    let scopes = scope_list(&field(&profile, "scopes"))?;
    let allow_custom_domain =
        optional_bool(&field(&profile, "allowCustomDomain"), "allowCustomDomain")?.unwrap_or(false);
    let scope_refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let checked = validate_profile(&ProfileInput {
        name: &name,
        login_url: &login_url,
        allow_custom_domain,
        client_id: &client_id,
        client_secret: &client_secret,
        redirect_uri: &redirect_uri,
        scopes: &scope_refs,
    });
    match checked {
        Ok(checked) => to_js(&ProfileOut {
            origin: &checked.login.origin,
            host: &checked.login.host,
            path_prefix: &checked.login.path_prefix,
            environment: checked.login.environment,
            notes: &checked.login.notes,
            host_permissions: &checked.host_permissions,
        }),
        Err(e) => {
            let thrown = throw(*e.error);
            // Best effort: the error object is ours, so setting a key cannot fail in practice.
            let _ = Reflect::set(
                &thrown,
                &JsValue::from_str("field"),
                &JsValue::from_str(e.field),
            );
            Err(thrown)
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfileOut<'a> {
    origin: &'a str,
    host: &'a str,
    path_prefix: &'a str,
    environment: Environment,
    notes: &'a [Cow<'static, str>],
    host_permissions: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AuthorizeOut<'a> {
    url: &'a str,
    state: &'a str,
    code_verifier: Option<&'a str>,
}

/// `authorizeRequest({loginUrl, clientId, redirectUri, scopes, pkce, prompt,
/// loginHint, allowCustomDomain})` → `{url, state, codeVerifier}`.
#[wasm_bindgen(js_name = authorizeRequest)]
pub fn authorize_request(options: JsValue) -> JsResult {
    options_object(&options, "authorizeRequest")?;
    let login = login_host(&options)?;
    let client_id = string_or_empty(&field(&options, "clientId"), "clientId")?;
    let redirect_uri = string_or_empty(&field(&options, "redirectUri"), "redirectUri")?;
    let scopes = scope_list(&field(&options, "scopes"))?;
    let pkce = optional_bool(&field(&options, "pkce"), "pkce")?.unwrap_or(true);
    let prompt = optional_string(&field(&options, "prompt"), "prompt")?;
    let login_hint = optional_string(&field(&options, "loginHint"), "loginHint")?;

    let scope_refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let request = build_authorize_request(
        &AuthorizeInput {
            login: &login,
            client_id: &client_id,
            redirect_uri: &redirect_uri,
            scopes: &scope_refs,
            pkce,
            prompt: prompt.as_deref(),
            login_hint: login_hint.as_deref(),
        },
        &mut fill_random,
    )
    .map_err(throw)?;
    to_js(&AuthorizeOut {
        url: &request.url,
        state: &request.state,
        code_verifier: request.code_verifier.as_ref().map(Secret::expose),
    })
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum CallbackOut<'a> {
    Code {
        code: &'a str,
        state: &'a str,
    },
    #[serde(rename_all = "camelCase")]
    Error {
        error: &'a str,
        error_description: Option<&'a str>,
        state: Option<&'a str>,
        message: &'a str,
        hint: &'a str,
        /// Stable code of the explanation (e.g. `access_denied`).
        reason: &'a str,
    },
    Unrelated,
}

fn error_out(e: &AuthorizationError) -> CallbackOut<'_> {
    CallbackOut::Error {
        error: &e.error,
        error_description: e.error_description.as_deref(),
        state: e.state.as_deref(),
        message: &e.explanation.message,
        hint: e.explanation.hint,
        reason: e.explanation.code,
    }
}

/// `parseCallback(url, expectedState)` → `{kind:"code", code, state}` |
/// `{kind:"error", error, errorDescription, state, message, hint, reason}` |
/// `{kind:"unrelated"}`.
#[wasm_bindgen(js_name = parseCallback)]
pub fn parse_callback_js(url: JsValue, expected_state: JsValue) -> JsResult {
    let url = string_or_empty(&url, "url")?;
    let expected_state = string_or_empty(&expected_state, "expectedState")?;
    match parse_callback(&url, &expected_state).map_err(throw)? {
        CallbackOutcome::Code { code, state } => to_js(&CallbackOut::Code {
            code: code.expose(),
            state: &state,
        }),
        CallbackOutcome::Error(e) => to_js(&error_out(&e)),
        CallbackOutcome::Unrelated => to_js(&CallbackOut::Unrelated),
    }
}

/// `parseErrorPage(bodyText)` → `{kind:"error", error, errorDescription,
/// state:null, message, hint, reason}` | `{kind:"unrelated"}`.
#[wasm_bindgen(js_name = parseErrorPage)]
pub fn parse_error_page_js(body_text: JsValue) -> JsResult {
    let body_text = string_or_empty(&body_text, "bodyText")?;
    match parse_error_page(&body_text) {
        Some(e) => to_js(&error_out(&e)),
        None => to_js(&CallbackOut::Unrelated),
    }
}

#[derive(Serialize)]
struct HttpRequestOut<'a> {
    url: &'a str,
    method: &'a str,
    headers: BTreeMap<&'a str, &'a str>,
    body: &'a str,
}

/// `tokenRequest({grantType, loginUrl, clientId, clientSecret, redirectUri,
/// code, codeVerifier, allowCustomDomain})` → `{url, method, headers, body}`.
#[wasm_bindgen(js_name = tokenRequest)]
pub fn token_request(options: JsValue) -> JsResult {
    options_object(&options, "tokenRequest")?;
    let grant_type = optional_string(&field(&options, "grantType"), "grantType")?;
    check_grant_type(grant_type.as_deref().unwrap_or("authorization_code")).map_err(throw)?;
    let login = login_host(&options)?;
    let client_id = string_or_empty(&field(&options, "clientId"), "clientId")?;
    let client_secret =
        optional_string(&field(&options, "clientSecret"), "clientSecret")?.map(Secret::new);
    let redirect_uri = string_or_empty(&field(&options, "redirectUri"), "redirectUri")?;
    let code = Secret::new(string_or_empty(&field(&options, "code"), "code")?);
    let code_verifier =
        optional_string(&field(&options, "codeVerifier"), "codeVerifier")?.map(Secret::new);

    let request = build_token_request(&TokenRequestInput {
        login: &login,
        client_id: &client_id,
        client_secret: client_secret.as_ref(),
        grant: Grant::AuthorizationCode {
            code,
            redirect_uri,
            code_verifier,
        },
    })
    .map_err(throw)?;
    to_js(&HttpRequestOut {
        url: &request.url,
        method: request.method,
        headers: request.headers.iter().copied().collect(),
        body: request.body.expose(),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenOut<'a> {
    access_token: &'a str,
    refresh_token: Option<&'a str>,
    id_token: Option<&'a str>,
    instance_url: Option<&'a str>,
    id: Option<&'a str>,
    org_id: Option<&'a str>,
    user_id: Option<&'a str>,
    token_type: Option<&'a str>,
    issued_at: Option<u64>,
    scope: Option<&'a str>,
    signature_valid: Option<bool>,
    sfdc_community_url: Option<&'a str>,
}

/// `parseTokenResponse(status, bodyText, clientSecret)` → `{accessToken,
/// refreshToken, idToken, instanceUrl, id, orgId, userId, tokenType,
/// issuedAt, scope, signatureValid, sfdcCommunityUrl}`; throws an explained
/// error otherwise.
#[wasm_bindgen(js_name = parseTokenResponse)]
pub fn parse_token_response_js(
    status: JsValue,
    body_text: JsValue,
    client_secret: JsValue,
) -> JsResult {
    let status = status
        .as_f64()
        .filter(|s| s.fract() == 0.0 && (0.0..=65535.0).contains(s))
        .map(|s| s as u16)
        .ok_or_else(|| bad_argument("status must be an HTTP status number.".to_owned()))?;
    let body_text = string_or_empty(&body_text, "bodyText")?;
    let client_secret = optional_string(&client_secret, "clientSecret")?.map(Secret::new);
    let r = parse_token_response(status, &body_text, client_secret.as_ref()).map_err(throw)?;
    to_js(&TokenOut {
        access_token: r.access_token.expose(),
        refresh_token: r.refresh_token.as_ref().map(Secret::expose),
        id_token: r.id_token.as_ref().map(Secret::expose),
        instance_url: r.instance_url.as_deref(),
        id: r.id.as_deref(),
        org_id: r.org_id.as_deref(),
        user_id: r.user_id.as_deref(),
        token_type: r.token_type.as_deref(),
        issued_at: r.issued_at,
        scope: r.scope.as_deref(),
        signature_valid: r.signature_valid,
        sfdc_community_url: r.sfdc_community_url.as_deref(),
    })
}

/// `explainError(error, errorDescription)` → `{code, message, hint, retrySameCode}`.
#[wasm_bindgen(js_name = explainError)]
pub fn explain_error(error: JsValue, error_description: JsValue) -> JsResult {
    let error = string_or_empty(&error, "error")?;
    let description = optional_string(&error_description, "errorDescription")?;
    to_js(&explain(&error, description.as_deref()))
}

/// `codeLifetimeMs()` → 900000: how long a captured code may be retried.
#[wasm_bindgen(js_name = codeLifetimeMs)]
pub fn code_lifetime_ms() -> u32 {
    CODE_LIFETIME_MS
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResponseOut {
    status: u16,
    body_text: String,
}

fn network_error(url: &str, detail: Option<String>) -> JsValue {
    // Only scheme + host are quoted: enough to spot a wrong host.
    let origin: String = url.split('/').take(3).collect::<Vec<_>>().join("/");
    let message = match detail {
        Some(detail) => format!("Could not reach {origin}: {detail}"),
        None => format!("Could not reach {origin}."),
    };
    throw(
        SfError::new(
            "network_error",
            message,
            Cow::Borrowed(
                "Check the login host, that the extension has permission for that host, and your \
                 connection (VPN, proxy); then retry.",
            ),
        )
        .retryable(),
    )
}

/// `sendRequest({url, method, headers, body})` → `Promise<{status, bodyText}>`.
///
/// Uses the global `fetch` (window pages and the service worker alike) with
/// `credentials: "omit"`: no Salesforce session cookie may ride along with
/// the token request.
#[wasm_bindgen(js_name = sendRequest)]
pub async fn send_request(request: JsValue) -> JsResult {
    options_object(&request, "sendRequest")?;
    let url = string_or_empty(&field(&request, "url"), "url")?;
    if !url.starts_with("https://") {
        return Err(throw(SfError::new(
            "https_required",
            "sftoken only sends requests over https://.",
            "Use an https:// login URL.",
        )));
    }
    let method = match optional_string(&field(&request, "method"), "method")?.as_deref() {
        None | Some("POST") => Method::POST,
        Some("GET") => Method::GET,
        Some(_) => {
            return Err(bad_argument(
                "method must be \"POST\" or \"GET\".".to_owned(),
            ))
        }
    };
    let mut builder = RequestBuilder::new(&url)
        .method(method)
        .credentials(RequestCredentials::Omit);
    let headers = field(&request, "headers");
    if headers.is_object() {
        for entry in Object::entries(&Object::from(headers)).iter() {
            let pair = Array::from(&entry);
            match (pair.get(0).as_string(), pair.get(1).as_string()) {
                (Some(name), Some(value)) => builder = builder.header(&name, &value),
                _ => return Err(bad_argument("header values must be strings.".to_owned())),
            }
        }
    }
    let body = optional_string(&field(&request, "body"), "body")?;
    let built = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    };
    let prepared = built.map_err(|e| network_error(&url, Some(e.to_string())))?;
    let response = prepared
        .send()
        .await
        .map_err(|e| network_error(&url, Some(e.to_string())))?;
    let status = response.status();
    let body_text = response
        .text()
        .await
        .map_err(|e| network_error(&url, Some(e.to_string())))?;
    to_js(&ResponseOut { status, body_text })
}
