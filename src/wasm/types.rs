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
#[tsify(missing_as_null)]
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
    /// After a failed code exchange: `try_again` (nothing to change), `fix_profile_then_try_again`, or
    /// `log_in_again` (the code is gone).
    #[tsify(type = "\"try_again\" | \"fix_profile_then_try_again\" | \"log_in_again\"")]
    pub next_step: String,
}

impl From<SfError> for Failure {
    fn from(e: SfError) -> Self {
        let next_step = match e.next_step() {
            crate::NextStep::TryAgain => "try_again",
            crate::NextStep::FixProfileThenTryAgain => "fix_profile_then_try_again",
            crate::NextStep::LogInAgain => "log_in_again",
        };
        Failure {
            code: e.code.to_owned(),
            message: e.message.into_owned(),
            hint: e.hint.into_owned(),
            error: e.error,
            error_description: e.error_description,
            retry_same_code: e.retry_same_code,
            field: None,
            next_step: next_step.to_owned(),
        }
    }
}

/// Where a profile logs in: the login URL as typed, and whether it is the org's own custom domain.
#[derive(Debug, Clone)]
pub struct LoginTarget {
    pub login_url: String,
    pub allow_custom_domain: bool,
}

/// The app a request is made for (assembled from an input's flat fields: `#[serde(flatten)]` would pull serde's
/// buffering deserializer into the module for every input type).
#[derive(Debug, Clone)]
pub struct Client {
    pub login: LoginTarget,
    pub client_id: String,
    /// `None` or empty for a public client.
    pub client_secret: Option<String>,
}

/// An input naming where it logs in: `loginUrl` and `allowCustomDomain`, written once here and flat in the JS shape
/// as the API takes them, then the input's own fields; and its `login()`. (`#[serde(flatten)]` would say the same
/// but pulls serde's buffering deserializer into the module for each input type.)
macro_rules! login_input {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$field_meta:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Deserialize, Tsify)]
        #[tsify(missing_as_null)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            /// `login.salesforce.com`, `test.salesforce.com`, a My Domain, a pasted Lightning URL…
            #[serde(default)]
            pub login_url: String,
            /// Accept an org's own custom login domain (the profile's explicit opt-in).
            #[serde(default)]
            pub allow_custom_domain: bool,
            $($(#[$field_meta])* pub $field: $ty,)*
        }

        impl $name {
            /// Where it logs in.
            pub fn login(&self) -> LoginTarget {
                LoginTarget {
                    login_url: self.login_url.clone(),
                    allow_custom_domain: self.allow_custom_domain,
                }
            }
        }
    };
}

/// An input naming the app it is for: a [`login_input!`] with `clientId` and `clientSecret`; and its `client()`.
macro_rules! app_input {
    ($(#[$meta:meta])* pub struct $name:ident { $($body:tt)* }) => {
        login_input! {
            $(#[$meta])*
            pub struct $name {
                /// The consumer key (empty reads as missing: the core says so, naming the field).
                #[serde(default)]
                pub client_id: String,
                /// The consumer secret; absent or empty for a public client.
                #[serde(default)]
                pub client_secret: Option<String>,
                $($body)*
            }
        }

        impl $name {
            /// The app this request is made for.
            pub fn client(&self) -> Client {
                Client {
                    login: self.login(),
                    client_id: self.client_id.clone(),
                    client_secret: self.client_secret.clone(),
                }
            }
        }
    };
}

/// A token as sftoken returns, stores and takes it back.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    #[serde(default)]
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

app_input! {
    /// `exchangeCode`: the captured authorization code, with what `/authorize` was sent.
    pub struct ExchangeCodeInput {
        /// Exactly the callback URL sent to `/authorize`.
        pub redirect_uri: String,
        /// The code as captured (already decoded once).
        pub code: String,
        /// The PKCE verifier of this login; absent without PKCE.
        #[serde(default)]
        pub code_verifier: Option<String>,
    }
}

/// `tokenRequestCommands`: the code exchange written out to run by hand (each value quoted for its shell).
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct TokenRequestCommands {
    /// curl, for bash, zsh, Git Bash, WSL and macOS.
    pub curl: String,
    /// `Invoke-RestMethod`, for Windows PowerShell and PowerShell 7.
    pub powershell: String,
    /// When and how often to run it (the code is single-use and lives 15 minutes).
    pub note: String,
}

/// `exchangeCodeFromPage`: what `exchangeCode` takes, and the origin of the page asking (`location.origin`).
#[derive(Debug, Clone, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct PageExchangeInput {
    pub exchange: ExchangeCodeInput,
    /// The page's own origin, e.g. `http://localhost:8080` (`null` for a file opened from disk).
    #[serde(default)]
    pub page_origin: String,
}

/// What `exchangeCodeFromPage` did: got the token itself, or — the org not allowing this page (CORS) — left the
/// code unused and wrote the request out as commands.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageExchange {
    /// The org allowed this page: the token, and a sentence saying so.
    Token { token: Token, message: String },
    /// The org did not: why (`message`), what would allow it (`hint`), and the commands to run instead.
    Commands {
        message: String,
        hint: String,
        commands: TokenRequestCommands,
    },
}

