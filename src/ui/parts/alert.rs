//! One alert as both alert lists show it (the Alerts screen and a token's alerts): which token
//! fired, from where and when, what the request looked like, and "Acknowledge" /
//! "Unacknowledge" and "Delete alert".
//!
//! Everything an alert holds came from whoever set the token off, and headers carry markup on
//! purpose: every value is text, never HTML, and nothing becomes a link but the token's own
//! address. The full request (headers, query, geo data) is built only once its details are
//! opened, so that a page of alerts renders in a frame.

use super::alert_list::{AlertCount, AlertList};
use super::task::{Task, TaskNotices};
use super::widgets::Confirm;
use crate::api::endpoints;
use crate::api::incidents::{Event, Incident};
use crate::time::utc_minutes;
use crate::ui::app::{AppContext, Capability, Page, Screen};
use leptos::prelude::*;

#[component]
pub fn AlertView(
    incident: Incident,
    list: AlertList,
    /// Link the memo to the token's screen (not on that screen itself).
    #[prop(optional)]
    link_token: bool,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let count = use_context::<AlertCount>();
    let key = StoredValue::new(incident.key().to_owned());
    let acked = RwSignal::new(incident.acknowledged());
    let gone = RwSignal::new(false);
    let opened = RwSignal::new(false);
    let task = Task::new();
    let refused = Signal::derive(move || ctx.refusal(Capability::Acknowledge).is_some());
    // One future for every action (each kind of future costs the page code of its own).
    let act = move |change: Change| {
        task.run(change.busy(), async move {
            let key = key.get_value();
            let call = match change {
                Change::Acknowledge => endpoints::acknowledge(&key),
                Change::Unacknowledge => endpoints::unacknowledge(&key),
                Change::Delete => endpoints::delete_incident(&key),
            };
            ctx.perform(Capability::Acknowledge, call).await?;
            let was_new = !acked.get_untracked();
            match change {
                Change::Delete => {
                    gone.try_set(true);
                    list.forget(&key);
                }
                _ => {
                    acked.try_set(change == Change::Acknowledge);
                    list.mark(&key, change == Change::Acknowledge);
                }
            }
            let by = match change {
                Change::Unacknowledge => 1,
                _ if was_new => -1,
                _ => 0,
            };
            count.inspect(|c| c.adjust(by));
            Ok(change.done().to_owned())
        })
    };
    let toggle = move |_| {
        act(if acked.get_untracked() { Change::Unacknowledge } else { Change::Acknowledge })
    };

    let (memo, kind) = title(&incident);
    let href = incident.token_id().and_then(token_link).filter(|_| link_token);
    let hit = incident.first_event();
    let source = source_line(&incident, hit);
    let user_agent = hit.and_then(|h| h.user_agent());
    let details = hit.map(|h| h.details()).unwrap_or_default();
    let hits = incident.events_count();
    let created = incident.created();

    view! {
        <li class="alert-item" class:acknowledged=acked>
            <div class="alert-body" hidden=gone>
                <div class="alert-head">
                    <a class="alert-token" href=href>{format!("{memo} · {kind}")}</a>
                    <span class="alert-state">{move || if acked.get() { "acknowledged" } else { "new" }}</span>
                </div>
                <p class="alert-when">{when(created)}</p>
                <p class="alert-source">{source}</p>
                {user_agent.map(|ua| view! { <p class="alert-ua">{format!("User-Agent: {ua}")}</p> })}
                {pairs(details)}
                <div class="actions">
                    <button type="button" class="small" disabled=move || task.busy() || refused.get() on:click=toggle>
                        {move || if acked.get() { "Unacknowledge" } else { "Acknowledge" }}
                    </button>
                    <Confirm ask="Delete alert" confirm="Confirm delete" busy=Signal::derive(move || task.busy()) disabled=refused on_confirm=move |()| act(Change::Delete)>
                        <p>"Delete this alert from the Console? It cannot be brought back."</p>
                    </Confirm>
                </div>
                <details class="event">
                    <summary on:click=move |_| opened.set(true)>
                        {if hits > 1 { format!("Request and source details ({hits} hits)") } else { "Request and source details".to_owned() }}
                    </summary>
                    {move || opened.get().then(|| {
                        // The alert as the list holds it (the view keeps no copy of its own).
                        list.items.with_untracked(|all| {
                            let this = all.iter().find(|i| key.with_value(|k| i.key() == k));
                            this.map(|i| i.events().iter().filter_map(Event::of).map(event_view).collect_view())
                        })
                    })}
                </details>
            </div>
            <TaskNotices task/>
        </li>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Acknowledge,
    Unacknowledge,
    Delete,
}

impl Change {
    fn busy(self) -> &'static str {
        match self {
            Self::Acknowledge => "Acknowledging…",
            Self::Unacknowledge => "Unacknowledging…",
            Self::Delete => "Deleting the alert…",
        }
    }

    fn done(self) -> &'static str {
        match self {
            Self::Acknowledge => "Acknowledged.",
            Self::Unacknowledge => "Unacknowledged.",
            Self::Delete => "Alert deleted.",
        }
    }
}

