//! What the token lifecycle calls share: the request description, where a
//! token may be sent, Salesforce's error bodies, and numbers and durations
//! as plain text.
//!
//! The calls themselves live one concept per module: [`crate::token::userinfo`],
//! [`crate::token::introspect`], [`crate::token::revoke`], [`crate::token::rest`],
//! [`crate::token::token_age`].

use crate::encoding::json::{parse_json, Json};
use crate::error::SfError;
use crate::salesforce::error_body::read_error_body;
use crate::salesforce::login_host::normalize_login_url;
use crate::secret::Secret;

/// A described HTTP request to a lifecycle endpoint; the wasm boundary
/// turns it into `{url, method, headers, body}` for `sendRequest`.
/// Headers: always `Accept: application/json`; `Authorization: Bearer …`
/// with a token; `Content-Type: application/x-www-form-urlencoded` with a form.
#[derive(Debug, Clone)]
pub struct ApiRequest {
    /// Absolute https URL on a Salesforce host.
    pub url: String,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Access token for the `Authorization` header.
    pub bearer: Option<Secret>,
    /// Form-encoded body (POST).
    pub form: Option<Secret>,
}

/// A non-empty token without spaces, trimmed.
pub fn checked_token<'a>(token: &'a Secret, what: &'static str) -> Result<&'a str, SfError> {
    let token = token.expose().trim();
    if token.is_empty() || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(SfError::new(
            "missing_token",
            format!("No usable {what} was given."),
            "Get a token first (Log in), then retry.",
        ));
    }
    Ok(token)
}

/// The base URL API calls may go to: the token's instance URL, checked to
/// be an https Salesforce host (`origin` plus a site's path prefix). A
/// token is never sent anywhere else.
pub fn api_base(instance_url: &str) -> Result<String, SfError> {
    if instance_url.trim().is_empty() {
        return Err(SfError::new(
            "missing_instance_url",
            "The token has no instance URL, so sftoken does not know where to call.",
            "Log in again to get a complete token.",
        ));
    }
    match normalize_login_url(instance_url, false) {
        Ok(host) => Ok([host.origin.as_str(), &host.path_prefix].concat()),
        Err(e) => Err(SfError::new(
            "invalid_instance_url",
            format!(
                "The token's instance URL is not an https Salesforce host, so sftoken does not send \
                 the token there: {}",
                e.message
            ),
            "Log in again to get a fresh token from your org.",
        )),
    }
}

/// Salesforce's own error code and text in an error answer, when it gives
/// one: OAuth `{"error", "error_description"}`, form-encoded
/// `error=…&error_description=…` (what revoke answers), REST `[{"errorCode",
/// "message"}]`, or a bare word such as `Bad_OAuth_Token`. See
/// [`crate::salesforce::error_body`].
pub fn salesforce_error(body: &str) -> Option<(String, Option<String>)> {
    read_error_body(body)
}

