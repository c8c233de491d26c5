//! The exports that need no network: login hosts and profiles, the web-server flow (authorize URL, callback,
//! Salesforce's error pages), token requests described and token answers read, explanations — plus
//! `sendRequest` for a request built here. The extension itself uses the one-crossing actions
//! ([`super::actions`]); these stay for the pages that work offline (the standalone page builds an authorize
//! URL and reads a pasted redirect) and for tools that bring their own HTTP client.
//!
//! Every input is a Rust struct read with serde-wasm-bindgen, every output a struct written as a plain
//! JSON-compatible object; failures are thrown as [`Failure`]s.

use super::convert::{bad_argument, from_js, throw, throw_field, to_js, BrowserJson};
use super::random::fill_random;
use super::types::*;
use crate as sf;
use crate::{FieldError, Secret};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Reads a login URL; errors name the field `loginUrl`.
pub(crate) fn login_of(target: &LoginTarget) -> Result<sf::LoginHost, JsValue> {
    sf::normalize_login_url(&target.login_url, target.allow_custom_domain).map_err(|error| {
        throw_field(FieldError {
            field: "loginUrl",
            error: Box::new(error),
        })
    })
}

/// An HTTP status given from JavaScript.
pub(crate) fn status_of(status: &JsValue) -> Result<u16, JsValue> {
    match status.as_f64() {
        Some(s) if s.fract() == 0.0 && (0.0..=65535.0).contains(&s) => Ok(s as u16),
        _ => Err(bad_argument(
            "status must be an HTTP status number.".to_owned(),
        )),
    }
}

/// A string argument (`null`/`undefined` read as empty).
pub(crate) fn text_of(value: &JsValue, name: &str) -> Result<String, JsValue> {
    optional_text_of(value, name).map(Option::unwrap_or_default)
}

/// An optional string argument.
pub(crate) fn optional_text_of(value: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| bad_argument(format!("{name} must be a string.")))
}

// ---------------------------------------------------------------- login hosts and profiles

/// `normalizeLoginUrl(input, allowCustomDomain?)` → `{origin, host, pathPrefix, environment, notes}`: what
/// people paste (login/test.salesforce.com, My Domain in every partition, Lightning, Setup, Visualforce and
/// file URLs → My Domain with a note, Experience Cloud sites, Government Cloud, China); a custom domain only
/// with `allowCustomDomain`.
#[wasm_bindgen(js_name = normalizeLoginUrl, unchecked_return_type = "LoginHostInfo")]
pub fn normalize_login_url_js(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "boolean | null | undefined")]
    allow_custom_domain: JsValue,
) -> Result<JsValue, JsValue> {
    let input = text_of(&input, "input")?;
    let allow = match allow_custom_domain.as_bool() {
        Some(flag) => flag,
        None if allow_custom_domain.is_undefined() || allow_custom_domain.is_null() => false,
        None => {
            return Err(bad_argument(
                "allowCustomDomain must be true or false.".to_owned(),
            ))
        }
    };
    let host = sf::normalize_login_url(&input, allow).map_err(throw)?;
    to_js(&LoginHostInfo::from(&host))
}

/// `validateProfile(profile)` → the normalised login host plus `hostPermissions` (the match patterns the
/// extension must hold for this profile); checks only the fields the `flow` uses; throws `{…, field}`.
#[wasm_bindgen(js_name = validateProfile, unchecked_return_type = "CheckedProfile")]
pub fn validate_profile_js(
    #[wasm_bindgen(unchecked_param_type = "ProfileInput")] profile: JsValue,
) -> Result<JsValue, JsValue> {
    let p: ProfileInput = from_js(profile, "validateProfile")?;
    let scopes = p.scopes.entries();
    let checked = sf::validate_profile(&sf::ProfileInput {
        flow: &p.flow,
        name: &p.name,
        login_url: &p.login_url,
        allow_custom_domain: p.allow_custom_domain,
        client_id: &p.client_id,
        client_secret: &p.client_secret,
        redirect_uri: &p.redirect_uri,
        scopes: &scopes,
        username: &p.username,
        private_key_pem: &p.private_key_pem,
    })
    .map_err(throw_field)?;
    to_js(&CheckedProfile {
        login: LoginHostInfo::from(&checked.login),
        host_permissions: checked.host_permissions,
    })
}

