//! "Check setup": what Salesforce reveals about a profile's app without anybody logging in, as a checklist — each
//! line passed, failed (with the fix) or unknown (Salesforce does not say before a login; what the admin must do).
//!
//! Three requests, none carrying a secret, none followed if redirected (docs/salesforce.md#setup-check):
//! 1. `GET {login}/.well-known/openid-configuration`: a Salesforce login host answers with its OpenID discovery
//!    document (docs/salesforce.md#discovery), naming its own `/services/oauth2/authorize`.
//! 2. `GET {login}/services/oauth2/authorize?response_type=code&client_id=…&redirect_uri=…&state=…&code_challenge=…`:
//!    an unknown consumer key or an unregistered callback cannot be redirected, so Salesforce answers with its bare
//!    text page, `error=invalid_client_id…` or `error=redirect_uri_mismatch…`, which the browser can read; a known key
//!    with a registered callback gets Salesforce's login page (HTTP 200, HTML) — docs/salesforce.md#authorize.
//! 3. The same without `code_challenge`: an app that requires PKCE redirects to the callback with
//!    `error=invalid_request` (#pkce). A browser's `fetch` with `redirect: "manual"` sees such a redirect only as an
//!    *opaque redirect* — no status, no `Location` — so the decision rests on what it can see: a login page for (2)
//!    and an opaque redirect for (3) means PKCE is required; a login page for both means it is not; two redirects
//!    (a host that first redirects to its login page) say nothing, and the line says so.

use crate::encoding::json::{JsonDecoder, Scalar};
use crate::error::{at, FieldError, SfError};
use crate::oauth::authorize::{build_authorize_request, AuthorizeInput, RandomSource};
use crate::oauth::http::Request;
use crate::salesforce::answer::{form_error, read_answer, OAuthError};
use crate::salesforce::fields::{require_my_domain, validate_client_id};
use crate::salesforce::flow::Flow;
use crate::salesforce::login_host::LoginHost;
use crate::salesforce::redirect_uri::validate_redirect_uri;

/// Where the discovery document is on every login host (docs/salesforce.md#discovery).
pub const DISCOVERY_PATH: &str = "/.well-known/openid-configuration";
/// The callback used to ask about the consumer key when the flow has no callback of its own.
pub const PROBE_CALLBACK: &str = "https://login.salesforce.com/";

/// The profile being checked.
#[derive(Debug, Clone)]
pub struct SetupCheckInput<'a> {
    /// Its login host, normalised.
    pub login: &'a LoginHost,
    /// Its flow.
    pub flow: Flow,
    /// The consumer key.
    pub client_id: &'a str,
    /// The callback URL (web-server flow); other flows ask with [`PROBE_CALLBACK`].
    pub redirect_uri: &'a str,
}

/// The requests to make: the discovery document, then the authorize endpoint with and without a PKCE challenge.
#[derive(Debug, Clone)]
pub struct SetupProbes {
    /// `GET …/.well-known/openid-configuration`.
    pub discovery: Request,
    /// `GET …/authorize?…&code_challenge=…`.
    pub authorize_with_pkce: Request,
    /// The same without a challenge (web-server flow only: PKCE concerns it alone).
    pub authorize_without_pkce: Option<Request>,
}

/// Builds the three requests. A profile field that cannot make a request is an error naming the field.
pub fn setup_probes(
    input: &SetupCheckInput<'_>,
    random: &mut RandomSource<'_>,
) -> Result<SetupProbes, FieldError> {
    let web_server = input.flow == Flow::WebServer;
    let redirect_uri = if web_server {
        input.redirect_uri.trim()
    } else {
        PROBE_CALLBACK
    };
    validate_client_id(input.client_id).map_err(at("clientId"))?;
    validate_redirect_uri(redirect_uri).map_err(at("redirectUri"))?;
    let authorize = |pkce: bool, random: &mut RandomSource<'_>| {
        build_authorize_request(
            &AuthorizeInput {
                login: input.login,
                client_id: input.client_id,
                redirect_uri,
                // No scope: the app's own scopes, so a scope the app lacks cannot change the answer.
                scopes: &[],
                pkce,
                prompt: None,
                login_hint: None,
            },
            random,
        )
        .map(|request| Request::get(request.url))
        .map_err(at("clientId"))
    };
    Ok(SetupProbes {
        discovery: Request::get(input.login.endpoint(DISCOVERY_PATH)),
        authorize_with_pkce: authorize(true, random)?,
        authorize_without_pkce: if web_server {
            Some(authorize(false, random)?)
        } else {
            None
        },
    })
}

