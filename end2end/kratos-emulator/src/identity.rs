//! Identity creation and updates shared by the admin API and the settings strategies.

use crate::schema::IdentitySchema;
use crate::store::{Address, Credential, Identity};
use crate::ui::msg;
use crate::util;
use serde_json::Value;
use time::OffsetDateTime;

/// Rebuild verifiable/recovery addresses from the traits, keeping existing entries by value.
pub fn sync_addresses(i: &mut Identity, schema: &IdentitySchema, now: OffsetDateTime) {
    let sync = |old: &[Address], wanted: Vec<(String, String)>| -> Vec<Address> {
        wanted
            .into_iter()
            .map(|(value, via)| {
                old.iter()
                    .find(|a| a.value == value && a.via == via)
                    .cloned()
                    .unwrap_or(Address {
                        id: uuid::Uuid::new_v4(),
                        value,
                        via,
                        verified: false,
                        created_at: now,
                        updated_at: now,
                    })
            })
            .collect()
    };
    i.verifiable_addresses = sync(
        &i.verifiable_addresses,
        schema.verifiable_addresses(&i.traits),
    );
    i.recovery_addresses = sync(&i.recovery_addresses, schema.recovery_addresses(&i.traits));
    if let Some(p) = i.password.as_mut() {
        let ids = schema.password_identifiers(&i.traits);
        if p.identifiers != ids {
            p.identifiers = ids;
            p.updated_at = now;
        }
    }
    if let Some(t) = i.totp.as_mut() {
        t.identifiers = vec![i.id.to_string()];
    }
    if let Some(l) = i.lookup.as_mut() {
        l.identifiers = vec![i.id.to_string()];
    }
}

/// Kratos' default password policy: minimum length, bcrypt's 72 byte limit, identifier similarity.
pub fn password_policy(
    password: &str,
    identifiers: &[String],
    min_len: usize,
    similarity_check: bool,
) -> Option<Value> {
    let len = password.len();
    if len < min_len {
        return Some(msg::password_min_length(min_len, len));
    }
    if len > 72 {
        return Some(msg::password_max_length(72, len));
    }
    if similarity_check {
        let pw = password.to_lowercase();
        for id in identifiers.iter().filter(|i| !i.is_empty()) {
            let id = id.to_lowercase();
            let dist = levenshtein(&id, &pw);
            let lcs = lcs_len(&id, &pw) as f32 / pw.chars().count().max(1) as f32;
            if dist < 5 || lcs > 0.5 {
                return Some(msg::password_too_similar());
            }
        }
    }
    None
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Length of the longest common substring.
fn lcs_len(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut best = 0;
    let mut prev = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        let mut cur = vec![0usize; b.len() + 1];
        for j in 1..=b.len() {
            if a[i - 1] == b[j - 1] {
                cur[j] = prev[j - 1] + 1;
                best = best.max(cur[j]);
            }
        }
        prev = cur;
    }
    best
}

pub fn hash_password(password: &str, cost: u32) -> Option<String> {
    bcrypt::hash(password, cost).ok()
}

pub fn new_password_credential(
    hash: String,
    identifiers: Vec<String>,
    now: OffsetDateTime,
) -> Credential<String> {
    Credential {
        data: hash,
        identifiers,
        created_at: now,
        updated_at: now,
    }
}

pub fn new_identity(schema: &IdentitySchema, traits: Value, now: OffsetDateTime) -> Identity {
    let mut i = Identity {
        id: uuid::Uuid::new_v4(),
        schema_id: schema.id.clone(),
        schema_url: schema.url.clone(),
        traits,
        state_changed_at: now,
        verifiable_addresses: vec![],
        recovery_addresses: vec![],
        metadata_public: Value::Null,
        metadata_admin: Value::Null,
        created_at: now,
        updated_at: now,
        password: None,
        totp: None,
        lookup: None,
    };
    sync_addresses(&mut i, schema, now);
    i
}

pub fn now() -> OffsetDateTime {
    util::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        let ids = vec!["hello@example.com".to_string()];
        assert_eq!(
            password_policy("short", &ids, 8, true).unwrap()["id"],
            4000032
        );
        assert_eq!(
            password_policy("hello@example.com12345", &ids, 8, true).unwrap()["id"],
            4000031
        );
        assert_eq!(
            password_policy(&"x".repeat(80), &ids, 8, true).unwrap()["id"],
            4000033
        );
        assert!(password_policy("l3f9toh1uaf81n21", &ids, 8, true).is_none());
    }

    #[test]
    fn hash_is_not_the_password() {
        let h = hash_password("correct horse battery", 4).unwrap();
        assert_ne!(h, "correct horse battery");
        assert!(!h.contains("correct horse battery"));
        assert!(h.starts_with("$2"));
        assert!(bcrypt::verify("correct horse battery", &h).unwrap());
        assert!(!bcrypt::verify("wrong", &h).unwrap());
    }
}
