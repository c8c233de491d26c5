//! The one error type every fallible function of the core returns.
//!
//! It is shaped for the extension UI, not for programmers: `message` says in
//! plain words what went wrong, `hint` says what to change, `code` is a stable
//! machine-readable identifier the UI and tests can branch on.
//!
//! `retry_same_code` answers the question the UI has after a failed token
//! exchange: "may I offer to retry with the authorization code I already
//! captured, once the user has fixed the hint?" It is true only when Salesforce
//! rejected the request *before* looking at the code (wrong consumer key or
//! secret, unsupported grant) or when the request never got a usable answer
//! (network failure, HTML from a proxy, 5xx). It is false whenever the code
//! itself may be spent or expired (`invalid_grant`), because a dead code only
//! produces a second, more confusing error. Codes live 15 minutes
//! ([`crate::CODE_LIFETIME_MS`]).

use serde::Serialize;
use std::borrow::Cow;

/// An error explained for a Salesforce admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SfError {
    /// Stable identifier, e.g. `https_required`, `authorization_code_expired`.
    pub code: &'static str,
    /// What went wrong, in plain words.
    pub message: Cow<'static, str>,
    /// What to change so that it works next time.
    pub hint: Cow<'static, str>,
    /// Salesforce's own `error` value, when the error came from Salesforce.
    pub error: Option<String>,
    /// Salesforce's own `error_description`, when it sent one.
    pub error_description: Option<String>,
    /// Whether a captured authorization code may be retried (see module docs).
    pub retry_same_code: bool,
}

impl SfError {
    /// An error found locally (bad input), not reported by Salesforce.
    pub fn new(
        code: &'static str,
        message: impl Into<Cow<'static, str>>,
        hint: impl Into<Cow<'static, str>>,
    ) -> Self {
        SfError {
            code,
            message: message.into(),
            hint: hint.into(),
            error: None,
            error_description: None,
            retry_same_code: false,
        }
    }

    /// Marks the error as one after which the same authorization code may be retried.
    pub fn retryable(mut self) -> Self {
        self.retry_same_code = true;
        self
    }
}

/// What the person does after a failed code exchange (the result page says it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Nothing to change: the same code is worth sending again (a fault on the way, a moment's wait).
    TryAgain,
    /// Salesforce refused the app's credentials or settings before using the code: fix the profile, then retry.
    FixProfileThenTryAgain,
    /// The code is gone (or was never usable): start a new login.
    LogInAgain,
}

/// Refusals that only ask for patience: retrying unchanged is the fix.
const WAIT_CODES: [&str; 4] = [
    "token_request_in_progress",
    "salesforce_transient_error",
    "rate_limited",
    "salesforce_unavailable",
];

impl SfError {
    /// See [`NextStep`]: a refusal in Salesforce's own words about the client points at the profile; faults on
    /// the way (network, timeout, a proxy's page, 5xx) and requests to wait do not.
    pub fn next_step(&self) -> NextStep {
        if !self.retry_same_code {
            NextStep::LogInAgain
        } else if self.error.is_some() && !WAIT_CODES.contains(&self.code) {
            NextStep::FixProfileThenTryAgain
        } else {
            NextStep::TryAgain
        }
    }
}

impl core::fmt::Display for SfError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} ({})", self.message, self.hint)
    }
}

impl std::error::Error for SfError {}

/// An error tied to one form field (camelCase name, as in the JS object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// `flow`, `name`, `loginUrl`, `clientId`, `clientSecret`, `redirectUri`,
    /// `scopes`, `username`, `privateKeyPem` (profiles); `code`,
    /// `codeVerifier`, `refreshToken`, `password`, `assertion`, `deviceCode`
    /// (token requests).
    pub field: &'static str,
    /// What is wrong with it (boxed: keeps `Result` small).
    pub error: Box<SfError>,
}

/// `move |error| FieldError { field, error }`, for `map_err`.
pub fn at(field: &'static str) -> impl Fn(SfError) -> FieldError {
    move |error| FieldError {
        field,
        error: Box::new(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_step_after_a_failed_exchange() {
        let salesforce = |code: &'static str| {
            let mut e = SfError::new(code, "m", "h");
            e.error = Some("x".to_owned());
            e
        };
        assert_eq!(
            salesforce("invalid_client").retryable().next_step(),
            NextStep::FixProfileThenTryAgain
        );
        assert_eq!(
            salesforce("token_request_in_progress")
                .retryable()
                .next_step(),
            NextStep::TryAgain
        );
        assert_eq!(
            SfError::new("timeout", "m", "h").retryable().next_step(),
            NextStep::TryAgain
        );
        assert_eq!(
            salesforce("authorization_code_expired").next_step(),
            NextStep::LogInAgain
        );
    }

    #[test]
    fn serializes_in_camel_case() {
        let e = SfError::new("x", "m", "h").retryable();
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"code":"x","message":"m","hint":"h","error":null,"errorDescription":null,"retrySameCode":true}"#
        );
        assert_eq!(e.to_string(), "m (h)");
    }
}
