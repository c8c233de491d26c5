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
//!
//! Two wasm modules are built from this crate (build.sh): the core (feature `core-api`: the exports
//! below, what the popup needs at start and the background needs) and the lifecycle module (feature
//! `lifecycle-api`: `wasm_lifecycle.rs`, loaded only when a JWT or a token action is used), which reuses
//! only this file's helpers.
#![cfg_attr(not(feature = "core-api"), allow(dead_code, unused_imports))]

use crate::{
    build_authorize_request, build_device_code_request, build_token_request, check_grant_type,
    explain_in, flow_note, merge_refresh_token, normalize_login_url, parse_callback,
    parse_device_code_response, parse_device_poll, parse_error_page,
    parse_remote_access_error_page, parse_token_response_for, validate_profile, AuthorizationError,
    AuthorizeInput, CallbackOutcome, DevicePoll, ErrorContext, Explanation, FieldError, Grant,
    GrantType, HttpRequest, LoginHost, ProfileInput, Secret, SfError, TokenContext,
    TokenRequestInput, TokenResponse, CODE_LIFETIME_MS, DEFAULT_INTERVAL_MS,
};
use js_sys::{Array, Object, Reflect};
use std::borrow::Cow;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::RequestCredentials;

pub(crate) type JsResult = Result<JsValue, JsValue>;

/// talc instead of the default dlmalloc: about 2.5 KB (gzip) less wasm, and
/// faster. (The module is single-threaded: no `atomics`.)
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// ---------------------------------------------------------------- output
//
// Results are built directly as plain objects with `Reflect::set`, key by
// key in a fixed order, rather than through serde: one small non-generic
// setter instead of a serializer instantiated per output type. The shapes
// are exactly what `serde_wasm_bindgen::Serializer::json_compatible()` gave
// for the serde-derived structs (camelCase keys in declaration order, `null`
// for absent values, numbers for numbers), which the pure types' `Serialize`
// derives still document and test.

/// A plain JS object being filled in.
pub(crate) struct Obj(pub(crate) Object);

impl Obj {
    pub(crate) fn new() -> Self {
        Obj(Object::new())
    }

    /// `object[key] = value`. Setting a key on a fresh plain object cannot
    /// fail, so the `Result` is ignored.
    #[inline(never)]
    pub(crate) fn set(&self, key: &str, value: &JsValue) -> &Self {
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), value);
        self
    }

    #[inline(never)]
    pub(crate) fn str(&self, key: &str, value: &str) -> &Self {
        self.set(key, &JsValue::from_str(value))
    }

    /// A string, or `null` when absent.
    #[inline(never)]
    pub(crate) fn opt(&self, key: &str, value: Option<&str>) -> &Self {
        match value {
            Some(value) => self.str(key, value),
            None => self.set(key, &JsValue::NULL),
        }
    }

    pub(crate) fn bool(&self, key: &str, value: bool) -> &Self {
        self.set(key, &JsValue::from_bool(value))
    }

    /// An array of strings.
    #[inline(never)]
    pub(crate) fn strs(&self, key: &str, values: &mut dyn Iterator<Item = &str>) -> &Self {
        let array = Array::new();
        for value in values {
            array.push(&JsValue::from_str(value));
        }
        self.set(key, &array)
    }

    pub(crate) fn js(self) -> JsValue {
        self.0.into()
    }

    pub(crate) fn ok(self) -> JsResult {
        Ok(self.js())
    }
}

/// `{code, message, hint, error, errorDescription, retrySameCode}`.
#[inline(never)]
fn error_obj(error: SfError) -> Obj {
    let out = Obj::new();
    out.str("code", error.code)
        .str("message", &error.message)
        .str("hint", &error.hint)
        .opt("error", error.error.as_deref())
        .opt("errorDescription", error.error_description.as_deref())
        .bool("retrySameCode", error.retry_same_code);
    out
}

