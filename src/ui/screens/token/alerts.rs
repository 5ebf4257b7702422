//! A token's alerts (its incidents, in every state), newest first, a page at a time, in the
//! same view as the Alerts screen's, with "Acknowledge all" and "Delete all alerts" for the
//! token (the Console's bulk actions by `node_id`).

use crate::api::endpoints;
use crate::api::incidents::{AlertFilter, IncidentState};
use crate::ui::app::context::{AppContext, Capability};
use crate::ui::parts::alert_list::{AlertCount, AlertItems, AlertList, AlertLoadBar};
use crate::ui::parts::task::{Task, TaskNotices};
use crate::ui::parts::widgets::Confirm;
use leptos::prelude::*;

const PAGE: u32 = 20;

#[component]
pub fn Alerts(node_id: String, total: RwSignal<Option<u64>>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let count = use_context::<AlertCount>();
    // The delete form says how many alerts go with the token: the list counts into `total`.
    let list = AlertList::new(PAGE, total);
    let filter =
        AlertFilter { state: IncidentState::All, node_id: Some(node_id), ..AlertFilter::default() };
    let node = StoredValue::new(filter.clone());
    list.load(filter);
    let bulk = Task::new();
    let refused = Signal::derive(move || ctx.refusal(Capability::Acknowledge).is_some());
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
            ctx.perform(Capability::Acknowledge, call).await?;
            list.load(node.get_value());
            count.inspect(|c| c.refresh());
            Ok(match delete {
                true => "Deleted every alert of this token.",
                false => "Acknowledged every alert of this token.",
            }
            .to_owned())
        })
    };
    let some = Memo::new(move |_| list.total.get().is_some_and(|n| n > 0));

    view! {
        <section class="panel alerts" aria-labelledby="alerts-title">
            <h3 id="alerts-title">"Alerts" {move || list.total.get().map(|n| format!(" ({n})"))}</h3>
            {move || some.get().then(|| view! {
                <div class="actions">
                    <button type="button" disabled=move || bulk.busy() || refused.get() || !(unacknowledged() || list.more_to_load()) on:click=move |_| act(false)>
                        "Acknowledge all"
                    </button>
                    <Confirm ask="Delete all alerts" confirm="Confirm delete" busy=Signal::derive(move || bulk.busy()) disabled=refused on_confirm=move |()| act(true)>
                        <p>{move || format!("Delete all {} alerts of this token from the Console, acknowledged or not?", list.total.get().unwrap_or_default())}</p>
                    </Confirm>
                </div>
            })}
            <TaskNotices task=bulk/>
            <AlertItems list empty="No alerts: this token has not fired."/>
            <AlertLoadBar list/>
        </section>
    }
}
