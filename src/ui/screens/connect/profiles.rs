//! The saved Consoles: use one, edit one, forget one.

use super::form::Editing;
use crate::ui::app::context::AppContext;
use crate::ui::dom::{dynamic, el, fragment, show};
use crate::ui::parts::widgets::{Confirm, button};
use leptos::prelude::*;
use web_sys::Node;

/// The list, shown once there is a saved Console.
pub fn profile_list(editing: Editing) -> Node {
    let ctx = expect_context::<AppContext>();
    let profiles = move || {
        ctx.settings.with(|s| {
            s.profiles
                .iter()
                .map(|p| (p.name.clone(), p.console.host().to_owned()))
                .collect::<Vec<_>>()
        })
    };
    let any = move || ctx.settings.with(|s| !s.profiles.is_empty());
    show(any, move || {
        let items = el("ul").class("profiles").dynamic(move || {
            let items = profiles().into_iter().enumerate();
            Some(fragment(
                items.map(|(index, (name, host))| profile(ctx, editing, index, &name, &host)),
            ))
        });
        el("section")
            .class("panel")
            .attr("aria-labelledby", "profiles-title")
            .child(el("h3").id("profiles-title").text("Consoles"))
            .child(items)
            .child(button("", "Add another Console").on_click(move || editing.set(None)))
            .into()
    })
}

/// One saved Console: "Use" (or "in use"), "Edit", and "Remove" after a question.
fn profile(ctx: AppContext, editing: Editing, index: usize, name: &str, host: &str) -> Node {
    let active = move || ctx.settings.with(|s| s.active == Some(index));
    let in_use = dynamic(move || {
        Some(if active() {
            el("span").class("hint").text("in use").into()
        } else {
            button("small", "Use")
                .on_click(move || {
                    ctx.settings.update(|s| s.active = Some(index));
                    ctx.persist();
                })
                .into()
        })
    });
    let forget = move || {
        ctx.settings.update(|s| s.remove_profile(index));
        editing.set(ctx.settings.with_untracked(|s| s.active));
        ctx.persist();
    };
    let question = || el("p").text("Forget this Console and its API key on this device?").into();
    el("li")
        .class("profile")
        .class_when("active", active)
        .child(el("span").class("profile-name").text(name))
        .child(el("code").text(host))
        .child(in_use)
        .child(button("small ghost", "Edit").on_click(move || editing.set(Some(index))))
        .child(Confirm::new("Remove", "Confirm remove").build(|| false, || false, forget, question))
        .into()
}
