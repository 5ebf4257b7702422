//! Canarytoken Manager: a Leptos single-page app that manages Canarytokens on a Thinkst Canary
//! Console through its REST API, shipped as a browser-extension popup and as a static page.

pub mod api;
pub mod bulk;
pub mod inventory;
pub mod kinds;
pub mod platform;
pub mod store;
pub mod time;
pub mod ui;

use leptos::prelude::*;
use std::rc::Rc;

/// Opens the settings vault, then mounts the app on `<body>`.
pub fn start() {
    std::panic::set_hook(Box::new(platform::report_panic));
    wasm_bindgen_futures::spawn_local(async {
        let vault = store::Vault::new(store::Areas::detect());
        let (settings, locked, load_error) = match vault.open().await {
            Ok(store::Opened::Plain(settings)) => (settings, false, None),
            Ok(store::Opened::Empty) => (store::Settings::default(), false, None),
            Ok(store::Opened::Locked) => (store::Settings::default(), true, None),
            Err(e) => (store::Settings::default(), false, Some(e)),
        };
        let ctx = ui::AppContext::new(settings, Rc::new(api::Fetch::default()), vault);
        ctx.locked.set(locked);
        mount_to_body(move || view! { <ui::App ctx load_error/> });
        platform::mark("app-ready");
    });
}
