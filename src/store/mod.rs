//! Settings and secrets: the saved Console profiles, serialised to one JSON document and kept
//! by a [`Backend`] (`chrome.storage.local` in the extension, `localStorage` on the web page).
//!
//! [`Vault`] is the way in: where the document is kept ([`Persistence`]), an optional
//! passphrase lock (WebCrypto; [`envelope`] has the stored format), "Forget all", and
//! [`IdleLock`] to decide when an idle app locks itself. Several windows (the popup, workbench
//! tabs) may save at once: [`merge`] keeps what each of them saved.

mod backend;
mod base64;
pub mod crypto;
pub mod envelope;
mod error;
mod idle;
pub mod merge;
mod vault;

pub use backend::{Areas, Backend, KEY_PREFIX};
pub use error::StoreError;
pub use idle::IdleLock;
pub use vault::{Opened, Persistence, Synced, Vault};

use crate::api::{ApiKey, AuthStyle, ConsoleUrl, Credentials};
use serde::{Deserialize, Serialize};

/// One Console the user works with.
///
/// Equality compares what the user sees (name, Console, key, auth style), not the bookkeeping
/// that lets two windows merge their saves (`id`, `changed`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub console: ConsoleUrl,
    pub key: ApiKey,
    #[serde(default)]
    pub auth_style: AuthStyle,
    /// Stays the same through edits, in every window; given when first saved.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// When it last changed, in ms since the epoch (0: before merging existed).
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub changed: u64,
}

impl PartialEq for Profile {
    fn eq(&self, other: &Self) -> bool {
        self.same_as(other)
    }
}

impl Eq for Profile {}

impl Profile {
    pub fn new(console: ConsoleUrl, key: ApiKey) -> Self {
        Self {
            name: console.host().to_owned(),
            console,
            key,
            auth_style: AuthStyle::default(),
            id: String::new(),
            changed: 0,
        }
    }

    /// The same profile as the user sees it: bookkeeping aside.
    pub fn same_as(&self, other: &Self) -> bool {
        self.name == other.name
            && self.console == other.console
            && self.key == other.key
            && self.auth_style == other.auth_style
    }

    pub fn credentials(&self) -> Credentials {
        Credentials { key: self.key.clone(), style: self.auth_style }
    }
}

/// Everything the app remembers between openings.
///
/// Equality compares what the user sees (the profiles, the one in use, the idle lock), not
/// the bookkeeping [`merge`] keeps (`removed`, `stamps`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// Index into `profiles` of the Console in use.
    #[serde(default)]
    pub active: Option<usize>,
    /// Lock after this many idle minutes when a passphrase is set; 0 never.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lock_after_minutes: u32,
    /// Profiles removed, so that a window that still shows one does not bring it back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<merge::Removed>,
    /// When `active`, `lock_after_minutes` and `recent_kinds` last changed.
    #[serde(default, skip_serializing_if = "merge::Stamps::is_empty")]
    pub stamps: merge::Stamps,
    /// The kinds created last, newest first (at most [`RECENT_KINDS`]): the picker offers them
    /// first. Kept with the settings, so "this session only" keeps them off the disk too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recent_kinds: Vec<String>,
}

/// How many recently created kinds the picker offers first.
pub const RECENT_KINDS: usize = 4;

impl PartialEq for Settings {
    fn eq(&self, other: &Self) -> bool {
        self.profiles == other.profiles
            && self.active == other.active
            && self.lock_after_minutes == other.lock_after_minutes
            && self.recent_kinds == other.recent_kinds
    }
}

impl Eq for Settings {}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_zero_u64(n: &u64) -> bool {
    *n == 0
}

impl Settings {
    /// Notes that a token of `kind` was created: it comes first among the recent kinds, once.
    pub fn note_created(&mut self, kind: &str) {
        self.recent_kinds.retain(|k| k != kind);
        self.recent_kinds.insert(0, kind.to_owned());
        self.recent_kinds.truncate(RECENT_KINDS);
    }

    /// The storage key of the settings document.
    pub const STORAGE_KEY: &'static str = "canarytoken-manager/settings";

    pub fn from_json(json: &str) -> Result<Self, StoreError> {
        let mut settings: Self = serde_json::from_str(json).map_err(|_| StoreError::Unreadable)?;
        if settings.active.is_some_and(|i| i >= settings.profiles.len()) {
            settings.active = None;
        }
        merge::name_unnamed(&mut settings);
        Ok(settings)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("settings are plain data")
    }

    pub fn active_profile(&self) -> Option<&Profile> {
        self.profiles.get(self.active?)
    }

