//! Settings and secrets: the saved Console profiles, serialised to one JSON document and kept
//! by a [`Backend`] (`chrome.storage.local` in the extension, `localStorage` on the web page).

mod backend;

pub use backend::{Backend, StoreError};

use crate::api::{ApiKey, AuthStyle, ConsoleUrl, Credentials};
use serde::{Deserialize, Serialize};

/// One Console the user works with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub console: ConsoleUrl,
    pub key: ApiKey,
    #[serde(default)]
    pub auth_style: AuthStyle,
}

impl Profile {
    pub fn new(console: ConsoleUrl, key: ApiKey) -> Self {
        Self { name: console.host().to_owned(), console, key, auth_style: AuthStyle::default() }
    }

    pub fn credentials(&self) -> Credentials {
        Credentials { key: self.key.clone(), style: self.auth_style }
    }
}

/// Everything the app remembers between openings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// Index into `profiles` of the Console in use.
    #[serde(default)]
    pub active: Option<usize>,
}

impl Settings {
    /// The storage key of the settings document.
    pub const STORAGE_KEY: &'static str = "canarytoken-manager/settings";

    pub fn from_json(json: &str) -> Result<Self, StoreError> {
        let mut settings: Self = serde_json::from_str(json).map_err(|_| StoreError::Unreadable)?;
        if settings.active.is_some_and(|i| i >= settings.profiles.len()) {
            settings.active = None;
        }
        Ok(settings)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("settings are plain data")
    }

    pub fn active_profile(&self) -> Option<&Profile> {
        self.profiles.get(self.active?)
    }

    /// Saves `profile` as the active one, replacing the profile for the same Console.
    pub fn use_profile(&mut self, profile: Profile) {
        let index = match self.profiles.iter().position(|p| p.console == profile.console) {
            Some(i) => {
                self.profiles[i] = profile;
                i
            }
            None => {
                self.profiles.push(profile);
                self.profiles.len() - 1
            }
        };
        self.active = Some(index);
    }

    pub async fn load(backend: &Backend) -> Result<Self, StoreError> {
        match backend.get(Self::STORAGE_KEY).await? {
            Some(json) => Self::from_json(&json),
            None => Ok(Self::default()),
        }
    }

    pub async fn save(&self, backend: &Backend) -> Result<(), StoreError> {
        backend.set(Self::STORAGE_KEY, &self.to_json()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(url: &str, key: &str) -> Profile {
        Profile::new(ConsoleUrl::parse(url).unwrap(), ApiKey::new(key))
    }

    #[test]
    fn settings_round_trip_through_json() {
        let mut settings = Settings::default();
        settings.use_profile(profile("ab12cd34", "k1"));
        let json = settings.to_json();
        assert_eq!(
            json,
            r#"{"profiles":[{"name":"ab12cd34.canary.tools","console":"https://ab12cd34.canary.tools","key":"k1","auth_style":"header"}],"active":0}"#
        );
        assert_eq!(Settings::from_json(&json).unwrap(), settings);
    }

    #[test]
    fn reconnecting_to_a_console_replaces_its_profile() {
        let mut settings = Settings::default();
        settings.use_profile(profile("ab12cd34", "old"));
        settings.use_profile(profile("http://127.0.0.1:8080", "local"));
        settings.use_profile(profile("https://AB12CD34.canary.tools/nest", "new"));
        assert_eq!(settings.profiles.len(), 2);
        assert_eq!(settings.active, Some(0));
        assert_eq!(settings.active_profile().unwrap().key.expose(), "new");
    }

    #[test]
    fn damaged_documents_are_refused_not_guessed() {
        assert_eq!(Settings::from_json("{not json"), Err(StoreError::Unreadable));
        let bad_url = r#"{"profiles":[{"name":"x","console":"ftp://x","key":"k"}]}"#;
        assert_eq!(Settings::from_json(bad_url), Err(StoreError::Unreadable));
        let stale = Settings::from_json(r#"{"profiles":[],"active":3}"#).unwrap();
        assert_eq!(stale.active, None);
        assert_eq!(Settings::from_json("{}").unwrap(), Settings::default());
    }

    #[test]
    fn older_documents_without_auth_style_use_the_header() {
        let json = r#"{"profiles":[{"name":"n","console":"https://a.canary.tools","key":"k"}],"active":0}"#;
        let settings = Settings::from_json(json).unwrap();
        assert_eq!(settings.active_profile().unwrap().auth_style, AuthStyle::Header);
    }
}
