//! The stored forms of the settings document and how to tell them apart. Pure: no browser.
//!
//! A passphrase-locked document is a small versioned JSON envelope:
//!
//! ```json
//! {"format":"canarytoken-manager/vault","version":1,
//!  "kdf":"PBKDF2-SHA-256","iterations":600000,"salt":"<16 bytes, base64>",
//!  "cipher":"AES-GCM-256","iv":"<12 bytes, base64>","ciphertext":"<base64>",
//!  "check":"<32 bytes, base64>"}
//! ```
//!
//! `ciphertext` is AES-GCM (128-bit tag appended, as WebCrypto returns it) of the plain settings
//! JSON, with [`ASSOCIATED_DATA`] authenticated alongside. `check` is SHA-256 of
//! [`Sealed::checked_bytes`]: it is not a secret and proves nothing against an attacker (the
//! GCM tag does that), but it tells accidental damage ("the vault is damaged") apart from a
//! wrong passphrase, which AES-GCM alone cannot.
//!
//! A plain document is the [`Settings`] JSON itself (the format before the vault existed), so it
//! is recognised by having no `format` field.

use super::base64;
use super::{Settings, StoreError};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "canarytoken-manager/vault";
pub const VERSION: u32 = 1;
pub const KDF: &str = "PBKDF2-SHA-256";
pub const CIPHER: &str = "AES-GCM-256";
/// OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA256, 600,000 iterations. Stored in each
/// document, so raising it later re-keys old vaults when they are next unlocked.
pub const ITERATIONS: u32 = 600_000;
/// Documents asking for fewer iterations are refused as damaged: nothing this app wrote.
pub const MIN_ITERATIONS: u32 = 100_000;
/// Documents asking for more are refused too: a tampered count must not freeze the page.
pub const MAX_ITERATIONS: u32 = 10_000_000;
pub const SALT_LEN: usize = 16;
pub const IV_LEN: usize = 12;
/// AES-GCM's authentication tag, the shortest possible ciphertext.
pub const TAG_LEN: usize = 16;
/// Authenticated with every ciphertext: binds it to this format and version.
pub const ASSOCIATED_DATA: &[u8] = b"canarytoken-manager/vault v1";

/// A decoded, well-formed envelope. Whether it decrypts is another matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    pub iterations: u32,
    pub salt: [u8; SALT_LEN],
    pub iv: [u8; IV_LEN],
    pub ciphertext: Vec<u8>,
    pub check: [u8; 32],
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    format: String,
    version: u32,
    kdf: String,
    iterations: u32,
    salt: String,
    cipher: String,
    iv: String,
    ciphertext: String,
    check: String,
}

/// Just enough of any stored document to tell the formats apart.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u32>,
}

impl Sealed {
    /// Reads an envelope. Anything malformed is [`StoreError::Damaged`]; a newer version is
    /// [`StoreError::Unreadable`].
    pub fn parse(json: &str) -> Result<Self, StoreError> {
        let probe: Probe = serde_json::from_str(json).map_err(|_| StoreError::Damaged)?;
        if probe.format.as_deref() != Some(FORMAT) {
            return Err(StoreError::Damaged);
        }
        match probe.version {
            Some(VERSION) => {}
            Some(v) if v > VERSION => return Err(StoreError::Unreadable),
            _ => return Err(StoreError::Damaged),
        }
        let wire: Wire = serde_json::from_str(json).map_err(|_| StoreError::Damaged)?;
        if wire.kdf != KDF
            || wire.cipher != CIPHER
            || !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&wire.iterations)
        {
            return Err(StoreError::Damaged);
        }
        let ciphertext = base64::decode(&wire.ciphertext).ok_or(StoreError::Damaged)?;
        if ciphertext.len() < TAG_LEN {
            return Err(StoreError::Damaged);
        }
        Ok(Self {
            iterations: wire.iterations,
            salt: fixed(&wire.salt)?,
            iv: fixed(&wire.iv)?,
            ciphertext,
            check: fixed(&wire.check)?,
        })
    }

    pub fn to_json(&self) -> String {
        let wire = Wire {
            format: FORMAT.to_owned(),
            version: VERSION,
            kdf: KDF.to_owned(),
            iterations: self.iterations,
            salt: base64::encode(&self.salt),
            cipher: CIPHER.to_owned(),
            iv: base64::encode(&self.iv),
            ciphertext: base64::encode(&self.ciphertext),
            check: base64::encode(&self.check),
        };
        serde_json::to_string(&wire).expect("the envelope is plain data")
    }

    /// What `check` is the SHA-256 of: the format, version and every parameter and byte that
    /// decryption depends on (salt and IV have fixed lengths, so the joins are unambiguous).
    pub fn checked_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(64 + self.ciphertext.len());
        bytes.extend_from_slice(FORMAT.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(&VERSION.to_be_bytes());
        bytes.extend_from_slice(&self.iterations.to_be_bytes());
        bytes.extend_from_slice(&self.salt);
        bytes.extend_from_slice(&self.iv);
        bytes.extend_from_slice(&self.ciphertext);
        bytes
    }
}

