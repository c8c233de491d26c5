//! Validation of the OAuth `redirect_uri` (the app's Callback URL).
//!
//! Salesforce compares the redirect URI with the app's Callback URLs
//! *exactly* (scheme, host, path, trailing slash), so we never normalize it:
//! we only trim surrounding whitespace and refuse values that cannot work.
//!
//! Accepted schemes, and why:
//! - `https://…` — any host (e.g. `https://<id>.chromiumapp.org/`, or
//!   `https://login.salesforce.com/services/oauth2/success`).
//! - `http://` only on loopback (`localhost`, `127.0.0.1`, `[::1]`, any port):
//!   the usual developer setup, and Firefox's `http://127.0.0.1/mozoauth2/…`.
//!   Plain http elsewhere would send the code over the network in clear.
//! - `chrome-extension://` and `moz-extension://` — an extension page used as
//!   the callback (docs/salesforce.md#extensions). Salesforce requires PKCE for such
//!   custom-scheme callbacks, which is on by default here.
//!
//! Other custom schemes (`myapp://`) are refused: a browser extension cannot
//! capture such a redirect reliably.

use crate::error::SfError;

const HINT: &str =
    "Use the exact Callback URL configured in your Connected App or External Client App; \
sftoken's default, https://login.salesforce.com/, works in every browser.";

fn invalid(message: &'static str) -> SfError {
    SfError::new("invalid_redirect_uri", message, HINT)
}

/// Returns the redirect URI to send (trimmed, otherwise unchanged).
pub fn validate_redirect_uri(input: &str) -> Result<&str, SfError> {
    let uri = input.trim();
    if uri.is_empty() {
        return Err(SfError::new(
            "missing_redirect_uri",
            "No redirect URI (Callback URL) was given.",
            HINT,
        ));
    }
    if uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(
            "The redirect URI contains spaces or invisible characters.",
        ));
    }
    if uri.contains('#') {
        return Err(invalid(
            "The redirect URI contains '#'. OAuth forbids a fragment in the redirect URI and Salesforce \
             then fails with 'authentication failure'.",
        ));
    }
    let Some((scheme, rest)) = uri.split_once("://") else {
        return Err(invalid(
            "The redirect URI must be a full URL starting with https://.",
        ));
    };
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    if authority.is_empty() {
        return Err(invalid("The redirect URI has no host."));
    }
    if authority.contains('@') {
        return Err(invalid(
            "The redirect URI must not contain a user name or password (user@host).",
        ));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" | "chrome-extension" | "moz-extension" => Ok(uri),
        "http" if is_loopback(authority) => Ok(uri),
        "http" => Err(SfError::new(
            "https_required",
            "The redirect URI uses http:// on a non-local host; the authorization code would travel unencrypted.",
            "Use https://, or http://localhost / http://127.0.0.1 for local development.",
        )),
        _ => Err(invalid(
            "The redirect URI uses a scheme a browser extension cannot capture \
             (only https://, http://localhost, chrome-extension:// and moz-extension:// work).",
        )),
    }
}

/// Where the extension's content script runs, from `extension/callback-hosts.json` (see build.rs).
pub mod callback_hosts {
    include!(concat!(env!("OUT_DIR"), "/callback_hosts.rs"));
}

/// Whether a host matches a table entry: the host itself, or `*.x` for one or more labels before `x`.
fn host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(domain) => host
            .strip_suffix(domain)
            .is_some_and(|label| label.len() > 1 && label.ends_with('.')),
        None => pattern == host,
    }
}