app_input! {
    /// `refreshToken`: the stored token and the app that issued it.
    pub struct RefreshInput {
        pub token: Token,
    }
}

/// A refreshed token: the new one, keeping the previous refresh token unless Salesforce rotated it.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct RefreshedToken {
    #[serde(flatten)]
    pub token: Token,
    /// Salesforce returned a new refresh token; the old one is dead and must be replaced at once.
    pub refresh_token_rotated: bool,
}

app_input! {
    /// `getToken`: a one-request flow (username-password, client credentials, JWT bearer).
    pub struct GetTokenInput {
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
}

app_input! {
    /// `startDevice`: ask for a user code.
    pub struct StartDeviceInput {
        /// Space- or comma-separated.
        #[serde(default)]
        pub scopes: String,
    }
}

/// What the person needs to approve the device.
#[derive(Debug, Clone, Serialize, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCode {
    pub device_code: String,
    pub user_code: String,
    pub verification_uri: String,
    pub interval_ms: u32,
}

app_input! {
    /// `pollDevice`: one poll.
    pub struct PollDeviceInput {
        pub device_code: String,
        /// The interval in force (slow_down adds to it).
        #[serde(default)]
        pub interval_ms: Option<u32>,
    }
}

/// The outcome of one device poll.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
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

app_input! {
    /// A token action (Who is this?, Still valid?, Test call, Forget): the token and the app that issued it.
    pub struct TokenActionInput {
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
}

/// The user behind a token, as userinfo tells.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
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
#[tsify(missing_as_null)]
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
#[tsify(missing_as_null)]
pub struct WhoIsThis {
    pub user: User,
    pub check: IdentityCheck,
}

/// Introspection's answer.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
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
#[tsify(missing_as_null)]
pub struct TokenAge {
    pub message: String,
    pub hint: String,
}

/// `stillValid`: introspection when the app allows it (else why not), and the age in any case.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Validity {
    pub introspection: Option<Introspection>,
    pub introspection_error: Option<Failure>,
    pub age: TokenAge,
}

/// A REST API version.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct ApiVersion {
    pub version: String,
    pub url: String,
    pub label: Option<String>,
}

/// One row of `/limits`.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct LimitRow {
    pub name: String,
    pub value: String,
}

/// `testCall`: the latest API version, then its `/limits` with the token.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct TestCall {
    pub latest: ApiVersion,
    pub message: String,
    pub rows: Vec<LimitRow>,
}

/// `revokeToken`.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct Revoked {
    pub revoked: bool,
}

// ---------------------------------------------------------------- login hosts and profiles

/// Scopes as people give them: one string (`"api refresh_token"`) or a list.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(untagged)]
pub enum Scopes {
    Text(String),
    List(Vec<String>),
}

impl Default for Scopes {
    fn default() -> Self {
        Scopes::Text(String::new())
    }
}

impl Scopes {
    /// Each entry as given (the core splits and checks them).
    pub fn entries(&self) -> Vec<&str> {
        match self {
            Scopes::Text(text) => vec![text.as_str()],
            Scopes::List(list) => list.iter().map(String::as_str).collect(),
        }
    }
}

