//! The create screen: pick a kind, fill the generic form the catalog describes, create, and
//! walk away with what is needed to plant the token.

mod form;
mod picker;
mod result;

use crate::api::types::Token;
use crate::ui::app::{AppContext, ConsoleData, ConsoleInfo, Offered};
use crate::ui::dom::{dynamic, el, fragment};
use crate::ui::parts::widgets::notices;
use form::token_form;
use leptos::prelude::*;
use picker::kind_picker;
use result::created;
use web_sys::Node;

/// What the user keeps between tokens: the memo while switching kinds, and the flock and
/// custom domain from one token to the next.
#[derive(Clone, Copy)]
struct Kept {
    memo: RwSignal<String>,
    flock: RwSignal<String>,
    domain: RwSignal<String>,
}

pub fn create_screen() -> Node {
    let data = expect_context::<ConsoleData>();
    // Kept when a token is made: "Create another" starts on the same kind.
    let chosen = RwSignal::new(None::<Offered>);
    let made = RwSignal::new(None::<(Token, Offered)>);
    let kept = Kept {
        memo: RwSignal::new(String::new()),
        flock: RwSignal::new(String::new()),
        domain: RwSignal::new(String::new()),
    };
    let body = move || {
        let info = match data.info_or_notice() {
            Ok(info) => info,
            Err(notice) => return Some(notice),
        };
        if let Some((token, kind)) = made.get() {
            let again = move || {
                kept.memo.set(String::new());
                made.set(None);
            };
            return Some(created(token, kind, again));
        }
        Some(choose_and_fill(info, chosen, kept, made))
    };
    el("section")
        .class("screen")
        .attr("aria-labelledby", "create-title")
        .child(el("h2").id("create-title").text("Create a token"))
        .dynamic(body)
        .into()
}

/// The kind picker and, once a kind is chosen, its form; `made` takes the created token.
fn choose_and_fill(
    info: ConsoleInfo,
    chosen: RwSignal<Option<Offered>>,
    kept: Kept,
    made: RwSignal<Option<(Token, Offered)>>,
) -> Node {
    let warning = info.kinds_error.as_ref().map(|e| {
        let warning = format!("{e} Showing every kind this app knows instead.");
        notices(|| None, move || Some(warning.clone()))
    });
    let ctx = expect_context::<AppContext>();
    let recent = ctx.settings.with_untracked(|s| s.recent_kinds.clone());
    let picker = kind_picker(info.kinds.clone(), chosen, recent);
    let created = move |done: (Token, Offered)| {
        ctx.settings.update(|s| s.note_created(&done.1.id));
        ctx.persist();
        made.try_set(Some(done));
    };
    let form = dynamic(move || {
        let kind = chosen.get()?;
        Some(token_form(kind, info.clone(), kept, created))
    });
    fragment(warning.into_iter().chain([picker, form]))
}
