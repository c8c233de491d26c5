//! One export per user action, each crossing the boundary once: the extension passes what the person chose,
//! and the module builds the request (pure core), sends it (`net`), and reads Salesforce's answer (pure core),
//! returning a typed result or throwing a [`Failure`](super::types::Failure).
//!
//! | export | action |
//! |---|---|
//! | `exchangeCode` | the web-server login's captured code → a token |
//! | `exchangeCodeFromPage` | the same from the standalone page: the token when the org allows the page (CORS), else commands |
//! | `refreshToken` | Refresh → the new token (rotation: the new refresh token replaces the old) |
//! | `getToken` | username-password, client credentials, JWT bearer → a token |
//! | `startDevice`, `pollDevice` | the device flow's two requests |
//! | `whoIsThis`, `stillValid`, `testCall`, `revokeToken` | a token's life |
//! | `tryRequest`, `requestSuggestions` | "Try a request": one REST call of the person's choosing, to the token's instance |
//! | `checkSetup` | "Check setup": what Salesforce reveals about a profile's app before anybody logs in |

use super::api::{code_exchange_request, commands_of, login_of};
use super::convert::{from_js, throw, throw_field, to_js, BrowserJson};
use super::net::{send, Outgoing, Received};
use super::types::*;
use crate::oauth::token_response::parse_token_response_for;
use crate::throttled;
use crate::{
    api_versions_request, build_device_code_request, build_token_request, compare_identity,
    cors_allowed, cors_probe_request, cors_refusal, describe_token_age, introspect_request,
    limits_request, merge_refresh_token, normalize_login_url, parse_api_versions,
    parse_device_code_response, parse_device_poll, parse_introspection, parse_limits,
    parse_revoke_response, parse_userinfo, revoke_request, userinfo_request, Grant, GrantType,
    LoginHost, Request, Secret, SfError, TokenContext, TokenIds, TokenRequestInput, TokenResponse,
    DEFAULT_INTERVAL_MS,
};
use wasm_bindgen::prelude::*;

type Thrown = JsValue;

// ---------------------------------------------------------------- shared steps

/// The consumer secret, `None` for a public client (absent or empty).
fn secret_of(client: &Client) -> Option<Secret> {
    client
        .client_secret
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(Secret::new)
}

/// Sends a request the core built (the one place its secrets are exposed, for `fetch`).
async fn send_request(request: &Request) -> Result<Received, Thrown> {
    send_core(request).await.map_err(throw)
}

/// [`send_request`], failing with the core's error rather than a thrown value.
async fn send_core(request: &Request) -> Result<Received, SfError> {
    let outgoing = Outgoing {
        url: &request.url,
        method: request.method,
        headers: request
            .headers
            .iter()
            .map(|(name, value)| (*name, value.expose()))
            .collect(),
        body: request.body.as_ref().map(Secret::expose),
    };
    let answer = send(&outgoing).await?;
    // Too many requests (or maintenance with a Retry-After) is a matter of waiting, whatever the body says.
    match throttled(answer.status, answer.retry_after.as_deref()) {
        Some(error) => Err(error),
        None => Ok(answer),
    }
}

/// Build, send and read one token request; errors are explained for this grant (the refresh-secret setting on
/// a refresh, the other JWT audience on a JWT refusal).
async fn token_call(
    client: &Client,
    login: &LoginHost,
    grant: Grant,
    audience: Option<&str>,
) -> Result<TokenResponse, Thrown> {
    let secret = secret_of(client);
    let grant_type = grant_type_of(&grant);
    let request = build_token_request(&TokenRequestInput {
        login,
        client_id: &client.client_id,
        client_secret: secret.as_ref(),
        grant,
    })
    .map_err(throw_field)?;
    let answer = send_request(&request).await?;
    let context = TokenContext {
        grant: Some(grant_type),
        login: Some(login),
        audience,
    };
    parse_token_response_for(
        &BrowserJson,
        answer.status,
        &answer.text,
        secret.as_ref(),
        &context,
    )
    .map_err(throw)
}

