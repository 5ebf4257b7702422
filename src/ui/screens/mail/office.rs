//! Office 365: the Console reads the organisation's mailboxes once an administrator has
//! granted it access through a Microsoft sign-in (which it starts with `initiate`), or with
//! Exchange credentials given with each call. The sign-in returns to the Console, not here:
//! where the Console's answer names the consent page, it opens in a new tab; where it does not
//! (the documentation names none), the sign-in is done in the Console's own UI. Either way
//! "Check sign-in" carries on from the user list.
//!
//! Exchange credentials are secrets: they live in this screen's signals only, go out with the
//! calls that need them, and are forgotten when the page is hidden or the box is unticked.

use super::{FlockPicker, Line, Making, Picking, creating_in, mailboxes};
use crate::api::mail::{self, Exchange, Provider, SignIn};
use crate::kinds::check_url;
use crate::ui::app::AppContext;
use crate::ui::parts::task::{Failure, Task};
use crate::ui::parts::widgets::adapters::{Checkbox, TaskNotices};
use leptos::prelude::*;

#[component]
pub fn OfficeFlow() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    // "" leaves the flock to the Console.
    let flock = RwSignal::new(String::new());
    let picked = Signal::derive(move || Some(flock.get()).filter(|f| !f.is_empty()));
    let exchange = RwSignal::new(false);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let forget = move || {
        username.try_set(String::new());
        password.try_set(String::new());
    };
    let hidden = window_event_listener(leptos::ev::pagehide, move |_| forget());
    on_cleanup(move || hidden.remove());
    Effect::new(move |_| {
        if !exchange.get() {
            forget();
        }
    });
    // The sign-in started, for the flock it was started in.
    let sign_in = RwSignal::new(None::<SignIn>);
    Effect::new(move |_| {
        flock.track();
        sign_in.set(None);
    });
    let picking = Picking::new();
    // Starting the sign-in and listing the mailboxes (one at a time).
    let access = Task::new();
    // The credentials a call carries, or why they cannot be sent.
    let login = move || -> Result<Option<Exchange>, Failure> {
        if !exchange.get_untracked() {
            return Ok(None);
        }
        let login = Exchange {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        match login.username.is_empty() || login.password.is_empty() {
            true => Err(Failure("Enter the Exchange username and password.".into())),
            false => Ok(Some(login)),
        }
    };

    let start = move |_| {
        let flock = picked.get_untracked();
        access.run("Starting the sign-in…", async move {
            let call = mail::office365_initiate(flock.as_deref());
            let started = ctx.perform(creating_in(&flock), call).await?;
            sign_in.try_set(Some(started));
            Ok("Sign-in started.".to_owned())
        });
    };
    let list = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (flock, login) = (picked.get_untracked(), login());
        access.run("Listing the organisation's mailboxes…", async move {
            let login = login?;
            let call = mail::office365_users(flock.as_deref(), login.as_ref());
            let n = picking.listed(ctx.perform(creating_in(&flock), call).await?.users);
            let how = if login.is_some() { "Exchange" } else { "the sign-in" };
            Ok(format!("Through {how}, the Console listed {}: choose them below.", mailboxes(n)))
        });
    };
    let create = move |()| {
        let (flock, login) = (picked.get_untracked(), login());
        picking.create(move |mailboxes| async move {
            let login = login?;
            let emails: Vec<String> = mailboxes.into_iter().map(|u| u.email).collect();
            let call = mail::office365_create(flock.as_deref(), &emails, login.as_ref());
            ctx.perform(creating_in(&flock), call).await?;
            Ok(())
        });
    };
    let consent = move || {
        let started = sign_in.get()?;
        let link = started.url.as_deref().and_then(|u| check_url(u).ok());
        Some(match link {
            Some(url) => view! {
                <p>
                    "Sign in as an administrator and grant access in the new tab: "
                    <a href=url target="_blank" rel="noopener noreferrer">"Open the Microsoft sign-in"</a>
                    ". Then press Check sign-in."
                </p>
            }
            .into_any(),
            None => view! {
                <p>
                    "This Console does not give the app the sign-in address. Do the one-time sign-in \
                     in the Console (Canarytokens → Office 365 Mail), then press Check sign-in."
                </p>
            }
            .into_any(),
        })
    };

    view! {
        <FlockPicker flock optional=true/>
        <section class="panel" aria-labelledby="office-access-title">
            <h3 id="office-access-title">"Access to the mailboxes"</h3>
            <Checkbox name="is_exchange" label="Use Exchange credentials instead of a Microsoft sign-in" value=exchange/>
            <form class="action-form" on:submit=list novalidate>
                <Show
                    when=move || exchange.get()
                    fallback=move || view! {
                        <p class="hint">"The Console reads the mailboxes once an administrator of the organisation has signed in to Microsoft and granted it access (once)."</p>
                        {consent}
                        <div class="actions">
                            <button type="button" disabled=move || access.busy() on:click=start>"Start sign-in"</button>
                            <button type="submit" disabled=move || access.busy()>"Check sign-in"</button>
                        </div>
                    }
                >
                    <div class="field-row">
                        <Line id="exchange_username" name="exchange_username" label="Exchange username" value=username/>
                        <Line id="exchange_password" name="exchange_password" label="Exchange password" value=password password=true/>
                    </div>
                    <p class="hint">"Sent to the Console with each call that needs them, never stored."</p>
                    <div class="actions">
                        <button type="submit" disabled=move || access.busy()>"List users"</button>
                    </div>
                </Show>
            </form>
            <TaskNotices task=access/>
        </section>
        <Making provider=Provider::Office365 picking flock=picked on_create=create/>
    }
}
