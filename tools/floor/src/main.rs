//! The floor the app's start-up is measured against: the smallest useful Leptos page, a counter,
//! marking `app-ready` the way the app does once its first control is usable.

use leptos::prelude::*;

fn main() {
    mount_to_body(|| {
        let count = RwSignal::new(0);
        view! {
            <button type="button" on:click=move |_| *count.write() += 1>"Test connection"</button>
            <p>{count}</p>
        }
    });
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("app-ready");
    }
}
