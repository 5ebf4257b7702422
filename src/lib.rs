//! Canarytoken Manager: a Leptos single-page app that manages Canarytokens on a Thinkst Canary
//! Console through its REST API, shipped as a browser-extension popup and as a static page.

pub mod api;
pub mod inventory;
pub mod kinds;
pub mod platform;
pub mod store;
pub mod ui;

use leptos::prelude::*;
use std::rc::Rc;

/// Loads the saved settings, then mounts the app on `<body>`.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        let backend = store::Backend::detect();
        let (settings, load_error) = match store::Settings::load(&backend).await {
            Ok(settings) => (settings, None),
            Err(e) => (store::Settings::default(), Some(e)),
        };
        let ctx = ui::AppContext::new(settings, Rc::new(api::Fetch), backend);
        mount_to_body(move || view! { <ui::App ctx load_error/> });
        platform::mark("app-ready");
    });
}
