//! One token: every field the Console returned, what to plant (URL, renders, file), its alerts,
//! and everything the API lets a user do with it afterwards.

mod actions;
mod alerts;
mod s3;

use crate::api::endpoints;
use crate::api::types::Token;
use crate::kinds::is_secret;
use crate::time::utc_minutes;
use crate::ui::app::Screen;
use crate::ui::app::Tokens;
use crate::ui::app::context::{AppContext, Capability, ConsoleData};
use crate::ui::app::nav::go;
use crate::ui::parts::task::Task;
use crate::ui::parts::token_facts::TokenFacts;
use crate::ui::parts::widgets::{Notices, Refused, SecretText};
use actions::{DeleteToken, MemoEditor, RedirectEditor, StateToggle};
use alerts::Alerts;
use leptos::prelude::*;
use s3::RemoveFromAws;
use serde_json::Value;

#[component]
pub fn TokenScreen(id: String) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let data = expect_context::<Tokens>();
    // What the inventory already holds shows at once; the Console's current answer replaces it.
    let token =
        RwSignal::new(data.rows.with_untracked(|rows| rows.get(&id).map(|r| rows.token(r))));
    let reading = Task::new();
    reading.run("Reading the token…", async move {
        let answer = ctx.connected_client()?.send(endpoints::fetch(&id)).await?;
        if let Some(t) = answer.token {
            data.rows.try_update(|rows| rows.update(t.id(), |old| *old = t.clone()));
            token.try_set(Some(t));
        }
        Ok(String::new())
    });
    // The detail is built once; later changes flow into it through `token`.
    let loaded = Memo::new(move |_| token.with(Option::is_some));

    view! {
        <section class="screen token-screen" aria-labelledby="token-title">
            <button type="button" class="link back" on:click=move |_| go(&Screen::Inventory)>"← Inventory"</button>
            <Notices status=Signal::derive(move || (!loaded.get()).then(|| reading.status()).flatten()) error=Signal::derive(move || reading.error())/>
            {move || loaded.get().then(|| view! { <TokenDetail token/> })}
        </section>
    }
}

/// The detail of a loaded token. Changes the Console confirms go into `token` (and the inventory).
#[component]
fn TokenDetail(token: RwSignal<Option<Token>>) -> impl IntoView {
    let console = expect_context::<ConsoleData>();
    let current = move || token.get().unwrap_or_default();
    let snapshot = token.get_untracked().unwrap_or_default();
    let id = snapshot.id().to_owned();
    let kind = move || {
        let kind_id = token.with(|t| t.as_ref().map(|t| t.kind().to_owned()).unwrap_or_default());
        console.0.get().flatten().map_or_else(
            || crate::ui::app::console_info::Offered::new(&kind_id, &kind_id),
            |i| i.kind(&kind_id),
        )
    };
    let spec = crate::kinds::find(snapshot.kind());
    let redirect = spec.map_or(crate::kinds::Redirect::None, |k| k.redirect);
    let is_s3 = snapshot.kind() == "aws-s3";
    let node_id = snapshot.node_id().to_owned();
    let alert_count = RwSignal::new(None::<u64>);

    view! {
        <h2 id="token-title">{move || kind().label}</h2>
        <dl class="facts">
            <dt>"Memo"</dt>
            <dd class="memo">{move || current().memo().to_owned()}</dd>
            <dt>"Token ID"</dt>
            <dd><code>{id.clone()}</code></dd>
            <dt>"State"</dt>
            <dd>{move || if current().enabled() { "Enabled" } else { "Disabled" }}</dd>
            <dt>"Flock"</dt>
            <dd>{move || {
                let flock = current().flock_id().to_owned();
                console.0.get().flatten().map_or(flock.clone(), |i| i.flock_name(&flock))
            }}</dd>
            <dt>"Created"</dt>
            <dd>{move || current().created().map(|t| format!("{} UTC", utc_minutes(t))).unwrap_or_default()}</dd>
            <dt>"Triggered"</dt>
            <dd>{move || format!("{} times", current().triggered_count())}</dd>
        </dl>
        {move || view! { <TokenFacts token=current() kind=kind()/> }}
        <section class="panel" aria-labelledby="manage-title">
            <h3 id="manage-title">"Manage"</h3>
            <Refused capability=Capability::Edit/>
            <Refused capability=Capability::Delete/>
            <MemoEditor token/>
            {(redirect != crate::kinds::Redirect::None).then(|| view! { <RedirectEditor token removable=redirect == crate::kinds::Redirect::Removable/> })}
            <StateToggle token/>
            {is_s3.then(|| view! { <RemoveFromAws token/> })}
            <DeleteToken token alert_count/>
        </section>
        <Alerts node_id total=alert_count/>
        <details class="panel all-fields">
            <summary>"Every field the Console returned"</summary>
            <dl class="facts">
                {move || current().fields().iter().map(|(key, value)| {
                    let text = match value {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    let token = current();
                    let secret = match key.as_str() {
                        "renders" => token.renders().iter().any(|(name, _)| is_secret(token.kind(), name)),
                        field => is_secret(token.kind(), field),
                    };
                    let shown = if secret {
                        view! { <SecretText value=text/> }.into_any()
                    } else {
                        view! { <code>{text}</code> }.into_any()
                    };
                    view! { <dt>{key.clone()}</dt><dd>{shown}</dd> }
                }).collect_view()}
            </dl>
        </details>
    }
}