/// A normalised Salesforce login host.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct LoginHostInfo {
    /// `https://` + host.
    pub origin: String,
    pub host: String,
    /// An Experience Cloud site's path prefix (`/partners`), or `""`.
    pub path_prefix: String,
    /// `production`, `sandbox`, `developer`, `scratch`, `site`, …
    pub environment: String,
    /// What sftoken changed or what to know, in plain words.
    pub notes: Vec<String>,
}

impl From<&crate::LoginHost> for LoginHostInfo {
    fn from(login: &crate::LoginHost) -> Self {
        LoginHostInfo {
            origin: login.origin.clone(),
            host: login.host.clone(),
            path_prefix: login.path_prefix.clone(),
            environment: login.environment.as_str().to_owned(),
            notes: login.notes.iter().map(|note| note.to_string()).collect(),
        }
    }
}

/// A profile as the form holds it; only the fields its flow uses are checked.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", default)]
pub struct ProfileInput {
    pub name: String,
    /// `web_server` (default), `password`, `client_credentials`, `jwt_bearer`, `device`.
    pub flow: String,
    pub login_url: String,
    pub allow_custom_domain: bool,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
    pub scopes: Scopes,
    pub username: String,
    pub private_key_pem: String,
}

/// A profile that passed every check: its login host and the host permissions it needs.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct CheckedProfile {
    #[serde(flatten)]
    pub login: LoginHostInfo,
    /// Match patterns (`https://host/*`) the extension must hold for this profile.
    pub host_permissions: Vec<String>,
}

/// What an admin must know before using a flow.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct FlowInfo {
    pub note: String,
}

// ---------------------------------------------------------------- the web-server flow

login_input! {
    /// `authorizeRequest`.
    pub struct AuthorizeInput {
        #[serde(default)]
        pub client_id: String,
        #[serde(default)]
        pub redirect_uri: String,
        #[serde(default)]
        pub scopes: Scopes,
        /// PKCE S256 (default true).
        #[serde(default)]
        pub pkce: Option<bool>,
        /// `login`, `consent`, `select_account` (combinable).
        #[serde(default)]
        pub prompt: Option<String>,
        #[serde(default)]
        pub login_hint: Option<String>,
    }
}

/// The authorize URL and what the token request must repeat.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizeRequest {
    pub url: String,
    /// 256 random bits, checked on the callback.
    pub state: String,
    /// The PKCE verifier; `null` without PKCE.
    pub code_verifier: Option<String>,
}

/// What an address the login tab reached means for the login.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CallbackOutcome {
    /// The authorization code of this login, percent-decoded exactly once.
    Code { code: String, state: String },
    /// Salesforce refused, explained.
    Error(AuthorizationError),
    /// Not this login's (no state, another state, another page): ignore it.
    Unrelated,
}

/// A refusal at the authorize step, explained.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationError {
    pub error: String,
    pub error_description: Option<String>,
    pub state: Option<String>,
    pub message: String,
    pub hint: String,
    /// Stable code of the explanation, e.g. `access_denied`, `invalid_scope`.
    pub reason: String,
}

impl From<&crate::AuthorizationError> for AuthorizationError {
    fn from(e: &crate::AuthorizationError) -> Self {
        AuthorizationError {
            error: e.error.clone(),
            error_description: e.error_description.clone(),
            state: e.state.clone(),
            message: e.explanation.message.to_string(),
            hint: e.explanation.hint.to_string(),
            reason: e.explanation.code.to_owned(),
        }
    }
}

// ---------------------------------------------------------------- token requests, described

app_input! {
    /// `tokenRequest`: the grant and its fields (absent ones read as empty).
    pub struct TokenRequestInput {
        /// `authorization_code` (default), `refresh_token`, `password`, `client_credentials`,
        /// `urn:ietf:params:oauth:grant-type:jwt-bearer`, `device`.
        #[serde(default)]
        pub grant_type: Option<String>,
        #[serde(default)]
        pub redirect_uri: String,
        #[serde(default)]
        pub code: String,
        #[serde(default)]
        pub code_verifier: Option<String>,
        #[serde(default)]
        pub refresh_token: String,
        #[serde(default)]
        pub username: String,
        #[serde(default)]
        pub password: String,
        #[serde(default)]
        pub security_token: String,
        #[serde(default)]
        pub assertion: String,
        #[serde(default)]
        pub device_code: String,
    }
}

