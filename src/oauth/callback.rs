//! Reading the redirect Salesforce sends back after login, and the bare-text
//! error page it shows when it cannot redirect at all.
//!
//! A callback is only *ours* when it carries the `state` we generated for
//! this login. Anything else — no state, another state, duplicated
//! parameters — is [`CallbackOutcome::Unrelated`] and must be ignored: it may
//! be a stale tab, another tool's login, or a page trying to inject its own
//! code (login CSRF). The comparison runs in constant time.
//!
//! The code is percent-decoded exactly once and a raw `+` in it stays a `+`
//! (codes are base64-like); in `error_description`, `+` means a space
//! (`end-user+denied+authorization`). Both the query and the fragment are
//! read: the web-server flow uses the query, but the user-agent flow and some
//! error pages use the fragment.

use crate::encoding::constant_time::constant_time_eq;
use crate::encoding::percent::{Plus, RawParams};
use crate::error::SfError;
use crate::salesforce::answer::{error_pair, form_error};
use crate::salesforce::explain::{explain, Explanation};
use crate::secret::Secret;

/// An authorization error reported by Salesforce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationError {
    /// Salesforce's `error`, e.g. `access_denied`.
    pub error: String,
    /// Salesforce's `error_description`, decoded (`+` → space).
    pub error_description: Option<String>,
    /// The `state` it came with (`None` on the bare-text error page).
    pub state: Option<String>,
    /// What it means and what to change.
    pub explanation: Explanation,
}

/// What a URL the browser landed on means for the pending login.
#[derive(Debug, Clone)]
pub enum CallbackOutcome {
    /// The authorization code for this login.
    Code {
        /// Decoded exactly once; exchange within 15 minutes.
        code: Secret,
        /// The (matching) state.
        state: String,
    },
    /// Salesforce redirected with an error for this login.
    Error(AuthorizationError),
    /// Not a callback of this login: ignore it.
    Unrelated,
}

/// Parses a callback URL. `expected_state` is the state from
/// [`crate::build_authorize_request`]; an empty expected state never matches.
///
/// Returns an error only when the callback *is* ours (state matches) but its
/// code or description is damaged (e.g. a truncated `%` escape).
pub fn parse_callback(url: &str, expected_state: &str) -> Result<CallbackOutcome, SfError> {
    if expected_state.is_empty() {
        return Ok(CallbackOutcome::Unrelated);
    }
    let url = url.trim();
    let (before_fragment, fragment) = url.split_once('#').unwrap_or((url, ""));
    let query = before_fragment
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("");

    for component in [query, fragment] {
        let params = RawParams::parse(component);
        let has_payload = params.count("code") > 0 || params.count("error") > 0;
        if !has_payload || !state_matches(&params, expected_state) {
            continue;
        }
        // Two codes or two errors: we cannot know which one is Salesforce's.
        if params.count("code") > 1 || params.count("error") > 1 {
            continue;
        }
        let state = expected_state.to_owned();
        if let Some(error) = params.get("error", Plus::IsSpace) {
            let error = error?;
            let error_description = params.get("error_description", Plus::IsSpace).transpose()?;
            let explanation = explain(&error, error_description.as_deref());
            return Ok(CallbackOutcome::Error(AuthorizationError {
                error,
                error_description,
                state: Some(state),
                explanation,
            }));
        }
        if let Some(code) = params.get("code", Plus::IsLiteral) {
            let code = code?;
            if code.is_empty() {
                return Err(SfError::new(
                    "empty_code",
                    "Salesforce's redirect has an empty authorization code.",
                    "Log in again.",
                ));
            }
            return Ok(CallbackOutcome::Code {
                code: Secret::new(code),
                state,
            });
        }
    }
    Ok(CallbackOutcome::Unrelated)
}

fn state_matches(params: &RawParams<'_>, expected: &str) -> bool {
    if params.count("state") != 1 {
        return false;
    }
    match params.get("state", Plus::IsSpace) {
        Some(Ok(state)) => constant_time_eq(state.as_bytes(), expected.as_bytes()),
        _ => false,
    }
}

