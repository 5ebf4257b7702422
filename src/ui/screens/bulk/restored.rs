//! A run read back from the journal when the workbench opened: what happened to it, whose it
//! is, and what resuming needs again (the attached files, by name; secret parameters, which
//! are never stored). "Resume" and "Discard run" are in the run panel below.

use super::job::{BulkJob, Restored};
use crate::inventory::thousands;
use crate::kinds::size_text;
use crate::platform;
use crate::ui::app::AppContext;
use leptos::prelude::*;
use web_sys::HtmlInputElement;

#[component]
pub fn RestoredPanel(job: BulkJob) -> impl IntoView {
    // A run that had finished is shown as it was; this says only what rerunning its failed
    // rows needs again, if anything.
    let finished = Memo::new(move |_| job.snapshot().is_some_and(|s| s.finished));
    move || {
        let finished = finished.get();
        let restored = job.restored.get().filter(|r| !finished || !r.needs.is_empty())?;
        Some(view! { <Interrupted restored finished/> })
    }
}

#[component]
fn Interrupted(restored: Restored, finished: bool) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let owner = restored.owner.clone();
    let (console, profile) = (owner.console.clone(), owner.profile.clone());
    let elsewhere = move || {
        ctx.active.with(|p| {
            !p.as_ref().is_some_and(|p| p.console.to_string() == console && p.name == profile)
        })
    };
    let checks = restored.checks;
    let files = restored.files;
    let wanted = restored.needs.files.clone();
    let attach = move |ev: leptos::ev::Targeted<leptos::ev::Event, HtmlInputElement>| {
        let Some(list) = ev.target().files() else { return };
        let picked: Vec<_> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        leptos::task::spawn_local(async move {
            for file in &picked {
                if let Some(read) = platform::read_file(file).await {
                    files.update(|f| {
                        f.retain(|a| a.filename != read.filename);
                        f.push(read);
                    });
                }
            }
        });
    };
    let file_lines = wanted.clone().into_iter().map(|note| {
        let (name, size) = (note.name.clone(), note.size);
        let state = move || {
            files.with(|given| match given.iter().find(|a| a.filename == name) {
                None => "not attached yet".to_owned(),
                Some(a) if size != 0 && a.bytes.len() != size => format!(
                    "attached, but {} where the run's file had {}: is it the same file?",
                    size_text(a.bytes.len()),
                    size_text(size)
                ),
                Some(_) => "attached".to_owned(),
            })
        };
        view! { <li><code>{note.name}</code> " — " {state}</li> }
    });
    let secrets = restored.secrets;
    let secret_inputs = restored.needs.secrets.clone().into_iter().map(|name| {
        let id = format!("again_{name}");
        let key = name.clone();
        view! {
            <div class="field">
                <label for=id.clone()>{format!("{name} (not stored: enter it again)")}</label>
                <input
                    type="password"
                    id=id
                    name=name.clone()
                    autocomplete="off"
                    on:input:target=move |ev| {
                        let value = ev.target().value();
                        secrets.update(|s| {
                            s.retain(|(n, _)| *n != key);
                            s.push((key.clone(), value));
                        });
                    }
                />
            </div>
        }
    });
    view! {
        <section class="panel bulk-restored" aria-labelledby="bulk-restored-title">
            <h3 id="bulk-restored-title">{if finished { "Earlier run" } else { "Interrupted run" }}</h3>
            <p>
                {if finished {
                    "This run finished in a page that has closed since: the results below are as it \
                     left them. "
                } else {
                    "This run was going on when its page closed (or the browser stopped it). Every \
                     row's state was kept: the results below are as it left them. "
                }}
                {match checks {
                    0 => String::new(),
                    1 => "1 row was sent without an answer: it is looked up on the Console \
                          before anything is sent again, so nothing is created twice."
                        .to_owned(),
                    n => format!(
                        "{} rows were sent without an answer: they are looked up on the Console \
                         before anything is sent again, so nothing is created twice.",
                        thousands(n as u64)
                    ),
                }}
            </p>
            <p class="hint">
                "It runs against the profile “" {owner.profile.clone()} "” (" <code>{owner.console.clone()}</code> ")."
            </p>
            <Show when=elsewhere>
                <p class="notice warning" role="alert">
                    "That is not the Console in use: choose it in the header to resume the run. It \
                     is never sent to another Console."
                </p>
            </Show>
            {(!wanted.is_empty()).then(|| view! {
                <div class="field">
                    <label for="attach_again">"Files the remaining rows send (attach them again)"</label>
                    <input type="file" id="attach_again" name="attach_again" multiple on:change:target=attach/>
                    <ul class="hint">{file_lines.collect_view()}</ul>
                </div>
            })}
            {secret_inputs.collect_view()}
        </section>
    }
}