fn fixed<const N: usize>(text: &str) -> Result<[u8; N], StoreError> {
    base64::decode(text).and_then(|b| b.try_into().ok()).ok_or(StoreError::Damaged)
}

/// What a storage area holds under the settings key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    Nothing,
    /// The unencrypted settings (the format of every version before the vault).
    Plain(Settings),
    Sealed(Sealed),
}

/// Tells the stored formats apart and reads the one found. A damaged plain document is
/// [`StoreError::Unreadable`] (as before the vault); a damaged envelope is
/// [`StoreError::Damaged`].
pub fn detect(document: Option<&str>) -> Result<Stored, StoreError> {
    let Some(json) = document else { return Ok(Stored::Nothing) };
    let probe: Probe = serde_json::from_str(json).map_err(|_| {
        if starts_like_a_vault(json) { StoreError::Damaged } else { StoreError::Unreadable }
    })?;
    match probe.format.as_deref() {
        None => Settings::from_json(json).map(Stored::Plain),
        Some(FORMAT) => Sealed::parse(json).map(Stored::Sealed),
        Some(_) => Err(StoreError::Unreadable),
    }
}

/// Whether a stored document claims to be a vault envelope, readable or not. Such a document
/// is never overwritten by anything but the holder of its key (or "Forget all").
pub fn is_vault(document: Option<&str>) -> bool {
    document.is_some_and(|json| match serde_json::from_str::<Probe>(json) {
        Ok(probe) => probe.format.as_deref() == Some(FORMAT),
        Err(_) => starts_like_a_vault(json),
    })
}

