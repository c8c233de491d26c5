//! A minimal DER writer (X.690) and the self-signed X.509 certificate that
//! the JWT bearer flow needs (docs/salesforce.md#grants: the app holds the certificate,
//! sftoken signs the assertion with the matching private key).
//!
//! Only what a certificate needs is here: tag-length-value with short and
//! long lengths, unsigned INTEGERs, UTF8String names, UTCTime /
//! GeneralizedTime, BIT STRING. The RSA key pair and both signatures come
//! from WebCrypto (the wasm boundary); this module only arranges bytes, so it
//! is tested natively, including against `openssl` when it is installed.
//!
//! The certificate (RFC 5280 §4.1):
//! - version 3, a random positive serial of at most 16 bytes (≤ 20 allowed);
//! - `sha256WithRSAEncryption` (1.2.840.113549.1.1.11) with NULL parameters;
//! - issuer = subject = `CN=<common name>` as a UTF8String;
//! - validity from now to now + 2 years: UTCTime (`YYMMDDHHMMSSZ`) up to 2049,
//!   GeneralizedTime (`YYYYMMDDHHMMSSZ`) from 2050 (RFC 5280 §4.1.2.5);
//! - the SubjectPublicKeyInfo exactly as WebCrypto exported it (`spki`);
//! - no extensions (a self-signed end-entity certificate needs none).

use crate::error::SfError;

/// `AlgorithmIdentifier { sha256WithRSAEncryption, NULL }`.
pub const SHA256_WITH_RSA: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00,
];
/// OID 2.5.4.3 (commonName), as a whole TLV.
const OID_COMMON_NAME: &[u8] = &[0x06, 0x03, 0x55, 0x04, 0x03];
/// `[0] EXPLICIT INTEGER 2` (version 3).
const VERSION_3: &[u8] = &[0xa0, 0x03, 0x02, 0x01, 0x02];

const TAG_INTEGER: u8 = 0x02;
const TAG_BIT_STRING: u8 = 0x03;
const TAG_UTF8_STRING: u8 = 0x0c;
const TAG_UTC_TIME: u8 = 0x17;
const TAG_GENERALIZED_TIME: u8 = 0x18;
const TAG_SEQUENCE: u8 = 0x30;
const TAG_SET: u8 = 0x31;

/// Longest common name kept (X.520 `ub-common-name`).
pub const MAX_COMMON_NAME_CHARS: usize = 64;
/// Bytes of the random serial number (the first one's top bit is cleared).
pub const SERIAL_BYTES: usize = 16;
/// Last millisecond of 9999-12-31, the end of GeneralizedTime's four digits.
const MAX_TIME_MS: u64 = 253_402_300_799_999;
const MS_PER_DAY: u64 = 86_400_000;

/// Appends a DER length: one byte below 128, else `0x80 | n` and n bytes.
fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes = len.to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    let significant = bytes.get(skip..).unwrap_or_default();
    out.push(0x80 | significant.len() as u8);
    out.extend_from_slice(significant);
}

/// A tag-length-value whose content is the concatenation of `parts`.
pub fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let len: usize = parts.iter().map(|part| part.len()).sum();
    let mut out = Vec::with_capacity(len + 6);
    out.push(tag);
    push_length(&mut out, len);
    for part in parts {
        out.extend_from_slice(part);
    }
    out
}

/// A SEQUENCE of already encoded elements.
pub fn sequence(parts: &[&[u8]]) -> Vec<u8> {
    tlv(TAG_SEQUENCE, parts)
}

/// A non-negative INTEGER from big-endian magnitude bytes: leading zeros
/// dropped, a zero byte added when the top bit is set (DER's minimal form).
pub fn unsigned_integer(magnitude: &[u8]) -> Vec<u8> {
    let skip = magnitude.iter().take_while(|&&b| b == 0).count();
    let digits = magnitude.get(skip..).unwrap_or_default();
    match digits.first() {
        None => tlv(TAG_INTEGER, &[&[0]]),
        Some(first) if first & 0x80 != 0 => tlv(TAG_INTEGER, &[&[0], digits]),
        Some(_) => tlv(TAG_INTEGER, &[digits]),
    }
}

