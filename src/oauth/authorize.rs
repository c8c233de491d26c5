//! The authorize URL of the web-server (authorization code) flow.
//!
//! `GET {host}/services/oauth2/authorize?response_type=code&client_id=…&redirect_uri=…
//! &scope=…&state=…&code_challenge=…&code_challenge_method=S256[&prompt=…][&login_hint=…]`
//! (docs/salesforce.md#authorize).
//!
//! - `state` is 32 random bytes (256 bits, well over the 128 we need),
//!   base64url: it ties the callback to this request and is checked in
//!   constant time by [`crate::parse_callback`].
//! - PKCE is on by default: Salesforce requires it for extension callbacks,
//!   and it makes a leaked code useless without the verifier.
//! - `code_challenge_method=S256` is sent explicitly, as Salesforce's partner
//!   guide asks, even though Salesforce also assumes S256 without it.

use crate::encoding::base64::encode_url_safe_no_pad;
use crate::encoding::percent::encode_pairs;
use crate::error::SfError;
use crate::oauth::pkce::{PkcePair, CODE_CHALLENGE_METHOD, DEFAULT_VERIFIER_ENTROPY};
use crate::salesforce::fields::validate_client_id;
use crate::salesforce::login_host::LoginHost;
use crate::salesforce::redirect_uri::validate_redirect_uri;
use crate::salesforce::scope::parse_scopes;
use crate::secret::Secret;

/// Random bytes behind `state`.
pub const STATE_ENTROPY_BYTES: usize = 32;
/// Path of the authorize endpoint on every Salesforce login host.
pub const AUTHORIZE_PATH: &str = "/services/oauth2/authorize";

/// Everything the user chose for one login.
#[derive(Debug, Clone)]
pub struct AuthorizeInput<'a> {
    /// Where to log in (already normalized).
    pub login: &'a LoginHost,
    /// Consumer key of the Connected App / External Client App.
    pub client_id: &'a str,
    /// Callback URL registered in the app.
    pub redirect_uri: &'a str,
    /// Scopes, each entry may itself hold several separated by spaces or commas.
    pub scopes: &'a [&'a str],
    /// Whether to use PKCE (recommended, and the default in the JS API).
    pub pkce: bool,
    /// `login`, `consent`, `select_account`, or a space-separated combination.
    pub prompt: Option<&'a str>,
    /// Username to pre-fill on the login page.
    pub login_hint: Option<&'a str>,
}

/// The URL to open plus what must be remembered until the callback.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    /// The authorize URL to open in a tab/window.
    pub url: String,
    /// Expected `state` on the callback (not secret, but unguessable).
    pub state: String,
    /// PKCE verifier for the token request; `None` without PKCE.
    pub code_verifier: Option<Secret>,
}

/// A source of cryptographically secure random bytes (`crypto.getRandomValues`
/// in the browser, a fixed pattern in tests).
pub type RandomSource<'r> = dyn FnMut(&mut [u8]) -> Result<(), SfError> + 'r;

/// Builds the authorize URL and the values to keep for the callback.
pub fn build_authorize_request(
    input: &AuthorizeInput<'_>,
    random: &mut RandomSource<'_>,
) -> Result<AuthorizeRequest, SfError> {
    let client_id = validate_client_id(input.client_id)?;
    let redirect_uri = validate_redirect_uri(input.redirect_uri)?;
    let scopes = parse_scopes(input.scopes.iter().copied())?;
    let prompt = input.prompt.map(parse_prompt).transpose()?.flatten();
    let login_hint = input
        .login_hint
        .map(str::trim)
        .filter(|hint| !hint.is_empty());
    if login_hint.is_some_and(|hint| hint.chars().any(char::is_control)) {
        return Err(SfError::new(
            "invalid_login_hint",
            "The login hint (username) contains invisible control characters.",
            "Type the username again, e.g. admin@acme.com.",
        ));
    }

    let state = encode_url_safe_no_pad(&random_bytes::<STATE_ENTROPY_BYTES>(random)?);
    let pkce = if input.pkce {
        Some(PkcePair::from_entropy(&random_bytes::<
            DEFAULT_VERIFIER_ENTROPY,
        >(random)?)?)
    } else {
        None
    };

    let scope = scopes.join(" ");
    let mut params: Vec<(&str, &str)> = vec![
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
    ];
    if !scope.is_empty() {
        params.push(("scope", &scope));
    }
    params.push(("state", &state));
    if let Some(pair) = &pkce {
        params.push(("code_challenge", &pair.challenge));
        params.push(("code_challenge_method", CODE_CHALLENGE_METHOD));
    }
    if let Some(prompt) = &prompt {
        params.push(("prompt", prompt));
    }
    if let Some(hint) = login_hint {
        params.push(("login_hint", hint));
    }

    let mut url = input.login.endpoint(AUTHORIZE_PATH);
    url.push('?');
    url.push_str(&encode_pairs(params));

    Ok(AuthorizeRequest {
        url,
        state,
        code_verifier: pkce.map(|pair| pair.verifier),
    })
}

