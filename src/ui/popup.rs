//! The popup page (`index.html`): what is opened many times a day. Its wasm holds only these
//! screens; the workbench's are reached by opening that page.

use super::app::{AppContext, Page, PageSpec, Screen, Tokens};
use super::dom::fragment;
use super::parts::alert_list::AlertCount;
use super::screens::alerts::alerts_screen;
use super::screens::token::token_screen;
use super::screens::{connect::connect_screen, create::create_screen, inventory::inventory_screen};
use web_sys::Node;

pub const SPEC: PageSpec = PageSpec { page: Page::Popup, setup, screen };

fn setup(ctx: AppContext) {
    Tokens::provide(ctx);
    AlertCount::provide(ctx);
}

fn screen(screen: Screen) -> Node {
    match screen {
        Screen::Create => create_screen(),
        Screen::Inventory => inventory_screen(),
        Screen::Token(id) => token_screen(id),
        Screen::Alerts => alerts_screen(),
        Screen::Connect => connect_screen(),
        // The frame sends the other page's screens to that page.
        _ => fragment([]),
    }
}
