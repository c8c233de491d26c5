//! The JavaScript API of the token lifecycle and the JWT bearer key: JWT
//! assertions and key pairs (WebCrypto), "Who is this?", "Still valid?",
//! the REST test call and revocation. Same conventions as [`crate::wasm::api`]:
//! plain JSON-compatible objects out, `null` for absent values, failures
//! thrown as `{code, message, hint, error, errorDescription, retrySameCode}`.
//!
//! RSA never runs in Rust: WebCrypto (`crypto.subtle`, read from the global
//! object, so pages, the service worker and node alike) imports, generates
//! and signs; the pure modules build the bytes around it.

use crate::token::lifecycle::ApiRequest;
use crate::wasm::api::{
    bad_argument, field, fill_random, is_absent, login_host, optional_string_field, options_object,
    status_arg, string_field, string_or_empty, throw, JsResult, Obj,
};
use crate::{
    alternate_audience, api_versions_request, assemble_jwt, build_jwt, compare_identity,
    default_audience, describe_token_age, introspect_request, limits_request, parse_api_versions,
    parse_introspection, parse_limits, parse_revoke_response, parse_userinfo, pem_wrap,
    pkcs8_from_pem, revoke_request, tbs_certificate, userinfo_request, x509_certificate,
    CertificateInput, JwtInput, Secret, SfError, TokenIds, UserInfo, SERIAL_BYTES,
};
use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const RSA: &str = "RSASSA-PKCS1-v1_5";
/// Years a generated certificate is valid.
const CERTIFICATE_YEARS: u32 = 2;
/// The latest time a JS `Date` holds (ms).
const MAX_DATE_MS: f64 = 8.64e15;

#[wasm_bindgen]
extern "C" {
    /// `crypto.subtle` (SubtleCrypto), typed loosely: keys stay `JsValue`.
    type Subtle;
    #[wasm_bindgen(catch, method, js_name = importKey)]
    fn import_key(
        this: &Subtle,
        format: &str,
        data: &[u8],
        algorithm: &JsValue,
        extractable: bool,
        usages: &JsValue,
    ) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, method)]
    fn sign(this: &Subtle, algorithm: &str, key: &JsValue, data: &[u8])
        -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, method, js_name = generateKey)]
    fn generate_key(
        this: &Subtle,
        algorithm: &JsValue,
        extractable: bool,
        usages: &JsValue,
    ) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, method, js_name = exportKey)]
    fn export_key(this: &Subtle, format: &str, key: &JsValue) -> Result<Promise, JsValue>;
}

// ---------------------------------------------------------------- WebCrypto

/// `String(error)`'s useful part: an `Error`'s message, or the value as text.
fn js_error_text(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => error.message().into(),
        None => error.as_string().unwrap_or_default(),
    }
}

#[inline(never)]
fn crypto_failed(step: &str, error: &JsValue) -> SfError {
    SfError::new(
        "crypto_failed",
        [
            "The browser's WebCrypto failed to ",
            step,
            ": ",
            &js_error_text(error),
        ]
        .concat(),
        "Use a current Chrome or Firefox; reload the extension.",
    )
}

fn subtle() -> Result<Subtle, SfError> {
    let unavailable = || {
        SfError::new(
            "no_webcrypto",
            "The browser's WebCrypto (crypto.subtle) is not available.",
            "Use a current Chrome or Firefox; reload the extension.",
        )
    };
    let crypto =
        Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(|_| unavailable())?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).map_err(|_| unavailable())?;
    if !subtle.is_object() {
        return Err(unavailable());
    }
    Ok(subtle.unchecked_into())
}

/// Awaits a WebCrypto promise; a failure is thrown as `crypto_failed`
/// naming `step`.
async fn settle(promise: Result<Promise, JsValue>, step: &str) -> JsResult {
    match promise {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    }
    .map_err(|e| throw(crypto_failed(step, &e)))
}