/// What the browser saw of one request.
#[derive(Debug, Clone, Copy)]
pub enum Seen<'a> {
    /// An answer it can read.
    Answer { status: u16, body: &'a str },
    /// An opaque redirect: a 3xx whose target a browser does not reveal.
    Redirected,
    /// No answer (network, timeout): why.
    Unreachable(&'a SfError),
}

/// A checklist line's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Green.
    Pass,
    /// Red: the hint says what to change.
    Fail,
    /// Salesforce does not tell before a login: the hint says what the admin must have set up.
    Unknown,
}

impl Status {
    /// `pass`, `fail`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
        }
    }
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckLine {
    /// Stable name: `login_host`, `consumer_key`, `callback`, `pkce`, `flow`, `my_domain`.
    pub id: &'static str,
    /// What is checked.
    pub label: &'static str,
    /// The outcome.
    pub status: Status,
    /// What Salesforce showed.
    pub message: String,
    /// The fix, or what to make sure of.
    pub hint: String,
}

fn line(
    id: &'static str,
    label: &'static str,
    status: Status,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> CheckLine {
    CheckLine {
        id,
        label,
        status,
        message: message.into(),
        hint: hint.into(),
    }
}

/// The fields of the discovery document the check reads.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
struct RawDiscovery {
    issuer: Scalar,
    authorization_endpoint: Scalar,
}

fn login_host_line(json: &impl JsonDecoder, login: &LoginHost, seen: Seen<'_>) -> CheckLine {
    const ID: &str = "login_host";
    const LABEL: &str = "The login host answers as a Salesforce login host";
    let host = &login.host;
    let wrong_host = "Check the Login URL: login.salesforce.com, test.salesforce.com (sandbox) or your org's My \
                      Domain (Setup → My Domain shows it).";
    match seen {
        Seen::Unreachable(error) => line(
            ID,
            LABEL,
            Status::Fail,
            error.message.clone(),
            error.hint.clone(),
        ),
        Seen::Redirected => line(
            ID,
            LABEL,
            Status::Fail,
            format!(
                "{host} answered its OpenID configuration address with a redirect to elsewhere."
            ),
            wrong_host,
        ),
        Seen::Answer { status, body } => {
            // Decoded directly, not through `read_answer` (which the error quote below uses): one decoder fewer
            // in the wasm module.
            let text = body.trim();
            let raw = match (200..300).contains(&status) && text.starts_with('{') {
                true => json.decode::<RawDiscovery>(text),
                false => None,
            };
            let endpoint = raw.and_then(|raw| {
                raw.authorization_endpoint
                    .text()
                    .filter(|url| {
                        url.starts_with("https://") && url.ends_with("/services/oauth2/authorize")
                    })
                    .zip(
                        raw.issuer
                            .text()
                            .filter(|issuer| issuer.starts_with("https://")),
                    )
            });
            match endpoint {
                Some((_, issuer)) => line(
                    ID,
                    LABEL,
                    Status::Pass,
                    format!("{host} serves Salesforce's OpenID configuration (issuer {issuer})."),
                    "",
                ),
                None => line(
                    ID,
                    LABEL,
                    Status::Fail,
                    format!(
                        "{host} answered HTTP {status} with {}, not Salesforce's OpenID configuration.",
                        read_answer::<OAuthError>(json, status, body).snippet(&[])
                    ),
                    wrong_host,
                ),
            }
        }
    }
}

/// What the authorize endpoint said, read once.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Authorize {
    /// The bare-text page with this error.
    Refused(String),
    /// A page to log in on (HTML, 200).
    LoginPage,
    /// An opaque redirect.
    Redirected,
    /// Something else: what.
    Other(String),
}

