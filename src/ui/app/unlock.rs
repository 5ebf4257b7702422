//! The locked app: the passphrase opens the saved settings; nothing else is shown.

use super::context::AppContext;
use super::nav::{Screen, go};
use crate::store::{Settings, StoreError};
use crate::ui::parts::widgets::{Confirm, Notices};
use leptos::prelude::*;

#[component]
pub fn UnlockScreen() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let passphrase = RwSignal::new(String::new());
    let unlock = Action::new_local(move |passphrase: &String| {
        let (passphrase, vault) = (passphrase.clone(), ctx.vault());
        async move {
            let settings = vault.unlock(&passphrase).await?;
            let connected = settings.active_profile().is_some();
            ctx.settings.set(settings);
            ctx.locked.set(false);
            // Opened locked at no particular screen: go where a saved profile opens.
            if connected && window().location().hash().is_ok_and(|h| h.is_empty()) {
                go(&Screen::Create);
            }
            Ok::<_, StoreError>(())
        }
    });
    let forget = Action::new_local(move |(): &()| {
        let vault = ctx.vault();
        async move {
            vault.forget_all().await?;
            ctx.settings.set(Settings::default());
            ctx.locked.set(false);
            Ok::<_, StoreError>(())
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !unlock.pending().get_untracked() {
            unlock.dispatch_local(passphrase.get_untracked());
        }
    };
    let status = Signal::derive(move || unlock.pending().get().then(|| "Unlocking…".to_owned()));
    let error = Signal::derive(move || {
        let unlocked = unlock.value().with(|v| v.as_ref().and_then(|r| r.err()));
        unlocked
            .or_else(|| forget.value().with(|v| v.as_ref().and_then(|r| r.err())))
            .map(|e| e.to_string())
    });
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
                    <button type="submit" class="primary" disabled=move || unlock.pending().get()>"Unlock"</button>
                </div>
            </form>
            <Notices status error/>
            <div class="action-form danger">
                <p class="hint">"Forgot the passphrase? The saved settings cannot be recovered; forget them and connect again."</p>
                <Confirm ask="Forget all" confirm="Confirm forget all" busy=forget.pending() on_confirm=move |()| drop(forget.dispatch_local(()))>
                    <p>"Forget every Console, API key and setting this app stored on this device?"</p>
                </Confirm>
            </div>
        </section>
    }
}
