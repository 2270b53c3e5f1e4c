//! RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits), base32 secrets, otpauth URLs and the QR code PNG.

use hmac::{Hmac, Mac};
use sha1::Sha1;

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
pub const PERIOD: u64 = 30;
pub const DIGITS: u32 = 6;

pub fn base32_encode(data: &[u8]) -> String {
    let mut out = String::new();
    let mut buf: u64 = 0;
    let mut bits = 0;
    for &b in data {
        buf = (buf << 8) | b as u64;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(B32[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(B32[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf: u64 = 0;
    let mut bits = 0;
    for c in s.trim_end_matches('=').bytes() {
        let v = B32.iter().position(|&x| x == c.to_ascii_uppercase())? as u64;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    Some(out)
}

/// HOTP (RFC 4226) with HMAC-SHA1.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> String {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let off = (h[19] & 0x0f) as usize;
    let bin = ((h[off] as u32 & 0x7f) << 24)
        | ((h[off + 1] as u32) << 16)
        | ((h[off + 2] as u32) << 8)
        | h[off + 3] as u32;
    let code = bin % 10u32.pow(digits);
    format!("{code:0width$}", width = digits as usize)
}

/// TOTP (RFC 6238) at unix time `t`.
pub fn totp_at(key: &[u8], t: u64, digits: u32) -> String {
    hotp(key, t / PERIOD, digits)
}

/// Validate a 6-digit code with one period of skew either side (pquerna/otp's default).
pub fn validate(secret_b32: &str, code: &str, unix: u64) -> bool {
    let Some(key) = base32_decode(secret_b32) else {
        return false;
    };
    let code = code.trim();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let counter = unix / PERIOD;
    [counter.saturating_sub(1), counter, counter + 1]
        .iter()
        .any(|&c| hotp(&key, c, DIGITS) == code)
}

/// A new 20-byte secret, base32 without padding (32 characters), like pquerna/otp.
pub fn new_secret() -> String {
    base32_encode(&crate::util::random_bytes::<20>())
}

/// `otpauth://totp/<issuer>:<account>?algorithm=SHA1&digits=6&issuer=<issuer>&period=30&secret=<s>`
pub fn otpauth_url(issuer: &str, account: &str, secret: &str) -> String {
    let path: String = format!("{issuer}:{account}")
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    let q = crate::util::encode_query(&[
        ("algorithm", "SHA1"),
        ("digits", "6"),
        ("issuer", issuer),
        ("period", "30"),
        ("secret", secret),
    ]);
    format!("otpauth://totp/{path}?{q}")
}

/// The QR code of `data` as a 256×256 16-bit grayscale PNG data URI (like Kratos' boombuler/barcode output).
pub fn qr_data_uri(data: &str) -> Option<String> {
    use base64::Engine;
    let code =
        qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M).ok()?;
    let w = code.width();
    let colors = code.to_colors();
    let size = 256usize;
    let factor = (size / w).max(1);
    let offset = size.saturating_sub(w * factor) / 2;
    let mut pixels = vec![0xFFu8; size * size * 2];
    for y in 0..size {
        for x in 0..size {
            if x < offset || y < offset {
                continue;
            }
            let (mx, my) = ((x - offset) / factor, (y - offset) / factor);
            if mx < w && my < w && colors[my * w + mx] == qrcode::Color::Dark {
                let i = (y * size + x) * 2;
                pixels[i] = 0;
                pixels[i + 1] = 0;
            }
        }
    }
    let mut png_bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png_bytes, size as u32, size as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Sixteen);
        let mut writer = enc.write_header().ok()?;
        writer.write_image_data(&pixels).ok()?;
    }
    Some(format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png_bytes)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vectors() {
        let key = b"12345678901234567890";
        let cases = [
            (59u64, "94287082"),
            (1111111109, "07081804"),
            (1111111111, "14050471"),
            (1234567890, "89005924"),
            (2000000000, "69279037"),
            (20000000000, "65353130"),
        ];
        for (t, want) in cases {
            assert_eq!(totp_at(key, t, 8), want, "t={t}");
        }
    }

    #[test]
    fn rfc4226_vectors() {
        let key = b"12345678901234567890";
        let want = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (i, w) in want.iter().enumerate() {
            assert_eq!(hotp(key, i as u64, 6), *w);
        }
    }

    #[test]
    fn base32_roundtrip() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("MZXW6YTBOI").unwrap(), b"foobar");
        let s = new_secret();
        assert_eq!(s.len(), 32);
        assert_eq!(base32_decode(&s).unwrap().len(), 20);
        assert!(base32_decode("not base32!").is_none());
    }

    #[test]
    fn validate_with_skew() {
        let s = new_secret();
        let key = base32_decode(&s).unwrap();
        let now = 1_700_000_000;
        assert!(validate(&s, &totp_at(&key, now, 6), now));
        assert!(validate(&s, &totp_at(&key, now - 30, 6), now));
        assert!(!validate(&s, &totp_at(&key, now - 90, 6), now));
        assert!(!validate(&s, "abc", now));
        assert!(!validate(&s, "", now));
    }

    #[test]
    fn qr_is_a_256_png() {
        let uri = qr_data_uri(&otpauth_url("kratos-ui", "a@b.c", &new_secret())).unwrap();
        use base64::Engine;
        let b = base64::engine::general_purpose::STANDARD
            .decode(uri.strip_prefix("data:image/png;base64,").unwrap())
            .unwrap();
        let dec = png::Decoder::new(std::io::Cursor::new(b));
        let reader = dec.read_info().unwrap();
        assert_eq!(reader.info().width, 256);
        assert_eq!(reader.info().height, 256);
    }

    #[test]
    fn otpauth_format() {
        assert_eq!(
            otpauth_url("kratos-ui", "a@b.c", "ABC"),
            "otpauth://totp/kratos-ui:a@b.c?algorithm=SHA1&digits=6&issuer=kratos-ui&period=30&secret=ABC"
        );
    }
}