/// A BIT STRING of whole bytes (no unused bits).
pub fn bit_string(bytes: &[u8]) -> Vec<u8> {
    tlv(TAG_BIT_STRING, &[&[0], bytes])
}

/// The common name as it goes into the certificate: control characters
/// dropped, spaces trimmed, at most 64 characters, `sftoken` when nothing is
/// left.
pub fn clean_common_name(input: &str) -> String {
    let kept: String = input
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_COMMON_NAME_CHARS)
        .collect();
    let trimmed = kept.trim();
    if trimmed.is_empty() {
        "sftoken".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// `Name ::= SEQUENCE { SET { SEQUENCE { commonName, UTF8String } } }`.
pub fn common_name(name: &str) -> Vec<u8> {
    let value = tlv(TAG_UTF8_STRING, &[name.as_bytes()]);
    let attribute = sequence(&[OID_COMMON_NAME, &value]);
    let set = tlv(TAG_SET, &[&attribute]);
    sequence(&[&set])
}

/// A calendar date and time (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// Year, e.g. 2025.
    pub year: u32,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
    /// Seconds into the day, 0–86399.
    pub seconds: u32,
}

/// Days since 1970-01-01 → (year, month, day): Howard Hinnant's
/// `civil_from_days`, for non-negative day counts.
fn civil_from_days(days: u64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year as u32, month as u32, day as u32)
}

/// Milliseconds since the epoch → the UTC calendar date and time.
pub fn civil_from_ms(ms: u64) -> Civil {
    let (year, month, day) = civil_from_days(ms / MS_PER_DAY);
    Civil {
        year,
        month,
        day,
        seconds: ((ms % MS_PER_DAY) / 1000) as u32,
    }
}

/// The same moment `years` later; 29 February becomes 28 February.
pub fn add_years(time: Civil, years: u32) -> Civil {
    let year = time.year.saturating_add(years);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let day = if time.month == 2 && time.day == 29 && !leap {
        28
    } else {
        time.day
    };
    Civil { year, day, ..time }
}

/// UTCTime `YYMMDDHHMMSSZ` for 1950–2049, GeneralizedTime
/// `YYYYMMDDHHMMSSZ` otherwise (RFC 5280 §4.1.2.5).
pub fn time(time: Civil) -> Vec<u8> {
    let Civil {
        year,
        month,
        day,
        seconds,
    } = time;
    let (tag, year) = if (1950..2050).contains(&year) {
        (TAG_UTC_TIME, format!("{:02}", year % 100))
    } else {
        (TAG_GENERALIZED_TIME, format!("{year:04}"))
    };
    let (hour, minute, second) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let text = format!("{year}{month:02}{day:02}{hour:02}{minute:02}{second:02}Z");
    tlv(tag, &[text.as_bytes()])
}

/// What the certificate says besides the key.
#[derive(Debug, Clone)]
pub struct CertificateInput<'a> {
    /// Shown as the certificate's name in Salesforce (cleaned by [`clean_common_name`]).
    pub common_name: &'a str,
    /// Random bytes for the serial number (the top bit of the first is cleared).
    pub serial: [u8; SERIAL_BYTES],
    /// Start of validity, ms since the epoch.
    pub now_ms: u64,
    /// How long it is valid.
    pub valid_years: u32,
    /// DER SubjectPublicKeyInfo (WebCrypto's `exportKey("spki")`).
    pub spki: &'a [u8],
}