/// `flowInfo(flow)` → `{note}`: what an admin must set up for that flow; `{note: ""}` for anything else.
#[wasm_bindgen(js_name = flowInfo, unchecked_return_type = "FlowInfo")]
pub fn flow_info(#[wasm_bindgen(unchecked_param_type = "string")] flow: JsValue) -> JsValue {
    let note = sf::flow_note(&flow.as_string().unwrap_or_default()).to_owned();
    to_js(&FlowInfo { note }).unwrap_or(JsValue::NULL)
}

// ---------------------------------------------------------------- the web-server flow

/// `authorizeRequest({loginUrl, allowCustomDomain, clientId, redirectUri, scopes, pkce, prompt, loginHint})`
/// → `{url, state, codeVerifier}`; PKCE S256 by default, `state` carries 256 random bits.
#[wasm_bindgen(js_name = authorizeRequest, unchecked_return_type = "AuthorizeRequest")]
pub fn authorize_request(
    #[wasm_bindgen(unchecked_param_type = "AuthorizeInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: AuthorizeInput = from_js(options, "authorizeRequest")?;
    let login = login_of(&input.login())?;
    let scopes = input.scopes.entries();
    let request = sf::build_authorize_request(
        &sf::AuthorizeInput {
            login: &login,
            client_id: &input.client_id,
            redirect_uri: &input.redirect_uri,
            scopes: &scopes,
            pkce: input.pkce.unwrap_or(true),
            prompt: input.prompt.as_deref(),
            login_hint: input.login_hint.as_deref(),
        },
        &mut fill_random,
    )
    .map_err(throw)?;
    to_js(&AuthorizeRequest {
        url: request.url,
        state: request.state,
        code_verifier: request
            .code_verifier
            .as_ref()
            .map(|v| v.expose().to_owned()),
    })
}

fn outcome_of(outcome: Option<&sf::AuthorizationError>) -> Result<JsValue, JsValue> {
    to_js(&match outcome {
        Some(e) => CallbackOutcome::Error(e.into()),
        None => CallbackOutcome::Unrelated,
    })
}

/// `parseCallback(url, expectedState)` → `{kind: "code", code, state}` | `{kind: "error", error,
/// errorDescription, state, message, hint, reason}` | `{kind: "unrelated"}`.
#[wasm_bindgen(js_name = parseCallback, unchecked_return_type = "CallbackOutcome")]
pub fn parse_callback_js(
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] expected_state: JsValue,
) -> Result<JsValue, JsValue> {
    let url = text_of(&url, "url")?;
    let expected_state = text_of(&expected_state, "expectedState")?;
    match sf::parse_callback(&url, &expected_state).map_err(throw)? {
        sf::CallbackOutcome::Code { code, state } => to_js(&CallbackOutcome::Code {
            code: code.expose().to_owned(),
            state,
        }),
        sf::CallbackOutcome::Error(e) => outcome_of(Some(&e)),
        sf::CallbackOutcome::Unrelated => outcome_of(None),
    }
}

/// `parseErrorPage(bodyText)`: the bare-text page Salesforce shows instead of redirecting (bad client_id or
/// redirect_uri) → `{kind: "error", …}` | `{kind: "unrelated"}`.
#[wasm_bindgen(js_name = parseErrorPage, unchecked_return_type = "CallbackOutcome")]
pub fn parse_error_page_js(
    #[wasm_bindgen(unchecked_param_type = "string")] body_text: JsValue,
) -> Result<JsValue, JsValue> {
    let body_text = text_of(&body_text, "bodyText")?;
    outcome_of(sf::parse_error_page(&body_text).as_ref())
}

/// `parseRemoteAccessErrorPage(url)`: Salesforce's own OAuth error page
/// (`…/setup/secur/RemoteAccessErrorPage.apexp?error=…`, no state: an invalid scope and the like) →
/// `{kind: "error", …, reason}` | `{kind: "unrelated"}`.
#[wasm_bindgen(js_name = parseRemoteAccessErrorPage, unchecked_return_type = "CallbackOutcome")]
pub fn parse_remote_access_error_page_js(
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
) -> Result<JsValue, JsValue> {
    let url = text_of(&url, "url")?;
    outcome_of(sf::parse_remote_access_error_page(&url).as_ref())
}

