//! How the API keys are kept: remembered on this device or for this session only, optionally
//! locked with a passphrase (and again after idle minutes), or forgotten everywhere.

use crate::store::{Persistence, Settings, Vault};
use crate::ui::app::Screen;
use crate::ui::app::context::AppContext;
use crate::ui::app::nav::go;
use crate::ui::parts::task::{Task, TaskNotices};
use crate::ui::parts::widgets::{Confirm, FieldError};
use leptos::prelude::*;

/// Something to do to the vault, with the settings it keeps.
#[derive(Clone)]
enum Change {
    Keep(Persistence),
    Passphrase(Option<String>),
    LockAfter(u32),
    ForgetAll,
}

#[component]
pub fn Security() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let vault = ctx.vault();
    let persistence = RwSignal::new(vault.persistence());
    let protected = RwSignal::new(vault.has_passphrase());
    let passphrase = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);

    let task = Task::new();
    let apply = move |change: Change| {
        let (vault, settings) = (ctx.vault(), ctx.settings.get_untracked());
        task.run("Saving…", async move {
            let done = match change {
                Change::Keep(p) => {
                    vault.set_persistence(p, &settings).await?;
                    persistence.try_set(p);
                    match p {
                        Persistence::Remember => "The keys are remembered on this device.",
                        Persistence::Session => "The keys are kept for this browser session only.",
                    }
                }
                Change::Passphrase(p) => {
                    vault.set_passphrase(p.as_deref(), &settings).await?;
                    protected.try_set(p.is_some());
                    passphrase.try_set(String::new());
                    repeat.try_set(String::new());
                    if p.is_some() {
                        "The settings are locked with the passphrase."
                    } else {
                        "The passphrase is removed."
                    }
                }
                Change::LockAfter(minutes) => {
                    ctx.settings.update(|s| s.lock_after_minutes = minutes);
                    ctx.save().await?;
                    "Saved."
                }
                Change::ForgetAll => {
                    vault.forget_all().await?;
                    ctx.settings.set(Settings::default());
                    protected.try_set(false);
                    go(&Screen::Connect);
                    "Everything this app stored on this device is forgotten."
                }
            };
            Ok(done.to_owned())
        });
    };
    let set_passphrase = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (p, r) = (passphrase.get_untracked(), repeat.get_untracked());
        problem.set(if p.is_empty() {
            Some("Enter a passphrase.".to_owned())
        } else if p != r {
            Some("The two passphrases differ.".to_owned())
        } else {
            None
        });
        if problem.with_untracked(Option::is_none) {
            apply(Change::Passphrase(Some(p)));
        }
    };
    let lock_after = move || ctx.settings.with(|s| s.lock_after_minutes);

    view! {
        <section class="panel" aria-labelledby="security-title">
            <h3 id="security-title">"Keeping the API keys"</h3>
            <fieldset class="choices">
                <legend>"Keep them"</legend>
                <label class="check">
                    <input type="radio" name="persistence" value="remember" prop:checked=move || persistence.get() == Persistence::Remember
                        on:change=move |_| apply(Change::Keep(Persistence::Remember))/>
                    " Remember on this device"
                </label>
                <label class="check">
                    <input type="radio" name="persistence" value="session" prop:checked=move || persistence.get() == Persistence::Session
                        on:change=move |_| apply(Change::Keep(Persistence::Session))/>
                    " This session only (forgotten when the browser closes)"
                </label>
            </fieldset>
            {(!Vault::crypto_available()).then(|| view! {
                <p class="hint">"A passphrase lock needs WebCrypto, which browsers offer only to secure pages: open the app over HTTPS, or use the browser extension."</p>
            })}
            <form class="action-form" on:submit=set_passphrase novalidate>
                <h4>{move || if protected.get() { "Change the passphrase" } else { "Lock with a passphrase" }}</h4>
                <div class="field-row">
                    <div class="field">
                        <label for="passphrase">"Passphrase"</label>
                        <input id="passphrase" name="passphrase" type="password" autocomplete="new-password" bind:value=passphrase/>
                    </div>
                    <div class="field">
                        <label for="passphrase_repeat">"Repeat it"</label>
                        <input id="passphrase_repeat" name="passphrase_repeat" type="password" autocomplete="new-password" bind:value=repeat/>
                    </div>
                </div>
                <FieldError id="passphrase-error" message=problem/>
                <div class="actions">
                    <button type="submit" disabled=move || task.busy()>
                        {move || if protected.get() { "Change passphrase" } else { "Set passphrase" }}
                    </button>
                    <Show when=move || protected.get()>
                        <button type="button" on:click=move |_| apply(Change::Passphrase(None))>"Remove passphrase"</button>
                        <button type="button" on:click=move |_| ctx.lock()>"Lock now"</button>
                    </Show>
                </div>
                <Show when=move || protected.get()>
                    <div class="field">
                        <label for="lock_after_minutes">"Lock when idle for"</label>
                        <select
                            id="lock_after_minutes"
                            name="lock_after_minutes"
                            on:change:target=move |ev| apply(Change::LockAfter(ev.target().value().parse().unwrap_or(0)))
                        >
                            {[(0, "Never"), (5, "5 minutes"), (15, "15 minutes"), (30, "30 minutes"), (60, "1 hour")].map(|(m, label)| view! {
                                <option value=m.to_string() selected=move || lock_after() == m>{label}</option>
                            })}
                        </select>
                    </div>
                </Show>
            </form>
            <div class="action-form danger">
                <Confirm ask="Forget all" confirm="Confirm forget all" busy=Signal::derive(move || task.busy()) on_confirm=move |()| apply(Change::ForgetAll)>
                    <p>"Forget every Console, API key and setting this app stored on this device?"</p>
                </Confirm>
            </div>
            <TaskNotices task/>
        </section>
    }
}
