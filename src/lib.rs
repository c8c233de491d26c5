//! # sftoken core
//!
//! The Rust core of the sftoken browser extension, which gets Salesforce
//! OAuth 2.0 tokens through the web-server (authorization code + PKCE) flow.
//!
//! ## Architecture: a pure core behind a thin wasm boundary
//!
//! Every decision — which hosts are Salesforce login hosts, what the
//! authorize URL looks like, whether a callback belongs to our login, how the
//! token request is encoded, what an error means — lives in *pure* modules
//! that know nothing about browsers. They take plain values (strings, bytes,
//! a random source) and return plain values or an [`SfError`], never panic,
//! and are tested natively with `cargo test`.
//!
//! Only the `wasm` layer (compiled for `wasm32` alone) touches wasm-bindgen,
//! js-sys, web-sys and gloo-net.
//!
//! ## One request type, one reader, one redactor, no JSON parser
//!
//! - Every request the core builds is an [`oauth::http::Request`]
//!   (`{url, method, headers, body}`, token-carrying values as [`Secret`]s).
//! - Every answer is read by [`read_answer`] (`salesforce/answer.rs`): JSON,
//!   form-encoded, a bare word, HTML, empty or other text, classified once;
//!   Salesforce's error comes from whichever shape carried it.
//! - Every quote of a body or a URL in an error message goes through
//!   [`redact`] (`salesforce/redact.rs`).
//! - JSON is parsed by the browser's own `JSON.parse` at the boundary and
//!   mapped by serde into each parser's private raw struct: the parsers take a
//!   [`JsonDecoder`] (`wasm::convert::BrowserJson` in the extension,
//!   `SerdeJson` (`serde_json`) in native tests and benchmarks).
//!
//! ## The tree is the architecture
//!
//! Layers, each allowed to use only the ones above it in this list (no
//! import cycles; `cargo test` and review keep it so):
//!
//! | folder | layer |
//! |---|---|
//! | `error.rs`, `secret.rs` | [`SfError`] (message + hint + retry advice, [`FieldError`]) and [`Secret`] (never printed) |
//! | `encoding/` | base64, percent-encoding, PEM, DER, constant-time comparison, the JSON decoder interface and lenient serde fields |
//! | `salesforce/` | Salesforce knowledge: login hosts, callback URLs, scopes, credential fields, flows, profiles, the error catalogue, the reader of its answers, redaction |
//! | `oauth/` | the protocol steps: the request type, PKCE, authorize URL, callback, token request of every grant, token answer + signature, device flow, JWT; the token request as a curl/PowerShell command, and whether a page may send it (CORS); what Salesforce reveals of an app before a login (setup check) |
//! | `token/` | a token's life: userinfo, introspection, age, REST call, revoke; "Try a request" and the REST error catalogue; exports, paste, import |
//! | `wasm/` | the JavaScript boundary (wasm32 only) |

mod error;
mod secret;

pub mod encoding;
pub mod oauth;
pub mod salesforce;
pub mod token;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(test)]
mod never_panics_tests;