/// A request the core built, for `sendRequest` (or any HTTP client).
#[derive(Debug, Clone, Serialize, Deserialize, Tsify)]
#[tsify(missing_as_null)]
pub struct HttpRequest {
    pub url: String,
    /// `GET` or `POST`.
    #[serde(default)]
    pub method: Option<String>,
    /// Header names and values.
    #[serde(default)]
    #[tsify(type = "Record<string, string> | null")]
    pub headers: Option<std::collections::BTreeMap<String, String>>,
    /// Form-encoded body, or `null`.
    #[serde(default)]
    pub body: Option<String>,
}

/// What `sendRequest` got back.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct HttpAnswer {
    pub status: u16,
    pub body_text: String,
}

login_input! {
    /// `deviceCodeRequest`.
    pub struct DeviceCodeRequestInput {
        #[serde(default)]
        pub client_id: String,
        #[serde(default)]
        pub scopes: Scopes,
    }
}

/// The request a token answer came from, so an error is explained for it.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", default)]
pub struct TokenAnswerContext {
    pub grant_type: Option<String>,
    pub login_url: Option<String>,
    pub allow_custom_domain: bool,
    pub audience: Option<String>,
}

/// A Salesforce error explained.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    pub code: String,
    pub message: String,
    pub hint: String,
    pub retry_same_code: bool,
}

// ---------------------------------------------------------------- JWT bearer keys

login_input! {
    /// `jwtAssertion`.
    pub struct JwtAssertionInput {
        #[serde(default)]
        pub client_id: String,
        #[serde(default)]
        pub username: String,
        #[serde(default)]
        pub private_key_pem: String,
        #[serde(default)]
        pub audience: Option<String>,
        /// Now in ms (default: the browser's clock).
        #[serde(default)]
        pub now_ms: Option<f64>,
    }
}

/// A signed JWT bearer assertion.
#[derive(Debug, Clone, Serialize, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct JwtAssertion {
    pub assertion: String,
    pub audience: String,
    /// ms since the epoch.
    pub expires_at: f64,
}

login_input! {
    /// `alternateAudience`.
    pub struct AlternateAudienceInput {
        #[serde(default)]
        pub audience: Option<String>,
    }
}

/// `generateJwtKeyPair`.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", default)]
pub struct KeyPairInput {
    pub common_name: String,
}

/// A new RSA key and its self-signed certificate, to upload to the app.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct KeyPair {
    pub private_key_pem: String,
    pub certificate_pem: String,
}

// ---------------------------------------------------------------- a token's life, described

/// `userinfoRequest`.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct UserinfoRequestInput {
    #[serde(default)]
    pub instance_url: String,
    #[serde(default)]
    pub access_token: String,
}

/// The ids and scopes of a token, for `compareIdentity`.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", default)]
pub struct TokenIdsInput {
    pub org_id: Option<String>,
    pub user_id: Option<String>,
    pub scope: Option<String>,
}

/// A user, for `compareIdentity`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", default)]
pub struct UserInput {
    pub username: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub org_id: Option<String>,
    pub user_id: Option<String>,
}

/// `compareIdentity`.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", default)]
pub struct CompareIdentityInput {
    pub token: TokenIdsInput,
    pub user: UserInput,
    pub expected_username: Option<String>,
    /// `null`: no comparison.
    pub requested_scopes: Option<Scopes>,
}

app_input! {
    /// `introspectRequest`.
    pub struct IntrospectRequestInput {
        #[serde(default)]
        pub token: String,
        #[serde(default)]
        pub token_type_hint: Option<String>,
    }
}

login_input! {
    /// `revokeRequest`.
    pub struct RevokeRequestInput {
        #[serde(default)]
        pub token: String,
    }
}

