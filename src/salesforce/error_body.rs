//! Reading Salesforce's own error code and words out of an error answer,
//! whatever shape it comes in:
//! - OAuth JSON `{"error": "...", "error_description": "..."}` (token,
//!   introspection endpoints);
//! - form-encoded `error=...&error_description=...`: what
//!   `/services/oauth2/revoke` answers (HTTP 400) and the bare-text page the
//!   authorize endpoint shows when it cannot redirect. jsforce reads revoke
//!   errors as a query string (`src/oauth2.ts` `revokeToken()`,
//!   https://github.com/jsforce/jsforce); see docs/salesforce.md;
//! - REST `[{"errorCode": "...", "message": "..."}]`;
//! - a bare word such as `Bad_OAuth_Token`.
//!
//! Anything else (HTML, prose, an empty body) is `None`: the caller says
//! what came back instead.

use crate::encoding::json::{parse_json, Json};
use crate::encoding::percent::{Plus, RawParams};

/// Longest form-encoded error body accepted (the bare-text page is short).
const MAX_FORM_LEN: usize = 2000;

/// Salesforce's `(error, error_description)` in an error body, in any of
/// the shapes of the module docs.
pub fn read_error_body(body: &str) -> Option<(String, Option<String>)> {
    let body = body.trim();
    if is_word(body) {
        return Some((body.to_owned(), None));
    }
    if let Some(json) = parse_json(body) {
        let (object, code, text) = match &json {
            Json::Array(items) => (items.first()?, "errorCode", "message"),
            object => (object, "error", "error_description"),
        };
        let code = json_string(object, code)?;
        return Some((code, json_string(object, text)));
    }
    form_error(body)
}

/// A form-encoded error: only `error` (once, a plain word),
/// `error_description` (at most once) and `state`; values percent-decoded
/// once with `+` as a space. No spaces or markup anywhere: a page of prose or
/// HTML that merely contains `error=` is not one.
pub fn form_error(body: &str) -> Option<(String, Option<String>)> {
    let body = body.trim();
    if body.is_empty() || body.len() > MAX_FORM_LEN {
        return None;
    }
    if body
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '{' | '['))
    {
        return None;
    }
    let params = RawParams::parse(body);
    if params
        .names()
        .any(|n| !matches!(n, "error" | "error_description" | "state"))
        || params.count("error") != 1
        || params.count("error_description") > 1
    {
        return None;
    }
    let error = params.get("error", Plus::IsSpace)?.ok()?;
    if error.is_empty()
        || !error
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return None;
    }
    let error_description = match params.get("error_description", Plus::IsSpace) {
        Some(decoded) => Some(decoded.ok()?).filter(|d| !d.trim().is_empty()),
        None => None,
    };
    Some((error, error_description))
}

fn is_word(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn json_string(object: &Json<'_>, name: &str) -> Option<String> {
    match object.get(name) {
        Some(Json::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(error: &str, description: Option<&str>) -> Option<(String, Option<String>)> {
        Some((error.to_owned(), description.map(str::to_owned)))
    }

    #[test]
    fn json_form_rest_and_word() {
        assert_eq!(
            read_error_body(r#"{"error":"invalid_token","error_description":"invalid token"}"#),
            pair("invalid_token", Some("invalid token"))
        );
        // The revoke endpoint's form-encoded answer: decoded once, + is a space.
        assert_eq!(
            read_error_body(
                "error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported\n"
            ),
            pair(
                "unsupported_token_type",
                Some("this token type is not supported")
            )
        );
        assert_eq!(
            read_error_body("error_description=invalid+token&error=invalid_token"),
            pair("invalid_token", Some("invalid token"))
        );
        assert_eq!(
            read_error_body("error=invalid_token&error_description=100%2525"),
            pair("invalid_token", Some("100%25"))
        );
        assert_eq!(
            read_error_body("error=invalid_token"),
            pair("invalid_token", None)
        );
        assert_eq!(
            read_error_body(r#"[{"message":"Session expired","errorCode":"INVALID_SESSION_ID"}]"#),
            pair("INVALID_SESSION_ID", Some("Session expired"))
        );
        assert_eq!(
            read_error_body(" Bad_OAuth_Token\n"),
            pair("Bad_OAuth_Token", None)
        );
    }

    #[test]
    fn html_prose_and_damaged_forms_are_not_errors() {
        for body in [
            "",
            "  ",
            "<html><body>error=invalid_token</body></html>",
            "Hello error=invalid_token",
            "error=&error_description=x",
            "error=a&error=b",
            "error=a&foo=b",
            "error=a&error_description=%ZZ",
            "error=a%20b",
            "errors=x",
            "{}",
            "[]",
            "two words",
        ] {
            assert_eq!(read_error_body(body), None, "{body:?}");
        }
        assert_eq!(form_error(&"error=a&".repeat(400)), None);
    }
}
