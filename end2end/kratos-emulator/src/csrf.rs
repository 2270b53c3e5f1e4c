//! nosurf-style CSRF tokens: a 32-byte token in the cookie, masked copies in forms.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

pub const TOKEN_LEN: usize = 32;

/// `csrf_token_` + hex(sha256(base_url string)).
pub fn cookie_name(base_url: &str) -> String {
    let digest = Sha256::digest(base_url.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("csrf_token_{hex}")
}

/// A fresh raw token, as stored (base64) in the cookie.
pub fn new_token() -> [u8; TOKEN_LEN] {
    crate::util::random_bytes::<TOKEN_LEN>()
}

pub fn encode_cookie(token: &[u8; TOKEN_LEN]) -> String {
    STANDARD.encode(token)
}

/// Decode a cookie value; `None` unless it is base64 of exactly 32 bytes.
pub fn decode_cookie(value: &str) -> Option<[u8; TOKEN_LEN]> {
    let bytes = STANDARD.decode(value).ok()?;
    bytes.try_into().ok()
}

/// Masked token: base64(key ‖ token XOR key) with a random 32-byte key.
pub fn mask(token: &[u8; TOKEN_LEN]) -> String {
    let key = crate::util::random_bytes::<TOKEN_LEN>();
    let mut out = Vec::with_capacity(2 * TOKEN_LEN);
    out.extend_from_slice(&key);
    out.extend(token.iter().zip(key.iter()).map(|(t, k)| t ^ k));
    STANDARD.encode(out)
}

/// Recover the raw token from a masked (64-byte) or raw (32-byte) form token.
pub fn unmask(sent: &str) -> Option<[u8; TOKEN_LEN]> {
    let bytes = STANDARD.decode(sent.trim()).ok()?;
    match bytes.len() {
        TOKEN_LEN => bytes.try_into().ok(),
        n if n == 2 * TOKEN_LEN => {
            let (key, masked) = bytes.split_at(TOKEN_LEN);
            let mut t = [0u8; TOKEN_LEN];
            for i in 0..TOKEN_LEN {
                t[i] = key[i] ^ masked[i];
            }
            Some(t)
        }
        _ => None,
    }
}

/// Constant-time comparison of the cookie token with a form token.
pub fn verify(cookie_token: &[u8; TOKEN_LEN], sent: &str) -> bool {
    match unmask(sent) {
        Some(t) => {
            t.iter()
                .zip(cookie_token.iter())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_roundtrip_and_variation() {
        let t = new_token();
        let a = mask(&t);
        let b = mask(&t);
        assert_ne!(a, b, "every masking must differ");
        assert_eq!(STANDARD.decode(&a).unwrap().len(), 64);
        assert_eq!(unmask(&a).unwrap(), t);
        assert!(verify(&t, &a));
        assert!(verify(&t, &b));
        // The raw token is accepted too.
        assert!(verify(&t, &encode_cookie(&t)));
        // Another token is not.
        let other = new_token();
        assert!(!verify(&other, &a));
        assert!(!verify(&t, "not base64!"));
        assert!(!verify(&t, ""));
        assert!(!verify(&t, &STANDARD.encode([1u8; 10])));
    }

    #[test]
    fn cookie_name_matches_kratos() {
        assert_eq!(
            cookie_name("http://127.0.0.1:4433/"),
            "csrf_token_806060ca5bf70dff3caa0e5c860002aade9d470a5a4dce73bcfa7ba10778f481"
        );
    }

    #[test]
    fn cookie_decode() {
        let t = new_token();
        assert_eq!(decode_cookie(&encode_cookie(&t)).unwrap(), t);
        assert!(decode_cookie("abc").is_none());
    }
}