/// The bytes of an `ArrayBuffer` result.
fn bytes(buffer: &JsValue) -> Vec<u8> {
    Uint8Array::new(buffer).to_vec()
}

fn usages(list: &[&str]) -> JsValue {
    list.iter()
        .map(|usage| JsValue::from_str(usage))
        .collect::<Array>()
        .into()
}

/// `{name: "RSASSA-PKCS1-v1_5", hash: "SHA-256"}`.
fn rsa_algorithm() -> Obj {
    let algorithm = Obj::new();
    algorithm.str("name", RSA).str("hash", "SHA-256");
    algorithm
}

// ---------------------------------------------------------------- inputs

/// A time in ms: absent → now (`Date.now()`).
#[inline(never)]
fn time_arg(value: &JsValue, name: &str) -> Result<u64, JsValue> {
    if is_absent(value) {
        return Ok(js_sys::Date::now() as u64);
    }
    optional_time(value, name).map(Option::unwrap_or_default)
}

/// A time in ms, `None` when absent.
#[inline(never)]
fn optional_time(value: &JsValue, name: &str) -> Result<Option<u64>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    match value.as_f64() {
        Some(ms) if (0.0..=MAX_DATE_MS).contains(&ms) => Ok(Some(ms as u64)),
        _ => Err(bad_argument(&[
            name,
            " must be a time in milliseconds since 1970.",
        ])),
    }
}

fn ms_value(ms: Option<u64>) -> JsValue {
    ms.map_or(JsValue::NULL, |ms| JsValue::from_f64(ms as f64))
}

/// `null`, a string, or an array of strings.
fn optional_list(value: &JsValue, name: &str) -> Result<Option<Vec<String>>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    if let Some(text) = value.as_string() {
        return Ok(Some(vec![text]));
    }
    let mut list = Vec::new();
    if Array::is_array(value) {
        for item in Array::from(value).iter() {
            match item.as_string() {
                Some(text) => list.push(text),
                None => return Err(bad_argument(&[name, " must be strings."])),
            }
        }
        return Ok(Some(list));
    }
    Err(bad_argument(&[
        name,
        " must be a string or an array of strings.",
    ]))
}

/// `{url, method, headers, body}` for `sendRequest`: `Accept:
/// application/json`, plus `Authorization: Bearer …` or a form body's
/// `Content-Type`; `body` is `null` without a form.
#[inline(never)]
fn api_request_out(request: &ApiRequest) -> JsResult {
    let headers = Obj::new();
    headers.str("Accept", "application/json");
    if let Some(token) = &request.bearer {
        headers.str("Authorization", &["Bearer ", token.expose()].concat());
    }
    if request.form.is_some() {
        headers.str("Content-Type", "application/x-www-form-urlencoded");
    }
    let out = Obj::new();
    out.str("url", &request.url)
        .str("method", request.method)
        .set("headers", &headers.js())
        .opt("body", request.form.as_ref().map(Secret::expose));
    out.ok()
}

// ---------------------------------------------------------------- JWT bearer

/// What `jwtAssertion` keeps between its WebCrypto steps.
struct JwtJob {
    signing_input: String,
    audience: String,
    expires_at_ms: u64,
    subtle: Subtle,
}

/// Reads the options, builds the unsigned JWT and starts the key import.
#[inline(never)]
fn jwt_start(options: &JsValue) -> Result<(JwtJob, Result<Promise, JsValue>), JsValue> {
    options_object(options, "jwtAssertion")?;
    let login = login_host(options)?;
    let client_id = string_field(options, "clientId")?;
    let username = string_field(options, "username")?;
    let pem = Secret::new(string_field(options, "privateKeyPem")?);
    let audience = optional_string_field(options, "audience")?;
    let now_ms = time_arg(&field(options, "nowMs"), "nowMs")?;
    let unsigned = build_jwt(&JwtInput {
        login: &login,
        client_id: &client_id,
        username: &username,
        audience: audience.as_deref(),
        now_ms,
    })
    .map_err(throw)?;
    let der = pkcs8_from_pem(pem.expose()).map_err(throw)?;
    let subtle = subtle().map_err(throw)?;
    let import = subtle.import_key(
        "pkcs8",
        der.expose(),
        &rsa_algorithm().js(),
        false,
        &usages(&["sign"]),
    );
    let job = JwtJob {
        signing_input: unsigned.signing_input,
        audience: unsigned.audience,
        expires_at_ms: unsigned.expires_at_ms,
        subtle,
    };
    Ok((job, import))
}