/// `codeLifetimeMs()` → 900000: an authorization code lives 15 minutes.
#[wasm_bindgen(js_name = codeLifetimeMs)]
pub fn code_lifetime_ms() -> u32 {
    sf::CODE_LIFETIME_MS
}

// ---------------------------------------------------------------- token requests, described

/// `{url, method, headers, body}` of a request the core built (`body: null` without one).
pub(crate) fn described(request: &sf::Request) -> HttpRequest {
    HttpRequest {
        url: request.url.clone(),
        method: Some(request.method.to_owned()),
        // Later values win, as `Headers.set` would have it.
        headers: Some(
            request
                .headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.expose().to_owned()))
                .collect(),
        ),
        body: request.body.as_ref().map(|body| body.expose().to_owned()),
    }
}

/// `tokenRequest({grantType, loginUrl, allowCustomDomain, clientId, clientSecret, …})` → `{url, method,
/// headers, body}`: the token POST of any grant, client credentials in the body. Per `grantType` (default
/// `authorization_code`): `redirectUri`, `code`, `codeVerifier` | `refreshToken` | `username`, `password`,
/// `securityToken` | nothing more (client credentials) | `assertion` (JWT bearer) | `deviceCode`.
#[wasm_bindgen(js_name = tokenRequest, unchecked_return_type = "HttpRequest")]
pub fn token_request(
    #[wasm_bindgen(unchecked_param_type = "TokenRequestInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: TokenRequestInput = from_js(options, "tokenRequest")?;
    let grant_type =
        sf::check_grant_type(input.grant_type.as_deref().unwrap_or("authorization_code"))
            .map_err(throw)?;
    let login = login_of(&input.client().login)?;
    let secret = input
        .client_secret
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(Secret::new);
    let client_id = input.client_id.clone();
    let grant = match grant_type {
        sf::GrantType::AuthorizationCode => sf::Grant::AuthorizationCode {
            code: Secret::new(input.code),
            redirect_uri: input.redirect_uri,
            code_verifier: input.code_verifier.map(Secret::new),
        },
        sf::GrantType::RefreshToken => sf::Grant::RefreshToken {
            refresh_token: Secret::new(input.refresh_token),
        },
        sf::GrantType::Password => sf::Grant::Password {
            username: input.username,
            password: Secret::new(input.password),
            security_token: Secret::new(input.security_token),
        },
        sf::GrantType::ClientCredentials => sf::Grant::ClientCredentials,
        sf::GrantType::JwtBearer => sf::Grant::JwtBearer {
            assertion: Secret::new(input.assertion),
        },
        sf::GrantType::Device => sf::Grant::Device {
            device_code: Secret::new(input.device_code),
        },
    };
    let request = sf::build_token_request(&sf::TokenRequestInput {
        login: &login,
        client_id: &client_id,
        client_secret: secret.as_ref(),
        grant,
    })
    .map_err(throw_field)?;
    to_js(&described(&request))
}

/// The token request of a web-server login's captured code (what `exchangeCode` sends).
pub(crate) fn code_exchange_request(
    input: &ExchangeCodeInput,
    login: &sf::LoginHost,
) -> Result<sf::Request, JsValue> {
    let secret = input
        .client_secret
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(Secret::new);
    sf::build_token_request(&sf::TokenRequestInput {
        login,
        client_id: &input.client_id,
        client_secret: secret.as_ref(),
        grant: sf::Grant::AuthorizationCode {
            code: Secret::new(input.code.as_str()),
            redirect_uri: input.redirect_uri.clone(),
            code_verifier: input.code_verifier.as_deref().map(Secret::new),
        },
    })
    .map_err(throw_field)
}

/// A token request as commands to run by hand (the one place they leave the [`Secret`] type).
pub(crate) fn commands_of(request: &sf::Request) -> TokenRequestCommands {
    TokenRequestCommands {
        curl: sf::token_request_command(request, sf::Shell::Curl)
            .expose()
            .to_owned(),
        powershell: sf::token_request_command(request, sf::Shell::PowerShell)
            .expose()
            .to_owned(),
        note: sf::RUN_ONCE_NOTE.to_owned(),
    }
}

