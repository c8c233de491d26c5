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

mod authorize;
mod base64;
mod callback;
mod constant_time;
mod error;
mod explain;
mod json;
mod login_host;
mod percent;
mod pkce;
mod profile;
mod redirect_uri;
mod scope;
mod secret;
mod signature;
mod text;
mod token_request;
mod token_response;

#[cfg(target_arch = "wasm32")]
pub mod wasm_api;

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
pub use error::SfError;
pub use explain::{explain, Explanation};
pub use json::{parse_json, Json};
pub use login_host::{normalize_login_url, Environment, LoginHost};
pub use percent::{encode_pairs, percent_decode, percent_encode, Plus, RawParams};
pub use pkce::{
    challenge_for, validate_verifier, PkcePair, CODE_CHALLENGE_METHOD, MAX_VERIFIER_LEN,
    MIN_VERIFIER_LEN,
};
pub use profile::{host_permissions, validate_profile, CheckedProfile, FieldError, ProfileInput};
pub use redirect_uri::validate_redirect_uri;
pub use scope::parse_scopes;
pub use secret::Secret;
pub use signature::verify_signature;
pub use token_request::{
    build_token_request, check_grant_type, Grant, HttpRequest, TokenRequestInput, TOKEN_PATH,
};
pub use token_response::{ids_from_identity_url, parse_token_response, TokenResponse};

/// How long Salesforce accepts an authorization code: 15 minutes
/// (reference §2), so the UI knows how long a captured code may be retried.
pub const CODE_LIFETIME_MS: u32 = 15 * 60 * 1000;
