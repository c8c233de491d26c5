//! The one reader of Salesforce's answers: every parser of the core reads the
//! body through [`read_answer`], which classifies it once:
//! - JSON: an object decoded as the caller's raw type (lenient fields,
//!   success and error fields together), an array as a list of
//!   [`ListItem`]s (REST error lists, the API version list), or another value;
//! - form-encoded `error=…&error_description=…`: what
//!   `/services/oauth2/revoke` answers (HTTP 400) and the bare-text page the
//!   authorize endpoint shows when it cannot redirect. jsforce reads revoke
//!   errors as a query string (`src/oauth2.ts` `revokeToken()`,
//!   https://github.com/jsforce/jsforce); see docs/salesforce.md#revoke;
//! - a bare word such as `Bad_OAuth_Token` (UserInfo's refusals);
//! - an HTML page (a proxy, a captive portal, a maintenance page);
//! - empty, or other text.
//!
//! Salesforce's own error code and words ([`Answer::error`]) come from
//! whichever shape carried them: OAuth JSON `{"error", "error_description"}`,
//! REST `[{"errorCode", "message"}]`, form-encoded, or the bare word. A quote
//! of the body in an error message comes from [`Answer::snippet`], redacted
//! ([`crate::salesforce::redact`]).

use crate::encoding::json::{Item, JsonDecoder, JsonKind, Scalar};
use crate::encoding::percent::{Plus, RawParams};
use crate::error::SfError;
use crate::salesforce::redact::redact;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;

/// Longest form-encoded error body accepted (the bare-text page is short).
const MAX_FORM_LEN: usize = 2000;
/// How much of a body is quoted back.
const SNIPPET_CHARS: usize = 80;

/// Salesforce's `(error, error_description)` in a decoded body.
pub trait ErrorFields {
    /// The error code and its description, when the body carries one.
    fn error_fields(&self) -> Option<(String, Option<String>)>;
}

/// `error` / `error_description` of an OAuth answer, when `error` is a
/// non-blank string.
pub fn oauth_error(error: &Scalar, description: &Scalar) -> Option<(String, Option<String>)> {
    Some((error.text()?, description.text()))
}

/// An OAuth error object: `{"error": "...", "error_description": "..."}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OAuthError {
    error: Scalar,
    error_description: Scalar,
}

impl ErrorFields for OAuthError {
    fn error_fields(&self) -> Option<(String, Option<String>)> {
        oauth_error(&self.error, &self.error_description)
    }
}

/// One entry of a JSON array answer: a REST error (`{"errorCode",
/// "message"}`) or an API version (`{"version", "url", "label"}`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListItem {
    error_code: Scalar,
    message: Scalar,
    /// `65.0`.
    pub version: Scalar,
    /// `/services/data/v65.0`.
    pub url: Scalar,
    /// `Winter '26`.
    pub label: Scalar,
}

impl ErrorFields for ListItem {
    fn error_fields(&self) -> Option<(String, Option<String>)> {
        oauth_error(&self.error_code, &self.message)
    }
}

/// What a body is.
#[derive(Debug, Clone)]
pub enum Body<T> {
    /// A JSON object, decoded as the caller's raw type.
    Object(T),
    /// A JSON array; `None` for an entry that is not an object.
    List(Vec<Option<ListItem>>),
    /// Another JSON value (a string, a number, `true`, `null`…).
    Json,
    /// Form-encoded `error=…&error_description=…`.
    Form(String, Option<String>),
    /// A bare word such as `Bad_OAuth_Token`.
    Word(String),
    /// An HTML page, with its title when it has one.
    Html(Option<String>),
    /// Nothing (or only whitespace).
    Empty,
    /// Anything else.
    Text,
}

/// An answer, read once: the status, the (trimmed) text, and what it is.
#[derive(Debug, Clone)]
pub struct Answer<'a, T> {
    /// The HTTP status.
    pub status: u16,
    /// The body without surrounding whitespace.
    pub text: &'a str,
    /// The body, classified.
    pub body: Body<T>,
}

/// Reads an answer: a JSON object (as `T`), a JSON array, another JSON
/// value, a form-encoded error, a bare word, HTML, empty or other text.
pub fn read_answer<'a, T: DeserializeOwned>(
    json: &impl JsonDecoder,
    status: u16,
    body: &'a str,
) -> Answer<'a, T> {
    let text = body.trim();
    let object = match JsonKind::of(text) {
        JsonKind::Object => json.decode(text),
        _ => None,
    };
    let body = match object {
        Some(object) => Body::Object(object),
        // Everything else does not depend on `T`: one copy of the code.
        None => match classify(json, text) {
            Body::List(items) => Body::List(items),
            Body::Json => Body::Json,
            Body::Form(error, description) => Body::Form(error, description),
            Body::Word(word) => Body::Word(word),
            Body::Html(title) => Body::Html(title),
            Body::Empty | Body::Object(()) => Body::Empty,
            Body::Text => Body::Text,
        },
    };
    Answer { status, text, body }
}