/// The TBSCertificate DER: the bytes that get signed.
pub fn tbs_certificate(input: &CertificateInput<'_>) -> Result<Vec<u8>, SfError> {
    let start = civil_from_ms(input.now_ms);
    let end = add_years(start, input.valid_years);
    if input.now_ms > MAX_TIME_MS || end.year > 9999 {
        return Err(SfError::new(
            "invalid_clock",
            "The current time is beyond what a certificate can express (year 9999).",
            "Check the computer's clock.",
        ));
    }
    if input.spki.first() != Some(&TAG_SEQUENCE) {
        return Err(SfError::new(
            "invalid_public_key",
            "The public key is not a DER SubjectPublicKeyInfo.",
            "This is a bug in the extension's call into sftoken; please report it.",
        ));
    }
    let mut serial = input.serial;
    if let Some(first) = serial.first_mut() {
        // Positive, and never zero.
        *first = (*first & 0x7f).max(1);
    }
    let name = common_name(&clean_common_name(input.common_name));
    let validity = sequence(&[&time(start), &time(end)]);
    Ok(sequence(&[
        VERSION_3,
        &unsigned_integer(&serial),
        SHA256_WITH_RSA,
        &name,
        &validity,
        &name,
        input.spki,
    ]))
}

/// `Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }`.
pub fn certificate(tbs: &[u8], signature: &[u8]) -> Vec<u8> {
    sequence(&[tbs, SHA256_WITH_RSA, &bit_string(signature)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn lengths_short_and_long_form() {
        assert_eq!(tlv(0x04, &[&[]]), [0x04, 0x00]);
        assert_eq!(tlv(0x04, &[&[7; 127]])[..2], [0x04, 0x7f]);
        assert_eq!(tlv(0x04, &[&[7; 128]])[..3], [0x04, 0x81, 0x80]);
        assert_eq!(tlv(0x04, &[&[7; 255]])[..3], [0x04, 0x81, 0xff]);
        assert_eq!(tlv(0x04, &[&[7; 256]])[..4], [0x04, 0x82, 0x01, 0x00]);
        assert_eq!(
            tlv(0x04, &[&[7; 70000]])[..5],
            [0x04, 0x83, 0x01, 0x11, 0x70]
        );
        assert_eq!(tlv(0x04, &[&[1, 2], &[3]]), [0x04, 3, 1, 2, 3]);
    }

    #[test]
    fn integers_are_minimal_and_positive() {
        assert_eq!(unsigned_integer(&[]), [2, 1, 0]);
        assert_eq!(unsigned_integer(&[0, 0]), [2, 1, 0]);
        assert_eq!(unsigned_integer(&[0, 5]), [2, 1, 5]);
        assert_eq!(unsigned_integer(&[0x80]), [2, 2, 0, 0x80]);
        assert_eq!(unsigned_integer(&[0, 0x7f, 1]), [2, 2, 0x7f, 1]);
        assert_eq!(bit_string(&[0xab]), [3, 2, 0, 0xab]);
    }

    #[test]
    fn calendar() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(2_932_896), (9999, 12, 31));
        // 2025-06-15T13:45:30.250Z
        let t = civil_from_ms(1_749_995_130_250);
        assert_eq!((t.year, t.month, t.day, t.seconds), (2025, 6, 15, 49_530));
        assert_eq!(add_years(civil_from_ms(1_709_164_800_000), 2).day, 28); // 2024-02-29
        assert_eq!(add_years(civil_from_ms(1_709_164_800_000), 4).day, 29);
        // Every day of four centuries round-trips through the month lengths.
        let mut expected = (1970, 1, 1);
        for days in 0..146_097 {
            assert_eq!(civil_from_days(days), expected, "{days}");
            let (y, m, d) = expected;
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let len = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            expected = if d < len {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }

    #[test]
    fn times() {
        let t = civil_from_ms(1_749_995_130_250);
        assert_eq!(time(t), b"\x17\x0d250615134530Z");
        assert_eq!(time(add_years(t, 25)), b"\x18\x0f20500615134530Z");
        assert_eq!(time(add_years(t, 24)), b"\x17\x0d490615134530Z");
        assert_eq!(time(civil_from_ms(0)), b"\x17\x0d700101000000Z");
        let last = Civil {
            year: 9999,
            month: 12,
            day: 31,
            seconds: 86_399,
        };
        assert_eq!(time(last), b"\x18\x0f99991231235959Z");
        assert_eq!(time(civil_from_ms(MAX_TIME_MS)), time(last));
    }

    #[test]
    fn common_names() {
        assert_eq!(clean_common_name("  acme JWT \n"), "acme JWT");
        assert_eq!(clean_common_name("\u{0}\t "), "sftoken");
        assert_eq!(clean_common_name(&"é".repeat(100)).chars().count(), 64);
        assert_eq!(hex(&common_name("ab")), "300d310b300906035504030c026162");
    }

    /// A fake SPKI long enough for long-form lengths everywhere.
    fn fake_spki() -> Vec<u8> {
        sequence(&[SHA256_WITH_RSA, &bit_string(&[0x42; 270])])
    }

    #[test]
    fn certificate_structure() {
        let spki = fake_spki();
        let tbs = tbs_certificate(&CertificateInput {
            common_name: "ab",
            serial: [0xff; SERIAL_BYTES],
            now_ms: 1_749_995_130_250,
            valid_years: 2,
            spki: &spki,
        })
        .unwrap();
        let mut expected = vec![0x30, 0x82];
        let body_len = 5 + 18 + 15 + 15 + 32 + 15 + spki.len();
        expected.extend_from_slice(&(body_len as u16).to_be_bytes());
        expected.extend_from_slice(VERSION_3);
        expected.extend_from_slice(&[0x02, 0x10, 0x7f]);
        expected.extend_from_slice(&[0xff; 15]);
        expected.extend_from_slice(SHA256_WITH_RSA);
        expected.extend_from_slice(&common_name("ab"));
        expected.extend_from_slice(&[0x30, 0x1e]);
        expected.extend_from_slice(b"\x17\x0d250615134530Z\x17\x0d270615134530Z");
        expected.extend_from_slice(&common_name("ab"));
        expected.extend_from_slice(&spki);
        assert_eq!(tbs, expected);

        let signature = [0x5a; 256];
        let cert = certificate(&tbs, &signature);
        let inner = tbs.len() + SHA256_WITH_RSA.len() + 4 + 1 + 256;
        assert_eq!(cert[..4], [0x30, 0x82, (inner >> 8) as u8, inner as u8]);
        assert_eq!(cert[4..4 + tbs.len()], tbs[..]);
        let tail = &cert[4 + tbs.len()..];
        assert_eq!(tail[..15], *SHA256_WITH_RSA);
        assert_eq!(tail[15..20], [0x03, 0x82, 0x01, 0x01, 0x00]);
        assert_eq!(tail.len(), 20 + 256);

        // Zero serial bytes still give a positive, non-zero serial.
        let tbs = tbs_certificate(&CertificateInput {
            common_name: "",
            serial: [0; SERIAL_BYTES],
            now_ms: 0,
            valid_years: 2,
            spki: &spki,
        })
        .unwrap();
        assert_eq!(tbs[9..12], [0x02, 0x10, 0x01]);
    }

    #[test]
    fn refuses_impossible_input() {
        let spki = fake_spki();
        let input = |now_ms, spki| CertificateInput {
            common_name: "x",
            serial: [1; SERIAL_BYTES],
            now_ms,
            valid_years: 2,
            spki,
        };
        assert!(tbs_certificate(&input(MAX_TIME_MS, &spki)).is_err());
        assert!(tbs_certificate(&input(u64::MAX, &spki)).is_err());
        assert!(tbs_certificate(&input(0, &[])).is_err());
        assert!(tbs_certificate(&input(0, &[0x02])).is_err());
        assert!(tbs_certificate(&input(MAX_TIME_MS - 3 * 366 * MS_PER_DAY, &spki)).is_ok());
    }
}
