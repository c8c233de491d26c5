//! The test call: prove a token works with the REST API (docs/salesforce.md#rest).
//!
//! First `GET {instance}/services/data/` (no authentication) for the list of
//! API versions, then `GET {instance}/services/data/vNN.0/limits` with the
//! token. The REST API's own errors (docs/salesforce.md#errors last row, docs/salesforce.md#lifetimes): 401
//! `INVALID_SESSION_ID` "Session expired or invalid" (expired or revoked
//! token, or a Lightning-domain session), 401 "This session is not valid
//! for use with the REST API" (no `api` scope, API Access Control), 403
//! (the user's profile lacks API Enabled, or the org is over its API limit),
//! 404 (no such version or resource).

use crate::encoding::json::{Item, JsonDecoder, Members, Scalar};
use crate::error::SfError;
use crate::oauth::http::Request;
use crate::salesforce::answer::{read_answer, Answer, Body, ErrorFields, OAuthError};
use crate::secret::Secret;
use crate::token::lifecycle::{api_base, checked_token, grouped, reported, unexpected};
use serde::Deserialize;

/// Path of the API version list.
pub const VERSIONS_PATH: &str = "/services/data/";

/// `GET {instance}/services/data/`: the API versions (no token needed).
pub fn api_versions_request(instance_url: &str) -> Result<Request, SfError> {
    Ok(Request::get(
        [api_base(instance_url)?.as_str(), VERSIONS_PATH].concat(),
    ))
}

/// One REST API version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiVersion {
    /// `65.0`.
    pub version: String,
    /// `/services/data/v65.0`.
    pub url: String,
    /// `Winter '26`.
    pub label: Option<String>,
}

/// `65.0` → (65, 0); `None` for anything else.
fn version_number(version: &str) -> Option<(u32, u32)> {
    let (major, minor) = version.split_once('.').unwrap_or((version, "0"));
    let digits = |s: &str| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(major) || !digits(minor) {
        return None;
    }
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// A version path we are willing to call: `/services/data/v` + digits and dots.
pub(crate) fn valid_version_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let url = url.strip_suffix('/').unwrap_or(url);
    let number = url.strip_prefix("/services/data/v")?;
    version_number(number).map(|_| url)
}

/// The newest version in the list (compared as numbers: 100.0 > 65.0).
pub fn parse_api_versions(
    json: &impl JsonDecoder,
    status: u16,
    body: &str,
) -> Result<ApiVersion, SfError> {
    const WHAT: &str = "GET /services/data/";
    if !(200..300).contains(&status) {
        return Err(rest_error(WHAT, &read_answer(json, status, body)));
    }
    let answer = read_answer::<OAuthError>(json, status, body);
    let Body::List(items) = &answer.body else {
        return Err(unexpected(WHAT, &answer));
    };
    let newest = items
        .iter()
        .flatten()
        .filter_map(|item| {
            let version = item.version.text()?;
            let number = version_number(&version)?;
            let url = valid_version_url(&item.url.text()?)?.to_owned();
            Some((number, version, url, item.label.text()))
        })
        .max_by_key(|entry| entry.0);
    match newest {
        Some((_, version, url, label)) => Ok(ApiVersion {
            version,
            url,
            label,
        }),
        None => Err(SfError::new(
            "no_api_versions",
            "The instance listed no usable REST API versions.",
            "Check that the token's instance URL is your org's My Domain, then retry.",
        )),
    }
}

/// `GET {instance}{versionUrl}/limits` with the token.
pub fn limits_request(
    instance_url: &str,
    access_token: &Secret,
    version_url: &str,
) -> Result<Request, SfError> {
    let base = api_base(instance_url)?;
    let token = checked_token(access_token, "access token")?;
    let Some(version_url) = valid_version_url(version_url) else {
        return Err(SfError::new(
            "invalid_version_url",
            "versionUrl must look like /services/data/v65.0.",
            "This is a bug in the extension's call into sftoken; please report it.",
        ));
    };
    Ok(Request::get(format!("{base}{version_url}/limits")).bearer(token))
}

/// The answer to the test call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// "The token works: …".
    pub message: String,
    /// (limit name, "14,998 of 15,000 remaining"), a few of them.
    pub rows: Vec<(String, String)>,
}

/// The limits shown first, when the org has them.
const SHOWN_LIMITS: &[&str] = &[
    "DailyApiRequests",
    "DataStorageMB",
    "FileStorageMB",
    "DailyAsyncApexExecutions",
    "DailyBulkApiBatches",
];
const MAX_ROWS: usize = 5;

/// One limit: `{"Max": 15000, "Remaining": 14998}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct RawLimit {
    #[serde(rename = "Max")]
    max: Scalar,
    #[serde(rename = "Remaining")]
    remaining: Scalar,
}

