//! The page frame, the same on both pages: the header (screens, the Console in use, lock, open
//! in a tab) and the current screen; a locked store shows only the unlock screen.

use super::PageSpec;
use super::context::{AppContext, ConsoleData};
use super::nav::{Page, Screen};
use super::unlock::unlock_screen;
use crate::platform;
use crate::store::{IdleLock, StoreError};
use crate::ui::dom::{effect, el, fragment, show};
use crate::ui::parts::alert_list::nav_count;
use crate::ui::parts::widgets::{button, notices, options};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::Node;

/// The page: the header and the current screen, under the page's shared state.
pub fn frame(spec: PageSpec, ctx: AppContext, load_error: Option<StoreError>) -> Node {
    provide_context(ctx);
    ConsoleData::provide(ctx);
    (spec.setup)(ctx);
    // Another Console (or key) means other permissions.
    let mut first = true;
    effect(move || {
        ctx.active.track();
        if !std::mem::take(&mut first) {
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

    let unlocked = move || !ctx.locked.get();
    let header = el("header")
        .class("topbar")
        .child(el("h1").child(el("span").class("title").text("Canarytoken Manager")))
        .child(show(unlocked, move || fragment([profile_switch(ctx), nav(page, screen)])))
        .child(extras(ctx, page));
    let trouble =
        move || ctx.trouble.get().or_else(|| load_error.as_ref().map(ToString::to_string));
    let main = el("main").child(notices(|| None, trouble)).dynamic(move || {
        Some(match ctx.locked.get() {
            true => unlock_screen(),
            // A screen's body reads its signals untracked, as a component's does: only its
            // own closures follow them, and the screen is built again only when it changes.
            false => {
                let screen = screen.get();
                untrack(|| (spec.screen)(screen))
            }
        })
    });
    fragment([header.into(), main.into()])
}

/// The screens: this page's first, then the other page's (which open it).
fn nav(page: Page, screen: RwSignal<Screen>) -> Node {
    let (here, elsewhere): (Vec<_>, Vec<_>) =
        Screen::NAV.into_iter().partition(|s| s.page() == page);
    let (other, other_page) = match page {
        Page::Popup => ("Opens the workbench", "Workbench"),
        Page::Workbench => ("Opens the main page", "Main page"),
    };
    // At popup width one link stands for the other page (its first screen); wider, each of
    // its screens has its own.
    let whole_page = elsewhere.first().map(|first| {
        let first = first.clone();
        el("a")
            .class("elsewhere-page")
            .attr("href", &first.href(page))
            .text(other_page)
            .on("click", move |ev| cross_page(ev.unchecked_ref(), &first, page))
    });
    el("nav")
        .attr("aria-label", "Screens")
        .children(here.into_iter().map(|s| nav_link(s, page, screen)))
        .child(
            el("span")
                .class("elsewhere")
                .attr("title", other)
                .maybe(whole_page)
                .children(elsewhere.into_iter().map(|s| nav_link(s, page, screen))),
        )
        .into()
}

fn nav_link(target: Screen, page: Page, screen: RwSignal<Screen>) -> Node {
    let current = target.clone();
    let link = el("a")
        .attr("href", &target.href(page))
        .attr_with("aria-current", move || {
            screen.with(|now| now.is_under(&current)).then(|| "page".into())
        })
        .text(target.label());
    let link = match target {
        Screen::Alerts => link.child(nav_count()),
        _ => link,
    };
    link.on("click", move |ev| cross_page(ev.unchecked_ref(), &target, page)).into()
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
fn cross_page(ev: &web_sys::MouseEvent, screen: &Screen, page: Page) {
    let plain = ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key());
    if screen.page() != page && plain {
        ev.prevent_default();
        super::nav::go(screen);
    }
}

/// The Console in use, switchable when there are several.
fn profile_switch(ctx: AppContext) -> Node {
    let several = move || ctx.settings.with(|s| s.profiles.len() > 1);
    show(several, move || {
        let choose = move |index: String| {
            ctx.settings
                .update(|s| s.active = index.parse().ok().filter(|i| *i < s.profiles.len()));
            ctx.persist();
        };
        el("select")
            .class("profile-switch")
            .attr("name", "profile")
            .attr("aria-label", "Console in use")
            .on_value("change", choose)
            .dynamic(move || {
                let (names, active) = ctx.settings.with(|s| {
                    (s.profiles.iter().map(|p| p.name.clone()).collect::<Vec<_>>(), s.active)
                });
                let choices = names.into_iter().enumerate().map(|(i, name)| (i.to_string(), name));
                let chosen = active.map(|i| i.to_string()).unwrap_or_default();
                Some(options(choices, &chosen))
            })
            .into()
    })
}

/// "Lock" when a passphrase protects the settings; "Open in a tab" in the extension popup,
/// where Firefox downloads (which a save dialog can kill) fare better.
fn extras(ctx: AppContext, page: Page) -> Node {
    let in_extension = platform::page_origin().is_some_and(|o| platform::is_extension_origin(&o));
    let lockable = move || !ctx.locked.get() && ctx.settings.with(|_| ctx.vault().has_passphrase());
    let open_tab = (in_extension && page == Page::Popup).then(|| {
        el("a")
            .class("open-tab")
            .attr("href", page.file())
            .attr("target", "_blank")
            .attr("rel", "noopener")
            .text("Open in a tab")
    });
    el("div")
        .class("topbar-extras")
        .child(show(lockable, move || {
            button("ghost small", "Lock").on_click(move || ctx.lock()).into()
        }))
        .maybe(open_tab)
        .into()
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
    effect(move || {
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
