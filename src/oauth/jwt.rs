//! The JWT bearer assertion (docs/salesforce.md#grants): header, claims, and the
//! signing input WebCrypto signs with RS256.
//!
//! - header `{"alg":"RS256"}` (all Salesforce reads);
//! - claims `iss` = consumer key, `sub` = username, `aud` = audience,
//!   `exp` = now + 170 s in seconds since the epoch: inside Salesforce's
//!   "within 3 minutes", with a little room for clock skew;
//! - the default audience follows the login host: `https://test.salesforce.com`
//!   for sandboxes (test.salesforce.com, `*.sandbox.my.salesforce.com`, legacy
//!   `NAME--SBX.my.salesforce.com`, sandbox instance hosts such as
//!   `cs91.salesforce.com`, and the Government Cloud and China sandboxes) and
//!   scratch orgs (`*.scratch.my.salesforce.com`, which Salesforce creates as
//!   sandbox-type orgs: the sf CLI's `SfdcUrl.getJwtAudienceUrl`, sfdx-core
//!   `src/util/sfdcUrl.ts`, https://github.com/forcedotcom/sfdx-core), the site URL (origin + path prefix) for an Experience Cloud
//!   site, `https://login.salesforce.com` for everything else — including a
//!   My Domain, which Salesforce does not accept as an audience.

use crate::encoding::base64::encode_url_safe_no_pad;
use crate::error::SfError;
use crate::salesforce::fields::validate_client_id;
use crate::salesforce::login_host::{Environment, LoginHost};
use crate::secret::Secret;

/// How far ahead `exp` is set, in seconds (Salesforce allows 3 minutes).
pub const JWT_LIFETIME_S: u64 = 170;
/// base64url of `{"alg":"RS256"}`.
const HEADER_B64: &str = "eyJhbGciOiJSUzI1NiJ9";

/// What goes into an assertion.
#[derive(Debug, Clone)]
pub struct JwtInput<'a> {
    /// The host the token request goes to.
    pub login: &'a LoginHost,
    /// Consumer key (`iss`).
    pub client_id: &'a str,
    /// Salesforce username (`sub`).
    pub username: &'a str,
    /// Overrides the audience chosen from the login host.
    pub audience: Option<&'a str>,
    /// Current time, ms since the epoch.
    pub now_ms: u64,
}

/// An assertion waiting for its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsignedJwt {
    /// `base64url(header) "." base64url(claims)`: the bytes to sign.
    pub signing_input: String,
    /// The `aud` claim used.
    pub audience: String,
    /// `exp` in ms since the epoch.
    pub expires_at_ms: u64,
}

/// The audience Salesforce expects for a login host (see the module docs).
pub fn default_audience(login: &LoginHost) -> String {
    match login.environment {
        Environment::Sandbox
        | Environment::GovernmentSandbox
        | Environment::ChinaSandbox
        | Environment::Scratch => TEST_AUDIENCE.to_owned(),
        Environment::Site => [login.origin.as_str(), &login.path_prefix].concat(),
        _ => LOGIN_AUDIENCE.to_owned(),
    }
}

/// The production audience.
pub const LOGIN_AUDIENCE: &str = "https://login.salesforce.com";
/// The sandbox (and scratch org) audience.
pub const TEST_AUDIENCE: &str = "https://test.salesforce.com";

/// The other audience worth trying after Salesforce refused an assertion in
/// a way a wrong `aud` causes (`audience is invalid`, `invalid assertion`,
/// `user hasn't approved this consumer`): login ↔ test; after a site URL or
/// any other audience, the login or test audience that fits the host.
/// `None` when nothing was used.
pub fn alternate_audience(login: &LoginHost, used_audience: &str) -> Option<String> {
    let used = used_audience.trim().trim_end_matches('/');
    if used.is_empty() {
        return None;
    }
    let other = if used.eq_ignore_ascii_case(LOGIN_AUDIENCE) {
        TEST_AUDIENCE
    } else if used.eq_ignore_ascii_case(TEST_AUDIENCE) {
        LOGIN_AUDIENCE
    } else if default_audience(login) == TEST_AUDIENCE
        || login.host.contains(".sandbox.")
        || login.host.contains("--")
    {
        TEST_AUDIENCE
    } else {
        LOGIN_AUDIENCE
    };
    Some(other.to_owned())
}

