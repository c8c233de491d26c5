//! "Who is this?": the OpenID Connect UserInfo endpoint on the instance
//! (docs/salesforce.md#userinfo-and-identity-url), and the comparison of its answer with the token's ids,
//! the profile's username and the scopes asked for.
//!
//! Salesforce ids come as 15 characters (case-sensitive) or 18 (the same
//! plus a 3-character case checksum), so ids are compared on their first 15
//! characters. A bad, revoked or expired token gets a 403 text
//! `Bad_OAuth_Token`; no token `Missing_OAuth_Token` (some hosts answer the
//! REST 401 `INVALID_SESSION_ID` instead): all explained the same way.

use crate::encoding::json::{JsonDecoder, Scalar};
use crate::error::SfError;
use crate::oauth::http::Request;
use crate::oauth::token_response::ids_from_identity_url;
use crate::salesforce::answer::{oauth_error, read_answer, Body, ErrorFields};
use crate::salesforce::scope::parse_scopes;
use crate::secret::Secret;
use crate::token::lifecycle::{api_base, checked_token, reported, unexpected};
use serde::Deserialize;

/// Path of the UserInfo endpoint.
pub const USERINFO_PATH: &str = "/services/oauth2/userinfo";

/// Who the token belongs to, per Salesforce.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserInfo {
    /// `preferred_username`.
    pub username: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `organization_id`.
    pub org_id: Option<String>,
    /// `user_id`.
    pub user_id: Option<String>,
}

/// `GET {instance}/services/oauth2/userinfo` with the access token.
pub fn userinfo_request(instance_url: &str, access_token: &Secret) -> Result<Request, SfError> {
    let base = api_base(instance_url)?;
    let token = checked_token(access_token, "access token")?;
    Ok(Request::get([base.as_str(), USERINFO_PATH].concat()).bearer(token))
}

/// Whether an error code means "this token is not (or no longer) valid".
pub fn is_bad_token(code: &str) -> bool {
    matches!(
        code,
        "Bad_OAuth_Token" | "Missing_OAuth_Token" | "INVALID_SESSION_ID" | "invalid_token"
    )
}

/// The token was refused: expired or revoked.
pub fn token_refused(error: (String, Option<String>)) -> SfError {
    let message = format!(
        "Salesforce did not accept the access token ({}): it has expired or was revoked.",
        error.0
    );
    reported(
        "token_invalid",
        message,
        "Refresh it, or log in again.",
        error,
    )
}

/// The UserInfo answer: claims and error fields together.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct RawUserInfo {
    sub: Scalar,
    preferred_username: Scalar,
    name: Scalar,
    email: Scalar,
    organization_id: Scalar,
    user_id: Scalar,
    error: Scalar,
    error_description: Scalar,
}

impl ErrorFields for RawUserInfo {
    fn error_fields(&self) -> Option<(String, Option<String>)> {
        oauth_error(&self.error, &self.error_description)
    }
}

/// Reads the UserInfo answer.
pub fn parse_userinfo(
    json: &impl JsonDecoder,
    status: u16,
    body: &str,
) -> Result<UserInfo, SfError> {
    let answer = read_answer::<RawUserInfo>(json, status, body);
    if !answer.ok() {
        return Err(match answer.error() {
            Some(error) if (status == 401 || status == 403) && is_bad_token(&error.0) => {
                token_refused(error)
            }
            _ => unexpected("UserInfo", &answer),
        });
    }
    let Body::Object(raw) = &answer.body else {
        return Err(unexpected("UserInfo", &answer));
    };
    let from_sub = raw.sub.text().as_deref().and_then(ids_from_identity_url);
    Ok(UserInfo {
        username: raw.preferred_username.text(),
        name: raw.name.text(),
        email: raw.email.text(),
        org_id: raw
            .organization_id
            .text()
            .or_else(|| from_sub.as_ref().map(|ids| ids.0.clone())),
        user_id: raw.user_id.text().or_else(|| from_sub.map(|ids| ids.1)),
    })
}

/// What the token says about itself (from the token response).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokenIds<'a> {
    /// Org id from the identity URL.
    pub org_id: Option<&'a str>,
    /// User id from the identity URL.
    pub user_id: Option<&'a str>,
    /// Granted scopes, space-separated.
    pub scope: Option<&'a str>,
}

/// The outcome of "Who is this?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityCheck {
    /// Ids match, and the username matches when one was expected.
    pub ok: bool,
    /// In plain words.
    pub message: String,
    /// What to do, when something is off (a mismatch, a scope not granted).
    pub hint: Option<String>,
    /// The scopes asked for, space-separated (None: not compared).
    pub requested_scopes: Option<String>,
    /// The scopes granted, space-separated.
    pub granted_scopes: Option<String>,
}

