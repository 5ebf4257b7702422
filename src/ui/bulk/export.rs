//! The inventory's export panel: the tokens of the current filter, or every token, as CSV or
//! JSON, built page by page with progress. Secrets (AWS secret keys, WireGuard private keys,
//! card numbers) stay out unless "Include secrets" is ticked; factory strings and keys never go
//! in (see [`crate::bulk::export`]).
//!
//! When the loaded inventory already holds every token the scope asks for, it is used as it is;
//! otherwise the Console's search is paged through in large pages.

use super::clock::epoch_secs;
use crate::api::types::{Download, Token};
use crate::api::{ApiError, endpoints};
use crate::bulk::export::export_filename;
use crate::bulk::{Exporter, Format};
use crate::inventory::{Filter, Inventory, thousands};
use crate::platform;
use crate::ui::context::AppContext;
use crate::ui::inventory::{BULK_PAGE, InventoryData, Loading};
use crate::ui::widgets::{Checkbox, Notices};
use endpoints::TokenQuery;
use leptos::prelude::*;

/// Tokens added to the file between two looks at the page (so the progress bar moves).
const CHUNK: usize = 500;
/// The page size to fall back on when the Console refuses large pages.
const SMALL_PAGE: u32 = 100;

#[component]
pub fn ExportPanel(filter: Memo<Filter>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let data = expect_context::<InventoryData>();
    let everything = RwSignal::new(false);
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
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let keep_going = move || generation.try_get_value() == Some(mine);
        let (all, include, filter) =
            (everything.get_untracked(), secrets.get_untracked(), filter.get_untracked());
        let wanted = if all { TokenQuery::default() } else { filter.query() };
        let loaded_for = |q: &TokenQuery| {
            data.query.with_untracked(|loaded| loaded.as_ref() == Some(q))
                && data.next.with_untracked(Option::is_none)
                && data.loading.get_untracked() == Loading::Idle
                && data.error.with_untracked(Option::is_none)
        };
        let local = loaded_for(&TokenQuery::default()) || loaded_for(&wanted);
        let client = match (local, ctx.connected_client()) {
            (true, _) => None,
            (false, Ok(client)) => Some(client),
            (false, Err(e)) => {
                error.set(Some(e.to_string()));
                return;
            }
        };
        error.set(None);
        status.set(None);
        progress.set(Some((0, None)));
        leptos::task::spawn_local(async move {
            let mut exporter = Exporter::new(format, include);
            let outcome = match client {
                None => {
                    let tokens: Vec<Token> = data.rows.with_untracked(|rows| match all {
                        true => rows.tokens().cloned().collect(),
                        false => rows.matching(&filter).cloned().collect(),
                    });
                    let total = Some(tokens.len() as u64);
                    for (i, chunk) in tokens.chunks(CHUNK).enumerate() {
                        exporter.push(chunk);
                        progress.try_set(Some(((i * CHUNK + chunk.len()) as u64, total)));
                        platform::sleep(0).await;
                        if !keep_going() {
                            return;
                        }
                    }
                    Ok(())
                }
                Some(client) => {
                    let mut query = TokenQuery { limit: Some(BULK_PAGE), ..wanted };
                    let mut read = 0u64;
                    loop {
                        let page = client.send(endpoints::search(&query)).await;
                        if !keep_going() {
                            return;
                        }
                        match page {
                            Ok(page) => {
                                read += page.tokens.len() as u64;
                                match all {
                                    true => exporter.push(&page.tokens),
                                    // The Console matches words by prefix; the table (and so
                                    // the export) narrows its answer as the user sees it.
                                    false => {
                                        let mut narrowed = Inventory::default();
                                        narrowed.extend(page.tokens);
                                        let kept: Vec<Token> =
                                            narrowed.matching(&filter).cloned().collect();
                                        exporter.push(&kept);
                                    }
                                }
                                progress.try_set(Some((read, page.total_results)));
                                match page.cursor.next {
                                    Some(next) => query.cursor = Some(next),
                                    None => break Ok(()),
                                }
                            }
                            Err(
                                ApiError::Console { status: 400, .. }
                                | ApiError::Status { status: 400 },
                            ) if query.limit > Some(SMALL_PAGE) && query.cursor.is_none() => {
                                query.limit = Some(SMALL_PAGE);
                            }
                            Err(e) => break Err(e),
                        }
                    }
                }
            };
            progress.try_set(None);
            if let Err(e) = outcome {
                error.try_set(Some(format!("The export stopped: {e}")));
                return;
            }
            let count = exporter.count() as u64;
            let file = Download {
                filename: export_filename(format, epoch_secs()),
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
        <details class="panel export">
            <summary>"Export"</summary>
            <div class="export-body">
                <fieldset class="scope">
                    <legend>"Tokens"</legend>
                    <label class="check">
                        <input type="radio" name="scope" value="filter" prop:checked=move || !everything.get() on:change=move |_| everything.set(false)/>
                        " Those the current filter shows"
                    </label>
                    <label class="check">
                        <input type="radio" name="scope" value="all" prop:checked=move || everything.get() on:change=move |_| everything.set(true)/>
                        " Every token on the Console"
                    </label>
                </fieldset>
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
            </div>
        </details>
    }
}
