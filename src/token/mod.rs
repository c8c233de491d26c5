//! Layer 4 — a token's life once it exists: who it belongs to (userinfo), whether it is still valid
//! (introspection, age), a REST call with it, revoking it; written out for other tools (export), recognised when
//! pasted (paste), brought in from elsewhere (import).
//! May use: `error`, `secret`, `encoding`, `salesforce`, `oauth`.

pub mod export;
pub mod import;
pub mod introspect;
pub mod lifecycle;
pub mod paste;
pub mod profile_list;
pub mod rest;
pub mod rest_errors;
pub mod revoke;
pub mod token_age;
pub mod try_request;
pub mod userinfo;
