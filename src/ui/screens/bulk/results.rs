//! What to take away from a run: the outcome CSV, every created token's file in one ZIP, and a
//! rerun of the rows that failed (with a warning when some of them may exist already).

use super::files::download_all;
use super::job::BulkJob;
use crate::api::types::Download;
use crate::bulk::report;
use crate::inventory::thousands;
use crate::platform::{self, dated_name};
use crate::ui::parts::widgets::{Confirm, Notices};
use leptos::prelude::*;

#[component]
pub fn Results(job: BulkJob) -> impl IntoView {
    let snapshot = Memo::new(move |_| job.snapshot().unwrap_or_default());
    let snap = move || snapshot.get();
    let finished = move || snap().finished;
    let saved = RwSignal::new(None::<String>);
    let save_results = move |_| {
        let csv = job.creating.state.with_untracked(|d| {
            d.as_ref().map(|d| report(Some(&d.work.plan), &d.work.jobs, &d.run))
        });
        let Some(csv) = csv else { return };
        let file = Download {
            filename: dated_name("bulk-results", "csv"),
            content_type: "text/csv;charset=utf-8".into(),
            bytes: csv.into_bytes(),
        };
        saved.set(Some(match platform::save_file(&file) {
            Some(()) => format!("Saved {}.", file.filename),
            None => "The browser did not save the file. Try again.".to_owned(),
        }));
    };
    let files = job.files;
    let fetching = move || files.progress().is_some();
    let downloadable = move || snap().downloadable;
    let files_hint = move || match downloadable() {
        0 => "None of the created tokens has a file to download.".to_owned(),
        1 => "1 created token has a file.".to_owned(),
        n => format!("{} created tokens have files.", thousands(n as u64)),
    };
    let can_rerun = move || finished() && snap().rerunnable() != 0;
    let risky = Memo::new(move |_| snapshot.with(|s| s.maybe_created > 0));
    let asking = RwSignal::new(false);
    let rerun = move || {
        asking.set(false);
        files.status.set(None);
        files.error.set(None);
        saved.set(None);
        job.creating.control(|run, now| {
            run.rerun_failed(true, now);
        });
    };
    let rerun_button = move || {
        match risky.get() {
        false => view! {
            <button type="button" on:click=move |_| rerun()>"Rerun failed rows"</button>
        }
        .into_any(),
        true => view! {
            <Confirm ask="Rerun failed rows" confirm="Rerun anyway" open=asking busy=Signal::derive(move || !finished()) on_confirm=move |()| rerun()>
                <p>
                    {move || match snap().maybe_created {
                        1 => "1 of these rows".to_owned(),
                        n => format!("{} of these rows", thousands(n as u64)),
                    }}
                    " failed in a way that does not say whether the token was made (a server \
                     error, an answer that could not be read, or a lost connection). Sending them \
                     again may create duplicates: look for their memos in the inventory first."
                </p>
            </Confirm>
        }
        .into_any(),
    }
    };
    let status = Signal::derive(move || files.status_line().or_else(|| saved.get()));

    view! {
        <section class="panel bulk-results" aria-labelledby="bulk-results-title">
            <h3 id="bulk-results-title">"Results"</h3>
            <div class="actions">
                <button type="button" on:click=save_results>"Download results (CSV)"</button>
                <Show when=finished>
                    <button
                        type="button"
                        disabled=move || fetching() || downloadable() == 0
                        on:click=move |_| download_all(job)
                    >
                        "Download all files (ZIP)"
                    </button>
                </Show>
                <Show when=can_rerun>{rerun_button}</Show>
            </div>
            <Show when=finished>
                <p class="hint">{files_hint}</p>
            </Show>
            <Show when=fetching>
                <progress
                    max=move || files.progress().map_or(1, |(_, total)| total.max(1)).to_string()
                    value=move || files.progress().map_or(0, |(done, _)| done).to_string()
                    aria-label="Files fetched"
                ></progress>
            </Show>
            <Notices status error=files.error/>
        </section>
    }
}
