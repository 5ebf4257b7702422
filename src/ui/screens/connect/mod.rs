//! The connect screen: the Consoles this app knows (one active), the form that adds or edits
//! one, and how the keys are kept (remembered, this session only, locked with a passphrase).

mod form;
mod profiles;
mod security;

use crate::ui::app::context::AppContext;
use crate::ui::dom::el;
use leptos::prelude::*;
use web_sys::Node;

pub fn connect_screen() -> Node {
    let ctx = expect_context::<AppContext>();
    // The form starts on the profile in use, so that a saved Console can be checked again.
    let editing = RwSignal::new(ctx.settings.with_untracked(|s| s.active));
    el("section")
        .class("screen")
        .attr("aria-labelledby", "connect-title")
        .child(el("h2").id("connect-title").text("Connect to your Console"))
        .child(profiles::profile_list(editing))
        .child(form::profile_form(editing))
        .child(security::security())
        .into()
}
