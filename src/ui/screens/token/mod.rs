//! One token: every field the Console returned, what to plant (URL, renders, file), its alerts,
//! and everything the API lets a user do with it afterwards.

mod actions;
mod alerts;
mod flock;
mod history;
mod s3;

use crate::api::endpoints;
use crate::api::types::Token;
use crate::kinds::{Redirect, is_secret};
use crate::time::utc_minutes;
use crate::ui::app::Screen;
use crate::ui::app::Tokens;
use crate::ui::app::console_info::Offered;
use crate::ui::app::context::{AppContext, Capability, ConsoleData};
use crate::ui::app::nav::go;
use crate::ui::dom::{El, dynamic, el, fragment};
use crate::ui::parts::planting::how_to_plant;
use crate::ui::parts::task::Task;
use crate::ui::parts::token_facts::token_facts;
use crate::ui::parts::widgets::{button, notices, refused, secret_text};
use actions::{delete_token, memo_editor, on_token, redirect_editor, state_toggle};
use alerts::token_alerts;
use flock::move_to_flock;
use history::token_history;
use leptos::prelude::*;
use s3::remove_from_aws;
use serde_json::Value;
use web_sys::Node;

/// The screen of token `id`.
pub fn token_screen(id: String) -> Node {
    let ctx = expect_context::<AppContext>();
    let data = expect_context::<Tokens>();
    // What the inventory already holds shows at once; the Console's current answer replaces it.
    let token =
        RwSignal::new(data.rows.with_untracked(|rows| rows.get(&id).map(|r| rows.token(r))));
    // The detail is built once; later changes flow into it through `token`.
    let loaded = RwSignal::new(token.with_untracked(Option::is_some));
    let reading = Task::new();
    reading.run("Reading the token…", async move {
        let answer = ctx.connected_client()?.send(endpoints::fetch(&id)).await?;
        if let Some(t) = answer.token {
            data.rows.try_update(|rows| rows.update(t.id(), |old| *old = t.clone()));
            token.try_set(Some(t));
            if loaded.try_get_untracked() == Some(false) {
                loaded.set(true);
            }
        }
        Ok(String::new())
    });

    el("section")
        .class("screen token-screen")
        .attr("aria-labelledby", "token-title")
        .child(button("link back", "← Inventory").on_click(|| go(&Screen::Inventory)))
        .child(notices(
            move || (!loaded.get()).then(|| reading.status()).flatten(),
            move || reading.error(),
        ))
        .dynamic(move || loaded.get().then(|| token_detail(token)))
        .into()
}

/// The detail of a loaded token. Changes the Console confirms go into `token` (and the inventory).
fn token_detail(token: RwSignal<Option<Token>>) -> Node {
    let console = expect_context::<ConsoleData>();
    let current = move || token.get().unwrap_or_default();
    let snapshot = token.get_untracked().unwrap_or_default();
    let kind = move || {
        let kind_id = token.with(|t| t.as_ref().map(|t| t.kind().to_owned()).unwrap_or_default());
        console
            .0
            .get()
            .flatten()
            .map_or_else(|| Offered::new(&kind_id, &kind_id), |i| i.kind(&kind_id))
    };
    let redirect = crate::kinds::find(snapshot.kind()).map_or(Redirect::None, |k| k.redirect);
    let flock = move || {
        let flock = read(token, |t| t.flock_id().to_owned())();
        match console.0.get().flatten() {
            Some(info) => info.flock_name(&flock),
            None => flock,
        }
    };
    let created =
        |t: &Token| t.created().map(|t| format!("{} UTC", utc_minutes(t))).unwrap_or_default();
    let facts = el("dl")
        .class("facts")
        .child(fact_term("Memo"))
        .child(el("dd").class("memo").text_with(read(token, |t| t.memo().to_owned())))
        .child(fact_term("Token ID"))
        .child(el("dd").child(el("code").text(snapshot.id())))
        .child(fact_term("State"))
        .child(el("dd").text_with(read(token, |t| {
            if t.enabled() { "Enabled" } else { "Disabled" }.to_owned()
        })))
        .child(fact_term("Flock"))
        .child(el("dd").text_with(flock))
        .child(fact_term("Created"))
        .child(el("dd").text_with(read(token, created)))
        .child(fact_term("Triggered"))
        .child(el("dd").text_with(read(token, |t| format!("{} times", t.triggered_count()))));
    let alert_count = RwSignal::new(None::<u64>);
    // Bumped when a move cleared the token's alerts: the alert list is read again.
    let alerts_cleared = RwSignal::new(0u64);
    let manage = el("section")
        .class("panel")
        .attr("aria-labelledby", "manage-title")
        .child(el("h3").id("manage-title").text("Manage"))
        .child(refused(on_token(token, Capability::Edit)))
        .child(refused(on_token(token, Capability::Delete)))
        .child(memo_editor(token))
        .maybe(
            (redirect != Redirect::None)
                .then(|| redirect_editor(token, redirect == Redirect::Removable)),
        )
        .child(state_toggle(token))
        .child(move_to_flock(token, alert_count, alerts_cleared))
        .maybe((snapshot.kind() == "aws-s3").then(|| remove_from_aws(token)))
        .child(delete_token(token, alert_count));
    let node_id = snapshot.node_id().to_owned();
    fragment([
        el("h2").id("token-title").text_with(move || kind().label).into(),
        facts.into(),
        dynamic(move || Some(token_facts(current(), kind()))),
        how_to_plant(snapshot.kind(), false).unwrap_or_else(|| fragment([])),
        manage.into(),
        dynamic(move || {
            alerts_cleared.track();
            Some(untrack(|| {
                token_alerts(node_id.clone(), on_token(token, Capability::Acknowledge), alert_count)
            }))
        }),
        token_history(snapshot.id().to_owned()),
        every_field(token),
    ])
}

fn fact_term(words: &str) -> El {
    el("dt").text(words)
}

/// What `fact` makes of the token (tracked), for a line of text.
fn read(token: RwSignal<Option<Token>>, fact: fn(&Token) -> String) -> impl Fn() -> String {
    move || token.with(|t| t.as_ref().map(fact).unwrap_or_default())
}

/// Every field as the Console sent it, secrets masked until revealed.
fn every_field(token: RwSignal<Option<Token>>) -> Node {
    let fields = move || {
        let token = token.get().unwrap_or_default();
        let rows = token.fields().iter().flat_map(|(key, value)| {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let secret = match key.as_str() {
                "renders" => token.renders().iter().any(|(name, _)| is_secret(token.kind(), name)),
                field => is_secret(token.kind(), field),
            };
            let shown =
                if secret { secret_text(text, false) } else { el("code").text(&text).into() };
            [fact_term(key).into(), el("dd").child(shown).into()]
        });
        Some(fragment(rows.collect::<Vec<Node>>()))
    };
    el("details")
        .class("panel all-fields")
        .child(el("summary").text("Every field the Console returned"))
        .child(el("dl").class("facts").dynamic(fields))
        .into()
}
