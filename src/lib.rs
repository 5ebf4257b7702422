//! Canarytoken Manager: a Leptos single-page app that manages Canarytokens on a Thinkst Canary
//! Console through its REST API, shipped as a browser-extension popup and as a static page.

pub mod api;
pub mod bulk;
pub mod inventory;
pub mod kinds;
pub mod platform;
pub mod sort;
pub mod store;
pub mod time;
pub mod ui;
