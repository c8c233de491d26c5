//! "Paste anything": what a person pasted, recognised before anything is sent anywhere.
//!
//! One field takes an org URL (Lightning, Setup, My Domain, Visualforce, login/test), a redirect URL copied out of
//! the address bar (code or error, with state), an SFDX auth URL (`force://…`, what `sf org display --verbose`
//! prints), a token endpoint's JSON answer, or a bare access token (a session id, `00D…!…`). Each is read by the
//! parser sftoken already uses for it (`normalize_login_url`, the callback's parameter reader, the token answer's
//! reader); this module only decides which one applies. Nothing here sends anything: the page shows what was
//! recognised and acts only once the person confirms.

use crate::encoding::json::JsonDecoder;
use crate::encoding::percent::RawParams;
use crate::oauth::token_response::{parse_token_response, TokenResponse};
use crate::salesforce::login_host::{normalize_login_url, LoginHost};
use crate::secret::Secret;
use crate::token::export::auth_url_part;
use crate::token::lifecycle::api_base;
use std::borrow::Cow;

/// Longer than anything sftoken reads (a token answer with an ID token is a few KB).
pub const MAX_PASTE_CHARS: usize = 64 * 1024;

/// What was pasted.
#[derive(Debug, Clone)]
pub enum Pasted {
    /// An org's URL: a new profile for it.
    LoginUrl(LoginHost),
    /// A redirect carrying `code` or `error` and one `state`: for the pending login's state check.
    Callback { url: String },
    /// An SFDX auth URL: a refresh token to import, with the app and host it belongs to.
    SfdxAuthUrl {
        client_id: String,
        client_secret: Secret,
        refresh_token: Secret,
        instance_url: String,
    },
    /// A token endpoint's successful JSON answer.
    TokenResponse(Box<TokenResponse>),
    /// A Salesforce session id (`00D…!…`): an access token to import, its instance URL still to be asked.
    AccessToken {
        access_token: Secret,
        org_id: String,
    },
    /// Nothing sftoken reads: what it can read instead.
    Unknown {
        message: Cow<'static, str>,
        hint: Cow<'static, str>,
    },
}

const WHAT_SFTOKEN_READS: &str = "Paste an org URL (Lightning, Setup, My Domain, login.salesforce.com…), a redirect \
URL with code and state, an SFDX auth URL (force://…), a token endpoint's JSON answer, or an access token (00D…!…).";

fn unknown(message: impl Into<Cow<'static, str>>) -> Pasted {
    Pasted::Unknown {
        message: message.into(),
        hint: Cow::Borrowed(WHAT_SFTOKEN_READS),
    }
}

