//! Layer 1 — encodings: bytes and text in the shapes OAuth and Salesforce use. Knows nothing of OAuth.
//! May use: `error`, `secret`.

pub mod base64;
pub mod constant_time;
pub mod der;
pub mod json;
pub mod pem;
pub mod percent;
pub mod pretty;
pub mod shell_quote;