fn grant_type_of(grant: &Grant) -> GrantType {
    match grant {
        Grant::AuthorizationCode { .. } => GrantType::AuthorizationCode,
        Grant::RefreshToken { .. } => GrantType::RefreshToken,
        Grant::Password { .. } => GrantType::Password,
        Grant::ClientCredentials => GrantType::ClientCredentials,
        Grant::JwtBearer { .. } => GrantType::JwtBearer,
        Grant::Device { .. } => GrantType::Device,
    }
}

fn now_ms(given: Option<f64>) -> u64 {
    given.unwrap_or_else(js_sys::Date::now).max(0.0) as u64
}

fn missing(code: &'static str, message: &'static str, hint: &'static str) -> Thrown {
    throw(SfError::new(code, message, hint))
}

// ---------------------------------------------------------------- token requests

/// `exchangeCode({loginUrl, allowCustomDomain, clientId, clientSecret, redirectUri, code, codeVerifier})` →
/// the token. A failure says with `retrySameCode` whether the same code may be tried again.
#[wasm_bindgen(js_name = exchangeCode, unchecked_return_type = "Token")]
pub async fn exchange_code(
    #[wasm_bindgen(unchecked_param_type = "ExchangeCodeInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: ExchangeCodeInput = from_js(input, "exchangeCode")?;
    let client = input.client();
    let login = login_of(&client.login)?;
    let grant = Grant::AuthorizationCode {
        code: Secret::new(input.code),
        redirect_uri: input.redirect_uri,
        code_verifier: input.code_verifier.map(Secret::new),
    };
    let token = token_call(&client, &login, grant, None).await?;
    to_js(&Token::from(&token))
}

/// `exchangeCodeFromPage({exchange: {…exchangeCode's input}, pageOrigin})` → `{kind: "token", token, message}` |
/// `{kind: "commands", message, hint, commands: {curl, powershell, note}}`: the standalone page's exchange. A
/// token POST is a CORS "simple" request, sent even when the browser will hide the answer, so sending the code
/// from a page the org does not allow would use the code up for nothing. First a probe without a code
/// (`oauth::cors`); the code only once the browser has let the page read the probe's answer. A probe the browser
/// refuses (a `TypeError` from `fetch`: `network_error`) means this page may not: the commands, the code unused.
#[wasm_bindgen(js_name = exchangeCodeFromPage, unchecked_return_type = "PageExchange")]
pub async fn exchange_code_from_page(
    #[wasm_bindgen(unchecked_param_type = "PageExchangeInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: PageExchangeInput = from_js(input, "exchangeCodeFromPage")?;
    let exchange = &input.exchange;
    let client = exchange.client();
    let login = login_of(&client.login)?;
    // Built first: a field to fix is said before anything is sent.
    let request = code_exchange_request(exchange, &login)?;
    match send_core(&cors_probe_request(&login, &client.client_id)).await {
        Ok(_) => {}
        Err(error) if error.code == "network_error" => {
            let why = cors_refusal(&login, &input.page_origin);
            return to_js(&PageExchange::Commands {
                message: why.message.into_owned(),
                hint: why.hint.into_owned(),
                commands: commands_of(&request),
            });
        }
        Err(error) => return Err(throw(error)),
    }
    let grant = Grant::AuthorizationCode {
        code: Secret::new(exchange.code.as_str()),
        redirect_uri: exchange.redirect_uri.clone(),
        code_verifier: exchange.code_verifier.as_deref().map(Secret::new),
    };
    let token = token_call(&client, &login, grant, None).await?;
    to_js(&PageExchange::Token {
        token: Token::from(&token),
        message: cors_allowed(&login, &input.page_origin),
    })
}

