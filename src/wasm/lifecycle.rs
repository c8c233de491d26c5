//! JWT bearer keys and assertions, and a token's life described: the exports behind "Generate key pair" and
//! the JWT bearer flow (RSA runs in WebCrypto, never in Rust: `crypto.subtle` imports, generates and signs,
//! and the pure modules build the bytes around it), plus request builders and readers for userinfo,
//! introspection, revocation and the REST test call (the extension itself uses the one-crossing actions).

use super::api::{login_of, status_of, text_of};
use super::convert::{bad_argument, from_js, throw, to_js, BrowserJson};
use super::random::fill_random;
use super::types::*;
use crate as sf;
use crate::{Secret, SfError};
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

fn crypto_failed(step: &str, error: &JsValue) -> SfError {
    SfError::new(
        "crypto_failed",
        format!(
            "The browser's WebCrypto failed to {step}: {}",
            js_error_text(error)
        ),
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

/// Awaits a WebCrypto promise; a failure is `crypto_failed` naming `step`.
async fn settle(promise: Result<Promise, JsValue>, step: &str) -> Result<JsValue, JsValue> {
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

/// `{name: "RSASSA-PKCS1-v1_5", hash: "SHA-256"}`, plus the key generation parameters when asked.
fn rsa_algorithm(generate: bool) -> Result<JsValue, JsValue> {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Algorithm {
        name: &'static str,
        hash: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        modulus_length: Option<u32>,
    }
    let algorithm = to_js(&Algorithm {
        name: RSA,
        hash: "SHA-256",
        modulus_length: generate.then_some(2048),
    })?;
    if generate {
        // A Uint8Array, which serde would turn into a plain array.
        Reflect::set(
            &algorithm,
            &JsValue::from_str("publicExponent"),
            &Uint8Array::from(&[1u8, 0, 1][..]),
        )?;
    }
    Ok(algorithm)
}

fn now_or(given: Option<f64>) -> Result<u64, JsValue> {
    match given {
        None => Ok(js_sys::Date::now() as u64),
        Some(ms) if (0.0..=MAX_DATE_MS).contains(&ms) => Ok(ms as u64),
        Some(_) => Err(bad_argument(
            "nowMs must be a time in milliseconds since 1970.".to_owned(),
        )),
    }
}

// ---------------------------------------------------------------- JWT bearer

fn import_failed(error: &JsValue) -> SfError {
    SfError::new(
        "invalid_private_key",
        format!(
            "The browser could not use this private key for RS256: {}",
            js_error_text(error)
        ),
        "Use an RSA private key in PKCS#8 PEM (BEGIN PRIVATE KEY): the one sftoken generates, or convert \
         yours with openssl pkcs8 -topk8 -nocrypt -in key.pem.",
    )
}

/// `jwtAssertion({loginUrl, allowCustomDomain, clientId, username, privateKeyPem, audience, nowMs})` →
/// `Promise<{assertion, audience, expiresAt}>`: an RS256 JWT bearer assertion; `aud` by environment unless
/// given; `exp` 170 s ahead (Salesforce allows 3 minutes).
#[wasm_bindgen(js_name = jwtAssertion, unchecked_return_type = "JwtAssertion")]
pub async fn jwt_assertion(
    #[wasm_bindgen(unchecked_param_type = "JwtAssertionInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: JwtAssertionInput = from_js(options, "jwtAssertion")?;
    let login = login_of(&input.login())?;
    let unsigned = sf::build_jwt(&sf::JwtInput {
        login: &login,
        client_id: &input.client_id,
        username: &input.username,
        audience: input.audience.as_deref(),
        now_ms: now_or(input.now_ms)?,
    })
    .map_err(throw)?;
    let pem = Secret::new(input.private_key_pem);
    let der = sf::pkcs8_from_pem(pem.expose()).map_err(throw)?;
    let subtle = subtle().map_err(throw)?;
    let import = subtle.import_key(
        "pkcs8",
        der.expose(),
        &rsa_algorithm(false)?,
        false,
        &usages(&["sign"]),
    );
    let key = match import {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    }
    .map_err(|e| throw(import_failed(&e)))?;
    let signature = settle(
        subtle.sign(RSA, &key, unsigned.signing_input.as_bytes()),
        "sign",
    )
    .await?;
    let assertion = sf::assemble_jwt(&unsigned.signing_input, &bytes(&signature));
    to_js(&JwtAssertion {
        assertion: assertion.expose().to_owned(),
        audience: unsigned.audience,
        expires_at: unsigned.expires_at_ms as f64,
    })
}

/// `alternateAudience({loginUrl, allowCustomDomain, audience})` → the other JWT audience to try after
/// Salesforce refused an assertion the way a wrong `aud` causes (login ↔ test; after a site URL, the one
/// that fits the host), or `null`. `audience`: the one used (absent: the default for `loginUrl`).
#[wasm_bindgen(js_name = alternateAudience, unchecked_return_type = "string | null")]
pub fn alternate_audience_js(
    #[wasm_bindgen(unchecked_param_type = "AlternateAudienceInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: AlternateAudienceInput = from_js(options, "alternateAudience")?;
    let login = login_of(&input.login())?;
    let used = input
        .audience
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| sf::default_audience(&login));
    Ok(sf::alternate_audience(&login, &used).map_or(JsValue::NULL, |a| JsValue::from_str(&a)))
}

/// `generateJwtKeyPair({commonName})` → `Promise<{privateKeyPem, certificatePem}>`: a new RSA 2048 key
/// (PKCS#8 PEM) and a self-signed X.509 certificate for it (SHA-256 with RSA, valid 2 years), to upload to
/// the app ("Use digital signatures").
#[wasm_bindgen(js_name = generateJwtKeyPair, unchecked_return_type = "KeyPair")]
pub async fn generate_jwt_key_pair(
    #[wasm_bindgen(unchecked_param_type = "KeyPairInput | null | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: KeyPairInput = if options.is_undefined() || options.is_null() {
        KeyPairInput::default()
    } else {
        from_js(options, "generateJwtKeyPair")?
    };
    let subtle = subtle().map_err(throw)?;
    let generate = subtle.generate_key(&rsa_algorithm(true)?, true, &usages(&["sign", "verify"]));
    let pair = settle(generate, "generate a key pair").await?;
    let private_key = Reflect::get(&pair, &JsValue::from_str("privateKey"))?;
    let public_key = Reflect::get(&pair, &JsValue::from_str("publicKey"))?;
    let pkcs8 = settle(
        subtle.export_key("pkcs8", &private_key),
        "export the private key",
    )
    .await?;
    let spki = settle(
        subtle.export_key("spki", &public_key),
        "export the public key",
    )
    .await?;
    let mut serial = [0u8; sf::SERIAL_BYTES];
    fill_random(&mut serial).map_err(throw)?;
    let tbs = sf::tbs_certificate(&sf::CertificateInput {
        common_name: &input.common_name,
        serial,
        now_ms: js_sys::Date::now() as u64,
        valid_years: CERTIFICATE_YEARS,
        spki: &bytes(&spki),
    })
    .map_err(throw)?;
    let signature = settle(subtle.sign(RSA, &private_key, &tbs), "sign").await?;
    let private_key_pem = Secret::new(sf::pem_wrap("PRIVATE KEY", &bytes(&pkcs8)));
    to_js(&KeyPair {
        private_key_pem: private_key_pem.expose().to_owned(),
        certificate_pem: sf::pem_wrap(
            "CERTIFICATE",
            &sf::x509_certificate(&tbs, &bytes(&signature)),
        ),
    })
}

// ---------------------------------------------------------------- a token's life, described

/// `{url, method, headers, body}` of a lifecycle request: `Accept: application/json`, plus the bearer token
/// or a form body's `Content-Type`.
fn described(request: &sf::Request) -> Result<JsValue, JsValue> {
    to_js(&super::api::described(request))
}

/// `userinfoRequest({instanceUrl, accessToken})` → `{url, method: "GET", headers, body: null}`.
#[wasm_bindgen(js_name = userinfoRequest, unchecked_return_type = "HttpRequest")]
pub fn userinfo_request_js(
    #[wasm_bindgen(unchecked_param_type = "UserinfoRequestInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: UserinfoRequestInput = from_js(options, "userinfoRequest")?;
    let token = Secret::new(input.access_token);
    described(&sf::userinfo_request(&input.instance_url, &token).map_err(throw)?)
}

fn user_of(user: sf::UserInfo) -> User {
    User {
        username: user.username,
        name: user.name,
        email: user.email,
        org_id: user.org_id,
        user_id: user.user_id,
    }
}

/// `parseUserinfo(status, bodyText)` → `{username, name, email, orgId, userId}`.
#[wasm_bindgen(js_name = parseUserinfo, unchecked_return_type = "User")]
pub fn parse_userinfo_js(
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] body_text: JsValue,
) -> Result<JsValue, JsValue> {
    let user = sf::parse_userinfo(
        &BrowserJson,
        status_of(&status)?,
        &text_of(&body_text, "bodyText")?,
    )
    .map_err(throw)?;
    to_js(&user_of(user))
}