/// A body that is not a JSON object (or not one that decodes).
fn classify(json: &impl JsonDecoder, text: &str) -> Body<()> {
    let decoded = match JsonKind::of(text) {
        _ if text.is_empty() => return Body::Empty,
        JsonKind::Object => None,
        JsonKind::Array => json
            .decode::<Vec<Item<ListItem>>>(text)
            .map(|items| Body::List(items.into_iter().map(|item| item.0).collect())),
        JsonKind::Other => json.decode::<IgnoredAny>(text).map(|_| Body::Json),
    };
    match decoded {
        Some(body) => body,
        None if is_word(text) => Body::Word(text.to_owned()),
        None => match form_error(text) {
            Some((error, description)) => Body::Form(error, description),
            None => match html_title(text) {
                Some(title) => Body::Html(Some(title.to_owned())),
                None if text.starts_with('<') => Body::Html(None),
                None => Body::Text,
            },
        },
    }
}

impl<T> Answer<'_, T> {
    /// HTTP 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Neither JSON nor one of Salesforce's error shapes, and not empty: an
    /// HTML page or other text.
    pub fn is_foreign(&self) -> bool {
        matches!(self.body, Body::Html(_) | Body::Text)
    }

    /// Salesforce's `(error, error_description)`, in whatever shape it came.
    pub fn error(&self) -> Option<(String, Option<String>)>
    where
        T: ErrorFields,
    {
        match &self.body {
            Body::Object(object) => object.error_fields(),
            Body::List(items) => items.first()?.as_ref()?.error_fields(),
            Body::Form(error, description) => Some((error.clone(), description.clone())),
            Body::Word(word) => Some((word.clone(), None)),
            _ => None,
        }
    }

    /// A short, single-line, redacted description of the body for an error
    /// message: the HTML title when there is one, otherwise its first
    /// characters in quotes. `secrets`: values known to be secret (the
    /// consumer secret), removed even if some echo server reflected them.
    pub fn snippet(&self, secrets: &[&str]) -> String {
        let title = match &self.body {
            Body::Html(title) => title.as_deref(),
            _ => None,
        };
        snippet(title, self.text, secrets)
    }
}

fn snippet(html_title: Option<&str>, text: &str, secrets: &[&str]) -> String {
    let described = match html_title {
        Some(title) => format!(
            "an HTML page titled \"{}\"",
            first_chars(title, SNIPPET_CHARS)
        ),
        None => format!("\"{}\"", first_chars(text, SNIPPET_CHARS)),
    };
    redact(&described, secrets)
}

/// Salesforce's `(error, error_description)` in an error body, in any of
/// the shapes of the module docs.
pub fn read_error_body(json: &impl JsonDecoder, body: &str) -> Option<(String, Option<String>)> {
    read_answer::<OAuthError>(json, 0, body).error()
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
    {
        return None;
    }
    error_pair(&params)
}

