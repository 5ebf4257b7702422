//! Starting a run and following it: the concurrency, "Start", the progress bar with its counts
//! and time left, "Pause"/"Resume", and "Cancel" (asked in the page).

use super::job::{BulkJob, MAX_CONCURRENCY, Planned, parse_concurrency};
use super::{planning, runner};
use crate::inventory::thousands;
use crate::time::about;
use crate::ui::app::{AppContext, ConsoleData};
use crate::ui::parts::task::Task;
use crate::ui::parts::widgets::adapters::{Confirm, FieldError, Notices};
use leptos::prelude::*;

/// How many requests may be in flight; a change applies to a running job at once.
#[component]
pub fn ConcurrencyInput(job: BulkJob) -> impl IntoView {
    let error = Signal::derive(move || job.concurrency.with(|c| parse_concurrency(c).err()));
    view! {
        <div class="field concurrency">
            <label for="concurrency">"Requests at once"</label>
            <input
                type="number"
                id="concurrency"
                name="concurrency"
                min="1"
                max=MAX_CONCURRENCY.to_string()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby="concurrency-error"
                prop:value=move || job.concurrency.get()
                on:input:target=move |ev| {
                    job.concurrency.set(ev.target().value());
                    if let Ok(n) = job.concurrency_value() {
                        job.creating.control(|run, _| run.set_concurrency(n));
                    }
                }
            />
            <FieldError id="concurrency-error" message=error/>
        </div>
    }
}

/// "Start": sends the checked rows, or says why it cannot.
#[component]
pub fn StartBar(job: BulkJob) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let data = expect_context::<ConsoleData>();
    let start = move |_| {
        if job.creating.is_running() {
            return;
        }
        if job.checking.get_untracked() {
            planning::check_now(job, data.0.get_untracked().flatten().as_ref());
        }
        let result = match job.plan.get_untracked() {
            Planned::Ready(plan) => runner::start(job, plan, ctx),
            Planned::Refused(why) => Err(why),
            Planned::Nothing => Err("Nothing to send yet: enter some rows first.".to_owned()),
        };
        job.refusal.set(result.err());
    };
    let status = Signal::derive(move || job.checking.get().then(|| "Checking rows…".to_owned()));
    let error = Signal::derive(move || {
        job.refusal.get().or_else(|| {
            job.plan.with(|p| match p {
                Planned::Refused(why) => Some(why.clone()),
                _ => None,
            })
        })
    });
    view! {
        <div class="panel start-bar">
            <ConcurrencyInput job/>
            <button type="button" class="primary" on:click=start>"Start"</button>
        </div>
        <Notices status error/>
    }
}