/// The value thrown to JavaScript for an error: `{code, message, hint,
/// error, errorDescription, retrySameCode}`.
pub(crate) fn throw(error: SfError) -> JsValue {
    error_obj(error).js()
}

/// As [`throw`], plus `field`: the input (form field) to fix.
#[inline(never)]
fn throw_field(e: FieldError) -> JsValue {
    let out = error_obj(*e.error);
    out.str("field", e.field);
    out.js()
}

#[inline(never)]
pub(crate) fn bad_argument(message: &[&str]) -> JsValue {
    throw(SfError::new(
        "invalid_argument",
        message.concat(),
        "This is a bug in the extension's call into sftoken; please report it.",
    ))
}

/// `{origin, host, pathPrefix, environment, notes}` followed by whatever
/// the caller adds.
fn login_host_out(login: &LoginHost) -> Obj {
    let out = Obj::new();
    out.str("origin", &login.origin)
        .str("host", &login.host)
        .str("pathPrefix", &login.path_prefix)
        .str("environment", login.environment.as_str())
        .strs("notes", &mut login.notes.iter().map(|note| &**note));
    out
}

// ---------------------------------------------------------------- input

pub(crate) fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Reads `object[name]`; a non-object reads as "absent".
#[inline(never)]
pub(crate) fn field(object: &JsValue, name: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

#[inline(never)]
pub(crate) fn optional_string(value: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    match value.as_string() {
        Some(text) => Ok(Some(text)),
        None => Err(bad_argument(&[name, " must be a string."])),
    }
}

#[inline(never)]
pub(crate) fn string_or_empty(value: &JsValue, name: &str) -> Result<String, JsValue> {
    optional_string(value, name).map(Option::unwrap_or_default)
}

/// `options[name]` as an optional string.
#[inline(never)]
pub(crate) fn optional_string_field(
    options: &JsValue,
    name: &str,
) -> Result<Option<String>, JsValue> {
    optional_string(&field(options, name), name)
}

/// `options[name]` as a string, `""` when absent.
#[inline(never)]
pub(crate) fn string_field(options: &JsValue, name: &str) -> Result<String, JsValue> {
    string_or_empty(&field(options, name), name)
}

#[inline(never)]
fn optional_bool(value: &JsValue, name: &str) -> Result<Option<bool>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    match value.as_bool() {
        Some(flag) => Ok(Some(flag)),
        None => Err(bad_argument(&[name, " must be true or false."])),
    }
}

/// `options[name]` as a boolean, `default` when absent.
#[inline(never)]
fn bool_field(options: &JsValue, name: &str, default: bool) -> Result<bool, JsValue> {
    optional_bool(&field(options, name), name).map(|flag| flag.unwrap_or(default))
}

#[inline(never)]
pub(crate) fn options_object(options: &JsValue, function: &str) -> Result<(), JsValue> {
    if options.is_object() {
        Ok(())
    } else {
        Err(bad_argument(&[function, " expects one options object."]))
    }
}

/// `scopes` may be a string ("api refresh_token") or an array of strings.
#[inline(never)]
fn scope_list(options: &JsValue) -> Result<Vec<String>, JsValue> {
    let value = field(options, "scopes");
    if is_absent(&value) {
        return Ok(Vec::new());
    }
    if let Some(text) = value.as_string() {
        return Ok(vec![text]);
    }
    if !Array::is_array(&value) {
        return Err(bad_argument(&[
            "scopes must be a string or an array of strings.",
        ]));
    }
    let mut scopes = Vec::new();
    for item in Array::from(&value).iter() {
        match item.as_string() {
            Some(scope) => scopes.push(scope),
            None => return Err(bad_argument(&["every entry of scopes must be a string."])),
        }
    }
    Ok(scopes)
}

/// `options.loginUrl` normalized; errors name the field `loginUrl`.
#[inline(never)]
pub(crate) fn login_host(options: &JsValue) -> Result<LoginHost, JsValue> {
    let login_url = string_field(options, "loginUrl")?;
    let allow_custom = bool_field(options, "allowCustomDomain", false)?;
    normalize_login_url(&login_url, allow_custom).map_err(|error| {
        throw_field(FieldError {
            field: "loginUrl",
            error: Box::new(error),
        })
    })
}

