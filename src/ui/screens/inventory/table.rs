//! The token table: one row per token, the id in a cell, "Details" for the token's screen.
//! Only the first rows that match are in the DOM; "Show more" adds the next ones. Typing on
//! narrows the last matches instead of searching every token again.

use crate::inventory::{Filter, Row, thousands};
use crate::time::utc_minutes;
use crate::ui::app::nav::go;
use crate::ui::app::{ConsoleData, Screen, Tokens};
use crate::ui::parts::widgets::ShowMore;
use leptos::prelude::*;

const ROWS_PER_VIEW: usize = 50;

/// The positions of the rows a filter lets through, and what they were computed from.
#[derive(Clone, Debug, Default, PartialEq)]
struct Matches {
    filter: Filter,
    version: u64,
    found: Vec<u32>,
}

/// A row as the table shows it.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    row: Row,
    kind: String,
    flock: String,
}

#[component]
pub fn TokenTable(filter: Memo<Filter>) -> impl IntoView {
    let data = expect_context::<Tokens>();
    let console = expect_context::<ConsoleData>();
    let limit = RwSignal::new(ROWS_PER_VIEW);
    Effect::new(move |_| {
        filter.track();
        limit.set(ROWS_PER_VIEW);
    });
    let matches = Memo::new(move |previous: Option<&Matches>| {
        let filter = filter.get();
        // Changes (a new memo, a created token) leave the text index stale: rebuild it once.
        data.rows.update_untracked(|rows| rows.prepare());
        data.rows.with(|rows| {
            let version = rows.version();
            let within = previous
                .filter(|p| p.version == version && filter.narrows(&p.filter))
                .map(|p| p.found.as_slice());
            let found = rows.matching(&filter, within);
            Matches { filter, version, found }
        })
    });
    let view = Memo::new(move |_| {
        let shown = matches.with(|m| {
            data.rows.with(|rows| {
                m.found
                    .iter()
                    .take(limit.get())
                    .map(|&i| {
                        let row = rows.row_at(i);
                        Shown {
                            row: row.clone(),
                            kind: rows.kind(row).into(),
                            flock: rows.flock(row).into(),
                        }
                    })
                    .collect::<Vec<_>>()
            })
        });
        (shown, matches.with(|m| m.found.len()))
    });

    let row = move |shown: Shown| {
        // Names come from the Console's lists, which may arrive after the rows.
        let Shown { row, kind, flock } = shown;
        let kind =
            move || console.with(|i| i.map_or_else(|| kind.clone(), |i| i.kind(&kind).label));
        let flock =
            move || console.with(|i| i.map_or_else(|| flock.clone(), |i| i.flock_name(&flock)));
        let alerts = match row.unacked {
            Some(open) if open > 0 => format!("{} ({open} new)", row.triggered),
            _ => row.triggered.to_string(),
        };
        let created = row.created.map(utc_minutes).unwrap_or_default();
        let target = Screen::Token(row.id.to_string());
        view! {
            <tr class:disabled=!row.enabled>
                <td class="col-kind">{kind}</td>
                <td class="col-memo">
                    <span class="memo">{row.memo.to_string()}</span>
                    <code class="token-id">{row.id.to_string()}</code>
                </td>
                <td class="col-flock">{flock}</td>
                <td class="col-state">{if row.enabled { "Enabled" } else { "Disabled" }}</td>
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
                        key=|s| (s.row.id.clone(), s.row.memo.clone(), s.row.enabled, s.row.triggered)
                        children=row
                    />
                </tbody>
            </table>
        </div>
        <ShowMore more=Signal::derive(move || view.with(|(shown, count)| shown.len() < *count)) limit step=ROWS_PER_VIEW/>
    }
}
