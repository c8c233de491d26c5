//! Checking a saved login profile (the popup's form) before it is stored,
//! so mistakes surface while the user is still looking at the field, not
//! after a round trip to Salesforce.
//!
//! Every check is the one the flow itself will apply later (login host,
//! consumer key, redirect URI, scopes, consumer secret, username, My Domain
//! for client credentials); the error names the form field. Only the fields
//! the profile's flow uses are checked: a web-server profile needs no
//! username, a client-credentials profile no callback URL. The password and
//! security token are not part of a saved profile and are never checked here.

use crate::error::SfError;
use crate::error::{at, FieldError};
use crate::salesforce::fields::{
    require_my_domain, require_secret, validate_client_id, validate_username,
};
use crate::salesforce::flow::{parse_flow, Flow};
use crate::salesforce::login_host::{normalize_login_url, Environment, LoginHost};
use crate::salesforce::redirect_uri::{check_catchable_callback, validate_redirect_uri};
use crate::salesforce::scope::parse_scopes;

/// The fields of a profile, as typed.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput<'a> {
    /// `web_server` (also when empty), `password`, `client_credentials`,
    /// `jwt_bearer` or `device`.
    pub flow: &'a str,
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
    /// Salesforce username (password and JWT bearer flows).
    pub username: &'a str,
    /// PKCS#8 PEM private key (JWT bearer flow).
    pub private_key_pem: &'a str,
}

/// A profile that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedProfile {
    /// The flow the profile uses.
    pub flow: Flow,
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
    let mut patterns = vec![format!("https://{}/*", login.host)];
    let uri = redirect_uri.trim();
    let (scheme, rest) = match uri.split_once("://") {
        Some((scheme @ ("https" | "http"), rest)) => (scheme, rest),
        _ => return patterns,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Match patterns carry no port: `http://localhost:1717/` is matched by `http://localhost/*`.
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    let pattern = format!("{scheme}://{}/*", host.to_ascii_lowercase());
    if !host.is_empty() && !patterns.contains(&pattern) {
        patterns.push(pattern);
    }
    patterns
}

/// Validates a profile; returns the normalized login host and the host permissions it needs.
pub fn validate_profile(profile: &ProfileInput<'_>) -> Result<CheckedProfile, FieldError> {
    let flow = parse_flow(profile.flow).map_err(at("flow"))?;
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
    let secret = Some(profile.client_secret.trim()).filter(|s| !s.is_empty());
    match flow {
        Flow::WebServer => {
            let uri = validate_redirect_uri(profile.redirect_uri).map_err(at("redirectUri"))?;
            let custom = (login.environment == Environment::Custom).then_some(login.host.as_str());
            check_catchable_callback(uri, custom).map_err(at("redirectUri"))?;
        }
        Flow::Password => {
            validate_username(profile.username).map_err(at("username"))?;
            require_secret(secret, "username-password")?;
        }
        Flow::ClientCredentials => {
            require_my_domain(&login).map_err(at("loginUrl"))?;
            require_secret(secret, "client credentials")?;
        }
        Flow::JwtBearer => {
            validate_username(profile.username).map_err(at("username"))?;
            check_private_key_pem(profile.private_key_pem).map_err(at("privateKeyPem"))?;
        }
        Flow::Device => {}
    }
    if matches!(flow, Flow::WebServer | Flow::Device) {
        parse_scopes(profile.scopes.iter().copied()).map_err(at("scopes"))?;
    }
    // Only the web-server login comes back through a callback page.
    let callback = if flow == Flow::WebServer {
        profile.redirect_uri
    } else {
        ""
    };
    let host_permissions = host_permissions(&login, callback);
    Ok(CheckedProfile {
        flow,
        login,
        host_permissions,
    })
}