/// A non-empty string field of a JSON object.
pub fn string_field(object: &Json<'_>, name: &str) -> Option<String> {
    match object.get(name) {
        Some(Json::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// An error Salesforce reported, explained: `error` / `errorDescription`
/// carry Salesforce's own words.
pub fn reported(
    code: &'static str,
    message: impl Into<std::borrow::Cow<'static, str>>,
    hint: &'static str,
    error: (String, Option<String>),
) -> SfError {
    let mut e = SfError::new(code, message, hint);
    e.error = Some(error.0);
    e.error_description = error.1;
    e
}

/// Any other answer: HTTP status and Salesforce's error code when there is one.
pub fn unexpected(what: &str, status: u16, body: &str) -> SfError {
    let server = status >= 500;
    let mut message = format!("{what} answered HTTP {status}");
    let error = salesforce_error(body);
    match &error {
        Some((code, text)) => {
            message.push_str(": ");
            message.push_str(code);
            if let Some(text) = text {
                message.push_str(" (");
                message.push_str(text);
                message.push(')');
            }
        }
        None if parse_json(body.trim()).is_none() && !body.trim().is_empty() => {
            message
                .push_str(" with something that is not Salesforce's JSON (a login page, a proxy?)");
        }
        None => {}
    }
    message.push('.');
    let mut e = SfError::new(
        if server {
            "server_error"
        } else {
            "unexpected_response"
        },
        message,
        if server {
            "Salesforce seems to have a temporary problem: wait a moment and retry."
        } else {
            "Check the token's instance URL and your connection, then retry."
        },
    );
    if let Some((code, text)) = error {
        e.error = Some(code);
        e.error_description = text;
    }
    e
}

/// `n` in decimal with thousands separators: `15,000`.
pub fn grouped(n: u64) -> String {
    let plain = n.to_string();
    let mut out = String::with_capacity(plain.len() + plain.len() / 3);
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A duration in words: `45 s`, `12 min`, `1 h 59 min`, `2 h`, `3 d 4 h`.
pub fn duration_text(ms: u64) -> String {
    let s = ms / 1000;
    let (minutes, hours, days) = (s / 60, s / 3600, s / 86_400);
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{minutes} min"),
        3600..=86_399 if minutes % 60 == 0 => format!("{hours} h"),
        3600..=86_399 => format!("{hours} h {} min", minutes % 60),
        _ if hours % 24 == 0 => format!("{days} d"),
        _ => format!("{days} d {} h", hours % 24),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_durations() {
        let text = |n: u64| format!("{n}|{}", grouped(n));
        assert_eq!(text(0), "0|0");
        assert_eq!(text(999), "999|999");
        assert_eq!(text(1000), "1000|1,000");
        assert_eq!(text(14_998), "14998|14,998");
        assert_eq!(text(1_234_567), "1234567|1,234,567");
        assert_eq!(
            text(u64::MAX),
            "18446744073709551615|18,446,744,073,709,551,615"
        );
        assert_eq!(duration_text(0), "0 s");
        assert_eq!(duration_text(59_999), "59 s");
        assert_eq!(duration_text(60_000), "1 min");
        assert_eq!(duration_text(12 * 60_000 + 5_000), "12 min");
        assert_eq!(duration_text(7_140_000), "1 h 59 min");
        assert_eq!(duration_text(7_200_000), "2 h");
        assert_eq!(duration_text(86_400_000 * 3 + 3_600_000 * 4), "3 d 4 h");
        assert_eq!(duration_text(86_400_000), "1 d");
        assert!(!duration_text(u64::MAX).is_empty());
    }

    #[test]
    fn instance_urls() {
        assert_eq!(
            api_base("https://acme.my.salesforce.com").unwrap(),
            "https://acme.my.salesforce.com"
        );
        assert_eq!(
            api_base("https://acme.my.salesforce.com/").unwrap(),
            "https://acme.my.salesforce.com"
        );
        assert_eq!(
            api_base("https://acme.my.site.com/partners").unwrap(),
            "https://acme.my.site.com/partners"
        );
        for bad in [
            "",
            "http://acme.my.salesforce.com",
            "https://evil.example",
            "https://acme.my.salesforce.com:8443",
        ] {
            let code = api_base(bad).unwrap_err().code;
            assert!(
                code == "invalid_instance_url" || code == "missing_instance_url",
                "{bad}"
            );
        }
    }

    #[test]
    fn error_bodies() {
        assert_eq!(
            salesforce_error(" Bad_OAuth_Token\n"),
            Some(("Bad_OAuth_Token".into(), None))
        );
        assert_eq!(
            salesforce_error(
                r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#
            ),
            Some((
                "INVALID_SESSION_ID".into(),
                Some("Session expired or invalid".into())
            ))
        );
        assert_eq!(
            salesforce_error(r#"{"error":"invalid_token","error_description":"invalid token"}"#),
            Some(("invalid_token".into(), Some("invalid token".into())))
        );
        assert_eq!(
            salesforce_error(
                "error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported"
            ),
            Some((
                "unsupported_token_type".into(),
                Some("this token type is not supported".into())
            ))
        );
        let e = unexpected(
            "Revoke",
            400,
            "error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported",
        );
        assert_eq!(
            e.message,
            "Revoke answered HTTP 400: unsupported_token_type (this token type is not supported)."
        );
        assert!(!e.message.contains("not Salesforce's JSON"));
        for none in [
            "",
            "[]",
            "{}",
            "<html>",
            "two words",
            r#"[{"message":"x"}]"#,
        ] {
            assert_eq!(salesforce_error(none), None, "{none}");
        }
        let e = unexpected("GET /x", 503, "");
        assert_eq!(
            (e.code, e.message.as_ref()),
            ("server_error", "GET /x answered HTTP 503.")
        );
        let e = unexpected("GET /x", 400, "<html>");
        assert!(e.message.contains("not Salesforce's JSON"));
        let e = unexpected(
            "GET /x",
            418,
            r#"{"error":"teapot","error_description":"short"}"#,
        );
        assert_eq!(e.message, "GET /x answered HTTP 418: teapot (short).");
        assert_eq!(e.error.as_deref(), Some("teapot"));
    }
}