/// `apiVersionsRequest`.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ApiVersionsRequestInput {
    #[serde(default)]
    pub instance_url: String,
}

/// `limitsRequest`.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct LimitsRequestInput {
    #[serde(default)]
    pub instance_url: String,
    #[serde(default)]
    pub access_token: String,
    #[serde(default)]
    pub version_url: String,
}

/// `/limits`, read.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct Limits {
    pub message: String,
    pub rows: Vec<LimitRow>,
}

// ---------------------------------------------------------------- try a request, check setup

/// `tryRequest`, `requestAsCurl`: one REST request of the person's choosing with the token, to its own instance.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct TryRequestInput {
    /// The token (its access token and instance URL are used).
    pub token: Token,
    /// `GET` (default), `POST`, `PATCH` or `DELETE`.
    #[serde(default)]
    pub method: Option<String>,
    /// A path on the token's instance (`/services/data/v65.0/limits`), or a URL on that instance.
    #[serde(default)]
    pub path: String,
    /// The body, for POST and PATCH.
    #[serde(default)]
    pub body: Option<String>,
    /// `json` (default) or `xml`: the body's `Content-Type` and the `Accept` asked for.
    #[serde(default)]
    pub format: Option<String>,
}

/// A response header worth seeing.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct ResponseHeader {
    pub name: String,
    pub value: String,
}

/// A REST error, explained.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct RestErrorInfo {
    /// Salesforce's `errorCode` (`REQUIRED_FIELD_MISSING`), or `HTTP_<status>`.
    pub code: String,
    /// What it means.
    pub message: String,
    /// What to change.
    pub hint: String,
    /// Salesforce's own `message`.
    pub salesforce_message: Option<String>,
    /// The `fields` it is about.
    pub fields: Vec<String>,
}

/// `tryRequest`: the answer, laid out.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct TriedRequest {
    pub status: u16,
    /// 2xx.
    pub ok: bool,
    /// "GET /services/data/v65.0/limits answered 200 OK."
    pub summary: String,
    /// Content-Type, Location, Sforce-Limit-Info…, when present.
    pub headers: Vec<ResponseHeader>,
    /// The body, pretty-printed when JSON or XML.
    pub body: String,
    #[tsify(type = "\"json\" | \"xml\" | \"html\" | \"text\" | \"empty\"")]
    pub body_format: String,
    /// A REST error answer, explained with the fix.
    pub error: Option<RestErrorInfo>,
}

/// `requestAsCurl`: the same request as a curl command.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct CurlCommand {
    /// One command for bash, zsh and fish (every value single-quoted).
    pub command: String,
}

/// `requestSuggestions`: the latest API version and paths to try with it (the first is the default).
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct RequestSuggestions {
    pub latest: ApiVersion,
    pub paths: Vec<String>,
}

/// One line of "Check setup".
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct CheckLine {
    /// `login_host`, `consumer_key`, `callback`, `pkce`, `my_domain`, `flow`.
    pub id: String,
    /// What is checked.
    pub label: String,
    /// `pass` (green), `fail` (red, the hint is the fix), `unknown` (Salesforce does not tell before a login).
    #[tsify(type = "\"pass\" | \"fail\" | \"unknown\"")]
    pub status: String,
    pub message: String,
    pub hint: String,
}

/// `checkSetup`: the checklist.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct SetupCheck {
    /// The login host asked.
    pub host: String,
    /// Every line passed.
    pub all_passed: bool,
    pub lines: Vec<CheckLine>,
}

// ---------------------------------------------------------------- exports, paste, import

/// The profile a token belongs to, where an export needs it: consumer key and secret (SFDX auth URL, Postman),
/// name (the CLI alias, the Postman environment's name), login URL (Postman's `url`).
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", default)]
pub struct ExportProfileInput {
    pub name: String,
    pub login_url: String,
    pub allow_custom_domain: bool,
    pub client_id: String,
    pub client_secret: Option<String>,
}

