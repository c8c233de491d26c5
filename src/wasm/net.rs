//! The one place sftoken talks to the network: gloo-net's `fetch` (pages and the service worker alike).
//!
//! Every request
//! - omits credentials: no Salesforce session cookie rides along with a token request;
//! - follows no redirect (`redirect: "manual"`): a 307/308 from a proxy or a mistyped host would re-send the
//!   body — a consumer secret, a password, a refresh token — to another address;
//! - times out after [`TIMEOUT_MS`], with an explanation instead of a spinner forever;
//! - goes to `https://` only.
//!
//! Failures here never carry the request body or headers: only the origin is quoted back.

use crate::SfError;
use std::borrow::Cow;
use wasm_bindgen::{JsCast, JsValue};

/// No Salesforce OAuth call takes this long; a proxy that swallows the request does.
pub const TIMEOUT_MS: u32 = 30_000;

/// A request about to leave: built by the pure core, secrets exposed only for the `fetch`.
pub struct Outgoing<'a> {
    pub url: &'a str,
    pub method: &'a str,
    pub headers: Vec<(&'a str, &'a str)>,
    pub body: Option<&'a str>,
}

/// What came back: the status and the body text. (The media type is not kept: Salesforce labels some answers
/// wrongly, so the core reads the body itself — JSON, form-encoded, HTML or empty.)
pub struct Received {
    pub status: u16,
    pub text: String,
    /// `Retry-After`, as sent (a 429 or 503 asks to wait).
    pub retry_after: Option<String>,
    /// Every response header the browser lets the extension read, lower-case names ("Try a request" shows some).
    pub headers: Vec<(String, String)>,
}

/// Sends one request; the answer whatever its status, or an explained failure when there was no answer.
pub async fn send(out: &Outgoing<'_>) -> Result<Received, SfError> {
    probe(out).await?.ok_or_else(|| redirected(out.url))
}

/// As [`send`], but a redirect (which is never followed) is an outcome, `None`, not a failure: "Check setup"
/// reads it. A browser shows a manual redirect only as an opaque one — no status, no `Location`.
pub async fn probe(out: &Outgoing<'_>) -> Result<Option<Received>, SfError> {
    if !out.url.starts_with("https://") {
        return Err(SfError::new(
            "https_required",
            "sftoken only sends requests over https://.",
            "Use an https:// login URL.",
        ));
    }
    let request = build(out).map_err(|e| unreachable(out.url, js_error_detail(&e)))?;
    let response = gloo_net::http::Request::from(request)
        .send()
        .await
        .map_err(|e| match &e {
            gloo_net::Error::JsError(js)
                if js.name == "TimeoutError" || js.name == "AbortError" =>
            {
                timed_out(out.url)
            }
            _ => unreachable(out.url, gloo_detail(&e)),
        })?;
    if response.type_() == web_sys::ResponseType::Opaqueredirect {
        return Ok(None);
    }
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| unreachable(out.url, gloo_detail(&e)))?;
    let retry_after = response.headers().get("retry-after");
    let headers = response.headers().entries().collect();
    Ok(Some(Received {
        status,
        text,
        retry_after,
        headers,
    }))
}

fn build(out: &Outgoing<'_>) -> Result<web_sys::Request, JsValue> {
    let headers = web_sys::Headers::new()?;
    for (name, value) in &out.headers {
        headers.set(name, value)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(out.method);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_redirect(web_sys::RequestRedirect::Manual);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS)));
    init.set_headers(&headers);
    if let Some(body) = out.body {
        init.set_body(&JsValue::from_str(body));
    }
    web_sys::Request::new_with_str_and_init(out.url, &init)
}

/// Scheme and host of a URL: enough to spot a wrong host, never a path or query that might hold a secret (and
/// redacted like every quote in an error message: no `user:password@`).
fn origin(url: &str) -> String {
    let origin = match url.match_indices('/').nth(2) {
        Some((end, _)) => &url[..end],
        None => url,
    };
    crate::redact(origin, &[])
}

fn unreachable(url: &str, detail: String) -> SfError {
    SfError::new(
        "network_error",
        format!(
            "Could not reach {}: the connection failed or was cut (the browser said: {detail}).",
            origin(url)
        ),
        Cow::Borrowed(
            "Check the login host, that the extension has permission for that host, and your connection \
             (VPN, proxy); then retry.",
        ),
    )
    .retryable()
}

fn timed_out(url: &str) -> SfError {
    SfError::new(
        "timeout",
        format!(
            "{} did not answer within {} seconds, so sftoken stopped waiting.",
            origin(url),
            TIMEOUT_MS / 1000
        ),
        "Salesforce normally answers in well under a second: check your connection, VPN or proxy, then \
         retry. Nothing was lost: your profile and any token you had are unchanged.",
    )
    .retryable()
}

fn redirected(url: &str) -> SfError {
    SfError::new(
        "redirected",
        format!(
            "{} answered with a redirect to another address. sftoken does not follow redirects: the \
             request carries your credentials, and a redirect would send them to a host you did not choose.",
            origin(url)
        ),
        "Use the org's own login host (its My Domain, e.g. acme.my.salesforce.com, with https://). A \
         company proxy that redirects Salesforce traffic can also cause this.",
    )
    .retryable()
}

fn gloo_detail(error: &gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(js) => format!("{}: {}", js.name, js.message),
        other => other.to_string(),
    }
}

fn js_error_detail(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => format!(
            "{}: {}",
            String::from(error.name()),
            String::from(error.message())
        ),
        None => "the request could not be built".to_owned(),
    }
}
