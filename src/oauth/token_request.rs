//! The POST to `/services/oauth2/token` (docs/salesforce.md#token-endpoint, docs/salesforce.md#grants).
//!
//! The request is described, not sent: the wasm boundary hands it to `fetch`.
//! [`Grant`] has one variant per grant sftoken builds: authorization code
//! (web-server login), refresh token, username-password, client credentials,
//! JWT bearer and the device flow's poll. SAML bearer and token exchange are
//! known but refused with a clear "not supported yet".
//!
//! Client credentials go in the body (`client_id`, `client_secret`), never in
//! a Basic header: Salesforce has been seen rejecting Basic for the code
//! exchange (docs/salesforce.md#token-endpoint: "the safe default"). `client_secret` is sent only
//! when non-empty (public PKCE clients must not send one), except for the
//! grants that always need it (password, client credentials), which refuse to
//! build without it. The JWT bearer grant carries neither: the signed
//! assertion identifies the app (docs/salesforce.md#grants).
//!
//! The code must reach Salesforce decoded once and form-encoded once, so `==`
//! becomes `%3D%3D` in the body. A code pasted straight from the address bar
//! still contains `%3D`; Salesforce codes never contain `%` themselves, so a
//! `%` means "still encoded" and we decode it once here (never twice).
//!
//! Errors name the input field to fix ([`FieldError`], camelCase as in JS).

use crate::encoding::percent::{encode_pairs, percent_decode, Plus};
use crate::error::FieldError;
use crate::error::{at, SfError};
use crate::oauth::http::Request;
use crate::oauth::pkce::validate_verifier;
use crate::salesforce::fields::validate_client_id;
use crate::salesforce::fields::{require_my_domain, require_secret, validate_username};
use crate::salesforce::login_host::LoginHost;
use crate::salesforce::redirect_uri::validate_redirect_uri;
use crate::secret::Secret;

/// Path of the token endpoint on every Salesforce login host.
pub const TOKEN_PATH: &str = "/services/oauth2/token";

/// The JWT bearer `grant_type` (docs/salesforce.md#grants).
pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

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
    /// A new access token for a refresh token (docs/salesforce.md#grants, docs/salesforce.md#refresh-tokens).
    RefreshToken {
        /// The stored refresh token.
        refresh_token: Secret,
    },
    /// Username-password flow. Needs the consumer secret.
    Password {
        /// Salesforce username (`name@example.com`).
        username: String,
        /// The password as typed.
        password: Secret,
        /// The user's security token, appended to the password; may be empty
        /// (trusted IP ranges need none).
        security_token: Secret,
    },
    /// Client credentials flow: the app's Run As user. Needs the consumer
    /// secret and a My Domain login host (docs/salesforce.md#hosts).
    ClientCredentials,
    /// JWT bearer flow: an RS256 assertion signed with the app's key.
    JwtBearer {
        /// The signed JWT.
        assertion: Secret,
    },
    /// Device flow poll: the `device_code` from the device-code request.
    Device {
        /// `device_code` as Salesforce returned it.
        device_code: Secret,
    },
}

/// The `grant_type` values sftoken builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantType {
    /// `authorization_code`
    AuthorizationCode,
    /// `refresh_token`
    RefreshToken,
    /// `password`
    Password,
    /// `client_credentials`
    ClientCredentials,
    /// `urn:ietf:params:oauth:grant-type:jwt-bearer`
    JwtBearer,
    /// `device`
    Device,
}

/// The `grant_type` values Salesforce knows, and which ones we build.
pub fn check_grant_type(grant_type: &str) -> Result<GrantType, SfError> {
    match grant_type.trim() {
        "authorization_code" => Ok(GrantType::AuthorizationCode),
        "refresh_token" => Ok(GrantType::RefreshToken),
        "password" => Ok(GrantType::Password),
        "client_credentials" => Ok(GrantType::ClientCredentials),
        JWT_BEARER_GRANT => Ok(GrantType::JwtBearer),
        "device" => Ok(GrantType::Device),
        "urn:ietf:params:oauth:grant-type:saml2-bearer"
        | "urn:ietf:params:oauth:grant-type:token-exchange" => Err(SfError::new(
            "grant_type_not_supported_yet",
            "This grant type is not supported by sftoken yet.",
            "Use the web-server login, username-password, client credentials, JWT bearer or device flow.",
        )),
        _ => Err(SfError::new(
            "unknown_grant_type",
            "Unknown grant type.",
            "Use \"authorization_code\", \"refresh_token\", \"password\", \"client_credentials\", \
             \"urn:ietf:params:oauth:grant-type:jwt-bearer\" or \"device\".",
        )),
    }
}