fn random_bytes<const N: usize>(random: &mut RandomSource<'_>) -> Result<[u8; N], SfError> {
    let mut bytes = [0u8; N];
    random(&mut bytes)?;
    // A source that leaves the buffer untouched would make state and
    // verifier predictable; 32 zero bytes from a real RNG never happen.
    if bytes.iter().all(|&b| b == 0) {
        return Err(SfError::new(
            "no_randomness",
            "The browser's random number generator returned no random data.",
            "Reload the extension; if it persists, report it as a bug.",
        ));
    }
    Ok(bytes)
}

/// Validates `prompt` values; `Ok(None)` when empty.
fn parse_prompt(input: &str) -> Result<Option<String>, SfError> {
    let mut values: Vec<&str> = Vec::new();
    for value in input.split(|c: char| c == ',' || c.is_whitespace()) {
        if value.is_empty() || values.contains(&value) {
            continue;
        }
        if !matches!(value, "login" | "consent" | "select_account") {
            return Err(SfError::new(
                "invalid_prompt",
                "The prompt option only accepts login, consent and select_account.",
                "Leave it empty, or use e.g. \"login\" to force the login page or \"login consent\".",
            ));
        }
        values.push(value);
    }
    Ok((!values.is_empty()).then(|| values.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::percent::{Plus, RawParams};
    use crate::oauth::pkce::challenge_for;
    use crate::salesforce::login_host::normalize_login_url;

    fn counter() -> impl FnMut(&mut [u8]) -> Result<(), SfError> {
        let mut next: u8 = 1;
        move |buf: &mut [u8]| {
            for b in buf.iter_mut() {
                *b = next;
                next = next.wrapping_add(1);
            }
            Ok(())
        }
    }

    fn input<'a>(login: &'a LoginHost, scopes: &'a [&'a str]) -> AuthorizeInput<'a> {
        AuthorizeInput {
            login,
            client_id: " 3MVG9abc.def_123 ",
            redirect_uri: "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/",
            scopes,
            pkce: true,
            prompt: None,
            login_hint: None,
        }
    }

    #[test]
    fn builds_the_documented_url() {
        let login = normalize_login_url("acme.my.salesforce.com", false).unwrap();
        let scopes = ["api refresh_token", "api"];
        let mut input = input(&login, &scopes);
        input.prompt = Some("login  consent");
        input.login_hint = Some(" admin@acme.com ");
        let req = build_authorize_request(&input, &mut counter()).unwrap();

        let (base, query) = req.url.split_once('?').unwrap();
        assert_eq!(
            base,
            "https://acme.my.salesforce.com/services/oauth2/authorize"
        );
        let p = RawParams::parse(query);
        let get = |n: &str| p.get(n, Plus::IsSpace).unwrap().unwrap();
        assert_eq!(get("response_type"), "code");
        assert_eq!(get("client_id"), "3MVG9abc.def_123");
        assert_eq!(
            get("redirect_uri"),
            "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/"
        );
        assert_eq!(get("scope"), "api refresh_token");
        assert_eq!(get("state"), req.state);
        assert_eq!(get("code_challenge_method"), "S256");
        let verifier = req.code_verifier.as_ref().unwrap();
        assert_eq!(
            get("code_challenge"),
            challenge_for(verifier.expose()).unwrap()
        );
        assert_eq!(get("prompt"), "login consent");
        assert_eq!(get("login_hint"), "admin@acme.com");
        assert!(query.contains("scope=api%20refresh_token"));
        assert!(query.contains("login_hint=admin%40acme.com"));
        // The verifier never appears in the URL.
        assert!(!req.url.contains(verifier.expose()));
    }

    #[test]
    fn state_has_at_least_128_bits_and_differs_per_call() {
        let login = normalize_login_url("login.salesforce.com", false).unwrap();
        let mut rng = counter();
        let a = build_authorize_request(&input(&login, &[]), &mut rng).unwrap();
        let b = build_authorize_request(&input(&login, &[]), &mut rng).unwrap();
        assert_eq!(a.state.len(), 43); // 32 bytes, base64url
        assert!(a.state.len() * 6 >= 128);
        assert_ne!(a.state, b.state);
        assert!(a
            .state
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert!(!a.url.contains("scope="), "empty scopes omit the parameter");
    }

    #[test]
    fn pkce_can_be_turned_off() {
        let login = normalize_login_url("login.salesforce.com", false).unwrap();
        let mut i = input(&login, &[]);
        i.pkce = false;
        let req = build_authorize_request(&i, &mut counter()).unwrap();
        assert!(req.code_verifier.is_none());
        assert!(!req.url.contains("code_challenge"));
    }

    #[test]
    fn site_prefix_is_part_of_the_url() {
        let login = normalize_login_url("https://acme.my.site.com/partners/s/", false).unwrap();
        let req = build_authorize_request(&input(&login, &[]), &mut counter()).unwrap();
        assert!(req
            .url
            .starts_with("https://acme.my.site.com/partners/services/oauth2/authorize?"));
    }

    #[test]
    fn validates_inputs() {
        let login = normalize_login_url("login.salesforce.com", false).unwrap();
        let check = |f: &dyn Fn(&mut AuthorizeInput<'_>), code: &str| {
            let mut i = input(&login, &[]);
            f(&mut i);
            assert_eq!(
                build_authorize_request(&i, &mut counter())
                    .unwrap_err()
                    .code,
                code
            );
        };
        check(&|i| i.client_id = "  ", "missing_client_id");
        check(&|i| i.client_id = "abc def", "invalid_client_id_format");
        check(
            &|i| i.redirect_uri = "http://example.com/cb",
            "https_required",
        );
        check(&|i| i.redirect_uri = "", "missing_redirect_uri");
        check(&|i| i.prompt = Some("none"), "invalid_prompt");
        check(&|i| i.prompt = Some("login,bogus"), "invalid_prompt");
        check(&|i| i.login_hint = Some("a\u{0}b"), "invalid_login_hint");
        let bad_scopes = ["api\"x"];
        let i = input(&login, &bad_scopes);
        assert_eq!(
            build_authorize_request(&i, &mut counter())
                .unwrap_err()
                .code,
            "invalid_scope_syntax"
        );
    }

    #[test]
    fn prompt_values() {
        assert_eq!(parse_prompt("").unwrap(), None);
        assert_eq!(
            parse_prompt("select_account").unwrap().unwrap(),
            "select_account"
        );
        assert_eq!(
            parse_prompt("login,consent login").unwrap().unwrap(),
            "login consent"
        );
    }

    #[test]
    fn broken_random_source_is_an_error() {
        let login = normalize_login_url("login.salesforce.com", false).unwrap();
        let mut zeros = |_: &mut [u8]| Ok(());
        assert_eq!(
            build_authorize_request(&input(&login, &[]), &mut zeros)
                .unwrap_err()
                .code,
            "no_randomness"
        );
        let mut failing = |_: &mut [u8]| Err(SfError::new("rng_failed", "m", "h"));
        assert_eq!(
            build_authorize_request(&input(&login, &[]), &mut failing)
                .unwrap_err()
                .code,
            "rng_failed"
        );
    }
}
