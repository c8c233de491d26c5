//! Revoking a token at Salesforce (docs/salesforce.md#revoke): `POST {login host}/services/oauth2/revoke`
//! with the form `token=…`. A refresh token takes its access tokens with it.
//! 200 means revoked; 400 `invalid_token` / `unsupported_token_type` means
//! there is nothing (left) to revoke: code `token_already_invalid`, on which
//! the UI offers "Forget locally anyway". Salesforce writes these errors
//! form-encoded (`error=…&error_description=…`) or as JSON; both are read.

use crate::encoding::json::JsonDecoder;
use crate::encoding::percent::encode_pairs;
use crate::error::SfError;
use crate::oauth::http::Request;
use crate::salesforce::answer::{read_answer, OAuthError};
use crate::salesforce::login_host::LoginHost;
use crate::secret::Secret;
use crate::token::lifecycle::{checked_token, reported, unexpected};

/// Path of the revocation endpoint.
pub const REVOKE_PATH: &str = "/services/oauth2/revoke";

/// The revocation request.
pub fn revoke_request(login: &LoginHost, token: &Secret) -> Result<Request, SfError> {
    let token = checked_token(token, "token")?;
    Ok(Request::form_post(
        login.endpoint(REVOKE_PATH),
        encode_pairs([("token", token)]),
    ))
}

/// `Ok(())` when Salesforce revoked the token.
pub fn parse_revoke_response(
    json: &impl JsonDecoder,
    status: u16,
    body: &str,
) -> Result<(), SfError> {
    let answer = read_answer::<OAuthError>(json, status, body);
    if answer.ok() {
        return Ok(());
    }
    Err(match answer.error() {
        Some(error) if error.0 == "invalid_token" || error.0 == "unsupported_token_type" => {
            reported(
                "token_already_invalid",
                format!(
                    "Salesforce has nothing to revoke ({}): the token is already revoked or expired.",
                    error.0
                ),
                "Nothing more to do at Salesforce: it is safe to forget the token here (\"Forget \
                 locally anyway\").",
                error,
            )
        }
        _ => unexpected("Revoke", &answer),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;
    use crate::salesforce::login_host::normalize_login_url;

    #[test]
    fn request_and_answers() {
        let login = normalize_login_url("test.salesforce.com", false).unwrap();
        let r = revoke_request(&login, &Secret::from("5Aep861.x=")).unwrap();
        assert_eq!(r.url, "https://test.salesforce.com/services/oauth2/revoke");
        assert_eq!(r.method, "POST");
        assert_eq!(r.expose_body(), "token=5Aep861.x%3D");
        assert!(revoke_request(&login, &Secret::default()).is_err());

        assert_eq!(parse_revoke_response(&SerdeJson, 200, ""), Ok(()));
        let e = parse_revoke_response(
            &SerdeJson,
            400,
            r#"{"error":"invalid_token","error_description":"invalid token"}"#,
        )
        .unwrap_err();
        assert_eq!(e.code, "token_already_invalid");
        assert!(e.hint.contains("safe to forget"));
        assert_eq!(e.error.as_deref(), Some("invalid_token"));
        let e = parse_revoke_response(&SerdeJson, 400, r#"{"error":"unsupported_token_type"}"#)
            .unwrap_err();
        assert_eq!(e.code, "token_already_invalid");
        // Revoke errors come form-encoded (jsforce reads them as a query string).
        let e = parse_revoke_response(&SerdeJson,
            400,
            "error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported",
        )
        .unwrap_err();
        assert_eq!(e.code, "token_already_invalid");
        assert_eq!(e.error.as_deref(), Some("unsupported_token_type"));
        assert_eq!(
            e.error_description.as_deref(),
            Some("this token type is not supported")
        );
        let e = parse_revoke_response(
            &SerdeJson,
            400,
            "error=invalid_token&error_description=invalid+token",
        )
        .unwrap_err();
        assert_eq!(e.code, "token_already_invalid");
        assert!(e.hint.contains("Forget locally anyway"));
        assert_eq!(
            parse_revoke_response(&SerdeJson, 503, "").unwrap_err().code,
            "server_error"
        );
        assert_eq!(
            parse_revoke_response(&SerdeJson, 404, "<html/>")
                .unwrap_err()
                .code,
            "unexpected_response"
        );
    }
}
