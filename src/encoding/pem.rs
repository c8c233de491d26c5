//! PEM (RFC 7468): reading the JWT private key people paste, and wrapping
//! the key and certificate sftoken generates.
//!
//! WebCrypto imports RSA private keys only as PKCS#8 (`BEGIN PRIVATE KEY`).
//! `openssl genrsa` and older tools write PKCS#1 (`BEGIN RSA PRIVATE KEY`);
//! that and encrypted keys are refused with the command that converts them,
//! rather than guessed at. Whitespace and CRLF line ends in the body are
//! tolerated; anything else that is not base64 is an error.

use crate::encoding::base64::{decode_standard, encode_standard};
use crate::error::SfError;
use core::fmt;

const CONVERT_HINT: &str = "Convert it to an unencrypted PKCS#8 key (\"BEGIN PRIVATE KEY\"): \
     openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem, then paste key-pkcs8.pem.";
const PASTE_HINT: &str = "Paste the whole private key file, from -----BEGIN PRIVATE KEY----- to \
     -----END PRIVATE KEY-----, or generate a new key pair with sftoken.";

/// DER bytes of a private key: `Debug` is redacted, like [`crate::Secret`].
#[derive(Clone, Default)]
pub struct PrivateKeyDer(Vec<u8>);

impl PrivateKeyDer {
    /// The key bytes, for WebCrypto's `importKey("pkcs8", …)`.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for PrivateKeyDer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKeyDer([redacted])")
    }
}

fn invalid(message: &'static str, hint: &'static str) -> SfError {
    SfError::new("invalid_private_key", message, hint)
}

/// The DER body of a PKCS#8 `PRIVATE KEY` PEM.
pub fn pkcs8_from_pem(pem: &str) -> Result<PrivateKeyDer, SfError> {
    let pem = pem.trim();
    if pem.is_empty() {
        return Err(invalid("No private key was given.", PASTE_HINT));
    }
    let Some((_, after_begin)) = pem.split_once("-----BEGIN ") else {
        return Err(invalid(
            "The private key has no -----BEGIN PRIVATE KEY----- line.",
            PASTE_HINT,
        ));
    };
    let Some((label, body)) = after_begin.split_once("-----") else {
        return Err(invalid(
            "The private key's BEGIN line is cut off.",
            PASTE_HINT,
        ));
    };
    match label {
        "PRIVATE KEY" => {}
        "RSA PRIVATE KEY" => {
            return Err(SfError::new(
                "private_key_pkcs1",
                "This is a PKCS#1 key (BEGIN RSA PRIVATE KEY); browsers import only PKCS#8 keys.",
                CONVERT_HINT,
            ))
        }
        "ENCRYPTED PRIVATE KEY" => {
            return Err(SfError::new(
                "private_key_encrypted",
                "This private key is encrypted with a passphrase; sftoken needs it unencrypted.",
                CONVERT_HINT,
            ))
        }
        "CERTIFICATE" | "PUBLIC KEY" | "RSA PUBLIC KEY" => {
            return Err(invalid(
                "This is a certificate or public key, not the private key. The certificate goes \
                 to the app in Salesforce; sftoken needs the private key that belongs to it.",
                PASTE_HINT,
            ))
        }
        _ => {
            return Err(invalid(
                "This is not a private key PEM (BEGIN PRIVATE KEY).",
                PASTE_HINT,
            ))
        }
    }
    let Some((base64, _)) = body.split_once("-----END PRIVATE KEY-----") else {
        return Err(invalid(
            "The private key has no -----END PRIVATE KEY----- line (cut off when copying?).",
            PASTE_HINT,
        ));
    };
    let compact: String = base64
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    match decode_standard(&compact) {
        Some(der) if der.len() > 64 && der.first() == Some(&0x30) => Ok(PrivateKeyDer(der)),
        _ => Err(invalid(
            "The private key's body is damaged (not valid base64 of a key).",
            PASTE_HINT,
        )),
    }
}

/// `-----BEGIN {label}-----`, base64 in 64-column lines, `-----END {label}-----`, LF line ends.
pub fn pem_wrap(label: &str, der: &[u8]) -> String {
    let base64 = encode_standard(der);
    let mut out = String::with_capacity(base64.len() + base64.len() / 64 + 2 * label.len() + 40);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for line in base64.as_bytes().chunks(64) {
        out.extend(line.iter().map(|&b| char::from(b)));
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn der() -> Vec<u8> {
        let mut der = vec![0x30, 0x81, 0x80];
        der.extend((0..128).map(|i| i as u8));
        der
    }

    #[test]
    fn wraps_at_64_columns_and_reads_back() {
        let pem = pem_wrap("PRIVATE KEY", &der());
        let lines: Vec<&str> = pem.lines().collect();
        assert_eq!(lines[0], "-----BEGIN PRIVATE KEY-----");
        assert_eq!(lines[1].len(), 64);
        assert_eq!(lines[2].len(), 64);
        assert_eq!(lines[3].len(), 48);
        assert_eq!(lines[4], "-----END PRIVATE KEY-----");
        assert!(pem.ends_with("-----\n"));
        assert_eq!(pkcs8_from_pem(&pem).unwrap().expose(), der());
        let crlf = format!("\r\n  {}\r\n", pem.replace('\n', "\r\n"));
        assert_eq!(pkcs8_from_pem(&crlf).unwrap().expose(), der());
        assert!(!format!("{:?}", pkcs8_from_pem(&pem).unwrap()).contains('0'));
    }

    #[test]
    fn refuses_other_keys_with_a_hint() {
        let code = |pem: &str| pkcs8_from_pem(pem).unwrap_err().code;
        let body = pem_wrap("X", &der());
        assert_eq!(
            code(&body.replace("X-----", "RSA PRIVATE KEY-----")),
            "private_key_pkcs1"
        );
        let e = pkcs8_from_pem(&body.replace("X-----", "RSA PRIVATE KEY-----")).unwrap_err();
        assert!(e.hint.contains("openssl pkcs8 -topk8 -nocrypt -in key.pem"));
        assert_eq!(
            code(&body.replace("X-----", "ENCRYPTED PRIVATE KEY-----")),
            "private_key_encrypted"
        );
        for bad in [
            "",
            "  ",
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
            "-----BEGIN PRIVATE KEY",
            "-----BEGIN PRIVATE KEY-----\nMIIE",
            "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            &body.replace("X-----", "CERTIFICATE-----"),
            &body.replace("X-----", "EC PARAMETERS-----"),
        ] {
            assert_eq!(code(bad), "invalid_private_key", "{bad:?}");
        }
    }
}
