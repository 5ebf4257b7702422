//! The created token: what to plant, and "Create another".

use crate::api::types::Token;
use crate::ui::app::console_info::Offered;
use crate::ui::parts::token_facts::TokenFacts;
use leptos::prelude::*;

#[component]
pub fn Created(token: Token, kind: Offered, on_again: impl Fn() + 'static) -> impl IntoView {
    let label = kind.label.clone();
    view! {
        <div class="created">
            <p class="notice notice-status" role="status">"Token created."</p>
            <h3>{label}</h3>
            <dl class="facts">
                <dt>"Memo"</dt>
                <dd class="memo">{token.memo().to_owned()}</dd>
                <dt>"Token ID"</dt>
                <dd><code>{token.id().to_owned()}</code></dd>
            </dl>
            <TokenFacts token kind/>
            <div class="actions">
                <button type="button" on:click=move |_| on_again()>"Create another"</button>
            </div>
        </div>
    }
}