/// Same record: equal on the first 15 characters (15- vs 18-character ids).
pub fn same_id(a: &str, b: &str) -> bool {
    let a = a.trim().as_bytes();
    let b = b.trim().as_bytes();
    a.get(..15).unwrap_or(a) == b.get(..15).unwrap_or(b)
}

fn covered(scope: &str, granted: &[String]) -> bool {
    let has = |s: &str| granted.iter().any(|g| g == s);
    has(scope)
        || (scope == "refresh_token" && has("offline_access"))
        || (scope == "offline_access" && has("refresh_token"))
        || (has("full") && scope != "refresh_token" && scope != "offline_access")
}

/// Compares the token with what Salesforce says about its user.
pub fn compare_identity(
    token: TokenIds<'_>,
    user: &UserInfo,
    expected_username: Option<&str>,
    requested_scopes: Option<&[&str]>,
) -> IdentityCheck {
    let differs = |a: Option<&str>, b: Option<&String>| match (a, b) {
        (Some(a), Some(b)) => !same_id(a, b),
        _ => false,
    };
    let username = user.username.as_deref().unwrap_or("(unknown user)");
    let org = user.org_id.as_deref().unwrap_or("(unknown org)");
    let expected = expected_username.map(str::trim).filter(|e| !e.is_empty());

    let mut hint = Vec::<String>::new();
    let (ok, message) = if differs(token.org_id, user.org_id.as_ref())
        || differs(token.user_id, user.user_id.as_ref())
    {
        hint.push(
            "Log in again: the stored token does not match the identity Salesforce reports.".into(),
        );
        (
            false,
            format!(
                "The token's ids do not match Salesforce's answer: the token says org {} user {}, \
                 Salesforce says {username} in org {org}.",
                token.org_id.unwrap_or("?"),
                token.user_id.unwrap_or("?")
            ),
        )
    } else if let Some(expected) = expected.filter(|e| {
        user.username
            .as_deref()
            .is_some_and(|u| !u.eq_ignore_ascii_case(e))
    }) {
        hint.push(format!(
            "Log in as {expected} (log out of Salesforce first, or the browser reuses the current \
             session), or change the profile's username."
        ));
        (
            false,
            format!(
                "This token is for another user than the profile expects: it belongs to {username}, \
                 the profile names {expected}."
            ),
        )
    } else {
        (
            true,
            format!("This token belongs to {username} in org {org}."),
        )
    };

    let granted = parse_scopes(token.scope).unwrap_or_default();
    let requested = requested_scopes.map(|r| parse_scopes(r.iter().copied()).unwrap_or_default());
    if let Some(requested) = &requested {
        let missing: Vec<&str> = requested
            .iter()
            .map(String::as_str)
            .filter(|s| !covered(s, &granted))
            .collect();
        if token.scope.is_some() && !missing.is_empty() {
            let mut text = format!("Salesforce did not grant: {}.", missing.join(" "));
            if missing
                .iter()
                .any(|s| *s == "refresh_token" || *s == "offline_access")
            {
                text.push_str(" Without refresh_token no Refresh is possible.");
            }
            text.push_str(
                " Check the app's selected OAuth scopes: Salesforce grants only scopes the app allows.",
            );
            hint.push(text);
        }
    }
    IdentityCheck {
        ok,
        message,
        hint: (!hint.is_empty()).then(|| hint.join(" ")),
        requested_scopes: requested.map(|r| r.join(" ")),
        granted_scopes: token.scope.map(|_| granted.join(" ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;

    const USERINFO: &str = r#"{"sub":"https://login.salesforce.com/id/00D5g000000FAKEEAA/0055g000000FAKEAAA",
        "user_id":"0055g000000FAKEAAA","organization_id":"00D5g000000FAKEEAA",
        "preferred_username":"admin@acme.example","name":"Fake Admin","email":"admin@acme.example"}"#;

    #[test]
    fn request() {
        let r =
            userinfo_request("https://acme.my.salesforce.com", &Secret::from("00D!tok")).unwrap();
        assert_eq!(
            r.url,
            "https://acme.my.salesforce.com/services/oauth2/userinfo"
        );
        assert_eq!(r.method, "GET");
        assert_eq!(r.header("Authorization"), Some("Bearer 00D!tok"));
        assert_eq!(r.header("Accept"), Some("application/json"));
        assert!(r.body.is_none());
        assert_eq!(
            userinfo_request("https://evil.example", &Secret::from("t"))
                .unwrap_err()
                .code,
            "invalid_instance_url"
        );
        assert_eq!(
            userinfo_request("https://acme.my.salesforce.com", &Secret::from(" "))
                .unwrap_err()
                .code,
            "missing_token"
        );
    }

    #[test]
    fn parses_claims_and_refusals() {
        let user = parse_userinfo(&SerdeJson, 200, USERINFO).unwrap();
        assert_eq!(user.username.as_deref(), Some("admin@acme.example"));
        assert_eq!(user.name.as_deref(), Some("Fake Admin"));
        assert_eq!(user.org_id.as_deref(), Some("00D5g000000FAKEEAA"));
        assert_eq!(user.user_id.as_deref(), Some("0055g000000FAKEAAA"));
        let from_sub =
            parse_userinfo(&SerdeJson, 200, r#"{"sub":"https://x/id/00Dx/005y"}"#).unwrap();
        assert_eq!(from_sub.org_id.as_deref(), Some("00Dx"));
        assert_eq!(from_sub.user_id.as_deref(), Some("005y"));
        for (status, body) in [
            (403, "Bad_OAuth_Token"),
            (403, "Missing_OAuth_Token"),
            (
                401,
                r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#,
            ),
        ] {
            let e = parse_userinfo(&SerdeJson, status, body).unwrap_err();
            assert_eq!(e.code, "token_invalid");
            assert!(e.message.contains("expired or was revoked"));
            assert_eq!(e.hint, "Refresh it, or log in again.");
            assert!(e.error.is_some());
        }
        assert_eq!(
            parse_userinfo(&SerdeJson, 403, "Bad_Id").unwrap_err().code,
            "unexpected_response"
        );
        assert_eq!(
            parse_userinfo(&SerdeJson, 200, "<html>").unwrap_err().code,
            "unexpected_response"
        );
        assert_eq!(
            parse_userinfo(&SerdeJson, 200, "[]").unwrap_err().code,
            "unexpected_response"
        );
        assert_eq!(
            parse_userinfo(&SerdeJson, 500, "").unwrap_err().code,
            "server_error"
        );
    }

    fn check(
        org: &str,
        user_id: &str,
        expected: Option<&str>,
        requested: Option<&[&str]>,
        scope: Option<&str>,
    ) -> IdentityCheck {
        let user = parse_userinfo(&SerdeJson, 200, USERINFO).unwrap();
        compare_identity(
            TokenIds {
                org_id: Some(org),
                user_id: Some(user_id),
                scope,
            },
            &user,
            expected,
            requested,
        )
    }

    #[test]
    fn identity() {
        let c = check(
            "00D5g000000FAKE",
            "0055g000000FAKEAAA",
            Some(" ADMIN@acme.example "),
            None,
            Some("api refresh_token"),
        );
        assert!(c.ok);
        assert_eq!(
            c.message,
            "This token belongs to admin@acme.example in org 00D5g000000FAKEEAA."
        );
        assert_eq!(c.hint, None);
        assert_eq!(c.requested_scopes, None);
        assert_eq!(c.granted_scopes.as_deref(), Some("api refresh_token"));

        let c = check(
            "00D5g000000FAKEEAA",
            "0055g000000FAKEAAA",
            Some("other@acme.example"),
            None,
            None,
        );
        assert!(!c.ok);
        assert!(c
            .message
            .starts_with("This token is for another user than the profile expects"));
        assert!(c.hint.unwrap().contains("other@acme.example"));
        assert_eq!(c.granted_scopes, None);

        let c = check("00D5g000000OTHER", "0055g000000FAKEAAA", None, None, None);
        assert!(!c.ok);
        assert!(c.message.contains("do not match"));
    }

    #[test]
    fn scopes() {
        let c = check(
            "00D5g000000FAKEEAA",
            "0055g000000FAKEAAA",
            None,
            Some(&["api refresh_token", "web"]),
            Some("api web"),
        );
        assert!(c.ok);
        assert_eq!(c.requested_scopes.as_deref(), Some("api refresh_token web"));
        let hint = c.hint.unwrap();
        assert!(hint.contains("did not grant: refresh_token."), "{hint}");
        assert!(hint.contains("no Refresh is possible"));
        let c = check(
            "00D5g000000FAKEEAA",
            "0055g000000FAKEAAA",
            None,
            Some(&["api,offline_access"]),
            Some("refresh_token full"),
        );
        assert_eq!(c.hint, None);
        let c = check(
            "00D5g000000FAKEEAA",
            "0055g000000FAKEAAA",
            None,
            Some(&["id"]),
            Some("api"),
        );
        assert!(c.hint.unwrap().contains("did not grant: id."));
        assert!(same_id("0055g000000FAKE", "0055g000000FAKEAAA"));
        assert!(!same_id("0055g000000FAKe", "0055g000000FAKEAAA"));
    }
}