pub use encoding::base64::encode_url_safe_no_pad as base64_encode_url_safe_no_pad;
pub use encoding::base64::{
    decode_standard as base64_decode_standard, encode_standard as base64_encode_standard,
};
pub use encoding::constant_time::constant_time_eq;
#[cfg(not(target_arch = "wasm32"))]
pub use encoding::json::SerdeJson;
pub use encoding::json::{JsonDecoder, Scalar};
pub use encoding::percent::{encode_pairs, percent_decode, percent_encode, Plus, RawParams};
pub use error::{FieldError, NextStep, SfError};
pub use oauth::authorize::{
    build_authorize_request, AuthorizeInput, AuthorizeRequest, RandomSource, AUTHORIZE_PATH,
    STATE_ENTROPY_BYTES,
};
pub use oauth::callback::{
    parse_callback, parse_error_page, parse_remote_access_error_page, AuthorizationError,
    CallbackOutcome, REMOTE_ACCESS_ERROR_PATH,
};
pub use oauth::command::{powershell_quote, token_request_command, Shell, RUN_ONCE_NOTE};
pub use oauth::cors::{cors_allowed, cors_probe_request, cors_refusal, may_answer_cors};
pub use oauth::device::{
    build_device_code_request, parse_device_code_response, parse_device_poll, DeviceCode,
    DevicePoll, DEFAULT_INTERVAL_MS, SLOW_DOWN_STEP_MS,
};
pub use oauth::http::{HeaderValue, Request};
pub use oauth::pkce::{
    challenge_for, validate_verifier, PkcePair, CODE_CHALLENGE_METHOD, MAX_VERIFIER_LEN,
    MIN_VERIFIER_LEN,
};
pub use oauth::signature::verify_signature;
pub use oauth::token_request::{
    build_token_request, check_grant_type, Grant, GrantType, TokenRequestInput, JWT_BEARER_GRANT,
    TOKEN_PATH,
};
pub use oauth::token_response::{
    ids_from_identity_url, merge_refresh_token, parse_token_response, parse_token_response_for,
    TokenContext, TokenResponse,
};
pub use salesforce::answer::{read_answer, read_error_body, throttled, Answer, Body};
pub use salesforce::explain::{explain, explain_in, Context as ErrorContext, Explanation};
pub use salesforce::fields::validate_client_id;
pub use salesforce::flow::{flow_note, parse_flow, Flow};
pub use salesforce::login_host::{
    normalize_login_url, Environment, EnvironmentMark, LoginHost, OrgKind,
};
pub use salesforce::profile::{
    check_private_key_pem, host_permissions, validate_profile, CheckedProfile, ProfileInput,
};
pub use salesforce::profiles_file::{
    duplicate_name, export_profiles, match_key, plan_profile_import, read_profiles_file,
    ExistingProfile, ImportPlan, PortableProfile, ProfileUpdate, ProfilesExport, PROFILES_SCHEMA,
};
pub use salesforce::redact::redact;
pub use salesforce::redirect_uri::validate_redirect_uri;
pub use salesforce::scope::parse_scopes;
pub use secret::Secret;

pub use encoding::der::{
    certificate as x509_certificate, tbs_certificate, CertificateInput, SERIAL_BYTES,
};
pub use encoding::pem::{pem_wrap, pkcs8_from_pem, PrivateKeyDer};
pub use oauth::jwt::{
    alternate_audience, assemble_jwt, build_jwt, default_audience, JwtInput, UnsignedJwt,
    JWT_LIFETIME_S, LOGIN_AUDIENCE, TEST_AUDIENCE,
};
pub use token::export::{
    export_token, parse_export_format, shell_quote, Export, ExportFormat, ExportInput,
    ExportProfile, ExportToken, EXPORT_FORMATS, POSTMAN_VARIABLES,
};
pub use token::import::{check_import, ImportInput, Imported};
pub use token::introspect::{introspect_request, parse_introspection, Introspection};
pub use token::paste::{classify_paste, Pasted, MAX_PASTE_CHARS};
pub use token::profile_list::{
    profile_rows, search_profiles, ListedProfile, ListedToken, ProfileRow,
};
pub use token::rest::{
    api_versions_request, limits_request, parse_api_versions, parse_limits, ApiVersion, Limits,
};
pub use token::revoke::{parse_revoke_response, revoke_request};
pub use token::token_age::{describe_token_age, TokenAge};
pub use token::try_request::{
    build_try_request, checked_path, curl_command, read_try_response, suggested_paths,
    TryRequestInput, TryResponse,
};
pub use token::userinfo::{
    compare_identity, parse_userinfo, userinfo_request, IdentityCheck, TokenIds, UserInfo,
};

/// How long Salesforce accepts an authorization code: 15 minutes
/// (docs/salesforce.md#authorize), so the UI knows how long a captured code may be retried.
pub const CODE_LIFETIME_MS: u32 = 15 * 60 * 1000;