/// `compareIdentity({token: {orgId, userId, scope}, user, expectedUsername, requestedScopes})` → `{ok,
/// message, hint, requestedScopes, grantedScopes}`; `requestedScopes` null: no comparison.
#[wasm_bindgen(js_name = compareIdentity, unchecked_return_type = "IdentityCheck")]
pub fn compare_identity_js(
    #[wasm_bindgen(unchecked_param_type = "CompareIdentityInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    if !options.is_object() {
        return Err(bad_argument(
            "compareIdentity expects one options object.".to_owned(),
        ));
    }
    let input: CompareIdentityInput = from_js(options, "compareIdentity")?;
    let user = sf::UserInfo {
        username: input.user.username,
        name: input.user.name,
        email: input.user.email,
        org_id: input.user.org_id,
        user_id: input.user.user_id,
    };
    let requested = input.requested_scopes.as_ref().map(Scopes::entries);
    let check = sf::compare_identity(
        sf::TokenIds {
            org_id: input.token.org_id.as_deref(),
            user_id: input.token.user_id.as_deref(),
            scope: input.token.scope.as_deref(),
        },
        &user,
        input.expected_username.as_deref(),
        requested.as_deref(),
    );
    to_js(&IdentityCheck {
        ok: check.ok,
        message: check.message,
        hint: check.hint,
        requested_scopes: check.requested_scopes,
        granted_scopes: check.granted_scopes,
    })
}

