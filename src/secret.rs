//! A string that must never end up in a log, a panic message or an error text.
//!
//! Consumer secrets, access and refresh tokens, authorization codes and PKCE
//! verifiers all travel as [`Secret`]. It deliberately has:
//! - a `Debug` that prints `Secret([redacted])`, so `{:?}` of any struct that
//!   holds one stays safe to log;
//! - no `Display` and no `Serialize`, so it cannot be formatted or serialized
//!   by accident: the wasm boundary must call [`Secret::expose`] explicitly
//!   when it has to hand the value to JavaScript.

use core::fmt;

/// A secret string value. Read it only through [`Secret::expose`].
#[derive(Clone, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value that must stay out of logs.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The plain value. Every call site is a place where the secret leaves
    /// the protection of this type, which makes such places easy to audit.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the secret holds no characters (e.g. a public client
    /// without a consumer secret).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("super-secret-token");
        assert_eq!(format!("{s:?}"), "Secret([redacted])");
        assert!(!format!("{:?}", Some(s.clone())).contains("super"));
    }

    #[test]
    fn expose_returns_the_value() {
        let s = Secret::from("abc");
        assert_eq!(s.expose(), "abc");
        assert!(!s.is_empty());
        assert!(Secret::default().is_empty());
    }
}
