//! The shapes that cross the boundary, one Rust struct each. serde names them for JavaScript (camelCase,
//! `null` for absent), tsify writes their TypeScript interfaces into the generated `sftoken.d.ts`, so the
//! extension's JavaScript is type-checked against exactly these fields (`./build.sh test types`).
//!
//! Secrets are plain `String`s here: this module is where they leave the [`crate::Secret`] type, on purpose
//! and visibly — the page needs the token to copy it.

use crate::SfError;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// What every failure thrown by sftoken looks like.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// Stable identifier to branch on, e.g. `invalid_client`, `network_error`, `timeout`.
    pub code: String,
    /// What went wrong, in plain words.
    pub message: String,
    /// What to change.
    pub hint: String,
    /// Salesforce's own `error`, when Salesforce answered.
    pub error: Option<String>,
    /// Salesforce's own `error_description`.
    pub error_description: Option<String>,
    /// Whether a captured authorization code is still worth retrying once the hint is followed.
    pub retry_same_code: bool,
    /// The form field to fix, when one is to blame.
    pub field: Option<String>,
}

impl From<SfError> for Failure {
    fn from(e: SfError) -> Self {
        Failure {
            code: e.code.to_owned(),
            message: e.message.into_owned(),
            hint: e.hint.into_owned(),
            error: e.error,
            error_description: e.error_description,
            retry_same_code: e.retry_same_code,
            field: None,
        }
    }
}

/// Where a profile logs in: the login URL as typed, and whether it is the org's own custom domain.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LoginTarget {
    /// `login.salesforce.com`, `test.salesforce.com`, a My Domain, a pasted Lightning URL…
    pub login_url: String,
    /// Accept an org's own custom login domain (the profile's explicit opt-in).
    #[serde(default)]
    pub allow_custom_domain: bool,
}

/// The app a request is made for.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Client {
    #[serde(flatten)]
    pub login: LoginTarget,
    /// The consumer key.
    pub client_id: String,
    /// The consumer secret; absent or empty for a public client.
    #[serde(default)]
    pub client_secret: Option<String>,
}

/// A token as sftoken returns, stores and takes it back.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub id_token: Option<String>,
    #[serde(default)]
    pub instance_url: Option<String>,
    /// The identity URL.
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub org_id: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub token_type: Option<String>,
    /// Milliseconds since the Unix epoch.
    #[serde(default)]
    pub issued_at: Option<f64>,
    /// Granted scopes, space-separated.
    #[serde(default)]
    pub scope: Option<String>,
    /// `true`/`false` when checked with the consumer secret; `null` when it could not be.
    #[serde(default)]
    pub signature_valid: Option<bool>,
    #[serde(default)]
    pub sfdc_community_url: Option<String>,
}

impl From<&crate::TokenResponse> for Token {
    fn from(t: &crate::TokenResponse) -> Self {
        Token {
            access_token: t.access_token.expose().to_owned(),
            refresh_token: t.refresh_token.as_ref().map(|s| s.expose().to_owned()),
            id_token: t.id_token.as_ref().map(|s| s.expose().to_owned()),
            instance_url: t.instance_url.clone(),
            id: t.id.clone(),
            org_id: t.org_id.clone(),
            user_id: t.user_id.clone(),
            token_type: t.token_type.clone(),
            issued_at: t.issued_at.map(|ms| ms as f64),
            scope: t.scope.clone(),
            signature_valid: t.signature_valid,
            sfdc_community_url: t.sfdc_community_url.clone(),
        }
    }
}

/// `exchangeCode`: the captured authorization code, with what `/authorize` was sent.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeCodeInput {
    #[serde(flatten)]
    pub client: Client,
    /// Exactly the callback URL sent to `/authorize`.
    pub redirect_uri: String,
    /// The code as captured (already decoded once).
    pub code: String,
    /// The PKCE verifier of this login; absent without PKCE.
    #[serde(default)]
    pub code_verifier: Option<String>,
}

/// `refreshToken`: the stored token and the app that issued it.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RefreshInput {
    #[serde(flatten)]
    pub client: Client,
    pub token: Token,
}

/// A refreshed token: the new one, keeping the previous refresh token unless Salesforce rotated it.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RefreshedToken {
    #[serde(flatten)]
    pub token: Token,
    /// Salesforce returned a new refresh token; the old one is dead and must be replaced at once.
    pub refresh_token_rotated: bool,
}

