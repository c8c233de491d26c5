//! Importing a token sftoken did not get itself: an access token and its instance URL, or a refresh token with
//! the consumer key of the app that issued it (from the sf CLI, another tool, a colleague). What is checked here
//! is what every token action relies on: the access token is one token (no spaces), the instance URL is an https
//! Salesforce host (a token is only ever sent there), a refresh token comes with its consumer key (Salesforce
//! refuses a refresh for any other app), and the host the refresh token is redeemed at is a Salesforce login host.

use crate::error::{FieldError, SfError};
use crate::salesforce::login_host::normalize_login_url;
use crate::secret::Secret;
use crate::token::lifecycle::api_base;

/// What the person brings.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportInput<'a> {
    /// May be empty when a refresh token is given (Refresh then gets one).
    pub access_token: Option<&'a Secret>,
    pub instance_url: &'a str,
    pub refresh_token: Option<&'a Secret>,
    /// The consumer key of the app that issued the refresh token.
    pub client_id: &'a str,
    /// Where the refresh token is redeemed (and the token revoked); empty: the instance (a My Domain serves
    /// `/services/oauth2/token` too).
    pub login_url: &'a str,
}

/// A token ready to store, with where it came from.
#[derive(Debug, Clone)]
pub struct Imported {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    /// `origin` (plus a site's path prefix).
    pub instance_url: String,
    /// From the session id (`00D…!…`), when the access token is one.
    pub org_id: Option<String>,
    /// The login host the token's actions go to (its issuer).
    pub login_url: String,
    pub client_id: String,
}

fn field(
    field: &'static str,
    code: &'static str,
    message: &'static str,
    hint: &'static str,
) -> FieldError {
    FieldError {
        field,
        error: Box::new(SfError::new(code, message, hint)),
    }
}

fn present(secret: Option<&Secret>) -> Option<&str> {
    secret.map(|s| s.expose().trim()).filter(|s| !s.is_empty())
}

/// Checks an import; errors name the field to fix.
pub fn check_import(input: &ImportInput<'_>) -> Result<Imported, FieldError> {
    let access = present(input.access_token);
    let refresh = present(input.refresh_token);
    let client_id = input.client_id.trim();
    if access.is_none() && refresh.is_none() {
        return Err(field(
            "accessToken",
            "missing_token",
            "There is no token to import.",
            "Paste an access token (00D…!…) with its instance URL, or a refresh token with the consumer key of its app.",
        ));
    }
    for (name, value) in [("accessToken", access), ("refreshToken", refresh)] {
        if value.is_some_and(|v| v.chars().any(|c| c.is_whitespace() || c.is_control())) {
            return Err(field(
                name,
                "malformed_token",
                "The token contains spaces or line breaks.",
                "Copy the token again, exactly: Salesforce's tokens are one word.",
            ));
        }
    }
    if refresh.is_some() && client_id.is_empty() {
        return Err(field(
            "clientId",
            "missing_client_id",
            "A refresh token works only with the consumer key of the app that issued it, and none was given.",
            "Give the app's Consumer Key (Setup → App Manager → the app → View), or paste an SFDX auth URL, which carries it.",
        ));
    }
    let instance_url = api_base(input.instance_url).map_err(|e| FieldError {
        field: "instanceUrl",
        error: Box::new(if e.code == "missing_instance_url" {
            SfError::new(
                "missing_instance_url",
                "An imported token needs its instance URL: sftoken sends the token there and nowhere else.",
                "Give the org's My Domain URL, e.g. https://acme.my.salesforce.com (the token answer's instance_url).",
            )
        } else {
            e
        }),
    })?;
    let login_url = if input.login_url.trim().is_empty() {
        instance_url.clone()
    } else {
        let login = normalize_login_url(input.login_url, false).map_err(|e| FieldError {
            field: "loginUrl",
            error: Box::new(e),
        })?;
        login.endpoint("")
    };
    let org_id = access.and_then(|a| {
        let (org, _) = a.split_once('!')?;
        ((org.len() == 15 || org.len() == 18) && org.starts_with("00D")).then(|| org.to_owned())
    });
    Ok(Imported {
        access_token: Secret::new(access.unwrap_or_default()),
        refresh_token: refresh.map(Secret::new),
        instance_url,
        org_id,
        login_url,
        client_id: client_id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_and_instance() {
        let token = Secret::new(" 00D5g000000FAKE!AQ.fake ");
        let got = check_import(&ImportInput {
            access_token: Some(&token),
            instance_url: "acme.my.salesforce.com/",
            ..Default::default()
        })
        .unwrap();
        assert_eq!(got.access_token.expose(), "00D5g000000FAKE!AQ.fake");
        assert_eq!(got.instance_url, "https://acme.my.salesforce.com");
        assert_eq!(got.login_url, "https://acme.my.salesforce.com");
        assert_eq!(got.org_id.as_deref(), Some("00D5g000000FAKE"));
    }

    #[test]
    fn refresh_token_needs_consumer_key() {
        let refresh = Secret::new("5Aep861Fake==");
        let missing = check_import(&ImportInput {
            refresh_token: Some(&refresh),
            instance_url: "https://acme.my.salesforce.com",
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(missing.field, "clientId");
        let got = check_import(&ImportInput {
            refresh_token: Some(&refresh),
            instance_url: "https://acme.my.salesforce.com",
            client_id: "3MVG9FAKE",
            login_url: "test.salesforce.com",
            ..Default::default()
        })
        .unwrap();
        assert!(got.access_token.is_empty());
        assert_eq!(got.login_url, "https://test.salesforce.com");
    }

    #[test]
    fn refusals_name_the_field() {
        let token = Secret::new("00D5g000000FAKE!AQ.fake");
        let cases: [(ImportInput<'_>, &str); 4] = [
            (ImportInput::default(), "accessToken"),
            (
                ImportInput {
                    access_token: Some(&token),
                    ..Default::default()
                },
                "instanceUrl",
            ),
            (
                ImportInput {
                    access_token: Some(&token),
                    instance_url: "https://evil.example",
                    ..Default::default()
                },
                "instanceUrl",
            ),
            (
                ImportInput {
                    access_token: Some(&token),
                    instance_url: "acme.my.salesforce.com",
                    login_url: "evil.example",
                    ..Default::default()
                },
                "loginUrl",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(check_import(&input).unwrap_err().field, expected);
        }
        let spaced = Secret::new("00D a");
        assert_eq!(
            check_import(&ImportInput {
                access_token: Some(&spaced),
                instance_url: "acme.my.salesforce.com",
                ..Default::default()
            })
            .unwrap_err()
            .field,
            "accessToken"
        );
    }
}
