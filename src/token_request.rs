//! The POST to `/services/oauth2/token` (reference §3).
//!
//! The request is described, not sent: the wasm boundary hands it to `fetch`.
//! [`Grant`] is an enum so the other grants Salesforce supports
//! (refresh_token, password, client_credentials, JWT bearer, device) can be
//! added as variants; only `authorization_code` is implemented today and the
//! others are refused with a clear "not supported yet".
//!
//! Client credentials go in the body (`client_id`, `client_secret`), never in
//! a Basic header: Salesforce has been seen rejecting Basic for the code
//! exchange (reference §3). `client_secret` is sent only when non-empty
//! (public PKCE clients must not send one), `code_verifier` only when PKCE
//! was used.
//!
//! The code must reach Salesforce decoded once and form-encoded once, so `==`
//! becomes `%3D%3D` in the body. A code pasted straight from the address bar
//! still contains `%3D`; Salesforce codes never contain `%` themselves, so a
//! `%` means "still encoded" and we decode it once here (never twice).

use crate::authorize::validate_client_id;
use crate::error::SfError;
use crate::login_host::LoginHost;
use crate::percent::{encode_pairs, percent_decode, Plus};
use crate::pkce::validate_verifier;
use crate::redirect_uri::validate_redirect_uri;
use crate::secret::Secret;

/// Path of the token endpoint on every Salesforce login host.
pub const TOKEN_PATH: &str = "/services/oauth2/token";

/// The grant being exchanged for tokens.
#[derive(Debug, Clone)]
pub enum Grant {
    /// Web-server flow: the code from the callback.
    AuthorizationCode {
        /// As captured by [`crate::parse_callback`] (or pasted).
        code: Secret,
        /// Exactly the redirect URI used in the authorize request.
        redirect_uri: String,
        /// The PKCE verifier, when PKCE was used.
        code_verifier: Option<Secret>,
    },
}

/// The `grant_type` values Salesforce knows, and which ones we build.
pub fn check_grant_type(grant_type: &str) -> Result<(), SfError> {
    match grant_type.trim() {
        "authorization_code" => Ok(()),
        "refresh_token" | "password" | "client_credentials" | "device"
        | "urn:ietf:params:oauth:grant-type:jwt-bearer"
        | "urn:ietf:params:oauth:grant-type:saml2-bearer"
        | "urn:ietf:params:oauth:grant-type:token-exchange" => Err(SfError::new(
            "grant_type_not_supported_yet",
            "This grant type is not supported by sftoken yet; only authorization_code (web-server login) is.",
            "Use the web-server login (authorization code) flow.",
        )),
        _ => Err(SfError::new(
            "unknown_grant_type",
            "Unknown grant type.",
            "Use \"authorization_code\".",
        )),
    }
}

/// Everything needed for one token request.
#[derive(Debug, Clone)]
pub struct TokenRequestInput<'a> {
    /// Host that issued the code (the same one used for authorize).
    pub login: &'a LoginHost,
    /// Consumer key.
    pub client_id: &'a str,
    /// Consumer secret; `None` or empty for public (PKCE-only) clients.
    pub client_secret: Option<&'a Secret>,
    /// The grant to exchange.
    pub grant: Grant,
}

/// A fully described HTTP request. `body` holds secrets, hence [`Secret`].
#[derive(Debug, Clone)]
pub struct HttpRequest {
    /// Absolute https URL.
    pub url: String,
    /// Always `POST` for the token endpoint.
    pub method: &'static str,
    /// Header name/value pairs.
    pub headers: Vec<(&'static str, &'static str)>,
    /// Form-encoded body.
    pub body: Secret,
}

/// Builds the token request.
pub fn build_token_request(input: &TokenRequestInput<'_>) -> Result<HttpRequest, SfError> {
    let client_id = validate_client_id(input.client_id)?;
    let client_secret = input
        .client_secret
        .map(|s| s.expose().trim())
        .filter(|s| !s.is_empty());

    let body = match &input.grant {
        Grant::AuthorizationCode {
            code,
            redirect_uri,
            code_verifier,
        } => {
            let code = normalize_code(code.expose())?;
            let redirect_uri = validate_redirect_uri(redirect_uri)?;
            let code_verifier = code_verifier
                .as_ref()
                .map(|v| v.expose().trim())
                .filter(|v| !v.is_empty());
            if let Some(verifier) = code_verifier {
                validate_verifier(verifier)?;
            }
            let mut pairs: Vec<(&str, &str)> = vec![
                ("grant_type", "authorization_code"),
                ("code", code.expose()),
                ("client_id", client_id),
                ("redirect_uri", redirect_uri),
            ];
            if let Some(secret) = client_secret {
                pairs.push(("client_secret", secret));
            }
            if let Some(verifier) = code_verifier {
                pairs.push(("code_verifier", verifier));
            }
            encode_pairs(pairs)
        }
    };

    Ok(HttpRequest {
        url: input.login.endpoint(TOKEN_PATH),
        method: "POST",
        headers: vec![
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
        ],
        body: Secret::new(body),
    })
}