/// `introspectRequest({loginUrl, allowCustomDomain, clientId, clientSecret, token, tokenTypeHint})` →
/// `{url, method: "POST", headers, body}`.
#[wasm_bindgen(js_name = introspectRequest, unchecked_return_type = "HttpRequest")]
pub fn introspect_request_js(
    #[wasm_bindgen(unchecked_param_type = "IntrospectRequestInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: IntrospectRequestInput = from_js(options, "introspectRequest")?;
    let login = login_of(&input.client().login)?;
    let secret = input.client().client_secret.map(Secret::new);
    let request = sf::introspect_request(
        &login,
        &input.client().client_id,
        secret.as_ref(),
        &Secret::new(input.token),
        input.token_type_hint.as_deref(),
    )
    .map_err(throw)?;
    described(&request)
}

pub(crate) fn introspection_of(i: sf::Introspection) -> Introspection {
    Introspection {
        active: i.active,
        expires_at: i.expires_at_ms.map(|ms| ms as f64),
        issued_at: i.issued_at_ms.map(|ms| ms as f64),
        scope: i.scope,
        username: i.username,
        token_type: i.token_type,
        remaining: i.remaining,
        message: i.message,
        hint: i.hint.map(str::to_owned),
    }
}

/// `parseIntrospection(status, bodyText, nowMs)` → `{active, expiresAt, issuedAt, scope, username,
/// tokenType, remaining, message, hint}` (times in ms or null).
#[wasm_bindgen(js_name = parseIntrospection, unchecked_return_type = "Introspection")]
pub fn parse_introspection_js(
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] body_text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number | null | undefined")] now_ms: JsValue,
) -> Result<JsValue, JsValue> {
    let status = status_of(&status)?;
    let body = text_of(&body_text, "bodyText")?;
    let now = time_of(&now_ms, "nowMs")?.unwrap_or_else(|| js_sys::Date::now() as u64);
    let i = sf::parse_introspection(&BrowserJson, status, &body, now).map_err(throw)?;
    to_js(&introspection_of(i))
}

/// A time argument in ms, `None` when absent.
fn time_of(value: &JsValue, name: &str) -> Result<Option<u64>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(ms) if (0.0..=MAX_DATE_MS).contains(&ms) => Ok(Some(ms as u64)),
        _ => Err(bad_argument(format!(
            "{name} must be a time in milliseconds since 1970."
        ))),
    }
}