/// `exportToken`.
#[derive(Debug, Clone, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ExportInput {
    /// `header`, `curl`, `httpie`, `dotenv`, `sf-cli`, `sfdx-auth-url`, `postman-environment`.
    #[tsify(
        type = "\"header\" | \"curl\" | \"httpie\" | \"dotenv\" | \"sf-cli\" | \"sfdx-auth-url\" | \"postman-environment\""
    )]
    pub format: String,
    /// What `parseTokenResponse` returned, or a stored token.
    pub token: Token,
    #[serde(default)]
    pub profile: Option<ExportProfileInput>,
    /// `"66.0"`; absent: `/services/data/` without a version.
    #[serde(default)]
    pub api_version: Option<String>,
}

/// A token written out for another tool.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ExportedToken {
    pub format: String,
    /// The export itself (it carries the token).
    pub text: String,
    /// A file name for the formats people save (`.env`, `….postman_environment.json`).
    pub filename: Option<String>,
    /// What to know about it.
    pub note: String,
}

/// What `classifyPaste` recognised.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PasteKind {
    /// An org URL, normalised as `normalizeLoginUrl` does.
    LoginUrl {
        origin: String,
        host: String,
        environment: String,
        notes: Vec<String>,
        #[serde(rename = "pathPrefix")]
        path_prefix: String,
    },
    /// A redirect carrying `code`/`error` and `state`: for the pending login's state check.
    Callback { url: String },
    /// An SFDX auth URL, to import.
    SfdxAuthUrl {
        #[serde(rename = "clientId")]
        client_id: String,
        /// Empty for a public client.
        #[serde(rename = "clientSecret")]
        client_secret: String,
        #[serde(rename = "refreshToken")]
        refresh_token: String,
        #[serde(rename = "instanceUrl")]
        instance_url: String,
    },
    /// A token endpoint's JSON answer, read as `parseTokenResponse` reads it.
    TokenResponse { token: Token },
    /// A session id (`00D…!…`); its instance URL is to be asked for.
    AccessToken {
        #[serde(rename = "orgId")]
        org_id: String,
        /// The token itself, without a `Bearer ` in front.
        #[serde(rename = "accessToken")]
        access_token: String,
    },
    /// Nothing sftoken reads: why, and what it can read.
    Unknown { message: String, hint: String },
}

/// `importToken`: an access token and its instance URL, or a refresh token with its consumer key.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportTokenInput {
    pub access_token: Option<String>,
    pub instance_url: String,
    pub refresh_token: Option<String>,
    /// The consumer key of the app that issued the refresh token.
    pub client_id: String,
    /// Where the refresh token is redeemed and the token revoked; empty: the instance.
    pub login_url: String,
}

/// A token ready to store, and the login host and consumer key its actions go to (its issuer).
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ImportedToken {
    pub token: Token,
    pub login_url: String,
    pub client_id: String,
}

// ---------------------------------------------------------------- profiles at scale, and shared

/// A profile as the extension stores it, handed to `profileList`, `exportProfiles` and `planProfileImport` (each
/// reads the members it needs; others are ignored). Read in the core by `salesforce::profiles_file::ProfileFields`,
/// leniently: this struct only declares the shape for TypeScript.
#[derive(Debug, Clone, Default, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", default)]
pub struct StoredProfile {
    pub id: String,
    pub name: String,
    pub flow: String,
    pub login_url: String,
    pub allow_custom_domain: bool,
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: String,
    pub username: String,
    pub certificate_pem: Option<String>,
    pub session_only: Option<bool>,
    /// Read by `exportProfiles` only, and written to the file only with `includeSecrets`.
    pub client_secret: Option<String>,
    /// Read by `exportProfiles` only, and written to the file only with `includeSecrets`.
    pub private_key_pem: Option<String>,
    /// `profileList`: whether it has a stored token; the three members below summarise it (never the token).
    pub has_token: Option<bool>,
    /// When Salesforce issued the token (ms), or when sftoken received it.
    pub token_issued_at: Option<f64>,
    pub has_refresh_token: Option<bool>,
    /// The token's instance URL (the org's My Domain).
    pub instance_url: Option<String>,
}