fn read_authorize(seen: Seen<'_>) -> Authorize {
    match seen {
        Seen::Unreachable(error) => Authorize::Other(error.message.to_string()),
        Seen::Redirected => Authorize::Redirected,
        Seen::Answer { status, body } => {
            if let Some((error, _)) = form_error(body) {
                return Authorize::Refused(error);
            }
            let text = body.trim_start();
            let html = text.starts_with('<');
            if status == 200 && html {
                Authorize::LoginPage
            } else {
                Authorize::Other(format!(
                    "HTTP {status}{}",
                    if html { " with an HTML page" } else { "" }
                ))
            }
        }
    }
}

/// The checklist, from what the browser saw of the three probes ([`setup_probes`]); `without_pkce` is `None` when
/// it was not asked.
pub fn decide_setup(
    json: &impl JsonDecoder,
    input: &SetupCheckInput<'_>,
    discovery: Seen<'_>,
    with_pkce: Seen<'_>,
    without_pkce: Option<Seen<'_>>,
) -> Vec<CheckLine> {
    let host = &input.login.host;
    let web_server = input.flow == Flow::WebServer;
    let mut lines = vec![login_host_line(json, input.login, discovery)];
    let with = read_authorize(with_pkce);

    const KEY: &str = "The consumer key is known";
    let accepted = matches!(with, Authorize::LoginPage | Authorize::Redirected);
    let pass = || {
        line(
            "consumer_key",
            KEY,
            Status::Pass,
            format!("{host} knows this consumer key."),
            "",
        )
    };
    lines.push(match &with {
        Authorize::Refused(error) if error == "invalid_client_id" => line(
            "consumer_key",
            KEY,
            Status::Fail,
            format!("{host} does not know this consumer key: it answered invalid_client_id."),
            "Copy the Consumer Key again from the app (App Manager → View → Manage Consumer Details). A new app \
             takes up to 10 minutes to be known everywhere; a sandbox's app is known only on test.salesforce.com \
             or the sandbox's My Domain.",
        ),
        Authorize::Refused(error) if error.starts_with("redirect_uri") => pass(),
        Authorize::LoginPage | Authorize::Redirected => pass(),
        Authorize::Refused(error) => line(
            "consumer_key",
            KEY,
            Status::Unknown,
            format!("{host} refused the request with {error} before saying anything about the key."),
            "Check the consumer key and the login URL.",
        ),
        Authorize::Other(what) => line(
            "consumer_key",
            KEY,
            Status::Unknown,
            format!("{host}'s authorize endpoint answered {what}, not a Salesforce login page."),
            "Check the login URL, then run the check again.",
        ),
    });

    if web_server {
        const CALLBACK: &str = "The callback URL is registered";
        let uri = input.redirect_uri.trim();
        lines.push(match &with {
            Authorize::Refused(error) if error.starts_with("redirect_uri") => line(
                "callback",
                CALLBACK,
                Status::Fail,
                format!("The app does not list {uri} as a Callback URL: Salesforce answered {error}."),
                format!(
                    "Add exactly {uri} to the app's Callback URL (same scheme, host, path and trailing slash), or \
                     set the profile's Callback URL to one the app lists."
                ),
            ),
            _ if accepted => line(
                "callback",
                CALLBACK,
                Status::Pass,
                format!("The app accepts {uri} as its callback."),
                "",
            ),
            _ => line(
                "callback",
                CALLBACK,
                Status::Unknown,
                "Salesforce checks the callback only once it knows the consumer key.",
                "Fix the consumer key first, then run the check again.",
            ),
        });

        const PKCE: &str = "PKCE is required";
        let without = without_pkce.map(read_authorize);
        lines.push(match (&with, &without) {
            (Authorize::LoginPage, Some(Authorize::Redirected)) => line(
                "pkce",
                PKCE,
                Status::Pass,
                "The app requires PKCE: Salesforce turned away the request without a code challenge.",
                "sftoken always sends one, so logging in works.",
            ),
            (Authorize::LoginPage, Some(Authorize::LoginPage)) => line(
                "pkce",
                PKCE,
                Status::Fail,
                "The app does not seem to require PKCE: Salesforce showed its login page to a request without a \
                 code challenge.",
                "Turn on \"Require Proof Key for Code Exchange (PKCE)\" in the app's OAuth settings: sftoken sends a \
                 challenge anyway, and requiring it makes a stolen authorization code useless.",
            ),
            (Authorize::Redirected, _) => line(
                "pkce",
                PKCE,
                Status::Unknown,
                format!(
                    "{host} answered with a redirect (to its login page) before saying anything about PKCE; a \
                     browser cannot see where a redirect goes."
                ),
                "Make sure \"Require Proof Key for Code Exchange (PKCE)\" is on in the app's OAuth settings.",
            ),
            _ => line(
                "pkce",
                PKCE,
                Status::Unknown,
                "Salesforce says whether PKCE is required only once the consumer key and callback are right.",
                "Fix the lines above, then run the check again.",
            ),
        });
    }

    lines.extend(flow_lines(input));
    lines
}