/// `tokenRequestCommands({loginUrl, allowCustomDomain, clientId, clientSecret, redirectUri, code, codeVerifier})`
/// → `{curl, powershell, note}`: the code exchange as a curl command and a PowerShell `Invoke-RestMethod`, every
/// value quoted for its shell (for a page the org does not let call its token endpoint).
#[wasm_bindgen(js_name = tokenRequestCommands, unchecked_return_type = "TokenRequestCommands")]
pub fn token_request_commands(
    #[wasm_bindgen(unchecked_param_type = "ExchangeCodeInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: ExchangeCodeInput = from_js(input, "tokenRequestCommands")?;
    let login = login_of(&input.client().login)?;
    to_js(&commands_of(&code_exchange_request(&input, &login)?))
}

/// `deviceCodeRequest({loginUrl, allowCustomDomain, clientId, scopes})` → `{url, method, headers, body}`.
#[wasm_bindgen(js_name = deviceCodeRequest, unchecked_return_type = "HttpRequest")]
pub fn device_code_request(
    #[wasm_bindgen(unchecked_param_type = "DeviceCodeRequestInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: DeviceCodeRequestInput = from_js(options, "deviceCodeRequest")?;
    let login = login_of(&input.login())?;
    let scopes = input.scopes.entries();
    let request =
        sf::build_device_code_request(&login, &input.client_id, &scopes).map_err(throw_field)?;
    to_js(&described(&request))
}

/// `parseDeviceCodeResponse(status, bodyText)` → `{deviceCode, userCode, verificationUri, intervalMs}`.
#[wasm_bindgen(js_name = parseDeviceCodeResponse, unchecked_return_type = "DeviceCode")]
pub fn parse_device_code_response_js(
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] body_text: JsValue,
) -> Result<JsValue, JsValue> {
    let device = sf::parse_device_code_response(
        &BrowserJson,
        status_of(&status)?,
        &text_of(&body_text, "bodyText")?,
    )
    .map_err(throw)?;
    to_js(&DeviceCode {
        device_code: device.device_code.expose().to_owned(),
        user_code: device.user_code,
        verification_uri: device.verification_uri,
        interval_ms: device.interval_ms,
    })
}

/// `parseDevicePoll(status, bodyText, clientSecret, currentIntervalMs?)` → `{kind: "pending"}` |
/// `{kind: "slow_down", intervalMs}` | `{kind: "token", token}`; Deny and expiry thrown explained.
#[wasm_bindgen(js_name = parseDevicePoll, unchecked_return_type = "DevicePoll")]
pub fn parse_device_poll_js(
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] body_text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] client_secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number | null | undefined")]
    current_interval_ms: JsValue,
) -> Result<JsValue, JsValue> {
    let status = status_of(&status)?;
    let body_text = text_of(&body_text, "bodyText")?;
    let secret = optional_text_of(&client_secret, "clientSecret")?.map(Secret::new);
    let current = if current_interval_ms.is_undefined() || current_interval_ms.is_null() {
        sf::DEFAULT_INTERVAL_MS
    } else {
        match current_interval_ms.as_f64() {
            // Saturating: huge values become u32::MAX, then the cap.
            Some(ms) if ms >= 0.0 => ms as u32,
            _ => {
                return Err(bad_argument(
                    "currentIntervalMs must be a number of milliseconds.".to_owned(),
                ))
            }
        }
    };
    let poll = sf::parse_device_poll(&BrowserJson, status, &body_text, secret.as_ref(), current)
        .map_err(throw)?;
    to_js(&match poll {
        sf::DevicePoll::Pending => DevicePoll::Pending,
        sf::DevicePoll::SlowDown { interval_ms } => DevicePoll::SlowDown { interval_ms },
        sf::DevicePoll::Token(token) => DevicePoll::Token {
            token: Token::from(&*token),
        },
    })
}

