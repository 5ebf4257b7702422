//! The connect screen: Console URL and API key, "Test connection" (ping, then the kinds this
//! Console offers), and the profile saved once the Console has accepted the key.

use super::context::AppContext;
use super::widgets::{FieldError, Notices, SecretInput};
use crate::api::{ApiError, ApiKey, ConsoleUrl, endpoints};
use crate::platform;
use crate::store::{Profile, StoreError};
use leptos::prelude::*;

/// What a connection test found.
struct Connected {
    host: String,
    kinds: Vec<(String, String)>,
    saved: Result<(), StoreError>,
}

#[component]
pub fn ConnectScreen() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let saved = ctx.settings.with_untracked(|s| s.active_profile().cloned());
    let console_url =
        RwSignal::new(saved.as_ref().map(|p| p.console.to_string()).unwrap_or_default());
    let api_key = RwSignal::new(saved.map(|p| p.key.expose().to_owned()).unwrap_or_default());
    let url_error = RwSignal::new(None::<String>);
    let key_error = RwSignal::new(None::<String>);

    let test = Action::new_local(move |profile: &Profile| {
        let profile = profile.clone();
        async move {
            let client = ctx.client(&profile);
            client.send(endpoints::ping()).await?;
            let kinds = client.send(endpoints::list_kinds()).await?;
            let host = profile.console.host().to_owned();
            ctx.settings.update(|s| s.use_profile(profile));
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
        if let (Ok(console), false) = (console, key.is_empty()) {
            test.dispatch_local(Profile::new(console, key));
        }
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
        let field = url_error.get().or_else(|| key_error.get());
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

    view! {
        <section class="screen" aria-labelledby="connect-title">
            <h2 id="connect-title">"Connect to your Console"</h2>
            <form class="form" on:submit=submit novalidate>
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
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || test.pending().get()>
                        "Test connection"
                    </button>
                </div>
            </form>
            <Notices status error/>
            {move || kinds().map(|kinds| view! {
                <h3>"Token kinds on this Console (" {kinds.len()} ")"</h3>
                <ul class="kinds">
                    {kinds.into_iter().map(|(id, label)| view! {
                        <li><span>{label}</span> " " <code>{id}</code></li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