/// Recognises what was pasted. Never fails: anything unreadable is [`Pasted::Unknown`], saying why.
pub fn classify_paste(json: &impl JsonDecoder, text: &str) -> Pasted {
    let text = text.trim();
    if text.is_empty() {
        return unknown("Nothing was pasted.");
    }
    if text.len() > MAX_PASTE_CHARS {
        return unknown("What was pasted is far longer than anything sftoken reads.");
    }
    if let Some(rest) = strip_prefix_ignore_case(text, "force://") {
        return sfdx_auth_url(rest);
    }
    if text.starts_with('{') {
        return token_answer(json, text);
    }
    if let Some(pasted) = access_token(text) {
        return pasted;
    }
    if is_callback(text) {
        return Pasted::Callback {
            url: text.to_owned(),
        };
    }
    match normalize_login_url(text, false) {
        Ok(host) => Pasted::LoginUrl(host),
        Err(e) if text.contains("://") || text.contains('.') => Pasted::Unknown {
            message: Cow::Owned(format!("Not an org URL sftoken can use: {}", e.message)),
            hint: Cow::Owned(format!("{} {}", e.hint, WHAT_SFTOKEN_READS)),
        },
        Err(_) => unknown("sftoken does not recognise what was pasted."),
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `force://<clientId>:<clientSecret>:<refreshToken>@<host>`, as `sf org login sfdx-url` and `@salesforce/core`
/// read it (docs/salesforce.md#exports-and-imports): the secret may be empty (a public client).
fn sfdx_auth_url(rest: &str) -> Pasted {
    let bad = |why: &'static str| {
        Pasted::Unknown {
        message: Cow::Borrowed(why),
        hint: Cow::Borrowed(
            "An SFDX auth URL looks like force://<consumer key>:<consumer secret>:<refresh token>@<my domain>; \
             sf org display --verbose prints it.",
        ),
    }
    };
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return bad("This SFDX auth URL has no @<host> at its end.");
    };
    let parts: Vec<&str> = credentials.split(':').collect();
    let [client_id, client_secret, refresh_token] = parts[..] else {
        return bad("This SFDX auth URL does not have three parts (consumer key, secret, refresh token) before @.");
    };
    if client_id.is_empty() || refresh_token.is_empty() {
        return bad("This SFDX auth URL lacks its consumer key or its refresh token.");
    }
    if !auth_url_part(client_id)
        || !auth_url_part(refresh_token)
        || !(client_secret.is_empty() || auth_url_part(client_secret))
    {
        return bad("This SFDX auth URL holds characters an SFDX auth URL cannot carry.");
    }
    let host = host.trim_end_matches('/');
    let host = strip_prefix_ignore_case(host, "https://").unwrap_or(host);
    match api_base(host) {
        Ok(instance_url) => Pasted::SfdxAuthUrl {
            client_id: client_id.to_owned(),
            client_secret: Secret::new(client_secret),
            refresh_token: Secret::new(refresh_token),
            instance_url,
        },
        Err(e) => Pasted::Unknown {
            message: Cow::Owned(format!(
                "This SFDX auth URL's host is not a Salesforce host: {}",
                e.message
            )),
            hint: Cow::Borrowed("sftoken sends a refresh token only to an https Salesforce host."),
        },
    }
}

fn token_answer(json: &impl JsonDecoder, text: &str) -> Pasted {
    match parse_token_response(json, 200, text, None) {
        Ok(token) => Pasted::TokenResponse(Box::new(token)),
        Err(e) if e.error.is_some() => Pasted::Unknown {
            message: Cow::Owned(format!(
                "This is Salesforce's refusal, not a token: {}",
                e.message
            )),
            hint: e.hint,
        },
        Err(_) => unknown("This JSON is not a token endpoint's answer (it has no access_token)."),
    }
}

/// A session id: an org id (15 or 18 characters, `00D…`), `!`, and the rest. `Bearer ` or a whole
/// `Authorization: Bearer ` header in front is dropped.
fn access_token(text: &str) -> Option<Pasted> {
    let mut token = text;
    for prefix in ["authorization:", "bearer "] {
        if let Some(rest) = strip_prefix_ignore_case(token, prefix) {
            token = rest.trim_start();
        }
    }
    let (org, rest) = token.split_once('!')?;
    let org_ok = (org.len() == 15 || org.len() == 18)
        && org.starts_with("00D")
        && org.bytes().all(|b| b.is_ascii_alphanumeric());
    let rest_ok = rest.len() >= 10
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-=".contains(&b));
    (org_ok && rest_ok).then(|| Pasted::AccessToken {
        access_token: Secret::new(token),
        org_id: org.to_owned(),
    })
}

