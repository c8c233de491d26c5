//! The device flow (docs/salesforce.md#grants "Device" rows; RFC 8628): ask the token
//! endpoint for a device code and a user code, show the user code, then poll
//! with `grant_type=device` until the person approves.
//!
//! - Step 1: `POST /services/oauth2/token` with `response_type=device_code`,
//!   `client_id`, `scope` → `device_code`, `user_code`, `verification_uri`,
//!   `interval` (seconds).
//! - Poll: [`crate::Grant::Device`]. While the person has not decided,
//!   Salesforce answers HTTP 400 `authorization_pending`; `slow_down` means
//!   "poll less often" (RFC 8628 §3.5: add 5 seconds to the interval).
//!
//! `verification_uri` becomes a link in the extension, so only an `https://`
//! URL is accepted: a hostile answer cannot plant a `javascript:` link.

use crate::encoding::json::{JsonDecoder, Scalar};
use crate::encoding::percent::encode_pairs;
use crate::error::at;
use crate::error::FieldError;
use crate::error::SfError;
use crate::oauth::http::Request;
use crate::oauth::token_request::token_post;
use crate::oauth::token_response::{
    not_json, salesforce_error, token_from_answer, unexpected_status, TokenContext, TokenResponse,
};
use crate::salesforce::answer::{oauth_error, read_answer, Body, ErrorFields};
use crate::salesforce::fields::validate_client_id;
use crate::salesforce::login_host::LoginHost;
use crate::salesforce::scope::parse_scopes;
use crate::secret::Secret;
use serde::Deserialize;
use std::borrow::Cow;

/// Polling interval when Salesforce gives none (RFC 8628 §3.2 default).
pub const DEFAULT_INTERVAL_MS: u32 = 5_000;
/// What `slow_down` adds to the interval (RFC 8628 §3.5).
pub const SLOW_DOWN_STEP_MS: u32 = 5_000;
/// Longest interval accepted from Salesforce or reached by slowing down.
const MAX_INTERVAL_MS: u32 = 3_600_000;

/// The device-code request (step 1).
pub fn build_device_code_request(
    login: &LoginHost,
    client_id: &str,
    scopes: &[&str],
) -> Result<Request, FieldError> {
    let client_id = validate_client_id(client_id).map_err(at("clientId"))?;
    let scopes = parse_scopes(scopes.iter().copied()).map_err(at("scopes"))?;
    let scope = scopes.join(" ");
    let mut pairs = vec![("response_type", "device_code"), ("client_id", client_id)];
    // No scope: Salesforce grants the app's configured scopes.
    if !scope.is_empty() {
        pairs.push(("scope", &scope));
    }
    Ok(token_post(login, encode_pairs(pairs)))
}

/// What step 1 returned.
#[derive(Debug, Clone)]
pub struct DeviceCode {
    /// Sent back with every poll.
    pub device_code: Secret,
    /// What the person types at the verification page.
    pub user_code: String,
    /// Where the person goes (an `https://` URL).
    pub verification_uri: String,
    /// How long to wait between polls, in milliseconds.
    pub interval_ms: u32,
}

/// The device-code answer: success and error fields together.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct RawDeviceCode {
    device_code: Scalar,
    user_code: Scalar,
    verification_uri: Scalar,
    interval: Scalar,
    error: Scalar,
    error_description: Scalar,
}

impl ErrorFields for RawDeviceCode {
    fn error_fields(&self) -> Option<(String, Option<String>)> {
        oauth_error(&self.error, &self.error_description)
    }
}

/// Reads the answer to the device-code request.
pub fn parse_device_code_response(
    json: &impl JsonDecoder,
    status: u16,
    body_text: &str,
) -> Result<DeviceCode, SfError> {
    let answer = read_answer::<RawDeviceCode>(json, status, body_text);
    if let Some((error, description)) = answer.error() {
        let e = salesforce_error(error, description);
        return Err(if e.code == "unsupported_grant_type" {
            device_flow_not_enabled(e)
        } else {
            e
        });
    }
    let raw = match &answer.body {
        Body::Object(_) | Body::List(_) | Body::Json if !answer.ok() => {
            return Err(unexpected_status(answer.status))
        }
        Body::Object(raw) => raw,
        Body::List(_) | Body::Json => &RawDeviceCode::default(),
        _ => return Err(not_json(&answer, None)),
    };
    let word = |value: &Scalar| {
        value
            .text()
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.chars().any(|c| c.is_whitespace() || c.is_control()))
    };
    let uri = word(&raw.verification_uri)
        .filter(|uri| uri.len() > "https://".len() && uri.starts_with("https://"));
    let (Some(device_code), Some(user_code), Some(verification_uri)) =
        (word(&raw.device_code), word(&raw.user_code), uri)
    else {
        return Err(SfError::new(
            "invalid_device_code_response",
            "Salesforce's answer to the device login lacks a device code, a user code or an https:// \
             verification address.",
            "Check that the login URL is your org's Salesforce login host, then start again.",
        ));
    };
    Ok(DeviceCode {
        device_code: Secret::new(device_code),
        user_code,
        verification_uri,
        interval_ms: interval_ms(&raw.interval),
    })
}