/// The `/limits` object: its members in document order.
type RawLimits = Members<Item<RawLimit>>;

/// A success body carries no error fields.
impl ErrorFields for RawLimits {
    fn error_fields(&self) -> Option<(String, Option<String>)> {
        None
    }
}

fn limit_row(name: &str, value: &Item<RawLimit>) -> Option<(String, String)> {
    let limit = value.0.as_ref()?;
    let max = limit.max.count()?;
    let remaining = limit.remaining.count()?;
    Some((
        name.to_owned(),
        format!("{} of {} remaining", grouped(remaining), grouped(max)),
    ))
}

/// Reads the `/limits` answer; REST errors are explained.
pub fn parse_limits(json: &impl JsonDecoder, status: u16, body: &str) -> Result<Limits, SfError> {
    const WHAT: &str = "GET …/limits";
    if !(200..300).contains(&status) {
        return Err(rest_error(WHAT, &read_answer(json, status, body)));
    }
    let answer = read_answer::<RawLimits>(json, status, body);
    let Body::Object(Members(members)) = &answer.body else {
        return Err(unexpected(WHAT, &answer));
    };
    let mut rows: Vec<(String, String)> = SHOWN_LIMITS
        .iter()
        .filter_map(|name| {
            let value = members.iter().rev().find(|m| m.0 == *name)?;
            limit_row(name, &value.1)
        })
        .collect();
    for (name, value) in members {
        if rows.len() >= MAX_ROWS {
            break;
        }
        if !rows.iter().any(|row| row.0 == *name) {
            rows.extend(limit_row(name, value));
        }
    }
    Ok(Limits {
        message: format!("The token works: GET …/limits answered {status}."),
        rows,
    })
}

