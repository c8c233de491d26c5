//! Reading what the token endpoint answered (docs/salesforce.md#token-response, docs/salesforce.md#errors).
//!
//! Three kinds of answers, each with its own outcome:
//! - JSON with `access_token` (HTTP 2xx): the tokens, plus the org and user
//!   ids taken from the identity URL and, when we know the consumer secret,
//!   whether the `signature` checks out.
//! - JSON with `error` / `error_description` (usually HTTP 400), or the
//!   same two form-encoded (`error=…&error_description=…`, percent-decoded
//!   once): explained by [`crate::salesforce::explain`], whatever the status,
//!   for the grant the request used when the caller says it
//!   ([`TokenContext`], [`parse_token_response_for`]).
//! - Anything else (an HTML page from a proxy or captive portal, an empty
//!   body, a 5xx): a clear error that says what came back, without secrets.
//!
//! The body is read by [`crate::salesforce::answer::read_answer`] into a raw
//! struct of lenient fields, so that an unexpected field type (`issued_at`
//! as a number, say) degrades to a missing value instead of failing the
//! whole response.

use crate::encoding::json::{JsonDecoder, Scalar};
use crate::error::SfError;
use crate::oauth::jwt::{alternate_audience, default_audience};
use crate::oauth::signature::verify_signature;
use crate::oauth::token_request::GrantType;
use crate::salesforce::answer::{oauth_error, read_answer, Answer, Body, ErrorFields};
use crate::salesforce::explain::{explain_in, Context};
use crate::salesforce::login_host::LoginHost;
use crate::secret::Secret;
use serde::Deserialize;
use std::borrow::Cow;

/// A successful token response.
#[derive(Debug, Clone)]
pub struct TokenResponse {
    /// Bearer token for API calls.
    pub access_token: Secret,
    /// Present only when the `refresh_token` / `offline_access` scope was granted.
    pub refresh_token: Option<Secret>,
    /// OpenID Connect ID token, when `openid` was requested.
    pub id_token: Option<Secret>,
    /// Base URL for API calls.
    pub instance_url: Option<String>,
    /// Identity URL `https://login.salesforce.com/id/{orgId}/{userId}`.
    pub id: Option<String>,
    /// Org id from the identity URL.
    pub org_id: Option<String>,
    /// User id from the identity URL.
    pub user_id: Option<String>,
    /// Usually `Bearer`.
    pub token_type: Option<String>,
    /// Milliseconds since the Unix epoch.
    pub issued_at: Option<u64>,
    /// Granted scopes, space-separated.
    pub scope: Option<String>,
    /// Base64 HMAC-SHA256 of `id + issued_at`.
    pub signature: Option<String>,
    /// `Some(valid?)` when a consumer secret was available, else `None`.
    pub signature_valid: Option<bool>,
    /// Experience Cloud community URL, for community users.
    pub sfdc_community_url: Option<String>,
}

/// Largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The token endpoint's JSON object: success and error fields together.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawToken {
    access_token: Scalar,
    refresh_token: Scalar,
    id_token: Scalar,
    instance_url: Scalar,
    id: Scalar,
    token_type: Scalar,
    issued_at: Scalar,
    scope: Scalar,
    signature: Scalar,
    sfdc_community_url: Scalar,
    error: Scalar,
    error_description: Scalar,
}

impl ErrorFields for RawToken {
    fn error_fields(&self) -> Option<(String, Option<String>)> {
        oauth_error(&self.error, &self.error_description)
    }
}

/// What the token request was, so that an error is explained for it.
/// Every part is optional; the default explains errors for any grant.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokenContext<'a> {
    /// The grant the request used.
    pub grant: Option<GrantType>,
    /// The host the request went to (for the JWT audience advice).
    pub login: Option<&'a LoginHost>,
    /// The JWT `aud` used; absent: the default for `login`.
    pub audience: Option<&'a str>,
}

