//! The API key and how it travels. The key can create and delete tripwires across a company:
//! it has no `Display`, its `Debug` is redacted, and only the transport reads it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A Console API key (global or flock). Read it with [`ApiKey::expose`] only where it leaves
/// for the Console or for the settings store.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into().trim().to_owned())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// How the key reaches the Console. The header keeps it out of URLs and form bodies; the
/// parameter is the fallback for Consoles or proxies that drop custom headers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthStyle {
    #[default]
    Header,
    Param,
}

impl AuthStyle {
    pub const HEADER_NAME: &'static str = "X-Canary-Auth-Token";
    pub const PARAM_NAME: &'static str = "auth_token";
}

/// What a profile sends with each request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    pub key: ApiKey,
    pub style: AuthStyle,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let key = ApiKey::new("0123456789abcdef0123456789abcdef");
        let shown = format!("{:?}", Credentials { key, style: AuthStyle::Param });
        assert!(!shown.contains("0123456789abcdef"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn keys_are_trimmed_and_serialise_as_plain_strings() {
        let key = ApiKey::new("  abc \n");
        assert_eq!(key.expose(), "abc");
        assert_eq!(serde_json::to_string(&key).unwrap(), "\"abc\"");
        assert_eq!(serde_json::to_string(&AuthStyle::Param).unwrap(), "\"param\"");
    }
}