/// `mergeRefreshedToken(previous, next)` → the token to store after a refresh: `next`, with the previous
/// refresh token unless Salesforce rotated it, `refreshTokenRotated`, and what else the stored token carried
/// (e.g. `profileId`) that `next` lacks.
#[wasm_bindgen(js_name = mergeRefreshedToken, unchecked_return_type = "RefreshedToken")]
pub fn merge_refreshed_token(
    #[wasm_bindgen(unchecked_param_type = "Token")] previous: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Token")] next: JsValue,
) -> Result<JsValue, JsValue> {
    if !previous.is_object() || !next.is_object() {
        return Err(bad_argument(
            "mergeRefreshedToken expects the previous and the new token objects.".to_owned(),
        ));
    }
    let old: Token = from_js(previous.clone(), "mergeRefreshedToken previous")?;
    let new: Token = from_js(next.clone(), "mergeRefreshedToken next")?;
    let (keep, rotated) =
        sf::merge_refresh_token(old.refresh_token.as_deref(), new.refresh_token.as_deref());
    let merged = to_js(&RefreshedToken {
        token: Token {
            refresh_token: keep.map(str::to_owned),
            ..new
        },
        refresh_token_rotated: rotated,
    })?;
    // The new token as given (with whatever else it carries), the merged fields over it, and the profile it
    // belongs to from the stored one when the new one does not say.
    let out = js_sys::Object::new();
    for part in [&next, &merged] {
        js_sys::Object::assign(&out, part.unchecked_ref());
    }
    let profile_id = js_sys::Reflect::get(&previous, &JsValue::from_str("profileId"))?;
    let has_own = js_sys::Reflect::get(&next, &JsValue::from_str("profileId"))?;
    if (has_own.is_undefined() || has_own.is_null())
        && !(profile_id.is_undefined() || profile_id.is_null())
    {
        js_sys::Reflect::set(&out, &JsValue::from_str("profileId"), &profile_id)?;
    }
    Ok(out.into())
}

/// `parseTokenResponse(status, bodyText, clientSecret, context?)` → the token; a Salesforce error (JSON or
/// form-encoded) is thrown explained for the request in `context` (`{grantType, loginUrl,
/// allowCustomDomain, audience}`: e.g. a refresh's `invalid_client` names "Require Secret for Refresh Token
/// Flow"; a JWT refusal names the other audience to try).
#[wasm_bindgen(js_name = parseTokenResponse, unchecked_return_type = "Token")]
pub fn parse_token_response_js(
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] body_text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] client_secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TokenAnswerContext | null | undefined")]
    context: JsValue,
) -> Result<JsValue, JsValue> {
    let status = status_of(&status)?;
    let body_text = text_of(&body_text, "bodyText")?;
    let secret = optional_text_of(&client_secret, "clientSecret")?.map(Secret::new);
    let context: TokenAnswerContext = if context.is_undefined() || context.is_null() {
        TokenAnswerContext::default()
    } else {
        from_js(context, "parseTokenResponse context")?
    };
    let grant = match &context.grant_type {
        Some(grant_type) => Some(sf::check_grant_type(grant_type).map_err(throw)?),
        None => None,
    };
    // Only advice depends on the login URL: one that does not normalise just means no audience advice.
    let login = context
        .login_url
        .as_deref()
        .and_then(|url| sf::normalize_login_url(url, context.allow_custom_domain).ok());
    let token = sf::parse_token_response_for(
        &BrowserJson,
        status,
        &body_text,
        secret.as_ref(),
        &sf::TokenContext {
            grant,
            login: login.as_ref(),
            audience: context.audience.as_deref(),
        },
    )
    .map_err(throw)?;
    to_js(&Token::from(&token))
}

/// `explainError(error, errorDescription, grantType?)` → `{code, message, hint, retrySameCode}` for any
/// Salesforce error code and description.
#[wasm_bindgen(js_name = explainError, unchecked_return_type = "Explanation")]
pub fn explain_error(
    #[wasm_bindgen(unchecked_param_type = "string")] error: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] error_description: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] grant_type: JsValue,
) -> Result<JsValue, JsValue> {
    let error = text_of(&error, "error")?;
    let description = optional_text_of(&error_description, "errorDescription")?;
    let context = sf::ErrorContext::from_grant_type(&text_of(&grant_type, "grantType")?);
    let e = sf::explain_in(&error, description.as_deref(), context);
    to_js(&Explanation {
        code: e.code.to_owned(),
        message: e.message.to_string(),
        hint: e.hint.to_string(),
        retry_same_code: e.retry_same_code,
    })
}

/// `sendRequest({url, method, headers, body})` → `Promise<{status, bodyText}>`: a request built by the core,
/// sent as every request of sftoken is (credentials omitted, no redirect followed, 30 s timeout, https only).
#[wasm_bindgen(js_name = sendRequest, unchecked_return_type = "HttpAnswer")]
pub async fn send_request(
    #[wasm_bindgen(unchecked_param_type = "HttpRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let request: HttpRequest = from_js(request, "sendRequest")?;
    let method = match request.method.as_deref() {
        None | Some("POST") => "POST",
        Some("GET") => "GET",
        Some(_) => {
            return Err(bad_argument(
                "method must be \"POST\" or \"GET\".".to_owned(),
            ))
        }
    };
    let headers = request.headers.unwrap_or_default();
    let answer = super::net::send(&super::net::Outgoing {
        url: &request.url,
        method,
        headers: headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect(),
        body: request.body.as_deref(),
    })
    .await
    .map_err(throw)?;
    to_js(&HttpAnswer {
        status: answer.status,
        body_text: answer.text,
    })
}