/// Trims the code and decodes it once if it is still percent-encoded.
fn normalize_code(raw: &str) -> Result<Secret, SfError> {
    let code = raw.trim();
    if code.is_empty() {
        return Err(SfError::new(
            "missing_code",
            "No authorization code was given.",
            "Log in again to capture a code.",
        ));
    }
    let decoded = if code.contains('%') {
        percent_decode(code, Plus::IsLiteral)?
    } else {
        code.to_owned()
    };
    if decoded.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(SfError::new(
            "invalid_code_format",
            "The authorization code contains spaces or line breaks.",
            "Copy only the value of the code parameter, or log in again.",
        ));
    }
    Ok(Secret::new(decoded))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::login_host::normalize_login_url;
    use crate::percent::RawParams;

    const REDIRECT: &str = "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/";
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    fn build(
        code: &str,
        secret: Option<&str>,
        verifier: Option<&str>,
    ) -> Result<HttpRequest, SfError> {
        let login = normalize_login_url("acme--uat.sandbox.my.salesforce.com", false).unwrap();
        let secret = secret.map(Secret::from);
        build_token_request(&TokenRequestInput {
            login: &login,
            client_id: "3MVG9client",
            client_secret: secret.as_ref(),
            grant: Grant::AuthorizationCode {
                code: Secret::from(code),
                redirect_uri: REDIRECT.to_owned(),
                code_verifier: verifier.map(Secret::from),
            },
        })
    }

    #[test]
    fn public_client_with_pkce() {
        let req = build("aPrx.abc==", None, Some(VERIFIER)).unwrap();
        assert_eq!(
            req.url,
            "https://acme--uat.sandbox.my.salesforce.com/services/oauth2/token"
        );
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.headers,
            [
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept", "application/json")
            ]
        );
        assert_eq!(
            req.body.expose(),
            format!(
                "grant_type=authorization_code&code=aPrx.abc%3D%3D&client_id=3MVG9client\
                 &redirect_uri=https%3A%2F%2Fabcdefghijklmnopabcdefghijklmnop.chromiumapp.org%2F\
                 &code_verifier={VERIFIER}"
            )
        );
        assert!(!req.body.expose().contains("client_secret"));
        assert!(!format!("{req:?}").contains("aPrx"));
    }

    #[test]
    fn confidential_client_sends_secret() {
        let req = build("c", Some(" s3cr+t "), None).unwrap();
        let p = RawParams::parse(req.body.expose());
        assert_eq!(
            p.get("client_secret", Plus::IsLiteral).unwrap().unwrap(),
            "s3cr+t"
        );
        assert!(p.raw("code_verifier").is_none());
        assert!(!build("c", Some("  "), None)
            .unwrap()
            .body
            .expose()
            .contains("client_secret"));
    }

    #[test]
    fn code_is_never_double_encoded() {
        for code in ["abc==", "abc%3D%3D", " abc%3D%3D\n"] {
            let body = build(code, None, None).unwrap().body;
            assert!(
                body.expose().contains("code=abc%3D%3D&"),
                "{code}: {}",
                body.expose()
            );
            assert!(!body.expose().contains("%253D"));
        }
        let body = build("a+b", None, None).unwrap().body;
        assert!(body.expose().contains("code=a%2Bb&"));
    }

    #[test]
    fn validates_inputs() {
        assert_eq!(build("", None, None).unwrap_err().code, "missing_code");
        assert_eq!(
            build("a b", None, None).unwrap_err().code,
            "invalid_code_format"
        );
        assert_eq!(
            build("abc%3", None, None).unwrap_err().code,
            "malformed_percent_encoding"
        );
        assert_eq!(
            build("abc", None, Some("short")).unwrap_err().code,
            "invalid_code_verifier"
        );
        assert!(build("abc", None, Some("")).is_ok());
    }

    #[test]
    fn grant_types() {
        assert!(check_grant_type("authorization_code").is_ok());
        for g in [
            "refresh_token",
            "password",
            "client_credentials",
            "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "device",
        ] {
            assert_eq!(
                check_grant_type(g).unwrap_err().code,
                "grant_type_not_supported_yet"
            );
        }
        assert_eq!(
            check_grant_type("bogus").unwrap_err().code,
            "unknown_grant_type"
        );
        assert_eq!(check_grant_type("").unwrap_err().code, "unknown_grant_type");
    }
}
