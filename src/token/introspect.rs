//! "Still valid?": token introspection (docs/salesforce.md#introspection; RFC 7662).
//!
//! `POST {login host}/services/oauth2/introspect` with `token`,
//! `token_type_hint`, `client_id` and `client_secret`. The answer carries
//! `active`, and for an active token `exp` / `iat` in seconds, `scope`,
//! `username`. Client authentication failures answer 401 (`invalid_client`):
//! introspection needs the consumer secret, and the app must allow it.

use crate::encoding::json::{JsonDecoder, Scalar};
use crate::encoding::percent::encode_pairs;
use crate::error::SfError;
use crate::oauth::http::Request;
use crate::salesforce::answer::{oauth_error, read_answer, Body, ErrorFields};
use crate::salesforce::explain::explain;
use crate::salesforce::fields::validate_client_id;
use crate::salesforce::login_host::LoginHost;
use crate::secret::Secret;
use crate::token::lifecycle::{checked_token, duration_text, reported, unexpected};
use serde::Deserialize;
use std::borrow::Cow;

/// Path of the introspection endpoint.
pub const INTROSPECT_PATH: &str = "/services/oauth2/introspect";
/// Largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The introspection request.
pub fn introspect_request(
    login: &LoginHost,
    client_id: &str,
    client_secret: Option<&Secret>,
    token: &Secret,
    token_type_hint: Option<&str>,
) -> Result<Request, SfError> {
    let client_id = validate_client_id(client_id)?;
    let token = checked_token(token, "token")?;
    let hint = token_type_hint.map(str::trim).filter(|h| !h.is_empty());
    if hint.is_some_and(|h| h != "access_token" && h != "refresh_token") {
        return Err(SfError::new(
            "invalid_token_type_hint",
            "tokenTypeHint must be \"access_token\" or \"refresh_token\".",
            "This is a bug in the extension's call into sftoken; please report it.",
        ));
    }
    let mut pairs = vec![("token", token)];
    if let Some(hint) = hint {
        pairs.push(("token_type_hint", hint));
    }
    pairs.push(("client_id", client_id));
    if let Some(secret) = client_secret
        .map(|s| s.expose().trim())
        .filter(|s| !s.is_empty())
    {
        pairs.push(("client_secret", secret));
    }
    Ok(Request::form_post(
        login.endpoint(INTROSPECT_PATH),
        encode_pairs(pairs),
    ))
}

/// What Salesforce says about a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introspection {
    /// Still usable.
    pub active: bool,
    /// `exp`, in ms since the epoch (refresh tokens have none).
    pub expires_at_ms: Option<u64>,
    /// `iat`, in ms since the epoch.
    pub issued_at_ms: Option<u64>,
    /// Granted scopes, space-separated.
    pub scope: Option<String>,
    /// The token's user.
    pub username: Option<String>,
    /// `access_token` or `refresh_token`.
    pub token_type: Option<String>,
    /// "1 h 59 min left" / "expired 3 min ago" (with `exp` only).
    pub remaining: Option<String>,
    /// In plain words.
    pub message: String,
    /// What to do, when there is something to do.
    pub hint: Option<&'static str>,
}

/// The introspection answer: claims and error fields together.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct RawIntrospection {
    active: Scalar,
    exp: Scalar,
    iat: Scalar,
    scope: Scalar,
    username: Scalar,
    token_type: Scalar,
    error: Scalar,
    error_description: Scalar,
}

impl ErrorFields for RawIntrospection {
    fn error_fields(&self) -> Option<(String, Option<String>)> {
        oauth_error(&self.error, &self.error_description)
    }
}

/// Seconds → ms, when a plain unsigned integer that stays exact in JS.
fn seconds_ms(value: &Scalar) -> Option<u64> {
    value
        .count()?
        .checked_mul(1000)
        .filter(|&ms| ms <= MAX_SAFE_INTEGER)
}

/// "1 h 59 min left" or "expired 3 min ago".
pub fn remaining_text(expires_at_ms: u64, now_ms: u64) -> String {
    if expires_at_ms > now_ms {
        format!("{} left", duration_text(expires_at_ms - now_ms))
    } else {
        format!("expired {} ago", duration_text(now_ms - expires_at_ms))
    }
}