/// What the admin must have enabled for a flow Salesforce says nothing about before a login (from
/// [`Flow::note`]), and the My Domain rule of client credentials, which sftoken can check itself.
fn flow_lines(input: &SetupCheckInput<'_>) -> Vec<CheckLine> {
    let mut lines = Vec::new();
    let (label, message) = match input.flow {
        Flow::WebServer => return lines,
        Flow::Password => (
            "The username-password flow is allowed",
            "Salesforce tells only at the token request whether this flow is allowed.",
        ),
        Flow::ClientCredentials => {
            lines.push(match require_my_domain(input.login) {
                Ok(()) => line(
                    "my_domain",
                    "The login URL is the org's My Domain",
                    Status::Pass,
                    format!("{} is a My Domain login URL, as client credentials needs.", input.login.host),
                    "",
                ),
                Err(error) => line(
                    "my_domain",
                    "The login URL is the org's My Domain",
                    Status::Fail,
                    error.message,
                    error.hint,
                ),
            });
            (
                "The app has a Run As user",
                "Salesforce tells only at the token request whether the app has client credentials on with a Run \
                 As user.",
            )
        }
        Flow::JwtBearer => (
            "The certificate is uploaded and the user pre-authorized",
            "Salesforce tells only at the token request whether the app has this profile's certificate and the \
             user is pre-authorized.",
        ),
        Flow::Device => (
            "The device flow is enabled",
            "Salesforce tells only when the device flow starts whether the app allows it.",
        ),
    };
    lines.push(line(
        "flow",
        label,
        Status::Unknown,
        message,
        input.flow.note(),
    ));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;
    use crate::salesforce::login_host::normalize_login_url;

    const KEY: &str = "3MVG9FAKE.PKCE.sftoken.public.client.0000000000000000000000000000000000001";
    const DISCOVERY: &str = r#"{"issuer":"https://login.salesforce.com","authorization_endpoint":"https://login.salesforce.com/services/oauth2/authorize","token_endpoint":"https://login.salesforce.com/services/oauth2/token"}"#;
    const LOGIN_PAGE: &str =
        "<!DOCTYPE html><html><head><title>Login | Salesforce</title></head></html>";
    const BAD_KEY: &str = "error=invalid_client_id&error_description=client%20identifier%20invalid";
    const BAD_CALLBACK: &str =
        "error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration";

    fn counter() -> impl FnMut(&mut [u8]) -> Result<(), SfError> {
        let mut n = 0u8;
        move |buf: &mut [u8]| {
            for b in buf.iter_mut() {
                n = n.wrapping_add(1);
                *b = n;
            }
            Ok(())
        }
    }

    fn check(flow: Flow, login: &str, with: Seen<'_>, without: Option<Seen<'_>>) -> Vec<CheckLine> {
        let login = normalize_login_url(login, false).unwrap();
        let input = SetupCheckInput {
            login: &login,
            flow,
            client_id: KEY,
            redirect_uri: "https://login.salesforce.com/",
        };
        decide_setup(
            &SerdeJson,
            &input,
            Seen::Answer {
                status: 200,
                body: DISCOVERY,
            },
            with,
            without,
        )
    }

    fn status_of(lines: &[CheckLine], id: &str) -> Status {
        lines
            .iter()
            .find(|l| l.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .status
    }

    const PAGE: Seen<'static> = Seen::Answer {
        status: 200,
        body: LOGIN_PAGE,
    };

    #[test]
    fn probes_ask_without_secrets_or_scopes() {
        let login = normalize_login_url("login.salesforce.com", false).unwrap();
        let input = SetupCheckInput {
            login: &login,
            flow: Flow::WebServer,
            client_id: KEY,
            redirect_uri: "https://login.salesforce.com/",
        };
        let probes = setup_probes(&input, &mut counter()).unwrap();
        assert_eq!(
            probes.discovery.url,
            "https://login.salesforce.com/.well-known/openid-configuration"
        );
        assert_eq!(probes.discovery.method, "GET");
        let with = &probes.authorize_with_pkce.url;
        assert!(with.starts_with("https://login.salesforce.com/services/oauth2/authorize?response_type=code&client_id=3MVG9FAKE"));
        assert!(with.contains("redirect_uri=https%3A%2F%2Flogin.salesforce.com%2F"));
        assert!(with.contains("code_challenge=") && !with.contains("scope="));
        let without = &probes.authorize_without_pkce.as_ref().unwrap().url;
        assert!(!without.contains("code_challenge"));
        for request in [&probes.discovery, &probes.authorize_with_pkce] {
            assert!(request.header("Authorization").is_none() && request.body.is_none());
        }
        // Other flows ask about the key only, with the probe callback.
        let jwt = setup_probes(
            &SetupCheckInput {
                flow: Flow::JwtBearer,
                redirect_uri: "",
                ..input.clone()
            },
            &mut counter(),
        )
        .unwrap();
        assert!(jwt.authorize_without_pkce.is_none());
        assert!(jwt
            .authorize_with_pkce
            .url
            .contains("redirect_uri=https%3A%2F%2Flogin.salesforce.com%2F"));
        let e = setup_probes(
            &SetupCheckInput {
                client_id: "",
                ..input.clone()
            },
            &mut counter(),
        )
        .unwrap_err();
        assert_eq!(e.field, "clientId");
        let e = setup_probes(
            &SetupCheckInput {
                redirect_uri: "http://x/",
                ..input.clone()
            },
            &mut counter(),
        )
        .unwrap_err();
        assert_eq!(e.field, "redirectUri");
    }

    #[test]
    fn a_good_web_server_profile_is_all_green() {
        let lines = check(
            Flow::WebServer,
            "login.salesforce.com",
            PAGE,
            Some(Seen::Redirected),
        );
        let ids: Vec<_> = lines.iter().map(|l| l.id).collect();
        assert_eq!(ids, ["login_host", "consumer_key", "callback", "pkce"]);
        assert!(lines.iter().all(|l| l.status == Status::Pass), "{lines:#?}");
        assert!(lines[0]
            .message
            .contains("issuer https://login.salesforce.com"));
    }

    #[test]
    fn each_line_fails_with_its_fix() {
        let bad_key = check(
            Flow::WebServer,
            "login.salesforce.com",
            Seen::Answer {
                status: 400,
                body: BAD_KEY,
            },
            Some(Seen::Answer {
                status: 400,
                body: BAD_KEY,
            }),
        );
        assert_eq!(status_of(&bad_key, "consumer_key"), Status::Fail);
        assert!(bad_key[1].hint.contains("Consumer Key"));
        assert_eq!(status_of(&bad_key, "callback"), Status::Unknown);
        assert_eq!(status_of(&bad_key, "pkce"), Status::Unknown);

        let bad_callback = check(
            Flow::WebServer,
            "login.salesforce.com",
            Seen::Answer {
                status: 400,
                body: BAD_CALLBACK,
            },
            Some(Seen::Answer {
                status: 400,
                body: BAD_CALLBACK,
            }),
        );
        assert_eq!(status_of(&bad_callback, "consumer_key"), Status::Pass);
        assert_eq!(status_of(&bad_callback, "callback"), Status::Fail);
        assert!(bad_callback[2]
            .hint
            .contains("Add exactly https://login.salesforce.com/"));

        let no_pkce = check(Flow::WebServer, "login.salesforce.com", PAGE, Some(PAGE));
        assert_eq!(status_of(&no_pkce, "pkce"), Status::Fail);
        assert!(no_pkce[3].hint.contains("Require Proof Key"));

        // Two redirects: a browser cannot tell.
        let hop = check(
            Flow::WebServer,
            "login.salesforce.com",
            Seen::Redirected,
            Some(Seen::Redirected),
        );
        assert_eq!(status_of(&hop, "consumer_key"), Status::Pass);
        assert_eq!(status_of(&hop, "callback"), Status::Pass);
        assert_eq!(status_of(&hop, "pkce"), Status::Unknown);

        let network = SfError::new("timeout", "acme did not answer.", "Check the connection.");
        let odd = check(
            Flow::WebServer,
            "login.salesforce.com",
            Seen::Unreachable(&network),
            None,
        );
        assert_eq!(status_of(&odd, "consumer_key"), Status::Unknown);
        let odd = check(
            Flow::WebServer,
            "login.salesforce.com",
            Seen::Answer {
                status: 503,
                body: "<html>down</html>",
            },
            None,
        );
        assert_eq!(status_of(&odd, "consumer_key"), Status::Unknown);
        assert!(odd[1].message.contains("HTTP 503 with an HTML page"));
    }

    #[test]
    fn the_login_host_line() {
        let login = normalize_login_url("acme.my.salesforce.com", false).unwrap();
        let input = SetupCheckInput {
            login: &login,
            flow: Flow::WebServer,
            client_id: KEY,
            redirect_uri: "https://login.salesforce.com/",
        };
        let host_line = |seen: Seen<'_>| {
            decide_setup(&SerdeJson, &input, seen, PAGE, Some(Seen::Redirected)).remove(0)
        };
        assert_eq!(
            host_line(Seen::Answer {
                status: 200,
                body: DISCOVERY
            })
            .status,
            Status::Pass
        );
        for seen in [
            Seen::Answer {
                status: 200,
                body: LOGIN_PAGE,
            },
            Seen::Answer {
                status: 404,
                body: "",
            },
            Seen::Answer {
                status: 200,
                body: r#"{"issuer":"https://x","authorization_endpoint":"https://evil.example/authorize"}"#,
            },
            Seen::Answer {
                status: 500,
                body: DISCOVERY,
            },
            Seen::Redirected,
        ] {
            let l = host_line(seen);
            assert_eq!(l.status, Status::Fail, "{seen:?}");
            assert!(l.hint.contains("My Domain"));
        }
        let network = SfError::new(
            "network_error",
            "Could not reach https://acme.my.salesforce.com.",
            "Check.",
        );
        let l = host_line(Seen::Unreachable(&network));
        assert_eq!(
            (l.status, l.message.as_str()),
            (
                Status::Fail,
                "Could not reach https://acme.my.salesforce.com."
            )
        );
    }

    #[test]
    fn other_flows_say_what_the_admin_must_enable() {
        let lines = check(
            Flow::ClientCredentials,
            "login.salesforce.com",
            Seen::Answer {
                status: 400,
                body: BAD_CALLBACK,
            },
            None,
        );
        let ids: Vec<_> = lines.iter().map(|l| l.id).collect();
        assert_eq!(ids, ["login_host", "consumer_key", "my_domain", "flow"]);
        assert_eq!(status_of(&lines, "consumer_key"), Status::Pass);
        assert_eq!(status_of(&lines, "my_domain"), Status::Fail);
        assert!(lines[3].hint.contains("Run As"));
        let lines = check(
            Flow::ClientCredentials,
            "acme.my.salesforce.com",
            PAGE,
            None,
        );
        assert_eq!(status_of(&lines, "my_domain"), Status::Pass);
        let password = check(Flow::Password, "login.salesforce.com", PAGE, None);
        assert_eq!(status_of(&password, "flow"), Status::Unknown);
        assert!(password.last().unwrap().hint.contains("Summer '23"));
        let jwt = check(Flow::JwtBearer, "login.salesforce.com", PAGE, None);
        assert!(jwt.last().unwrap().hint.contains("certificate"));
        assert!(jwt.last().unwrap().hint.contains("pre-authorize"));
        let device = check(Flow::Device, "login.salesforce.com", PAGE, None);
        assert!(device.last().unwrap().label.contains("device flow"));
        assert!(!password
            .iter()
            .any(|l| l.id == "callback" || l.id == "pkce"));
    }
}
