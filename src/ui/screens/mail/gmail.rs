//! Gmail: a Google Workspace admin's address lets the Console list the domain's users; a token
//! goes into each mailbox chosen or typed. The flock is always named (the Console requires it).

use super::{FlockPicker, Line, Making, Picking, creating_in};
use crate::api::mail::{self, Provider};
use crate::ui::app::{AppContext, DEFAULT_FLOCK};
use crate::ui::parts::task::{Failure, Task};
use crate::ui::parts::widgets::adapters::TaskNotices;
use leptos::prelude::*;

#[component]
pub fn GmailFlow() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let flock = RwSignal::new(DEFAULT_FLOCK.to_owned());
    let picked = Signal::derive(move || Some(flock.get()));
    let domain = RwSignal::new(String::new());
    let admin = RwSignal::new(String::new());
    let picking = Picking::new();
    let listing = Task::new();

    let list = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (flock, domain, admin) = (
            picked.get_untracked(),
            domain.get_untracked().trim().to_owned(),
            admin.get_untracked().trim().to_owned(),
        );
        listing.run("Listing the domain's users…", async move {
            if domain.is_empty() || admin.is_empty() {
                return Err(Failure(
                    "Enter the Workspace domain and the address of one of its admins.".into(),
                ));
            }
            let call = mail::gmail_users(flock.as_deref().unwrap_or_default(), &domain, &admin);
            let n = picking.listed(ctx.perform(creating_in(&flock), call).await?.users);
            let users = if n == 1 { "user" } else { "users" };
            Ok(format!("The Console listed {n} {users} of {domain}: choose their mailboxes below."))
        });
    };
    let create = move |()| {
        let flock = picked.get_untracked();
        picking.create(move |mailboxes| async move {
            let call = mail::gmail_create(flock.as_deref().unwrap_or_default(), &mailboxes);
            ctx.perform(creating_in(&flock), call).await?;
            Ok(())
        });
    };

    view! {
        <FlockPicker flock optional=false/>
        <section class="panel" aria-labelledby="gmail-users-title">
            <h3 id="gmail-users-title">"Workspace users"</h3>
            <form class="action-form" on:submit=list novalidate>
                <div class="field-row">
                    <Line id="gmail-domain" name="domain" label="Workspace domain" value=domain placeholder="example.com"/>
                    <Line id="gmail-admin" name="email" label="Admin's email" value=admin placeholder="admin@example.com"/>
                </div>
                <div class="actions">
                    <button type="submit" disabled=move || listing.busy()>"List users"</button>
                </div>
            </form>
            <TaskNotices task=listing/>
        </section>
        <Making provider=Provider::Gmail picking flock=picked on_create=create/>
    }
}