/// An HTTP status argument.
#[inline(never)]
pub(crate) fn status_arg(status: &JsValue) -> Result<u16, JsValue> {
    match status.as_f64() {
        Some(s) if s.fract() == 0.0 && (0.0..=65535.0).contains(&s) => Ok(s as u16),
        _ => Err(bad_argument(&["status must be an HTTP status number."])),
    }
}

/// Fills `buf` from `crypto.getRandomValues`. `crypto` is read from the
/// global object, so this works in window pages, the service worker and node.
pub(crate) fn fill_random(buf: &mut [u8]) -> Result<(), SfError> {
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
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = normalizeLoginUrl)]
pub fn normalize_login_url_js(input: JsValue, allow_custom_domain: JsValue) -> JsResult {
    let input = string_or_empty(&input, "input")?;
    let allow = optional_bool(&allow_custom_domain, "allowCustomDomain")?.unwrap_or(false);
    let host = normalize_login_url(&input, allow).map_err(throw)?;
    login_host_out(&host).ok()
}

/// `validateProfile({flow, name, loginUrl, clientId, clientSecret,
/// redirectUri, scopes, username, privateKeyPem, allowCustomDomain})` → the
/// normalized login host (as `normalizeLoginUrl`) plus `hostPermissions`,
/// the match patterns the extension must hold for it; throws `{code,
/// message, hint, field}`. Only the fields the flow uses are checked
/// (`flow` absent: `web_server`); `password` and `securityToken` never.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = validateProfile)]
pub fn validate_profile_js(profile: JsValue) -> JsResult {
    options_object(&profile, "validateProfile")?;
    let flow = string_field(&profile, "flow")?;
    let username = string_field(&profile, "username")?;
    let private_key_pem = string_field(&profile, "privateKeyPem")?;
    let name = string_field(&profile, "name")?;
    let login_url = string_field(&profile, "loginUrl")?;
    let client_id = string_field(&profile, "clientId")?;
    let client_secret = string_field(&profile, "clientSecret")?;
    let redirect_uri = string_field(&profile, "redirectUri")?;
    let scopes = scope_list(&profile)?;
    let allow_custom_domain = bool_field(&profile, "allowCustomDomain", false)?;
    let scope_refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let checked = validate_profile(&ProfileInput {
        flow: &flow,
        username: &username,
        private_key_pem: &private_key_pem,
        name: &name,
        login_url: &login_url,
        allow_custom_domain,
        client_id: &client_id,
        client_secret: &client_secret,
        redirect_uri: &redirect_uri,
        scopes: &scope_refs,
    });
    let checked = checked.map_err(throw_field)?;
    let out = login_host_out(&checked.login);
    out.strs(
        "hostPermissions",
        &mut checked.host_permissions.iter().map(String::as_str),
    );
    out.ok()
}

/// `flowInfo(flow)` → `{note}`: what an admin must set up for that flow
/// (`web_server`, `password`, `client_credentials`, `jwt_bearer`, `device`);
/// `{note: ""}` for anything else.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = flowInfo)]
pub fn flow_info(flow: JsValue) -> JsValue {
    let out = Obj::new();
    out.str("note", flow_note(&flow.as_string().unwrap_or_default()));
    out.js()
}

/// `authorizeRequest({loginUrl, clientId, redirectUri, scopes, pkce, prompt,
/// loginHint, allowCustomDomain})` → `{url, state, codeVerifier}`.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = authorizeRequest)]
pub fn authorize_request(options: JsValue) -> JsResult {
    options_object(&options, "authorizeRequest")?;
    let login = login_host(&options)?;
    let client_id = string_field(&options, "clientId")?;
    let redirect_uri = string_field(&options, "redirectUri")?;
    let scopes = scope_list(&options)?;
    let pkce = bool_field(&options, "pkce", true)?;
    let prompt = optional_string_field(&options, "prompt")?;
    let login_hint = optional_string_field(&options, "loginHint")?;

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
    let out = Obj::new();
    out.str("url", &request.url)
        .str("state", &request.state)
        .opt(
            "codeVerifier",
            request.code_verifier.as_ref().map(Secret::expose),
        );
    out.ok()
}

