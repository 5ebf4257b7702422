//! The Alerts screen (`#alerts`): the Console's Canarytoken alerts across every token, newest
//! first, unacknowledged ones unless the filter says otherwise. The state, flock, kind and time
//! filters ask the Console at once; the text filter narrows what is loaded as the user types and
//! asks the Console once typing pauses, unless every alert of the other filters is loaded
//! already. "Export these alerts…" opens the workbench's export with the same filter.

use crate::api::incidents::AlertFilter;
use crate::ui::app::nav::go;
use crate::ui::app::{Page, Screen};
use crate::ui::dom::{El, effect, el};
use crate::ui::parts::alert_list::{AlertList, alert_filters, alert_items, alert_load_bar};
use leptos::prelude::*;
use std::time::Duration;
use web_sys::Node;

/// The first page and each "Load more".
const PAGE: u32 = 50;

/// How long typing must pause before the Console is asked.
const TYPING_PAUSE: Duration = Duration::from_millis(300);

pub fn alerts_screen() -> Node {
    let list = AlertList::new(PAGE, RwSignal::new(None));
    let edited = RwSignal::new(AlertFilter::default());
    // Each change of the filter counts; a search for typed text waits for the count to stay
    // put (and a change of another filter meanwhile voids it).
    let changes = StoredValue::new(0u64);
    effect(move || {
        let wanted = edited.get();
        changes.update_value(|n| *n += 1);
        let loaded = Some(list.filter.get_untracked()).filter(|_| list.loaded.get_untracked());
        let Some(loaded) = loaded.filter(|l| l.without_text() == wanted.without_text()) else {
            return list.load(wanted);
        };
        let local = loaded.text.trim().is_empty() && untrack(|| list.complete());
        if loaded.text == wanted.text || local {
            return;
        }
        let mine = changes.get_value();
        set_timeout(
            move || {
                if changes.try_get_value() == Some(mine) {
                    list.load(wanted);
                }
            },
            TYPING_PAUSE,
        );
    });

    el("section")
        .class("screen alerts-screen")
        .attr("aria-labelledby", "alerts-screen-title")
        .child(el("h2").id("alerts-screen-title").text("Alerts"))
        .child(alert_filters(edited))
        .child(alert_load_bar(list))
        .child(export_link(edited))
        .child(alert_items(list, Some(edited), true, "No alerts match."))
        .into()
}

/// "Export these alerts…": the workbench's export, with the filter as edited.
fn export_link(edited: RwSignal<AlertFilter>) -> El {
    let export = move || Screen::AlertExport(edited.with(AlertFilter::to_query));
    let link = el("a").attr_with("href", move || Some(export().href(Page::Popup))).on(
        "click",
        move |ev| {
            ev.prevent_default();
            go(&untrack(export));
        },
    );
    el("p")
        .class("hint export-link")
        .child(link.text("Export these alerts…"))
        .text(" (CSV or JSON, on the workbench)")
}