/// `refreshToken({loginUrl, allowCustomDomain, clientId, clientSecret, token})` → the new token, keeping the
/// previous refresh token unless Salesforce rotated it (`refreshTokenRotated`).
#[wasm_bindgen(js_name = refreshToken, unchecked_return_type = "RefreshedToken")]
pub async fn refresh_token(
    #[wasm_bindgen(unchecked_param_type = "RefreshInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: RefreshInput = from_js(input, "refreshToken")?;
    let login = login_of(&input.client().login)?;
    let Some(refresh) = input.token.refresh_token.clone() else {
        return Err(missing(
            "no_refresh_token",
            "This token has no refresh token, so it cannot be refreshed.",
            "Add the refresh_token scope to the app and the profile, then log in again.",
        ));
    };
    let grant = Grant::RefreshToken {
        refresh_token: Secret::new(refresh),
    };
    let next = Token::from(&token_call(&input.client(), &login, grant, None).await?);
    let (keep, rotated) = merge_refresh_token(
        input.token.refresh_token.as_deref(),
        next.refresh_token.as_deref(),
    );
    let keep = keep.map(str::to_owned);
    to_js(&RefreshedToken {
        token: Token {
            refresh_token: keep,
            ..next
        },
        refresh_token_rotated: rotated,
    })
}

/// `getToken({flow, loginUrl, allowCustomDomain, clientId, clientSecret, username, password, securityToken,
/// privateKeyPem, audience})` → the token of a one-request flow.
#[wasm_bindgen(js_name = getToken, unchecked_return_type = "Token")]
pub async fn get_token(
    #[wasm_bindgen(unchecked_param_type = "GetTokenInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: GetTokenInput = from_js(input, "getToken")?;
    let login = login_of(&input.client().login)?;
    let grant =
        match input.flow.as_str() {
            "password" => Grant::Password {
                username: input.username.clone().unwrap_or_default(),
                password: Secret::new(input.password.clone().unwrap_or_default()),
                security_token: Secret::new(input.security_token.clone().unwrap_or_default()),
            },
            "client_credentials" => Grant::ClientCredentials,
            "jwt_bearer" => Grant::JwtBearer {
                assertion: Secret::new(jwt_assertion_for(&input).await?),
            },
            _ => return Err(missing(
                "not_a_direct_flow",
                "This flow does not get a token in one request.",
                "Use \"Log in\" for the web-server flow, or the device page for the device flow.",
            )),
        };
    let token = token_call(&input.client(), &login, grant, input.audience.as_deref()).await?;
    to_js(&Token::from(&token))
}

/// Signs a JWT bearer assertion with WebCrypto (the `jwtAssertion` export's code).
async fn jwt_assertion_for(input: &GetTokenInput) -> Result<String, Thrown> {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Options<'a> {
        login_url: &'a str,
        allow_custom_domain: bool,
        client_id: &'a str,
        username: &'a str,
        private_key_pem: &'a str,
        audience: Option<&'a str>,
    }
    #[derive(serde::Deserialize)]
    struct Signed {
        assertion: String,
    }
    let options = to_js(&Options {
        login_url: &input.client().login.login_url,
        allow_custom_domain: input.client().login.allow_custom_domain,
        client_id: &input.client().client_id,
        username: input.username.as_deref().unwrap_or_default(),
        private_key_pem: input.private_key_pem.as_deref().unwrap_or_default(),
        audience: input.audience.as_deref(),
    })?;
    let signed = super::lifecycle::jwt_assertion(options).await?;
    Ok(from_js::<Signed>(signed, "jwtAssertion")?.assertion)
}

/// `startDevice({loginUrl, allowCustomDomain, clientId, scopes})` → `{deviceCode, userCode,
/// verificationUri, intervalMs}`.
#[wasm_bindgen(js_name = startDevice, unchecked_return_type = "DeviceCode")]
pub async fn start_device(
    #[wasm_bindgen(unchecked_param_type = "StartDeviceInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: StartDeviceInput = from_js(input, "startDevice")?;
    let login = login_of(&input.client().login)?;
    let scopes: Vec<&str> = input.scopes.split_whitespace().collect();
    let request = build_device_code_request(&login, &input.client().client_id, &scopes)
        .map_err(throw_field)?;
    let answer = send_request(&request).await?;
    let device =
        parse_device_code_response(&BrowserJson, answer.status, &answer.text).map_err(throw)?;
    to_js(&DeviceCode {
        device_code: device.device_code.expose().to_owned(),
        user_code: device.user_code,
        verification_uri: device.verification_uri,
        interval_ms: device.interval_ms,
    })
}