/// `{kind}`: the start of every callback outcome.
fn outcome(kind: &str) -> Obj {
    let out = Obj::new();
    out.str("kind", kind);
    out
}

/// `{kind:"error", error, errorDescription, state, message, hint, reason}`.
fn error_out(e: &AuthorizationError) -> JsResult {
    let out = outcome("error");
    out.str("error", &e.error)
        .opt("errorDescription", e.error_description.as_deref())
        .opt("state", e.state.as_deref())
        .str("message", &e.explanation.message)
        .str("hint", e.explanation.hint)
        // Stable code of the explanation (e.g. `access_denied`).
        .str("reason", e.explanation.code);
    out.ok()
}

/// `parseCallback(url, expectedState)` → `{kind:"code", code, state}` |
/// `{kind:"error", error, errorDescription, state, message, hint, reason}` |
/// `{kind:"unrelated"}`.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = parseCallback)]
pub fn parse_callback_js(url: JsValue, expected_state: JsValue) -> JsResult {
    let url = string_or_empty(&url, "url")?;
    let expected_state = string_or_empty(&expected_state, "expectedState")?;
    match parse_callback(&url, &expected_state).map_err(throw)? {
        CallbackOutcome::Code { code, state } => {
            let out = outcome("code");
            out.str("code", code.expose()).str("state", &state);
            out.ok()
        }
        CallbackOutcome::Error(e) => error_out(&e),
        CallbackOutcome::Unrelated => outcome("unrelated").ok(),
    }
}

/// `parseErrorPage(bodyText)` → `{kind:"error", error, errorDescription,
/// state:null, message, hint, reason}` | `{kind:"unrelated"}`.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = parseErrorPage)]
pub fn parse_error_page_js(body_text: JsValue) -> JsResult {
    let body_text = string_or_empty(&body_text, "bodyText")?;
    match parse_error_page(&body_text) {
        Some(e) => error_out(&e),
        None => outcome("unrelated").ok(),
    }
}

/// `parseRemoteAccessErrorPage(url)` → `{kind:"error", error,
/// errorDescription, state:null, message, hint, reason}` when `url` is
/// Salesforce's own OAuth error page
/// (`https://{host}[/{site prefix}]/setup/secur/RemoteAccessErrorPage.apexp?error=…&error_description=…`,
/// where an invalid scope, a blocked app or an uninstalled External Client
/// App lands the login tab, without `state`), else `{kind:"unrelated"}`.
/// `reason` is e.g. `invalid_scope`, `oauth_app_blocked`,
/// `oauth_ec_app_not_found`, `oauth_approval_error_generic`, or
/// `salesforce_error` for anything else (the message quotes Salesforce).
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = parseRemoteAccessErrorPage)]
pub fn parse_remote_access_error_page_js(url: JsValue) -> JsResult {
    let url = string_or_empty(&url, "url")?;
    match parse_remote_access_error_page(&url) {
        Some(e) => error_out(&e),
        None => outcome("unrelated").ok(),
    }
}

/// `{url, method, headers, body}` of a request the core built.
#[inline(never)]
fn request_out(request: &HttpRequest) -> JsResult {
    // Header names in sorted order, each with its last value, as the
    // `BTreeMap` this object used to be serialized from had them. (A
    // selection loop: a general sort costs 2 KB of wasm for two headers.)
    let header_object = Obj::new();
    let mut previous: Option<&str> = None;
    while let Some(name) = request
        .headers
        .iter()
        .map(|header| header.0)
        .filter(|name| previous.map_or(true, |p| *name > p))
        .min()
    {
        let value = request.headers.iter().rev().find(|header| header.0 == name);
        header_object.str(name, value.map_or("", |header| header.1));
        previous = Some(name);
    }
    let out = Obj::new();
    out.str("url", &request.url)
        .str("method", request.method)
        .set("headers", &header_object.js())
        .str("body", request.body.expose());
    out.ok()
}

