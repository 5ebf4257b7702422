//! The source step: rows from a CSV (pasted or opened, with the files its rows name) or from one
//! kind and a memo pattern. Whatever changes, the rows are checked again shortly after.

use super::job::{BulkJob, Mode, Planned};
use super::pattern::PatternSource;
use super::planning;
use crate::api::Attachment;
use crate::kinds::size_text;
use crate::platform;
use crate::ui::app::console_info::ConsoleInfo;
use crate::ui::app::context::ConsoleData;
use leptos::prelude::*;
use web_sys::HtmlInputElement;

const CSV_EXAMPLE: &str = "kind,memo,flock_id,browser_redirect_url,web_image\n\
http,Wiki: onboarding page,,,\n\
fast-redirect,\"Intranet link, HR\",,https://intranet.example.com,\n\
web-image,Lobby screen,,,lobby.png";

#[component]
pub fn SourceStep(job: BulkJob, info: ConsoleInfo) -> impl IntoView {
    let data = expect_context::<ConsoleData>();
    // Check the rows again whenever an input (or the Console's kinds) changes; a plan kept from
    // an earlier visit to the screen is still good.
    Effect::new(move |previous: Option<()>| {
        planning::track(&job);
        data.0.track();
        if previous.is_none() && job.plan.with_untracked(|p| !matches!(p, Planned::Nothing)) {
            return;
        }
        planning::schedule(job, move || data.0.get_untracked().flatten());
    });
    let mode = job.mode;
    let choose = move |m: Mode| move |_| mode.set(m);
    view! {
        <fieldset class="panel source-mode">
            <legend>"Rows from"</legend>
            <label class="check">
                <input type="radio" name="source" value="csv" prop:checked=move || mode.get() == Mode::Csv on:change=choose(Mode::Csv)/>
                " A CSV file"
            </label>
            <label class="check">
                <input type="radio" name="source" value="pattern" prop:checked=move || mode.get() == Mode::Pattern on:change=choose(Mode::Pattern)/>
                " One kind and a memo pattern"
            </label>
        </fieldset>
        <div class="form">
            {move || match mode.get() {
                Mode::Csv => view! { <CsvSource job/> }.into_any(),
                Mode::Pattern => view! { <PatternSource job info=info.clone()/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn CsvSource(job: BulkJob) -> impl IntoView {
    let open_csv = move |ev: leptos::ev::Targeted<leptos::ev::Event, HtmlInputElement>| {
        let Some(file) = ev.target().files().and_then(|list| list.get(0)) else { return };
        leptos::task::spawn_local(async move {
            if let Some(read) = platform::read_file(&file).await {
                job.csv.set(String::from_utf8_lossy(&read.bytes).into_owned());
            }
        });
    };
    let attach = move |ev: leptos::ev::Targeted<leptos::ev::Event, HtmlInputElement>| {
        let Some(list) = ev.target().files() else { return };
        let picked: Vec<_> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        leptos::task::spawn_local(async move {
            let mut read = Vec::with_capacity(picked.len());
            for file in &picked {
                read.extend(platform::read_file(file).await);
            }
            job.attachments.update(|files| add_files(files, read));
        });
    };
    let attached = move || {
        job.attachments.with(|files| {
            files
                .iter()
                .map(|f| format!("{} ({})", f.filename, size_text(f.bytes.len())))
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    let any_attached = move || job.attachments.with(|f| !f.is_empty());
    view! {
        <div class="field">
            <label for="csv">"CSV rows"</label>
            <textarea
                id="csv"
                name="csv"
                rows="7"
                spellcheck="false"
                placeholder=CSV_EXAMPLE
                aria-describedby="csv-help"
                prop:value=move || job.csv.get()
                on:input:target=move |ev| job.csv.set(ev.target().value())
            ></textarea>
            <p class="hint" id="csv-help">
                "A header row, then one token per row. Columns: kind and memo; optionally flock_id, \
                 custom_domain and any setting by its API name (browser_redirect_url, web_image, …). \
                 A file column names a file attached below."
            </p>
        </div>
        <div class="field-row">
            <div class="field">
                <label for="csv_file">"Or open a CSV file"</label>
                <input type="file" id="csv_file" name="csv_file" accept=".csv,.tsv,.txt,text/csv,text/plain" on:change:target=open_csv/>
            </div>
            <div class="field">
                <label for="attachments">"Files the rows name"</label>
                <input type="file" id="attachments" name="attachments" multiple aria-describedby="attachments-list" on:change:target=attach/>
                <p class="hint" id="attachments-list">{attached}</p>
                <Show when=any_attached>
                    <button type="button" class="ghost small" on:click=move |_| job.attachments.set(Vec::new())>"Remove files"</button>
                </Show>
            </div>
        </div>
    }
}

/// Adds picked files; a file with the name of one attached before replaces it.
fn add_files(files: &mut Vec<Attachment>, picked: Vec<Attachment>) {
    for file in picked {
        match files.iter_mut().find(|f| f.filename == file.filename) {
            Some(same) => *same = file,
            None => files.push(file),
        }
    }
}
