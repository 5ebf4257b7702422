//! The connect screen: the Consoles this app knows (one active), the form that adds or edits
//! one, and how the keys are kept (remembered, this session only, locked with a passphrase).

mod form;
mod profiles;
mod security;

use crate::ui::app::context::AppContext;
use leptos::prelude::*;

#[component]
pub fn ConnectScreen() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    // The form starts on the profile in use, so that a saved Console can be checked again.
    let editing = RwSignal::new(ctx.settings.with_untracked(|s| s.active));
    view! {
        <section class="screen" aria-labelledby="connect-title">
            <h2 id="connect-title">"Connect to your Console"</h2>
            <profiles::ProfileList editing/>
            <form::ProfileForm editing/>
            <security::Security/>
        </section>
    }
}
