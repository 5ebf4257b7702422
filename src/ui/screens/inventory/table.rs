//! The token table: one row per token, the id in a cell, "Details" for the token's screen.
//! Only the first rows that match are in the DOM; "Show more" adds the next ones. Typing on
//! narrows the last matches instead of searching every token again, and only the rows that
//! then show something else are built again.

use crate::inventory::{Filter, Row, thousands};
use crate::time::utc_minutes;
use crate::ui::app::nav::go;
use crate::ui::app::{ConsoleData, Screen, Tokens};
use crate::ui::dom::{effect, el, fragment};
use crate::ui::parts::widgets::{button, show_more};
use leptos::prelude::*;
use web_sys::Node;

const ROWS_PER_VIEW: usize = 50;

/// The positions of the rows a filter lets through, and what they were computed from.
#[derive(Default)]
struct Matches {
    filter: Filter,
    version: u64,
    found: Vec<u32>,
}

/// A row as the table shows it.
#[derive(Clone, PartialEq)]
struct Shown {
    row: Row,
    kind: String,
    flock: String,
}

/// The counts, the table of the first matches of `filter`, and "Show more".
pub fn token_table(filter: RwSignal<Filter>) -> Node {
    let data = expect_context::<Tokens>();
    let limit = RwSignal::new(ROWS_PER_VIEW);
    let matches = RwSignal::new(Matches::default());
    find_matches(data, filter, matches, limit);
    let count = move || matches.with(|m| m.found.len());
    let counts = move || {
        let count = count();
        let shown = count.min(limit.get());
        format!(
            "Showing {} of {} matching tokens",
            thousands(shown as u64),
            thousands(count as u64)
        )
    };
    let table = el("table").class("tokens").child(head()).child(body(data, matches, limit));
    fragment([
        el("p").class("hint counts").attr("role", "status").text_with(counts).into(),
        el("div").class("table-wrap").child(table).into(),
        show_more(move || count() > limit.get(), limit, ROWS_PER_VIEW),
    ])
}

/// Keeps `matches` those of `filter` over the loaded rows. Another filter shows its first rows
/// again.
fn find_matches(
    data: Tokens,
    filter: RwSignal<Filter>,
    matches: RwSignal<Matches>,
    limit: RwSignal<usize>,
) {
    effect(move || {
        let filter = filter.get();
        // Changes (a new memo, a created token) leave the text index stale: rebuild it once.
        data.rows.update_untracked(|rows| rows.prepare());
        let (version, found) = data.rows.with(|rows| {
            let version = rows.version();
            let found = matches.with_untracked(|previous| {
                let within = (previous.version == version && filter.narrows(&previous.filter))
                    .then_some(previous.found.as_slice());
                rows.matching(&filter, within)
            });
            (version, found)
        });
        if matches.with_untracked(|m| m.filter != filter) {
            limit.set(ROWS_PER_VIEW);
        }
        matches.set(Matches { filter, version, found });
    });
}

fn head() -> Node {
    let columns = [
        ("col-kind", "Kind"),
        ("col-memo", "Memo / token ID"),
        ("col-flock", "Flock"),
        ("col-state", "State"),
        ("col-alerts", "Alerts"),
        ("col-created", "Created (UTC)"),
    ];
    let actions =
        el("th").class("col-actions").child(el("span").class("offscreen").text("Actions"));
    let columns = columns.map(|(class, words)| el("th").class(class).text(words).into());
    el("thead").child(el("tr").children(columns).child(actions)).into()
}

/// The rows of the first `limit` matches. A change builds them again from the first row that
/// shows something else: "Show more" only adds rows, and pages loading behind a full table
/// change none.
fn body(data: Tokens, matches: RwSignal<Matches>, limit: RwSignal<usize>) -> Node {
    let console = expect_context::<ConsoleData>();
    let tbody = el("tbody");
    let rows = tbody.element().clone();
    // Each row lives under an owner of its own (its listener and labels end with it), a child
    // of the screen's; weak, as the screen's owner holds this effect.
    let screen = Owner::current().map(|o| o.downgrade());
    let mut built: Vec<(Shown, Node, Owner)> = Vec::new();
    effect(move || {
        let Some(wanted) = first_matches(data, matches, limit.get()) else { return };
        let Some(screen) = screen.as_ref().and_then(|o| o.upgrade()) else { return };
        let kept = built.iter().zip(&wanted).take_while(|((old, ..), new)| old == *new).count();
        for (_, node, _) in built.drain(kept..) {
            let _ = rows.remove_child(&node);
        }
        for shown in wanted.into_iter().skip(kept) {
            let owner = screen.child();
            let node = owner.with(|| row(console, &shown));
            let _ = rows.append_child(&node);
            built.push((shown, node, owner));
        }
    });
    tbody.into()
}

/// The first `limit` matches as the table shows them; `None` while the matches are older than
/// the rows (they are being found again).
fn first_matches(data: Tokens, matches: RwSignal<Matches>, limit: usize) -> Option<Vec<Shown>> {
    matches.with(|m| {
        data.rows.with(|rows| {
            (m.version == rows.version()).then(|| {
                let shown = |&i: &u32| {
                    let row = rows.row_at(i);
                    Shown {
                        row: row.clone(),
                        kind: rows.kind(row).into(),
                        flock: rows.flock(row).into(),
                    }
                };
                m.found.iter().take(limit).map(shown).collect()
            })
        })
    })
}

fn row(console: ConsoleData, shown: &Shown) -> Node {
    let Shown { row, kind, flock } = shown.clone();
    // Names come from the Console's lists, which may arrive after the rows.
    let kind = move || console.with(|i| i.map_or_else(|| kind.clone(), |i| i.kind(&kind).label));
    let flock = move || console.flock_name(&flock);
    // Words, not a bare figure: the card at popup width has no column heading.
    let fired = match row.triggered {
        1 => "1 alert".to_owned(),
        n => format!("{n} alerts"),
    };
    let alerts = match row.unacked {
        Some(open) if open > 0 => format!("{fired} ({open} new)"),
        _ => fired,
    };
    let created = row.created.map(utc_minutes).unwrap_or_default();
    let target = Screen::Token(row.id.to_string());
    // The memo and id are one link to the token: at popup width the row is a card whose first
    // line opens it; "Details" says the same for the desktop table.
    let open = target.clone();
    let link = el("a")
        .class("open-token")
        .attr("href", &target.hash())
        .on("click", move |ev| {
            ev.prevent_default();
            go(&open);
        })
        .child(el("span").class("memo").text(if row.memo.is_empty() {
            "(no memo)"
        } else {
            &row.memo
        }))
        .child(el("code").class("token-id").text(&row.id));
    let memo = el("td").class("col-memo").child(link);
    let details = button("small", "Details").on_click(move || go(&target));
    let tr = el("tr");
    let tr = if row.enabled { tr } else { tr.class("disabled") };
    let new_alerts = matches!(row.unacked, Some(open) if open > 0);
    let alerts_class = if new_alerts { "col-alerts has-new" } else { "col-alerts" };
    tr.child(el("td").class("col-kind").text_with(kind))
        .child(memo)
        .child(el("td").class("col-flock").text_with(flock))
        .child(el("td").class("col-state").text(if row.enabled { "Enabled" } else { "Disabled" }))
        .child(el("td").class(alerts_class).text(&alerts))
        .child(el("td").class("col-created").text(&created))
        .child(el("td").class("col-actions").child(details))
        .into()
}