/// An envelope cut short is no longer JSON, but [`Sealed::to_json`] always writes `format`
/// first, so it is still recognisable.
fn starts_like_a_vault(text: &str) -> bool {
    text.starts_with(r#"{"format":"canarytoken-manager/vault""#)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sealed {
        Sealed {
            iterations: ITERATIONS,
            salt: [1; SALT_LEN],
            iv: [2; IV_LEN],
            ciphertext: vec![3; 40],
            check: [4; 32],
        }
    }

    #[test]
    fn the_envelope_round_trips_in_a_fixed_shape() {
        let json = sample().to_json();
        assert_eq!(
            json,
            concat!(
                r#"{"format":"canarytoken-manager/vault","version":1,"kdf":"PBKDF2-SHA-256","#,
                r#""iterations":600000,"salt":"AQEBAQEBAQEBAQEBAQEBAQ==","cipher":"AES-GCM-256","#,
                r#""iv":"AgICAgICAgICAgIC","ciphertext":"AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAw==","#,
                r#""check":"BAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ="}"#
            )
        );
        assert_eq!(Sealed::parse(&json), Ok(sample()));
        assert_eq!(detect(Some(&json)), Ok(Stored::Sealed(sample())));
        assert!(is_vault(Some(&json)));
    }

    fn with(field: &str, value: serde_json::Value) -> String {
        let mut doc: serde_json::Value = serde_json::from_str(&sample().to_json()).unwrap();
        doc[field] = value;
        doc.to_string()
    }

    fn without(field: &str) -> String {
        let mut doc: serde_json::Value = serde_json::from_str(&sample().to_json()).unwrap();
        doc.as_object_mut().unwrap().remove(field);
        doc.to_string()
    }

    #[test]
    fn malformed_envelopes_are_damaged() {
        use serde_json::json;
        let damaged = [
            with("salt", json!(base64::encode(&[1; 15]))),
            with("salt", json!(base64::encode(&[1; 17]))),
            with("iv", json!(base64::encode(&[2; 16]))),
            with("check", json!(base64::encode(&[4; 31]))),
            with("ciphertext", json!(base64::encode(&[3; TAG_LEN - 1]))),
            with("ciphertext", json!("not base64!")),
            with("salt", json!("AQEBAQEBAQEBAQEBAQEBAQ")),
            with("iv", json!(12)),
            with("kdf", json!("PBKDF2-SHA-1")),
            with("cipher", json!("AES-CBC-256")),
            with("iterations", json!(MIN_ITERATIONS - 1)),
            with("iterations", json!(MAX_ITERATIONS + 1)),
            with("iterations", json!(-1)),
            with("iterations", json!("600000")),
            with("version", json!(0)),
            with("extra", json!("field")),
            without("check"),
            without("salt"),
            without("version"),
        ];
        for doc in damaged {
            assert_eq!(Sealed::parse(&doc), Err(StoreError::Damaged), "{doc}");
            assert_eq!(detect(Some(&doc)), Err(StoreError::Damaged), "{doc}");
            assert!(is_vault(Some(&doc)), "{doc}");
        }
        let json = sample().to_json();
        for cut in [38, json.len() / 2, json.len() - 1] {
            assert_eq!(detect(Some(&json[..cut])), Err(StoreError::Damaged), "{cut}");
            assert!(is_vault(Some(&json[..cut])));
        }
        assert_eq!(detect(Some(&json[..10])), Err(StoreError::Unreadable));
        assert_eq!(Sealed::parse(r#"{"profiles":[]}"#), Err(StoreError::Damaged));
    }

    #[test]
    fn a_newer_vault_version_is_unreadable_not_damaged() {
        let doc = with("version", serde_json::json!(2));
        assert_eq!(detect(Some(&doc)), Err(StoreError::Unreadable));
        assert!(is_vault(Some(&doc)));
    }

    #[test]
    fn plain_documents_are_told_apart_from_envelopes() {
        assert_eq!(detect(None), Ok(Stored::Nothing));
        let plain = r#"{"profiles":[{"name":"n","console":"https://a.canary.tools","key":"k"}],"active":0}"#;
        match detect(Some(plain)) {
            Ok(Stored::Plain(s)) => assert_eq!(s.active_profile().unwrap().key.expose(), "k"),
            other => panic!("{other:?}"),
        }
        assert!(!is_vault(Some(plain)));
        assert_eq!(detect(Some("{}")), Ok(Stored::Plain(Settings::default())));
        assert_eq!(detect(Some("{not json")), Err(StoreError::Unreadable));
        assert_eq!(detect(Some("[1,2]")), Err(StoreError::Unreadable));
        assert_eq!(detect(Some(r#"{"format":"someone-else"}"#)), Err(StoreError::Unreadable));
        assert!(!is_vault(None) && !is_vault(Some("{not json")));
    }

    #[test]
    fn checked_bytes_cover_every_decryption_input() {
        let base = sample().checked_bytes();
        let mut changed = Vec::new();
        let mut s = sample();
        s.iterations += 1;
        changed.push(s.checked_bytes());
        let mut s = sample();
        s.salt[15] ^= 1;
        changed.push(s.checked_bytes());
        let mut s = sample();
        s.iv[0] ^= 1;
        changed.push(s.checked_bytes());
        let mut s = sample();
        s.ciphertext[39] ^= 1;
        changed.push(s.checked_bytes());
        for c in changed {
            assert_ne!(c, base);
        }
    }
}
