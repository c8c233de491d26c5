//! Layer 2 — what sftoken knows about Salesforce: which hosts are login hosts, which callback URLs can work,
//! the scopes, the credential fields, the flows an admin can enable, a saved profile, and what each of
//! Salesforce's error answers means, how its answers are read (`answer`), and what of them must never be
//! quoted (`redact`). Pure knowledge, no protocol steps.
//! May use: `error`, `secret`, `encoding`.

pub mod answer;
pub mod explain;
pub mod fields;
pub mod flow;
pub mod login_host;
pub mod profile;
pub mod profiles_file;
pub mod redact;
pub mod redirect_uri;
pub mod scope;
