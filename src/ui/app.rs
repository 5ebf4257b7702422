//! The page frame: header with the screens' nav links, and the current screen.

use super::connect::ConnectScreen;
use super::context::AppContext;
use super::screen::Screen;
use super::widgets::Notices;
use crate::store::StoreError;
use leptos::prelude::*;

#[component]
pub fn App(ctx: AppContext, load_error: Option<StoreError>) -> impl IntoView {
    provide_context(ctx);
    let screen = RwSignal::new(
        current_hash().and_then(|h| Screen::from_hash(&h)).unwrap_or(Screen::Connect),
    );
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(s) = current_hash().and_then(|h| Screen::from_hash(&h)) {
            screen.set(s);
        }
    });
    on_cleanup(move || handle.remove());

    view! {
        <header class="topbar">
            <h1>"Canarytoken Manager"</h1>
            <nav aria-label="Screens">
                {Screen::ALL.map(|s| view! {
                    <a
                        href=format!("#{}", s.id())
                        aria-current=move || (screen.get() == s).then_some("page")
                    >
                        {s.label()}
                    </a>
                })}
            </nav>
        </header>
        <main>
            {load_error.map(|e| {
                let message = Some(e.to_string());
                view! { <Notices status=None error=message/> }
            })}
            {move || match screen.get() {
                Screen::Connect => view! { <ConnectScreen/> },
            }}
        </main>
    }
}

fn current_hash() -> Option<String> {
    window().location().hash().ok()
}
