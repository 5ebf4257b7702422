//! The profile form: a name, the Console URL, the API key and how it is sent; "Test connection"
//! pings the Console, lists its kinds, and saves the profile once the Console accepted the key.

use crate::api::{ApiError, ApiKey, AuthStyle, ConsoleUrl, endpoints};
use crate::platform;
use crate::store::{Profile, StoreError};
use crate::ui::app::context::AppContext;
use crate::ui::parts::widgets::{FieldError, Notices, SecretInput};
use leptos::prelude::*;

/// What a connection test found.
struct Connected {
    host: String,
    kinds: Vec<(String, String)>,
    saved: Result<(), StoreError>,
}

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

    let test = Action::new_local(move |profile: &Profile| {
        // The slot edited when the button was pressed: the screen may be gone at the answer.
        let (profile, index) = (profile.clone(), editing.get_untracked());
        async move {
            let client = ctx.client(&profile);
            client.send(endpoints::ping()).await?;
            let kinds = client.send(endpoints::list_kinds()).await?;
            let host = profile.console.host().to_owned();
            ctx.settings.update(|s| match index {
                Some(index) => s.replace_profile(index, profile),
                None => s.use_profile(profile),
            });
            editing.set(ctx.settings.with_untracked(|s| s.active));
            Ok::<_, ApiError>(Connected {
                host,
                kinds: kinds
                    .by_label()
                    .into_iter()
                    .map(|(id, l)| (id.to_owned(), l.to_owned()))
                    .collect(),
                saved: ctx.save().await,
            })
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if test.pending().get_untracked() {
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
                test.dispatch_local(profile);
            } else {
                permission.set(Some(format!(
                    "The browser did not let the extension reach {origin}. Allow access when asked, or in the extension's settings."
                )));
            }
        });
    };

    let status = Signal::derive(move || {
        if test.pending().get() {
            return Some("Testing connection…".to_owned());
        }
        test.value().with(|v| match v {
            Some(Ok(c)) if c.saved.is_ok() => {
                Some(format!("Connected to {}. Profile saved.", c.host))
            }
            Some(Ok(c)) => Some(format!("Connected to {}.", c.host)),
            _ => None,
        })
    });
    let error = Signal::derive(move || {
        let field = url_error.get().or_else(|| key_error.get()).or_else(|| permission.get());
        if field.is_some() || test.pending().get() {
            return field;
        }
        test.value().with(|v| match v {
            Some(Err(e)) => Some(e.to_string()),
            Some(Ok(Connected { saved: Err(e), .. })) => Some(e.to_string()),
            _ => None,
        })
    });
    let kinds = move || {
        test.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(|c| c.kinds.clone()))
    };
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
                <button type="submit" class="primary" disabled=move || test.pending().get()>"Test connection"</button>
            </div>
        </form>
        <Notices status error/>
        {move || kinds().map(|kinds| view! {
            <h3>"Token kinds on this Console (" {kinds.len()} ")"</h3>
            <ul class="kinds">
                {kinds.into_iter().map(|(id, label)| view! { <li><span>{label}</span> " " <code>{id}</code></li> }).collect_view()}
            </ul>
        })}
    }
}
