//! The legacy EC2 metadata ("Apeeper") factory, removed from the kinds list in 2024: delete one
//! by its hash.

use crate::api::endpoints;
use crate::ui::app::context::{AppContext, Capability};
use crate::ui::parts::widgets::adapters::{Confirm, FieldError, feedback};
use leptos::prelude::*;

#[component]
pub fn ApeeperFactory() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let hash = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let delete = Action::new_local(move |hash: &String| {
        let hash = hash.clone();
        async move {
            ctx.perform(Capability::Factories, endpoints::delete_apeeper_factory(&hash)).await?;
            Ok(hash)
        }
    });
    // No hash, nothing to confirm: Delete waits for one (and says so), and the question names it.
    let typed = move || hash.with(|h| h.trim().to_owned());
    let missing = Signal::derive(move || typed().is_empty());
    Effect::new(move |_| {
        if !missing.get() {
            problem.set(None);
        }
    });
    let confirm = move |()| {
        delete.dispatch_local(typed());
    };
    view! {
        <section class="panel" aria-labelledby="apeeper-title">
            <h3 id="apeeper-title">"Apeeper factory (legacy)"</h3>
            <p class="hint">"EC2 metadata-service tokens are no longer offered; delete a remaining factory by its hash."</p>
            <div class="field">
                <label for="hash">"Factory hash"</label>
                <input type="text" id="hash" name="hash" spellcheck="false" autocomplete="off" aria-describedby="hash-error" bind:value=hash/>
                <FieldError id="hash-error" message=problem/>
            </div>
            <p class="hint" hidden=move || !missing.get()>"Enter the factory's hash to delete it."</p>
            <Confirm ask="Delete" confirm="Confirm delete" busy=delete.pending() disabled=missing on_confirm=confirm>
                <p>"Delete the Apeeper factory " <code>{typed}</code> "?"</p>
            </Confirm>
            {feedback(delete, "Deleting…", |h| format!("Deleted the factory {h}."))}
        </section>
    }
}