    /// Saves `profile` as the active one, replacing the profile of the same name for the same
    /// Console (so that connecting again updates it, while "Acme read-only" beside "Acme"
    /// stays a profile of its own).
    pub fn use_profile(&mut self, mut profile: Profile) {
        let same = |p: &&Profile| p.console == profile.console && p.name == profile.name;
        let index = match self.profiles.iter().position(|p| same(&p)) {
            Some(i) => {
                profile.id = std::mem::take(&mut self.profiles[i].id);
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

    /// Replaces the profile at `index` (an edit) and makes it the active one.
    pub fn replace_profile(&mut self, index: usize, mut profile: Profile) {
        if let Some(slot) = self.profiles.get_mut(index) {
            // The same profile, edited: other windows know it by its id.
            profile.id = std::mem::take(&mut slot.id);
            *slot = profile;
            self.active = Some(index);
        }
    }

    /// Forgets the profile at `index`; the active one stays active (or none is).
    pub fn remove_profile(&mut self, index: usize) {
        if index >= self.profiles.len() {
            return;
        }
        self.profiles.remove(index);
        self.active = match self.active {
            Some(a) if a == index => None,
            Some(a) if a > index => Some(a - 1),
            other => other,
        };
    }

    /// Reads the plain settings from `backend` (the way before [`Vault`]; use
    /// [`Vault::open`]). Passphrase-locked settings are [`StoreError::Locked`] here.
    pub async fn load(backend: &Backend) -> Result<Self, StoreError> {
        let document = backend.get(Self::STORAGE_KEY).await?;
        match envelope::detect(document.as_deref())? {
            envelope::Stored::Nothing => Ok(Self::default()),
            envelope::Stored::Plain(settings) => Ok(settings),
            envelope::Stored::Sealed(_) => Err(StoreError::Locked),
        }
    }

    /// Writes the settings as plain JSON to `backend` (the way before [`Vault`]; use
    /// [`Vault::save`]). Refuses to replace passphrase-locked settings with plain ones.
    pub async fn save(&self, backend: &Backend) -> Result<(), StoreError> {
        let document = backend.get(Self::STORAGE_KEY).await?;
        if envelope::is_vault(document.as_deref()) {
            return Err(envelope::detect(document.as_deref()).err().unwrap_or(StoreError::Locked));
        }
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
    fn the_latest_kind_comes_first_once_and_four_are_kept() {
        let mut s = Settings::default();
        for kind in ["dns", "http", "dns", "aws-id", "pdf-acrobat-reader", "qr-code"] {
            s.note_created(kind);
        }
        assert_eq!(s.recent_kinds, ["qr-code", "pdf-acrobat-reader", "aws-id", "dns"]);
        let back = Settings::from_json(&s.to_json()).unwrap();
        assert_eq!(back.recent_kinds, s.recent_kinds);
        assert!(!Settings::default().to_json().contains("recent_kinds"), "absent until used");
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
        let read = Settings::from_json(&json).unwrap();
        assert!(!read.profiles[0].id.is_empty(), "a profile saved before ids gets one on reading");
        assert_eq!(read.profiles[0].id, Settings::from_json(&json).unwrap().profiles[0].id);
    }

    #[test]
    fn edits_keep_the_profile_id() {
        let mut settings = Settings::from_json(
            r#"{"profiles":[{"name":"n","console":"https://a.canary.tools","key":"k","id":"p1"}],"active":0}"#,
        )
        .unwrap();
        settings.replace_profile(0, profile("https://b.canary.tools", "k2"));
        assert_eq!(settings.profiles[0].id, "p1");
        let mut again = profile("https://b.canary.tools", "k3");
        again.name = settings.profiles[0].name.clone();
        settings.use_profile(again);
        assert_eq!((settings.profiles.len(), settings.profiles[0].id.as_str()), (1, "p1"));
        assert!(settings.to_json().contains(r#""id":"p1""#));
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
    fn profiles_are_edited_and_removed_by_position() {
        let mut settings = Settings::default();
        settings.use_profile(profile("aaaa1111", "a"));
        settings.use_profile(profile("bbbb2222", "b"));
        settings.use_profile(profile("cccc3333", "c"));
        settings.active = Some(2);
        settings.remove_profile(0);
        assert_eq!((settings.profiles.len(), settings.active), (2, Some(1)));
        settings.replace_profile(0, profile("dddd4444", "d"));
        assert_eq!(
            (settings.active_profile().unwrap().key.expose(), settings.active),
            ("d", Some(0))
        );
        settings.remove_profile(0);
        assert_eq!(settings.active, None);
        settings.remove_profile(7);
        assert_eq!(settings.profiles.len(), 1);
        settings.lock_after_minutes = 15;
        assert!(settings.to_json().contains("\"lock_after_minutes\":15"));
        assert_eq!(Settings::from_json(&settings.to_json()).unwrap(), settings);
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
