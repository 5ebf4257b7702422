//! What can go wrong with the saved settings, in sentences a person reads. None of them carries
//! stored data, a passphrase or a key: they can be shown and logged as they are.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser refused to read or write (storage disabled, quota full).
    Unavailable,
    /// The stored plain document is damaged or from an incompatible version.
    Unreadable,
    /// The passphrase does not open the locked settings.
    WrongPassphrase,
    /// The locked settings are malformed or were altered (salt, IV, ciphertext, envelope).
    Damaged,
    /// No WebCrypto here: `crypto.subtle` exists only in secure contexts (HTTPS, localhost,
    /// extension pages), so a plain-http intranet page cannot encrypt or decrypt.
    CryptoUnavailable,
    /// The settings are locked: unlock them before saving or changing how they are kept.
    Locked,
    /// A passphrase was set to the empty string.
    EmptyPassphrase,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Unavailable => {
                "The browser did not let the app use its storage: settings cannot be saved here."
            }
            Self::Unreadable => "The saved settings could not be read; they were left untouched.",
            Self::WrongPassphrase => {
                "That passphrase does not unlock the saved settings. Check it and try again; nothing was changed."
            }
            Self::Damaged => {
                "The locked settings are damaged or were altered, so they cannot be unlocked. They were left untouched; use Forget all to remove them and connect again."
            }
            Self::CryptoUnavailable => {
                "This page cannot encrypt: browsers offer WebCrypto only to secure pages, and this one is not. Open the app over HTTPS (or use the browser extension) to lock or unlock settings with a passphrase."
            }
            Self::Locked => {
                "The saved settings are locked with a passphrase: unlock them first. Nothing was saved."
            }
            Self::EmptyPassphrase => "Enter a passphrase: it cannot be empty.",
        })
    }
}

impl std::error::Error for StoreError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_a_sentence_without_jargon_codes() {
        for e in [
            StoreError::Unavailable,
            StoreError::Unreadable,
            StoreError::WrongPassphrase,
            StoreError::Damaged,
            StoreError::CryptoUnavailable,
            StoreError::Locked,
            StoreError::EmptyPassphrase,
        ] {
            let text = e.to_string();
            assert!(text.ends_with('.') && text.len() > 20, "{text}");
            assert!(!text.contains("Error") && !text.contains("DOMException"), "{text}");
        }
        assert!(StoreError::CryptoUnavailable.to_string().contains("HTTPS"));
    }
}
