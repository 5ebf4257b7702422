//! The create screen: pick a kind, fill the generic form the catalog describes, create, and
//! walk away with what is needed to plant the token.

mod form;
mod picker;
mod result;

use crate::api::types::Token;
use crate::ui::app::{ConsoleData, Offered};
use crate::ui::parts::widgets::Notices;
use form::TokenForm;
use leptos::prelude::*;
use picker::KindPicker;
use result::Created;

/// What the user keeps between tokens: the memo while switching kinds, and the flock and
/// custom domain from one token to the next.
#[derive(Clone, Copy)]
struct Kept {
    memo: RwSignal<String>,
    flock: RwSignal<String>,
    domain: RwSignal<String>,
}

#[component]
pub fn CreateScreen() -> impl IntoView {
    let data = expect_context::<ConsoleData>();
    let chosen = RwSignal::new(None::<Offered>);
    let created = RwSignal::new(None::<(Token, Offered)>);
    let kept = Kept {
        memo: RwSignal::new(String::new()),
        flock: RwSignal::new(String::new()),
        domain: RwSignal::new(String::new()),
    };

    let body = move || {
        let info = match data.info_or_notice() {
            Ok(info) => info,
            Err(notice) => return notice,
        };
        if let Some((token, kind)) = created.get() {
            let again = move || {
                kept.memo.set(String::new());
                created.set(None);
            };
            return view! { <Created token kind on_again=again/> }.into_any();
        }
        let warning = info
            .kinds_error
            .as_ref()
            .map(|e| format!("{e} Showing every kind this app knows instead."));
        let form_info = info.clone();
        view! {
            {warning.map(|w| view! { <Notices status=None error=Some(w)/> })}
            <KindPicker offered=info.kinds.clone() chosen/>
            {move || chosen.get().map(|kind| {
                let info = form_info.clone();
                view! { <TokenForm kind info kept on_created=move |done| created.set(Some(done))/> }
            })}
        }
        .into_any()
    };

    view! {
        <section class="screen" aria-labelledby="create-title">
            <h2 id="create-title">"Create a token"</h2>
            {body}
        </section>
    }
}
