//! The inventory: every token of the Console in a table, filtered by text, kind, state and
//! flock. Filters run at once over what is loaded and, until everything is loaded, also as the
//! Console's own search. At most a page of rows is in the DOM, so 10,000 tokens stay smooth.

mod loader;
mod table;

pub use loader::{BULK_PAGE, InventoryData, Loading};

use crate::inventory::{Filter, StateFilter, thousands};
use crate::ui::context::ConsoleData;
use crate::ui::widgets::Notices;
use leptos::prelude::*;
use std::time::Duration;
use table::TokenTable;

/// How long typing must pause before the Console is searched.
const SEARCH_DELAY: Duration = Duration::from_millis(300);

#[component]
pub fn InventoryScreen() -> impl IntoView {
    let data = expect_context::<InventoryData>();
    let console = expect_context::<ConsoleData>();
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let state = RwSignal::new(StateFilter::All);
    let flock = RwSignal::new(String::new());
    let filter = Memo::new(move |_| Filter {
        text: text.get(),
        kind: Some(kind.get()).filter(|k| !k.is_empty()),
        state: state.get(),
        flock: Some(flock.get()).filter(|f| !f.is_empty()),
    });

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
    let kinds = move || console.0.get().flatten().map(|info| info.kinds).unwrap_or_default();
    let flocks =
        move || console.0.get().flatten().and_then(|info| info.flocks.ok()).unwrap_or_default();

    view! {
        <section class="screen" aria-labelledby="inventory-title">
            <h2 id="inventory-title">"Inventory"</h2>
            <div class="filters" role="search">
                <input
                    type="search"
                    name="search_string"
                    aria-label="Filter by memo or token ID"
                    placeholder="Filter by memo or token ID"
                    autocomplete="off"
                    prop:value=move || text.get()
                    on:input:target=move |ev| text.set(ev.target().value())
                />
                <select name="kind" aria-label="Kind" on:change:target=move |ev| kind.set(ev.target().value())>
                    <option value="">"All kinds"</option>
                    {move || kinds().into_iter().map(|k| view! { <option value=k.id.clone()>{k.label.clone()}</option> }).collect_view()}
                </select>
                <select
                    name="active"
                    aria-label="State"
                    on:change:target=move |ev| {
                        state.set(match ev.target().value().as_str() {
                            "true" => StateFilter::Enabled,
                            "false" => StateFilter::Disabled,
                            _ => StateFilter::All,
                        })
                    }
                >
                    <option value="">"Enabled and disabled"</option>
                    <option value="true">"Enabled"</option>
                    <option value="false">"Disabled"</option>
                </select>
                <select name="flock_id" aria-label="Flock" on:change:target=move |ev| flock.set(ev.target().value())>
                    <option value="">"All flocks"</option>
                    {move || flocks().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </div>
            <div class="load-bar">
                <span class="hint">{counts}</span>
                <LoadControls data/>
            </div>
            <crate::ui::bulk::ExportPanel filter/>
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
fn LoadControls(data: InventoryData) -> impl IntoView {
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