impl TokenContext<'_> {
    fn explain_context(&self) -> Context {
        match self.grant {
            None => Context::Unknown,
            Some(GrantType::AuthorizationCode) => Context::AuthorizationCode,
            Some(GrantType::RefreshToken) => Context::RefreshToken,
            Some(GrantType::JwtBearer) => Context::JwtBearer,
            Some(_) => Context::OtherGrant,
        }
    }
}

/// Interprets the token endpoint's answer; `json` parses JSON (the
/// browser's `JSON.parse` in the extension).
pub fn parse_token_response(
    json: &impl JsonDecoder,
    status: u16,
    body_text: &str,
    client_secret: Option<&Secret>,
) -> Result<TokenResponse, SfError> {
    parse_token_response_for(
        json,
        status,
        body_text,
        client_secret,
        &TokenContext::default(),
    )
}

/// [`parse_token_response`], with errors explained for the request that
/// was made: the refresh-secret setting on a refresh, the other JWT audience
/// to try on a JWT bearer refusal.
pub fn parse_token_response_for(
    json: &impl JsonDecoder,
    status: u16,
    body_text: &str,
    client_secret: Option<&Secret>,
    context: &TokenContext<'_>,
) -> Result<TokenResponse, SfError> {
    token_from_answer(
        &read_answer(json, status, body_text),
        client_secret,
        context,
    )
}

/// The token (or the explained error) in an answer already read.
pub(crate) fn token_from_answer(
    answer: &Answer<'_, RawToken>,
    client_secret: Option<&Secret>,
    context: &TokenContext<'_>,
) -> Result<TokenResponse, SfError> {
    match &answer.body {
        Body::Object(raw) => {
            if let Some((error, description)) = raw.error_fields() {
                return Err(salesforce_error_for(error, description, context));
            }
            if !answer.ok() {
                return Err(unexpected_status(answer.status));
            }
            success(raw, client_secret)
        }
        // REST-style error list: [{"message": "...", "errorCode": "..."}]
        Body::List(_) | Body::Json => Err(match answer.error() {
            Some((code, message)) => salesforce_error(code, message),
            None => unexpected_status(answer.status),
        }),
        Body::Form(error, description) => Err(salesforce_error_for(
            error.clone(),
            description.clone(),
            context,
        )),
        _ => Err(not_json(answer, client_secret)),
    }
}

fn success(raw: &RawToken, client_secret: Option<&Secret>) -> Result<TokenResponse, SfError> {
    let Some(access_token) = raw.access_token.text() else {
        return Err(SfError::new(
            "missing_access_token",
            "Salesforce answered successfully but without an access token.",
            "Log in again; if it keeps happening, check that the login URL is a Salesforce login host.",
        ));
    };
    let id = raw.id.text();
    let issued_at_text = issued_at_text(&raw.issued_at);
    let issued_at = issued_at_text
        .as_deref()
        .and_then(|t| t.parse::<u64>().ok())
        .filter(|&ms| ms <= MAX_SAFE_INTEGER);
    let signature = raw.signature.text();
    let signature_valid = match (&id, &issued_at_text, &signature) {
        (Some(id), Some(issued_at), Some(signature)) => {
            verify_signature(client_secret, id, issued_at, signature)
        }
        _ => None,
    };
    let (org_id, user_id) = id.as_deref().and_then(ids_from_identity_url).unzip();

    Ok(TokenResponse {
        access_token: Secret::new(access_token),
        refresh_token: raw.refresh_token.text().map(Secret::new),
        id_token: raw.id_token.text().map(Secret::new),
        instance_url: raw.instance_url.text(),
        id,
        org_id,
        user_id,
        token_type: raw.token_type.text(),
        issued_at,
        scope: raw.scope.text(),
        signature,
        signature_valid,
        sfdc_community_url: raw.sfdc_community_url.text(),
    })
}

