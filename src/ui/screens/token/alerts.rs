//! A token's alerts (its incidents, in every state), newest first, a page at a time, each with
//! its events as plain text and an "Acknowledge" button.

use crate::api::ApiError;
use crate::api::endpoints::{self, IncidentState};
use crate::api::types::Incident;
use crate::time::utc_minutes;
use crate::ui::app::context::{AppContext, Capability};
use crate::ui::parts::widgets::{Notices, Refused, feedback};
use leptos::prelude::*;
use serde_json::Value;

const PAGE: u32 = 20;

#[component]
pub fn Alerts(node_id: String, total: RwSignal<Option<u64>>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let incidents = RwSignal::new(Vec::<Incident>::new());
    let next = RwSignal::new(None::<String>);
    let load = Action::new_local(move |cursor: &Option<String>| {
        let (node, cursor, client) = (node_id.clone(), cursor.clone(), ctx.connected_client());
        async move {
            let page = client?
                .send(endpoints::token_incidents(
                    &node,
                    IncidentState::All,
                    PAGE,
                    cursor.as_deref(),
                ))
                .await?;
            // Written, never read, after the answer: the screen may have been left meanwhile.
            let mut loaded = 0;
            incidents.update(|all| {
                all.extend(page.incidents);
                all.sort_by(|a, b| {
                    b.created().partial_cmp(&a.created()).unwrap_or(std::cmp::Ordering::Equal)
                });
                loaded = all.len() as u64;
            });
            next.set(page.cursor.next);
            total.set(Some(page.total_results.unwrap_or(loaded).max(loaded)));
            Ok::<_, ApiError>(())
        }
    });
    load.dispatch_local(None);
    let status = Signal::derive(move || load.pending().get().then(|| "Reading alerts…".to_owned()));
    let error = Signal::derive(move || {
        load.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err()).map(ToString::to_string))
    });

    view! {
        <section class="panel alerts" aria-labelledby="alerts-title">
            <h3 id="alerts-title">
                "Alerts" {move || total.get().map(|n| format!(" ({n})"))}
            </h3>
            <Notices status error/>
            <Refused capability=Capability::Acknowledge/>
            <Show when=move || total.get() == Some(0)>
                <p class="empty">"No alerts: this token has not fired."</p>
            </Show>
            <ol class="alert-list">
                <For
                    each=move || incidents.get().into_iter().enumerate()
                    key=|(_, i)| (i.key(), i.acknowledged())
                    children=move |(index, incident)| view! { <AlertItem incident index list=incidents/> }
                />
            </ol>
            <Show when=move || next.with(Option::is_some)>
                <button type="button" disabled=move || load.pending().get() on:click=move |_| drop(load.dispatch_local(next.get_untracked()))>
                    "Load more alerts"
                </button>
            </Show>
        </section>
    }
}

#[component]
fn AlertItem(incident: Incident, index: usize, list: RwSignal<Vec<Incident>>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let key = incident.key();
    let acknowledge = Action::new_local(move |key: &String| {
        let key = key.clone();
        async move {
            ctx.perform(Capability::Acknowledge, endpoints::acknowledge(&key)).await?;
            list.update(|all| {
                if let Some(i) = all.get_mut(index) {
                    i.set("acknowledged", "True");
                }
            });
            Ok(())
        }
    });
    let when = incident
        .created()
        .map(|t| format!("{} UTC", utc_minutes(t)))
        .unwrap_or_else(|| "Unknown time".into());
    let source = match (incident.text("src_host"), incident.text("src_host_reverse")) {
        (Some(ip), Some(name)) => format!("{ip} ({name})"),
        (Some(ip), None) => ip,
        _ => "unknown source".to_owned(),
    };
    let acked = incident.acknowledged();
    let events: Vec<Value> = incident.events().to_vec();
    view! {
        <li class="alert-item" class:acknowledged=acked>
            <div class="alert-head">
                <strong>{when}</strong>
                " from " <code>{source}</code>
                " · " {if acked { "acknowledged" } else { "new" }}
                {(!acked).then(|| view! {
                    <button type="button" class="small" disabled=move || acknowledge.pending().get() || ctx.refusal(Capability::Acknowledge).is_some() on:click=move |_| drop(acknowledge.dispatch_local(key.clone()))>
                        "Acknowledge"
                    </button>
                })}
            </div>
            {incident.text("description").map(|d| view! { <p class="hint">{d}</p> })}
            {events.into_iter().map(|event| view! {
                <details class="event">
                    <summary>{event_title(&event)}</summary>
                    {fields(&event, 0)}
                </details>
            }).collect_view()}
            {feedback(acknowledge, "Acknowledging…", |_| "Acknowledged.".to_owned())}
        </li>
    }
}

fn event_title(event: &Value) -> String {
    let kind = event.get("type").and_then(Value::as_str).unwrap_or("event");
    let from = event.get("src_host").and_then(Value::as_str).unwrap_or_default();
    format!("{kind} {from}").trim().to_owned()
}

/// An event's fields as a definition list of text, nested objects as nested lists. Headers and
/// geo data come from whoever triggered the token: nothing becomes a link or markup.
fn fields(value: &Value, depth: usize) -> AnyView {
    match value {
        Value::Object(map) if depth < 3 => view! {
            <dl class="event-fields">
                {map.iter().map(|(k, v)| view! { <dt>{k.clone()}</dt><dd>{fields(v, depth + 1)}</dd> }).collect_view()}
            </dl>
        }
        .into_any(),
        Value::String(s) => view! { <code>{s.clone()}</code> }.into_any(),
        other => view! { <code>{other.to_string()}</code> }.into_any(),
    }
}