/// Everything needed for one token request.
#[derive(Debug, Clone)]
pub struct TokenRequestInput<'a> {
    /// Host that issued the code (the same one used for authorize).
    pub login: &'a LoginHost,
    /// Consumer key (ignored by the JWT bearer grant, whose assertion carries it).
    pub client_id: &'a str,
    /// Consumer secret; `None` or empty for public (PKCE-only) clients.
    pub client_secret: Option<&'a Secret>,
    /// The grant to exchange.
    pub grant: Grant,
}

/// A form-encoded POST to the token endpoint of `login`.
pub(crate) fn token_post(login: &LoginHost, body: String) -> Request {
    Request::form_post(login.endpoint(TOKEN_PATH), body)
}

/// Builds the token request.
pub fn build_token_request(input: &TokenRequestInput<'_>) -> Result<Request, FieldError> {
    let client_secret = input
        .client_secret
        .map(|s| s.expose().trim())
        .filter(|s| !s.is_empty());
    // The assertion identifies the app: no client_id, no secret.
    if let Grant::JwtBearer { assertion } = &input.grant {
        let assertion = single_word(
            assertion.expose(),
            "missing_assertion",
            "No signed JWT assertion was given.",
            "invalid_assertion_format",
            "The JWT assertion contains spaces or line breaks.",
            "Sign a new assertion from the profile's private key and try again.",
        )
        .map_err(at("assertion"))?;
        return Ok(token_post(
            input.login,
            encode_pairs([("grant_type", JWT_BEARER_GRANT), ("assertion", assertion)]),
        ));
    }
    let client_id = validate_client_id(input.client_id).map_err(at("clientId"))?;

    let mut pairs: Vec<(&str, &str)> = Vec::new();
    // Owned values the pairs borrow from.
    let code;
    let password;
    match &input.grant {
        Grant::AuthorizationCode {
            code: raw_code,
            redirect_uri,
            code_verifier,
        } => {
            code = normalize_code(raw_code.expose()).map_err(at("code"))?;
            let redirect_uri = validate_redirect_uri(redirect_uri).map_err(at("redirectUri"))?;
            let code_verifier = code_verifier
                .as_ref()
                .map(|v| v.expose().trim())
                .filter(|v| !v.is_empty());
            if let Some(verifier) = code_verifier {
                validate_verifier(verifier).map_err(at("codeVerifier"))?;
            }
            pairs.extend([
                ("grant_type", "authorization_code"),
                ("code", code.expose()),
                ("client_id", client_id),
                ("redirect_uri", redirect_uri),
            ]);
            if let Some(secret) = client_secret {
                pairs.push(("client_secret", secret));
            }
            if let Some(verifier) = code_verifier {
                pairs.push(("code_verifier", verifier));
            }
        }
        Grant::RefreshToken { refresh_token } => {
            let refresh_token = single_word(
                refresh_token.expose(),
                "missing_refresh_token",
                "There is no refresh token to use.",
                "invalid_refresh_token_format",
                "The refresh token contains spaces or line breaks.",
                "Log in again with the refresh_token scope to get a refresh token.",
            )
            .map_err(at("refreshToken"))?;
            pairs.extend([
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
                ("client_id", client_id),
            ]);
            if let Some(secret) = client_secret {
                pairs.push(("client_secret", secret));
            }
        }
        Grant::Password {
            username,
            password: typed,
            security_token,
        } => {
            let secret = require_secret(client_secret, "username-password")?;
            let username = validate_username(username).map_err(at("username"))?;
            if typed.is_empty() {
                return Err(at("password")(SfError::new(
                    "missing_password",
                    "No password was given.",
                    "Type the user's password (it is kept for this browser session only).",
                )));
            }
            // docs/salesforce.md#grants: the security token is appended to the password.
            password = Secret::new([typed.expose(), security_token.expose().trim()].concat());
            pairs.extend([
                ("grant_type", "password"),
                ("client_id", client_id),
                ("client_secret", secret),
                ("username", username),
                ("password", password.expose()),
            ]);
        }
        Grant::ClientCredentials => {
            require_my_domain(input.login).map_err(at("loginUrl"))?;
            let secret = require_secret(client_secret, "client credentials")?;
            pairs.extend([
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", secret),
            ]);
        }
        Grant::Device { device_code } => {
            let device_code = single_word(
                device_code.expose(),
                "missing_device_code",
                "No device code was given.",
                "invalid_device_code_format",
                "The device code contains spaces or line breaks.",
                "Start the device login again.",
            )
            .map_err(at("deviceCode"))?;
            pairs.extend([
                ("grant_type", "device"),
                ("client_id", client_id),
                ("code", device_code),
            ]);
            if let Some(secret) = client_secret {
                pairs.push(("client_secret", secret));
            }
        }
        // Handled above.
        Grant::JwtBearer { .. } => {}
    }
    Ok(token_post(input.login, encode_pairs(pairs)))
}

