//! Where the settings document lives. Chosen at run time: the WebExtension storage area when
//! the app runs as an extension page, `localStorage` on a web page, memory as a last resort.
//! [`Areas`] pairs the lasting area with the one that ends with the browser session.

use super::StoreError;
use crate::platform::extension::{self, storage_area};
use js_sys::{Object, Reflect};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Every key the app writes in a storage area shared with others (a web origin's
/// `localStorage`) starts with this, so that "Forget all" removes exactly the app's own.
pub const KEY_PREFIX: &str = "canarytoken-manager/";

#[derive(Clone)]
pub enum Backend {
    /// A WebExtension storage area (`storage.local` or `storage.session`; promise-based in
    /// MV3, `browser.*` in Firefox, `chrome.*` in Chromium).
    Extension(Object),
    /// `localStorage` or `sessionStorage`.
    Web(web_sys::Storage),
    Memory(Rc<RefCell<HashMap<String, String>>>),
}

impl Backend {
    /// The lasting area: the extension's `storage.local`, else `localStorage`, else memory.
    pub fn detect() -> Self {
        storage_area("local")
            .map(Self::Extension)
            .or_else(|| web_sys::window()?.local_storage().ok().flatten().map(Self::Web))
            .unwrap_or_else(Self::memory)
    }

    pub fn memory() -> Self {
        Self::Memory(Rc::default())
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.get_all(&[key]).await?.pop().flatten())
    }

    /// The values of `keys`, in order. An extension area answers them in one round trip,
    /// which is most of what opening the popup waits for.
    pub async fn get_all(&self, keys: &[&str]) -> Result<Vec<Option<String>>, StoreError> {
        match self {
            Self::Extension(area) => {
                let names: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
                let found = call_area(area, "get", Some(&names)).await?;
                Ok(keys
                    .iter()
                    .map(|k| Reflect::get(&found, &JsValue::from_str(k)).ok()?.as_string())
                    .collect())
            }
            Self::Web(storage) => keys
                .iter()
                .map(|k| storage.get_item(k).map_err(|_| StoreError::Unavailable))
                .collect(),
            Self::Memory(map) => Ok(keys.iter().map(|k| map.borrow().get(*k).cloned()).collect()),
        }
    }

    pub async fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        match self {
            Self::Extension(area) => {
                let items = Object::new();
                Reflect::set(&items, &JsValue::from_str(key), &JsValue::from_str(value))
                    .map_err(|_| StoreError::Unavailable)?;
                call_area(area, "set", Some(&items)).await.map(drop)
            }
            Self::Web(storage) => storage.set_item(key, value).map_err(|_| StoreError::Unavailable),
            Self::Memory(map) => {
                map.borrow_mut().insert(key.to_owned(), value.to_owned());
                Ok(())
            }
        }
    }

    /// Writes several keys at once: one round trip in an extension area (where `set` with
    /// several items is applied as one).
    pub async fn set_all(&self, items: &[(String, String)]) -> Result<(), StoreError> {
        match self {
            Self::Extension(area) => {
                let object = Object::new();
                for (key, value) in items {
                    Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value))
                        .map_err(|_| StoreError::Unavailable)?;
                }
                call_area(area, "set", Some(&object)).await.map(drop)
            }
            Self::Web(storage) => items.iter().try_for_each(|(key, value)| {
                storage.set_item(key, value).map_err(|_| StoreError::Unavailable)
            }),
            Self::Memory(map) => {
                map.borrow_mut().extend(items.iter().cloned());
                Ok(())
            }
        }
    }

    /// Removes several keys at once.
    pub async fn remove_all(&self, keys: &[String]) -> Result<(), StoreError> {
        match self {
            Self::Extension(area) => {
                let names: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
                call_area(area, "remove", Some(&names)).await.map(drop)
            }
            Self::Web(storage) => keys
                .iter()
                .try_for_each(|key| storage.remove_item(key).map_err(|_| StoreError::Unavailable)),
            Self::Memory(map) => {
                let mut map = map.borrow_mut();
                for key in keys {
                    map.remove(key);
                }
                Ok(())
            }
        }
    }

    pub async fn remove(&self, key: &str) -> Result<(), StoreError> {
        match self {
            Self::Extension(area) => {
                call_area(area, "remove", Some(&JsValue::from_str(key))).await.map(drop)
            }
            Self::Web(storage) => storage.remove_item(key).map_err(|_| StoreError::Unavailable),
            Self::Memory(map) => {
                map.borrow_mut().remove(key);
                Ok(())
            }
        }
    }

    /// Removes everything the app keeps here: the whole area where it is the app's own (an
    /// extension's storage, memory), the keys under [`KEY_PREFIX`] in a web origin's storage
    /// (which other pages of the same host share).
    pub async fn clear(&self) -> Result<(), StoreError> {
        match self {
            Self::Extension(area) => call_area(area, "clear", None).await.map(drop),
            Self::Web(storage) => {
                let count = storage.length().map_err(|_| StoreError::Unavailable)?;
                let ours: Vec<String> = (0..count)
                    .filter_map(|i| storage.key(i).ok().flatten())
                    .filter(|k| k.starts_with(KEY_PREFIX))
                    .collect();
                for key in ours {
                    storage.remove_item(&key).map_err(|_| StoreError::Unavailable)?;
                }
                Ok(())
            }
            Self::Memory(map) => {
                map.borrow_mut().clear();
                Ok(())
            }
        }
    }

    /// Whether both handles reach the same storage.
    pub(crate) fn same_as(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Extension(a), Self::Extension(b)) => Object::is(a, b),
            (Self::Web(a), Self::Web(b)) => Object::is(a, b),
            (Self::Memory(a), Self::Memory(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// The two places the settings can be kept, chosen by the user's persistence setting.
#[derive(Clone)]
pub struct Areas {
    /// Survives closing the browser: the extension's `storage.local`, else `localStorage`.
    pub local: Backend,
    /// Ends with the browser session: the extension's `storage.session` (readable by extension
    /// pages at its default access level), else the tab's `sessionStorage`, else memory (which
    /// ends when the page or popup closes).
    pub session: Backend,
    /// Where an unlocked vault hands its key to the app's other pages: the extension's
    /// `storage.session` only (memory, the extension's own pages). A web page's
    /// `sessionStorage` may be written to disk, so there a new page asks for the passphrase.
    pub handover: Option<Backend>,
}

impl Areas {
    pub fn detect() -> Self {
        if let Some(local) = storage_area("local") {
            let handover = storage_area("session").map(Backend::Extension);
            let session = handover.clone().unwrap_or_else(Backend::memory);
            return Self { local: Backend::Extension(local), session, handover };
        }
        let window = web_sys::window();
        let web = |area: Option<web_sys::Storage>| area.map_or_else(Backend::memory, Backend::Web);
        Self {
            local: web(window.as_ref().and_then(|w| w.local_storage().ok().flatten())),
            session: web(window.as_ref().and_then(|w| w.session_storage().ok().flatten())),
            handover: None,
        }
    }

    /// Two separate memory areas (tests; browsers that refuse all storage).
    pub fn memory() -> Self {
        Self { local: Backend::memory(), session: Backend::memory(), handover: None }
    }

    /// Every place the app may have written: both areas, and the page's own `localStorage` and
    /// `sessionStorage` (an extension page has them too), each once.
    pub(crate) fn everywhere(&self) -> Vec<Backend> {
        let window = web_sys::window();
        let page = window.iter().flat_map(|w| {
            [w.local_storage(), w.session_storage()].into_iter().filter_map(|s| s.ok().flatten())
        });
        let mut all = vec![self.local.clone(), self.session.clone()];
        for backend in page.map(Backend::Web) {
            if !all.iter().any(|b| b.same_as(&backend)) {
                all.push(backend);
            }
        }
        all
    }
}

async fn call_area(
    area: &Object,
    method: &str,
    arg: Option<&JsValue>,
) -> Result<JsValue, StoreError> {
    let args: Vec<JsValue> = arg.into_iter().cloned().collect();
    extension::call_async(area, method, &args).await.ok_or(StoreError::Unavailable)
}
