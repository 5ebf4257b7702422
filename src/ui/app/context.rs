//! What every screen shares: the settings, the active Console, the vault that keeps them, what
//! the active key has been refused, and the means to reach the Console.

use super::console_info::ConsoleInfo;
use super::nav::{Page, Screen};
use crate::api::{ApiError, Call, Client, Transport};
use crate::store::{Profile, Settings, StoreError, Synced, Vault};
use crate::ui::dom::el;
use crate::ui::parts::widgets::notices;
use leptos::prelude::*;
use std::rc::Rc;
use web_sys::Node;

/// What a key may or may not be allowed to do; the Console says which only by refusing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Capability {
    Create,
    Edit,
    Delete,
    Download,
    Acknowledge,
    Factories,
    /// Moving tokens between flocks.
    Move,
    /// Reading the audit trail (who did what, from where).
    AuditTrail,
}

impl Capability {
    fn words(self) -> &'static str {
        match self {
            Self::Create => "create tokens",
            Self::Edit => "change tokens",
            Self::Delete => "delete tokens",
            Self::Download => "download token files",
            Self::Acknowledge => "acknowledge, unacknowledge or delete alerts",
            Self::Factories => "manage factories",
            Self::Move => "move tokens to another flock",
            Self::AuditTrail => "read the audit trail",
        }
    }

    /// This capability in flock `flock` only ("" for the flock the Console chooses).
    pub fn in_flock(self, flock: &str) -> Need {
        Need { capability: self, flock: Some(flock.to_owned()) }
    }
}

/// What a call needs: a capability, anywhere or in one flock. A flock-bound key is refused
/// outside its flock only, so a refusal there leaves the other flocks open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Need {
    pub capability: Capability,
    pub flock: Option<String>,
}

impl From<Capability> for Need {
    fn from(capability: Capability) -> Self {
        Self { capability, flock: None }
    }
}

impl Need {
    /// Whether a refusal of `refused` holds for this need: the same capability, refused
    /// anywhere or in this need's flock.
    fn covered_by(&self, refused: &Need) -> bool {
        self.capability == refused.capability
            && (refused.flock.is_none() || refused.flock == self.flock)
    }

