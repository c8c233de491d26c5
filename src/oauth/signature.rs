//! Checking the token response `signature` (docs/salesforce.md#signature).
//!
//! Salesforce signs `id + issued_at` with HMAC-SHA256 keyed by the consumer
//! secret and sends it base64 (standard alphabet, with padding). A valid
//! signature shows the identity URL was not altered in transit. Only clients
//! that know the secret can check it; PKCE public clients cannot.

use crate::encoding::base64::decode_standard;
use crate::secret::Secret;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// `Some(true/false)` when a non-empty secret is given, `None` otherwise.
pub fn verify_signature(
    consumer_secret: Option<&Secret>,
    id: &str,
    issued_at: &str,
    signature: &str,
) -> Option<bool> {
    let secret = consumer_secret.filter(|s| !s.expose().trim().is_empty())?;
    let Some(expected) = decode_standard(signature.trim()) else {
        return Some(false);
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.expose().trim().as_bytes()) else {
        return Some(false); // Unreachable for HMAC (any key length works); stay total anyway.
    };
    mac.update(id.as_bytes());
    mac.update(issued_at.as_bytes());
    // `verify_slice` compares in constant time.
    Some(mac.verify_slice(&expected).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "https://login.salesforce.com/id/00Dxx/005xx";
    const ISSUED_AT: &str = "1278448384422";
    // python3: base64.b64encode(hmac.new(b'secret', ID + ISSUED_AT, hashlib.sha256).digest())
    const EXPECTED: &str = "K7iV+SozELJWMu4JPu6wHqtu4R3wbdZ9mNz2Z26G/wQ=";

    #[test]
    fn valid_signature() {
        assert_eq!(
            verify_signature(Some(&Secret::from("secret")), ID, ISSUED_AT, EXPECTED),
            Some(true)
        );
    }

    #[test]
    fn wrong_secret_id_time_or_encoding() {
        let secret = Secret::from("secret");
        assert_eq!(
            verify_signature(Some(&Secret::from("other")), ID, ISSUED_AT, EXPECTED),
            Some(false)
        );
        assert_eq!(
            verify_signature(
                Some(&secret),
                "https://evil/id/00Dxx/005xx",
                ISSUED_AT,
                EXPECTED
            ),
            Some(false)
        );
        assert_eq!(
            verify_signature(Some(&secret), ID, "1278448384423", EXPECTED),
            Some(false)
        );
        assert_eq!(
            verify_signature(Some(&secret), ID, ISSUED_AT, EXPECTED.trim_end_matches('=')),
            Some(false)
        );
        assert_eq!(
            verify_signature(Some(&secret), ID, ISSUED_AT, "not base64!"),
            Some(false)
        );
        assert_eq!(
            verify_signature(Some(&secret), ID, ISSUED_AT, ""),
            Some(false)
        );
    }

    #[test]
    fn no_secret_no_verdict() {
        assert_eq!(verify_signature(None, ID, ISSUED_AT, EXPECTED), None);
        assert_eq!(
            verify_signature(Some(&Secret::from("  ")), ID, ISSUED_AT, EXPECTED),
            None
        );
    }
}
