//! PKCE (RFC 7636) with the S256 method, as Salesforce accepts it.
//!
//! The verifier is base64url (no padding) of random bytes, so it only uses
//! `[A-Za-z0-9-_]`: RFC 7636 also allows `.` and `~`, but Salesforce has been
//! seen rejecting `~` (docs/salesforce.md#pkce), so we neither generate nor accept those.
//! 32 random bytes give the minimum length of 43 characters (256 bits);
//! up to 96 bytes give the maximum of 128.
//!
//! Randomness is an input, never fetched here, so tests are deterministic and
//! the module stays free of browser APIs.

use crate::encoding::base64::encode_url_safe_no_pad;
use crate::error::SfError;
use crate::secret::Secret;
use sha2::{Digest, Sha256};

/// The only challenge method we send.
pub const CODE_CHALLENGE_METHOD: &str = "S256";
/// Shortest verifier allowed by RFC 7636.
pub const MIN_VERIFIER_LEN: usize = 43;
/// Longest verifier allowed by RFC 7636.
pub const MAX_VERIFIER_LEN: usize = 128;
/// Random bytes for a 43-character verifier.
pub const DEFAULT_VERIFIER_ENTROPY: usize = 32;

/// A verifier (kept secret until the token request) and its challenge.
#[derive(Debug, Clone)]
pub struct PkcePair {
    /// Sent only to the token endpoint.
    pub verifier: Secret,
    /// Sent in the authorize URL.
    pub challenge: String,
}

impl PkcePair {
    /// Builds a verifier from 32–96 random bytes (43–128 characters).
    pub fn from_entropy(random_bytes: &[u8]) -> Result<Self, SfError> {
        if !(DEFAULT_VERIFIER_ENTROPY..=96).contains(&random_bytes.len()) {
            return Err(SfError::new(
                "invalid_verifier_entropy",
                "A PKCE verifier needs between 32 and 96 random bytes.",
                "This is a bug in the caller; report it.",
            ));
        }
        let verifier = encode_url_safe_no_pad(random_bytes);
        let challenge = challenge_for(&verifier)?;
        Ok(PkcePair {
            verifier: Secret::new(verifier),
            challenge,
        })
    }
}

/// Checks length (43–128) and alphabet (`[A-Za-z0-9-_]`).
pub fn validate_verifier(verifier: &str) -> Result<(), SfError> {
    let len = verifier.len();
    if !(MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN).contains(&len) {
        return Err(SfError::new(
            "invalid_code_verifier",
            "The PKCE code verifier must be 43 to 128 characters long.",
            "Use the verifier returned together with the authorize URL, unchanged.",
        ));
    }
    if !verifier
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(SfError::new(
            "invalid_code_verifier",
            "The PKCE code verifier may only contain letters, digits, '-' and '_' \
             (Salesforce rejects '~' even though the standard allows it).",
            "Use the verifier returned together with the authorize URL, unchanged.",
        ));
    }
    Ok(())
}

/// `BASE64URL(SHA-256(verifier))`, encoded once (RFC 7636 §4.2).
pub fn challenge_for(verifier: &str) -> Result<String, SfError> {
    validate_verifier(verifier)?;
    Ok(encode_url_safe_no_pad(&Sha256::digest(verifier.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        // RFC 7636 Appendix B: the verifier is base64url of these 32 octets.
        let octets = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let pair = PkcePair::from_entropy(&octets).unwrap();
        assert_eq!(
            pair.verifier.expose(),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
        assert_eq!(
            pair.challenge,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(
            challenge_for("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn lengths_follow_entropy() {
        assert_eq!(
            PkcePair::from_entropy(&[7; 32])
                .unwrap()
                .verifier
                .expose()
                .len(),
            43
        );
        assert_eq!(
            PkcePair::from_entropy(&[7; 96])
                .unwrap()
                .verifier
                .expose()
                .len(),
            128
        );
        assert!(PkcePair::from_entropy(&[7; 31]).is_err());
        assert!(PkcePair::from_entropy(&[7; 97]).is_err());
        assert!(PkcePair::from_entropy(&[]).is_err());
    }

    #[test]
    fn generated_verifiers_use_only_safe_characters() {
        let bytes: Vec<u8> = (0..96u8)
            .map(|i| i.wrapping_mul(37).wrapping_add(250))
            .collect();
        let pair = PkcePair::from_entropy(&bytes).unwrap();
        assert!(validate_verifier(pair.verifier.expose()).is_ok());
        assert!(!pair.verifier.expose().contains(['~', '.', '+', '/', '=']));
    }

    #[test]
    fn rejects_bad_verifiers() {
        let ok43 = "a".repeat(43);
        assert!(validate_verifier(&ok43).is_ok());
        assert!(validate_verifier(&"a".repeat(128)).is_ok());
        for bad in [
            "a".repeat(42),
            "a".repeat(129),
            format!("{}~", "a".repeat(42)),
            format!("{}.", "a".repeat(42)),
            format!("{}=", "a".repeat(42)),
            format!("{}é", "a".repeat(41)),
            String::new(),
        ] {
            assert_eq!(
                validate_verifier(&bad).unwrap_err().code,
                "invalid_code_verifier",
                "{bad}"
            );
        }
    }
}