/// `options[name]` as a [`Secret`], empty when absent.
pub(crate) fn secret_field(options: &JsValue, name: &str) -> Result<Secret, JsValue> {
    string_field(options, name).map(Secret::new)
}

/// `tokenRequest({grantType, loginUrl, allowCustomDomain, clientId,
/// clientSecret, …})` → `{url, method, headers, body}`. Per `grantType`
/// (default `authorization_code`): `authorization_code` reads `redirectUri`,
/// `code`, `codeVerifier`; `refresh_token` reads `refreshToken`; `password`
/// reads `username`, `password`, `securityToken`; `client_credentials`
/// nothing more; `urn:ietf:params:oauth:grant-type:jwt-bearer` reads
/// `assertion` only; `device` reads `deviceCode`. Throws `{code, message,
/// hint, field}`.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = tokenRequest)]
pub fn token_request(options: JsValue) -> JsResult {
    options_object(&options, "tokenRequest")?;
    let grant_type = optional_string_field(&options, "grantType")?;
    let grant_type =
        check_grant_type(grant_type.as_deref().unwrap_or("authorization_code")).map_err(throw)?;
    let login = login_host(&options)?;
    let client_id = string_field(&options, "clientId")?;
    let client_secret = optional_string_field(&options, "clientSecret")?.map(Secret::new);
    let grant = match grant_type {
        GrantType::AuthorizationCode => Grant::AuthorizationCode {
            code: secret_field(&options, "code")?,
            redirect_uri: string_field(&options, "redirectUri")?,
            code_verifier: optional_string_field(&options, "codeVerifier")?.map(Secret::new),
        },
        GrantType::RefreshToken => Grant::RefreshToken {
            refresh_token: secret_field(&options, "refreshToken")?,
        },
        GrantType::Password => Grant::Password {
            username: string_field(&options, "username")?,
            password: secret_field(&options, "password")?,
            security_token: secret_field(&options, "securityToken")?,
        },
        GrantType::ClientCredentials => Grant::ClientCredentials,
        GrantType::JwtBearer => Grant::JwtBearer {
            assertion: secret_field(&options, "assertion")?,
        },
        GrantType::Device => Grant::Device {
            device_code: secret_field(&options, "deviceCode")?,
        },
    };
    let request = build_token_request(&TokenRequestInput {
        login: &login,
        client_id: &client_id,
        client_secret: client_secret.as_ref(),
        grant,
    })
    .map_err(throw_field)?;
    request_out(&request)
}

/// `deviceCodeRequest({loginUrl, allowCustomDomain, clientId, scopes})` →
/// `{url, method, headers, body}`: the device flow's first request.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = deviceCodeRequest)]
pub fn device_code_request(options: JsValue) -> JsResult {
    options_object(&options, "deviceCodeRequest")?;
    let login = login_host(&options)?;
    let client_id = string_field(&options, "clientId")?;
    let scopes = scope_list(&options)?;
    let scope_refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let request =
        build_device_code_request(&login, &client_id, &scope_refs).map_err(throw_field)?;
    request_out(&request)
}

/// `parseDeviceCodeResponse(status, bodyText)` → `{deviceCode, userCode,
/// verificationUri, intervalMs}`; throws an explained error otherwise.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = parseDeviceCodeResponse)]
pub fn parse_device_code_response_js(status: JsValue, body_text: JsValue) -> JsResult {
    let status = status_arg(&status)?;
    let body_text = string_or_empty(&body_text, "bodyText")?;
    let device = parse_device_code_response(status, &body_text).map_err(throw)?;
    let out = Obj::new();
    out.str("deviceCode", device.device_code.expose())
        .str("userCode", &device.user_code)
        .str("verificationUri", &device.verification_uri)
        .set("intervalMs", &JsValue::from(device.interval_ms));
    out.ok()
}

