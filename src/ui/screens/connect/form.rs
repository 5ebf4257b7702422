//! The profile form: a name, the Console URL, the API key and how it is sent; "Test connection"
//! pings the Console and saves the profile once the Console accepted the key.

use crate::api::endpoints::{self, TokenQuery};
use crate::api::{ApiKey, AuthStyle, ConsoleUrl};
use crate::platform;
use crate::store::Profile;
use crate::ui::app::Screen;
use crate::ui::app::context::AppContext;
use crate::ui::app::nav::go;
use crate::ui::parts::task::{Failure, Task};
use crate::ui::parts::widgets::{FieldError, Notices, SecretInput};
use leptos::prelude::*;

/// Which profile the form edits: `None` adds a new one.
pub type Editing = RwSignal<Option<usize>>;

#[component]
pub fn ProfileForm(editing: Editing) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let editing_profile = move || {
        editing
            .get_untracked()
            .and_then(|i| ctx.settings.with_untracked(|s| s.profiles.get(i).cloned()))
    };
    let profile = editing_profile();
    let name = RwSignal::new(profile.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let console_url =
        RwSignal::new(profile.as_ref().map(|p| p.console.to_string()).unwrap_or_default());
    let api_key =
        RwSignal::new(profile.as_ref().map(|p| p.key.expose().to_owned()).unwrap_or_default());
    let style = RwSignal::new(profile.map_or(AuthStyle::Header, |p| p.auth_style));
    // Another profile chosen for editing (not the first run: the form already shows it).
    Effect::new(move |first: Option<()>| {
        editing.track();
        if first.is_none() {
            return;
        }
        let profile = editing_profile();
        name.set(profile.as_ref().map(|p| p.name.clone()).unwrap_or_default());
        console_url.set(profile.as_ref().map(|p| p.console.to_string()).unwrap_or_default());
        api_key.set(profile.as_ref().map(|p| p.key.expose().to_owned()).unwrap_or_default());
        style.set(profile.map_or(AuthStyle::Header, |p| p.auth_style));
    });
    let url_error = RwSignal::new(None::<String>);
    let key_error = RwSignal::new(None::<String>);
    let permission = RwSignal::new(None::<String>);

    let test = Task::new();
    // Checks the key on the Console (`ping` is what every key may call: a deploy key may be
    // refused the kind list), saves the profile, and on the first connect goes to work: the
    // inventory, or Create when the Console has no tokens (or the key may not list them).
    let connect = move |profile: Profile| {
        // The slot edited when the button was pressed: the screen may be gone at the answer.
        let index = editing.get_untracked();
        let first = ctx.settings.with_untracked(|s| s.profiles.is_empty());
        test.run("Testing connection…", async move {
            let client = ctx.client(&profile);
            client.send(endpoints::ping()).await?;
            let host = profile.console.host().to_owned();
            ctx.settings.update(|s| match index {
                Some(index) => s.replace_profile(index, profile),
                None => s.use_profile(profile),
            });
            editing.try_set(ctx.settings.with_untracked(|s| s.active));
            if let Err(e) = ctx.save().await {
                return Err(Failure(format!(
                    "Connected to {host}, but the profile was not saved: {e}"
                )));
            }
            if first {
                let probe = TokenQuery { limit: Some(1), ..TokenQuery::default() };
                let listed = client.send(endpoints::search(&probe)).await;
                let empty = listed.map_or(true, |page| page.tokens.is_empty());
                go(&if empty { Screen::Create } else { Screen::Inventory });
            }
            Ok(format!("Connected to {host}. Profile saved."))
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if test.busy_untracked() {
            return;
        }
        let console = ConsoleUrl::parse(&console_url.get_untracked());
        let key = ApiKey::new(api_key.get_untracked());
        url_error.set(console.as_ref().err().map(ToString::to_string));
        key_error.set(
            key.is_empty().then(|| "Enter the API key from Global Settings → API.".to_owned()),
        );
        let (Ok(console), false) = (console, key.is_empty()) else { return };
        let mut profile = Profile::new(console, key);
        profile.auth_style = style.get_untracked();
        if let Some(n) = Some(name.get_untracked().trim().to_owned()).filter(|n| !n.is_empty()) {
            profile.name = n;
        }
        // An extension reaches a Console only where the browser lets it (Firefox users can take
        // host access away): ask from this click; it answers at once when access is granted.
        let origin = profile.console.origin().to_owned();
        let asked = platform::ask_host_access(&origin);
        leptos::task::spawn_local(async move {
            let allowed = match asked {
                Some(answer) => platform::granted(answer).await,
                None => true,
            };
            if allowed {
                permission.set(None);
                connect(profile);
            } else {
                permission.set(Some(format!(
                    "The browser did not let the extension reach {origin}. Allow access when asked, or in the extension's settings."
                )));
            }
        });
    };

    let error = Signal::derive(move || {
        let field = url_error.get().or_else(|| key_error.get()).or_else(|| permission.get());
        field.or_else(|| test.error())
    });
    // A web page behind the reverse proxy reaches the Console at its own origin.
    let own_origin = platform::page_origin()
        .filter(|o| o.starts_with("http") && !platform::is_extension_origin(o));
    let heading = move || match editing.get() {
        Some(_) => "Edit the Console",
        None => "Add a Console",
    };

    view! {
        <form class="form" on:submit=submit novalidate>
            <h3>{heading}</h3>
            <div class="field">
                <label for="console_url">"Console URL"</label>
                <input
                    id="console_url"
                    name="console_url"
                    type="text"
                    inputmode="url"
                    autocomplete="url"
                    spellcheck="false"
                    autocapitalize="off"
                    placeholder="https://HASH.canary.tools or HASH"
                    aria-invalid=move || url_error.get().map(|_| "true")
                    aria-describedby="console_url-hint console_url-error"
                    bind:value=console_url
                />
                <p class="hint" id="console_url-hint">
                    "The Console's address or its domain hash (Global Settings → API)."
                    {own_origin.map(|origin| view! {
                        " "
                        <button type="button" class="link" on:click=move |_| console_url.set(origin.clone())>
                            "Use this page's address"
                        </button>
                    })}
                </p>
                <FieldError id="console_url-error" message=url_error/>
            </div>
            <div class="field">
                <label for="auth_token">"API key"</label>
                <SecretInput
                    name="auth_token"
                    value=api_key
                    invalid=Signal::derive(move || key_error.get().is_some())
                    describedby="auth_token-error"
                />
                <FieldError id="auth_token-error" message=key_error/>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="profile_name">"Name (optional)"</label>
                    <input id="profile_name" name="profile_name" type="text" placeholder="The Console's host" bind:value=name/>
                </div>
                <div class="field">
                    <label for="auth_style">"Send the key as"</label>
                    <select
                        id="auth_style"
                        name="auth_style"
                        on:change:target=move |ev| style.set(if ev.target().value() == "param" { AuthStyle::Param } else { AuthStyle::Header })
                    >
                        <option value="header" selected=move || style.get() == AuthStyle::Header>"X-Canary-Auth-Token header"</option>
                        <option value="param" selected=move || style.get() == AuthStyle::Param>"auth_token parameter"</option>
                    </select>
                </div>
            </div>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || test.busy()>"Test connection"</button>
            </div>
        </form>
        <Notices status=Signal::derive(move || test.status()) error/>
    }
}
