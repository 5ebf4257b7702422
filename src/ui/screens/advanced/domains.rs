//! Bulk clean-up: delete every token on chosen custom domains (`canarytokens/delete`), after
//! counting how many will go.

use crate::api::endpoints::{self, TokenQuery};
use crate::api::listing::{Listing, PAGE_SIZES};
use crate::api::types::Token;
use crate::api::{ApiError, Client};
use crate::inventory::thousands;
use crate::ui::app::context::{AppContext, Capability, ConsoleData};
use crate::ui::app::tokens;
use crate::ui::parts::widgets::adapters::{Checkbox, Confirm, Refused, feedback};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// Is `token` on one of `domains`?
fn on_domains(token: &Token, domains: &BTreeSet<String>) -> bool {
    token.custom_domain().is_some_and(|d| domains.contains(d))
        || token.hostname().is_some_and(|h| domains.iter().any(|d| h.ends_with(&format!(".{d}"))))
}

/// Tokens on `domains` and how many of them have fired, read through every page of the search.
async fn count(client: &Client, domains: &BTreeSet<String>) -> Result<(u64, u64), ApiError> {
    let (mut matching, mut fired) = (0, 0);
    let mut listing = Listing::new(TokenQuery::default(), PAGE_SIZES[0]);
    while let Some(page) = listing.next(client).await {
        for token in page?.tokens.iter().filter(|t| on_domains(t, domains)) {
            matching += 1;
            fired += u64::from(token.triggered_count() > 0);
        }
    }
    Ok((matching, fired))
}

#[component]
pub fn CleanUpDomains() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let console = expect_context::<ConsoleData>();
    let chosen = RwSignal::new(BTreeSet::<String>::new());
    let clear = RwSignal::new(false);
    let open = RwSignal::new(false);
    let counting = Action::new_local(move |domains: &BTreeSet<String>| {
        let (domains, client) = (domains.clone(), ctx.connected_client());
        async move { count(&client?, &domains).await }
    });
    let delete = Action::new_local(move |(domains, clear): &(BTreeSet<String>, bool)| {
        let (domains, clear) = (domains.clone(), *clear);
        async move {
            let list: Vec<String> = domains.iter().cloned().collect();
            let deleted =
                ctx.perform(Capability::Delete, endpoints::bulk_delete(&list, clear)).await?;
            tokens::announce_change();
            open.set(false);
            chosen.set(BTreeSet::new());
            Ok(deleted.deleted_count)
        }
    });
    // A new choice needs a new count before anything can be deleted.
    Effect::new(move |_| {
        chosen.track();
        open.set(false);
    });
    let domains =
        move || console.0.with(|i| i.as_ref().and_then(Option::as_ref).map(|i| i.domains.clone()));
    let counted =
        move || counting.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok().copied()));

    view! {
        <section class="panel" aria-labelledby="domains-title">
            <h3 id="domains-title">"Delete the tokens of custom domains"</h3>
            <p class="hint">"For a retired token domain: every token on it is deleted on the Console."</p>
            {move || match domains() {
                None => view! { <p class="hint">"Reading the Console's custom domains…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="notice notice-alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"This Console has no custom token domains."</p> }.into_any(),
                Some(Ok(list)) => list.into_iter().map(|domain| {
                    let (value, label) = (domain.clone(), domain.clone());
                    let checked = { let d = domain.clone(); move || chosen.with(|c| c.contains(&d)) };
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                name="domains"
                                value=value
                                prop:checked=checked
                                on:change:target=move |ev| {
                                    let (on, d) = (ev.target().checked(), domain.clone());
                                    chosen.update(|c| if on { c.insert(d); } else { c.remove(&d); });
                                }
                            />
                            " " <code>{label}</code>
                        </label>
                    }
                }).collect_view().into_any(),
            }}
            <div class="actions">
                <button
                    type="button"
                    disabled=move || chosen.with(BTreeSet::is_empty) || counting.pending().get()
                    on:click=move |_| drop(counting.dispatch_local(chosen.get_untracked()))
                >
                    "Count tokens"
                </button>
            </div>
            {feedback(counting, "Counting tokens on these domains…", |(n, fired)| {
                format!("{} tokens on these domains will be deleted ({} of them have fired).", thousands(*n), thousands(*fired))
            })}
            <Show when=move || counted().is_some_and(|(n, _)| n > 0) && !chosen.with(BTreeSet::is_empty)>
                <Confirm
                    ask="Delete these tokens"
                    confirm="Confirm delete"
                    open
                    busy=delete.pending()
                    disabled=Signal::derive(move || ctx.refusal(Capability::Delete).is_some())
                    on_confirm=move |()| drop(delete.dispatch_local((chosen.get_untracked(), clear.get_untracked())))
                >
                    <p>{move || format!("Delete {} tokens on {}? This cannot be undone.", thousands(counted().map_or(0, |c| c.0)), chosen.with(|c| c.iter().cloned().collect::<Vec<_>>().join(", ")))}</p>
                    <Checkbox
                        name="clear_incidents"
                        label="Also delete their alerts (the Console deletes nothing while any of them has alerts)"
                        value=clear
                    />
                </Confirm>
            </Show>
            <Refused capability=Capability::Delete/>
            {feedback(delete, "Deleting…", |n| format!("Deleted {} tokens.", thousands(*n)))}
        </section>
    }
}