    /// Why the Console refused, and how to retry. The Console's own words are kept; the
    /// error's generic sentence is not, as it would say the same thing twice.
    fn reason(&self, error: &ApiError) -> String {
        let words = self.capability.words();
        let said = match error {
            ApiError::NoPermission { message: Some(m) } => format!(" (the Console said: {m})"),
            _ => String::new(),
        };
        match self.flock {
            Some(_) => format!(
                "This API key cannot {words} in this flock{said}. Pick another flock, or press \
                 Try again once the key may."
            ),
            None => format!("This API key cannot {words}{said}. Press Try again once the key may."),
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
    refused: RwSignal<Vec<(Need, String)>>,
    transport: StoredValue<Rc<dyn Transport>, LocalStorage>,
    vault: StoredValue<Vault, LocalStorage>,
}

impl AppContext {
    pub fn new(settings: Settings, transport: Rc<dyn Transport>, vault: Vault) -> Self {
        let settings = RwSignal::new(settings);
        let ctx = Self {
            settings,
            active: Memo::new(move |_| settings.with(|s| s.active_profile().cloned())),
            locked: RwSignal::new(false),
            trouble: RwSignal::new(None),
            refused: RwSignal::new(Vec::new()),
            transport: StoredValue::new_local(transport),
            vault: StoredValue::new_local(vault),
        };
        // Another window (the popup, a tab) saved: show what it saved too.
        ctx.vault().on_changed_elsewhere(move || leptos::task::spawn_local(ctx.sync()));
        ctx
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

    /// Sends `call` for the active profile as part of what `need` covers; a refusal for lack
    /// of permission is remembered, so that the screens disable what the key cannot do there.
    pub async fn perform<T>(&self, need: impl Into<Need>, call: Call<T>) -> Result<T, ApiError> {
        let result = self.connected_client()?.send(call).await;
        if let Err(e @ ApiError::NoPermission { .. }) = &result {
            let need = need.into();
            let reason = need.reason(e);
            self.refused.update(|r| {
                r.retain(|(n, _)| *n != need);
                r.push((need, reason));
            });
        }
        result
    }

    /// Why the active key cannot do what `need` names, once the Console has said so (tracked).
    pub fn refusal(&self, need: impl Into<Need>) -> Option<String> {
        let need = need.into();
        self.refused
            .with(|r| r.iter().find(|(n, _)| need.covered_by(n)).map(|(_, why)| why.clone()))
    }

    /// Every refusal of `capability` the active key has met, in any flock, with its reason
    /// (tracked): for a list whose items belong to several flocks.
    pub fn refusals(&self, capability: Capability) -> Vec<(Need, String)> {
        self.refused
            .with(|r| r.iter().filter(|(n, _)| n.capability == capability).cloned().collect())
    }

    /// The user asks to try again what `need` was refused (the key's permissions changed).
    pub fn retry(&self, need: impl Into<Need>) {
        let need = need.into();
        self.refused.update(|r| r.retain(|(n, _)| !need.covered_by(n)));
    }

    /// Another key is in use: what the old one was refused no longer says anything.
    pub fn forget_refusals(&self) {
        self.refused.set(Vec::new());
    }

    pub fn vault(&self) -> Vault {
        self.vault.get_value()
    }

    /// Writes the current settings to the vault, merged with what another window saved
    /// meanwhile, and shows the merge.
    pub async fn save(&self) -> Result<(), StoreError> {
        let vault = self.vault();
        let _turn = vault.turn().await;
        let snapshot = self.settings.get_untracked();
        let merged = vault.save(&snapshot).await?;
        self.settings.try_update(|now| *now = vault.rebase(now, &snapshot, &merged));
        Ok(())
    }

    /// Takes in what another window saved (or its lock, or its "Forget all").
    async fn sync(self) {
        // (A page's context lives as long as the page; a test's may be gone.)
        let Some(vault) = self.vault.try_get_value() else { return };
        let _turn = vault.turn().await;
        let Some(snapshot) =
            self.settings.try_get_untracked().filter(|_| !self.locked.get_untracked())
        else {
            return;
        };
        match vault.sync(&snapshot).await {
            Ok(Synced::Same) => {}
            Ok(Synced::Changed(merged)) => {
                self.settings.try_update(|now| *now = vault.rebase(now, &snapshot, &merged));
            }
            Ok(Synced::Locked) => self.lock(),
            Ok(Synced::Forgotten) => self.settings.set(Settings::default()),
            Err(e) => self.trouble.set(Some(e.to_string())),
        }
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
/// the profile changes: `None` while loading, `Some(None)` while nothing is connected.
#[derive(Clone, Copy)]
pub struct ConsoleData(pub RwSignal<Option<Option<ConsoleInfo>>>);

impl ConsoleData {
    /// Creates the data and provides it to the components below.
    pub fn provide(ctx: AppContext) -> Self {
        let data = Self(RwSignal::new(None));
        let generation = StoredValue::new(0u64);
        Effect::new(move |_| {
            let client = ctx.active_client();
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            data.0.set(client.is_none().then_some(None));
            if let Some(client) = client {
                leptos::task::spawn_local(async move {
                    let info = ConsoleInfo::load(&client).await;
                    // A newer profile's load replaced this one meanwhile.
                    if generation.try_get_value() == Some(mine) {
                        data.0.try_set(Some(Some(info)));
                    }
                });
            }
        });
        provide_context(data);
        data
    }

    /// This Console's lists (tracked), or what a screen that needs them shows instead: a
    /// status while they load, the way to Connect when no Console is in use.
    pub fn info_or_notice(&self) -> Result<ConsoleInfo, Node> {
        match self.0.get() {
            Some(Some(info)) => Ok(info),
            None => Err(notices(|| Some("Reading this Console's kinds…".to_owned()), || None)),
            Some(None) => Err(el("p")
                .class("empty")
                .text("No Console is connected. ")
                .child(el("a").attr("href", &Screen::Connect.href(Page::here())).text("Connect"))
                .text(" first.")
                .into()),
        }
    }

    /// The loaded information, borrowed.
    pub fn with<R>(&self, f: impl FnOnce(Option<&ConsoleInfo>) -> R) -> R {
        self.0.with(|i| f(i.as_ref().and_then(Option::as_ref)))
    }

    /// The Console's flocks, `(id, name)`, the default first (tracked); none until they are
    /// read, or when they cannot be.
    pub fn flocks(&self) -> Vec<(String, String)> {
        self.with(|i| i.and_then(|i| i.flocks.clone().ok())).unwrap_or_default()
    }

    /// A flock's name (tracked), its id until the Console's list says otherwise.
    pub fn flock_name(&self, id: &str) -> String {
        self.with(|i| i.map_or_else(|| id.to_owned(), |i| i.flock_name(id)))
    }
}
