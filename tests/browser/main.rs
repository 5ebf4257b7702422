//! Browser tests (wasm-bindgen-test in headless Chromium): components against a fake
//! transport, and browser APIs. One test binary, because each is a separate wasm link.
#![cfg(target_arch = "wasm32")]

mod alerts;
mod connect;
mod features;
mod inventory;
mod journal;
mod support;
mod token;
mod transport;
mod vault;
mod widgets;
mod windows;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
