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
//! Only `wasm_api` (compiled for `wasm32` alone) touches wasm-bindgen,
//! js-sys, web-sys and gloo-net. It converts JavaScript values in and out,
//! calls the pure modules, fills random bytes from `crypto.getRandomValues`
//! and performs the one network call (`fetch` with cookies omitted).
//!
//! One module per protocol piece, in the style of oauth2-rs:
//!
//! | module | concept |
//! |---|---|
//! | `secret` | [`Secret`]: values that must never be logged |
//! | `error` | [`SfError`]: message + hint + retry advice |
//! | `percent` | percent-encoding, decoding once, query parameters |
//! | `base64` | RFC 4648 encoders (and the standard decoder) |
//! | `constant_time` | comparison that does not leak where values differ |
//! | `login_host` | [`normalize_login_url`]: pasted URL → Salesforce login host |
//! | `redirect_uri` | which callback URLs can work |
//! | `scope` | scope lists as users type them |
//! | `pkce` | RFC 7636 S256 verifier and challenge |
//! | `authorize` | [`build_authorize_request`]: the login URL and its state |
//! | `callback` | [`parse_callback`], [`parse_error_page`] |
//! | `token_request` | [`build_token_request`]: the POST to `/services/oauth2/token` |
//! | `json` | [`parse_json`]: a small strict JSON parser (no serde_json in the module) |
//! | `text` | substring search without core's string searcher (wasm size) |
//! | `token_response` | [`parse_token_response`]: tokens, ids, or an explained error |
//! | `signature` | [`verify_signature`] of the token response |
//! | `explain` | [`explain`]: the Salesforce error catalogue |
//! | `profile` | [`validate_profile`]: a saved profile, checked field by field |
//! | `flow` | [`Flow`]: the login flows and what an admin sets up for each |
//! | `device` | the device flow: [`build_device_code_request`], [`parse_device_poll`] |

mod authorize;
mod base64;
mod callback;
mod constant_time;
mod der;
mod device;
mod error;
mod explain;
mod introspect;
mod flow;
mod json;
mod jwt;
mod lifecycle;
mod login_host;
mod pem;
mod percent;
mod pkce;
mod profile;
mod redirect_uri;
mod rest;
mod revoke;
mod scope;
mod secret;
mod signature;
mod text;
mod token_age;
mod token_request;
mod token_response;
mod userinfo;

#[cfg(target_arch = "wasm32")]
pub mod wasm_api;
#[cfg(all(target_arch = "wasm32", feature = "lifecycle-api"))]
pub mod wasm_lifecycle;

#[cfg(test)]
mod never_panics_tests;

pub use authorize::{
    build_authorize_request, validate_client_id, AuthorizeInput, AuthorizeRequest, RandomSource,
    AUTHORIZE_PATH, STATE_ENTROPY_BYTES,
};
pub use base64::encode_url_safe_no_pad as base64_encode_url_safe_no_pad;
pub use base64::{
    decode_standard as base64_decode_standard, encode_standard as base64_encode_standard,
};
pub use callback::{parse_callback, parse_error_page, AuthorizationError, CallbackOutcome};
pub use constant_time::constant_time_eq;
pub use device::{
    build_device_code_request, parse_device_code_response, parse_device_poll, DeviceCode, DevicePoll,
    DEFAULT_INTERVAL_MS, SLOW_DOWN_STEP_MS,
};
pub use error::SfError;
pub use explain::{explain, Explanation};
pub use flow::{flow_note, parse_flow, Flow};
pub use json::{parse_json, Json};
pub use login_host::{normalize_login_url, Environment, LoginHost};
pub use percent::{encode_pairs, percent_decode, percent_encode, Plus, RawParams};
pub use pkce::{
    challenge_for, validate_verifier, PkcePair, CODE_CHALLENGE_METHOD, MAX_VERIFIER_LEN,
    MIN_VERIFIER_LEN,
};
pub use profile::{
    check_private_key_pem, host_permissions, validate_profile, CheckedProfile, FieldError,
    ProfileInput,
};
pub use redirect_uri::validate_redirect_uri;
pub use scope::parse_scopes;
pub use secret::Secret;
pub use signature::verify_signature;
pub use token_request::{
    build_token_request, check_grant_type, Grant, GrantType, HttpRequest, TokenRequestInput,
    JWT_BEARER_GRANT, TOKEN_PATH,
};
pub use token_response::{
    ids_from_identity_url, merge_refresh_token, parse_token_response, TokenResponse,
};

pub use der::{certificate as x509_certificate, tbs_certificate, CertificateInput, SERIAL_BYTES};
pub use introspect::{introspect_request, parse_introspection, Introspection};
pub use jwt::{assemble_jwt, build_jwt, default_audience, JwtInput, UnsignedJwt, JWT_LIFETIME_S};
pub use lifecycle::ApiRequest;
pub use pem::{pem_wrap, pkcs8_from_pem, PrivateKeyDer};
pub use rest::{
    api_versions_request, limits_request, parse_api_versions, parse_limits, ApiVersion, Limits,
};
pub use revoke::{parse_revoke_response, revoke_request};
pub use token_age::{describe_token_age, TokenAge};
pub use userinfo::{
    compare_identity, parse_userinfo, userinfo_request, IdentityCheck, TokenIds, UserInfo,
};

/// How long Salesforce accepts an authorization code: 15 minutes
/// (reference §2), so the UI knows how long a captured code may be retried.
pub const CODE_LIFETIME_MS: u32 = 15 * 60 * 1000;
