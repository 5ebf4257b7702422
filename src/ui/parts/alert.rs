//! One alert as both alert lists show it (the Alerts screen and a token's alerts): which token
//! fired, from where and when, what the request looked like, and "Acknowledge" /
//! "Unacknowledge" and "Delete alert".
//!
//! Everything an alert holds came from whoever set the token off, and headers carry markup on
//! purpose: every value is text, never HTML, and nothing becomes a link but the token's own
//! address. The full request (headers, query, geo data) is built only once its details are
//! opened, so that a page of alerts renders in a frame.

use super::alert_list::{AlertCount, AlertList};
use super::task::Task;
use super::widgets::Confirm;
use crate::api::endpoints;
use crate::api::incidents::{Event, Incident};
use crate::time::utc_minutes;
use crate::ui::app::{AppContext, Capability, Page, Screen};
use crate::ui::dom::{El, el, fragment};
use leptos::prelude::*;
use web_sys::Node;

/// One alert of `list`; `link_token` links the memo to the token's screen (not on that screen
/// itself).
pub fn alert_view(incident: &Incident, list: AlertList, link_token: bool) -> Node {
    let ctx = expect_context::<AppContext>();
    let count = use_context::<AlertCount>();
    let key = StoredValue::new(incident.key().to_owned());
    let acked = RwSignal::new(incident.acknowledged());
    let gone = RwSignal::new(false);
    let task = Task::new();
    // An alert is acted on in its token's flock: a flock-bound key is refused elsewhere only.
    let need = StoredValue::new(match incident.flock_id() {
        Some(flock) => Capability::Acknowledge.in_flock(&flock),
        None => Capability::Acknowledge.into(),
    });
    let refused = move || ctx.refusal(need.get_value()).is_some();
    // One future for every action (each kind of future costs the page code of its own).
    let act = move |change: Change| {
        task.run(change.busy(), async move {
            let key = key.get_value();
            let call = match change {
                Change::Acknowledge => endpoints::acknowledge(&key),
                Change::Unacknowledge => endpoints::unacknowledge(&key),
                Change::Delete => endpoints::delete_incident(&key),
            };
            ctx.perform(need.get_value(), call).await?;
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
    let toggle = move || {
        act(if acked.get_untracked() { Change::Unacknowledge } else { Change::Acknowledge })
    };
    let toggle_button = el("button")
        .attr("type", "button")
        .class("small")
        .flag_with("disabled", move || task.busy() || refused())
        .on_click(toggle)
        .text_with(move || if acked.get() { "Unacknowledge" } else { "Acknowledge" }.into());
    let question =
        || el("p").text("Delete this alert from the Console? It cannot be brought back.").into();
    let delete = Confirm::new("Delete alert", "Confirm delete").build(
        move || task.busy(),
        refused,
        move || act(Change::Delete),
        question,
    );

    let hit = incident.first_event();
    let body = el("div")
        .class("alert-body")
        .flag_with("hidden", move || gone.get())
        .child(head(incident, link_token, acked))
        .child(el("p").class("alert-when").text(&when(incident.created())))
        .child(el("p").class("alert-source").text(&source_line(incident, hit)))
        .maybe(
            hit.and_then(|h| h.user_agent())
                .map(|ua| el("p").class("alert-ua").text(&format!("User-Agent: {ua}"))),
        )
        .maybe(pairs(hit.map(|h| h.details()).unwrap_or_default()))
        .child(el("div").class("actions").child(toggle_button).child(delete))
        .child(request_details(incident.events_count(), list, key));
    el("li")
        .class("alert-item")
        .class_when("acknowledged", move || acked.get())
        .child(body)
        .child(task.notices())
        .into()
}

/// The first line: which token ("memo · kind", a link where wanted) and the alert's state.
fn head(incident: &Incident, link_token: bool, acked: RwSignal<bool>) -> El {
    let (memo, kind) = title(incident);
    let href = incident.token_id().and_then(token_link).filter(|_| link_token);
    let token = el("a").class("alert-token");
    let token = match href {
        Some(href) => token.attr("href", &href),
        None => token,
    };
    el("div").class("alert-head").child(token.text(&format!("{memo} · {kind}"))).child(
        el("span")
            .class("alert-state")
            .text_with(move || if acked.get() { "acknowledged" } else { "new" }.into()),
    )
}

/// "Request and source details": every hit in full, built once opened from the alert as the
/// list holds it (the view keeps no copy of its own).
fn request_details(hits: u64, list: AlertList, key: StoredValue<String>) -> El {
    let opened = RwSignal::new(false);
    let summary = if hits > 1 {
        format!("Request and source details ({hits} hits)")
    } else {
        "Request and source details".to_owned()
    };
    el("details")
        .class("event")
        .child(el("summary").on_click(move || opened.set(true)).text(&summary))
        .dynamic(move || {
            if !opened.get() {
                return None;
            }
            list.items.with_untracked(|all| {
                let this = all.iter().find(|i| key.with_value(|k| i.key() == k))?;
                Some(fragment(this.events().iter().filter_map(Event::of).map(event_view)))
            })
        })
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
fn pairs(pairs: Vec<(String, String)>) -> Option<Node> {
    (!pairs.is_empty()).then(|| {
        let terms = pairs
            .into_iter()
            .flat_map(|(name, value)| [el("dt").text(&name).into(), el("dd").text(&value).into()]);
        el("dl").class("event-fields").children(terms).into()
    })
}

/// One hit in full, every field under its own name: the request and its source first.
fn event_view(hit: Event<'_>) -> Node {
    el("div").class("event-hit").maybe(pairs(hit.everything())).into()
}