/// `pollDevice({loginUrl, allowCustomDomain, clientId, clientSecret, deviceCode, intervalMs})` →
/// `{kind: "pending"}` | `{kind: "slow_down", intervalMs}` | `{kind: "token", token}`.
#[wasm_bindgen(js_name = pollDevice, unchecked_return_type = "DevicePoll")]
pub async fn poll_device(
    #[wasm_bindgen(unchecked_param_type = "PollDeviceInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: PollDeviceInput = from_js(input, "pollDevice")?;
    let login = login_of(&input.client().login)?;
    let secret = secret_of(&input.client());
    let request = build_token_request(&TokenRequestInput {
        login: &login,
        client_id: &input.client().client_id,
        client_secret: secret.as_ref(),
        grant: Grant::Device {
            device_code: Secret::new(input.device_code),
        },
    })
    .map_err(throw_field)?;
    let answer = send_request(&request).await?;
    let interval = input.interval_ms.unwrap_or(DEFAULT_INTERVAL_MS);
    let poll = parse_device_poll(
        &BrowserJson,
        answer.status,
        &answer.text,
        secret.as_ref(),
        interval,
    )
    .map_err(throw)?;
    to_js(&match poll {
        crate::DevicePoll::Pending => DevicePoll::Pending,
        crate::DevicePoll::SlowDown { interval_ms } => DevicePoll::SlowDown { interval_ms },
        crate::DevicePoll::Token(token) => DevicePoll::Token {
            token: Token::from(&*token),
        },
    })
}

// ---------------------------------------------------------------- a token's life

fn access_token(token: &Token) -> Secret {
    Secret::new(token.access_token.clone())
}

fn instance_url(token: &Token) -> &str {
    token.instance_url.as_deref().unwrap_or_default()
}

/// `whoIsThis({…client, token, expectedUsername, requestedScopes})` → `{user, check}`: userinfo, compared
/// with the token's ids, the profile's username and the scopes asked for.
#[wasm_bindgen(js_name = whoIsThis, unchecked_return_type = "WhoIsThis")]
pub async fn who_is_this(
    #[wasm_bindgen(unchecked_param_type = "TokenActionInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: TokenActionInput = from_js(input, "whoIsThis")?;
    let request =
        userinfo_request(instance_url(&input.token), &access_token(&input.token)).map_err(throw)?;
    let answer = send_request(&request).await?;
    let user = parse_userinfo(&BrowserJson, answer.status, &answer.text).map_err(throw)?;
    let requested: Option<Vec<&str>> = input.requested_scopes.as_deref().map(|s| {
        s.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .collect()
    });
    let check = compare_identity(
        TokenIds {
            org_id: input.token.org_id.as_deref(),
            user_id: input.token.user_id.as_deref(),
            scope: input.token.scope.as_deref(),
        },
        &user,
        input.expected_username.as_deref(),
        requested.as_deref(),
    );
    to_js(&WhoIsThis {
        user: User {
            username: user.username,
            name: user.name,
            email: user.email,
            org_id: user.org_id,
            user_id: user.user_id,
        },
        check: IdentityCheck {
            ok: check.ok,
            message: check.message,
            hint: check.hint,
            requested_scopes: check.requested_scopes,
            granted_scopes: check.granted_scopes,
        },
    })
}

/// `stillValid({…client, token, nowMs})` → `{introspection, introspectionError, age}`: introspection when the
/// app allows it, and the token's age with the session-timeout caveat in any case.
#[wasm_bindgen(js_name = stillValid, unchecked_return_type = "Validity")]
pub async fn still_valid(
    #[wasm_bindgen(unchecked_param_type = "TokenActionInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: TokenActionInput = from_js(input, "stillValid")?;
    let now = now_ms(input.now_ms);
    let age = describe_token_age(input.token.issued_at.map(|ms| ms as u64), now);
    let age = TokenAge {
        message: age.message,
        hint: age.hint.to_owned(),
    };
    // Introspection may be refused (the app does not allow it, no secret): then the age is the answer, and why
    // introspection said nothing is shown with it.
    let client = input.client();
    let introspected = async {
        let login = normalize_login_url(&client.login.login_url, client.login.allow_custom_domain)?;
        let secret = secret_of(&client);
        let request = introspect_request(
            &login,
            &client.client_id,
            secret.as_ref(),
            &access_token(&input.token),
            Some("access_token"),
        )?;
        let answer = send_core(&request).await?;
        parse_introspection(&BrowserJson, answer.status, &answer.text, now)
    }
    .await;
    let (introspection, introspection_error) = match introspected {
        Ok(i) => (Some(super::lifecycle::introspection_of(i)), None),
        Err(error) => (None, Some(Failure::from(error))),
    };
    to_js(&Validity {
        introspection,
        introspection_error,
        age,
    })
}

