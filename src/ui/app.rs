//! The page frame: the header (screens, the Console in use, lock, open in a tab) and the current
//! screen; a locked store shows only the unlock screen.

use super::advanced::AdvancedScreen;
use super::bulk::BulkJob;
use super::connect::ConnectScreen;
use super::context::{AppContext, ConsoleData};
use super::create::CreateScreen;
use super::inventory::{InventoryData, InventoryScreen};
use super::screen::Screen;
use super::token::TokenScreen;
use super::unlock::UnlockScreen;
use super::widgets::Notices;
use crate::platform;
use crate::store::{IdleLock, StoreError};
use leptos::prelude::*;
use std::time::Duration;

#[component]
pub fn App(ctx: AppContext, load_error: Option<StoreError>) -> impl IntoView {
    provide_context(ctx);
    ConsoleData::provide(ctx);
    let inventory = InventoryData::provide();
    let bulk = BulkJob::provide();
    // A locked app sends nothing: a bulk run waits for the user to unlock and resume.
    Effect::new(move |_| {
        if ctx.locked.get() {
            bulk.pause();
        }
    });
    // Another Console (or key) means another inventory and other permissions.
    Effect::new(move |previous: Option<()>| {
        ctx.active.track();
        if previous.is_some() {
            inventory.reset();
            ctx.forget_refusals();
        }
    });
    watch_idleness(ctx);
    // A saved profile opens straight into the app.
    let start =
        if ctx.active.with_untracked(Option::is_some) { Screen::Create } else { Screen::Connect };
    let screen = RwSignal::new(current_hash().and_then(|h| Screen::from_hash(&h)).unwrap_or(start));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(s) = current_hash().and_then(|h| Screen::from_hash(&h)) {
            screen.set(s);
        }
    });
    on_cleanup(move || handle.remove());

    view! {
        <header class="topbar">
            <h1>"Canarytoken Manager"</h1>
            <Show when=move || !ctx.locked.get()>
                <ProfileSwitch/>
                <nav aria-label="Screens">
                    {Screen::NAV.map(|s| {
                        let current = s.clone();
                        view! {
                            <a href=s.hash() aria-current=move || screen.with(|now| now.is_under(&current)).then_some("page")>
                                {s.label()}
                            </a>
                        }
                    })}
                </nav>
            </Show>
            <Extras/>
        </header>
        <main>
            <Notices status=None error=Signal::derive(move || ctx.trouble.get().or_else(|| load_error.map(|e| e.to_string())))/>
            {move || match (ctx.locked.get(), screen.get()) {
                (true, _) => view! { <UnlockScreen/> }.into_any(),
                (false, Screen::Create) => view! { <CreateScreen/> }.into_any(),
                (false, Screen::Inventory) => view! { <InventoryScreen/> }.into_any(),
                (false, Screen::Token(id)) => view! { <TokenScreen id/> }.into_any(),
                (false, Screen::Bulk) => view! { <super::bulk::BulkScreen/> }.into_any(),
                (false, Screen::Advanced) => view! { <AdvancedScreen/> }.into_any(),
                (false, Screen::Connect) => view! { <ConnectScreen/> }.into_any(),
            }}
        </main>
    }
}

/// The Console in use, switchable when there are several.
#[component]
fn ProfileSwitch() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let names = move || {
        ctx.settings.with(|s| s.profiles.iter().map(|p| p.name.clone()).collect::<Vec<_>>())
    };
    let several = move || ctx.settings.with(|s| s.profiles.len() > 1);
    let choose = move |index: String| {
        ctx.settings.update(|s| s.active = index.parse().ok().filter(|i| *i < s.profiles.len()));
        ctx.persist();
    };
    view! {
        <Show when=several>
            <select class="profile-switch" name="profile" aria-label="Console in use" on:change:target=move |ev| choose(ev.target().value())>
                {move || names().into_iter().enumerate().map(|(i, name)| view! {
                    <option value=i.to_string() selected=move || ctx.settings.with(|s| s.active == Some(i))>{name}</option>
                }).collect_view()}
            </select>
        </Show>
    }
}

/// "Lock" when a passphrase protects the settings; "Open in a tab" in the extension popup,
/// where long work (and Firefox downloads, which a save dialog can kill) fare better.
#[component]
fn Extras() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let in_extension = platform::page_origin().is_some_and(|o| platform::is_extension_origin(&o));
    let lockable = move || !ctx.locked.get() && ctx.settings.with(|_| ctx.vault().has_passphrase());
    view! {
        <div class="topbar-extras">
            <Show when=lockable>
                <button type="button" class="ghost small" on:click=move |_| ctx.lock()>"Lock"</button>
            </Show>
            {in_extension.then(|| view! { <a class="open-tab" href="index.html" target="_blank" rel="noopener">"Open in a tab"</a> })}
        </div>
    }
}

/// Locks the app after the chosen idle minutes when a passphrase protects the settings.
fn watch_idleness(ctx: AppContext) {
    let now = || js_sys::Date::now() as u64;
    let idle = StoredValue::new(IdleLock::off(now()));
    let note = move || idle.update_value(|i| i.activity(now()));
    let handles = [
        window_event_listener(leptos::ev::keydown, move |_| note()),
        window_event_listener(leptos::ev::pointerdown, move |_| note()),
    ];
    Effect::new(move |_| {
        let minutes = ctx.settings.with(|s| s.lock_after_minutes);
        idle.update_value(|i| i.set_minutes(minutes));
    });
    let check = set_interval_with_handle(
        move || {
            if !ctx.locked.get_untracked()
                && ctx.vault().has_passphrase()
                && idle.with_value(|i| i.is_due(now()))
            {
                ctx.lock();
            }
        },
        Duration::from_secs(10),
    )
    .ok();
    on_cleanup(move || {
        for handle in handles {
            handle.remove();
        }
        if let Some(check) = check {
            check.clear();
        }
    });
}

/// Shows `screen` (through the address, so that Back works).
pub fn go(screen: &Screen) {
    let _ = window().location().set_hash(&screen.hash());
}

fn current_hash() -> Option<String> {
    window().location().hash().ok()
}
