//! The popup page (`index.html`): what is opened many times a day. Its wasm holds only these
//! screens; the workbench's are reached by opening that page.

use super::app::{AppContext, Page, PageSpec, Screen, Tokens};
use super::parts::alert_list::AlertCount;
use super::screens::alerts::AlertsScreen;
use super::screens::token::TokenScreen;
use super::screens::{connect::ConnectScreen, create::CreateScreen, inventory::InventoryScreen};
use leptos::prelude::*;

pub const SPEC: PageSpec = PageSpec { page: Page::Popup, setup, screen };

fn setup(ctx: AppContext) {
    Tokens::provide(ctx);
    AlertCount::provide(ctx);
}

fn screen(screen: Screen) -> AnyView {
    match screen {
        Screen::Create => view! { <CreateScreen/> }.into_any(),
        Screen::Inventory => view! { <InventoryScreen/> }.into_any(),
        Screen::Token(id) => view! { <TokenScreen id/> }.into_any(),
        Screen::Alerts => view! { <AlertsScreen/> }.into_any(),
        Screen::Connect => view! { <ConnectScreen/> }.into_any(),
        // The frame sends the other page's screens to that page.
        _ => ().into_any(),
    }
}