/// Salesforce's `error` (one word) and `error_description` (decoded once, `+` as a space) from query or form
/// pairs, each given at most once; `None` otherwise. Shared by the form-encoded error body and the error page's
/// address.
pub fn error_pair(params: &RawParams<'_>) -> Option<(String, Option<String>)> {
    if params.count("error") != 1 || params.count("error_description") > 1 {
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

fn html_title(body: &str) -> Option<&str> {
    let lower = body.to_ascii_lowercase(); // ASCII lowering keeps byte offsets.
    let open = lower.find("<title")?;
    let start = open + lower.get(open..)?.find('>')? + 1;
    let end = start + lower.get(start..)?.find("</title")?;
    body.get(start..end)
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Up to `max` characters with whitespace runs collapsed, `…` when cut.
fn first_chars(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        for c in (!out.is_empty())
            .then_some(' ')
            .into_iter()
            .chain(word.chars())
        {
            if count == max {
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;

    fn pair(error: &str, description: Option<&str>) -> Option<(String, Option<String>)> {
        Some((error.to_owned(), description.map(str::to_owned)))
    }

    fn read(body: &str) -> Option<(String, Option<String>)> {
        read_error_body(&SerdeJson, body)
    }

    #[test]
    fn json_form_rest_and_word() {
        assert_eq!(
            read(r#"{"error":"invalid_token","error_description":"invalid token"}"#),
            pair("invalid_token", Some("invalid token"))
        );
        // The revoke endpoint's form-encoded answer: decoded once, + is a space.
        assert_eq!(
            read(
                "error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported\n"
            ),
            pair(
                "unsupported_token_type",
                Some("this token type is not supported")
            )
        );
        assert_eq!(
            read("error_description=invalid+token&error=invalid_token"),
            pair("invalid_token", Some("invalid token"))
        );
        assert_eq!(
            read("error=invalid_token&error_description=100%2525"),
            pair("invalid_token", Some("100%25"))
        );
        assert_eq!(read("error=invalid_token"), pair("invalid_token", None));
        assert_eq!(
            read(r#"[{"message":"Session expired","errorCode":"INVALID_SESSION_ID"}]"#),
            pair("INVALID_SESSION_ID", Some("Session expired"))
        );
        assert_eq!(read(" Bad_OAuth_Token\n"), pair("Bad_OAuth_Token", None));
        assert_eq!(
            read(r#"{"error":"x","error_description":5}"#),
            pair("x", None)
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
            r#"[{"message":"x"}]"#,
            r#"{"error":5}"#,
            "42",
        ] {
            assert_eq!(read(body), None, "{body:?}");
        }
        assert_eq!(form_error(&"error=a&".repeat(400)), None);
    }

    #[test]
    fn bodies_are_classified_once() {
        let kind = |body: &str| match read_answer::<OAuthError>(&SerdeJson, 200, body).body {
            Body::Object(_) => "object",
            Body::List(_) => "list",
            Body::Json => "json",
            Body::Form(..) => "form",
            Body::Word(_) => "word",
            Body::Html(_) => "html",
            Body::Empty => "empty",
            Body::Text => "text",
        };
        assert_eq!(kind(" {} "), "object");
        assert_eq!(kind("[1]"), "list");
        assert_eq!(kind("42"), "json");
        assert_eq!(kind("{x"), "text");
        assert_eq!(kind("error=x"), "form");
        assert_eq!(kind("Bad_OAuth_Token"), "word");
        assert_eq!(kind("<html/>"), "html");
        assert_eq!(kind("x <title>T</title>"), "html");
        assert_eq!(kind(" \n"), "empty");
        assert_eq!(kind("Service Unavailable"), "text");
    }

    #[test]
    fn snippets() {
        let snippet = |body: &str, secrets: &[&str]| {
            read_answer::<OAuthError>(&SerdeJson, 200, body).snippet(secrets)
        };
        assert_eq!(snippet("  a \n b  ", &[]), "\"a b\"");
        assert_eq!(
            snippet("<html><TITLE> Proxy  Login </title>", &[]),
            "an HTML page titled \"Proxy Login\""
        );
        assert_eq!(first_chars("abcdef", 3), "abc…");
        assert_eq!(first_chars("ééééé", 2), "éé…");
        assert_eq!(html_title("<TITLE>É</title>"), Some("É"));
        assert_eq!(html_title("<title>"), None);
        // Secrets never come back in a quote of the body.
        let quoted = snippet(
            "echo client_secret=hunter22 code=aPrx access_token=00D!x hunter22",
            &["hunter22"],
        );
        assert!(
            !quoted.contains("hunter22") && !quoted.contains("aPrx") && !quoted.contains("00D!x"),
            "{quoted}"
        );
    }
}

/// HTTP 429 (too many requests), or 503 with `Retry-After`: Salesforce — or a proxy in front of it — asks the
/// caller to slow down, whatever the body says. Explained with the wait it asked for, and retryable: nothing was
/// consumed. `retry_after` is the header as sent (seconds, or an HTTP date, which is not interpreted).
pub fn throttled(status: u16, retry_after: Option<&str>) -> Option<SfError> {
    let wait = retry_after
        .map(str::trim)
        .and_then(|value| value.parse::<u64>().ok())
        .map(|seconds| match seconds {
            0..=1 => "a second".to_owned(),
            2..=119 => format!("{seconds} seconds"),
            _ => format!("{} minutes", seconds.div_ceil(60)),
        });
    let asked = wait
        .as_deref()
        .map_or_else(|| "a moment".to_owned(), str::to_owned);
    match (status, retry_after) {
        (429, _) => Some(
            SfError::new(
                "rate_limited",
                format!("Salesforce said too many requests (HTTP 429) and asks to wait {asked}."),
                format!(
                    "Wait {asked}, then try again; nothing was used up. If it keeps happening, another tool may \
                     be sending many requests with the same app or user."
                ),
            )
            .retryable(),
        ),
        (503, Some(_)) => Some(
            SfError::new(
                "salesforce_unavailable",
                format!(
                    "Salesforce is unavailable for now (HTTP 503, often maintenance) and asks to wait {asked}."
                ),
                format!(
                    "Wait {asked}, then try again; nothing was used up. status.salesforce.com shows planned \
                     maintenance."
                ),
            )
            .retryable(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod throttle_tests {
    use super::throttled;

    #[test]
    fn rate_limits_say_how_long_to_wait() {
        let e = throttled(429, Some("30")).unwrap();
        assert_eq!(e.code, "rate_limited");
        assert!(e.message.contains("30 seconds") && e.hint.contains("30 seconds"));
        assert!(e.retry_same_code);
        assert!(throttled(429, None).unwrap().message.contains("a moment"));
        assert!(throttled(429, Some("Wed, 21 Oct 2026 07:28:00 GMT"))
            .unwrap()
            .hint
            .contains("a moment"));
        assert!(throttled(429, Some("600"))
            .unwrap()
            .message
            .contains("10 minutes"));
        assert_eq!(
            throttled(503, Some("120")).unwrap().code,
            "salesforce_unavailable"
        );
        assert!(
            throttled(503, None).is_none(),
            "a bare 503 is read from its body"
        );
        assert!(throttled(200, Some("5")).is_none());
        assert!(throttled(400, None).is_none());
    }
}