/// `getToken`: a one-request flow (username-password, client credentials, JWT bearer).
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GetTokenInput {
    #[serde(flatten)]
    pub client: Client,
    /// `password`, `client_credentials` or `jwt_bearer`.
    pub flow: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// Appended to the password for the request only.
    #[serde(default)]
    pub security_token: Option<String>,
    /// PKCS#8 PEM (JWT bearer).
    #[serde(default)]
    pub private_key_pem: Option<String>,
    /// JWT `aud`; by default from the login host's environment.
    #[serde(default)]
    pub audience: Option<String>,
}

/// `startDevice`: ask for a user code.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct StartDeviceInput {
    #[serde(flatten)]
    pub client: Client,
    /// Space- or comma-separated.
    #[serde(default)]
    pub scopes: String,
}

/// What the person needs to approve the device.
#[derive(Debug, Clone, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCode {
    pub device_code: String,
    pub user_code: String,
    pub verification_uri: String,
    pub interval_ms: u32,
}

/// `pollDevice`: one poll.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PollDeviceInput {
    #[serde(flatten)]
    pub client: Client,
    pub device_code: String,
    /// The interval in force (slow_down adds to it).
    #[serde(default)]
    pub interval_ms: Option<u32>,
}

/// The outcome of one device poll.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DevicePoll {
    /// Not decided yet: poll again after the interval.
    Pending,
    /// Poll less often.
    SlowDown {
        #[serde(rename = "intervalMs")]
        interval_ms: u32,
    },
    /// Approved.
    Token { token: Token },
}

/// A token action (Who is this?, Still valid?, Test call, Forget): the token and the app that issued it.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TokenActionInput {
    #[serde(flatten)]
    pub client: Client,
    pub token: Token,
    /// Who should be logged in (Who is this?).
    #[serde(default)]
    pub expected_username: Option<String>,
    /// The scopes the profile asked for (Who is this?).
    #[serde(default)]
    pub requested_scopes: Option<String>,
    /// Now, in ms since the epoch (Still valid?); the browser's clock when absent.
    #[serde(default)]
    pub now_ms: Option<f64>,
}

/// The user behind a token, as userinfo tells.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub username: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub org_id: Option<String>,
    pub user_id: Option<String>,
}

/// Does the token belong to whom the profile expects?
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct IdentityCheck {
    pub ok: bool,
    pub message: String,
    pub hint: Option<String>,
    pub requested_scopes: Option<String>,
    pub granted_scopes: Option<String>,
}

/// `whoIsThis`.
#[derive(Debug, Clone, Serialize, Tsify)]
pub struct WhoIsThis {
    pub user: User,
    pub check: IdentityCheck,
}

/// Introspection's answer.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Introspection {
    pub active: bool,
    pub expires_at: Option<f64>,
    pub issued_at: Option<f64>,
    pub scope: Option<String>,
    pub username: Option<String>,
    pub token_type: Option<String>,
    /// "1 h 20 min left".
    pub remaining: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

/// The token's age and the session-timeout caveat.
#[derive(Debug, Clone, Serialize, Tsify)]
pub struct TokenAge {
    pub message: String,
    pub hint: String,
}

/// `stillValid`: introspection when the app allows it (else why not), and the age in any case.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Validity {
    pub introspection: Option<Introspection>,
    pub introspection_error: Option<Failure>,
    pub age: TokenAge,
}

/// A REST API version.
#[derive(Debug, Clone, Serialize, Tsify)]
pub struct ApiVersion {
    pub version: String,
    pub url: String,
    pub label: Option<String>,
}

/// One row of `/limits`.
#[derive(Debug, Clone, Serialize, Tsify)]
pub struct LimitRow {
    pub name: String,
    pub value: String,
}

/// `testCall`: the latest API version, then its `/limits` with the token.
#[derive(Debug, Clone, Serialize, Tsify)]
pub struct TestCall {
    pub latest: ApiVersion,
    pub message: String,
    pub rows: Vec<LimitRow>,
}

/// `revokeToken`.
#[derive(Debug, Clone, Serialize, Tsify)]
pub struct Revoked {
    pub revoked: bool,
}