/// `parseDevicePoll(status, bodyText, clientSecret, currentIntervalMs?)` →
/// `{kind: "pending"}` | `{kind: "slow_down", intervalMs}` (the current
/// interval, default 5000, plus 5 s) | `{kind: "token", token}` (`token` as
/// `parseTokenResponse` returns it); throws an explained error otherwise.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = parseDevicePoll)]
pub fn parse_device_poll_js(
    status: JsValue,
    body_text: JsValue,
    client_secret: JsValue,
    current_interval_ms: JsValue,
) -> JsResult {
    let status = status_arg(&status)?;
    let body_text = string_or_empty(&body_text, "bodyText")?;
    let client_secret = optional_string(&client_secret, "clientSecret")?.map(Secret::new);
    let current = if is_absent(&current_interval_ms) {
        DEFAULT_INTERVAL_MS
    } else {
        match current_interval_ms.as_f64() {
            // Saturating: huge values become u32::MAX, then the cap.
            Some(ms) if ms >= 0.0 => ms as u32,
            _ => {
                return Err(bad_argument(&[
                    "currentIntervalMs must be a number of milliseconds.",
                ]))
            }
        }
    };
    let poll =
        parse_device_poll(status, &body_text, client_secret.as_ref(), current).map_err(throw)?;
    match poll {
        DevicePoll::Pending => outcome("pending").ok(),
        DevicePoll::SlowDown { interval_ms } => {
            let out = outcome("slow_down");
            out.set("intervalMs", &JsValue::from(interval_ms));
            out.ok()
        }
        DevicePoll::Token(token) => {
            let out = outcome("token");
            out.set("token", &token_out(&token).js());
            out.ok()
        }
    }
}

/// `mergeRefreshedToken(previous, next)` → the token to store after a
/// refresh: every field of `next`, with `refreshToken` = `next`'s when
/// Salesforce returned one (rotation: the old one is dead now), else
/// `previous`'s; `refreshTokenRotated`; and `previous.profileId` when `next`
/// has none.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = mergeRefreshedToken)]
pub fn merge_refreshed_token(previous: JsValue, next: JsValue) -> JsResult {
    if !previous.is_object() || !next.is_object() {
        return Err(bad_argument(&[
            "mergeRefreshedToken expects the previous and the new token objects.",
        ]));
    }
    let old = field(&previous, "refreshToken").as_string();
    let new = field(&next, "refreshToken").as_string();
    let (keep, rotated) = merge_refresh_token(old.as_deref(), new.as_deref());
    let out = Obj(Object::assign(&Object::new(), next.unchecked_ref()));
    out.opt("refreshToken", keep)
        .bool("refreshTokenRotated", rotated);
    let profile_id = field(&previous, "profileId");
    if is_absent(&field(&next, "profileId")) && !is_absent(&profile_id) {
        out.set("profileId", &profile_id);
    }
    out.ok()
}

