//! The bulk screen (`#bulk`): many tokens at once, from a CSV (pasted or opened, with the files
//! its rows name) or from one kind and a memo pattern. Rows are checked before anything is sent
//! (preview), sent with bounded concurrency by the scheduler in [`crate::bulk::run`] driven by
//! timers ([`driver`]), and every row's outcome is kept: a results CSV, every file in one ZIP,
//! and a rerun of the failed rows.
//!
//! The job belongs to the page rather than the screen ([`job::BulkJob`]): leaving the screen
//! keeps the run going and its outcome. The run is journaled in the browser's storage as it
//! goes ([`keeper`], [`crate::bulk::journal`]): reopening the workbench after a close, reload or
//! crash shows the unfinished run ([`restored`]) and resumes it without creating anything twice.

mod driver;
mod files;
mod job;
mod keeper;
mod outcome;
mod pattern;
mod planning;
mod preview;
mod progress;
mod restored;
mod results;
mod rows;
mod runner;
mod source;

use crate::ui::app::ConsoleData;
use crate::ui::dom::embed;
pub use job::BulkJob;
use leptos::prelude::*;
use outcome::OutcomeTable;
use preview::Preview;
use progress::{RunPanel, StartBar};
use restored::RestoredPanel;
use results::Results;
use source::SourceStep;

#[component]
pub fn BulkScreen() -> impl IntoView {
    let data = expect_context::<ConsoleData>();
    let job = BulkJob::get();
    // Only the start and the end of a run switch views (not every progress report).
    let started = Memo::new(move |_| job.started());
    let body = move || {
        if started.get() {
            return view! {
                <RestoredPanel job/>
                <RunPanel job/>
                <Results job/>
                <OutcomeTable job/>
            }
            .into_any();
        }
        let info = match data.info_or_notice() {
            Ok(info) => info,
            Err(notice) => return embed(notice).into_any(),
        };
        view! {
            <Broken job/>
            <SourceStep job info/>
            <Preview job/>
            <StartBar job/>
        }
        .into_any()
    };
    view! {
        <section class="screen bulk" aria-labelledby="bulk-title">
            <h2 id="bulk-title">"Bulk create"</h2>
            {body}
        </section>
    }
}

/// A journal that could not be read: said once, with the way to remove it.
#[component]
fn Broken(job: BulkJob) -> impl IntoView {
    move || {
        job.broken.get().map(|why| {
            let remove = move |_| {
                job.broken.set(None);
                leptos::task::spawn_local(async move {
                    let backend = crate::store::Backend::detect();
                    let rows = crate::bulk::MAX_COUNT;
                    if let Err(e) = keeper::remove(&backend, rows).await {
                        job.broken.set(Some(e.to_string()));
                    }
                });
            };
            view! {
                <div class="panel notice warning" role="alert">
                    <p>{why}</p>
                    <button type="button" class="small" on:click=remove>"Discard the record"</button>
                </div>
            }
        })
    }
}
