//! The bulk screen (`#bulk`): many tokens at once, from a CSV (pasted or opened, with the files
//! its rows name) or from one kind and a memo pattern. Rows are checked before anything is sent
//! (preview), sent with bounded concurrency by the scheduler in [`crate::bulk::run`] driven by
//! timers ([`driver`]), and every row's outcome is kept: a results CSV, every file in one ZIP,
//! and a rerun of the failed rows.
//!
//! The job belongs to the page rather than the screen ([`job::BulkJob`]): leaving the screen
//! keeps the run going and its outcome.

mod driver;
mod files;
mod job;
mod outcome;
mod pattern;
mod planning;
mod preview;
mod progress;
mod results;
mod rows;
mod runner;
mod source;

use crate::ui::app::ConsoleData;
pub use job::BulkJob;
use leptos::prelude::*;
use outcome::OutcomeTable;
use preview::Preview;
use progress::{RunPanel, StartBar};
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
                <RunPanel job/>
                <Results job/>
                <OutcomeTable job/>
            }
            .into_any();
        }
        let info = match data.info_or_notice() {
            Ok(info) => info,
            Err(notice) => return notice,
        };
        view! {
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
