//! The preview: every row checked before anything is sent, with its problems. At most a view
//! page of rows is in the DOM ("Show more" adds the next), so 10,000 rows stay smooth.

use super::job::{BulkJob, Planned};
use super::rows::{ROWS_PER_VIEW, RowsTable};
use crate::bulk::PlannedRow;
use crate::bulk::plan::WHOLE_ROW;
use crate::inventory::thousands;
use crate::kinds::find;
use crate::ui::parts::widgets::adapters::Checkbox;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Line {
    row: usize,
    kind: String,
    memo: String,
    /// (parameter, message); the parameter is empty for the row as a whole.
    problems: Vec<(&'static str, String)>,
    warnings: Vec<String>,
}

impl Line {
    fn new(r: &PlannedRow) -> Self {
        Self {
            row: r.row,
            kind: kind_label(r.kind()),
            memo: r.memo().to_owned(),
            problems: r.problems().iter().map(|p| (p.field, p.message.clone())).collect(),
            warnings: r.warnings.iter().map(|w| w.message.clone()).collect(),
        }
    }
}

/// The catalog's name for a kind id, or the id.
pub fn kind_label(id: &str) -> String {
    find(id).map_or_else(|| id.to_owned(), |k| k.label.to_owned())
}

#[component]
pub fn Preview(job: BulkJob) -> impl IntoView {
    let only_problems = RwSignal::new(false);
    let limit = RwSignal::new(ROWS_PER_VIEW);
    Effect::new(move |_| {
        job.plan.track();
        only_problems.track();
        limit.set(ROWS_PER_VIEW);
    });
    // (rows, warnings, ready, invalid) of the whole plan; computed once per plan.
    let summary = Memo::new(move |_| {
        job.plan
            .with(|p| p.plan().map(|plan| (plan.len(), plan.ready_count(), plan.warnings.clone())))
    });
    let view = Memo::new(move |_| {
        let limit = limit.get();
        job.plan.with(|p| {
            let Some(plan) = p.plan() else { return (Vec::new(), 0) };
            // The box is hidden once no row has problems: it no longer filters.
            let only = only_problems.get() && plan.ready_count() < plan.len();
            let mut matching = plan.rows.iter().filter(|r| !only || !r.is_ready());
            let shown: Vec<Line> = matching.by_ref().take(limit).map(Line::new).collect();
            let count = shown.len() + matching.count();
            (shown, count)
        })
    });
    let invalid = move || summary.with(|s| s.as_ref().map_or(0, |(n, ready, _)| n - ready));
    let counts = move || {
        summary.with(|s| {
            s.as_ref().map(|(n, ready, _)| {
                let rows = if *n == 1 { "row" } else { "rows" };
                format!(
                    "{} {rows}: {} ready, {} with problems.",
                    thousands(*n as u64),
                    thousands(*ready as u64),
                    thousands((n - ready) as u64)
                )
            })
        })
    };
    let warnings =
        move || summary.with(|s| s.as_ref().map(|(_, _, w)| w.clone()).unwrap_or_default());
    let has_plan = move || summary.with(Option::is_some);

    let row = |line: Line| {
        let ready = line.problems.is_empty();
        let status = match ready {
            true => view! { <span class="ready">"Ready"</span> }.into_any(),
            false => view! {
                <ul class="problems">
                    {line.problems.into_iter().map(|(field, message)| view! {
                        <li>
                            {(field != WHOLE_ROW).then(|| view! { <code>{field}</code> " " })}
                            {message}
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        };
        view! {
            <tr class:invalid=!ready>
                <td class="col-row">{line.row}</td>
                <td class="col-memo">
                    <span class="memo">{line.memo}</span>
                    <span class="kind">{line.kind}</span>
                </td>
                <td class="col-status">
                    {status}
                    {line.warnings.into_iter().map(|w| view! { <p class="hint warning">{w}</p> }).collect_view()}
                </td>
            </tr>
        }
    };

    view! {
        <Show when=has_plan>
            <section class="bulk-preview" aria-labelledby="bulk-preview-title">
                <h3 id="bulk-preview-title">"Preview"</h3>
                <p class="hint counts">{counts}</p>
                <ul class="plan-warnings">
                    {move || warnings().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                </ul>
                <Show when=move || invalid() != 0>
                    <Checkbox name="only_problems" label="Show only rows with problems" value=only_problems class="small-check"/>
                </Show>
                <RowsTable third=("Status", "col-status") rows=view limit row/>
                <label class="check" hidden=move || invalid() == 0>
                    <input
                        type="checkbox"
                        name="skip_invalid"
                        prop:checked=move || job.skip_invalid.get()
                        on:change:target=move |ev| {
                            job.skip_invalid.set(ev.target().checked());
                            job.refusal.set(None);
                        }
                    />
                    {move || match invalid() {
                        1 => " Skip invalid rows (the row with problems is not sent, and is listed in the results)".to_owned(),
                        n => format!(" Skip invalid rows (the {} rows with problems are not sent, and are listed in the results)", thousands(n as u64)),
                    }}
                </label>
            </section>
        </Show>
        {move || job.plan.with(|p| matches!(p, Planned::Nothing)).then(|| view! {
            <p class="empty">"Enter rows above: the preview checks each one before anything is sent."</p>
        })}
    }
}