// ---------------------------------------------------------------- try a request

/// `requestAsCurl({token, method, path, body, format})` → `{command}`: the request `tryRequest` would send, as one
/// curl command for bash, zsh and fish (every value single-quoted: the token's `!` survives history expansion).
/// Synchronous, so a click can put it in the clipboard at once.
#[wasm_bindgen(js_name = requestAsCurl, unchecked_return_type = "CurlCommand")]
pub fn request_as_curl(
    #[wasm_bindgen(unchecked_param_type = "TryRequestInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: TryRequestInput = from_js(input, "requestAsCurl")?;
    let request = super::actions::try_request_of(&input)?;
    to_js(&CurlCommand {
        command: crate::token::try_request::curl_command(&request),
    })
}

// ---------------------------------------------------------------- exports, paste, import

/// `exportToken({format, token, profile, apiVersion})` → `{format, text, filename, note}`: the token as an HTTP
/// header, a curl or HTTPie command, `.env` lines, a Salesforce CLI login, an SFDX auth URL or a Postman
/// environment; a format that lacks what it needs throws what is missing and how to get it.
#[wasm_bindgen(js_name = exportToken, unchecked_return_type = "ExportedToken")]
pub fn export_token_js(
    #[wasm_bindgen(unchecked_param_type = "ExportInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: ExportInput = from_js(options, "exportToken")?;
    let format = sf::parse_export_format(&input.format).map_err(throw)?;
    let access = Secret::new(input.token.access_token.clone());
    let refresh = input.token.refresh_token.clone().map(Secret::new);
    let secret = input
        .profile
        .as_ref()
        .and_then(|p| p.client_secret.clone())
        .map(Secret::new);
    let profile = input.profile.as_ref().map(|p| sf::ExportProfile {
        name: &p.name,
        login_url: &p.login_url,
        allow_custom_domain: p.allow_custom_domain,
        client_id: &p.client_id,
        client_secret: secret.as_ref(),
    });
    let export = sf::export_token(&sf::ExportInput {
        format,
        token: sf::ExportToken {
            access_token: &access,
            refresh_token: refresh.as_ref(),
            instance_url: input.token.instance_url.as_deref(),
            org_id: input.token.org_id.as_deref(),
            user_id: input.token.user_id.as_deref(),
        },
        profile,
        api_version: input
            .api_version
            .as_deref()
            .filter(|v| !v.trim().is_empty()),
    })
    .map_err(throw)?;
    to_js(&ExportedToken {
        format: export.format.as_str().to_owned(),
        text: export.text.expose().to_owned(),
        filename: export.filename,
        note: export.note,
    })
}

/// `classifyPaste(text)` → `{kind, …}`: `login_url` | `callback` | `sfdx_auth_url` | `token_response` |
/// `access_token` | `unknown`. Recognises only: nothing is sent anywhere.
#[wasm_bindgen(js_name = classifyPaste, unchecked_return_type = "PasteKind")]
pub fn classify_paste_js(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    let text = text_of(&text, "text")?;
    to_js(&match sf::classify_paste(&BrowserJson, &text) {
        sf::Pasted::LoginUrl(host) => {
            let info = LoginHostInfo::from(&host);
            PasteKind::LoginUrl {
                origin: info.origin,
                host: info.host,
                environment: info.environment,
                notes: info.notes,
                path_prefix: info.path_prefix,
            }
        }
        sf::Pasted::Callback { url } => PasteKind::Callback { url },
        sf::Pasted::SfdxAuthUrl {
            client_id,
            client_secret,
            refresh_token,
            instance_url,
        } => PasteKind::SfdxAuthUrl {
            client_id,
            client_secret: client_secret.expose().to_owned(),
            refresh_token: refresh_token.expose().to_owned(),
            instance_url,
        },
        sf::Pasted::TokenResponse(token) => PasteKind::TokenResponse {
            token: Token::from(&*token),
        },
        sf::Pasted::AccessToken {
            access_token,
            org_id,
        } => PasteKind::AccessToken {
            org_id,
            access_token: access_token.expose().to_owned(),
        },
        sf::Pasted::Unknown { message, hint } => PasteKind::Unknown {
            message: message.into_owned(),
            hint: hint.into_owned(),
        },
    })
}

