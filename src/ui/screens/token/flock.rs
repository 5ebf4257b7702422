//! Moving a token to another of the Console's flocks (`flock/move`), confirmed in the page,
//! with the choice to clear its alerts (`clear_incidents`) as it goes.

use super::actions::{Copies, action_form};
use crate::api::endpoints;
use crate::api::types::Token;
use crate::ui::app::context::{AppContext, Capability, ConsoleData};
use crate::ui::dom::{el, show};
use crate::ui::parts::alert_list::AlertCount;
use crate::ui::parts::task::Task;
use crate::ui::parts::widgets::{Confirm, checkbox, refused, select};
use leptos::prelude::*;
use web_sys::{Event, Node};

/// The "Move to another flock" form, once the Console's flocks are read and there is another.
/// `alert_count` is what the screen's alert list counted (the choice to clear them is offered
/// unless it is none); `alerts_cleared` is bumped when they were cleared, so that the screen
/// reads them again.
pub fn move_to_flock(
    token: RwSignal<Option<Token>>,
    alert_count: RwSignal<Option<u64>>,
    alerts_cleared: RwSignal<u64>,
) -> Node {
    let console = expect_context::<ConsoleData>();
    // Only whether there are any: the form is not built again when the token moves (that would
    // drop the line saying it moved).
    let any = Memo::new(move |_| destinations(token, console).is_some_and(|o| !o.is_empty()));
    show(move || any.get(), move || move_form(token, alert_count, alerts_cleared))
}

/// `(id, name)` of the Console's flocks but the token's (tracked); `None` until they are read
/// or when they could not be.
fn destinations(
    token: RwSignal<Option<Token>>,
    console: ConsoleData,
) -> Option<Vec<(String, String)>> {
    let current = token.with(|t| t.as_ref().map(|t| t.flock_id().to_owned())).unwrap_or_default();
    console.with(|info| {
        let flocks = info?.flocks.as_deref().ok()?;
        Some(flocks.iter().filter(|(id, _)| *id != current).cloned().collect())
    })
}

fn move_form(
    token: RwSignal<Option<Token>>,
    alert_count: RwSignal<Option<u64>>,
    alerts_cleared: RwSignal<u64>,
) -> Node {
    let ctx = expect_context::<AppContext>();
    let console = expect_context::<ConsoleData>();
    let count = use_context::<AlertCount>();
    let dest = RwSignal::new(String::new());
    let clear = RwSignal::new(false);
    let has_alerts = move || alert_count.get() != Some(0);
    let name_of = move |id: &str| console.flock_name(id);
    let question = Confirm::new("Move", "Confirm move");
    let moving = Task::new();
    let copies = Copies::of(token);
    let confirm = move || {
        let dest_id = dest.get_untracked();
        let clear_incidents = clear.get_untracked() && untrack(has_alerts);
        let ids = token.with_untracked(|t| {
            t.as_ref().map(|t| (t.id().to_owned(), t.node_id().to_owned())).unwrap_or_default()
        });
        let dest_name = untrack(|| name_of(&dest_id));
        moving.run("Moving…", async move {
            let (id, node_id) = ids;
            let call = endpoints::move_to_flock(&node_id, &dest_id, clear_incidents);
            let moved = ctx.perform(Capability::Move, call).await;
            // Back to the form either way: it shows the new flock, or why not (and a refused
            // key's disabled button).
            question.open.try_set(false);
            moved?;
            copies.apply(&id, None, |t| t.set("flock_id", dest_id.as_str()));
            if clear_incidents {
                clear.try_set(false);
                alerts_cleared.try_update(|n| *n += 1);
                count.inspect(|c| c.refresh());
            }
            Ok(match clear_incidents {
                true => format!("Moved to {dest_name}; its alerts were cleared."),
                false => format!("Moved to {dest_name}."),
            })
        });
    };
    let asked = move || {
        let said = move || {
            let to = name_of(&dest.get());
            match clear.get() && has_alerts() {
                true => format!("Move this token to {to} and clear its alerts?"),
                false => format!("Move this token to {to}?"),
            }
        };
        el("p").text_with(said).into()
    };
    // Built again when the token has moved: the flock it left is offered, the one it is in not.
    let destination = move || {
        let choices = destinations(token, console).unwrap_or_default();
        if !dest.with_untracked(|d| choices.iter().any(|(id, _)| id == d)) {
            dest.set(choices.first().map(|(id, _)| id.clone()).unwrap_or_default());
        }
        Some(select("dest_flock_id", choices, dest).id("dest_flock_id").into())
    };
    action_form("action-form move-flock")
        .on("submit", |ev: Event| ev.prevent_default())
        .child(el("h4").text("Move to another flock"))
        .child(refused(|| Capability::Move.into()))
        .child(el("label").attr("for", "dest_flock_id").text("Destination flock"))
        .dynamic(destination)
        .child(show(has_alerts, move || checkbox("clear_incidents", "Clear its alerts", clear, "")))
        .child(question.for_task(moving, Capability::Move, confirm, asked))
        .into()
}