/// `issued_at` exactly as Salesforce wrote it (a string of digits, normally),
/// because the signature covers that text. A number (a plain unsigned
/// integer) is written back in decimal, which is its literal text.
fn issued_at_text(value: &Scalar) -> Option<String> {
    match value {
        Scalar::Text(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            Some(s.clone())
        }
        Scalar::Count(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `https://login.salesforce.com/id/00D…/005…` → (org id, user id).
/// Tolerates query strings and trailing slashes; anything odd gives `None`.
pub fn ids_from_identity_url(id: &str) -> Option<(String, String)> {
    let (_, after) = id.split_once("/id/")?;
    let path = after.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let org = segments.next()?;
    let user = segments.next()?;
    let plausible =
        |s: &str| (1..=18).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if segments.next().is_some() || !plausible(org) || !plausible(user) {
        return None;
    }
    Some((org.to_owned(), user.to_owned()))
}

pub(crate) fn salesforce_error(error: String, error_description: Option<String>) -> SfError {
    salesforce_error_for(error, error_description, &TokenContext::default())
}

/// Salesforce's error explained for the request in `context`.
fn salesforce_error_for(
    error: String,
    error_description: Option<String>,
    context: &TokenContext<'_>,
) -> SfError {
    let explanation = explain_in(
        &error,
        error_description.as_deref(),
        context.explain_context(),
    );
    let mut hint = Cow::Borrowed(explanation.hint);
    // A wrong `aud` shows up as any of these three refusals (Salesforce
    // does not say which claim it disliked): name the other audience.
    let audience_refusal = matches!(
        explanation.code,
        "invalid_audience" | "invalid_assertion" | "user_not_approved"
    );
    if let (true, Some(GrantType::JwtBearer), Some(login)) =
        (audience_refusal, context.grant, context.login)
    {
        let used = context
            .audience
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map_or_else(|| default_audience(login), str::to_owned);
        if let Some(other) = alternate_audience(login, &used) {
            hint = Cow::Owned(format!(
                "{} This assertion used the audience {used}: if the rest is right, try {other} as \
                 the JWT audience.",
                explanation.hint
            ));
        }
    }
    SfError {
        code: explanation.code,
        message: explanation.message,
        hint,
        error: Some(error),
        error_description,
        retry_same_code: explanation.retry_same_code,
    }
}

pub(crate) fn unexpected_status(status: u16) -> SfError {
    let retry = status >= 500;
    SfError::new(
        if retry {
            "server_error"
        } else {
            "unexpected_response"
        },
        format!("Salesforce answered HTTP {status} without an access token or an error message."),
        if retry {
            "Salesforce seems to have a temporary problem: wait a moment and retry."
        } else {
            "Check that the login URL is your org's Salesforce login host, then retry."
        },
    )
    .retryable()
}

/// An answer that is neither a token nor Salesforce's error: what came
/// back, quoted redacted (never the consumer secret, even if some echo
/// server reflected it).
pub(crate) fn not_json<T>(answer: &Answer<'_, T>, client_secret: Option<&Secret>) -> SfError {
    let secrets: Vec<&str> = client_secret.map(Secret::expose).into_iter().collect();
    let snippet = (!answer.text.is_empty()).then(|| answer.snippet(&secrets));
    not_json_in(answer.status, snippet)
}

fn not_json_in(status: u16, snippet: Option<String>) -> SfError {
    let Some(snippet) = snippet else {
        let code = if status >= 500 {
            "server_error"
        } else {
            "empty_response"
        };
        return SfError::new(
            code,
            format!("Salesforce answered HTTP {status} with an empty body."),
            "Check the login URL and your connection, then retry.",
        )
        .retryable();
    };
    let (code, hint) = if status >= 500 {
        (
            "server_error",
            "The server had a problem (Salesforce maintenance or a proxy). Wait a moment and retry; \
             check status.salesforce.com if it persists.",
        )
    } else {
        (
            "not_json",
            "Something other than Salesforce's token endpoint answered — a proxy, a captive portal, or a \
             wrong host. Check the login URL and your connection, then retry.",
        )
    };
    SfError::new(
        code,
        format!(
            "The token endpoint answered HTTP {status} with something that is not JSON: {snippet}"
        ),
        hint,
    )
    .retryable()
}

/// The refresh token to keep after a refresh (docs/salesforce.md#refresh-tokens): the new one
/// when Salesforce returned one — with rotation on, the old one is dead from
/// now on and reusing it revokes the whole grant — else the previous one.
/// The flag says whether it changed (rotation).
pub fn merge_refresh_token<'a>(
    previous: Option<&'a str>,
    next: Option<&'a str>,
) -> (Option<&'a str>, bool) {
    let present = |token: Option<&'a str>| token.filter(|t| !t.trim().is_empty());
    match (present(previous), present(next)) {
        (previous, Some(next)) => (Some(next), previous != Some(next)),
        (previous, None) => (previous, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;

    const SUCCESS: &str = r#"{
        "access_token": "00Dxx!AQ0AQ.token",
        "refresh_token": "5Aep861.refresh",
        "signature": "K7iV+SozELJWMu4JPu6wHqtu4R3wbdZ9mNz2Z26G/wQ=",
        "scope": "refresh_token api",
        "instance_url": "https://acme.my.salesforce.com",
        "id": "https://login.salesforce.com/id/00Dxx/005xx",
        "token_type": "Bearer",
        "issued_at": "1278448384422"
    }"#;

    #[test]
    fn parses_success_and_checks_signature() {
        let r =
            parse_token_response(&SerdeJson, 200, SUCCESS, Some(&Secret::from("secret"))).unwrap();
        assert_eq!(r.access_token.expose(), "00Dxx!AQ0AQ.token");
        assert_eq!(r.refresh_token.unwrap().expose(), "5Aep861.refresh");
        assert_eq!(
            r.instance_url.as_deref(),
            Some("https://acme.my.salesforce.com")
        );
        assert_eq!(r.org_id.as_deref(), Some("00Dxx"));
        assert_eq!(r.user_id.as_deref(), Some("005xx"));
        assert_eq!(r.token_type.as_deref(), Some("Bearer"));
        assert_eq!(r.issued_at, Some(1_278_448_384_422));
        assert_eq!(r.scope.as_deref(), Some("refresh_token api"));
        assert_eq!(r.signature_valid, Some(true));
        assert!(r.id_token.is_none());

        let wrong =
            parse_token_response(&SerdeJson, 200, SUCCESS, Some(&Secret::from("nope"))).unwrap();
        assert_eq!(wrong.signature_valid, Some(false));
        let public = parse_token_response(&SerdeJson, 200, SUCCESS, None).unwrap();
        assert_eq!(public.signature_valid, None);
    }

    #[test]
    fn minimal_success_without_optional_fields() {
        let r = parse_token_response(
            &SerdeJson,
            200,
            r#"{"access_token":"t","issued_at":12,"id":"odd"}"#,
            None,
        )
        .unwrap();
        assert!(r.refresh_token.is_none());
        assert_eq!(r.issued_at, Some(12));
        assert_eq!(r.org_id, None);
        assert_eq!(r.signature_valid, None);
        let r = parse_token_response(
            &SerdeJson,
            200,
            r#"{"access_token":"t","issued_at":"soon","extra":[1,2]}"#,
            None,
        )
        .unwrap();
        assert_eq!(r.issued_at, None);
        let r = parse_token_response(
            &SerdeJson,
            200,
            r#"{"access_token":"t","issued_at":"99999999999999999999"}"#,
            None,
        )
        .unwrap();
        assert_eq!(r.issued_at, None);
    }

    #[test]
    fn identity_urls() {
        let ids = |s| ids_from_identity_url(s);
        assert_eq!(
            ids("https://test.salesforce.com/id/00D5g000004ABCDEAZ/0055g00000ABCDEAA2"),
            Some(("00D5g000004ABCDEAZ".into(), "0055g00000ABCDEAA2".into()))
        );
        assert_eq!(
            ids("https://login.salesforce.com/id/00Dxx/005xx/?x=1"),
            Some(("00Dxx".into(), "005xx".into()))
        );
        for odd in [
            "",
            "https://x/id/",
            "https://x/id/00D",
            "https://x/id/00D/005/extra",
            "https://x/id/0 0/005",
            "/id/00D/005é",
        ] {
            assert_eq!(ids(odd), None, "{odd}");
        }
    }

    #[test]
    fn salesforce_errors_are_explained() {
        let e = parse_token_response(
            &SerdeJson,
            400,
            r#"{"error":"invalid_grant","error_description":"expired authorization code"}"#,
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, "authorization_code_expired");
        assert_eq!(e.error.as_deref(), Some("invalid_grant"));
        assert_eq!(
            e.error_description.as_deref(),
            Some("expired authorization code")
        );
        assert!(!e.retry_same_code);

        let e = parse_token_response(
            &SerdeJson,
            400,
            r#"{"error":"invalid_client_id","error_description":"client identifier invalid"}"#,
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, "invalid_client_id");
        assert!(e.retry_same_code);

        let e = parse_token_response(
            &SerdeJson,
            401,
            r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#,
            None,
        )
        .unwrap_err();
        assert_eq!(e.error.as_deref(), Some("INVALID_SESSION_ID"));
        assert!(e.message.contains("Session expired"));
    }

    #[test]
    fn form_encoded_errors_are_explained() {
        let e = parse_token_response(
            &SerdeJson,
            400,
            "error=invalid_grant&error_description=expired%20authorization%20code",
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, "authorization_code_expired");
        assert_eq!(e.error.as_deref(), Some("invalid_grant"));
        assert_eq!(
            e.error_description.as_deref(),
            Some("expired authorization code")
        );
        let e = parse_token_response(
            &SerdeJson,
            400,
            "error=unknown_error&error_description=retry+your+request",
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, "salesforce_transient_error");
        assert!(e.retry_same_code);
    }

    #[test]
    fn errors_are_explained_for_the_grant() {
        let body = r#"{"error":"invalid_client","error_description":"invalid client credentials"}"#;
        let refresh = TokenContext {
            grant: Some(GrantType::RefreshToken),
            ..TokenContext::default()
        };
        let e = parse_token_response_for(&SerdeJson, 400, body, None, &refresh).unwrap_err();
        assert_eq!(e.code, "invalid_client");
        assert!(
            [&*e.message, &*e.hint]
                .concat()
                .contains("Require Secret for Refresh Token Flow"),
            "{e:?}"
        );
        let overlap = r#"{"error":"invalid_grant","error_description":"token request is already being processed"}"#;
        let code = TokenContext {
            grant: Some(GrantType::AuthorizationCode),
            ..TokenContext::default()
        };
        let e = parse_token_response_for(&SerdeJson, 400, overlap, None, &code).unwrap_err();
        assert_eq!(e.code, "token_request_in_progress");
        assert!(e.retry_same_code);
    }

    #[test]
    fn jwt_refusals_name_the_other_audience() {
        use crate::salesforce::login_host::normalize_login_url;
        let sandbox = normalize_login_url("acme--uat.sandbox.my.salesforce.com", false).unwrap();
        let prod = normalize_login_url("login.salesforce.com", false).unwrap();
        for description in [
            "audience is invalid",
            "Audience validation failed",
            "invalid assertion",
            "user hasn't approved this consumer",
        ] {
            let body = [
                r#"{"error":"invalid_grant","error_description":""#,
                description,
                r#""}"#,
            ]
            .concat();
            let jwt = |login, audience| TokenContext {
                grant: Some(GrantType::JwtBearer),
                login: Some(login),
                audience,
            };
            let e = parse_token_response_for(&SerdeJson, 400, &body, None, &jwt(&sandbox, None))
                .unwrap_err();
            assert!(
                e.hint.contains("try https://login.salesforce.com"),
                "{description}: {}",
                e.hint
            );
            let e = parse_token_response_for(&SerdeJson, 400, &body, None, &jwt(&prod, None))
                .unwrap_err();
            assert!(
                e.hint.contains("try https://test.salesforce.com"),
                "{}",
                e.hint
            );
            let e = parse_token_response_for(
                &SerdeJson,
                400,
                &body,
                None,
                &jwt(&prod, Some("https://test.salesforce.com")),
            )
            .unwrap_err();
            assert!(
                e.hint.contains("try https://login.salesforce.com"),
                "{}",
                e.hint
            );
            // Other grants: no audience advice.
            let e = parse_token_response(&SerdeJson, 400, &body, None).unwrap_err();
            assert!(!e.hint.contains("as the JWT audience"), "{}", e.hint);
        }
    }

    #[test]
    fn non_json_bodies_get_their_own_errors() {
        let e = parse_token_response(
            &SerdeJson,
            200,
            "<html><head><title> Proxy  Login </title></head><body>…</body></html>",
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, "not_json");
        assert!(
            e.message.contains("HTTP 200") && e.message.contains("\"Proxy Login\""),
            "{}",
            e.message
        );
        assert!(e.retry_same_code);

        let e = parse_token_response(&SerdeJson, 503, "Service Unavailable", None).unwrap_err();
        assert_eq!(e.code, "server_error");
        assert!(e.message.contains("503") && e.message.contains("Service Unavailable"));

        let e = parse_token_response(&SerdeJson, 502, "", None).unwrap_err();
        assert_eq!(e.code, "server_error");
        let e = parse_token_response(&SerdeJson, 200, "  \n", None).unwrap_err();
        assert_eq!(e.code, "empty_response");

        let long = "x".repeat(500);
        let e = parse_token_response(&SerdeJson, 400, &long, None).unwrap_err();
        assert!(
            e.message.contains('…') && e.message.len() < 200,
            "{}",
            e.message
        );

        let e = parse_token_response(
            &SerdeJson,
            400,
            "echo client_secret=hunter22",
            Some(&Secret::from("hunter22")),
        )
        .unwrap_err();
        assert!(!e.message.contains("hunter22"));
    }

    #[test]
    fn json_without_token_or_error() {
        assert_eq!(
            parse_token_response(&SerdeJson, 200, "{}", None)
                .unwrap_err()
                .code,
            "missing_access_token"
        );
        assert_eq!(
            parse_token_response(&SerdeJson, 200, r#"{"access_token":""}"#, None)
                .unwrap_err()
                .code,
            "missing_access_token"
        );
        assert_eq!(
            parse_token_response(&SerdeJson, 400, "{}", None)
                .unwrap_err()
                .code,
            "unexpected_response"
        );
        assert_eq!(
            parse_token_response(&SerdeJson, 500, "{}", None)
                .unwrap_err()
                .code,
            "server_error"
        );
        assert_eq!(
            parse_token_response(&SerdeJson, 200, "42", None)
                .unwrap_err()
                .code,
            "unexpected_response"
        );
        assert_eq!(
            parse_token_response(&SerdeJson, 200, "[]", None)
                .unwrap_err()
                .code,
            "unexpected_response"
        );
    }

    #[test]
    fn refreshed_tokens_keep_or_rotate_the_refresh_token() {
        assert_eq!(merge_refresh_token(Some("old"), None), (Some("old"), false));
        assert_eq!(
            merge_refresh_token(Some("old"), Some(" ")),
            (Some("old"), false)
        );
        assert_eq!(
            merge_refresh_token(Some("old"), Some("new")),
            (Some("new"), true)
        );
        assert_eq!(
            merge_refresh_token(Some("same"), Some("same")),
            (Some("same"), false)
        );
        assert_eq!(merge_refresh_token(None, Some("new")), (Some("new"), true));
        assert_eq!(merge_refresh_token(Some(""), None), (None, false));
        assert_eq!(merge_refresh_token(None, None), (None, false));
    }
}