/// `{assertion, audience, expiresAt}`.
#[inline(never)]
fn jwt_finish(job: &JwtJob, signature: &JsValue) -> JsResult {
    let assertion = assemble_jwt(&job.signing_input, &bytes(signature));
    let out = Obj::new();
    out.str("assertion", assertion.expose())
        .str("audience", &job.audience)
        .set("expiresAt", &ms_value(Some(job.expires_at_ms)));
    out.ok()
}

/// `jwtAssertion({loginUrl, allowCustomDomain, clientId, username,
/// privateKeyPem, audience, nowMs})` → `Promise<{assertion, audience,
/// expiresAt}>`: an RS256 JWT bearer assertion, `exp` 170 s ahead.
#[wasm_bindgen(js_name = jwtAssertion)]
pub async fn jwt_assertion(options: JsValue) -> JsResult {
    let (job, import) = jwt_start(&options)?;
    let key = match import {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    }
    .map_err(|e| throw(import_failed(&e)))?;
    let signature = settle(
        job.subtle.sign(RSA, &key, job.signing_input.as_bytes()),
        "sign",
    )
    .await?;
    jwt_finish(&job, &signature)
}

/// `alternateAudience({loginUrl, allowCustomDomain, audience})` → the other
/// JWT audience to try after Salesforce refused an assertion in a way a
/// wrong `aud` causes (`https://login.salesforce.com` ↔
/// `https://test.salesforce.com`; after a site URL, the one that fits the
/// host), or `null`. `audience`: the one used (absent: the default
/// `jwtAssertion` picks for `loginUrl`).
#[wasm_bindgen(js_name = alternateAudience)]
pub fn alternate_audience_js(options: JsValue) -> JsResult {
    options_object(&options, "alternateAudience")?;
    let login = login_host(&options)?;
    let used = optional_string_field(&options, "audience")?
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| default_audience(&login));
    Ok(alternate_audience(&login, &used).map_or(JsValue::NULL, |a| JsValue::from_str(&a)))
}

fn import_failed(error: &JsValue) -> SfError {
    SfError::new(
        "invalid_private_key",
        [
            "The browser could not use this private key for RS256: ",
            &js_error_text(error),
        ]
        .concat(),
        "Use an RSA private key in PKCS#8 PEM (BEGIN PRIVATE KEY): the one sftoken generates, or convert \
         yours with openssl pkcs8 -topk8 -nocrypt -in key.pem.",
    )
}

/// Reads the options and starts generating the key pair.
#[inline(never)]
fn keygen_start(options: &JsValue) -> Result<(String, Subtle, Result<Promise, JsValue>), JsValue> {
    let common_name = if is_absent(options) {
        String::new()
    } else {
        options_object(options, "generateJwtKeyPair")?;
        string_field(options, "commonName")?
    };
    let subtle = subtle().map_err(throw)?;
    let algorithm = rsa_algorithm();
    algorithm
        .set("modulusLength", &JsValue::from_f64(2048.0))
        .set("publicExponent", &Uint8Array::from(&[1u8, 0, 1][..]));
    let generate = subtle.generate_key(&algorithm.js(), true, &usages(&["sign", "verify"]));
    Ok((common_name, subtle, generate))
}

