//! The locked app: the passphrase opens the saved settings; nothing else is shown.

use super::context::AppContext;
use super::nav::{Screen, go};
use crate::store::Settings;
use crate::ui::dom::el;
use crate::ui::parts::task::Task;
use crate::ui::parts::widgets::Confirm;
use leptos::prelude::*;
use web_sys::{Event, Node};

/// The unlock screen.
pub fn unlock_screen() -> Node {
    let ctx = expect_context::<AppContext>();
    let passphrase = RwSignal::new(String::new());
    let unlock = Task::new();
    let submit = move |ev: Event| {
        ev.prevent_default();
        let (passphrase, vault) = (passphrase.get_untracked(), ctx.vault());
        unlock.run("Unlocking…", async move {
            let settings = vault.unlock(&passphrase).await?;
            let connected = settings.active_profile().is_some();
            ctx.settings.set(settings);
            ctx.locked.set(false);
            // Opened locked at no particular screen: go where a saved profile opens.
            if connected && window().location().hash().is_ok_and(|h| h.is_empty()) {
                go(&Screen::Create);
            }
            Ok(String::new())
        });
    };
    let forget = move || {
        let vault = ctx.vault();
        unlock.run("Forgetting…", async move {
            vault.forget_all().await?;
            ctx.settings.set(Settings::default());
            ctx.locked.set(false);
            Ok(String::new())
        });
    };
    let field = el("div")
        .class("field")
        .child(el("label").attr("for", "passphrase").text("Passphrase"))
        .child(
            el("input")
                .id("passphrase")
                .attr("name", "passphrase")
                .attr("type", "password")
                .attr("autocomplete", "current-password")
                .bind_value(passphrase),
        );
    let unlock_button = el("button")
        .attr("type", "submit")
        .class("primary")
        .flag_with("disabled", move || unlock.busy())
        .text("Unlock");
    let form = el("form")
        .class("form")
        .attr("novalidate", "")
        .on("submit", submit)
        .child(
            el("p")
                .class("hint")
                .text("The saved Consoles and API keys are locked with a passphrase."),
        )
        .child(field)
        .child(el("div").class("actions").child(unlock_button));
    let question = || {
        el("p")
            .text("Forget every Console, API key and setting this app stored on this device?")
            .into()
    };
    let danger = el("div")
        .class("action-form danger")
        .child(el("p").class("hint").text(
            "Forgot the passphrase? The saved settings cannot be recovered; forget them and connect again.",
        ))
        .child(Confirm::new("Forget all", "Confirm forget all").build(
            move || unlock.busy(),
            || false,
            forget,
            question,
        ));
    el("section")
        .class("screen")
        .attr("aria-labelledby", "unlock-title")
        .child(el("h2").id("unlock-title").text("Locked"))
        .child(form)
        .child(unlock.notices())
        .child(danger)
        .into()
}
