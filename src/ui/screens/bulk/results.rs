//! What to take away from a run: the outcome CSV, every created token's file in one ZIP, and a
//! rerun of the rows that failed (with a warning when some of them may exist already).

use super::files::download_all;
use super::job::BulkJob;
use super::runner;
use crate::api::types::Download;
use crate::bulk::report;
use crate::inventory::thousands;
use crate::platform::{self, dated_name};
use crate::ui::app::AppContext;
use crate::ui::parts::widgets::adapters::{Confirm, Notices};
use leptos::prelude::*;

#[component]
pub fn Results(job: BulkJob) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let snapshot = Memo::new(move |_| job.snapshot().unwrap_or_default());
    let snap = move || snapshot.get();
    let finished = move || snap().finished;
    // The files of what was created so far can be fetched while a run waits, too.
    let settled = move || {
        let s = snap();
        s.finished || (s.paused && s.counts.running == 0)
    };
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
        // A run read back is this page's to drive first.
        leptos::task::spawn_local(async move {
            match runner::take_over(job, ctx).await {
                Ok(()) => job.creating.control(|run, now| {
                    run.rerun_failed(true, now);
                }),
                Err(why) => job.run_error.set(Some(why)),
            }
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
                     error, an answer that could not be read, or a lost connection). Each is looked \
                     up on the Console first (same kind, memo and flock) and sent again only if \
                     its token is not there."
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
                <Show when=settled>
                    <button
                        type="button"
                        disabled=move || fetching() || downloadable() == 0
                        on:click=move |_| match runner::client_for_run(job, ctx) {
                            Ok(client) => download_all(job, client),
                            Err(why) => files.error.set(Some(why)),
                        }
                    >
                        "Download all files (ZIP)"
                    </button>
                </Show>
                <Show when=can_rerun>{rerun_button}</Show>
            </div>
            <Show when=settled>
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