fn pair_key(pair: &JsValue, name: &str) -> JsValue {
    Reflect::get(pair, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Both exports at once: `Promise.all([pkcs8, spki])`.
#[inline(never)]
fn export_both(subtle: &Subtle, pair: &JsValue) -> Result<Promise, JsValue> {
    let pkcs8 = subtle.export_key("pkcs8", &pair_key(pair, "privateKey"))?;
    let spki = subtle.export_key("spki", &pair_key(pair, "publicKey"))?;
    Ok(Promise::all(&Array::of2(&pkcs8, &spki)))
}

/// The TBSCertificate for the exported public key (`exported[1]`).
#[inline(never)]
fn keygen_tbs(common_name: &str, exported: &JsValue) -> Result<Vec<u8>, JsValue> {
    let mut serial = [0u8; SERIAL_BYTES];
    fill_random(&mut serial).map_err(throw)?;
    tbs_certificate(&CertificateInput {
        common_name,
        serial,
        now_ms: js_sys::Date::now() as u64,
        valid_years: CERTIFICATE_YEARS,
        spki: &bytes(&Array::from(exported).get(1)),
    })
    .map_err(throw)
}

/// `{privateKeyPem, certificatePem}`.
#[inline(never)]
fn keygen_finish(exported: &JsValue, tbs: &[u8], signature: &JsValue) -> JsResult {
    let private_key_pem = Secret::new(pem_wrap(
        "PRIVATE KEY",
        &bytes(&Array::from(exported).get(0)),
    ));
    let certificate = x509_certificate(tbs, &bytes(signature));
    let out = Obj::new();
    out.str("privateKeyPem", private_key_pem.expose())
        .str("certificatePem", &pem_wrap("CERTIFICATE", &certificate));
    out.ok()
}

/// `generateJwtKeyPair({commonName})` → `Promise<{privateKeyPem,
/// certificatePem}>`: a new RSA 2048 key (PKCS#8 PEM) and a self-signed
/// X.509 certificate for it (SHA-256 with RSA, valid 2 years), to upload to
/// the app ("Use digital signatures").
#[wasm_bindgen(js_name = generateJwtKeyPair)]
pub async fn generate_jwt_key_pair(options: JsValue) -> JsResult {
    let (common_name, subtle, generate) = keygen_start(&options)?;
    let pair = settle(generate, "generate a key pair").await?;
    let exported = settle(export_both(&subtle, &pair), "export the key pair").await?;
    let tbs = keygen_tbs(&common_name, &exported)?;
    let private_key = pair_key(&pair, "privateKey");
    let signature = settle(subtle.sign(RSA, &private_key, &tbs), "sign").await?;
    keygen_finish(&exported, &tbs, &signature)
}

// ---------------------------------------------------------------- who is this?

/// `userinfoRequest({instanceUrl, accessToken})` → `{url, method: "GET",
/// headers: {Accept, Authorization}, body: null}`.
#[wasm_bindgen(js_name = userinfoRequest)]
pub fn userinfo_request_js(options: JsValue) -> JsResult {
    options_object(&options, "userinfoRequest")?;
    let instance_url = string_field(&options, "instanceUrl")?;
    let token = Secret::new(string_field(&options, "accessToken")?);
    api_request_out(&userinfo_request(&instance_url, &token).map_err(throw)?)
}

/// `parseUserinfo(status, bodyText)` → `{username, name, email, orgId, userId}`.
#[wasm_bindgen(js_name = parseUserinfo)]
pub fn parse_userinfo_js(status: JsValue, body_text: JsValue) -> JsResult {
    let status = status_arg(&status)?;
    let body = string_or_empty(&body_text, "bodyText")?;
    let user = parse_userinfo(status, &body).map_err(throw)?;
    let out = Obj::new();
    out.opt("username", user.username.as_deref())
        .opt("name", user.name.as_deref())
        .opt("email", user.email.as_deref())
        .opt("orgId", user.org_id.as_deref())
        .opt("userId", user.user_id.as_deref());
    out.ok()
}

/// `compareIdentity({token: {orgId, userId, scope}, user, expectedUsername,
/// requestedScopes})` → `{ok, message, hint, requestedScopes, grantedScopes}`.
/// `requestedScopes`: null (no comparison), a string or an array.
#[wasm_bindgen(js_name = compareIdentity)]
pub fn compare_identity_js(options: JsValue) -> JsResult {
    options_object(&options, "compareIdentity")?;
    let token = field(&options, "token");
    let user = field(&options, "user");
    let text = |object: &JsValue, name: &str| optional_string_field(object, name);
    let org_id = text(&token, "orgId")?;
    let user_id = text(&token, "userId")?;
    let scope = text(&token, "scope")?;
    let user = UserInfo {
        username: text(&user, "username")?,
        name: text(&user, "name")?,
        email: text(&user, "email")?,
        org_id: text(&user, "orgId")?,
        user_id: text(&user, "userId")?,
    };
    let expected = optional_string_field(&options, "expectedUsername")?;
    let requested = optional_list(&field(&options, "requestedScopes"), "requestedScopes")?;
    let requested_refs: Option<Vec<&str>> = requested
        .as_ref()
        .map(|list| list.iter().map(String::as_str).collect());
    let check = compare_identity(
        TokenIds {
            org_id: org_id.as_deref(),
            user_id: user_id.as_deref(),
            scope: scope.as_deref(),
        },
        &user,
        expected.as_deref(),
        requested_refs.as_deref(),
    );
    let out = Obj::new();
    out.bool("ok", check.ok)
        .str("message", &check.message)
        .opt("hint", check.hint.as_deref())
        .opt("requestedScopes", check.requested_scopes.as_deref())
        .opt("grantedScopes", check.granted_scopes.as_deref());
    out.ok()
}

// ---------------------------------------------------------------- still valid?

/// `introspectRequest({loginUrl, allowCustomDomain, clientId, clientSecret,
/// token, tokenTypeHint})` → `{url, method: "POST", headers, body}`.
#[wasm_bindgen(js_name = introspectRequest)]
pub fn introspect_request_js(options: JsValue) -> JsResult {
    options_object(&options, "introspectRequest")?;
    let login = login_host(&options)?;
    let client_id = string_field(&options, "clientId")?;
    let secret = optional_string_field(&options, "clientSecret")?.map(Secret::new);
    let token = Secret::new(string_field(&options, "token")?);
    let hint = optional_string_field(&options, "tokenTypeHint")?;
    let request = introspect_request(&login, &client_id, secret.as_ref(), &token, hint.as_deref())
        .map_err(throw)?;
    api_request_out(&request)
}

/// `parseIntrospection(status, bodyText, nowMs)` → `{active, expiresAt,
/// issuedAt, scope, username, tokenType, remaining, message, hint}` (times
/// in ms or null).
#[wasm_bindgen(js_name = parseIntrospection)]
pub fn parse_introspection_js(status: JsValue, body_text: JsValue, now_ms: JsValue) -> JsResult {
    let status = status_arg(&status)?;
    let body = string_or_empty(&body_text, "bodyText")?;
    let now_ms = time_arg(&now_ms, "nowMs")?;
    let i = parse_introspection(status, &body, now_ms).map_err(throw)?;
    let out = Obj::new();
    out.bool("active", i.active)
        .set("expiresAt", &ms_value(i.expires_at_ms))
        .set("issuedAt", &ms_value(i.issued_at_ms))
        .opt("scope", i.scope.as_deref())
        .opt("username", i.username.as_deref())
        .opt("tokenType", i.token_type.as_deref())
        .opt("remaining", i.remaining.as_deref())
        .str("message", &i.message)
        .opt("hint", i.hint);
    out.ok()
}

/// `describeTokenAge(issuedAtMs, nowMs)` → `{message, hint}`.
#[wasm_bindgen(js_name = describeTokenAge)]
pub fn describe_token_age_js(issued_at_ms: JsValue, now_ms: JsValue) -> JsResult {
    let issued_at = optional_time(&issued_at_ms, "issuedAtMs")?;
    let now_ms = time_arg(&now_ms, "nowMs")?;
    let age = describe_token_age(issued_at, now_ms);
    let out = Obj::new();
    out.str("message", &age.message).str("hint", age.hint);
    out.ok()
}

// ---------------------------------------------------------------- revoke

/// `revokeRequest({loginUrl, allowCustomDomain, token})` → `{url, method:
/// "POST", headers, body: "token=…"}`.
#[wasm_bindgen(js_name = revokeRequest)]
pub fn revoke_request_js(options: JsValue) -> JsResult {
    options_object(&options, "revokeRequest")?;
    let login = login_host(&options)?;
    let token = Secret::new(string_field(&options, "token")?);
    api_request_out(&revoke_request(&login, &token).map_err(throw)?)
}

/// `parseRevokeResponse(status, bodyText)` → `{revoked: true}`.
#[wasm_bindgen(js_name = parseRevokeResponse)]
pub fn parse_revoke_response_js(status: JsValue, body_text: JsValue) -> JsResult {
    let status = status_arg(&status)?;
    let body = string_or_empty(&body_text, "bodyText")?;
    parse_revoke_response(status, &body).map_err(throw)?;
    let out = Obj::new();
    out.bool("revoked", true);
    out.ok()
}

// ---------------------------------------------------------------- test call

/// `apiVersionsRequest({instanceUrl})` → `{url, method: "GET", headers, body: null}` (no token).
#[wasm_bindgen(js_name = apiVersionsRequest)]
pub fn api_versions_request_js(options: JsValue) -> JsResult {
    options_object(&options, "apiVersionsRequest")?;
    let instance_url = string_field(&options, "instanceUrl")?;
    api_request_out(&api_versions_request(&instance_url).map_err(throw)?)
}

/// `parseApiVersions(status, bodyText)` → `{version, url, label}`: the newest.
#[wasm_bindgen(js_name = parseApiVersions)]
pub fn parse_api_versions_js(status: JsValue, body_text: JsValue) -> JsResult {
    let status = status_arg(&status)?;
    let body = string_or_empty(&body_text, "bodyText")?;
    let v = parse_api_versions(status, &body).map_err(throw)?;
    let out = Obj::new();
    out.str("version", &v.version)
        .str("url", &v.url)
        .opt("label", v.label.as_deref());
    out.ok()
}

/// `limitsRequest({instanceUrl, accessToken, versionUrl})` → `{url, method:
/// "GET", headers: {Accept, Authorization}, body: null}`.
#[wasm_bindgen(js_name = limitsRequest)]
pub fn limits_request_js(options: JsValue) -> JsResult {
    options_object(&options, "limitsRequest")?;
    let instance_url = string_field(&options, "instanceUrl")?;
    let token = Secret::new(string_field(&options, "accessToken")?);
    let version_url = string_field(&options, "versionUrl")?;
    api_request_out(&limits_request(&instance_url, &token, &version_url).map_err(throw)?)
}

/// `parseLimits(status, bodyText)` → `{message, rows: [{name, value}]}`.
#[wasm_bindgen(js_name = parseLimits)]
pub fn parse_limits_js(status: JsValue, body_text: JsValue) -> JsResult {
    let status = status_arg(&status)?;
    let body = string_or_empty(&body_text, "bodyText")?;
    let limits = parse_limits(status, &body).map_err(throw)?;
    let rows = Array::new();
    for (name, value) in &limits.rows {
        let row = Obj::new();
        row.str("name", name).str("value", value);
        rows.push(&row.js());
    }
    let out = Obj::new();
    out.str("message", &limits.message).set("rows", &rows);
    out.ok()
}
