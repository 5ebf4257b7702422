//! The page frame: header with the screens' nav links, and the current screen.

use super::advanced::AdvancedScreen;
use super::connect::ConnectScreen;
use super::context::{AppContext, ConsoleData};
use super::create::CreateScreen;
use super::inventory::{InventoryData, InventoryScreen};
use super::screen::Screen;
use super::token::TokenScreen;
use super::widgets::Notices;
use crate::store::StoreError;
use leptos::prelude::*;

#[component]
pub fn App(ctx: AppContext, load_error: Option<StoreError>) -> impl IntoView {
    provide_context(ctx);
    ConsoleData::provide(ctx);
    let inventory = InventoryData::provide();
    // Another Console (or key) means another inventory.
    Effect::new(move |previous: Option<()>| {
        ctx.active.track();
        if previous.is_some() {
            inventory.reset();
        }
    });
    // A saved profile opens straight into the app.
    let start =
        if ctx.active.with_untracked(Option::is_some) { Screen::Create } else { Screen::Connect };
    let screen = RwSignal::new(current_hash().and_then(|h| Screen::from_hash(&h)).unwrap_or(start));
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
                {Screen::NAV.map(|s| {
                    let current = s.clone();
                    view! {
                        <a href=s.hash() aria-current=move || screen.with(|now| now.is_under(&current)).then_some("page")>
                            {s.label()}
                        </a>
                    }
                })}
            </nav>
        </header>
        <main>
            {load_error.map(|e| view! { <Notices status=None error=Some(e.to_string())/> })}
            {move || match screen.get() {
                Screen::Create => view! { <CreateScreen/> }.into_any(),
                Screen::Inventory => view! { <InventoryScreen/> }.into_any(),
                Screen::Token(id) => view! { <TokenScreen id/> }.into_any(),
                Screen::Advanced => view! { <AdvancedScreen/> }.into_any(),
                Screen::Connect => view! { <ConnectScreen/> }.into_any(),
            }}
        </main>
    }
}

/// Shows `screen` (through the address, so that Back works).
pub fn go(screen: &Screen) {
    let _ = window().location().set_hash(&screen.hash());
}

fn current_hash() -> Option<String> {
    window().location().hash().ok()
}
