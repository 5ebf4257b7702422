//! The table both bulk tables use (the preview and the outcome): row number, memo and kind, and
//! a third column, with a view page of rows in the DOM and "Show more" for the next.

use crate::ui::parts::widgets::adapters::ShowMore;
use leptos::prelude::*;
use std::hash::Hash;

/// Rows added to the DOM per "Show more".
pub const ROWS_PER_VIEW: usize = 100;

#[component]
pub fn RowsTable<T, R, V>(
    /// The third column's heading and its class (`col-status`, `col-outcome`).
    third: (&'static str, &'static str),
    /// The rows shown and how many match.
    rows: Memo<(Vec<T>, usize)>,
    limit: RwSignal<usize>,
    row: R,
    /// Another class for the table (the outcome table is `outcome`).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView
where
    T: Clone + Eq + Hash + Send + Sync + 'static,
    R: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let (heading, third_class) = third;
    view! {
        <div class="table-wrap">
            <table class=format!("bulk-rows {class}")>
                <thead>
                    <tr>
                        <th class="col-row">"Row"</th>
                        <th class="col-memo">"Memo and kind"</th>
                        <th class=third_class>{heading}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get().0 key=T::clone children=row/>
                </tbody>
            </table>
        </div>
        <ShowMore more=Signal::derive(move || rows.with(|(shown, count)| shown.len() < *count)) limit step=ROWS_PER_VIEW/>
    }
}
