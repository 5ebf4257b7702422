//! What a token needs in order to be planted, as the create result and the token detail show
//! it: its URL or hostname (with Copy and a QR code), the kind's fields and renders as text, and
//! the Download button for kinds that make a file. Everything here is text: renders contain
//! `<script>` snippets and must never become markup.

use super::qr::qr_code;
use super::task::Task;
use super::widgets::{copy_button, secret_text};
use crate::api::endpoints;
use crate::api::types::Token;
use crate::kinds::{Show, fallback_filename, is_secret};
use crate::platform;
use crate::ui::app::{AppContext, Capability, Offered};
use crate::ui::dom::{El, el, fragment, text};
use leptos::prelude::*;
use web_sys::Node;

/// The facts list, the renders and the Download button of `token`, as `kind` shows them.
pub fn token_facts(token: Token, kind: Offered) -> Node {
    let shows = kind.shows();
    let has = |s: Show| shows.contains(&s);
    let url = token.url().filter(|_| has(Show::Url) || has(Show::QrCode)).map(str::to_owned);
    let hostname = token.hostname().filter(|_| has(Show::Hostname)).map(str::to_owned);
    let fields = shows.iter().filter_map(|s| match s {
        Show::Field { key, label, secret } => token.text(key).map(|v| fact(label, v, *secret)),
        _ => None,
    });
    let facts = el("dl")
        .class("facts")
        .maybe(url.map(|url| url_fact(url, has(Show::QrCode))))
        .maybe(hostname.map(|host| fact("Hostname", host, false)))
        .children(fields);
    let renders = token.renders().into_iter().map(|(key, text)| {
        let known = shows.iter().find_map(|s| match s {
            Show::Render { key: k, label, secret } if *k == key => Some((*label, *secret)),
            _ => None,
        });
        let (label, marked) = known.unwrap_or((key, false));
        render(label, text, marked || is_secret(token.kind(), key))
    });
    let download = kind
        .spec
        .and_then(|k| k.download)
        .map(|file| download_button(&token, kind.id.clone(), file.description));
    fragment(std::iter::once(facts.into()).chain(renders).chain(download))
}

/// One `<dt>`/`<dd>` pair: a secret as dots until revealed, anything else as code with Copy.
fn fact(label: &str, value: String, secret: bool) -> Node {
    let shown = if secret { secret_text(value, false) } else { copyable(el("code"), value) };
    fragment([el("dt").text(label).into(), el("dd").child(shown).into()])
}

/// `value` in `code`, then Copy.
fn copyable(code: El, value: String) -> Node {
    fragment([code.text(&value).into(), text(" "), copy_button(value)])
}

/// A render (a snippet, a config file) under its label: preformatted with Copy, or a secret.
fn render(label: &str, value: String, secret: bool) -> Node {
    let shown = if secret {
        secret_text(value, true)
    } else {
        fragment([el("pre").child(el("code").text(&value)).into(), copy_button(value)])
    };
    el("section").class("render").child(el("h4").text(label)).child(shown).into()
}

/// The URL with Copy, and its QR code on request (or at once for QR-code tokens).
fn url_fact(url: String, qr_open: bool) -> Node {
    let open = RwSignal::new(qr_open);
    let toggle = el("button")
        .attr("type", "button")
        .class("ghost small")
        .attr_with("aria-expanded", move || Some(open.get().to_string()))
        .on_click(move || open.update(|o| *o = !*o))
        .text_with(move || if open.get() { "Hide QR code" } else { "QR code" }.into());
    let code = copyable(el("code").class("url"), url.clone());
    let qr = move || open.get().then(|| qr_code(&url, "QR code of the token URL")).flatten();
    let dd = el("dd").child(code).child(toggle).dynamic(qr);
    fragment([el("dt").text("URL").into(), dd.into()])
}

/// "Download" fetches the token's file and saves it under the Console's name.
fn download_button(token: &Token, kind_id: String, description: &'static str) -> Node {
    let ctx = expect_context::<AppContext>();
    let fetch = Task::new();
    let need = Capability::Download.in_flock(token.flock_id());
    let token_id = token.id().to_owned();
    let refused = {
        let need = need.clone();
        move || ctx.refusal(need.clone()).is_some()
    };
    let download = move || {
        let (id, fallback) = (token_id.clone(), fallback_filename(&kind_id, &token_id));
        let need = need.clone();
        fetch.run("Downloading…", async move {
            let file = ctx.perform(need, endpoints::download(&id, fallback)).await?;
            platform::save_file(&file);
            Ok(format!("Saved {}.", file.filename))
        });
    };
    let button = el("button")
        .attr("type", "button")
        .class("primary")
        .flag_with("disabled", move || fetch.busy() || refused())
        .on_click(download)
        .text("Download");
    el("div")
        .class("download")
        .child(button)
        .child(el("span").class("hint").text(&format!(" The {description} to plant.")))
        .child(fetch.notices())
        .into()
}