/// `interval` in seconds (a number, or digits in a string) → milliseconds;
/// the default when absent, zero or odd.
fn interval_ms(value: &Scalar) -> u32 {
    let seconds = match value {
        Scalar::Count(n) => Some(*n),
        Scalar::Text(text) => text.trim().parse::<u64>().ok(),
        _ => None,
    };
    match seconds {
        Some(s) if s > 0 => u32::try_from(s.saturating_mul(1000))
            .unwrap_or(MAX_INTERVAL_MS)
            .min(MAX_INTERVAL_MS),
        _ => DEFAULT_INTERVAL_MS,
    }
}

/// What one poll found.
#[derive(Debug, Clone)]
pub enum DevicePoll {
    /// The person has not decided yet: poll again after the interval.
    Pending,
    /// Poll less often: wait `interval_ms` from now on.
    SlowDown {
        /// The new interval.
        interval_ms: u32,
    },
    /// Approved: the tokens.
    Token(Box<TokenResponse>),
}

/// Reads the answer to a device poll. `current_interval_ms` is the interval
/// in use, so `slow_down` can lengthen it.
pub fn parse_device_poll(
    json: &impl JsonDecoder,
    status: u16,
    body_text: &str,
    client_secret: Option<&Secret>,
    current_interval_ms: u32,
) -> Result<DevicePoll, SfError> {
    let answer = read_answer(json, status, body_text);
    match answer.error().as_ref().map(|(error, _)| error.as_str()) {
        Some("authorization_pending") => return Ok(DevicePoll::Pending),
        Some("slow_down") => {
            return Ok(DevicePoll::SlowDown {
                interval_ms: current_interval_ms
                    .saturating_add(SLOW_DOWN_STEP_MS)
                    .min(MAX_INTERVAL_MS),
            })
        }
        _ => {}
    }
    match token_from_answer(&answer, client_secret, &TokenContext::default()) {
        Ok(token) => Ok(DevicePoll::Token(Box::new(token))),
        Err(e) => Err(match e.code {
            // Salesforce reuses the authorization-code wording for a device code.
            "authorization_code_expired" => SfError {
                code: "device_code_expired",
                message: Cow::Borrowed(
                    "The device code expired (or was already used) before the login was approved.",
                ),
                hint: Cow::Borrowed(
                    "Start the device login again and enter the new code at the verification page within \
                     a few minutes.",
                ),
                ..e
            },
            "access_denied" => SfError {
                message: Cow::Borrowed(
                    "The person at the verification page clicked Deny, so Salesforce issued no token.",
                ),
                hint: Cow::Borrowed(
                    "Start the device login again and click Allow after entering the code.",
                ),
                ..e
            },
            "unsupported_grant_type" => device_flow_not_enabled(e),
            _ => e,
        }),
    }
}