/// Appends `value` as a JSON string literal.
fn push_json_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn single_word(value: &str) -> bool {
    !value.is_empty() && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Builds the header and claims of a JWT bearer assertion.
pub fn build_jwt(input: &JwtInput<'_>) -> Result<UnsignedJwt, SfError> {
    let client_id = validate_client_id(input.client_id)?;
    let username = input.username.trim();
    if !single_word(username) {
        return Err(SfError::new(
            "invalid_username",
            "The JWT bearer flow needs the Salesforce username (e.g. admin@acme.example), without spaces.",
            "Fill in the profile's Username: the user the token is for.",
        ));
    }
    let audience = match input.audience.map(str::trim).filter(|a| !a.is_empty()) {
        None => default_audience(input.login),
        Some(audience) if audience.starts_with("https://") && single_word(audience) => {
            audience.to_owned()
        }
        Some(_) => {
            return Err(SfError::new(
                "invalid_audience",
                "The JWT audience must be an https:// URL.",
                "Leave it empty (sftoken picks it from the login URL), or use https://login.salesforce.com, \
                 https://test.salesforce.com or your Experience Cloud site URL.",
            ))
        }
    };
    let exp = (input.now_ms / 1000).saturating_add(JWT_LIFETIME_S);
    let mut claims = String::with_capacity(64 + client_id.len() + username.len() + audience.len());
    claims.push_str("{\"iss\":");
    push_json_string(&mut claims, client_id);
    claims.push_str(",\"sub\":");
    push_json_string(&mut claims, username);
    claims.push_str(",\"aud\":");
    push_json_string(&mut claims, &audience);
    claims.push_str(",\"exp\":");
    claims.push_str(&exp.to_string());
    claims.push('}');
    let signing_input = [HEADER_B64, ".", &encode_url_safe_no_pad(claims.as_bytes())].concat();
    Ok(UnsignedJwt {
        signing_input,
        audience,
        expires_at_ms: exp.saturating_mul(1000),
    })
}

/// `signing_input "." base64url(signature)`: the assertion to send.
pub fn assemble_jwt(signing_input: &str, signature: &[u8]) -> Secret {
    Secret::new([signing_input, ".", &encode_url_safe_no_pad(signature)].concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::salesforce::login_host::normalize_login_url;

    fn b64url_json(part: &str) -> serde_json::Value {
        let mut standard = part.replace('-', "+").replace('_', "/");
        while standard.len() % 4 != 0 {
            standard.push('=');
        }
        let bytes = crate::encoding::base64::decode_standard(&standard).unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    fn jwt(login: &str, audience: Option<&str>) -> Result<UnsignedJwt, SfError> {
        let login = normalize_login_url(login, false).unwrap();
        build_jwt(&JwtInput {
            login: &login,
            client_id: " 3MVG9.key ",
            username: "admin@acme.example",
            audience,
            now_ms: 1_700_000_000_999,
        })
    }

    #[test]
    fn header_and_claims() {
        let unsigned = jwt("login.salesforce.com", None).unwrap();
        let (header, claims) = unsigned.signing_input.split_once('.').unwrap();
        assert_eq!(b64url_json(header), serde_json::json!({"alg": "RS256"}));
        assert_eq!(
            b64url_json(claims),
            serde_json::json!({
                "iss": "3MVG9.key",
                "sub": "admin@acme.example",
                "aud": "https://login.salesforce.com",
                "exp": 1_700_000_170u64,
            })
        );
        assert_eq!(unsigned.expires_at_ms, 1_700_000_170_000);
        assert!(!unsigned.signing_input.contains(['=', '+', '/']));
        let assertion = assemble_jwt(&unsigned.signing_input, &[0xfb, 0xff]);
        assert_eq!(
            assertion.expose(),
            [unsigned.signing_input.as_str(), ".-_8"].concat()
        );
    }

    #[test]
    fn audience_follows_the_login_host() {
        let aud = |login: &str| jwt(login, None).unwrap().audience;
        assert_eq!(aud("login.salesforce.com"), "https://login.salesforce.com");
        assert_eq!(
            aud("acme.my.salesforce.com"),
            "https://login.salesforce.com"
        );
        assert_eq!(
            aud("acme-dev-ed.develop.my.salesforce.com"),
            "https://login.salesforce.com"
        );
        assert_eq!(aud("test.salesforce.com"), "https://test.salesforce.com");
        assert_eq!(
            aud("acme--uat.sandbox.my.salesforce.com"),
            "https://test.salesforce.com"
        );
        assert_eq!(
            aud("acme--uat.my.salesforce.com"),
            "https://test.salesforce.com"
        );
        assert_eq!(aud("acme.my.site.com"), "https://acme.my.site.com");
        assert_eq!(
            aud("https://acme.my.site.com/partners/s/login"),
            "https://acme.my.site.com/partners"
        );
        assert_eq!(
            jwt(
                "login.salesforce.com",
                Some(" https://test.salesforce.com ")
            )
            .unwrap()
            .audience,
            "https://test.salesforce.com"
        );
        assert_eq!(
            jwt("login.salesforce.com", Some("")).unwrap().audience,
            "https://login.salesforce.com"
        );
        for bad in [
            "http://login.salesforce.com",
            "login.salesforce.com",
            "https://a b",
        ] {
            assert_eq!(
                jwt("login.salesforce.com", Some(bad)).unwrap_err().code,
                "invalid_audience"
            );
        }
    }

    #[test]
    fn scratch_orgs_and_sandbox_instances_use_the_test_audience() {
        let aud = |login: &str| jwt(login, None).unwrap().audience;
        for login in [
            "acme.scratch.my.salesforce.com",
            "cs91.salesforce.com",
            "usa2s.salesforce.com",
        ] {
            assert_eq!(aud(login), "https://test.salesforce.com", "{login}");
        }
        assert_eq!(aud("na44.salesforce.com"), "https://login.salesforce.com");
    }

    #[test]
    fn alternate_audiences() {
        let alt = |login: &str, used: &str| {
            alternate_audience(&normalize_login_url(login, false).unwrap(), used)
        };
        let login = Some(LOGIN_AUDIENCE.to_owned());
        let test = Some(TEST_AUDIENCE.to_owned());
        assert_eq!(alt("login.salesforce.com", LOGIN_AUDIENCE), test);
        assert_eq!(
            alt("acme.my.salesforce.com", "https://login.salesforce.com/"),
            test
        );
        assert_eq!(alt("test.salesforce.com", TEST_AUDIENCE), login);
        assert_eq!(
            alt("acme--uat.sandbox.my.salesforce.com", TEST_AUDIENCE),
            login
        );
        assert_eq!(alt("acme.my.site.com", "https://acme.my.site.com"), login);
        assert_eq!(
            alt(
                "acme--uat.sandbox.my.site.com",
                "https://acme--uat.sandbox.my.site.com"
            ),
            test
        );
        assert_eq!(alt("login.salesforce.com", " "), None);
    }

    #[test]
    fn escapes_and_refusals() {
        let login = normalize_login_url("login.salesforce.com", false).unwrap();
        let input = |client_id, username| JwtInput {
            login: &login,
            client_id,
            username,
            audience: None,
            now_ms: 0,
        };
        let unsigned = build_jwt(&input("a\"b\\c\u{e9}", "u@x")).unwrap();
        let claims = unsigned.signing_input.split_once('.').unwrap().1;
        assert_eq!(b64url_json(claims)["iss"], "a\"b\\c\u{e9}");
        assert_eq!(
            build_jwt(&input("", "u@x")).unwrap_err().code,
            "missing_client_id"
        );
        for bad in ["", " ", "a b", "a\u{0}"] {
            assert_eq!(
                build_jwt(&input("k", bad)).unwrap_err().code,
                "invalid_username"
            );
        }
        let mut json = String::new();
        push_json_string(&mut json, "\u{1}\n\u{1f}");
        assert_eq!(json, "\"\\u0001\\u000a\\u001f\"");
        assert_eq!(
            serde_json::from_str::<String>(&json).unwrap(),
            "\u{1}\n\u{1f}"
        );
    }
}
