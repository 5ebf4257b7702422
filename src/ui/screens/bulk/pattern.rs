//! The pattern source: one kind, its settings (the create form's own field controls), and memos
//! numbered from a pattern such as `Laptop {n:03}`.

use super::job::BulkJob;
use crate::bulk::MAX_COUNT;
use crate::kinds::Creation;
use crate::ui::app::console_info::ConsoleInfo;
use crate::ui::parts::fields::adapters::{FieldInput, PlacementSelects};
use crate::ui::parts::widgets::adapters::{FieldError, options};
use leptos::prelude::*;

#[component]
pub fn PatternSource(job: BulkJob, info: ConsoleInfo) -> impl IntoView {
    let p = job.pattern;
    // The same settings go into every row: the first row's problems are every row's.
    let problem = move |name: &'static str| {
        Signal::derive(move || {
            job.plan.with(|planned| {
                let row = planned.plan()?.rows.first()?;
                row.problems().iter().find(|pr| pr.field == name).map(|pr| pr.message.clone())
            })
        })
    };
    let kinds: Vec<_> = info
        .kinds
        .iter()
        .filter(|k| {
            k.spec.is_none_or(|s| s.creation == Creation::Plain && s.offered_with(&info.features))
        })
        .map(|k| (k.id.clone(), k.label.clone()))
        .collect();
    let flocks = info.flocks.clone().unwrap_or_default();
    let domains = info.domains.clone().unwrap_or_default();
    // Parameters this Console does not take (their feature is off) are not offered.
    let features = info.features.clone();
    let fields = move || {
        job.fields()
            .into_iter()
            .filter(|(field, _)| field.offered_with(&features))
            .map(|(field, state)| view! { <FieldInput field state error=problem(field.name)/> })
            .collect_view()
    };

    view! {
        <div class="field">
            <label for="kind">"Kind"</label>
            <select id="kind" name="kind" aria-describedby="kind-error" on:change:target=move |ev| p.kind.set(ev.target().value())>
                <option value="" selected=move || p.kind.with(String::is_empty)>"Choose a kind…"</option>
                {options(kinds, p.kind)}
            </select>
            <FieldError id="kind-error" message=problem("kind")/>
        </div>
        <div class="field">
            <label for="memo">"Memo pattern"</label>
            <input
                type="text"
                id="memo"
                name="memo"
                placeholder="Laptop {n:03}"
                spellcheck="false"
                aria-describedby="memo-help"
                prop:value=move || p.memo.get()
                on:input:target=move |ev| p.memo.set(ev.target().value())
            />
            <p class="hint" id="memo-help">
                "{n} is replaced by the row's number; {n:03} pads it with zeros to 3 digits (Laptop 001, Laptop 002, …)."
            </p>
        </div>
        <div class="field-row">
            <div class="field">
                <label for="count">"How many tokens"</label>
                <input
                    type="number"
                    id="count"
                    name="count"
                    min="1"
                    max=MAX_COUNT.to_string()
                    prop:value=move || p.count.get()
                    on:input:target=move |ev| p.count.set(ev.target().value())
                />
            </div>
            <div class="field">
                <label for="start">"First number"</label>
                <input
                    type="number"
                    id="start"
                    name="start"
                    min="0"
                    prop:value=move || p.start.get()
                    on:input:target=move |ev| p.start.set(ev.target().value())
                />
            </div>
        </div>
        {fields}
        <PlacementSelects flock=p.flock domain=p.domain flocks domains/>
    }
}
