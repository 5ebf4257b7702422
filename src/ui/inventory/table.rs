//! The token table: one row per token, the id in a cell, "Details" for the token's screen.
//! Only the first rows that match are in the DOM; "Show more" adds the next ones.

use super::InventoryData;
use crate::api::types::Token;
use crate::inventory::{Filter, thousands};
use crate::time::utc_minutes;
use crate::ui::app::go;
use crate::ui::context::ConsoleData;
use crate::ui::screen::Screen;
use crate::ui::widgets::ShowMore;
use leptos::prelude::*;

const ROWS_PER_VIEW: usize = 50;

#[component]
pub fn TokenTable(filter: Memo<Filter>) -> impl IntoView {
    let data = expect_context::<InventoryData>();
    let console = expect_context::<ConsoleData>();
    let limit = RwSignal::new(ROWS_PER_VIEW);
    Effect::new(move |_| {
        filter.track();
        limit.set(ROWS_PER_VIEW);
    });
    let view = Memo::new(move |_| {
        let filter = filter.get();
        data.rows.with(|rows| {
            let mut matching = rows.matching(&filter);
            let shown: Vec<Token> = matching.by_ref().take(limit.get()).cloned().collect();
            let count = shown.len() + matching.count();
            (shown, count)
        })
    });

    let row = move |token: Token| {
        // Names come from the Console's lists, which may arrive after the rows.
        let kind = {
            let id = token.kind().to_owned();
            move || {
                console.0.with(|i| {
                    i.as_ref()
                        .and_then(Option::as_ref)
                        .map_or_else(|| id.clone(), |i| i.kind(&id).label)
                })
            }
        };
        let flock = {
            let id = token.flock_id().to_owned();
            move || {
                console.0.with(|i| {
                    i.as_ref()
                        .and_then(Option::as_ref)
                        .map_or_else(|| id.clone(), |i| i.flock_name(&id))
                })
            }
        };
        let alerts = match token.unacked_alert_count() {
            Some(open) if open > 0 => format!("{} ({open} new)", token.triggered_count()),
            _ => token.triggered_count().to_string(),
        };
        let created = token.created().map(utc_minutes).unwrap_or_default();
        let id = token.id().to_owned();
        let target = Screen::Token(id.clone());
        view! {
            <tr class:disabled=!token.enabled()>
                <td class="col-kind">{kind}</td>
                <td class="col-memo">
                    <span class="memo">{token.memo().to_owned()}</span>
                    <code class="token-id">{id}</code>
                </td>
                <td class="col-flock">{flock}</td>
                <td class="col-state">{if token.enabled() { "Enabled" } else { "Disabled" }}</td>
                <td class="col-alerts">{alerts}</td>
                <td class="col-created">{created}</td>
                <td class="col-actions">
                    <button type="button" class="small" on:click=move |_| go(&target)>"Details"</button>
                </td>
            </tr>
        }
    };

    view! {
        <p class="hint counts" role="status">
            {move || view.with(|(shown, count)| format!("Showing {} of {} matching tokens", thousands(shown.len() as u64), thousands(*count as u64)))}
        </p>
        <div class="table-wrap">
            <table class="tokens">
                <thead>
                    <tr>
                        <th class="col-kind">"Kind"</th>
                        <th class="col-memo">"Memo / token ID"</th>
                        <th class="col-flock">"Flock"</th>
                        <th class="col-state">"State"</th>
                        <th class="col-alerts">"Alerts"</th>
                        <th class="col-created">"Created (UTC)"</th>
                        <th class="col-actions"><span class="offscreen">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || view.get().0
                        key=|t| (t.id().to_owned(), t.memo().to_owned(), t.enabled(), t.triggered_count())
                        children=row
                    />
                </tbody>
            </table>
        </div>
        <ShowMore more=Signal::derive(move || view.with(|(shown, count)| shown.len() < *count)) limit step=ROWS_PER_VIEW/>
    }
}