/// `importToken({accessToken, instanceUrl, refreshToken, clientId, loginUrl})` → `{token, loginUrl, clientId}`:
/// a token sftoken did not get itself, checked as every token action needs it (its instance an https Salesforce
/// host, a refresh token with its consumer key); throws `{…, field}`.
#[wasm_bindgen(js_name = importToken, unchecked_return_type = "ImportedToken")]
pub fn import_token_js(
    #[wasm_bindgen(unchecked_param_type = "ImportTokenInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let input: ImportTokenInput = from_js(options, "importToken")?;
    let access = input.access_token.clone().map(Secret::new);
    let refresh = input.refresh_token.clone().map(Secret::new);
    let imported = sf::check_import(&sf::ImportInput {
        access_token: access.as_ref(),
        instance_url: &input.instance_url,
        refresh_token: refresh.as_ref(),
        client_id: &input.client_id,
        login_url: &input.login_url,
    })
    .map_err(throw_field)?;
    to_js(&ImportedToken {
        token: Token {
            access_token: imported.access_token.expose().to_owned(),
            refresh_token: imported
                .refresh_token
                .as_ref()
                .map(|r| r.expose().to_owned()),
            instance_url: Some(imported.instance_url),
            org_id: imported.org_id,
            token_type: Some("Bearer".to_owned()),
            ..Token::default()
        },
        login_url: imported.login_url,
        client_id: imported.client_id,
    })
}

// ---------------------------------------------------------------- profiles at scale, and shared

/// `profileList(profiles, nowMs)` → the list's rows sorted by name: `{id, name, host, environment, mark: {label,
/// symbol}, production, tokenKind, tokenLabel, searchText}`. Each profile is a stored one with a summary of its token
/// (`hasToken`, `tokenIssuedAt`, `hasRefreshToken`, `instanceUrl`); the environment is the login host's, refined
/// by the token's instance URL when the login host is login/test.salesforce.com.
#[wasm_bindgen(js_name = profileList, unchecked_return_type = "ProfileRow[]")]
pub fn profile_list(
    #[wasm_bindgen(unchecked_param_type = "StoredProfile[]")] profiles: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] now_ms: JsValue,
) -> Result<JsValue, JsValue> {
    use sf::salesforce::profiles_file::{flag_of, text_of, ProfileFields};
    let profiles: Vec<ProfileFields> = from_js(profiles, "profileList")?;
    let listed: Vec<sf::token::profile_list::ListedProfile<'_>> = profiles
        .iter()
        .map(|p| sf::token::profile_list::ListedProfile {
            id: text_of(&p.id),
            name: text_of(&p.name),
            login_url: text_of(&p.login_url),
            allow_custom_domain: flag_of(&p.allow_custom_domain),
            token: flag_of(&p.has_token).then(|| sf::token::profile_list::ListedToken {
                issued_at_ms: p.token_issued_at.count(),
                has_refresh_token: flag_of(&p.has_refresh_token),
                instance_url: Some(text_of(&p.instance_url)).filter(|u| !u.is_empty()),
            }),
        })
        .collect();
    let now = now_ms
        .as_f64()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map_or(0, |v| v as u64);
    let rows: Vec<ProfileRow> = sf::token::profile_list::profile_rows(&listed, now)
        .into_iter()
        .map(|r| ProfileRow {
            id: r.id,
            name: r.name,
            host: r.host,
            environment: r.environment.to_owned(),
            mark: r.mark.into(),
            production: r.production,
            token_kind: r.token_kind.to_owned(),
            token_label: r.token_label,
            search_text: r.search_text,
        })
        .collect();
    to_js(&rows)
}

