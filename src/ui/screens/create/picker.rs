//! The kind picker: the kinds this Console offers as radio buttons named `kind`, searchable by
//! name and keyword; once one is chosen the list folds away to leave room for the form.

use crate::ui::app::console_info::Offered;
use leptos::prelude::*;

#[component]
pub fn KindPicker(offered: Vec<Offered>, chosen: RwSignal<Option<Offered>>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let folded = move || chosen.with(Option::is_some);
    let total = offered.len();
    let shown_count = {
        let offered = offered.clone();
        Memo::new(move |_| query.with(|q| offered.iter().filter(|k| k.matches(q)).count()))
    };
    let options = offered
        .into_iter()
        .map(|kind| {
            let id = kind.id.clone();
            let is_chosen = {
                let id = id.clone();
                move || chosen.with(|c| c.as_ref().is_some_and(|c| c.id == id))
            };
            let hidden = {
                let (kind, is_chosen) = (kind.clone(), is_chosen.clone());
                move || if folded() { !is_chosen() } else { !query.with(|q| kind.matches(q)) }
            };
            let place = kind.place();
            let label = kind.label.clone();
            let pick = move |_| chosen.set(Some(kind.clone()));
            view! {
                <label class="kind-option" hidden=hidden>
                    <input type="radio" name="kind" value=id prop:checked=is_chosen on:change=pick/>
                    <span class="kind-text">
                        <span class="kind-label">{label}</span>
                        <span class="kind-place">{place}</span>
                    </span>
                </label>
            }
        })
        .collect_view();

    view! {
        <fieldset class="picker">
            <legend>"Kind of token"</legend>
            <div class="picker-search" hidden=folded>
                <input
                    type="search"
                    name="find_kind"
                    aria-label="Search kinds"
                    placeholder="Search: word, excel, aws, qr…"
                    autocomplete="off"
                    bind:value=query
                />
                <span class="hint">{move || format!("{} of {total}", shown_count.get())}</span>
            </div>
            <div class="kind-list">{options}</div>
            <Show when=move || shown_count.get() == 0 && !folded()>
                <p class="empty">"No kind matches. Try another word."</p>
            </Show>
            <Show when=folded>
                <button type="button" class="link" on:click=move |_| chosen.set(None)>"Change kind"</button>
            </Show>
        </fieldset>
    }
}
