//! The page frame, the same on both pages: the header (screens, the Console in use, lock, open
//! in a tab) and the current screen; a locked store shows only the unlock screen.

use super::PageSpec;
use super::context::{AppContext, ConsoleData};
use super::nav::{Page, Screen};
use super::unlock::UnlockScreen;
use crate::platform;
use crate::store::{IdleLock, StoreError};
use crate::ui::parts::alert_list::NavCount;
use crate::ui::parts::widgets::Notices;
use leptos::prelude::*;
use std::time::Duration;

#[component]
pub fn Frame(spec: PageSpec, ctx: AppContext, load_error: Option<StoreError>) -> impl IntoView {
    provide_context(ctx);
    ConsoleData::provide(ctx);
    (spec.setup)(ctx);
    // Another Console (or key) means other permissions.
    Effect::new(move |previous: Option<()>| {
        ctx.active.track();
        if previous.is_some() {
            ctx.forget_refusals();
        }
    });
    watch_idleness(ctx);
    // Locked in another page of the extension (or there by idleness): locked here too.
    ctx.vault().on_locked_elsewhere(move || {
        if !ctx.locked.get_untracked() {
            ctx.lock();
        }
    });
    let page = spec.page;
    let screen = RwSignal::new(first_screen(page, ctx));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(s) = Screen::current().and_then(|s| on_this_page(s, page)) {
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
                        let (current, target) = (s.clone(), s.clone());
                        view! {
                            <a href=s.href(page) aria-current=move || screen.with(|now| now.is_under(&current)).then_some("page") on:click=move |ev| cross_page(ev, &target, page)>
                                {s.label()}
                                {(s == Screen::Alerts).then(|| view! { <NavCount/> })}
                            </a>
                        }
                    })}
                </nav>
            </Show>
            <Extras page/>
        </header>
        <main>
            <Notices status=None error=Signal::derive(move || ctx.trouble.get().or_else(|| load_error.map(|e| e.to_string())))/>
            {move || match ctx.locked.get() {
                true => view! { <UnlockScreen/> }.into_any(),
                false => (spec.screen)(screen.get()),
            }}
        </main>
    }
}

/// Where the page opens: the screen its address names, else Create with a saved profile (Bulk
/// on the workbench), else Connect.
fn first_screen(page: Page, ctx: AppContext) -> Screen {
    let start = match (page, ctx.active.with_untracked(Option::is_some)) {
        (Page::Workbench, _) => Screen::Bulk,
        (Page::Popup, true) => Screen::Create,
        (Page::Popup, false) => Screen::Connect,
    };
    Screen::current().and_then(|s| on_this_page(s, page)).unwrap_or(start)
}

/// `screen` if this page shows it; an address naming the other page's screen moves there.
fn on_this_page(screen: Screen, page: Page) -> Option<Screen> {
    if screen.page() == page {
        return Some(screen);
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace(&screen.href(page));
    }
    None
}

/// A link to the other page opens it the way [`super::nav::go`] does (a tab from the toolbar
/// popup) rather than as a plain link.
fn cross_page(ev: leptos::ev::MouseEvent, screen: &Screen, page: Page) {
    let plain = ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key());
    if screen.page() != page && plain {
        ev.prevent_default();
        super::nav::go(screen);
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
/// where Firefox downloads (which a save dialog can kill) fare better.
#[component]
fn Extras(page: Page) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let in_extension = platform::page_origin().is_some_and(|o| platform::is_extension_origin(&o));
    let lockable = move || !ctx.locked.get() && ctx.settings.with(|_| ctx.vault().has_passphrase());
    view! {
        <div class="topbar-extras">
            <Show when=lockable>
                <button type="button" class="ghost small" on:click=move |_| ctx.lock()>"Lock"</button>
            </Show>
            {(in_extension && page == Page::Popup).then(|| view! { <a class="open-tab" href=page.file() target="_blank" rel="noopener">"Open in a tab"</a> })}
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
