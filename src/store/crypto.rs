//! The passphrase lock's cryptography, all of it WebCrypto (nothing in the wasm bundle):
//! PBKDF2-SHA-256 turns the passphrase and a random 16-byte salt into an AES-GCM-256 key;
//! each save encrypts with a fresh random 12-byte IV.
//!
//! The derived key is kept by the open vault for the session, so saving costs one AES-GCM call,
//! not another 600,000 PBKDF2 rounds (slow on purpose: a noticeable pause on a slow laptop,
//! every time). In the extension the key's raw bytes also go to `storage.session` (memory only,
//! readable by the extension's own pages) so that the workbench tab opens unlocked when the
//! popup was unlocked; nothing else stores it, and locking removes it. Script running in the
//! page could use the key while the vault is open, but it could read the decrypted settings
//! then anyway.

use super::StoreError;
use super::base64;
use super::envelope::{self, ASSOCIATED_DATA, IV_LEN, SALT_LEN, Sealed};
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, Crypto, CryptoKey, Pbkdf2Params, SubtleCrypto};

/// A key derived from a passphrase, with the salt and iteration count that produced it.
pub struct Sealer {
    key: CryptoKey,
    salt: [u8; SALT_LEN],
    iterations: u32,
}

/// Whether this page can lock settings with a passphrase: `crypto.subtle` exists only in secure
/// contexts (HTTPS, `localhost`, extension pages).
pub fn available() -> bool {
    subtle().is_ok()
}

impl Sealer {
    /// A new key for `passphrase`: fresh random salt, the current iteration count.
    pub async fn create(passphrase: &str) -> Result<Self, StoreError> {
        let salt = random::<SALT_LEN>()?;
        Self::derive(passphrase, salt, envelope::ITERATIONS).await
    }

    /// The key `passphrase` gives with this salt and count (runs PBKDF2: slow on purpose).
    /// The passphrase is NFC-normalised first, so the same words typed through another input
    /// method (composed or decomposed accents) open the same vault.
    pub async fn derive(
        passphrase: &str,
        salt: [u8; SALT_LEN],
        iterations: u32,
    ) -> Result<Self, StoreError> {
        let subtle = subtle()?;
        let normalised = String::from(js_sys::JsString::from(passphrase).normalize("NFC"));
        let secret = Uint8Array::from(normalised.as_bytes());
        let base: CryptoKey = call(subtle.import_key_with_str(
            "raw",
            &secret,
            "PBKDF2",
            false,
            &usages(&["deriveKey"]),
        ))
        .await?;
        let params = Pbkdf2Params::new_with_str(
            "PBKDF2",
            "SHA-256",
            iterations,
            &Uint8Array::from(&salt[..]),
        );
        let key: CryptoKey = call(subtle.derive_key_with_object_and_object(
            &params,
            &base,
            &AesDerivedKeyParams::new("AES-GCM", 256),
            true,
            &usages(&["encrypt", "decrypt"]),
        ))
        .await?;
        Ok(Self { key, salt, iterations })
    }

    /// The key's raw bytes with its salt and count, to hand to another page of the extension.
    pub async fn export(&self) -> Result<HandedKey, StoreError> {
        let raw: js_sys::ArrayBuffer = call(subtle()?.export_key("raw", &self.key)).await?;
        Ok(HandedKey {
            key: Uint8Array::new(&raw).to_vec(),
            salt: self.salt,
            iterations: self.iterations,
        })
    }

    /// The key another page handed over.
    pub async fn import(handed: &HandedKey) -> Result<Self, StoreError> {
        let key: CryptoKey = call(subtle()?.import_key_with_str(
            "raw",
            &Uint8Array::from(&handed.key[..]),
            "AES-GCM",
            true,
            &usages(&["encrypt", "decrypt"]),
        ))
        .await?;
        Ok(Self { key, salt: handed.salt, iterations: handed.iterations })
    }

    /// Whether `sealed` was written with this key's salt and count (and so, by this key, unless
    /// someone tampered with it).
    pub fn made(&self, sealed: &Sealed) -> bool {
        self.salt == sealed.salt && self.iterations == sealed.iterations
    }

    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// Encrypts `plaintext` under a fresh random IV.
    pub async fn seal(&self, plaintext: &[u8]) -> Result<Sealed, StoreError> {
        let subtle = subtle()?;
        let iv = random::<IV_LEN>()?;
        let ciphertext = call::<js_sys::ArrayBuffer>(subtle.encrypt_with_object_and_js_u8_array(
            &gcm(&iv),
            &self.key,
            &Uint8Array::from(plaintext),
        ))
        .await?;
        let mut sealed = Sealed {
            iterations: self.iterations,
            salt: self.salt,
            iv,
            ciphertext: Uint8Array::new(&ciphertext).to_vec(),
            check: [0; 32],
        };
        sealed.check = checksum(&sealed).await?;
        Ok(sealed)
    }

