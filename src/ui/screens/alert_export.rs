//! The alerts export (`#alert-export`, on the workbench): the alerts of a filter as CSV or JSON
//! for a SIEM or an audit, read from the Console in large pages with progress and Stop (see
//! [`crate::bulk::alert_export`] for the columns). The Alerts screen opens it with its filter.

use crate::api::incidents::{AlertFilter, IncidentListing};
use crate::api::types::Download;
use crate::bulk::Format;
use crate::bulk::alert_export::{AlertExporter, alerts_filename};
use crate::inventory::thousands;
use crate::platform;
use crate::ui::app::AppContext;
use crate::ui::parts::alert_list::adapters::AlertFilters;
use crate::ui::parts::task::{Failure, Task};
use crate::ui::parts::widgets::adapters::TaskNotices;
use leptos::prelude::*;

/// Alerts per page asked for.
const PAGE: u32 = 1000;

#[component]
pub fn AlertExportScreen(filter: AlertFilter) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let filter = RwSignal::new(filter);
    let task = Task::new();
    // (alerts read, alerts the filter matches) while exporting.
    let progress = RwSignal::new(None::<(u64, Option<u64>)>);
    let generation = StoredValue::new(0u64);
    let export = move |format: Format| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let wanted = filter.get_untracked();
        task.run("Exporting alerts…", async move {
            let client = ctx.connected_client()?;
            let mut listing = IncidentListing::new(wanted, PAGE);
            let mut exporter = AlertExporter::new(format);
            progress.try_set(Some((0, None)));
            while let Some(page) = listing.next(&client).await {
                if generation.try_get_value() != Some(mine) {
                    return Ok("Export stopped: nothing was saved.".to_owned());
                }
                let page = page.map_err(|e| {
                    progress.try_set(None);
                    Failure(format!("The export stopped: {e}"))
                })?;
                exporter.push(&page.incidents);
                progress.try_set(Some((exporter.count() as u64, page.total_results)));
            }
            progress.try_set(None);
            let count = exporter.count() as u64;
            let file = Download {
                filename: alerts_filename(format, platform::epoch_secs()),
                content_type: format.mime().into(),
                bytes: exporter.finish().into_bytes(),
            };
            platform::save_file(&file)
                .ok_or_else(|| Failure("The browser did not save the file. Try again.".into()))?;
            let alerts = if count == 1 { "alert" } else { "alerts" };
            Ok(format!("Saved {} ({} {alerts}).", file.filename, thousands(count)))
        });
    };
    let stop = move |_| {
        generation.update_value(|g| *g += 1);
        progress.set(None);
    };
    let busy = move || task.busy();

    view! {
        <section class="screen export" aria-labelledby="alert-export-title">
            <h2 id="alert-export-title">"Export alerts"</h2>
            <p class="hint">"One row per alert: its token, memo, kind, time, source and state, and the request's details as columns. The API key is never in the file."</p>
            <AlertFilters filter/>
            <div class="actions">
                <button type="button" disabled=busy on:click=move |_| export(Format::Csv)>"Export CSV"</button>
                <button type="button" disabled=busy on:click=move |_| export(Format::Json)>"Export JSON"</button>
            </div>
            <Show when=move || progress.with(Option::is_some)>
                <div class="load-bar">
                    <progress
                        max=move || progress.get().and_then(|(_, t)| t).unwrap_or(1).max(1).to_string()
                        value=move || progress.get().map_or(0, |(read, _)| read).to_string()
                        aria-label="Exporting alerts"
                    ></progress>
                    <span class="hint">{move || progress.get().map(|(read, total)| match total {
                        Some(total) => format!("{} of {} alerts", thousands(read), thousands(total)),
                        None => format!("{} alerts", thousands(read)),
                    })}</span>
                    <button type="button" on:click=stop>"Stop"</button>
                </div>
            </Show>
            <TaskNotices task/>
        </section>
    }
}
