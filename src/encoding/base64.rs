//! Base64 (RFC 4648), hand-written to avoid a dependency in the wasm module.
//!
//! Two alphabets are needed:
//! - standard with `=` padding (§4): the token response `signature` is encoded
//!   this way, so we decode it to compare the raw HMAC;
//! - URL-safe without padding (§5): PKCE verifier/challenge and `state`, which
//!   travel in URLs and must use only `[A-Za-z0-9-_]` (Salesforce rejects `~`).

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn encode_with(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0);
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        // Each index is masked to 6 bits, so it is always < 64.
        let sextet = |shift: u32| char::from(alphabet[((n >> shift) & 0x3f) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        if chunk.len() > 1 {
            out.push(sextet(6));
        } else if pad {
            out.push('=');
        }
        if chunk.len() > 2 {
            out.push(sextet(0));
        } else if pad {
            out.push('=');
        }
    }
    out
}

/// Standard alphabet with `=` padding (RFC 4648 §4).
pub fn encode_standard(bytes: &[u8]) -> String {
    encode_with(bytes, STANDARD, true)
}

/// URL-safe alphabet without padding (RFC 4648 §5, as used by PKCE).
pub fn encode_url_safe_no_pad(bytes: &[u8]) -> String {
    encode_with(bytes, URL_SAFE, false)
}

fn standard_value(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Decodes standard base64 with mandatory padding. Returns `None` for anything
/// malformed (wrong length, foreign characters, misplaced `=`, or non-zero
/// trailing bits), because a signature that is not canonical base64 cannot
/// be the one Salesforce computed.
pub fn decode_standard(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let quads = bytes.chunks(4);
    let last = bytes.len() / 4;
    for (i, quad) in quads.enumerate() {
        let is_last = i + 1 == last;
        let pads = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if pads > 2 || (pads > 0 && !is_last) {
            return None;
        }
        let mut n: u32 = 0;
        for (j, &c) in quad.iter().enumerate() {
            let v = if j >= 4 - pads { 0 } else { standard_value(c)? };
            n = (n << 6) | v;
        }
        let [_, b0, b1, b2] = n.to_be_bytes();
        out.push(b0);
        match pads {
            0 => {
                out.push(b1);
                out.push(b2);
            }
            1 => {
                if b2 != 0 {
                    return None;
                }
                out.push(b1);
            }
            _ => {
                if b1 != 0 || b2 != 0 {
                    return None;
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4648 §10 test vectors.
    const VECTORS: &[(&str, &str)] = &[
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc4648_standard() {
        for (plain, encoded) in VECTORS {
            assert_eq!(encode_standard(plain.as_bytes()), *encoded);
            assert_eq!(decode_standard(encoded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn rfc4648_url_safe_no_pad() {
        for (plain, encoded) in VECTORS {
            assert_eq!(
                encode_url_safe_no_pad(plain.as_bytes()),
                encoded.trim_end_matches('=')
            );
        }
        assert_eq!(encode_url_safe_no_pad(&[0xfb, 0xff, 0xfe]), "-__-");
        assert_eq!(encode_standard(&[0xfb, 0xff, 0xfe]), "+//+");
    }

    #[test]
    fn decode_rejects_malformed() {
        for bad in [
            "Zg=", "Z===", "Zg==Zg==", "Zm9v!", "Zh==", "Zm9=", "====", "Zm-v", "é123",
        ] {
            assert_eq!(decode_standard(bad), None, "{bad}");
        }
    }

    #[test]
    fn round_trip_all_lengths() {
        let data: Vec<u8> = (0..=255u8).collect();
        for len in 0..data.len() {
            let slice = &data[..len];
            assert_eq!(decode_standard(&encode_standard(slice)).unwrap(), slice);
        }
    }
}