/// `testCall({…client, token})` → `{latest, message, rows}`: the API versions (no token needed), then the
/// latest version's `/limits` with the token.
#[wasm_bindgen(js_name = testCall, unchecked_return_type = "TestCall")]
pub async fn test_call(
    #[wasm_bindgen(unchecked_param_type = "TokenActionInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: TokenActionInput = from_js(input, "testCall")?;
    let versions = api_versions_request(instance_url(&input.token)).map_err(throw)?;
    let answer = send_request(&versions).await?;
    let latest = parse_api_versions(&BrowserJson, answer.status, &answer.text).map_err(throw)?;
    let request = limits_request(
        instance_url(&input.token),
        &access_token(&input.token),
        &latest.url,
    )
    .map_err(throw)?;
    let answer = send_request(&request).await?;
    let limits = parse_limits(&BrowserJson, answer.status, &answer.text).map_err(throw)?;
    to_js(&TestCall {
        latest: ApiVersion {
            version: latest.version,
            url: latest.url,
            label: latest.label,
        },
        message: limits.message,
        rows: limits
            .rows
            .into_iter()
            .map(|(name, value)| LimitRow { name, value })
            .collect(),
    })
}

/// `revokeToken({…client, token})` → `{revoked: true}`: revokes the refresh token when there is one (it takes
/// its access tokens with it), else the access token, at the login host that issued it.
#[wasm_bindgen(js_name = revokeToken, unchecked_return_type = "Revoked")]
pub async fn revoke_token(
    #[wasm_bindgen(unchecked_param_type = "TokenActionInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: TokenActionInput = from_js(input, "revokeToken")?;
    let login = login_of(&input.client().login)?;
    let which = input
        .token
        .refresh_token
        .clone()
        .unwrap_or_else(|| input.token.access_token.clone());
    let request = revoke_request(&login, &Secret::new(which)).map_err(throw)?;
    let answer = send_request(&request).await?;
    parse_revoke_response(&BrowserJson, answer.status, &answer.text).map_err(throw)?;
    to_js(&Revoked { revoked: true })
}

// ---------------------------------------------------------------- try a request, check setup

/// The core's request input for `tryRequest` / `requestAsCurl`.
pub(crate) fn try_request_of(input: &TryRequestInput) -> Result<Request, Thrown> {
    let token = access_token(&input.token);
    crate::token::try_request::build_try_request(
        &BrowserJson,
        &crate::token::try_request::TryRequestInput {
            instance_url: instance_url(&input.token),
            access_token: &token,
            method: input.method.as_deref().unwrap_or_default(),
            path: &input.path,
            body: input.body.as_deref(),
            format: input.format.as_deref().unwrap_or_default(),
        },
    )
    .map_err(throw)
}

/// `tryRequest({token, method, path, body, format})` → `{status, ok, summary, headers, body, bodyFormat, error}`:
/// one REST request to the token's own instance (a path elsewhere is refused before anything is sent); a REST
/// error is an answer, explained in `error`, not a throw.
#[wasm_bindgen(js_name = tryRequest, unchecked_return_type = "TriedRequest")]
pub async fn try_request(
    #[wasm_bindgen(unchecked_param_type = "TryRequestInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: TryRequestInput = from_js(input, "tryRequest")?;
    let request = try_request_of(&input)?;
    let answer = send_request(&request).await?;
    let read = crate::token::try_request::read_try_response(
        &BrowserJson,
        &request,
        answer.status,
        &answer.headers,
        &answer.text,
    );
    to_js(&TriedRequest {
        status: read.status,
        ok: read.ok,
        summary: read.summary,
        headers: read
            .headers
            .into_iter()
            .map(|(name, value)| ResponseHeader { name, value })
            .collect(),
        body: read.body,
        body_format: read.body_format.to_owned(),
        error: read.error.map(|e| RestErrorInfo {
            code: e.code,
            message: e.message,
            hint: e.hint,
            salesforce_message: e.salesforce_message,
            fields: e.fields,
        }),
    })
}