/// A REST API error, explained.
fn rest_error(what: &str, answer: &Answer<'_, OAuthError>) -> SfError {
    let status = answer.status;
    let error = answer.error();
    let code = error.as_ref().map(|e| e.0.clone()).unwrap_or_default();
    let said = error
        .as_ref()
        .and_then(|e| e.1.as_deref())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match (status, error) {
        (401, Some(error)) if said.contains("not valid for use with the rest api") => reported(
            "session_not_for_rest",
            "Salesforce says this session is not valid for use with the REST API: the token lacks the api \
             scope, API Access Control does not allow this app, or it is a Lightning-domain session.",
            "Add \"Manage user data via APIs (api)\" to the app's OAuth scopes and the profile's scopes, \
             then log in again; with API Access Control, allow the app for the user.",
            error,
        ),
        (401, Some(error)) if code == "INVALID_SESSION_ID" => {
            let mut e = reported(
                "INVALID_SESSION_ID",
                "Salesforce says the session is expired or invalid: the token has expired or was revoked \
                 (or it is a Lightning-domain session, which the REST API does not accept).",
                "Refresh the token, or log in again.",
                error,
            );
            e.retry_same_code = false;
            e
        }
        (403, Some(error)) if code == "REQUEST_LIMIT_EXCEEDED" => reported(
            "request_limit_exceeded",
            "The org has used up its API requests for now (REQUEST_LIMIT_EXCEEDED).",
            "Wait until the 24-hour window frees requests, or ask Salesforce for a higher limit.",
            error,
        ),
        (403, error) => {
            let mut e = SfError::new(
                "api_access_denied",
                "Salesforce refused the REST call (403): the user's profile or permission sets lack \
                 \"API Enabled\", or API Access Control does not allow this app.",
                "Give the user the API Enabled permission, or allow the app under API Access Control; then retry.",
            );
            if let Some((code, text)) = error {
                e.error = Some(code);
                e.error_description = text;
            }
            e
        }
        (404, error) => {
            let mut e = SfError::new(
                "not_found",
                format!(
                    "{what} answered 404: this API version or resource does not exist on this \
                     instance."
                ),
                "Check that the token's instance URL is your org's My Domain, then retry.",
            );
            if let Some((code, text)) = error {
                e.error = Some(code);
                e.error_description = text;
            }
            e
        }
        _ => unexpected(what, answer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;

    const INSTANCE: &str = "https://acme.my.salesforce.com";

    #[test]
    fn versions() {
        let r = api_versions_request(INSTANCE).unwrap();
        assert_eq!(r.url, "https://acme.my.salesforce.com/services/data/");
        assert!(r.header("Authorization").is_none() && r.body.is_none());
        assert_eq!(r.method, "GET");
        let body = r#"[{"label":"Summer '14","url":"/services/data/v31.0","version":"31.0"},
            {"label":"Winter '26","url":"/services/data/v65.0","version":"65.0"},
            {"label":"Future","url":"/services/data/v100.0","version":"100.0"},
            {"label":"Spring '15","url":"/services/data/v9.0","version":"9.0"},
            {"label":"Bad","url":"https://evil.example/v200.0","version":"200.0"}]"#;
        assert_eq!(
            parse_api_versions(&SerdeJson, 200, body).unwrap(),
            ApiVersion {
                version: "100.0".into(),
                url: "/services/data/v100.0".into(),
                label: Some("Future".into())
            }
        );
        assert_eq!(
            parse_api_versions(&SerdeJson, 200, "[]").unwrap_err().code,
            "no_api_versions"
        );
        assert_eq!(
            parse_api_versions(&SerdeJson, 200, "<html>")
                .unwrap_err()
                .code,
            "unexpected_response"
        );
        assert_eq!(
            parse_api_versions(&SerdeJson, 404, "").unwrap_err().code,
            "not_found"
        );
        assert_eq!(version_number("65"), Some((65, 0)));
        assert_eq!(version_number("65.x"), None);
        assert_eq!(version_number("9999999.0"), None);
    }

    #[test]
    fn limits() {
        let token = Secret::from("00D!t");
        let r = limits_request(INSTANCE, &token, "/services/data/v65.0/").unwrap();
        assert_eq!(
            r.url,
            "https://acme.my.salesforce.com/services/data/v65.0/limits"
        );
        assert_eq!(r.header("Authorization"), Some("Bearer 00D!t"));
        for bad in [
            "",
            "/services/data/",
            "https://evil/services/data/v65.0",
            "/services/data/v65.0/../x",
            "/services/data/v65.0?x",
        ] {
            assert_eq!(
                limits_request(INSTANCE, &token, bad).unwrap_err().code,
                "invalid_version_url",
                "{bad}"
            );
        }
        assert!(limits_request("https://evil.example", &token, "/services/data/v65.0").is_err());

        let body = r#"{"ConcurrentSyncReportRuns":{"Max":20,"Remaining":20},
            "DailyApiRequests":{"Max":15000,"Remaining":14998},"DataStorageMB":{"Max":5,"Remaining":5},
            "Odd":{"Max":"x"},"SingleEmail":{"Max":15,"Remaining":15},"X":{"Max":1,"Remaining":1},
            "Y":{"Max":1,"Remaining":1}}"#;
        let limits = parse_limits(&SerdeJson, 200, body).unwrap();
        assert_eq!(
            limits.message,
            "The token works: GET …/limits answered 200."
        );
        assert_eq!(limits.rows.len(), 5);
        assert_eq!(
            limits.rows[0],
            (
                "DailyApiRequests".into(),
                "14,998 of 15,000 remaining".into()
            )
        );
        assert_eq!(limits.rows[1].0, "DataStorageMB");
        assert_eq!(limits.rows[2].0, "ConcurrentSyncReportRuns");
        assert_eq!(limits.rows[3].0, "SingleEmail");
    }

    #[test]
    fn errors() {
        let e = parse_limits(
            &SerdeJson,
            401,
            r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#,
        )
        .unwrap_err();
        assert_eq!(e.code, "INVALID_SESSION_ID");
        assert_eq!(e.error.as_deref(), Some("INVALID_SESSION_ID"));
        assert!(e.message.contains("expired or invalid"));
        assert_eq!(e.hint, "Refresh the token, or log in again.");
        let e = parse_limits(&SerdeJson, 401, r#"[{"message":"This session is not valid for use with the REST API","errorCode":"INVALID_SESSION_ID"}]"#).unwrap_err();
        assert_eq!(e.code, "session_not_for_rest");
        assert!(e.message.contains("api"));
        let e = parse_limits(&SerdeJson, 403, r#"[{"message":"The REST API is not enabled for this Organization.","errorCode":"API_DISABLED_FOR_ORG"}]"#).unwrap_err();
        assert_eq!(e.code, "api_access_denied");
        assert_eq!(e.error.as_deref(), Some("API_DISABLED_FOR_ORG"));
        assert_eq!(
            parse_limits(
                &SerdeJson,
                403,
                r#"[{"message":"x","errorCode":"REQUEST_LIMIT_EXCEEDED"}]"#
            )
            .unwrap_err()
            .code,
            "request_limit_exceeded"
        );
        let e = parse_limits(
            &SerdeJson,
            404,
            r#"[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]"#,
        )
        .unwrap_err();
        assert_eq!(e.code, "not_found");
        assert_eq!(e.error.as_deref(), Some("NOT_FOUND"));
        assert_eq!(
            parse_limits(&SerdeJson, 200, "[]").unwrap_err().code,
            "unexpected_response"
        );
        assert_eq!(
            parse_limits(&SerdeJson, 500, "").unwrap_err().code,
            "server_error"
        );
    }
}
