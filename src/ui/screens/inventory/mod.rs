//! The inventory: every token of the Console in a table, filtered by text, kind, state and
//! flock. Filters run at once over what is loaded and, until everything is loaded, also as the
//! Console's own search. At most a window of rows is in the DOM, so 100,000 tokens stay smooth.

mod table;

use crate::inventory::{Filter, thousands};
use crate::ui::app::nav::go;
use crate::ui::app::tokens::Loading;
use crate::ui::app::{Page, Screen, Tokens};
use crate::ui::dom::{dynamic, effect, el, fragment};
use crate::ui::parts::filters::filter_bar;
use crate::ui::parts::widgets::{button, notices};
use leptos::prelude::*;
use std::time::Duration;
use table::token_table;
use web_sys::{Event, Node};

/// How long typing must pause before the Console is searched.
const SEARCH_DELAY: Duration = Duration::from_millis(300);

pub fn inventory_screen() -> Node {
    let data = expect_context::<Tokens>();
    let filter = RwSignal::new(Filter::EMPTY);
    search_the_console(data, filter);

    let counts = move || {
        let loaded = data.rows.with(|r| r.len()) as u64;
        let total = data.total.get().unwrap_or(loaded).max(loaded);
        format!("{} of {} loaded", thousands(loaded), thousands(total))
    };
    let load_bar = el("div")
        .class("load-bar")
        .child(el("span").class("hint").text_with(counts))
        .child(load_controls(data));
    let export = el("a")
        .attr_with("href", move || Some(Screen::Export(filter.get()).href(Page::Popup)))
        .on("click", move |ev: Event| {
            ev.prevent_default();
            go(&Screen::Export(filter.get_untracked()));
        })
        .text("Export these tokens…");
    let status = move || {
        (data.loading.get() == Loading::Page)
            .then(|| "Loading tokens…".to_owned())
            .or_else(|| data.notice.get())
    };
    el("section")
        .class("screen")
        .attr("aria-labelledby", "inventory-title")
        .child(el("h2").id("inventory-title").text("Inventory"))
        .child(filter_bar(filter))
        .child(load_bar)
        .child(
            el("p")
                .class("hint export-link")
                .child(export)
                .text(" (CSV or JSON, on the workbench)"),
        )
        .child(notices(status, move || data.error.get().map(|e| e.to_string())))
        .child(token_table(filter))
        .into()
}

/// The Console search follows the filters once typing pauses, unless everything is loaded.
/// Each change replaces the pending search; leaving the screen drops it.
fn search_the_console(data: Tokens, filter: RwSignal<Filter>) {
    let searched = RwSignal::new(filter.get_untracked());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    effect(move || {
        let current = filter.get();
        let delay = if current.text == searched.get_untracked().text {
            Duration::ZERO
        } else {
            SEARCH_DELAY
        };
        cancel();
        let handle = set_timeout_with_handle(move || searched.set(current), delay).ok();
        pending.set_value(handle);
    });
    on_cleanup(cancel);
    effect(move || {
        let wanted = searched.get().query();
        if data.complete() || data.query.with_untracked(|q| q.as_ref() == Some(&wanted)) {
            return;
        }
        data.load(wanted);
    });
}

/// While everything loads, its progress and "Stop"; otherwise "Load more", "Load all" and
/// "Refresh".
fn load_controls(data: Tokens) -> Node {
    // Built again only when loading everything starts or ends, so that a button keeps focus.
    let all = RwSignal::new(false);
    effect(move || {
        let now = data.loading.get() == Loading::All;
        if all.get_untracked() != now {
            all.set(now);
        }
    });
    dynamic(move || Some(if all.get() { progress(data) } else { load_buttons(data) }))
}

fn progress(data: Tokens) -> Node {
    let bar = el("progress")
        .attr_with("max", move || Some(data.total.get().unwrap_or(1).max(1).to_string()))
        .attr_with("value", move || Some(data.rows.with(|r| r.len()).to_string()))
        .attr("aria-label", "Loading all tokens");
    fragment([bar.into(), button("", "Stop").on_click(move || data.stop()).into()])
}

fn load_buttons(data: Tokens) -> Node {
    let idle = move || data.loading.get() == Loading::Idle;
    let more = move || data.next.with(Option::is_some) && idle();
    let refresh = move || data.load(data.query.get_untracked().unwrap_or_default());
    fragment([
        button("", "Load more")
            .flag_with("disabled", move || !more())
            .on_click(move || data.load_more())
            .into(),
        button("", "Load all")
            .flag_with("disabled", move || !more())
            .on_click(move || data.load_all())
            .into(),
        button("ghost", "Refresh").flag_with("disabled", move || !idle()).on_click(refresh).into(),
    ])
}