/// The memo and kind, for the alert's first line.
fn title(incident: &Incident) -> (String, String) {
    let kind = incident.kind();
    let label = kind.as_deref().and_then(crate::kinds::find).map(|k| k.label.to_owned());
    let memo = Some(incident.memo()).filter(|m| !m.is_empty());
    (
        memo.unwrap_or_else(|| "(no memo)".into()),
        label.or(kind).unwrap_or_else(|| "Canarytoken".into()),
    )
}

/// The token's screen, for an id the app's addresses accept.
fn token_link(id: String) -> Option<String> {
    let screen = Screen::from_hash(&format!("#token/{id}"))?;
    Some(screen.href(Page::here()))
}

/// "From 203.0.113.14 (host.example.net) · Cape Town, South Africa · Tor".
fn source_line(incident: &Incident, hit: Option<Event<'_>>) -> String {
    let mut line =
        format!("From {}", incident.src_host().unwrap_or_else(|| "an unknown source".into()));
    if let Some(name) = incident.src_host_reverse() {
        line.push_str(&format!(" ({name})"));
    }
    if let Some(place) = hit.and_then(|h| h.place()) {
        line.push_str(&format!(" · {place}"));
    }
    match hit.map(|h| (h.flags(), h.has_blocklist())) {
        Some((flags, _)) if !flags.is_empty() => line.push_str(&format!(" · {}", flags.join(", "))),
        Some((_, true)) => line.push_str(" · not a known Tor, VPN or proxy address"),
        _ => {}
    }
    line
}

/// The time in the user's zone and in UTC: "2026-12-01 10:30 your time · 2026-12-01 08:30 UTC".
fn when(created: Option<f64>) -> String {
    let Some(t) = created else { return "Unknown time".to_owned() };
    let offset_minutes = js_sys::Date::new(&(t * 1000.0).into()).get_timezone_offset();
    let local = utc_minutes(t - offset_minutes * 60.0);
    format!("{local} your time · {} UTC", utc_minutes(t))
}

/// Name–value pairs as a definition list of text; nothing when there are none.
fn pairs(pairs: Vec<(String, String)>) -> Option<impl IntoView> {
    (!pairs.is_empty()).then(|| {
        view! {
            <dl class="event-fields">
                {pairs.into_iter().map(|(name, value)| view! { <dt>{name}</dt><dd>{value}</dd> }).collect_view()}
            </dl>
        }
    })
}

/// One hit in full, every field under its own name: the request and its source first.
fn event_view(hit: Event<'_>) -> impl IntoView + use<> {
    view! { <div class="event-hit">{pairs(hit.everything())}</div> }
}
