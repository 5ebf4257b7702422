//! Every row's outcome: the token id, or why not (or not yet). Recomputed for the shown view
//! page only, when the run reports changes (a few times a second at most), keyed by row and
//! outcome so that only rows that changed are redrawn.

use super::job::BulkJob;
use super::preview::kind_label;
use super::rows::{ROWS_PER_VIEW, RowsTable};
use crate::bulk::RowState;
use crate::bulk::outcome::{ALREADY_THERE, state_text};
use crate::inventory::thousands;
use crate::ui::parts::widgets::adapters::Checkbox;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Line {
    row: usize,
    kind: String,
    memo: String,
    token_id: Option<String>,
    /// Why not created (empty when created).
    text: String,
    class: &'static str,
}

#[component]
pub fn OutcomeTable(job: BulkJob) -> impl IntoView {
    let only_failed = RwSignal::new(false);
    let limit = RwSignal::new(ROWS_PER_VIEW);
    let view = Memo::new(move |_| {
        let (only, limit) = (only_failed.get(), limit.get());
        job.creating.state.with(|driven| {
            let Some(driven) = driven else { return (Vec::new(), 0) };
            let (plan, run) = (&driven.work.plan, &driven.run);
            let mut slot = 0;
            let mut shown = Vec::new();
            let mut count = 0;
            for planned in &plan.rows {
                // Ready rows are the run's slots, in order; the others were skipped.
                let state = planned.is_ready().then(|| {
                    slot += 1;
                    run.state(slot - 1)
                });
                let unsuccessful = match state {
                    Some(RowState::Failed(_) | RowState::Cancelled { .. }) | None => true,
                    Some(_) => false,
                };
                if only && !unsuccessful {
                    continue;
                }
                count += 1;
                if shown.len() >= limit {
                    continue;
                }
                let (token_id, text, class) = match state {
                    Some(RowState::Done(created)) if created.existed => {
                        (Some(created.token_id.clone()), "already there".to_owned(), "existed")
                    }
                    Some(RowState::Done(created)) => {
                        (Some(created.token_id.clone()), String::new(), "created")
                    }
                    Some(other) => {
                        (None, state_text(other), if unsuccessful { "failed" } else { "pending" })
                    }
                    None => {
                        let problems: Vec<&str> =
                            planned.problems().iter().map(|p| p.message.as_str()).collect();
                        (None, format!("Skipped: {}", problems.join(" ")), "failed")
                    }
                };
                shown.push(Line {
                    row: planned.row,
                    kind: kind_label(planned.kind()),
                    memo: planned.memo().to_owned(),
                    token_id,
                    text,
                    class,
                });
            }
            (shown, count)
        })
    });
    Effect::new(move |_| {
        only_failed.track();
        limit.set(ROWS_PER_VIEW);
    });

    let row = |line: Line| {
        let outcome = match line.token_id {
            Some(id) if !line.text.is_empty() => view! {
                <code class="token-id">{id}</code> " " <span class="hint" title=ALREADY_THERE>{line.text}</span>
            }
            .into_any(),
            Some(id) => view! { <code class="token-id">{id}</code> }.into_any(),
            None => view! { <span>{line.text}</span> }.into_any(),
        };
        view! {
            <tr class=line.class>
                <td class="col-row">{line.row}</td>
                <td class="col-memo">
                    <span class="memo">{line.memo}</span>
                    <span class="kind">{line.kind}</span>
                </td>
                <td class="col-outcome">{outcome}</td>
            </tr>
        }
    };

    view! {
        <section class="bulk-outcome" aria-labelledby="bulk-outcome-title">
            <h3 id="bulk-outcome-title">"Rows"</h3>
            <div class="outcome-bar">
                <p class="hint counts">
                    {move || view.with(|(shown, count)| format!("Showing {} of {} rows", thousands(shown.len() as u64), thousands(*count as u64)))}
                </p>
                <Checkbox name="only_failed" label="Only rows that failed or were not sent" value=only_failed class="small-check"/>
            </div>
            <RowsTable third=("Token ID or error", "col-outcome") rows=view limit row class="outcome"/>
        </section>
    }
}