#[component]
pub fn RunPanel(job: BulkJob) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let snapshot = Memo::new(move |_| job.snapshot().unwrap_or_default());
    let restored = move || job.restored.with(Option::is_some);
    let snap = move || snapshot.get();
    let counts = move || snap().counts;
    let settled = move || {
        let c = counts();
        c.done + c.failed + c.cancelled
    };
    let finished = move || snap().finished;
    let stopping = move || snap().cancelled;
    let line = move || {
        let c = counts();
        let mut text = format!(
            "{} done · {} failed · {} left",
            thousands(c.done as u64),
            thousands(c.failed as u64),
            thousands((c.left + c.running) as u64)
        );
        if c.cancelled > 0 {
            text.push_str(&format!(" · {} cancelled", thousands(c.cancelled as u64)));
        }
        text
    };
    let eta = move || {
        let s = snap();
        match (s.finished, s.paused, s.eta_ms) {
            (true, ..) => String::new(),
            (_, true, _) => "Paused.".to_owned(),
            (_, _, None) => "Estimating the time left…".to_owned(),
            (_, _, Some(ms)) => format!("{} left", about(ms)),
        }
    };
    let resuming = Task::new();
    let status = Signal::derive(move || {
        if resuming.busy() {
            return Some(
                "Resuming: making sure no other tab or window is sending this run…".to_owned(),
            );
        }
        let s = snap();
        let c = s.counts;
        let in_flight = match c.running {
            1 => "1 request".to_owned(),
            n => format!("{n} requests"),
        };
        // Rows the Console already had count as done, said apart when there are any.
        let there = match s.existed {
            0 => String::new(),
            n => format!(", {} already there", thousands(n as u64)),
        };
        let created = thousands((c.done - s.existed) as u64);
        Some(match (s.finished, s.cancelled, s.paused) {
            (true, true, _) => format!(
                "Cancelled: {created} created{there}, {} failed, {} not sent.",
                thousands(c.failed as u64),
                thousands(c.cancelled as u64)
            ),
            (true, false, _) => {
                format!("Finished: {created} created{there}, {} failed.", thousands(c.failed as u64))
            }
            (false, true, _) => format!("Cancelling: waiting for {in_flight} in flight…"),
            (false, false, true) if c.running > 0 => {
                format!("Pausing: waiting for {in_flight} in flight…")
            }
            (false, false, true) if job.restored.with(Option::is_some) => {
                "Interrupted: the page closed before the run finished. Resume to send the rest."
                    .to_owned()
            }
            (false, false, true) if job.offline.get() => "Paused: the browser is offline. The run                  goes on by itself when the network is back (or press Resume)."
                .to_owned(),
            (false, false, true) => "Paused: nothing more is sent until you resume.".to_owned(),
            (false, false, false) => "Creating tokens…".to_owned(),
        })
    });
    let paused = move || snap().paused;
    let toggle = move |_| match snapshot.get_untracked().paused {
        true => resuming.run("Resuming…", async move {
            runner::resume(job, ctx).await?;
            Ok(String::new())
        }),
        false => job.creating.control(|run, now| run.pause(now)),
    };
    let discarding = RwSignal::new(false);
    let discard = move |()| {
        discarding.set(false);
        runner::discard(job);
    };
    let error = Signal::derive(move || {
        resuming.error().or_else(|| job.run_error.get()).or_else(|| job.journal_error.get())
    });
    let asking = RwSignal::new(false);
    let cancel = move |()| {
        asking.set(false);
        job.creating.control(|run, _| run.cancel());
    };

    view! {
        <section class="panel bulk-run" aria-labelledby="bulk-run-title">
            <h3 id="bulk-run-title">"Run"</h3>
            <progress
                max=move || counts().total().max(1).to_string()
                value=move || settled().to_string()
                aria-label="Rows created or reported"
            ></progress>
            <p class="run-counts">{line}</p>
            <p class="hint eta">{eta}</p>
            <div class="run-controls">
                <ConcurrencyInput job/>
                <div class="actions">
                    <Show when=move || !finished() && !stopping()>
                        <button type="button" disabled=move || resuming.busy() on:click=toggle>{move || if paused() { "Resume" } else { "Pause" }}</button>
                        <Show when=move || !restored()>
                            <Confirm ask="Cancel" confirm="Confirm cancel" back="Keep running" open=asking busy=Signal::derive(stopping) on_confirm=cancel>
                                <p>
                                    "Cancel this run? Requests already sent finish and keep their outcome; the "
                                    {move || thousands(counts().left as u64)}
                                    " rows not sent yet are not sent (“Rerun failed rows” can send them later)."
                                </p>
                            </Confirm>
                        </Show>
                        <Show when=move || paused() && counts().running == 0>
                            <Confirm ask="Discard run" confirm="Confirm discard" back="Keep it" open=discarding busy=Signal::derive(|| false) on_confirm=discard>
                                <p>
                                    "Discard this run? Its record is forgotten: the rows not sent are not sent, and                                      the tokens already created stay on the Console. Download the results first to                                      keep them."
                                </p>
                            </Confirm>
                        </Show>
                    </Show>
                    <Show when=finished>
                        <button type="button" on:click=move |_| runner::discard(job)>"New bulk job"</button>
                    </Show>
                </div>
            </div>
            <Notices status error/>
        </section>
    }
}
