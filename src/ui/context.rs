//! What every screen shares: the settings, and the means to reach the Console and the store.

use crate::api::{Client, Transport};
use crate::store::{Backend, Profile, Settings, StoreError};
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Clone, Copy)]
pub struct AppContext {
    pub settings: RwSignal<Settings>,
    transport: StoredValue<Rc<dyn Transport>, LocalStorage>,
    backend: StoredValue<Backend, LocalStorage>,
}

impl AppContext {
    pub fn new(settings: Settings, transport: Rc<dyn Transport>, backend: Backend) -> Self {
        Self {
            settings: RwSignal::new(settings),
            transport: StoredValue::new_local(transport),
            backend: StoredValue::new_local(backend),
        }
    }

    pub fn client(&self, profile: &Profile) -> Client {
        Client::new(profile.console.clone(), profile.credentials(), self.transport.get_value())
    }

    /// Writes the current settings to the store.
    pub async fn save(&self) -> Result<(), StoreError> {
        let settings = self.settings.get_untracked();
        settings.save(&self.backend.get_value()).await
    }
}
