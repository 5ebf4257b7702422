//! The locked app: the passphrase opens the saved settings; nothing else is shown.

use super::context::AppContext;
use super::nav::{Screen, go};
use crate::store::Settings;
use crate::ui::parts::task::{Task, TaskNotices};
use crate::ui::parts::widgets::Confirm;
use leptos::prelude::*;

#[component]
pub fn UnlockScreen() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let passphrase = RwSignal::new(String::new());
    let unlock = Task::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (passphrase, vault) = (passphrase.get_untracked(), ctx.vault());
        unlock.run("Unlocking…", async move {
            let settings = vault.unlock(&passphrase).await?;
            let connected = settings.active_profile().is_some();
            ctx.settings.set(settings);
            ctx.locked.set(false);
            // Opened locked at no particular screen: go where a saved profile opens.
            if connected && window().location().hash().is_ok_and(|h| h.is_empty()) {
                go(&Screen::Create);
            }
            Ok(String::new())
        });
    };
    let forget = move |()| {
        let vault = ctx.vault();
        unlock.run("Forgetting…", async move {
            vault.forget_all().await?;
            ctx.settings.set(Settings::default());
            ctx.locked.set(false);
            Ok(String::new())
        });
    };
    view! {
        <section class="screen" aria-labelledby="unlock-title">
            <h2 id="unlock-title">"Locked"</h2>
            <form class="form" on:submit=submit novalidate>
                <p class="hint">"The saved Consoles and API keys are locked with a passphrase."</p>
                <div class="field">
                    <label for="passphrase">"Passphrase"</label>
                    <input id="passphrase" name="passphrase" type="password" autocomplete="current-password" bind:value=passphrase/>
                </div>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || unlock.busy()>"Unlock"</button>
                </div>
            </form>
            <TaskNotices task=unlock/>
            <div class="action-form danger">
                <p class="hint">"Forgot the passphrase? The saved settings cannot be recovered; forget them and connect again."</p>
                <Confirm ask="Forget all" confirm="Confirm forget all" busy=Signal::derive(move || unlock.busy()) on_confirm=forget>
                    <p>"Forget every Console, API key and setting this app stored on this device?"</p>
                </Confirm>
            </div>
        </section>
    }
}
