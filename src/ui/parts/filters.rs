//! The token filters, as the inventory and the export show them: text (memo or token id), kind,
//! state and flock, each control named after the search parameter it fills.

use crate::inventory::{Filter, StateFilter};
use crate::ui::app::ConsoleData;
use leptos::prelude::*;

#[component]
pub fn FilterBar(filter: RwSignal<Filter>) -> impl IntoView {
    let console = expect_context::<ConsoleData>();
    let kinds = move || console.with(|i| i.map(|i| i.kinds.clone()).unwrap_or_default());
    let flocks =
        move || console.with(|i| i.and_then(|i| i.flocks.clone().ok()).unwrap_or_default());
    let chosen = move |value: &str, current: Option<String>| current.as_deref() == Some(value);
    view! {
        <div class="filters" role="search">
            <input
                type="search"
                name="search_string"
                aria-label="Filter by memo or token ID"
                placeholder="Filter by memo or token ID"
                autocomplete="off"
                prop:value=move || filter.with(|f| f.text.clone())
                on:input:target=move |ev| filter.update(|f| f.text = ev.target().value())
            />
            <select name="kind" aria-label="Kind" on:change:target=move |ev| filter.update(|f| f.kind = Some(ev.target().value()).filter(|k| !k.is_empty()))>
                <option value="">"All kinds"</option>
                {move || kinds().into_iter().map(|k| {
                    let selected = chosen(&k.id, filter.with_untracked(|f| f.kind.clone()));
                    view! { <option value=k.id selected=selected>{k.label}</option> }
                }).collect_view()}
            </select>
            <select name="active" aria-label="State" on:change:target=move |ev| filter.update(|f| f.state = StateFilter::from_param(&ev.target().value()))>
                {[("", "Enabled and disabled", StateFilter::All), ("true", "Enabled", StateFilter::Enabled), ("false", "Disabled", StateFilter::Disabled)]
                    .map(|(value, label, state)| view! { <option value=value selected=move || filter.with(|f| f.state == state)>{label}</option> })}
            </select>
            <select name="flock_id" aria-label="Flock" on:change:target=move |ev| filter.update(|f| f.flock = Some(ev.target().value()).filter(|k| !k.is_empty()))>
                <option value="">"All flocks"</option>
                {move || flocks().into_iter().map(|(id, name)| {
                    let selected = chosen(&id, filter.with_untracked(|f| f.flock.clone()));
                    view! { <option value=id selected=selected>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