/// Recognises the bare-text page Salesforce shows *instead of* redirecting
/// when the client_id or redirect_uri is bad, e.g.
/// `error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration`.
/// Anything else (HTML, prose, extra parameters) gives `None`.
///
/// It reads the page's text only, so it works whatever the host and path
/// the page was served from: login.salesforce.com, a My Domain, a site's
/// `/partners/services/oauth2/authorize`, Government Cloud, China, a custom
/// domain.
pub fn parse_error_page(body_text: &str) -> Option<AuthorizationError> {
    let (error, error_description) = form_error(body_text)?;
    Some(authorization_error(error, error_description))
}

fn authorization_error(error: String, error_description: Option<String>) -> AuthorizationError {
    let explanation = explain(&error, error_description.as_deref());
    AuthorizationError {
        error,
        error_description,
        state: None,
        explanation,
    }
}

/// The path of Salesforce's own OAuth error page, where an invalid scope, a
/// blocked app or an uninstalled app lands the user instead of the callback
/// (forcedotcom/mcp-hosted#47, https://github.com/forcedotcom/mcp-hosted/issues/47;
/// docs/salesforce.md).
pub const REMOTE_ACCESS_ERROR_PATH: &str = "/setup/secur/RemoteAccessErrorPage.apexp";

/// Recognises `https://{host}[/{site prefix}]/setup/secur/RemoteAccessErrorPage.apexp?error=…&error_description=…`
/// (no `state`: it is not a callback) and explains its `error`:
/// `invalid_scope`, `OAUTH_APP_BLOCKED`, `OAUTH_EC_APP_NOT_FOUND`,
/// `OAUTH_APPROVAL_ERROR_GENERIC`, or anything else quoted as is. Any host:
/// the page is served by whichever Salesforce host ran the login. Anything
/// else gives `None`.
pub fn parse_remote_access_error_page(url: &str) -> Option<AuthorizationError> {
    let url = url.trim();
    let rest = url
        .get(..8)
        .filter(|s| s.eq_ignore_ascii_case("https://"))?;
    let rest = url.get(rest.len()..)?;
    let (before_fragment, _) = rest.split_once('#').unwrap_or((rest, ""));
    let (authority_and_path, query) = before_fragment.split_once('?')?;
    let path_start = authority_and_path.find('/')?;
    let (authority, path) = authority_and_path.split_at_checked(path_start)?;
    if authority.is_empty() || authority.contains(['@', '\\']) {
        return None;
    }
    let lower = path.to_ascii_lowercase();
    let prefix = lower.strip_suffix(&REMOTE_ACCESS_ERROR_PATH.to_ascii_lowercase())?;
    // Nothing, or one Experience Cloud path prefix segment (`/partners`).
    let prefix_ok = prefix.is_empty()
        || (prefix.starts_with('/')
            && prefix.len() > 1
            && !prefix.get(1..).unwrap_or("/").contains('/'));
    if !prefix_ok {
        return None;
    }
    let (error, error_description) = error_pair(&RawParams::parse(query))?;
    Some(authorization_error(error, error_description))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "5e464f1da81bXYZ-_abc";

    fn code_of(outcome: CallbackOutcome) -> String {
        match outcome {
            CallbackOutcome::Code { code, state } => {
                assert_eq!(state, STATE);
                code.expose().to_owned()
            }
            other => panic!("expected a code, got {other:?}"),
        }
    }

    fn error_of(outcome: CallbackOutcome) -> AuthorizationError {
        match outcome {
            CallbackOutcome::Error(e) => e,
            other => panic!("expected an error, got {other:?}"),
        }
    }

    fn is_unrelated(outcome: CallbackOutcome) -> bool {
        matches!(outcome, CallbackOutcome::Unrelated)
    }

    #[test]
    fn code_is_decoded_exactly_once() {
        let url = format!("http://localhost:1717/OauthRedirect?code=aPrxGfV7WpWW.Kimwp8ENHaGvg%3D%3D&state={STATE}");
        assert_eq!(
            code_of(parse_callback(&url, STATE).unwrap()),
            "aPrxGfV7WpWW.Kimwp8ENHaGvg=="
        );
        let url = format!("https://x.io/cb?code=abc%253D&state={STATE}");
        assert_eq!(code_of(parse_callback(&url, STATE).unwrap()), "abc%3D");
    }

    #[test]
    fn plus_in_code_stays_plus() {
        let url = format!("https://x.io/cb?state={STATE}&code=ab+cd%2Bef==");
        assert_eq!(code_of(parse_callback(&url, STATE).unwrap()), "ab+cd+ef==");
    }

    #[test]
    fn fragment_callbacks_are_read() {
        let url = format!("chrome-extension://abc/cb.html#code=aPrx_x.y%3D&state={STATE}");
        assert_eq!(code_of(parse_callback(&url, STATE).unwrap()), "aPrx_x.y=");
        let url = format!("https://x.io/cb?foo=bar#error=access_denied&state={STATE}");
        assert_eq!(
            error_of(parse_callback(&url, STATE).unwrap()).error,
            "access_denied"
        );
    }

    #[test]
    fn errors_are_decoded_with_plus_as_space_and_explained() {
        let url = format!(
            "https://x.io/cb?error=access_denied&error_description=end-user+denied+authorization&state={STATE}"
        );
        let e = error_of(parse_callback(&url, STATE).unwrap());
        assert_eq!(e.error, "access_denied");
        assert_eq!(
            e.error_description.as_deref(),
            Some("end-user denied authorization")
        );
        assert_eq!(e.state.as_deref(), Some(STATE));
        assert_eq!(e.explanation.code, "access_denied");

        let url = format!(
            "https://x.io/cb?error=invalid_request&error_description=missing%20required%20code%20challenge&state={STATE}"
        );
        assert_eq!(
            error_of(parse_callback(&url, STATE).unwrap())
                .explanation
                .code,
            "pkce_required"
        );
    }

    #[test]
    fn foreign_or_missing_state_is_unrelated() {
        let cases = [
            "https://x.io/cb?code=abc".to_owned(),
            "https://x.io/cb?code=abc&state=other".to_owned(),
            format!("https://x.io/cb?code=abc&state={STATE}x"),
            format!("https://x.io/cb?code=abc&state={STATE}&state={STATE}"),
            format!("https://x.io/cb?code=abc&code=def&state={STATE}"),
            format!("https://x.io/cb?state={STATE}"),
            "https://x.io/cb?error=access_denied".to_owned(),
            format!("https://x.io/cb?code=abc#state={STATE}"),
            "https://login.salesforce.com/".to_owned(),
            String::new(),
        ];
        for url in &cases {
            assert!(is_unrelated(parse_callback(url, STATE).unwrap()), "{url}");
        }
        let url = format!("https://x.io/cb?code=abc&state={STATE}");
        assert!(is_unrelated(parse_callback(&url, "").unwrap()));
    }

    #[test]
    fn damaged_code_with_our_state_is_an_error() {
        let url = format!("https://x.io/cb?code=abc%3&state={STATE}");
        assert_eq!(
            parse_callback(&url, STATE).unwrap_err().code,
            "malformed_percent_encoding"
        );
        let url = format!("https://x.io/cb?code=&state={STATE}");
        assert_eq!(parse_callback(&url, STATE).unwrap_err().code, "empty_code");
    }

    #[test]
    fn bare_text_error_pages() {
        let e = parse_error_page(
            "error=invalid_client_id&error_description=client%20identifier%20invalid",
        )
        .unwrap();
        assert_eq!(e.error, "invalid_client_id");
        assert_eq!(
            e.error_description.as_deref(),
            Some("client identifier invalid")
        );
        assert_eq!(e.explanation.code, "invalid_client_id");
        assert_eq!(e.state, None);

        let e = parse_error_page(
            "\n  error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration\n",
        )
        .unwrap();
        assert_eq!(e.explanation.code, "redirect_uri_mismatch");
        assert_eq!(
            e.error_description.as_deref(),
            Some("redirect_uri must match configuration")
        );

        assert_eq!(
            parse_error_page("error=OAUTH_APP_BLOCKED")
                .unwrap()
                .explanation
                .code,
            "oauth_app_blocked"
        );
    }

    #[test]
    fn bare_text_error_pages_do_not_depend_on_the_host() {
        // The same text, whether served by login.salesforce.com, a site's
        // /partners/services/oauth2/authorize, Government Cloud, China or a
        // custom domain: the parser sees only the text.
        let e =
            parse_error_page("error_description=client+identifier+invalid&error=invalid_client_id")
                .unwrap();
        assert_eq!(e.explanation.code, "invalid_client_id");
        assert_eq!(
            e.error_description.as_deref(),
            Some("client identifier invalid")
        );
    }

    #[test]
    fn remote_access_error_pages() {
        let e = parse_remote_access_error_page(
            "https://acme.my.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp?error=invalid_scope&error_description=the+requested+scope+is+not+allowed",
        )
        .unwrap();
        assert_eq!(e.error, "invalid_scope");
        assert_eq!(
            e.error_description.as_deref(),
            Some("the requested scope is not allowed")
        );
        assert_eq!(e.state, None);
        assert_eq!(e.explanation.code, "invalid_scope");
        assert!(e.explanation.hint.contains("profile's Scopes"));

        for (url, code) in [
            (
                "https://login.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp?error=OAUTH_APP_BLOCKED&error_description=this%20app%20is%20blocked%20by%20admin",
                "oauth_app_blocked",
            ),
            (
                "https://acme--uat.sandbox.my.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp?error=OAUTH_EC_APP_NOT_FOUND",
                "oauth_ec_app_not_found",
            ),
            (
                "https://acme.my.site.com/partners/setup/secur/RemoteAccessErrorPage.apexp?error=OAUTH_APPROVAL_ERROR_GENERIC&error_description=An+unexpected+error+has+occured",
                "oauth_approval_error_generic",
            ),
            (
                "https://x.my.salesforce.mil/setup/secur/remoteaccesserrorpage.apexp?error=odd_thing&error_description=Odd+words#x",
                "salesforce_error",
            ),
        ] {
            let e = parse_remote_access_error_page(url).unwrap_or_else(|| panic!("{url}"));
            assert_eq!(e.explanation.code, code, "{url}");
        }
        let generic = parse_remote_access_error_page(
            "https://acme.my.site.com/partners/setup/secur/RemoteAccessErrorPage.apexp?error=OAUTH_APPROVAL_ERROR_GENERIC&error_description=An+unexpected+error+has+occured",
        )
        .unwrap();
        assert!(generic
            .explanation
            .message
            .contains("An unexpected error has occured"));
        let unknown = parse_remote_access_error_page(
            "https://x.my.salesforce.mil/setup/secur/RemoteAccessErrorPage.apexp?error=odd_thing&error_description=Odd+words",
        )
        .unwrap();
        assert!(unknown.explanation.message.contains("Odd words"));

        for url in [
            "",
            "https://acme.my.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp",
            "https://acme.my.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp?foo=1",
            "https://acme.my.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp?error=a&error=b",
            "https://acme.my.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp?error=a%20b",
            "http://acme.my.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp?error=x",
            "https://acme.my.salesforce.com/a/b/setup/secur/RemoteAccessErrorPage.apexp?error=x",
            "https://acme.my.salesforce.com/setup/secur/Other.apexp?error=x",
            "https://acme.my.salesforce.com/?error=x",
            "https:///setup/secur/RemoteAccessErrorPage.apexp?error=x",
            "https://x.io#/setup/secur/RemoteAccessErrorPage.apexp?error=x",
        ] {
            assert!(parse_remote_access_error_page(url).is_none(), "{url}");
        }
    }

    #[test]
    fn other_pages_are_not_error_pages() {
        for body in [
            "",
            "   ",
            "<html><body>error=invalid_client_id</body></html>",
            "Hello error=invalid_client_id",
            "error=invalid client",
            "error=&error_description=x",
            "error=a&error=b",
            "error=a&foo=b",
            "error=a&error_description=%ZZ",
            "error=<script>",
            "errors=x",
        ] {
            assert!(parse_error_page(body).is_none(), "{body}");
        }
    }
}
