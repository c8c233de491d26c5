//! Layer 4 — a token's life once it exists: who it belongs to (userinfo), whether it is still valid
//! (introspection, age), a REST call with it, revoking it.
//! May use: `error`, `secret`, `encoding`, `salesforce`, `oauth`.

pub mod introspect;
pub mod lifecycle;
pub mod profile_list;
pub mod rest;
pub mod revoke;
pub mod token_age;
pub mod userinfo;