/// The JWT bearer key must be an unencrypted PKCS#8 PEM block; the JWT
/// module parses it for real when it signs.
pub fn check_private_key_pem(pem: &str) -> Result<(), SfError> {
    let hint = "Click \"Generate key\" to make a key pair here, or convert your key: \
                openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem. A certificate or public key \
                is not enough: the private key signs the assertion.";
    let pem = pem.trim();
    if pem.is_empty() {
        return Err(SfError::new(
            "missing_private_key",
            "The JWT bearer flow needs the private key that matches the certificate uploaded to the app.",
            hint,
        ));
    }
    const BEGIN: &str = "-----BEGIN PRIVATE KEY-----";
    const END: &str = "-----END PRIVATE KEY-----";
    let ok = pem
        .find(BEGIN)
        .and_then(|start| pem.get(start + BEGIN.len()..))
        .is_some_and(|rest| rest.contains(END));
    if !ok {
        return Err(SfError::new(
            "invalid_private_key_pem",
            "The private key must be an unencrypted PKCS#8 PEM block (-----BEGIN PRIVATE KEY----- … \
             -----END PRIVATE KEY-----).",
            hint,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ProfileInput<'static> {
        ProfileInput {
            flow: "",
            username: "",
            private_key_pem: "",
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
        let cases: [(Change, &str, &str); 8] = [
            (|p| p.flow = "implicit", "flow", "unknown_flow"),
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

    const PEM: &str = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg==\n-----END PRIVATE KEY-----\n";

    fn flow(flow: &'static str) -> ProfileInput<'static> {
        ProfileInput {
            flow,
            login_url: "acme.my.salesforce.com",
            // Fields other flows use, deliberately wrong: they must be ignored.
            redirect_uri: "not a url",
            scopes: &["api\""],
            ..valid()
        }
    }

    fn field_error(p: &ProfileInput<'_>) -> (&'static str, &'static str) {
        let e = validate_profile(p).unwrap_err();
        (e.field, e.error.code)
    }

    #[test]
    fn password_profiles() {
        let mut p = flow("password");
        assert_eq!(field_error(&p), ("username", "missing_username"));
        p.username = "admin";
        assert_eq!(field_error(&p), ("username", "invalid_username"));
        p.username = "admin@acme.example";
        assert_eq!(field_error(&p), ("clientSecret", "missing_client_secret"));
        p.client_secret = "s3cret";
        let checked = validate_profile(&p).unwrap();
        assert_eq!(checked.flow, Flow::Password);
        assert_eq!(
            checked.host_permissions,
            ["https://acme.my.salesforce.com/*"]
        );
        // login.salesforce.com is fine for the password flow.
        p.login_url = "login.salesforce.com";
        assert!(validate_profile(&p).is_ok());
    }

    #[test]
    fn client_credentials_profiles() {
        let mut p = flow("client_credentials");
        assert_eq!(field_error(&p), ("clientSecret", "missing_client_secret"));
        p.client_secret = "s3cret";
        assert_eq!(
            validate_profile(&p).unwrap().host_permissions,
            ["https://acme.my.salesforce.com/*"]
        );
        for generic in ["login.salesforce.com", "test.salesforce.com"] {
            p.login_url = generic;
            assert_eq!(
                field_error(&p),
                ("loginUrl", "client_credentials_needs_my_domain")
            );
        }
        p.login_url = "acme--uat.sandbox.my.salesforce.com";
        assert!(validate_profile(&p).is_ok());
    }

    #[test]
    fn jwt_bearer_profiles() {
        let mut p = flow("jwt_bearer");
        p.login_url = "test.salesforce.com";
        assert_eq!(field_error(&p), ("username", "missing_username"));
        p.username = "integration@acme.example";
        assert_eq!(field_error(&p), ("privateKeyPem", "missing_private_key"));
        for bad in [
            "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----",
            "-----BEGIN CERTIFICATE-----\nMIIE\n-----END CERTIFICATE-----",
            "-----END PRIVATE KEY-----\n-----BEGIN PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----",
        ] {
            p.private_key_pem = bad;
            assert_eq!(
                field_error(&p),
                ("privateKeyPem", "invalid_private_key_pem"),
                "{bad}"
            );
        }
        p.private_key_pem = PEM;
        let checked = validate_profile(&p).unwrap();
        assert_eq!(checked.host_permissions, ["https://test.salesforce.com/*"]);
    }

    #[test]
    fn device_profiles_check_scopes_only() {
        let mut p = flow("device");
        assert_eq!(field_error(&p), ("scopes", "invalid_scope_syntax"));
        p.scopes = &["api refresh_token"];
        let checked = validate_profile(&p).unwrap();
        assert_eq!(checked.flow, Flow::Device);
        assert_eq!(
            checked.host_permissions,
            ["https://acme.my.salesforce.com/*"]
        );
    }

    #[test]
    fn web_server_ignores_other_flows_fields() {
        let mut p = valid();
        p.flow = "web_server";
        p.username = "not a username";
        p.private_key_pem = "junk";
        assert_eq!(validate_profile(&p).unwrap().flow, Flow::WebServer);
    }
}