/// `requestSuggestions({token})` → `{latest, paths}`: the instance's latest API version (`GET /services/data/`, no
/// token needed) and paths to try with it, the first (`…/limits`) being the default.
#[wasm_bindgen(js_name = requestSuggestions, unchecked_return_type = "RequestSuggestions")]
pub async fn request_suggestions(
    #[wasm_bindgen(unchecked_param_type = "TokenActionInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: TokenActionInput = from_js(input, "requestSuggestions")?;
    let versions = api_versions_request(instance_url(&input.token)).map_err(throw)?;
    let answer = send_request(&versions).await?;
    let latest = parse_api_versions(&BrowserJson, answer.status, &answer.text).map_err(throw)?;
    let paths = crate::token::try_request::suggested_paths(&latest.url).map_err(throw)?;
    to_js(&RequestSuggestions {
        latest: ApiVersion {
            version: latest.version,
            url: latest.url,
            label: latest.label,
        },
        paths,
    })
}

/// `checkSetup(profile)` → `{host, allPassed, lines: [{id, label, status, message, hint}]}`: what Salesforce reveals
/// about the profile's app without logging anybody in (src/oauth/setup_check.rs): the discovery document, then the
/// authorize endpoint with and without a PKCE challenge; redirects are seen, never followed.
#[wasm_bindgen(js_name = checkSetup, unchecked_return_type = "SetupCheck")]
pub async fn check_setup(
    #[wasm_bindgen(unchecked_param_type = "ProfileInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    use crate::oauth::setup_check::{decide_setup, setup_probes, Seen, SetupCheckInput, Status};
    let profile: ProfileInput = from_js(input, "checkSetup")?;
    let flow = crate::parse_flow(&profile.flow).map_err(|error| {
        super::convert::throw_field(crate::FieldError {
            field: "flow",
            error: Box::new(error),
        })
    })?;
    let login = login_of(&LoginTarget {
        login_url: profile.login_url.clone(),
        allow_custom_domain: profile.allow_custom_domain,
    })?;
    let input = SetupCheckInput {
        login: &login,
        flow,
        client_id: &profile.client_id,
        redirect_uri: &profile.redirect_uri,
    };
    let probes = setup_probes(&input, &mut super::random::fill_random).map_err(throw_field)?;
    let discovery = observe(&probes.discovery).await;
    let with_pkce = observe(&probes.authorize_with_pkce).await;
    let without_pkce = match &probes.authorize_without_pkce {
        Some(request) => Some(observe(request).await),
        None => None,
    };
    fn seen(observed: &Result<Option<Received>, SfError>) -> Seen<'_> {
        match observed {
            Ok(Some(answer)) => Seen::Answer {
                status: answer.status,
                body: &answer.text,
            },
            Ok(None) => Seen::Redirected,
            Err(error) => Seen::Unreachable(error),
        }
    }
    let lines = decide_setup(
        &BrowserJson,
        &input,
        seen(&discovery),
        seen(&with_pkce),
        without_pkce.as_ref().map(seen),
    );
    to_js(&SetupCheck {
        host: login.host.clone(),
        all_passed: lines.iter().all(|line| line.status == Status::Pass),
        lines: lines
            .into_iter()
            .map(|line| CheckLine {
                id: line.id.to_owned(),
                label: line.label.to_owned(),
                status: line.status.as_str().to_owned(),
                message: line.message,
                hint: line.hint,
            })
            .collect(),
    })
}

/// One probe of "Check setup": the answer, `None` for a redirect (seen, not followed), or why there was none.
async fn observe(request: &Request) -> Result<Option<Received>, SfError> {
    let outgoing = Outgoing {
        url: &request.url,
        method: request.method,
        headers: request
            .headers
            .iter()
            .map(|(name, value)| (*name, value.expose()))
            .collect(),
        body: request.body.as_ref().map(Secret::expose),
    };
    super::net::probe(&outgoing).await
}