/// Reads the introspection answer.
pub fn parse_introspection(
    json: &impl JsonDecoder,
    status: u16,
    body: &str,
    now_ms: u64,
) -> Result<Introspection, SfError> {
    let answer = read_answer::<RawIntrospection>(json, status, body);
    if !answer.ok() {
        return Err(match answer.error() {
            Some(error) if error.0 == "invalid_client" => reported(
                "introspection_not_allowed",
                format!(
                    "Salesforce refused the introspection ({}): introspection needs the app's \
                     consumer secret, or the app does not allow introspection.",
                    error.0
                ),
                "Put the app's consumer secret in the profile, and check the app's introspection setting \
                 (External Client App: \"Allow access to introspect\"; Connected App: Introspect Token access). \
                 The token itself may still be fine: a test call tells.",
                error,
            ),
            Some(error) if status == 400 || status == 401 => {
                let e = explain(&error.0, error.1.as_deref());
                let mut out = reported(e.code, e.message, e.hint, error);
                out.retry_same_code = false;
                out
            }
            _ => unexpected("Introspection", &answer),
        });
    }
    let Body::Object(raw) = &answer.body else {
        return Err(unexpected("Introspection", &answer));
    };
    let Some(active) = raw.active.flag() else {
        return Err(unexpected("Introspection", &answer));
    };
    let expires_at_ms = seconds_ms(&raw.exp);
    let remaining = expires_at_ms.map(|exp| remaining_text(exp, now_ms));
    let token_type = raw.token_type.text();
    let (message, hint): (Cow<'static, str>, Option<&'static str>) = if !active {
        (
            Cow::Borrowed("Salesforce says this token is no longer active (expired or revoked)."),
            Some("Refresh it if there is a refresh token, or log in again."),
        )
    } else if let Some(remaining) = &remaining {
        (
            Cow::Owned(format!(
                "Salesforce says this token is active ({remaining})."
            )),
            None,
        )
    } else if token_type.as_deref() == Some("refresh_token") {
        (
            Cow::Borrowed("Salesforce says this refresh token is active."),
            Some("A refresh token has no fixed expiry: it lives until revoked or until the app's refresh-token policy ends it."),
        )
    } else {
        (Cow::Borrowed("Salesforce says this token is active."), None)
    };
    Ok(Introspection {
        active,
        expires_at_ms,
        issued_at_ms: seconds_ms(&raw.iat),
        scope: raw.scope.text(),
        username: raw.username.text(),
        token_type,
        remaining,
        message: message.into_owned(),
        hint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;
    use crate::salesforce::login_host::normalize_login_url;

    #[test]
    fn request() {
        let login = normalize_login_url("https://acme.my.salesforce.com", false).unwrap();
        let r = introspect_request(
            &login,
            "key",
            Some(&Secret::from("s e")),
            &Secret::from("00D!a"),
            Some("access_token"),
        )
        .unwrap();
        assert_eq!(
            r.url,
            "https://acme.my.salesforce.com/services/oauth2/introspect"
        );
        assert_eq!(r.method, "POST");
        assert_eq!(r.header("Authorization"), None);
        assert_eq!(
            r.expose_body(),
            "token=00D%21a&token_type_hint=access_token&client_id=key&client_secret=s%20e"
        );
        let r = introspect_request(
            &login,
            "key",
            Some(&Secret::from(" ")),
            &Secret::from("t"),
            None,
        )
        .unwrap();
        assert_eq!(r.expose_body(), "token=t&client_id=key");
        assert_eq!(
            introspect_request(&login, "key", None, &Secret::from("t"), Some("id_token"))
                .unwrap_err()
                .code,
            "invalid_token_type_hint"
        );
        assert_eq!(
            introspect_request(&login, "key", None, &Secret::from(""), None)
                .unwrap_err()
                .code,
            "missing_token"
        );
    }

    #[test]
    fn answers() {
        let now = 1_700_000_000_000;
        let body = r#"{"active":true,"scope":"api refresh_token","client_id":"k","username":"admin@acme.example",
            "sub":"https://x/id/00D/005","token_type":"access_token","exp":1700007140,"iat":1699999940,"nbf":1699999940}"#;
        let i = parse_introspection(&SerdeJson, 200, body, now).unwrap();
        assert!(i.active);
        assert_eq!(i.expires_at_ms, Some(1_700_007_140_000));
        assert_eq!(i.issued_at_ms, Some(1_699_999_940_000));
        assert_eq!(i.remaining.as_deref(), Some("1 h 59 min left"));
        assert_eq!(
            i.message,
            "Salesforce says this token is active (1 h 59 min left)."
        );
        assert_eq!(i.username.as_deref(), Some("admin@acme.example"));
        assert_eq!(i.scope.as_deref(), Some("api refresh_token"));
        assert_eq!(i.hint, None);

        let i = parse_introspection(&SerdeJson, 200, r#"{"active":true,"exp":1699999820}"#, now)
            .unwrap();
        assert_eq!(i.remaining.as_deref(), Some("expired 3 min ago"));

        let i = parse_introspection(
            &SerdeJson,
            200,
            r#"{"active":true,"token_type":"refresh_token","iat":1}"#,
            now,
        )
        .unwrap();
        assert_eq!(i.expires_at_ms, None);
        assert!(i.hint.unwrap().contains("refresh-token policy"));

        let i = parse_introspection(&SerdeJson, 200, r#"{"active":false}"#, now).unwrap();
        assert!(!i.active);
        assert_eq!(
            i.message,
            "Salesforce says this token is no longer active (expired or revoked)."
        );
        assert!(i.hint.is_some());
        assert_eq!(i.remaining, None);

        let e = parse_introspection(
            &SerdeJson,
            401,
            r#"{"error":"invalid_client","error_description":"invalid client credentials"}"#,
            now,
        )
        .unwrap_err();
        assert_eq!(e.code, "introspection_not_allowed");
        assert!(e.message.contains("needs the app's consumer secret"));
        assert_eq!(e.error.as_deref(), Some("invalid_client"));
        assert_eq!(
            e.error_description.as_deref(),
            Some("invalid client credentials")
        );
        let e = parse_introspection(
            &SerdeJson,
            401,
            r#"{"error":"invalid_client_id","error_description":"client identifier invalid"}"#,
            now,
        )
        .unwrap_err();
        assert_eq!(e.error.as_deref(), Some("invalid_client_id"));
        for bad in ["", "{}", r#"{"active":"yes"}"#, "[]", "<html>"] {
            assert!(
                parse_introspection(&SerdeJson, 200, bad, now).is_err(),
                "{bad}"
            );
        }
        assert_eq!(
            parse_introspection(&SerdeJson, 200, r#"{"active":true,"exp":1e3}"#, now)
                .unwrap()
                .expires_at_ms,
            None
        );
        assert_eq!(
            parse_introspection(&SerdeJson, 502, "", now)
                .unwrap_err()
                .code,
            "server_error"
        );
    }
}
