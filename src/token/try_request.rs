//! "Try a request": one REST call of the person's choosing with the token — method, a path on the token's own
//! instance, a JSON or XML body — and its answer laid out for reading: status, the headers worth seeing, the body
//! pretty-printed, and a REST error explained with the fix ([`crate::token::rest_errors`]). The same request can be
//! copied as a curl command (docs/salesforce.md#rest).
//!
//! The token goes to its instance and nowhere else: the path is appended to the instance URL after checks that no
//! input can turn it into another host (`//host`, `\host`, `https://other/…`, `user@host`, encoded dot segments and
//! slashes) — the same rule as every other token call ([`crate::token::lifecycle::api_base`]).

use crate::encoding::json::JsonDecoder;
use crate::encoding::pretty::{pretty_json, pretty_xml};
use crate::encoding::shell_quote::shell_quote;
use crate::error::SfError;
use crate::oauth::http::{HeaderValue, Request};
use crate::secret::Secret;
use crate::token::lifecycle::{api_base, checked_token};
use crate::token::rest::valid_version_url;
use crate::token::rest_errors::{explain_rest_error, RestError};
use serde::de::IgnoredAny;

/// An HTTP method the panel offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Read.
    Get,
    /// Create (`…/sobjects/Account/`), or a query by POST.
    Post,
    /// Update (`…/sobjects/Account/{id}`).
    Patch,
    /// Delete.
    Delete,
}

impl Method {
    /// Reads `GET`, `POST`, `PATCH`, `DELETE` (any case; empty is GET).
    pub fn parse(method: &str) -> Result<Method, SfError> {
        Ok(match method.trim().to_ascii_uppercase().as_str() {
            "" | "GET" => Method::Get,
            "POST" => Method::Post,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => {
                return Err(SfError::new(
                    "unsupported_method",
                    "The method must be GET, POST, PATCH or DELETE.",
                    "Choose one of the four methods.",
                ))
            }
        })
    }

    /// The method as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether a body goes with this method.
    pub fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Patch)
    }
}

/// The body's format, which also sets `Content-Type` and `Accept` (the REST API answers in the format asked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    /// `application/json` (the default).
    Json,
    /// `application/xml`.
    Xml,
}

impl BodyFormat {
    /// Reads `json` or `xml` (any case; empty is JSON).
    pub fn parse(format: &str) -> Result<BodyFormat, SfError> {
        match format.trim().to_ascii_lowercase().as_str() {
            "" | "json" => Ok(BodyFormat::Json),
            "xml" => Ok(BodyFormat::Xml),
            _ => Err(SfError::new(
                "unsupported_format",
                "The body format must be JSON or XML.",
                "Choose JSON or XML.",
            )),
        }
    }

    /// The media type of `Content-Type` and `Accept`.
    pub fn media_type(self) -> &'static str {
        match self {
            BodyFormat::Json => "application/json",
            BodyFormat::Xml => "application/xml",
        }
    }
}

fn bad_path(message: &'static str, hint: &'static str) -> SfError {
    SfError::new("invalid_path", message, hint)
}

const PATH_HINT: &str = "Type a path on the token's instance, e.g. /services/data/v65.0/limits.";