/// `searchProfiles(query, searchTexts)` → the indices of the texts (the rows' `searchText`) holding every word of
/// `query` (case-insensitive for ASCII letters), those starting with the first word (a name's start) first; an
/// empty query matches all.
#[wasm_bindgen(js_name = searchProfiles, unchecked_return_type = "number[]")]
pub fn search_profiles(
    #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] search_texts: JsValue,
) -> Result<JsValue, JsValue> {
    let query = text_of(&query, "query")?;
    let texts: Vec<String> = from_js(search_texts, "searchProfiles")?;
    let found = sf::token::profile_list::search_profiles(&query, texts.iter().map(String::as_str));
    let out = js_sys::Array::new();
    for i in found {
        out.push(&JsValue::from_f64(i as f64));
    }
    Ok(out.into())
}

/// `exportProfiles(profiles, includeSecrets, nowMs)` → `{document, fileName, summary}`: `document` is the
/// `profiles/1` file to `JSON.stringify` (consumer secrets and private keys only with `includeSecrets`; never a
/// password or a token), `summary` says plainly what it contains.
#[wasm_bindgen(js_name = exportProfiles, unchecked_return_type = "ProfilesExport")]
pub fn export_profiles(
    #[wasm_bindgen(unchecked_param_type = "StoredProfile[]")] profiles: JsValue,
    #[wasm_bindgen(unchecked_param_type = "boolean")] include_secrets: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] now_ms: JsValue,
) -> Result<JsValue, JsValue> {
    let profiles: Vec<sf::salesforce::profiles_file::ProfileFields> =
        from_js(profiles, "exportProfiles")?;
    let export = sf::salesforce::profiles_file::export_profiles(
        profiles.iter().map(|p| p.portable()).collect(),
        include_secrets.as_bool() == Some(true),
    );
    let now = now_ms.as_f64().filter(|v| v.is_finite() && *v >= 0.0);
    to_js(&ProfilesExport {
        document: ProfilesDocument {
            sftoken: sf::salesforce::profiles_file::PROFILES_SCHEMA.to_owned(),
            exported_at: now.map_or(0.0, f64::trunc),
            secrets: export.secrets,
            profiles: export.profiles.iter().map(PortableProfile::from).collect(),
        },
        file_name: export.file_name.to_owned(),
        summary: export.summary,
    })
}

/// `planProfileImport(text, existing)` → `{add, update, unchanged, secrets, summary}`: the `profiles/1` file read and
/// checked whole, each profile matched to a stored one (`existing`, with their ids; their secrets are not read) by
/// login host + consumer key. A damaged, foreign or newer-schema file, or any bad entry, throws
/// (`profiles_file_damaged`, `profiles_file_foreign`, `profiles_file_newer`, `profiles_file_empty`,
/// `profiles_file_invalid`) and plans nothing.
#[wasm_bindgen(js_name = planProfileImport, unchecked_return_type = "ImportPlan")]
pub fn plan_profile_import(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "StoredProfile[]")] existing: JsValue,
) -> Result<JsValue, JsValue> {
    let text = text_of(&text, "text")?;
    let existing: Vec<sf::salesforce::profiles_file::ProfileFields> =
        from_js(existing, "planProfileImport")?;
    let existing: Vec<sf::salesforce::profiles_file::ExistingProfile> =
        existing.iter().map(|p| p.existing()).collect();
    let plan = sf::salesforce::profiles_file::plan_profile_import(&BrowserJson, &text, &existing)
        .map_err(throw)?;
    let update = |u: &sf::salesforce::profiles_file::ProfileUpdate| ProfileUpdate {
        id: u.id.clone(),
        name: u.name.clone(),
        profile: PortableProfile::from(&u.profile),
        changes: u.changes.iter().map(|c| (*c).to_owned()).collect(),
    };
    to_js(&ImportPlan {
        add: plan.add.iter().map(PortableProfile::from).collect(),
        update: plan.update.iter().map(update).collect(),
        unchanged: plan.unchanged.iter().map(update).collect(),
        secrets: plan.secrets,
        summary: plan.summary,
    })
}

/// `duplicateProfileName(name, existingNames)` → `NAME (copy)`, or `NAME (copy 2)`… when taken.
#[wasm_bindgen(js_name = duplicateProfileName)]
pub fn duplicate_profile_name(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] existing_names: JsValue,
) -> Result<String, JsValue> {
    let name = text_of(&name, "name")?;
    let existing: Vec<String> = from_js(existing_names, "duplicateProfileName")?;
    Ok(sf::salesforce::profiles_file::duplicate_name(
        &name,
        existing.iter().map(String::as_str),
    ))
}
