//! Where the settings document lives. Chosen at run time: the WebExtension storage area when
//! the app runs as an extension page, `localStorage` on a web page, memory as a last resort.

use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser refused to read or write (storage disabled, quota full).
    Unavailable,
    /// The stored document is damaged or from an incompatible version.
    Unreadable,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Unavailable => {
                "The browser did not let the app use its storage: settings cannot be saved here."
            }
            Self::Unreadable => "The saved settings could not be read; they were left untouched.",
        })
    }
}

#[derive(Clone)]
pub enum Backend {
    /// `browser.storage.local` / `chrome.storage.local` (promise-based in MV3).
    Extension(Object),
    Web(web_sys::Storage),
    Memory(Rc<RefCell<HashMap<String, String>>>),
}

impl Backend {
    pub fn detect() -> Self {
        extension_storage()
            .map(Self::Extension)
            .or_else(|| web_sys::window()?.local_storage().ok().flatten().map(Self::Web))
            .unwrap_or_else(Self::memory)
    }

    pub fn memory() -> Self {
        Self::Memory(Rc::default())
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        match self {
            Self::Extension(area) => {
                let found = call_area(area, "get", &JsValue::from_str(key)).await?;
                Ok(Reflect::get(&found, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()))
            }
            Self::Web(storage) => storage.get_item(key).map_err(|_| StoreError::Unavailable),
            Self::Memory(map) => Ok(map.borrow().get(key).cloned()),
        }
    }

    pub async fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        match self {
            Self::Extension(area) => {
                let items = Object::new();
                Reflect::set(&items, &JsValue::from_str(key), &JsValue::from_str(value))
                    .map_err(|_| StoreError::Unavailable)?;
                call_area(area, "set", &items).await.map(drop)
            }
            Self::Web(storage) => storage.set_item(key, value).map_err(|_| StoreError::Unavailable),
            Self::Memory(map) => {
                map.borrow_mut().insert(key.to_owned(), value.to_owned());
                Ok(())
            }
        }
    }
}

/// The extension's local storage area, if this page runs as an extension page.
fn extension_storage() -> Option<Object> {
    let global = js_sys::global();
    ["browser", "chrome"].iter().find_map(|ns| {
        let api = Reflect::get(&global, &JsValue::from_str(ns)).ok()?;
        let storage = Reflect::get(&api, &JsValue::from_str("storage")).ok()?;
        let local = Reflect::get(&storage, &JsValue::from_str("local")).ok()?;
        local.dyn_into::<Object>().ok()
    })
}

async fn call_area(area: &Object, method: &str, arg: &JsValue) -> Result<JsValue, StoreError> {
    let function: Function = Reflect::get(area, &JsValue::from_str(method))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(StoreError::Unavailable)?;
    let promise: Promise = function
        .call1(area, arg)
        .ok()
        .and_then(|p| p.dyn_into().ok())
        .ok_or(StoreError::Unavailable)?;
    JsFuture::from(promise).await.map_err(|_| StoreError::Unavailable)
}