/// The path (and query) to append to `base`, the token's instance URL as [`api_base`] gives it. Accepts a path
/// starting with a single `/`, or a full URL on the instance itself (cut back to its path); refuses everything that
/// could reach another host. Spaces and other characters a URL cannot hold are percent-encoded.
pub fn checked_path(base: &str, input: &str) -> Result<String, SfError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(SfError::new(
            "missing_path",
            "No path was given.",
            PATH_HINT,
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(bad_path(
            "The path contains a line break or another control character.",
            PATH_HINT,
        ));
    }
    if text.contains('\\') {
        return Err(bad_path(
            "The path contains a backslash, which browsers read as a slash (\\\\host is another host).",
            "Use forward slashes only, e.g. /services/data/v65.0/limits.",
        ));
    }
    let path = match scheme_of(text) {
        None => text,
        Some(_) => {
            let lower = text.to_ascii_lowercase();
            let base_lower = base.to_ascii_lowercase();
            let rest = lower
                .strip_prefix(&base_lower)
                .filter(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'));
            match rest {
                // Same instance: keep the path as typed (case matters in ids).
                Some(rest) => match &text[text.len() - rest.len()..] {
                    "" => "/",
                    path => path,
                },
                None => {
                    return Err(SfError::new(
                        "other_host",
                        format!(
                            "sftoken sends this token only to its own instance, {base}: the address given points \
                             elsewhere."
                        ),
                        "Type a path such as /services/data/v65.0/limits, or a URL that starts with the token's \
                         instance URL.",
                    ))
                }
            }
        }
    };
    if path.starts_with("//") {
        return Err(bad_path(
            "The path starts with //, which browsers read as the start of another host.",
            PATH_HINT,
        ));
    }
    if !path.starts_with('/') && !path.starts_with('?') {
        return Err(bad_path("The path must start with /.", PATH_HINT));
    }
    if path.contains('#') {
        return Err(bad_path(
            "The path contains #: what follows it would never reach Salesforce.",
            "Percent-encode # as %23 in a query, or remove it.",
        ));
    }
    let (route, _query) = path.split_once('?').unwrap_or((path, ""));
    let lower_route = route.to_ascii_lowercase();
    if lower_route.contains("%2f") || lower_route.contains("%5c") {
        return Err(bad_path(
            "The path contains an encoded slash (%2F or %5C).",
            "Write slashes as / in the path.",
        ));
    }
    let dot_segment = lower_route
        .split('/')
        .map(|segment| segment.replace("%2e", "."))
        .any(|segment| segment == "." || segment == "..");
    if dot_segment {
        return Err(bad_path(
            "The path contains . or .. segments, which would move it elsewhere on the instance.",
            "Write the path in full from /services/…",
        ));
    }
    Ok(percent_encode_unsafe(path))
}

/// `scheme:` at the start of `text` (before any `/`, `?` or `#`), as URLs write it.
fn scheme_of(text: &str) -> Option<&str> {
    let end = text.find(':')?;
    let scheme = &text[..end];
    let mut chars = scheme.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_is_letter && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then_some(scheme)
}

/// Characters a URL may carry as they are (RFC 3986 unreserved, sub-delims, `:@/?%`); anything else —
/// spaces, quotes, `<>{}|^`, non-ASCII — is percent-encoded as UTF-8.
fn percent_encode_unsafe(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?%".contains(c) {
            out.push(c);
        } else {
            let mut bytes = [0u8; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// What the person chose in the panel.
#[derive(Debug, Clone)]
pub struct TryRequestInput<'a> {
    /// The token's instance URL.
    pub instance_url: &'a str,
    /// The access token.
    pub access_token: &'a Secret,
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    pub method: &'a str,
    /// A path on the instance, e.g. `/services/data/v65.0/limits`.
    pub path: &'a str,
    /// The body (POST and PATCH).
    pub body: Option<&'a str>,
    /// `json` or `xml`.
    pub format: &'a str,
}

/// The request to send: `Accept` (and `Content-Type` with a body) in the chosen format, the token as `Bearer`.
/// A body on GET or DELETE, or a JSON body that is not JSON, is refused before anything is sent.
pub fn build_try_request(
    json: &impl JsonDecoder,
    input: &TryRequestInput<'_>,
) -> Result<Request, SfError> {
    let base = api_base(input.instance_url)?;
    let token = checked_token(input.access_token, "access token")?;
    let method = Method::parse(input.method)?;
    let format = BodyFormat::parse(input.format)?;
    let path = checked_path(&base, input.path)?;
    let body = input.body.map(str::trim).filter(|b| !b.is_empty());
    if let (Some(_), false) = (body, method.has_body()) {
        return Err(SfError::new(
            "body_not_allowed",
            format!("A {} request carries no body.", method.as_str()),
            "Clear the body, or choose POST (create) or PATCH (update).",
        ));
    }
    if let Some(body) = body {
        let looks_right = match format {
            BodyFormat::Json => json.decode::<IgnoredAny>(body).is_some(),
            BodyFormat::Xml => body.starts_with('<'),
        };
        if !looks_right {
            return Err(match format {
                BodyFormat::Json => SfError::new(
                    "invalid_json_body",
                    "The body is not valid JSON, so it was not sent.",
                    "Fix the JSON (names in double quotes, no trailing comma), e.g. {\"Name\": \"Acme\"}; or choose \
                     XML.",
                ),
                BodyFormat::Xml => SfError::new(
                    "invalid_xml_body",
                    "The body does not start with an XML element, so it was not sent.",
                    "Write XML such as <Account><Name>Acme</Name></Account>, or choose JSON.",
                ),
            });
        }
    }
    let media = HeaderValue::Plain(format.media_type());
    let mut headers = vec![("Accept", media.clone())];
    if body.is_some() {
        headers.push(("Content-Type", media));
    }
    headers.push((
        "Authorization",
        HeaderValue::Secret(Secret::new(["Bearer ", token].concat())),
    ));
    Ok(Request {
        url: format!("{base}{path}"),
        method: method.as_str(),
        headers,
        body: body.map(Secret::new),
    })
}

/// The request as one curl command for bash, zsh and fish: every value single-quoted (the `!` of the token
/// survives history expansion), one option per line.
pub fn curl_command(request: &Request) -> String {
    let mut out = String::from("curl");
    if request.method != "GET" {
        out.push_str(" -X ");
        out.push_str(request.method);
    }
    out.push(' ');
    out.push_str(&shell_quote(&request.url));
    for (name, value) in &request.headers {
        out.push_str(" \\\n  -H ");
        out.push_str(&shell_quote(&format!("{name}: {}", value.expose())));
    }
    if let Some(body) = &request.body {
        out.push_str(" \\\n  --data-raw ");
        out.push_str(&shell_quote(body.expose()));
    }
    out
}

/// Paths to offer for an API version (`/services/data/v65.0`): limits first (the default), then Account's
/// describe, Account itself (POST creates one) and a query.
pub fn suggested_paths(version_url: &str) -> Result<Vec<String>, SfError> {
    let Some(version) = valid_version_url(version_url) else {
        return Err(SfError::new(
            "invalid_version_url",
            "versionUrl must look like /services/data/v65.0.",
            "This is a bug in the extension's call into sftoken; please report it.",
        ));
    };
    Ok(vec![
        format!("{version}/limits"),
        format!("{version}/sobjects/Account/describe"),
        format!("{version}/sobjects/Account/"),
        format!("{version}/query?q=SELECT+Id,Name+FROM+Account+LIMIT+5"),
    ])
}

/// Response headers shown, in this order: the format, where a created record is, the API usage
/// (`Sforce-Limit-Info`, docs/salesforce.md#rest), caching and waiting.
const WORTH_SEEING: &[&str] = &[
    "Content-Type",
    "Location",
    "Sforce-Limit-Info",
    "Last-Modified",
    "ETag",
    "Retry-After",
    "Warning",
    "Deprecation",
    "Sunset",
];

/// The answer, laid out for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TryResponse {
    /// The HTTP status.
    pub status: u16,
    /// 2xx.
    pub ok: bool,
    /// "GET /services/data/v65.0/limits answered 200 OK."
    pub summary: String,
    /// The headers worth seeing, with their usual spelling.
    pub headers: Vec<(String, String)>,
    /// The body, pretty-printed when it is JSON or XML.
    pub body: String,
    /// `json`, `xml`, `html`, `text` or `empty`.
    pub body_format: &'static str,
    /// A REST error, explained.
    pub error: Option<RestError>,
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        300 => "Multiple Choices",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        412 => "Precondition Failed",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The path and query of a URL (`/` when it has none): what the summary names.
fn path_of(url: &str) -> &str {
    match url.match_indices('/').nth(2) {
        Some((at, _)) => &url[at..],
        None => "/",
    }
}

/// Reads the answer to `request` (built by [`build_try_request`]); `headers` are every response header the
/// browser let through.
pub fn read_try_response(
    json: &impl JsonDecoder,
    request: &Request,
    status: u16,
    headers: &[(String, String)],
    body: &str,
) -> TryResponse {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let shown = WORTH_SEEING
        .iter()
        .filter_map(|name| header(name).map(|value| ((*name).to_owned(), value.to_owned())))
        .collect();
    let media = header("Content-Type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let text = body.trim();
    // Whatever the label says: Salesforce labels some answers wrongly (src/wasm/net.rs).
    let is_json = || !text.starts_with('<') && json.decode::<IgnoredAny>(text).is_some();
    let (body, body_format) = if text.is_empty() {
        (String::new(), "empty")
    } else if is_json() {
        (pretty_json(text), "json")
    } else if media.contains("html")
        || text
            .get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("<!doc"))
    {
        (text.to_owned(), "html")
    } else if media.contains("xml") || text.starts_with('<') {
        match pretty_xml(text) {
            Some(pretty) => (pretty, "xml"),
            None => (text.to_owned(), "text"),
        }
    } else {
        (text.to_owned(), "text")
    };
    let reason = reason(status);
    let (method, path) = (request.method, path_of(&request.url));
    let summary = format!(
        "{method} {path} answered {status}{}{reason}.",
        if reason.is_empty() { "" } else { " " }
    );
    TryResponse {
        status,
        ok: (200..300).contains(&status),
        summary,
        headers: shown,
        body,
        body_format,
        error: explain_rest_error(json, status, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;

    const INSTANCE: &str = "https://acme.my.salesforce.com";
    const BASE: &str = "https://acme.my.salesforce.com";

    fn input<'a>(
        token: &'a Secret,
        method: &'a str,
        path: &'a str,
        body: Option<&'a str>,
        format: &'a str,
    ) -> TryRequestInput<'a> {
        TryRequestInput {
            instance_url: INSTANCE,
            access_token: token,
            method,
            path,
            body,
            format,
        }
    }

    #[test]
    fn paths_stay_on_the_instance() {
        for (given, sent) in [
            ("/services/data/v65.0/limits", "/services/data/v65.0/limits"),
            ("  /services/data/ ", "/services/data/"),
            (
                "/services/data/v65.0/query?q=SELECT Id FROM Account",
                "/services/data/v65.0/query?q=SELECT%20Id%20FROM%20Account",
            ),
            (
                "https://acme.my.salesforce.com/services/data/v65.0/limits",
                "/services/data/v65.0/limits",
            ),
            (
                "HTTPS://ACME.my.salesforce.com/services/data/v65.0/sobjects/Account/001AbC",
                "/services/data/v65.0/sobjects/Account/001AbC",
            ),
            ("https://acme.my.salesforce.com", "/"),
            ("/x?name=Zoë\"", "/x?name=Zo%C3%AB%22"),
            (
                "/services/data/v65.0/sobjects/Account/a..b",
                "/services/data/v65.0/sobjects/Account/a..b",
            ),
        ] {
            assert_eq!(checked_path(BASE, given).unwrap(), sent, "{given}");
        }
        for (given, code) in [
            ("", "missing_path"),
            ("//evil.example/x", "invalid_path"),
            ("///evil.example/x", "invalid_path"),
            ("\\\\evil.example\\x", "invalid_path"),
            ("/\\evil.example", "invalid_path"),
            ("https://evil.example/services/data/", "other_host"),
            ("http://acme.my.salesforce.com/services/data/", "other_host"),
            (
                "https://acme.my.salesforce.com.evil.example/x",
                "other_host",
            ),
            (
                "https://acme.my.salesforce.com@evil.example/x",
                "other_host",
            ),
            ("https://acme.my.salesforce.com:8443/x", "other_host"),
            ("https:evil.example", "other_host"),
            ("javascript:alert(1)", "other_host"),
            ("evil.example/x", "invalid_path"),
            ("services/data/", "invalid_path"),
            ("/services/data/\nHost: evil", "invalid_path"),
            ("/services/../../x", "invalid_path"),
            ("/services/%2e%2E/x", "invalid_path"),
            ("/services/./x", "invalid_path"),
            ("/services%2f%2fevil", "invalid_path"),
            ("/x#frag", "invalid_path"),
        ] {
            assert_eq!(
                checked_path(BASE, given).unwrap_err().code,
                code,
                "{given:?}"
            );
        }
        // A site's path prefix stays in front.
        assert_eq!(
            checked_path(
                "https://acme.my.site.com/partners",
                "https://acme.my.site.com/partners/services/data/"
            )
            .unwrap(),
            "/services/data/"
        );
        assert_eq!(
            checked_path(
                "https://acme.my.site.com/partners",
                "https://acme.my.site.com/other/x"
            )
            .unwrap_err()
            .code,
            "other_host"
        );
    }

    #[test]
    fn requests_carry_the_format_and_the_token() {
        let token = Secret::from("00D5g000000FAKE!AQ.tok'en");
        let get = build_try_request(
            &SerdeJson,
            &input(&token, "get", "/services/data/v65.0/limits", Some("  "), ""),
        )
        .unwrap();
        assert_eq!(
            get.url,
            "https://acme.my.salesforce.com/services/data/v65.0/limits"
        );
        assert_eq!(get.method, "GET");
        assert_eq!(get.header("Accept"), Some("application/json"));
        assert_eq!(get.header("Content-Type"), None);
        assert_eq!(
            get.header("Authorization"),
            Some("Bearer 00D5g000000FAKE!AQ.tok'en")
        );
        assert!(get.body.is_none());
        assert!(!format!("{get:?}").contains("AQ.tok"));

        let post = build_try_request(
            &SerdeJson,
            &input(
                &token,
                "POST",
                "/services/data/v65.0/sobjects/Account/",
                Some("<Account><Name>A</Name></Account>"),
                "xml",
            ),
        )
        .unwrap();
        assert_eq!(post.header("Content-Type"), Some("application/xml"));
        assert_eq!(post.header("Accept"), Some("application/xml"));
        assert_eq!(post.expose_body(), "<Account><Name>A</Name></Account>");

        let patch = build_try_request(
            &SerdeJson,
            &input(
                &token,
                "PATCH",
                "/services/data/v65.0/sobjects/Account/001",
                Some("{\"Name\":\"B\"}"),
                "json",
            ),
        )
        .unwrap();
        assert_eq!(patch.method, "PATCH");
        assert_eq!(patch.header("Content-Type"), Some("application/json"));

        for (method, path, body, format, code) in [
            ("GET", "/x", Some("{}"), "json", "body_not_allowed"),
            ("DELETE", "/x", Some("{}"), "json", "body_not_allowed"),
            (
                "POST",
                "/x",
                Some("{\"Name\":}"),
                "json",
                "invalid_json_body",
            ),
            ("POST", "/x", Some("Name=A"), "xml", "invalid_xml_body"),
            ("PUT", "/x", None, "json", "unsupported_method"),
            ("GET", "/x", None, "yaml", "unsupported_format"),
            ("GET", "//evil.example", None, "json", "invalid_path"),
        ] {
            assert_eq!(
                build_try_request(&SerdeJson, &input(&token, method, path, body, format))
                    .unwrap_err()
                    .code,
                code,
                "{method} {path}"
            );
        }
        let empty = Secret::from(" ");
        assert_eq!(
            build_try_request(&SerdeJson, &input(&empty, "GET", "/x", None, "json"))
                .unwrap_err()
                .code,
            "missing_token"
        );
        let bad_instance = TryRequestInput {
            instance_url: "https://evil.example",
            ..input(&token, "GET", "/x", None, "json")
        };
        assert_eq!(
            build_try_request(&SerdeJson, &bad_instance)
                .unwrap_err()
                .code,
            "invalid_instance_url"
        );
    }

    #[test]
    fn curl_quotes_every_value() {
        let token = Secret::from("00D5g000000FAKE!AQ.x");
        let post = build_try_request(
            &SerdeJson,
            &input(
                &token,
                "POST",
                "/services/data/v65.0/sobjects/Account/",
                Some("{\"Name\": \"O'Brien & Co!\"}"),
                "json",
            ),
        )
        .unwrap();
        assert_eq!(
            curl_command(&post),
            "curl -X POST 'https://acme.my.salesforce.com/services/data/v65.0/sobjects/Account/' \\\n  \
             -H 'Accept: application/json' \\\n  -H 'Content-Type: application/json' \\\n  \
             -H 'Authorization: Bearer 00D5g000000FAKE!AQ.x' \\\n  --data-raw '{\"Name\": \"O'\\''Brien & Co!\"}'"
        );
        let get = build_try_request(
            &SerdeJson,
            &input(&token, "GET", "/services/data/", None, "json"),
        )
        .unwrap();
        assert!(curl_command(&get)
            .starts_with("curl 'https://acme.my.salesforce.com/services/data/' \\\n"));
    }

    #[test]
    fn suggestions_follow_the_version() {
        let paths = suggested_paths("/services/data/v65.0").unwrap();
        assert_eq!(paths[0], "/services/data/v65.0/limits");
        assert_eq!(paths[1], "/services/data/v65.0/sobjects/Account/describe");
        for path in &paths {
            assert!(checked_path(BASE, path).is_ok(), "{path}");
        }
        assert_eq!(
            suggested_paths("https://evil/x").unwrap_err().code,
            "invalid_version_url"
        );
    }

    fn sent(method: &'static str, url: &str) -> Request {
        Request {
            url: url.to_owned(),
            method,
            headers: Vec::new(),
            body: None,
        }
    }

    #[test]
    fn answers_are_laid_out() {
        let headers = vec![
            (
                "content-type".to_owned(),
                "application/json;charset=UTF-8".to_owned(),
            ),
            (
                "sforce-limit-info".to_owned(),
                "api-usage=3/15000".to_owned(),
            ),
            ("set-cookie".to_owned(), "x=y".to_owned()),
        ];
        let r = read_try_response(
            &SerdeJson,
            &sent(
                "GET",
                "https://acme.my.salesforce.com/services/data/v65.0/limits",
            ),
            200,
            &headers,
            r#"{"DailyApiRequests":{"Max":15000,"Remaining":14997}}"#,
        );
        assert!(r.ok && r.error.is_none());
        assert_eq!(
            r.summary,
            "GET /services/data/v65.0/limits answered 200 OK."
        );
        assert_eq!(
            r.headers,
            [
                (
                    "Content-Type".to_owned(),
                    "application/json;charset=UTF-8".to_owned()
                ),
                (
                    "Sforce-Limit-Info".to_owned(),
                    "api-usage=3/15000".to_owned()
                )
            ]
        );
        assert_eq!(r.body_format, "json");
        assert!(r.body.contains("\n  \"DailyApiRequests\": {\n"));

        let r = read_try_response(
            &SerdeJson,
            &sent("POST", "https://acme.my.salesforce.com/x"),
            400,
            &[],
            r#"[{"message":"Required fields are missing: [Name]","errorCode":"REQUIRED_FIELD_MISSING","fields":["Name"]}]"#,
        );
        assert!(!r.ok);
        assert_eq!(r.summary, "POST /x answered 400 Bad Request.");
        assert_eq!(r.error.unwrap().code, "REQUIRED_FIELD_MISSING");

        let r = read_try_response(
            &SerdeJson,
            &sent("GET", "https://acme.my.salesforce.com/x"),
            200,
            &[("Content-Type".into(), "application/xml".into())],
            "<a><b>1</b></a>",
        );
        assert_eq!(
            (r.body_format, r.body.as_str()),
            ("xml", "<a>\n  <b>1</b>\n</a>")
        );
        let r = read_try_response(
            &SerdeJson,
            &sent("DELETE", "https://acme.my.salesforce.com/x"),
            204,
            &[],
            "",
        );
        assert_eq!(
            (r.body_format, r.summary.as_str()),
            ("empty", "DELETE /x answered 204 No Content.")
        );
        let r = read_try_response(
            &SerdeJson,
            &sent("GET", "https://acme.my.salesforce.com/x"),
            200,
            &[],
            "<!DOCTYPE html><p>login",
        );
        assert_eq!(r.body_format, "html");
        let r = read_try_response(
            &SerdeJson,
            &sent("GET", "https://acme.my.salesforce.com/x"),
            299,
            &[],
            "plain words",
        );
        assert_eq!(
            (r.body_format, r.summary.as_str()),
            ("text", "GET /x answered 299.")
        );
        let r = read_try_response(
            &SerdeJson,
            &sent("GET", "https://acme.my.salesforce.com/x"),
            200,
            &[],
            "{not json",
        );
        assert_eq!(r.body_format, "text");
    }
}
