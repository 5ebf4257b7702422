//! Canarytoken factory strings: create-only credentials for scripts, bound to a flock. They
//! can create tokens like an API key, so they are masked and the new one is shown once.

use crate::api::endpoints;
use crate::api::types::Factory;
use crate::ui::app::console_info::DEFAULT_FLOCK;
use crate::ui::app::context::{AppContext, Capability, ConsoleData};
use crate::ui::parts::widgets::adapters::{
    Confirm, CopyButton, FieldError, Refused, SecretText, feedback, options,
};
use leptos::prelude::*;

/// The factory strings.
#[component]
pub fn FactoryStrings() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let console = expect_context::<ConsoleData>();
    let list = RwSignal::new(Vec::<Factory>::new());
    let load = Action::new_local(move |(): &()| {
        let client = ctx.connected_client();
        async move {
            list.set(client?.send(endpoints::list_factories()).await?.factories);
            Ok(())
        }
    });
    load.dispatch_local(());
    let flock = RwSignal::new(DEFAULT_FLOCK.to_owned());
    let memo = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let create = Action::new_local(move |(flock, memo): &(String, String)| {
        let (flock, memo) = (flock.clone(), memo.clone());
        async move {
            let made = ctx
                .perform(Capability::Factories, endpoints::create_factory(&flock, &memo))
                .await?;
            list.update(|l| {
                l.push(Factory { factory_auth: made.factory_auth.clone(), flock_id: flock, memo })
            });
            Ok(made.factory_auth)
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = memo.get_untracked();
        problem.set(
            text.trim()
                .is_empty()
                .then(|| "Write a memo: what the factory string is for.".to_owned()),
        );
        if problem.with_untracked(Option::is_none) {
            create.dispatch_local((flock.get_untracked(), text));
        }
    };
    let flocks = move || console.flocks();
    let flock_name = move |id: &str| console.flock_name(id);

    view! {
        <section class="panel" aria-labelledby="factories-title">
            <h3 id="factories-title">"Canarytoken factories"</h3>
            <p class="hint">"A factory string lets a script create tokens in one flock without an API key. Thinkst now recommends Canarytoken Deploy flock keys instead."</p>
            {feedback(load, "Reading factory strings…", |_| String::new())}
            <ul class="factory-list">
                <For
                    each=move || list.get()
                    key=|f| f.factory_auth.clone()
                    children=move |f| {
                        let flock = flock_name(&f.flock_id);
                        view! { <FactoryItem factory=f flock list/> }
                    }
                />
            </ul>
            <Show when=move || list.with(Vec::is_empty) && !load.pending().get()>
                <p class="empty">"No factory strings."</p>
            </Show>
            <form class="action-form" on:submit=submit novalidate>
                <h4>"New factory string"</h4>
                <div class="field-row">
                    <div class="field">
                        <label for="factory-flock">"Flock"</label>
                        <select id="factory-flock" name="flock_id" on:change:target=move |ev| flock.set(ev.target().value())>
                            {move || options(flocks(), flock)}
                        </select>
                    </div>
                    <div class="field">
                        <label for="factory-memo">"Memo"</label>
                        <input type="text" id="factory-memo" name="memo" aria-describedby="factory-memo-error" bind:value=memo/>
                        <FieldError id="factory-memo-error" message=problem/>
                    </div>
                </div>
                <Refused capability=Capability::Factories/>
                <button type="submit" disabled=move || create.pending().get() || ctx.refusal(Capability::Factories).is_some()>"Create factory string"</button>
                {feedback(create, "Creating…", |_| "Factory string created. Copy it now: this is the one place it is shown in full.".to_owned())}
                {move || create.value().get().and_then(Result::ok).map(|auth| view! {
                    <p class="factory-new"><code>{auth.clone()}</code> " " <CopyButton text=auth/></p>
                })}
            </form>
        </section>
    }
}

#[component]
fn FactoryItem(factory: Factory, flock: String, list: RwSignal<Vec<Factory>>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let auth = factory.factory_auth.clone();
    let delete = Action::new_local(move |auth: &String| {
        let auth = auth.clone();
        async move {
            ctx.perform(Capability::Factories, endpoints::delete_factory(&auth)).await?;
            list.update(|l| l.retain(|f| f.factory_auth != auth));
            Ok(())
        }
    });
    view! {
        <li class="factory">
            <span class="memo">{factory.memo.clone()}</span>
            <span class="hint">{flock}</span>
            <SecretText value=factory.factory_auth.clone()/>
            <Confirm
                ask="Delete"
                confirm="Confirm delete"
                busy=delete.pending()
                disabled=Signal::derive(move || ctx.refusal(Capability::Factories).is_some())
                on_confirm=move |()| drop(delete.dispatch_local(auth.clone()))
            >
                <p>"Delete this factory string? Scripts that use it will stop creating tokens."</p>
            </Confirm>
            {feedback(delete, "Deleting…", |_| "Deleted.".to_owned())}
        </li>
    }
}
