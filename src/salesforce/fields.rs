//! The credential fields of a profile, checked the way Salesforce will read them: the consumer key, the
//! username, whether a flow needs the consumer secret, and where client credentials can run.
//!
//! Shared by profile validation ([`crate::salesforce::profile`]) and the token requests
//! ([`crate::oauth::token_request`]), so both say the same thing about the same field.

use crate::error::{at, FieldError, SfError};
use crate::salesforce::login_host::{Environment, LoginHost};

/// Trims the consumer key and checks it is a single non-empty word.
pub fn validate_client_id(input: &str) -> Result<&str, SfError> {
    let client_id = input.trim();
    let hint = "Copy the Consumer Key from the app (Setup → App Manager → View → Manage Consumer Details).";
    if client_id.is_empty() {
        return Err(SfError::new(
            "missing_client_id",
            "No consumer key (client_id) was given.",
            hint,
        ));
    }
    if client_id
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(SfError::new(
            "invalid_client_id_format",
            "The consumer key (client_id) contains spaces or line breaks; it is a single word.",
            hint,
        ));
    }
    Ok(client_id)
}

/// The consumer secret, which the password and client credentials flows
/// always need (docs/salesforce.md#grants).
pub fn require_secret<'a>(secret: Option<&'a str>, flow: &str) -> Result<&'a str, FieldError> {
    secret.ok_or_else(|| {
        at("clientSecret")(SfError::new(
            "missing_client_secret",
            format!("The {flow} flow needs the app's consumer secret."),
            "Copy the Consumer Secret from the app (App Manager → View → Manage Consumer Details, or the \
             External Client App's OAuth settings) into the profile.",
        ))
    })
}

/// A Salesforce username: looks like an email address, no spaces.
pub fn validate_username(input: &str) -> Result<&str, SfError> {
    let username = input.trim();
    let hint = "Use the username from the user's record in Setup → Users (it looks like an email address; \
                sandbox usernames usually end in the sandbox name, e.g. admin@acme.com.uat).";
    if username.is_empty() {
        return Err(SfError::new(
            "missing_username",
            "No username was given.",
            hint,
        ));
    }
    if !username.contains('@')
        || username
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(SfError::new(
            "invalid_username",
            "A Salesforce username looks like an email address (name@example.com) and has no spaces.",
            hint,
        ));
    }
    Ok(username)
}

/// Client credentials only work on the org's My Domain (docs/salesforce.md#hosts): the
/// generic login hosts (`login.salesforce.com`, `test.salesforce.com`) and
/// legacy instance hosts answer "request not supported on this domain".
pub fn require_my_domain(login: &LoginHost) -> Result<(), SfError> {
    let generic = matches!(
        login.host.as_str(),
        "login.salesforce.com" | "test.salesforce.com"
    ) || login.environment == Environment::Instance;
    if !generic {
        return Ok(());
    }
    Err(SfError::new(
        "client_credentials_needs_my_domain",
        format!(
            "The client credentials flow does not work on {}: Salesforce runs it only on the org's \
             My Domain and answers \"request not supported on this domain\" anywhere else.",
            login.host
        ),
        "Use your org's My Domain login URL, e.g. https://acme.my.salesforce.com, or for a sandbox \
         https://acme--uat.sandbox.my.salesforce.com (Setup → My Domain shows it).",
    ))
}