/// An address whose query or fragment carries `code` or `error` and exactly one `state`: what the content
/// script forwards as a callback.
fn is_callback(text: &str) -> bool {
    if text.chars().any(char::is_whitespace) {
        return false;
    }
    let (before_fragment, fragment) = text.split_once('#').unwrap_or((text, ""));
    let query = before_fragment
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("");
    [query, fragment].into_iter().any(|component| {
        let params = RawParams::parse(component);
        params.count("state") == 1 && (params.count("code") > 0 || params.count("error") > 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;

    fn kind(text: &str) -> Pasted {
        classify_paste(&SerdeJson, text)
    }

    #[test]
    fn org_urls_are_login_urls() {
        let Pasted::LoginUrl(host) = kind("https://acme.lightning.force.com/lightning/page/home")
        else {
            panic!()
        };
        assert_eq!(host.host, "acme.my.salesforce.com");
        assert!(!host.notes.is_empty());
        assert!(matches!(kind("test.salesforce.com"), Pasted::LoginUrl(_)));
        assert!(matches!(
            kind("https://acme--c.vf.force.com/apex/x"),
            Pasted::LoginUrl(_)
        ));
    }

    #[test]
    fn redirects_with_state_are_callbacks() {
        let url = "https://login.salesforce.com/?code=aPrx%3D%3D&state=abc";
        let Pasted::Callback { url: got } = kind(&format!("  {url}\n")) else {
            panic!()
        };
        assert_eq!(got, url);
        assert!(matches!(
            kind("https://login.salesforce.com/#error=access_denied&state=s"),
            Pasted::Callback { .. }
        ));
        // No state: not a callback of any login; a login URL then.
        assert!(matches!(
            kind("https://login.salesforce.com/?code=x"),
            Pasted::LoginUrl(_)
        ));
    }

    #[test]
    fn sfdx_auth_urls() {
        let Pasted::SfdxAuthUrl {
            client_id,
            client_secret,
            refresh_token,
            instance_url,
        } = kind("force://PlatformCLI::5Aep861Fake.Refresh==@acme.my.salesforce.com")
        else {
            panic!()
        };
        assert_eq!(client_id, "PlatformCLI");
        assert!(client_secret.is_empty());
        assert_eq!(refresh_token.expose(), "5Aep861Fake.Refresh==");
        assert_eq!(instance_url, "https://acme.my.salesforce.com");
        assert!(matches!(
            kind("force://a:b:c@evil.example"),
            Pasted::Unknown { .. }
        ));
        assert!(matches!(
            kind("force://a:c@acme.my.salesforce.com"),
            Pasted::Unknown { .. }
        ));
        assert!(matches!(kind("force://a:b:c"), Pasted::Unknown { .. }));
    }

    #[test]
    fn token_answers_and_refusals() {
        let Pasted::TokenResponse(token) = kind(
            r#"{"access_token":"00D5g000000FAKE!AQ.x","instance_url":"https://acme.my.salesforce.com","id":"https://login.salesforce.com/id/00D5g000000FAKEEAA/0055g000000FAKEAAA"}"#,
        ) else {
            panic!()
        };
        assert_eq!(token.org_id.as_deref(), Some("00D5g000000FAKEEAA"));
        let Pasted::Unknown { message, .. } =
            kind(r#"{"error":"invalid_grant","error_description":"expired"}"#)
        else {
            panic!()
        };
        assert!(message.contains("refusal"));
        assert!(matches!(kind("{nope"), Pasted::Unknown { .. }));
    }

    #[test]
    fn session_ids_are_access_tokens() {
        let Pasted::AccessToken {
            access_token,
            org_id,
        } = kind("Bearer 00D5g000000FAKE!AQ4AQFake.token_value")
        else {
            panic!()
        };
        assert_eq!(org_id, "00D5g000000FAKE");
        assert_eq!(
            access_token.expose(),
            "00D5g000000FAKE!AQ4AQFake.token_value"
        );
        assert!(matches!(
            kind("Authorization: Bearer 00D5g000000FAKEEAA!AQ4AQFake.token"),
            Pasted::AccessToken { .. }
        ));
        assert!(matches!(
            kind("00X5g000000FAKE!AQ4AQFake.token"),
            Pasted::Unknown { .. }
        ));
    }

    #[test]
    fn anything_else_says_what_sftoken_reads() {
        for text in [
            "",
            "hello",
            "https://evil.example/",
            "force://",
            "{}",
            "!!!!",
            "00D!",
        ] {
            let Pasted::Unknown { hint, .. } = kind(text) else {
                panic!("{text}")
            };
            assert!(!hint.is_empty());
        }
    }
}
