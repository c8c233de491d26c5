//! Layer 2 — what sftoken knows about Salesforce: which hosts are login hosts, which callback URLs can work,
//! the scopes, the credential fields, the flows an admin can enable, a saved profile, and what each of
//! Salesforce's error answers means. Pure knowledge, no protocol steps.
//! May use: `error`, `secret`, `encoding`.

pub mod error_body;
pub mod explain;
pub mod fields;
pub mod flow;
pub mod login_host;
pub mod profile;
pub mod redirect_uri;
pub mod scope;