/// `describeTokenAge(issuedAtMs, nowMs)` → `{message, hint}`: the age, and the caveat that Salesforce returns
/// no expiry (the session timeout decides, 2 hours by default).
#[wasm_bindgen(js_name = describeTokenAge, unchecked_return_type = "TokenAge")]
pub fn describe_token_age_js(
    #[wasm_bindgen(unchecked_param_type = "number | null | undefined")] issued_at_ms: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number | null | undefined")] now_ms: JsValue,
) -> Result<JsValue, JsValue> {
    let issued_at = time_of(&issued_at_ms, "issuedAtMs")?;
    let now = time_of(&now_ms, "nowMs")?.unwrap_or_else(|| js_sys::Date::now() as u64);
    let age = sf::describe_token_age(issued_at, now);
    to_js(&TokenAge {
        message: age.message,
        hint: age.hint.to_owned(),
    })
}

/// `revokeRequest({loginUrl, allowCustomDomain, token})` → `{url, method: "POST", headers, body}`.
#[wasm_bindgen(js_name = revokeRequest, unchecked_return_type = "HttpRequest")]
pub fn revoke_request_js(
    #[wasm_bindgen(unchecked_param_type = "RevokeRequestInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: RevokeRequestInput = from_js(options, "revokeRequest")?;
    let login = login_of(&input.login())?;
    described(&sf::revoke_request(&login, &Secret::new(input.token)).map_err(throw)?)
}

/// `parseRevokeResponse(status, bodyText)` → `{revoked: true}`; a refusal (JSON or form-encoded) is thrown
/// explained — `token_already_invalid` means the token is dead anyway: safe to forget locally.
#[wasm_bindgen(js_name = parseRevokeResponse, unchecked_return_type = "Revoked")]
pub fn parse_revoke_response_js(
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] body_text: JsValue,
) -> Result<JsValue, JsValue> {
    sf::parse_revoke_response(
        &BrowserJson,
        status_of(&status)?,
        &text_of(&body_text, "bodyText")?,
    )
    .map_err(throw)?;
    to_js(&Revoked { revoked: true })
}

/// `apiVersionsRequest({instanceUrl})` → `{url, method: "GET", headers, body: null}` (no token).
#[wasm_bindgen(js_name = apiVersionsRequest, unchecked_return_type = "HttpRequest")]
pub fn api_versions_request_js(
    #[wasm_bindgen(unchecked_param_type = "ApiVersionsRequestInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: ApiVersionsRequestInput = from_js(options, "apiVersionsRequest")?;
    described(&sf::api_versions_request(&input.instance_url).map_err(throw)?)
}

/// `parseApiVersions(status, bodyText)` → `{version, url, label}`: the newest.
#[wasm_bindgen(js_name = parseApiVersions, unchecked_return_type = "ApiVersion")]
pub fn parse_api_versions_js(
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] body_text: JsValue,
) -> Result<JsValue, JsValue> {
    let v = sf::parse_api_versions(
        &BrowserJson,
        status_of(&status)?,
        &text_of(&body_text, "bodyText")?,
    )
    .map_err(throw)?;
    to_js(&ApiVersion {
        version: v.version,
        url: v.url,
        label: v.label,
    })
}

/// `limitsRequest({instanceUrl, accessToken, versionUrl})` → `{url, method: "GET", headers, body: null}`.
#[wasm_bindgen(js_name = limitsRequest, unchecked_return_type = "HttpRequest")]
pub fn limits_request_js(
    #[wasm_bindgen(unchecked_param_type = "LimitsRequestInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: LimitsRequestInput = from_js(options, "limitsRequest")?;
    let token = Secret::new(input.access_token);
    described(&sf::limits_request(&input.instance_url, &token, &input.version_url).map_err(throw)?)
}

/// `parseLimits(status, bodyText)` → `{message, rows: [{name, value}]}`.
#[wasm_bindgen(js_name = parseLimits, unchecked_return_type = "Limits")]
pub fn parse_limits_js(
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] body_text: JsValue,
) -> Result<JsValue, JsValue> {
    let limits = sf::parse_limits(
        &BrowserJson,
        status_of(&status)?,
        &text_of(&body_text, "bodyText")?,
    )
    .map_err(throw)?;
    to_js(&Limits {
        message: limits.message,
        rows: limits
            .rows
            .into_iter()
            .map(|(name, value)| LimitRow { name, value })
            .collect(),
    })
}