/// A trimmed, non-empty value without spaces or control characters.
fn single_word<'a>(
    value: &'a str,
    missing_code: &'static str,
    missing: &'static str,
    format_code: &'static str,
    format: &'static str,
    hint: &'static str,
) -> Result<&'a str, SfError> {
    let value = value.trim();
    if value.is_empty() {
        Err(SfError::new(missing_code, missing, hint))
    } else if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err(SfError::new(format_code, format, hint))
    } else {
        Ok(value)
    }
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
    use crate::encoding::percent::RawParams;
    use crate::salesforce::login_host::normalize_login_url;

    const REDIRECT: &str = "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/";
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    fn build(
        code: &str,
        secret: Option<&str>,
        verifier: Option<&str>,
    ) -> Result<Request, FieldError> {
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
            req.headers
                .iter()
                .map(|(name, value)| (*name, value.expose()))
                .collect::<Vec<_>>(),
            [
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept", "application/json")
            ]
        );
        assert_eq!(
            req.expose_body(),
            format!(
                "grant_type=authorization_code&code=aPrx.abc%3D%3D&client_id=3MVG9client\
                 &redirect_uri=https%3A%2F%2Fabcdefghijklmnopabcdefghijklmnop.chromiumapp.org%2F\
                 &code_verifier={VERIFIER}"
            )
        );
        assert!(!req.expose_body().contains("client_secret"));
        assert!(!format!("{req:?}").contains("aPrx"));
    }

    #[test]
    fn confidential_client_sends_secret() {
        let req = build("c", Some(" s3cr+t "), None).unwrap();
        let p = RawParams::parse(req.expose_body());
        assert_eq!(
            p.get("client_secret", Plus::IsLiteral).unwrap().unwrap(),
            "s3cr+t"
        );
        assert!(p.raw("code_verifier").is_none());
        assert!(!build("c", Some("  "), None)
            .unwrap()
            .expose_body()
            .contains("client_secret"));
    }

    #[test]
    fn code_is_never_double_encoded() {
        for code in ["abc==", "abc%3D%3D", " abc%3D%3D\n"] {
            let body = build(code, None, None).unwrap().body.unwrap_or_default();
            assert!(
                body.expose().contains("code=abc%3D%3D&"),
                "{code}: {}",
                body.expose()
            );
            assert!(!body.expose().contains("%253D"));
        }
        let body = build("a+b", None, None).unwrap().body.unwrap_or_default();
        assert!(body.expose().contains("code=a%2Bb&"));
    }

    fn code_and_field(result: Result<Request, FieldError>) -> (&'static str, &'static str) {
        let e = result.unwrap_err();
        (e.error.code, e.field)
    }

    #[test]
    fn validates_inputs() {
        assert_eq!(
            code_and_field(build("", None, None)),
            ("missing_code", "code")
        );
        assert_eq!(
            code_and_field(build("a b", None, None)),
            ("invalid_code_format", "code")
        );
        assert_eq!(
            code_and_field(build("abc%3", None, None)),
            ("malformed_percent_encoding", "code")
        );
        assert_eq!(
            code_and_field(build("abc", None, Some("short"))),
            ("invalid_code_verifier", "codeVerifier")
        );
        assert!(build("abc", None, Some("")).is_ok());
    }

    #[test]
    fn grant_types() {
        for (g, t) in [
            ("authorization_code", GrantType::AuthorizationCode),
            ("refresh_token", GrantType::RefreshToken),
            ("password", GrantType::Password),
            (" client_credentials ", GrantType::ClientCredentials),
            (
                "urn:ietf:params:oauth:grant-type:jwt-bearer",
                GrantType::JwtBearer,
            ),
            ("device", GrantType::Device),
        ] {
            assert_eq!(check_grant_type(g).unwrap(), t);
        }
        assert_eq!(
            check_grant_type("urn:ietf:params:oauth:grant-type:saml2-bearer")
                .unwrap_err()
                .code,
            "grant_type_not_supported_yet"
        );
        assert_eq!(
            check_grant_type("bogus").unwrap_err().code,
            "unknown_grant_type"
        );
        assert_eq!(check_grant_type("").unwrap_err().code, "unknown_grant_type");
    }

    const CLIENT: &str = "3MVG9client";

    fn grant(login_url: &str, secret: Option<&str>, grant: Grant) -> Result<Request, FieldError> {
        let login = normalize_login_url(login_url, false).unwrap();
        let secret = secret.map(Secret::from);
        build_token_request(&TokenRequestInput {
            login: &login,
            client_id: CLIENT,
            client_secret: secret.as_ref(),
            grant,
        })
    }

    #[test]
    fn refresh_token_grant() {
        let refresh = |token: &str, secret| {
            grant(
                "login.salesforce.com",
                secret,
                Grant::RefreshToken {
                    refresh_token: Secret::from(token),
                },
            )
        };
        let req = refresh(" 5Aep861.refresh== ", None).unwrap();
        assert_eq!(
            req.url,
            "https://login.salesforce.com/services/oauth2/token"
        );
        assert_eq!(
            req.expose_body(),
            "grant_type=refresh_token&refresh_token=5Aep861.refresh%3D%3D&client_id=3MVG9client"
        );
        assert!(refresh("r", Some("s"))
            .unwrap()
            .expose_body()
            .ends_with("&client_id=3MVG9client&client_secret=s"));
        assert_eq!(
            code_and_field(refresh(" ", None)),
            ("missing_refresh_token", "refreshToken")
        );
        assert_eq!(
            code_and_field(refresh("a b", None)),
            ("invalid_refresh_token_format", "refreshToken")
        );
    }

    fn password(
        username: &str,
        password: &str,
        token: &str,
        secret: Option<&str>,
    ) -> Result<Request, FieldError> {
        grant(
            "acme.my.salesforce.com",
            secret,
            Grant::Password {
                username: username.to_owned(),
                password: Secret::from(password),
                security_token: Secret::from(token),
            },
        )
    }

    #[test]
    fn password_grant_appends_the_security_token() {
        let req = password(" admin@acme.example ", "p&ss word", " TOKEN1 ", Some("sec")).unwrap();
        assert_eq!(
            req.expose_body(),
            "grant_type=password&client_id=3MVG9client&client_secret=sec\
             &username=admin%40acme.example&password=p%26ss%20wordTOKEN1"
        );
        let p = RawParams::parse(req.expose_body());
        assert_eq!(
            p.get("password", Plus::IsSpace).unwrap().unwrap(),
            "p&ss wordTOKEN1"
        );
        assert!(password("a@b.c", "pw", "", Some("s"))
            .unwrap()
            .expose_body()
            .ends_with("&password=pw"));
        assert!(!format!("{req:?}").contains("TOKEN1"));
    }

    #[test]
    fn password_grant_needs_secret_username_and_password() {
        assert_eq!(
            code_and_field(password("a@b.c", "pw", "", None)),
            ("missing_client_secret", "clientSecret")
        );
        assert_eq!(
            code_and_field(password("a@b.c", "pw", "", Some("  "))),
            ("missing_client_secret", "clientSecret")
        );
        assert_eq!(
            code_and_field(password("", "pw", "", Some("s"))),
            ("missing_username", "username")
        );
        assert_eq!(
            code_and_field(password("admin", "pw", "", Some("s"))),
            ("invalid_username", "username")
        );
        assert_eq!(
            code_and_field(password("a b@c.d", "pw", "", Some("s"))),
            ("invalid_username", "username")
        );
        assert_eq!(
            code_and_field(password("a@b.c", "", "TOKEN", Some("s"))),
            ("missing_password", "password")
        );
    }

    #[test]
    fn client_credentials_only_on_my_domain() {
        let req = grant(
            "acme.my.salesforce.com",
            Some("sec"),
            Grant::ClientCredentials,
        )
        .unwrap();
        assert_eq!(
            req.url,
            "https://acme.my.salesforce.com/services/oauth2/token"
        );
        assert_eq!(
            req.expose_body(),
            "grant_type=client_credentials&client_id=3MVG9client&client_secret=sec"
        );
        assert!(grant(
            "acme--uat.sandbox.my.salesforce.com",
            Some("sec"),
            Grant::ClientCredentials
        )
        .is_ok());
        for generic in [
            "login.salesforce.com",
            "https://test.salesforce.com/",
            "na44.salesforce.com",
        ] {
            let e = grant(generic, Some("sec"), Grant::ClientCredentials).unwrap_err();
            assert_eq!(
                (e.error.code, e.field),
                ("client_credentials_needs_my_domain", "loginUrl")
            );
            assert!(e
                .error
                .message
                .contains("request not supported on this domain"));
            assert!(e.error.hint.contains("my.salesforce.com"));
            assert!(e.error.hint.contains("sandbox.my.salesforce.com"));
        }
        assert_eq!(
            code_and_field(grant(
                "acme.my.salesforce.com",
                None,
                Grant::ClientCredentials
            )),
            ("missing_client_secret", "clientSecret")
        );
    }

    #[test]
    fn jwt_bearer_carries_only_the_assertion() {
        let login = normalize_login_url("test.salesforce.com", false).unwrap();
        let jwt = |assertion: &str| {
            build_token_request(&TokenRequestInput {
                login: &login,
                client_id: "",
                client_secret: None,
                grant: Grant::JwtBearer {
                    assertion: Secret::from(assertion),
                },
            })
        };
        let req = jwt("eyJh.eyJi.c2ln").unwrap();
        assert_eq!(req.url, "https://test.salesforce.com/services/oauth2/token");
        assert_eq!(
            req.expose_body(),
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJh.eyJi.c2ln"
        );
        assert_eq!(code_and_field(jwt("")), ("missing_assertion", "assertion"));
        assert_eq!(
            code_and_field(jwt("a\nb")),
            ("invalid_assertion_format", "assertion")
        );
        // Even with a secret given, none is sent.
        let secret = Secret::from("sec");
        let with_secret = build_token_request(&TokenRequestInput {
            login: &login,
            client_id: CLIENT,
            client_secret: Some(&secret),
            grant: Grant::JwtBearer {
                assertion: Secret::from("a.b.c"),
            },
        })
        .unwrap();
        assert!(!with_secret.expose_body().contains("client"));
    }

    #[test]
    fn device_poll() {
        let device = |code: &str, secret| {
            grant(
                "login.salesforce.com",
                secret,
                Grant::Device {
                    device_code: Secret::from(code),
                },
            )
        };
        assert_eq!(
            device("M2Q1.dev", None).unwrap().expose_body(),
            "grant_type=device&client_id=3MVG9client&code=M2Q1.dev"
        );
        assert_eq!(
            device("M2Q1.dev", Some("s")).unwrap().expose_body(),
            "grant_type=device&client_id=3MVG9client&code=M2Q1.dev&client_secret=s"
        );
        assert_eq!(
            code_and_field(device("", None)),
            ("missing_device_code", "deviceCode")
        );
    }
}