    /// Decrypts `sealed`. A failed authentication is [`StoreError::WrongPassphrase`]: run
    /// [`verify`] first to tell damage apart.
    pub async fn open(&self, sealed: &Sealed) -> Result<Vec<u8>, StoreError> {
        let subtle = subtle()?;
        let promise = subtle
            .decrypt_with_object_and_js_u8_array(
                &gcm(&sealed.iv),
                &self.key,
                &Uint8Array::from(&sealed.ciphertext[..]),
            )
            .map_err(|_| StoreError::CryptoUnavailable)?;
        let plaintext = JsFuture::from(promise).await.map_err(|_| StoreError::WrongPassphrase)?;
        Ok(Uint8Array::new(&plaintext).to_vec())
    }
}

/// An open vault's key as one page of the extension hands it to another: `salt.iterations.key`
/// in base64, kept in `storage.session` only.
#[derive(Clone, PartialEq, Eq)]
pub struct HandedKey {
    key: Vec<u8>,
    salt: [u8; SALT_LEN],
    iterations: u32,
}

impl HandedKey {
    pub fn to_text(&self) -> String {
        format!("{}.{}.{}", base64::encode(&self.salt), self.iterations, base64::encode(&self.key))
    }

    pub fn from_text(text: &str) -> Option<Self> {
        let mut parts = text.split('.');
        let salt = base64::decode(parts.next()?)?.try_into().ok()?;
        let iterations = parts.next()?.parse().ok()?;
        let key = base64::decode(parts.next()?)?;
        (key.len() == 32 && parts.next().is_none()).then_some(Self { key, salt, iterations })
    }

    /// Whether `sealed` was written under this key's salt and count.
    pub fn fits(&self, sealed: &Sealed) -> bool {
        self.salt == sealed.salt && self.iterations == sealed.iterations
    }
}

impl std::fmt::Debug for HandedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HandedKey(..)")
    }
}

/// Refuses an envelope whose bytes no longer match its `check` ([`StoreError::Damaged`]).
pub async fn verify(sealed: &Sealed) -> Result<(), StoreError> {
    if checksum(sealed).await? == sealed.check { Ok(()) } else { Err(StoreError::Damaged) }
}

/// SHA-256 of [`Sealed::checked_bytes`].
pub async fn checksum(sealed: &Sealed) -> Result<[u8; 32], StoreError> {
    let subtle = subtle()?;
    let bytes = Uint8Array::from(&sealed.checked_bytes()[..]);
    let digest =
        call::<js_sys::ArrayBuffer>(subtle.digest_with_str_and_js_u8_array("SHA-256", &bytes))
            .await?;
    Uint8Array::new(&digest).to_vec().try_into().map_err(|_| StoreError::CryptoUnavailable)
}

fn gcm(iv: &[u8; IV_LEN]) -> AesGcmParams {
    let params = AesGcmParams::new_with_u8_array("AES-GCM", &Uint8Array::from(&iv[..]));
    params.set_additional_data_u8_array(&Uint8Array::from(ASSOCIATED_DATA));
    params
}

fn usages(names: &[&str]) -> Array {
    names.iter().map(|n| JsValue::from_str(n)).collect()
}

fn crypto() -> Result<Crypto, StoreError> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(StoreError::CryptoUnavailable)
}

fn subtle() -> Result<SubtleCrypto, StoreError> {
    let subtle = Reflect::get(&crypto()?.into(), &JsValue::from_str("subtle"))
        .map_err(|_| StoreError::CryptoUnavailable)?;
    if subtle.is_object() {
        Ok(subtle.unchecked_into())
    } else {
        Err(StoreError::CryptoUnavailable)
    }
}

fn random<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut bytes = [0; N];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| StoreError::CryptoUnavailable)?;
    Ok(bytes)
}

/// Awaits a WebCrypto promise. Its failures (other than decryption's) mean the browser cannot
/// do what the vault needs.
async fn call<T: JsCast>(promise: Result<js_sys::Promise, JsValue>) -> Result<T, StoreError> {
    let promise = promise.map_err(|_| StoreError::CryptoUnavailable)?;
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .ok_or(StoreError::CryptoUnavailable)
}
