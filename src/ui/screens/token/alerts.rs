//! A token's alerts (its incidents, in every state), newest first, a page at a time, in the
//! same view as the Alerts screen's, with "Acknowledge all" and "Delete all alerts" for the
//! token (the Console's bulk actions by `node_id`).

use crate::api::endpoints;
use crate::api::incidents::{AlertFilter, IncidentState};
use crate::ui::app::context::{AppContext, Need};
use crate::ui::dom::el;
use crate::ui::parts::alert_list::{AlertCount, AlertList, alert_items, alert_load_bar};
use crate::ui::parts::task::Task;
use crate::ui::parts::widgets::{Confirm, button};
use leptos::prelude::*;
use web_sys::Node;

const PAGE: u32 = 20;

/// The alerts of the token `node_id`, counted into `total`; acting on them needs `need` (the
/// capability in the token's flock).
pub fn token_alerts(
    node_id: String,
    need: impl Fn() -> Need + Copy + 'static,
    total: RwSignal<Option<u64>>,
) -> Node {
    let ctx = expect_context::<AppContext>();
    let count = use_context::<AlertCount>();
    // The delete form says how many alerts go with the token: the list counts into `total`.
    let list = AlertList::new(PAGE, total);
    let filter =
        AlertFilter { state: IncidentState::All, node_id: Some(node_id), ..AlertFilter::default() };
    let node = StoredValue::new(filter.clone());
    list.load(filter);
    let bulk = Task::new();
    let refused = move || ctx.refusal(need()).is_some();
    let unacknowledged = move || list.items.with(|all| all.iter().any(|i| !i.acknowledged()));
    // One future for both (each kind of future costs the page code of its own).
    let act = move |delete: bool| {
        let busy = match delete {
            true => "Deleting this token's alerts…",
            false => "Acknowledging this token's alerts…",
        };
        bulk.run(busy, async move {
            let id = node.with_value(|f| f.node_id.clone()).unwrap_or_default();
            let call = match delete {
                true => endpoints::delete_all_incidents(&id),
                false => endpoints::acknowledge_all(&id),
            };
            ctx.perform(need(), call).await?;
            list.load(node.get_value());
            count.inspect(|c| c.refresh());
            Ok(match delete {
                true => "Deleted every alert of this token.",
                false => "Acknowledged every alert of this token.",
            }
            .to_owned())
        })
    };
    // Built again only when the token comes to have alerts or has none left (not on every
    // count, which would close an open question).
    let some = Memo::new(move |_| list.total.get().is_some_and(|n| n > 0));
    let bulk_actions = move || {
        let acknowledge = button("", "Acknowledge all")
            .flag_with("disabled", move || {
                bulk.busy() || refused() || !(unacknowledged() || list.more_to_load())
            })
            .on_click(move || act(false));
        let question = move || {
            let total = list.total.get().unwrap_or_default();
            format!(
                "Delete all {total} alerts of this token from the Console, acknowledged or not?"
            )
        };
        let delete = Confirm::new("Delete all alerts", "Confirm delete").build(
            move || bulk.busy(),
            refused,
            move || act(true),
            move || el("p").text_with(question).into(),
        );
        el("div").class("actions").child(acknowledge).child(delete).into()
    };
    let title = el("h3")
        .id("alerts-title")
        .text("Alerts")
        .text_with(move || list.total.get().map(|n| format!(" ({n})")).unwrap_or_default());

    el("section")
        .class("panel alerts")
        .attr("aria-labelledby", "alerts-title")
        .child(title)
        .dynamic(move || some.get().then(bulk_actions))
        .child(bulk.notices())
        .child(alert_items(list, None, false, "No alerts: this token has not fired."))
        .child(alert_load_bar(list))
        .into()
}
