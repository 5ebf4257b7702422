//! The saved Consoles: use one, edit one, forget one.

use super::form::Editing;
use crate::ui::app::context::AppContext;
use crate::ui::parts::widgets::Confirm;
use leptos::prelude::*;

#[component]
pub fn ProfileList(editing: Editing) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let profiles = move || {
        ctx.settings.with(|s| {
            s.profiles
                .iter()
                .map(|p| (p.name.clone(), p.console.host().to_owned()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || ctx.settings.with(|s| !s.profiles.is_empty())>
            <section class="panel" aria-labelledby="profiles-title">
                <h3 id="profiles-title">"Consoles"</h3>
                <ul class="profiles">
                    {move || profiles().into_iter().enumerate().map(|(index, (name, host))| {
                        let active = move || ctx.settings.with(|s| s.active == Some(index));
                        view! {
                            <li class="profile" class:active=active>
                                <span class="profile-name">{name}</span>
                                <code>{host}</code>
                                <Show when=active fallback=move || view! {
                                    <button type="button" class="small" on:click=move |_| {
                                        ctx.settings.update(|s| s.active = Some(index));
                                        ctx.persist();
                                    }>"Use"</button>
                                }>
                                    <span class="hint">"in use"</span>
                                </Show>
                                <button type="button" class="small ghost" on:click=move |_| editing.set(Some(index))>"Edit"</button>
                                <Confirm
                                    ask="Remove"
                                    confirm="Confirm remove"
                                    busy=Signal::derive(|| false)
                                    on_confirm=move |()| {
                                        ctx.settings.update(|s| s.remove_profile(index));
                                        editing.set(ctx.settings.with_untracked(|s| s.active));
                                        ctx.persist();
                                    }
                                >
                                    <p>"Forget this Console and its API key on this device?"</p>
                                </Confirm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <button type="button" on:click=move |_| editing.set(None)>"Add another Console"</button>
            </section>
        </Show>
    }
}
