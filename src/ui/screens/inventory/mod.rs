//! The inventory: every token of the Console in a table, filtered by text, kind, state and
//! flock. Filters run at once over what is loaded and, until everything is loaded, also as the
//! Console's own search. At most a page of rows is in the DOM, so 10,000 tokens stay smooth.

mod table;

use crate::inventory::{Filter, thousands};
use crate::ui::app::tokens::Loading;
use crate::ui::app::{Page, Screen, Tokens};
use crate::ui::parts::filters::FilterBar;
use crate::ui::parts::widgets::Notices;
use leptos::prelude::*;
use std::time::Duration;
use table::TokenTable;

/// How long typing must pause before the Console is searched.
const SEARCH_DELAY: Duration = Duration::from_millis(300);

#[component]
pub fn InventoryScreen() -> impl IntoView {
    let data = expect_context::<Tokens>();
    let edited = RwSignal::new(Filter::EMPTY);
    let filter = Memo::new(move |_| edited.get());

    // The Console search follows the filters once typing pauses, unless everything is loaded.
    // Each change replaces the pending search; leaving the screen drops it.
    let searched = RwSignal::new(filter.get_untracked());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    Effect::new(move |_| {
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
    Effect::new(move |_| {
        let wanted = searched.get().query();
        if data.complete() || data.query.with_untracked(|q| q.as_ref() == Some(&wanted)) {
            return;
        }
        data.load(wanted);
    });

    let counts = move || {
        let loaded = data.rows.with(|r| r.len()) as u64;
        let total = data.total.get().unwrap_or(loaded).max(loaded);
        format!("{} of {} loaded", thousands(loaded), thousands(total))
    };
    let export = move || Screen::Export(filter.get()).href(Page::Popup);

    view! {
        <section class="screen" aria-labelledby="inventory-title">
            <h2 id="inventory-title">"Inventory"</h2>
            <FilterBar filter=edited/>
            <div class="load-bar">
                <span class="hint">{counts}</span>
                <LoadControls data/>
            </div>
            <p class="hint export-link">
                <a href=export on:click=move |ev| {
                    ev.prevent_default();
                    crate::ui::app::nav::go(&Screen::Export(filter.get_untracked()));
                }>"Export these tokens…"</a>
                " (CSV or JSON, on the workbench)"
            </p>
            <Notices
                status=Signal::derive(move || {
                    (data.loading.get() == Loading::Page).then(|| "Loading tokens…".to_owned()).or_else(|| data.notice.get())
                })
                error=Signal::derive(move || data.error.get().map(|e| e.to_string()))
            />
            <TokenTable filter/>
        </section>
    }
}

#[component]
fn LoadControls(data: Tokens) -> impl IntoView {
    let more = move || data.next.with(Option::is_some);
    let loading = move || data.loading.get();
    view! {
        <Show when=move || loading() == Loading::All>
            <progress
                max=move || data.total.get().unwrap_or(1).max(1).to_string()
                value=move || data.rows.with(|r| r.len()).to_string()
                aria-label="Loading all tokens"
            ></progress>
            <button type="button" on:click=move |_| data.stop()>"Stop"</button>
        </Show>
        <Show when=move || loading() != Loading::All>
            <button type="button" disabled=move || !more() || loading() != Loading::Idle on:click=move |_| data.load_more()>
                "Load more"
            </button>
            <button type="button" disabled=move || !more() || loading() != Loading::Idle on:click=move |_| data.load_all()>
                "Load all"
            </button>
            <button
                type="button"
                class="ghost"
                disabled=move || loading() != Loading::Idle
                on:click=move |_| data.load(data.query.get_untracked().unwrap_or_default())
            >
                "Refresh"
            </button>
        </Show>
    }
}
