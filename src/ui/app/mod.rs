//! What every screen stands on, below the screens themselves: the shared state (settings, the
//! Console in use and what it offers, the loaded tokens), navigation between screens and
//! pages, and the page frame. Screens use these and never each other.

pub mod console_info;
pub mod context;
pub mod frame;
pub mod nav;
pub mod tokens;
pub mod unlock;

pub use console_info::{ConsoleInfo, DEFAULT_FLOCK, Offered};
pub use context::{AppContext, Capability, ConsoleData};
pub use nav::{Page, Screen};
pub use tokens::Tokens;

use crate::{api, platform, store};
use leptos::prelude::*;
use std::rc::Rc;

/// What a page is made of: which it is, the shared state only it needs (provided at its root,
/// so that it outlives a screen), and its screens.
#[derive(Clone, Copy)]
pub struct PageSpec {
    pub page: Page,
    pub setup: fn(AppContext),
    pub screen: fn(Screen) -> web_sys::Node,
}

impl PageSpec {
    /// Opens the settings vault, then mounts the page on `<body>`.
    pub fn start(self) {
        std::panic::set_hook(Box::new(platform::report_panic));
        wasm_bindgen_futures::spawn_local(async move {
            let vault = store::Vault::new(store::Areas::detect());
            let (settings, locked, load_error) = match vault.open().await {
                Ok(store::Opened::Plain(settings) | store::Opened::Unlocked(settings)) => {
                    (settings, false, None)
                }
                Ok(store::Opened::Empty) => (store::Settings::default(), false, None),
                Ok(store::Opened::Locked) => (store::Settings::default(), true, None),
                Err(e) => (store::Settings::default(), false, Some(e)),
            };
            let ctx = AppContext::new(settings, Rc::new(api::Fetch::default()), vault);
            ctx.locked.set(locked);
            crate::ui::dom::mount_to_body(move || frame::frame(self, ctx, load_error));
            platform::mark("app-ready");
        });
    }
}
