//! What every screen shares: the settings, the active Console, and the means to reach the
//! Console and the store.

use super::console_info::ConsoleInfo;
use crate::api::{ApiError, Client, Transport};
use crate::store::{Backend, Profile, Settings, StoreError};
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Clone, Copy)]
pub struct AppContext {
    pub settings: RwSignal<Settings>,
    /// The profile in use; changes only when another Console or key is chosen.
    pub active: Memo<Option<Profile>>,
    transport: StoredValue<Rc<dyn Transport>, LocalStorage>,
    backend: StoredValue<Backend, LocalStorage>,
}

impl AppContext {
    pub fn new(settings: Settings, transport: Rc<dyn Transport>, backend: Backend) -> Self {
        let settings = RwSignal::new(settings);
        Self {
            settings,
            active: Memo::new(move |_| settings.with(|s| s.active_profile().cloned())),
            transport: StoredValue::new_local(transport),
            backend: StoredValue::new_local(backend),
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

    /// Writes the current settings to the store.
    pub async fn save(&self) -> Result<(), StoreError> {
        let settings = self.settings.get_untracked();
        settings.save(&self.backend.get_value()).await
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
}