/// `parseTokenResponse(status, bodyText, clientSecret, context?)` →
/// `{accessToken, refreshToken, idToken, instanceUrl, id, orgId, userId,
/// tokenType, issuedAt, scope, signatureValid, sfdcCommunityUrl}`; throws an
/// explained error otherwise (JSON or form-encoded `error=…`).
///
/// `context` (optional, every field optional): `{grantType, loginUrl,
/// allowCustomDomain, audience}`, the request that was made, so the error
/// is explained for it: `grantType` as in `tokenRequest` (e.g.
/// `"refresh_token"`: `invalid_client` then names "Require Secret for
/// Refresh Token Flow"); for the JWT bearer grant, `loginUrl` and the
/// `audience` used (default: the one `jwtAssertion` picks) make the hint of
/// an audience-type refusal name the other audience to try.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = parseTokenResponse)]
pub fn parse_token_response_js(
    status: JsValue,
    body_text: JsValue,
    client_secret: JsValue,
    context: JsValue,
) -> JsResult {
    let status = status_arg(&status)?;
    let body_text = string_or_empty(&body_text, "bodyText")?;
    let client_secret = optional_string(&client_secret, "clientSecret")?.map(Secret::new);
    let grant = match optional_string_field(&context, "grantType")? {
        Some(grant_type) => Some(check_grant_type(&grant_type).map_err(throw)?),
        None => None,
    };
    // Only advice depends on the login URL: one that does not normalize
    // just means no audience advice.
    let login = match optional_string_field(&context, "loginUrl")? {
        Some(url) => {
            normalize_login_url(&url, bool_field(&context, "allowCustomDomain", false)?).ok()
        }
        None => None,
    };
    let audience = optional_string_field(&context, "audience")?;
    let r = parse_token_response_for(
        status,
        &body_text,
        client_secret.as_ref(),
        &TokenContext {
            grant,
            login: login.as_ref(),
            audience: audience.as_deref(),
        },
    )
    .map_err(throw)?;
    token_out(&r).ok()
}

/// `{accessToken, refreshToken, idToken, instanceUrl, id, orgId, userId,
/// tokenType, issuedAt, scope, signatureValid, sfdcCommunityUrl}`.
#[inline(never)]
fn token_out(r: &TokenResponse) -> Obj {
    let out = Obj::new();
    out.str("accessToken", r.access_token.expose())
        .opt("refreshToken", r.refresh_token.as_ref().map(Secret::expose))
        .opt("idToken", r.id_token.as_ref().map(Secret::expose))
        .opt("instanceUrl", r.instance_url.as_deref())
        .opt("id", r.id.as_deref())
        .opt("orgId", r.org_id.as_deref())
        .opt("userId", r.user_id.as_deref())
        .opt("tokenType", r.token_type.as_deref())
        .set(
            "issuedAt",
            // At most 2^53 - 1 (checked by the parser), so exact as a JS number.
            &r.issued_at
                .map_or(JsValue::NULL, |ms| JsValue::from_f64(ms as f64)),
        )
        .opt("scope", r.scope.as_deref())
        .set(
            "signatureValid",
            &r.signature_valid.map_or(JsValue::NULL, JsValue::from_bool),
        )
        .opt("sfdcCommunityUrl", r.sfdc_community_url.as_deref());
    out
}

/// `explainError(error, errorDescription, grantType?)` → `{code, message,
/// hint, retrySameCode}`. `grantType` (optional, as in `tokenRequest`)
/// explains the error for that request, e.g. `invalid_client` on
/// `"refresh_token"` names "Require Secret for Refresh Token Flow".
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = explainError)]
pub fn explain_error(error: JsValue, error_description: JsValue, grant_type: JsValue) -> JsResult {
    let error = string_or_empty(&error, "error")?;
    let description = optional_string(&error_description, "errorDescription")?;
    let context = ErrorContext::from_grant_type(&string_or_empty(&grant_type, "grantType")?);
    let Explanation {
        code,
        message,
        hint,
        retry_same_code,
    } = explain_in(&error, description.as_deref(), context);
    let out = Obj::new();
    out.str("code", code)
        .str("message", &message)
        .str("hint", hint)
        .bool("retrySameCode", retry_same_code);
    out.ok()
}

/// `codeLifetimeMs()` → 900000: how long a captured code may be retried.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = codeLifetimeMs)]
pub fn code_lifetime_ms() -> u32 {
    CODE_LIFETIME_MS
}

/// `{code: "network_error", …}` for a request that got no HTTP answer.
fn network_error(url: &str, error: gloo_net::Error) -> JsValue {
    // "TypeError: Failed to fetch", as `String(error)` says it; built by hand
    // rather than with gloo-net's `Display`, which would pull in `core::fmt`.
    #[allow(unreachable_patterns)]
    let detail = match &error {
        gloo_net::Error::JsError(js) => [js.name.as_str(), ": ", &js.message].concat(),
        gloo_net::Error::GlooError(text) => text.clone(),
        _ => "the request failed".to_owned(),
    };
    network_error_text(url, detail)
}

