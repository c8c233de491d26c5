//! The one request type: every request the core builds (the token POST of
//! every grant, the device-code request, userinfo, introspection, revoke,
//! the REST test call) is described as a [`Request`], and the wasm boundary
//! turns it into `{url, method, headers, body}` or sends it.
//!
//! Headers: always `Accept: application/json`; `Content-Type:
//! application/x-www-form-urlencoded` with a form body; `Authorization:
//! Bearer …` with a token. A header value that carries a token, and the
//! body, are [`Secret`]s: `{:?}` of a request never shows them.

use crate::secret::Secret;

/// A header value: plain text, or a secret (`Authorization`).
#[derive(Debug, Clone)]
pub enum HeaderValue {
    /// A value with nothing secret in it.
    Plain(&'static str),
    /// A value that carries a credential.
    Secret(Secret),
}

impl HeaderValue {
    /// The value, for the request that leaves (an audited exposure, as
    /// [`Secret::expose`]).
    pub fn expose(&self) -> &str {
        match self {
            HeaderValue::Plain(value) => value,
            HeaderValue::Secret(secret) => secret.expose(),
        }
    }
}

/// A described HTTP request.
#[derive(Debug, Clone)]
pub struct Request {
    /// Absolute https URL on a Salesforce host.
    pub url: String,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Header names and values, in the order they are set.
    pub headers: Vec<(&'static str, HeaderValue)>,
    /// Form-encoded body (POST), which holds secrets.
    pub body: Option<Secret>,
}

const ACCEPT_JSON: (&str, HeaderValue) = ("Accept", HeaderValue::Plain("application/json"));
const FORM: &str = "application/x-www-form-urlencoded";

impl Request {
    /// `GET url`, accepting JSON.
    pub fn get(url: String) -> Self {
        Request {
            url,
            method: "GET",
            headers: vec![ACCEPT_JSON],
            body: None,
        }
    }

    /// A form-encoded `POST url`, accepting JSON.
    pub fn form_post(url: String, form: String) -> Self {
        Request {
            url,
            method: "POST",
            headers: vec![("Content-Type", HeaderValue::Plain(FORM)), ACCEPT_JSON],
            body: Some(Secret::new(form)),
        }
    }

    /// Adds `Authorization: Bearer {token}`.
    pub fn bearer(mut self, token: &str) -> Self {
        self.headers.push((
            "Authorization",
            HeaderValue::Secret(Secret::new(["Bearer ", token].concat())),
        ));
        self
    }

    /// The value of header `name`, exposed.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.expose())
    }

    /// The body, exposed (`""` when there is none).
    pub fn expose_body(&self) -> &str {
        self.body.as_ref().map(Secret::expose).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_redacted_debug() {
        let get = Request::get("https://x/services/data/".into()).bearer("00D!tok");
        assert_eq!(get.method, "GET");
        assert_eq!(get.header("accept"), Some("application/json"));
        assert_eq!(get.header("Authorization"), Some("Bearer 00D!tok"));
        assert!(get.body.is_none() && get.expose_body().is_empty());
        assert!(!format!("{get:?}").contains("00D!tok"));
        let post = Request::form_post("https://x/services/oauth2/token".into(), "code=s3".into());
        assert_eq!(post.method, "POST");
        assert_eq!(
            post.header("Content-Type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(post.header("Authorization"), None);
        assert_eq!(post.expose_body(), "code=s3");
        assert!(!format!("{post:?}").contains("s3"));
    }
}
