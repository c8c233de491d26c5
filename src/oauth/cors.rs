//! Whether a web page may call Salesforce's token endpoint itself (CORS), how to find out without spending the
//! authorization code, and what to tell the person when it may not (docs/salesforce.md#cors).
//!
//! Salesforce answers cross-origin calls to `/services/oauth2/token` only with Setup › CORS › "Enable CORS for
//! OAuth endpoints" on, only for origins in the org's CORS allowlist, and only on My Domain and Experience Cloud
//! site hosts — never on login.salesforce.com or test.salesforce.com.
//!
//! Why a probe: the token request (a form POST with `Accept` and `Content-Type:
//! application/x-www-form-urlencoded` only) is a CORS "simple" request, which the browser sends without a
//! preflight and only then hides the answer from the page (Fetch standard, CORS-safelisted request headers). Sent
//! from a page the org does not allow, the real exchange would still reach Salesforce and use the code up — and
//! the command the page then offers would fail with "expired authorization code". So the page first sends this
//! probe — the same POST to the same endpoint, without any code — and sends the code only when the browser let
//! it read the probe's answer.

use super::http::Request;
use super::token_request::TOKEN_PATH;
use crate::encoding::percent::encode_pairs;
use crate::error::SfError;
use crate::salesforce::login_host::LoginHost;

/// The My Domain and site host suffixes on which "Enable CORS for OAuth endpoints" applies.
const CORS_HOST_SUFFIXES: &[&str] = &[
    ".my.salesforce.com",
    ".my.salesforce.mil",
    ".my.sfcrmproducts.cn",
    ".my.site.com",
    ".force.com",
];

/// Whether this login host can answer a page's token request at all (a My Domain or a site host).
pub fn may_answer_cors(login: &LoginHost) -> bool {
    CORS_HOST_SUFFIXES
        .iter()
        .any(|suffix| login.host.ends_with(suffix))
}

/// The probe: a token POST with no code in it. Salesforce refuses it (no code, nothing used up); whether the
/// browser lets the page read that refusal is the answer.
pub fn cors_probe_request(login: &LoginHost, client_id: &str) -> Request {
    Request::form_post(
        login.endpoint(TOKEN_PATH),
        encode_pairs([
            ("grant_type", "authorization_code"),
            ("client_id", client_id.trim()),
        ]),
    )
}

/// The sentence for a page that got its token directly.
pub fn cors_allowed(login: &LoginHost, page_origin: &str) -> String {
    format!(
        "Got the token directly: {} allows this page ({}) to call its token endpoint (CORS).",
        login.host,
        page_origin.trim()
    )
}

/// Why the page could not get the token itself, and what would let it: code `cors_refused`.
/// `page_origin` is the page's own origin (`location.origin`; `null` for a file opened from disk).
pub fn cors_refusal(login: &LoginHost, page_origin: &str) -> SfError {
    let origin = page_origin.trim();
    let message = if !may_answer_cors(login) {
        format!(
            "{} does not let web pages call its token endpoint (Salesforce allows that only on My Domain and \
             site hosts), so this page cannot get the token itself. The code is unused: run the command below.",
            login.host
        )
    } else {
        format!(
            "{} did not let this page ({origin}) read its answer: the org's CORS setting does not allow this \
             page (or {} could not be reached). The code is unused: run the command below.",
            login.host, login.host
        )
    };
    let hint = if origin == "null" || origin.is_empty() || origin.starts_with("file:") {
        "This page was opened from a file, and a file has no origin an org can allow. Serve it from \
         http://localhost:<port> (e.g. `python3 -m http.server`) or an https:// address to get tokens directly."
            .to_owned()
    } else if origin.starts_with("http://") && !is_loopback_origin(origin) {
        format!(
            "Salesforce's CORS allowlist takes https:// origins (http:// only for localhost): serve this page \
             over https:// instead of {origin}."
        )
    } else if !may_answer_cors(login) {
        format!(
            "To get tokens directly, use your org's My Domain as the Login URL (e.g. acme.my.salesforce.com), and \
             ask an admin to turn on Setup › CORS › \"Enable CORS for OAuth endpoints\" and add {origin} to the \
             CORS allowlist."
        )
    } else {
        format!(
            "To get tokens directly next time, an admin turns on Setup › CORS › \"Enable CORS for OAuth \
             endpoints\" and adds {origin} to the CORS allowlist (Setup › CORS › New)."
        )
    };
    SfError::new("cors_refused", message, hint)
}

fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://") else {
        return false;
    };
    let host = match rest.strip_prefix('[') {
        Some(v6) => v6.split(']').next().map(|h| ["[", h, "]"].concat()),
        None => rest.split(':').next().map(str::to_owned),
    };
    matches!(host.as_deref(), Some("localhost" | "127.0.0.1" | "[::1]"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize_login_url;

    fn login(host: &str) -> LoginHost {
        normalize_login_url(host, false).unwrap()
    }

    #[test]
    fn only_my_domain_and_site_hosts_may_answer() {
        for host in [
            "acme.my.salesforce.com",
            "acme--dev.sandbox.my.salesforce.com",
            "acme.my.site.com",
            "acme.my.salesforce.mil",
        ] {
            assert!(may_answer_cors(&login(host)), "{host}");
        }
        for host in ["login.salesforce.com", "test.salesforce.com"] {
            assert!(!may_answer_cors(&login(host)), "{host}");
        }
    }

    #[test]
    fn the_probe_carries_no_code() {
        let probe = cors_probe_request(&login("acme.my.salesforce.com"), " 3MVG9.key ");
        assert_eq!(
            probe.url,
            "https://acme.my.salesforce.com/services/oauth2/token"
        );
        assert_eq!(probe.method, "POST");
        assert_eq!(
            probe.expose_body(),
            "grant_type=authorization_code&client_id=3MVG9.key"
        );
        assert!(!probe.expose_body().contains("code="));
        // Only CORS-safelisted headers: the probe is sent exactly as the exchange would be (no preflight).
        for (name, _) in &probe.headers {
            assert!(["Accept", "Content-Type"].contains(name), "{name}");
        }
    }

    #[test]
    fn refusal_says_why_and_what_to_change() {
        let generic = cors_refusal(&login("login.salesforce.com"), "http://localhost:8080");
        assert_eq!(generic.code, "cors_refused");
        assert!(generic
            .message
            .contains("login.salesforce.com does not let web pages"));
        assert!(generic.hint.contains("My Domain"));
        assert!(generic.hint.contains("http://localhost:8080"));

        let my_domain = cors_refusal(
            &login("acme.my.salesforce.com"),
            "https://tools.acme.example",
        );
        assert!(my_domain.message.contains("(https://tools.acme.example)"));
        assert!(my_domain.hint.contains("Enable CORS for OAuth endpoints"));
        assert!(my_domain.hint.contains("https://tools.acme.example"));

        let file = cors_refusal(&login("acme.my.salesforce.com"), "null");
        assert!(file.hint.contains("opened from a file"));
        let plain = cors_refusal(
            &login("acme.my.salesforce.com"),
            "http://intranet.acme.example",
        );
        assert!(plain.hint.contains("https://"));
        let loopback = cors_refusal(&login("acme.my.salesforce.com"), "http://127.0.0.1:5000");
        assert!(loopback.hint.contains("adds http://127.0.0.1:5000"));
        assert!(is_loopback_origin("http://[::1]:8080"));
        assert!(!is_loopback_origin("http://localhost.evil.example"));
    }
}