/// `unsupported_grant_type` in the device flow: the app does not allow it.
fn device_flow_not_enabled(e: SfError) -> SfError {
    SfError {
        code: "device_flow_not_enabled",
        message: Cow::Borrowed("Salesforce does not allow the device flow for this app."),
        hint: Cow::Borrowed(
            "In the app's OAuth settings turn on \"Enable for Device Flow\", save, and wait a few minutes. \
             Since September 2025 the app must also be installed in the org: device-flow apps that are not \
             are blocked for everyone.",
        ),
        ..e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;
    use crate::salesforce::login_host::normalize_login_url;

    #[test]
    fn device_code_request() {
        let login = normalize_login_url("acme.my.salesforce.com", false).unwrap();
        let req =
            build_device_code_request(&login, " 3MVG9x ", &["api refresh_token", "api"]).unwrap();
        assert_eq!(
            req.url,
            "https://acme.my.salesforce.com/services/oauth2/token"
        );
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.expose_body(),
            "response_type=device_code&client_id=3MVG9x&scope=api%20refresh_token"
        );
        let no_scope = build_device_code_request(&login, "3MVG9x", &[]).unwrap();
        assert_eq!(
            no_scope.expose_body(),
            "response_type=device_code&client_id=3MVG9x"
        );
        let e = build_device_code_request(&login, "", &[]).unwrap_err();
        assert_eq!((e.field, e.error.code), ("clientId", "missing_client_id"));
        let e = build_device_code_request(&login, "x", &["a\"b"]).unwrap_err();
        assert_eq!((e.field, e.error.code), ("scopes", "invalid_scope_syntax"));
    }

    #[test]
    fn device_code_response() {
        let d = parse_device_code_response(&SerdeJson,
            200,
            r#"{"device_code":"M2Q1.dev","user_code":"ABCD1234","verification_uri":"https://acme.my.salesforce.com/setup/connect","interval":7}"#,
        )
        .unwrap();
        assert_eq!(d.device_code.expose(), "M2Q1.dev");
        assert_eq!(d.user_code, "ABCD1234");
        assert_eq!(
            d.verification_uri,
            "https://acme.my.salesforce.com/setup/connect"
        );
        assert_eq!(d.interval_ms, 7000);
        let base = r#""device_code":"d","user_code":"u","verification_uri":"https://x/""#;
        for (interval, ms) in [
            ("", 5000),
            (r#","interval":"10""#, 10_000),
            (r#","interval":0"#, 5000),
            (r#","interval":-3"#, 5000),
            (r#","interval":1.5"#, 5000),
            (r#","interval":null"#, 5000),
            (r#","interval":99999999999"#, MAX_INTERVAL_MS),
        ] {
            let body = ["{", base, interval, "}"].concat();
            assert_eq!(
                parse_device_code_response(&SerdeJson, 200, &body)
                    .unwrap()
                    .interval_ms,
                ms,
                "{body}"
            );
        }
    }

    #[test]
    fn device_code_response_errors() {
        for body in [
            r#"{"user_code":"u","verification_uri":"https://x/"}"#,
            r#"{"device_code":"d","verification_uri":"https://x/"}"#,
            r#"{"device_code":"d","user_code":"u"}"#,
            r#"{"device_code":"d","user_code":"u","verification_uri":"javascript:alert(1)"}"#,
            r#"{"device_code":"d","user_code":"u","verification_uri":"http://x/"}"#,
            r#"{"device_code":"d","user_code":"u","verification_uri":"https://"}"#,
            r#"{"device_code":"d e","user_code":"u","verification_uri":"https://x/"}"#,
        ] {
            assert_eq!(
                parse_device_code_response(&SerdeJson, 200, body)
                    .unwrap_err()
                    .code,
                "invalid_device_code_response",
                "{body}"
            );
        }
        let e = parse_device_code_response(
            &SerdeJson,
            400,
            r#"{"error":"unsupported_grant_type","error_description":"grant type not supported"}"#,
        )
        .unwrap_err();
        assert_eq!(e.code, "device_flow_not_enabled");
        assert!(e.hint.contains("Enable for Device Flow"));
        assert_eq!(e.error.as_deref(), Some("unsupported_grant_type"));
        let e = parse_device_code_response(
            &SerdeJson,
            400,
            r#"{"error":"invalid_scope","error_description":"the requested scope is not allowed"}"#,
        )
        .unwrap_err();
        assert_eq!(e.code, "invalid_scope");
        assert_eq!(
            parse_device_code_response(&SerdeJson, 502, "<html><title>Bad Gateway</title></html>")
                .unwrap_err()
                .code,
            "server_error"
        );
        assert_eq!(
            parse_device_code_response(&SerdeJson, 500, "{}")
                .unwrap_err()
                .code,
            "server_error"
        );
    }

    #[test]
    fn polls() {
        let pending =
            r#"{"error":"authorization_pending","error_description":"authorization pending"}"#;
        assert!(matches!(
            parse_device_poll(&SerdeJson, 400, pending, None, 5000).unwrap(),
            DevicePoll::Pending
        ));
        let slow = r#"{"error":"slow_down","error_description":"polling too frequently"}"#;
        match parse_device_poll(&SerdeJson, 400, slow, None, 7000).unwrap() {
            DevicePoll::SlowDown { interval_ms } => assert_eq!(interval_ms, 12_000),
            other => panic!("{other:?}"),
        }
        match parse_device_poll(&SerdeJson, 400, slow, None, u32::MAX).unwrap() {
            DevicePoll::SlowDown { interval_ms } => assert_eq!(interval_ms, MAX_INTERVAL_MS),
            other => panic!("{other:?}"),
        }
        let token = r#"{"access_token":"00Dxx!t","refresh_token":"5Aep","id":"https://login.salesforce.com/id/00Dxx/005xx"}"#;
        match parse_device_poll(&SerdeJson, 200, token, None, 5000).unwrap() {
            DevicePoll::Token(t) => {
                assert_eq!(t.access_token.expose(), "00Dxx!t");
                assert_eq!(t.user_id.as_deref(), Some("005xx"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn poll_errors_are_explained_for_the_device_flow() {
        let e = parse_device_poll(
            &SerdeJson,
            400,
            r#"{"error":"invalid_grant","error_description":"expired authorization code"}"#,
            None,
            5000,
        )
        .unwrap_err();
        assert_eq!(e.code, "device_code_expired");
        assert!(e.hint.contains("again"));
        assert_eq!(
            e.error_description.as_deref(),
            Some("expired authorization code")
        );
        let e = parse_device_poll(
            &SerdeJson,
            400,
            r#"{"error":"access_denied","error_description":"end-user denied authorization"}"#,
            None,
            5000,
        )
        .unwrap_err();
        assert_eq!(e.code, "access_denied");
        assert!(e.message.contains("Deny"));
        let e = parse_device_poll(
            &SerdeJson,
            400,
            r#"{"error":"invalid_client","error_description":"invalid client credentials"}"#,
            None,
            5000,
        )
        .unwrap_err();
        assert_eq!(e.code, "invalid_client");
        assert_eq!(
            parse_device_poll(&SerdeJson, 400, "nope", None, 5000)
                .unwrap_err()
                .code,
            "not_json"
        );
    }
}
