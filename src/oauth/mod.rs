//! Layer 3 — the OAuth 2.0 protocol as Salesforce speaks it: the one described HTTP request (`http`), PKCE, the authorize URL, the callback, the token
//! request of every grant, the token answer and its signature, the device flow, JWT bearer assertions, a token request as a command to run by hand (`command`), and whether a web
//! page may send it itself (`cors`).
//! May use: `error`, `secret`, `encoding`, `salesforce`.

pub mod authorize;
pub mod callback;
pub mod command;
pub mod cors;
pub mod device;
pub mod http;
pub mod jwt;
pub mod pkce;
pub mod setup_check;
pub mod signature;
pub mod token_request;
pub mod token_response;
