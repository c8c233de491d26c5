//! What the token lifecycle calls share: where a token may be sent, how an
//! unexpected answer is reported, and numbers and durations as plain text.
//! Requests are [`crate::oauth::http::Request`]s; answers are read by
//! [`crate::salesforce::answer::read_answer`].
//!
//! The calls themselves live one concept per module: [`crate::token::userinfo`],
//! [`crate::token::introspect`], [`crate::token::revoke`], [`crate::token::rest`],
//! [`crate::token::token_age`].

use crate::error::SfError;
use crate::salesforce::answer::{Answer, ErrorFields};
use crate::salesforce::login_host::normalize_login_url;
use crate::salesforce::redact::redact;
use crate::secret::Secret;

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

/// Any other answer: HTTP status and Salesforce's error code when there is
/// one (Salesforce's words are quoted redacted).
pub fn unexpected<T: ErrorFields>(what: &str, answer: &Answer<'_, T>) -> SfError {
    unexpected_in(what, answer.status, answer.error(), answer.is_foreign())
}

fn unexpected_in(
    what: &str,
    status: u16,
    error: Option<(String, Option<String>)>,
    foreign: bool,
) -> SfError {
    let server = status >= 500;
    let mut message = format!("{what} answered HTTP {status}");
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
        None if foreign => {
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
        redact(&message, &[]),
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
    use crate::encoding::json::SerdeJson;
    use crate::salesforce::answer::{read_answer, OAuthError};

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
    fn unexpected_answers() {
        let unexpected = |what: &str, status: u16, body: &str| {
            unexpected(what, &read_answer::<OAuthError>(&SerdeJson, status, body))
        };
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
        let e = unexpected(
            "GET /x",
            400,
            r#"{"error":"x","error_description":"bad code=aPrx.s3cr3t"}"#,
        );
        assert_eq!(
            e.message,
            "GET /x answered HTTP 400: x (bad code=[redacted])."
        );
    }
}
