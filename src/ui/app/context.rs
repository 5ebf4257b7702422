//! What every screen shares: the settings, the active Console, the vault that keeps them, what
//! the active key has been refused, and the means to reach the Console.

use super::console_info::ConsoleInfo;
use crate::api::{ApiError, Call, Client, Transport};
use crate::store::{Profile, Settings, StoreError, Vault};
use crate::ui::parts::widgets::Notices;
use leptos::prelude::*;
use std::rc::Rc;

/// What a key may or may not be allowed to do; the Console says which only by refusing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Capability {
    Create,
    Edit,
    Delete,
    Download,
    Acknowledge,
    Factories,
}

impl Capability {
    fn words(self) -> &'static str {
        match self {
            Self::Create => "create tokens",
            Self::Edit => "change tokens",
            Self::Delete => "delete tokens",
            Self::Download => "download token files",
            Self::Acknowledge => "acknowledge alerts",
            Self::Factories => "manage factories",
        }
    }
}

#[derive(Clone, Copy)]
pub struct AppContext {
    pub settings: RwSignal<Settings>,
    /// The profile in use; changes only when another Console or key is chosen.
    pub active: Memo<Option<Profile>>,
    /// The stored settings are locked with a passphrase and not in memory.
    pub locked: RwSignal<bool>,
    /// A failure of something the user did not wait for (saving after a switch), for the page.
    pub trouble: RwSignal<Option<String>>,
    /// What the active key was refused, with the Console's reason.
    refused: RwSignal<Vec<(Capability, String)>>,
    transport: StoredValue<Rc<dyn Transport>, LocalStorage>,
    vault: StoredValue<Vault, LocalStorage>,
}

impl AppContext {
    pub fn new(settings: Settings, transport: Rc<dyn Transport>, vault: Vault) -> Self {
        let settings = RwSignal::new(settings);
        Self {
            settings,
            active: Memo::new(move |_| settings.with(|s| s.active_profile().cloned())),
            locked: RwSignal::new(false),
            trouble: RwSignal::new(None),
            refused: RwSignal::new(Vec::new()),
            transport: StoredValue::new_local(transport),
            vault: StoredValue::new_local(vault),
        }
    }

    pub fn client(&self, profile: &Profile) -> Client {
        Client::new(profile.console.clone(), profile.credentials(), self.transport.get_value())
    }

    /// A client for the active profile (tracked: reruns when the profile changes).
    pub fn active_client(&self) -> Option<Client> {
        self.active.with(|p| p.as_ref().map(|p| self.client(p)))
    }

    /// The active client for an action the user started (untracked).
    pub fn connected_client(&self) -> Result<Client, ApiError> {
        self.active
            .with_untracked(|p| p.as_ref().map(|p| self.client(p)))
            .ok_or(ApiError::NotConnected)
    }

    /// Sends `call` for the active profile as part of what `capability` covers; a refusal for
    /// lack of permission is remembered, so that the screens disable what the key cannot do.
    pub async fn perform<T>(&self, capability: Capability, call: Call<T>) -> Result<T, ApiError> {
        let result = self.connected_client()?.send(call).await;
        if let Err(e @ ApiError::NoPermission { .. }) = &result {
            let reason =
                format!("This API key cannot {} (the Console refused). {e}", capability.words());
            self.refused.update(|r| {
                r.retain(|(c, _)| *c != capability);
                r.push((capability, reason));
            });
        }
        result
    }

    /// Why the active key cannot do `capability`, once the Console has said so (tracked).
    pub fn refusal(&self, capability: Capability) -> Option<String> {
        self.refused.with(|r| r.iter().find(|(c, _)| *c == capability).map(|(_, why)| why.clone()))
    }

    /// Another key is in use: what the old one was refused no longer says anything.
    pub fn forget_refusals(&self) {
        self.refused.set(Vec::new());
    }

    pub fn vault(&self) -> Vault {
        self.vault.get_value()
    }

    /// Writes the current settings to the vault.
    pub async fn save(&self) -> Result<(), StoreError> {
        let settings = self.settings.get_untracked();
        self.vault().save(&settings).await
    }

    /// Saves in the background; a failure is shown on the page.
    pub fn persist(&self) {
        let ctx = *self;
        leptos::task::spawn_local(async move {
            ctx.trouble.set(ctx.save().await.err().map(|e| e.to_string()))
        });
    }

    /// Drops the settings from memory when a passphrase protects them.
    pub fn lock(&self) {
        if self.vault().lock() {
            self.settings.set(Settings::default());
            self.locked.set(true);
        }
    }
}

/// The active Console's kinds, flocks and domains, loaded after the first paint and again when
/// the profile changes. `None` inside while nothing is connected.
#[derive(Clone, Copy)]
pub struct ConsoleData(pub LocalResource<Option<ConsoleInfo>>);

impl ConsoleData {
    /// Creates the resource and provides it to the components below.
    pub fn provide(ctx: AppContext) -> Self {
        let data = Self(LocalResource::new(move || {
            let client = ctx.active_client();
            async move {
                match client {
                    Some(client) => Some(ConsoleInfo::load(&client).await),
                    None => None,
                }
            }
        }));
        provide_context(data);
        data
    }

    /// This Console's lists (tracked), or what a screen that needs them shows instead: a
    /// status while they load, the way to Connect when no Console is in use.
    pub fn info_or_notice(&self) -> Result<ConsoleInfo, AnyView> {
        match self.0.get() {
            Some(Some(info)) => Ok(info),
            None => Err(view! {
                <Notices status=Some("Reading this Console's kinds…".to_owned()) error=None/>
            }
            .into_any()),
            Some(None) => Err(view! {
                <p class="empty">"No Console is connected. " <a href="#connect">"Connect"</a> " first."</p>
            }
            .into_any()),
        }
    }

    /// The loaded information, borrowed.
    pub fn with<R>(&self, f: impl FnOnce(Option<&ConsoleInfo>) -> R) -> R {
        self.0.with(|i| f(i.as_ref().and_then(Option::as_ref)))
    }
}