/// An environment's mark: a word and a shape, never a colour alone.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentMark {
    /// `PRODUCTION`, `Sandbox`, `Developer`, `Scratch`, `Site`… (production-like words in upper case).
    pub label: String,
    /// `▲` production-like, `●` sandbox, `◆` developer, `✱` scratch, `■` site, `?` unrecognised…
    pub symbol: String,
}

impl From<crate::salesforce::login_host::EnvironmentMark> for EnvironmentMark {
    fn from(mark: crate::salesforce::login_host::EnvironmentMark) -> Self {
        EnvironmentMark {
            label: mark.label.to_owned(),
            symbol: mark.symbol.to_owned(),
        }
    }
}

/// One row of the profile list.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ProfileRow {
    pub id: String,
    /// The name, or `(unnamed)`.
    pub name: String,
    /// The login host (with a site's path prefix), or the login URL as typed when sftoken refuses it.
    pub host: String,
    /// `production`, `sandbox`, `developer`, `scratch`, `site`, … or `unknown`.
    pub environment: String,
    pub mark: EnvironmentMark,
    /// Whether Refresh, Forget and revoke act on a live org here.
    pub production: bool,
    /// `none` or `token`.
    #[tsify(type = "\"none\" | \"token\"")]
    pub token_kind: String,
    /// `No token`, `Token 3 h old · refresh token`, …
    pub token_label: String,
    /// What "Search profiles" matches (lower case).
    pub search_text: String,
}

/// A profile as the file carries it (ids are local and never travel).
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct PortableProfile {
    pub name: String,
    pub flow: String,
    pub login_url: String,
    pub allow_custom_domain: bool,
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: String,
    pub username: String,
    pub certificate_pem: Option<String>,
    pub session_only: bool,
    /// In a file only with "Include secrets"; null otherwise (an update then keeps the stored one).
    pub client_secret: Option<String>,
    /// In a file only with "Include secrets"; null otherwise.
    pub private_key_pem: Option<String>,
}

impl From<&crate::salesforce::profiles_file::PortableProfile> for PortableProfile {
    fn from(p: &crate::salesforce::profiles_file::PortableProfile) -> Self {
        PortableProfile {
            name: p.name.clone(),
            flow: p.flow.clone(),
            login_url: p.login_url.clone(),
            allow_custom_domain: p.allow_custom_domain,
            client_id: p.client_id.clone(),
            redirect_uri: p.redirect_uri.clone(),
            scopes: p.scopes.clone(),
            username: p.username.clone(),
            certificate_pem: p.certificate_pem.clone(),
            session_only: p.session_only,
            client_secret: p.client_secret.as_ref().map(|s| s.expose().to_owned()),
            private_key_pem: p.private_key_pem.as_ref().map(|s| s.expose().to_owned()),
        }
    }
}

/// The `profiles/1` file: `JSON.stringify` it as it is.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ProfilesDocument {
    /// `"profiles/1"`.
    pub sftoken: String,
    /// ms since the Unix epoch.
    pub exported_at: f64,
    /// Whether the file carries consumer secrets and private keys.
    pub secrets: bool,
    pub profiles: Vec<PortableProfile>,
}

/// What "Export profiles" writes, and what to tell the person.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ProfilesExport {
    pub document: ProfilesDocument,
    /// `sftoken-profiles.json`, or `sftoken-profiles-WITH-SECRETS.json`.
    pub file_name: String,
    /// What the file contains, in plain words (with secrets: how many of which, in plain text).
    pub summary: String,
}

/// An existing profile the file updates (or holds already as stored).
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ProfileUpdate {
    /// The stored profile's id: kept.
    pub id: String,
    /// Its name before the import.
    pub name: String,
    /// The profile as the file has it; a null secret keeps the stored one.
    pub profile: PortableProfile,
    /// What changes, by the form's labels (`Name`, `Scopes`, `Consumer secret`…).
    pub changes: Vec<String>,
}

/// What an import will do: apply it all, or nothing.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ImportPlan {
    pub add: Vec<PortableProfile>,
    pub update: Vec<ProfileUpdate>,
    pub unchanged: Vec<ProfileUpdate>,
    /// Whether the file carries consumer secrets or private keys.
    pub secrets: bool,
    /// The plan in one sentence.
    pub summary: String,
}
