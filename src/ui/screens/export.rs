//! The export screen (`#export`, on the workbench): the tokens of a filter, or every token, as
//! CSV or JSON, read from the Console page by page in large pages, with progress and Stop.
//! Secrets (AWS secret keys, WireGuard private keys, card numbers) stay out unless "Include
//! secrets" is ticked; factory strings and keys never go in (see [`crate::bulk::export`]).
//! The inventory opens it with its own filter.

use crate::api::endpoints::TokenQuery;
use crate::api::listing::{Listing, PAGE_SIZES};
use crate::api::types::{Download, Token};
use crate::bulk::export::export_filename;
use crate::bulk::{Exporter, Format};
use crate::inventory::{Filter, thousands};
use crate::platform;
use crate::ui::app::AppContext;
use crate::ui::parts::filters::adapters::FilterBar;
use crate::ui::parts::widgets::adapters::{Checkbox, Notices};
use leptos::prelude::*;

#[component]
pub fn ExportScreen(filter: Filter) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let everything = RwSignal::new(filter.is_empty());
    let filter = RwSignal::new(filter);
    let secrets = RwSignal::new(false);
    // (tokens read, tokens expected) while exporting.
    let progress = RwSignal::new(None::<(u64, Option<u64>)>);
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0u64);

    let export = move |format: Format| {
        if progress.get_untracked().is_some() {
            return;
        }
        let client = match ctx.connected_client() {
            Ok(client) => client,
            Err(e) => return error.set(Some(e.to_string())),
        };
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let keep_going = move || generation.try_get_value() == Some(mine);
        let (all, include, filter) =
            (everything.get_untracked(), secrets.get_untracked(), filter.get_untracked());
        let wanted = if all { TokenQuery::default() } else { filter.query() };
        error.set(None);
        status.set(None);
        progress.set(Some((0, None)));
        leptos::task::spawn_local(async move {
            let mut exporter = Exporter::new(format, include);
            let mut listing = Listing::new(wanted, PAGE_SIZES[0]);
            let mut read = 0u64;
            let mut outcome = Ok(());
            while let Some(page) = listing.next(&client).await {
                if !keep_going() {
                    return;
                }
                let page = match page {
                    Ok(page) => page,
                    Err(e) => {
                        outcome = Err(e);
                        break;
                    }
                };
                read += page.tokens.len() as u64;
                match all {
                    true => exporter.push(&page.tokens),
                    // The Console matches words by prefix (or not at all, where only the
                    // unfiltered listing is allowed); the export narrows its answer as the
                    // inventory shows it.
                    false => {
                        let kept: Vec<Token> =
                            page.tokens.into_iter().filter(|t| filter.lets_through(t)).collect();
                        exporter.push(&kept);
                    }
                }
                progress.try_set(Some((read, page.total_results)));
            }
            progress.try_set(None);
            if let Err(e) = outcome {
                error.try_set(Some(format!("The export stopped: {e}")));
                return;
            }
            let count = exporter.count() as u64;
            let file = Download {
                filename: export_filename(format, platform::epoch_secs()),
                content_type: format.mime().into(),
                bytes: exporter.finish().into_bytes(),
            };
            let tokens = if count == 1 { "token" } else { "tokens" };
            match platform::save_file(&file) {
                Some(()) => status.try_set(Some(format!(
                    "Saved {} ({} {tokens}).",
                    file.filename,
                    thousands(count)
                ))),
                None => error.try_set(Some("The browser did not save the file. Try again.".into())),
            };
        });
    };
    let stop = move |_| {
        generation.update_value(|g| *g += 1);
        progress.set(None);
        status.set(Some("Export stopped.".into()));
    };
    let busy = move || progress.with(Option::is_some);
    let progress_text = move || {
        progress.get().map(|(read, total)| match total {
            Some(total) => {
                format!("Exporting: {} of {} tokens…", thousands(read), thousands(total))
            }
            None => "Exporting…".to_owned(),
        })
    };

    view! {
        <section class="screen export" aria-labelledby="export-title">
            <h2 id="export-title">"Export"</h2>
            <fieldset class="scope">
                <legend>"Tokens"</legend>
                <label class="check">
                    <input type="radio" name="scope" value="filter" prop:checked=move || !everything.get() on:change=move |_| everything.set(false)/>
                    " Those this filter shows"
                </label>
                <label class="check">
                    <input type="radio" name="scope" value="all" prop:checked=move || everything.get() on:change=move |_| everything.set(true)/>
                    " Every token on the Console"
                </label>
            </fieldset>
            <Show when=move || !everything.get()>
                <FilterBar filter/>
            </Show>
            <Checkbox
                name="include_secrets"
                label="Include secrets (AWS secret access keys, WireGuard private keys, card numbers and CVVs)"
                value=secrets
            />
            <div class="actions">
                <button type="button" disabled=busy on:click=move |_| export(Format::Csv)>"Export CSV"</button>
                <button type="button" disabled=busy on:click=move |_| export(Format::Json)>"Export JSON"</button>
            </div>
            <Show when=busy>
                <div class="load-bar">
                    <progress
                        max=move || progress.get().and_then(|(_, t)| t).unwrap_or(1).max(1).to_string()
                        value=move || progress.get().map_or(0, |(read, _)| read).to_string()
                        aria-label="Exporting tokens"
                    ></progress>
                    <button type="button" on:click=stop>"Stop"</button>
                </div>
            </Show>
            <Notices status=Signal::derive(move || progress_text().or_else(|| status.get())) error/>
        </section>
    }
}
