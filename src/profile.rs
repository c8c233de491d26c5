//! Checking a saved login profile (the popup's form) before it is stored,
//! so mistakes surface while the user is still looking at the field, not
//! after a round trip to Salesforce.
//!
//! Every check is the one the flow itself will apply later (login host,
//! consumer key, redirect URI, scopes); the error names the form field.

use crate::authorize::validate_client_id;
use crate::error::SfError;
use crate::login_host::{normalize_login_url, LoginHost};
use crate::redirect_uri::validate_redirect_uri;
use crate::scope::parse_scopes;

/// The fields of a profile, as typed.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput<'a> {
    /// Display name.
    pub name: &'a str,
    /// What the user pasted as login URL.
    pub login_url: &'a str,
    /// Explicit opt-in for a custom domain.
    pub allow_custom_domain: bool,
    /// Consumer key.
    pub client_id: &'a str,
    /// Consumer secret, possibly empty (public PKCE client).
    pub client_secret: &'a str,
    /// Callback URL.
    pub redirect_uri: &'a str,
    /// Scopes, each entry possibly holding several.
    pub scopes: &'a [&'a str],
}

/// An error tied to one form field (camelCase name, as in the JS object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// `name`, `loginUrl`, `clientId`, `clientSecret`, `redirectUri` or `scopes`.
    pub field: &'static str,
    /// What is wrong with it (boxed: keeps `Result` small).
    pub error: Box<SfError>,
}

/// A profile that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedProfile {
    /// The normalized login host.
    pub login: LoginHost,
    /// The host match patterns the extension must hold for this profile (see [`host_permissions`]).
    pub host_permissions: Vec<String>,
}

/// The match patterns (`https://host/*`) the extension needs for a profile: the login host, because the token
/// request goes there and Salesforce's bare-text error page is shown there; and the callback host, because the
/// content script catches the code there. An extension-page callback needs none. Firefox lets people revoke
/// host permissions, so the popup asks for exactly these before each login.
pub fn host_permissions(login: &LoginHost, redirect_uri: &str) -> Vec<String> {
    let mut patterns = vec![["https://", &login.host, "/*"].concat()];
    let uri = redirect_uri.trim();
    let (scheme, rest) = match crate::text::split_once(uri, "://") {
        Some((scheme @ ("https" | "http"), rest)) => (scheme, rest),
        _ => return patterns,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Match patterns carry no port: `http://localhost:1717/` is matched by `http://localhost/*`.
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    let pattern = [scheme, "://", &host.to_ascii_lowercase(), "/*"].concat();
    if !host.is_empty() && !patterns.contains(&pattern) {
        patterns.push(pattern);
    }
    patterns
}

/// Validates a profile; returns the normalized login host and the host permissions it needs.
pub fn validate_profile(profile: &ProfileInput<'_>) -> Result<CheckedProfile, FieldError> {
    let at = |field: &'static str| {
        move |error: SfError| FieldError {
            field,
            error: Box::new(error),
        }
    };
    if profile.name.trim().is_empty() {
        return Err(at("name")(SfError::new(
            "missing_name",
            "The profile has no name.",
            "Give it a name you will recognise, e.g. \"Acme UAT sandbox\".",
        )));
    }
    let login = normalize_login_url(profile.login_url, profile.allow_custom_domain)
        .map_err(at("loginUrl"))?;
    validate_client_id(profile.client_id).map_err(at("clientId"))?;
    if profile
        .client_secret
        .trim()
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(at("clientSecret")(SfError::new(
            "invalid_client_secret_format",
            "The consumer secret contains spaces or line breaks; it is a single word.",
            "Copy the Consumer Secret again, or leave it empty for a PKCE-only app.",
        )));
    }
    validate_redirect_uri(profile.redirect_uri).map_err(at("redirectUri"))?;
    parse_scopes(profile.scopes.iter().copied()).map_err(at("scopes"))?;
    let host_permissions = host_permissions(&login, profile.redirect_uri);
    Ok(CheckedProfile {
        login,
        host_permissions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ProfileInput<'static> {
        ProfileInput {
            name: "Acme",
            login_url: "acme--uat.sandbox.lightning.force.com",
            allow_custom_domain: false,
            client_id: "3MVG9x",
            client_secret: "",
            redirect_uri: "https://login.salesforce.com/",
            scopes: &["api refresh_token"],
        }
    }

    #[test]
    fn accepts_and_normalizes() {
        let checked = validate_profile(&valid()).unwrap();
        assert_eq!(
            checked.login.origin,
            "https://acme--uat.sandbox.my.salesforce.com"
        );
        assert_eq!(checked.login.notes.len(), 1);
        assert_eq!(
            checked.host_permissions,
            [
                "https://acme--uat.sandbox.my.salesforce.com/*",
                "https://login.salesforce.com/*"
            ]
        );
    }

    #[test]
    fn host_permissions_cover_login_and_callback_hosts_once() {
        let login = normalize_login_url("login.salesforce.com", false).unwrap();
        assert_eq!(
            host_permissions(&login, "https://login.salesforce.com/"),
            ["https://login.salesforce.com/*"]
        );
        assert_eq!(
            host_permissions(&login, "http://LOCALHOST:1717/OauthRedirect"),
            ["https://login.salesforce.com/*", "http://localhost/*"]
        );
        assert_eq!(
            host_permissions(&login, "chrome-extension://abcdefghijklmnop/callback.html"),
            ["https://login.salesforce.com/*"]
        );
    }

    #[test]
    fn names_the_field_to_fix() {
        type Change = fn(&mut ProfileInput<'static>);
        let cases: [(Change, &str, &str); 7] = [
            (|p| p.name = " ", "name", "missing_name"),
            (
                |p| p.login_url = "http://login.salesforce.com",
                "loginUrl",
                "https_required",
            ),
            (
                |p| p.login_url = "login.acme.com",
                "loginUrl",
                "not_salesforce_host",
            ),
            (|p| p.client_id = "", "clientId", "missing_client_id"),
            (
                |p| p.client_secret = "ab cd",
                "clientSecret",
                "invalid_client_secret_format",
            ),
            (
                |p| p.redirect_uri = "callback",
                "redirectUri",
                "invalid_redirect_uri",
            ),
            (|p| p.scopes = &["api\""], "scopes", "invalid_scope_syntax"),
        ];
        for (change, field, code) in cases {
            let mut p = valid();
            change(&mut p);
            let e = validate_profile(&p).unwrap_err();
            assert_eq!((e.field, e.error.code), (field, code));
        }
        let mut custom = valid();
        custom.login_url = "login.acme.com";
        custom.allow_custom_domain = true;
        assert!(validate_profile(&custom).is_ok());
    }
}
