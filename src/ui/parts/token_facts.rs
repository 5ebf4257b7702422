//! What a token needs in order to be planted, as the create result and the token detail show
//! it: its URL or hostname (with Copy and a QR code), the kind's fields and renders as text, and
//! the Download button for kinds that make a file. Everything here is text: renders contain
//! `<script>` snippets and must never become markup.

use super::qr::QrCode;
use super::task::{Task, TaskNotices};
use super::widgets::{CopyButton, SecretText};
use crate::api::endpoints;
use crate::api::types::Token;
use crate::kinds::{Show, fallback_filename, is_secret};
use crate::platform;
use crate::ui::app::{AppContext, Capability, Offered};
use leptos::prelude::*;

#[component]
pub fn TokenFacts(token: Token, kind: Offered) -> impl IntoView {
    let shows = kind.shows();
    let has = |s: Show| shows.contains(&s);
    let url = token.url().filter(|_| has(Show::Url) || has(Show::QrCode)).map(str::to_owned);
    let hostname = token.hostname().filter(|_| has(Show::Hostname)).map(str::to_owned);
    let fields: Vec<_> = shows
        .iter()
        .filter_map(|s| match s {
            Show::Field { key, label, secret } => token.text(key).map(|v| (*label, v, *secret)),
            _ => None,
        })
        .collect();
    let renders: Vec<_> = token
        .renders()
        .into_iter()
        .map(|(key, text)| {
            let known = shows.iter().find_map(|s| match s {
                Show::Render { key: k, label, secret } if *k == key => Some((*label, *secret)),
                _ => None,
            });
            let (label, marked) = known.unwrap_or((key, false));
            (label.to_owned(), text, marked || is_secret(token.kind(), key))
        })
        .collect();
    let download = kind.spec.and_then(|k| k.download).map(|file| {
        view! { <DownloadButton token_id=token.id().to_owned() kind_id=kind.id.clone() description=file.description/> }
    });

    view! {
        <dl class="facts">
            {url.map(|url| view! { <UrlFact url qr_open=has(Show::QrCode)/> })}
            {hostname.map(|host| view! {
                <dt>"Hostname"</dt>
                <dd><code>{host.clone()}</code> " " <CopyButton text=host/></dd>
            })}
            {fields.into_iter().map(|(label, value, secret)| view! {
                <dt>{label}</dt>
                <dd>
                    {if secret {
                        view! { <SecretText value/> }.into_any()
                    } else {
                        view! { <code>{value.clone()}</code> " " <CopyButton text=value/> }.into_any()
                    }}
                </dd>
            }).collect_view()}
        </dl>
        {renders.into_iter().map(|(label, text, secret)| view! {
            <section class="render">
                <h4>{label}</h4>
                {if secret {
                    view! { <SecretText value=text block=true/> }.into_any()
                } else {
                    view! { <pre><code>{text.clone()}</code></pre> <CopyButton text/> }.into_any()
                }}
            </section>
        }).collect_view()}
        {download}
    }
}

/// The URL with Copy, and its QR code on request (or at once for QR-code tokens).
#[component]
fn UrlFact(url: String, qr_open: bool) -> impl IntoView {
    let open = RwSignal::new(qr_open);
    let for_qr = url.clone();
    view! {
        <dt>"URL"</dt>
        <dd>
            <code class="url">{url.clone()}</code>
            " "
            <CopyButton text=url/>
            <button type="button" class="ghost small" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "Hide QR code" } else { "QR code" }}
            </button>
            <Show when=move || open.get()>
                <QrCode text=for_qr.clone() label="QR code of the token URL"/>
            </Show>
        </dd>
    }
}

/// "Download" fetches the token's file and saves it under the Console's name.
#[component]
pub fn DownloadButton(
    token_id: String,
    kind_id: String,
    description: &'static str,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let fetch = Task::new();
    let download = move |_| {
        let (id, fallback) = (token_id.clone(), fallback_filename(&kind_id, &token_id));
        fetch.run("Downloading…", async move {
            let file =
                ctx.perform(Capability::Download, endpoints::download(&id, fallback)).await?;
            platform::save_file(&file);
            Ok(format!("Saved {}.", file.filename))
        });
    };
    view! {
        <div class="download">
            <button
                type="button"
                class="primary"
                disabled=move || fetch.busy() || ctx.refusal(Capability::Download).is_some()
                on:click=download
            >
                "Download"
            </button>
            <span class="hint">" The " {description} " to plant."</span>
            <TaskNotices task=fetch/>
        </div>
    }
}
