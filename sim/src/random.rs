//! Random identifiers and secrets in the alphabets the Console uses. All of it comes from the
//! Console's one seeded generator, so `--rng-seed` reproduces every id.

use fastrand::Rng;

pub const LOWER_ALNUM: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
pub const HEX: &[u8] = b"0123456789abcdef";
/// AWS access key ids are base32-ish upper case.
pub const AWS_KEY_ID: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
pub const BASE64ISH: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn string(rng: &mut Rng, alphabet: &[u8], len: usize) -> String {
    (0..len).map(|_| char::from(alphabet[rng.usize(..alphabet.len())])).collect()
}

/// A random (version 4, RFC 4122 variant) UUID, as Azure's app and tenant ids are.
pub fn uuid(rng: &mut Rng) -> String {
    let hex = string(rng, HEX, 30);
    let variant = char::from(b"89ab"[rng.usize(..4)]);
    format!(
        "{}-{}-4{}-{variant}{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..15],
        &hex[15..18],
        &hex[18..]
    )
}

/// A generator that always gives the same values for the same token, so that a file
/// downloaded twice is the same file.
pub fn for_token(id: &str) -> Rng {
    // FNV-1a: stable across runs and Rust versions, unlike the std hasher.
    let seed = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    Rng::with_seed(seed)
}

pub fn bytes(rng: &mut Rng, len: usize) -> Vec<u8> {
    (0..len).map(|_| rng.u8(..)).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids_have_the_version_and_variant() {
        let id = super::uuid(&mut fastrand::Rng::with_seed(3));
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert!(parts[2].starts_with('4') && "89ab".contains(&parts[3][..1]), "{id}");
    }
}