/// The extension catches a login's callback only where its content script runs: an `https://` URL on a host of
/// the callback table, or on the org's own custom login domain when the profile opted in (the script is registered
/// there once the host is granted). Anything else (http://localhost, chrome-extension://, another https host) would
/// leave the login tab waiting forever, so a web-server profile with it is refused, naming the callbacks that work.
pub fn check_catchable_callback(uri: &str, custom_login_host: Option<&str>) -> Result<(), SfError> {
    let host = uri
        .trim()
        .strip_prefix("https://")
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .map(str::to_ascii_lowercase);
    let table = callback_hosts::CONTENT_SCRIPT
        .iter()
        .chain(callback_hosts::WHEN_GRANTED);
    if let Some(host) = &host {
        let custom = custom_login_host.is_some_and(|login| login.eq_ignore_ascii_case(host));
        if !host.contains(':')
            && (custom || table.clone().any(|pattern| host_matches(pattern, host)))
        {
            return Ok(());
        }
    }
    let hosts: Vec<&str> = table.copied().collect();
    Err(SfError::new(
        "callback_not_catchable",
        format!(
            "sftoken can only catch a login's callback on these hosts: {} (and on your org's own custom login \
             domain, when the profile says it is one). With this Callback URL the login would never come back to \
             sftoken.",
            hosts.join(", ")
        ),
        "Use https://login.salesforce.com/ (sftoken's default; add it to the app's Callback URLs), or a page on \
         your org's My Domain (https://acme.my.salesforce.com/…).",
    ))
}

fn is_loopback(authority: &str) -> bool {
    let host = if let Some(bracketed) = authority.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    host.eq_ignore_ascii_case("localhost") || host == "127.0.0.1" || host == "::1"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_callbacks_the_content_script_sees_are_catchable() {
        for uri in [
            "https://login.salesforce.com/",
            "https://test.salesforce.com/",
            "https://acme.my.salesforce.com/callback",
            "https://acme--uat.sandbox.my.salesforce.com/",
            "https://acme.my.site.com/partners/",
            "https://acme.my.salesforce.mil/",
            "https://LOGIN.salesforce.com/",
        ] {
            assert!(check_catchable_callback(uri, None).is_ok(), "{uri}");
        }
        for uri in [
            "http://localhost:1717/OauthRedirect",
            "chrome-extension://abcdefghijklmnopabcdefghijklmnop/callback.html",
            "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/",
            "https://example.com/cb",
            "https://my.salesforce.com/",
            "https://evil.com/login.salesforce.com/",
            "https://login.salesforce.com.evil.com/",
            "https://login.salesforce.com:8443/",
            "https://acmemy.salesforce.com/",
        ] {
            let error = check_catchable_callback(uri, None).unwrap_err();
            assert_eq!(error.code, "callback_not_catchable", "{uri}");
            assert!(
                error.message.contains("login.salesforce.com"),
                "{}",
                error.message
            );
        }
    }

    #[test]
    fn accepts_usable_callbacks_unchanged() {
        for uri in [
            "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/",
            "https://login.salesforce.com/services/oauth2/success",
            "https://Example.com/Callback?x=1",
            "http://localhost:1717/OauthRedirect",
            "http://127.0.0.1/mozoauth2/abc",
            "http://[::1]:8080/cb",
            "chrome-extension://abcdefghijklmnopabcdefghijklmnop/callback.html",
            "moz-extension://0b5c9a4e-1f7a-4b7e-9a0e-3f1a2b3c4d5e/callback.html",
        ] {
            assert_eq!(validate_redirect_uri(uri).unwrap(), uri);
        }
        assert_eq!(
            validate_redirect_uri("  https://x.io/cb \n").unwrap(),
            "https://x.io/cb"
        );
    }

    #[test]
    fn refuses_unusable_callbacks() {
        for (uri, code) in [
            ("", "missing_redirect_uri"),
            ("  ", "missing_redirect_uri"),
            ("/callback", "invalid_redirect_uri"),
            ("x.io/cb", "invalid_redirect_uri"),
            ("https://", "invalid_redirect_uri"),
            ("https:///cb", "invalid_redirect_uri"),
            ("https://x.io/cb#frag", "invalid_redirect_uri"),
            ("https://x.io/c b", "invalid_redirect_uri"),
            ("https://u:p@x.io/cb", "invalid_redirect_uri"),
            ("myapp://callback", "invalid_redirect_uri"),
            ("javascript://x.io/%0aalert(1)", "invalid_redirect_uri"),
            ("http://example.com/cb", "https_required"),
            ("http://localhost.evil.io/cb", "https_required"),
        ] {
            assert_eq!(validate_redirect_uri(uri).unwrap_err().code, code, "{uri}");
        }
    }
}