/// `"TypeError: Invalid URL"` for a thrown JS `Error`, as gloo-net's
/// `JsError` has it.
fn js_error_detail(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => {
            let name: String = error.name().into();
            let message: String = error.message().into();
            [name.as_str(), ": ", &message].concat()
        }
        None => "the request failed".to_owned(),
    }
}

/// The `fetch` request, built as gloo-net's `RequestBuilder` builds it (the
/// URL resolved through `Request` and `URL`, its query re-set), but without
/// its query-string plumbing, which pulls in `core::fmt`.
fn prepare_request(
    url: &str,
    method: &str,
    headers: &web_sys::Headers,
    body: Option<&str>,
) -> Result<gloo_net::http::Request, JsValue> {
    let resolved = web_sys::Request::new_with_str(url)?;
    let parsed = web_sys::Url::new(&resolved.url())?;
    parsed.set_search(&parsed.search());
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::Omit);
    init.set_headers(headers);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request =
        web_sys::Request::new_with_str_and_init(&String::from(parsed.to_string()), &init)?;
    Ok(request.into())
}

#[inline(never)]
fn network_error_text(url: &str, detail: String) -> JsValue {
    // Only scheme + host are quoted: enough to spot a wrong host. That is
    // everything before the third `/`, or all of it when there is none.
    let origin = match url.bytes().enumerate().filter(|(_, b)| *b == b'/').nth(2) {
        Some((end, _)) => url.get(..end).unwrap_or(url),
        None => url,
    };
    let message = ["Could not reach ", origin, ": ", &detail].concat();
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
/// gloo-net's `fetch` (window pages and the service worker alike) with
/// `credentials: "omit"`: no Salesforce session cookie may ride along with
/// the token request.
#[cfg(feature = "core-api")]
#[wasm_bindgen(js_name = sendRequest)]
pub async fn send_request(request: JsValue) -> JsResult {
    options_object(&request, "sendRequest")?;
    let url = string_field(&request, "url")?;
    if !url.starts_with("https://") {
        return Err(throw(SfError::new(
            "https_required",
            "sftoken only sends requests over https://.",
            "Use an https:// login URL.",
        )));
    }
    let method = match optional_string_field(&request, "method")?.as_deref() {
        None | Some("POST") => "POST",
        Some("GET") => "GET",
        Some(_) => return Err(bad_argument(&["method must be \"POST\" or \"GET\"."])),
    };
    // A `Headers` object filled here, so an invalid name is an error (gloo-net's
    // own `header()` would throw), and a repeated name replaces the earlier value.
    let headers = web_sys::Headers::new()
        .map_err(|_| bad_argument(&["the browser cannot create request headers."]))?;
    let given = field(&request, "headers");
    if given.is_object() {
        for entry in Object::entries(&Object::from(given)).iter() {
            let pair = Array::from(&entry);
            match (pair.get(0).as_string(), pair.get(1).as_string()) {
                (Some(name), Some(value)) => {
                    if headers.set(&name, &value).is_err() {
                        return Err(bad_argument(&["\"", &name, "\" is not a valid header."]));
                    }
                }
                _ => return Err(bad_argument(&["header values must be strings."])),
            }
        }
    }
    let body = optional_string_field(&request, "body")?;
    let prepared = prepare_request(&url, method, &headers, body.as_deref())
        .map_err(|e| network_error_text(&url, js_error_detail(&e)))?;
    let response = prepared.send().await.map_err(|e| network_error(&url, e))?;
    let status = response.status();
    let body_text = response.text().await.map_err(|e| network_error(&url, e))?;
    let out = Obj::new();
    out.set("status", &JsValue::from_f64(f64::from(status)))
        .str("bodyText", &body_text);
    out.ok()
}
