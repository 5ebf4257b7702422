//! The profile form: a name, the Console URL, the API key and how it is sent; "Test connection"
//! pings the Console and saves the profile once the Console accepted the key.

use crate::api::endpoints::{self, TokenQuery};
use crate::api::{ApiKey, AuthStyle, ConsoleUrl};
use crate::platform;
use crate::store::Profile;
use crate::ui::app::Screen;
use crate::ui::app::context::AppContext;
use crate::ui::app::nav::go;
use crate::ui::dom::{El, effect, el, fragment, text};
use crate::ui::parts::task::{Failure, Task};
use crate::ui::parts::widgets::{field_error, notices, secret_input, select};
use leptos::prelude::*;
use web_sys::{Event, Node};

/// Which profile the form edits: `None` adds a new one.
pub type Editing = RwSignal<Option<usize>>;

/// What the form holds; it shows a saved profile when one is chosen for editing.
#[derive(Clone, Copy)]
struct Typed {
    name: RwSignal<String>,
    console_url: RwSignal<String>,
    api_key: RwSignal<String>,
    /// `header` or `param`, as the select names them.
    style: RwSignal<String>,
}

impl Typed {
    fn new() -> Self {
        let empty = || RwSignal::new(String::new());
        Self { name: empty(), console_url: empty(), api_key: empty(), style: empty() }
    }

    fn fill(self, profile: Option<Profile>) {
        self.name.set(profile.as_ref().map(|p| p.name.clone()).unwrap_or_default());
        self.console_url.set(profile.as_ref().map(|p| p.console.to_string()).unwrap_or_default());
        self.api_key.set(profile.as_ref().map(|p| p.key.expose().to_owned()).unwrap_or_default());
        let param = profile.is_some_and(|p| p.auth_style == AuthStyle::Param);
        self.style.set(if param { "param" } else { "header" }.to_owned());
    }
}

pub fn profile_form(editing: Editing) -> Node {
    let ctx = expect_context::<AppContext>();
    let typed = Typed::new();
    // The profile chosen for editing (at first the one in use) fills the form.
    effect(move || {
        let index = editing.get();
        typed.fill(index.and_then(|i| ctx.settings.with_untracked(|s| s.profiles.get(i).cloned())));
    });
    let url_error = RwSignal::new(None::<String>);
    let key_error = RwSignal::new(None::<String>);
    let permission = RwSignal::new(None::<String>);
    let test = Task::new();

    let submit = move |ev: Event| {
        ev.prevent_default();
        if test.busy_untracked() {
            return;
        }
        let console = ConsoleUrl::parse(&typed.console_url.get_untracked());
        let key = ApiKey::new(typed.api_key.get_untracked());
        url_error.set(console.as_ref().err().map(ToString::to_string));
        key_error.set(
            key.is_empty().then(|| "Enter the API key from Global Settings → API.".to_owned()),
        );
        let (Ok(console), false) = (console, key.is_empty()) else { return };
        let mut profile = Profile::new(console, key);
        if typed.style.with_untracked(|s| s == "param") {
            profile.auth_style = AuthStyle::Param;
        }
        let name = typed.name.get_untracked().trim().to_owned();
        if !name.is_empty() {
            profile.name = name;
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
                connect(ctx, editing, test, profile);
            } else {
                permission.set(Some(format!(
                    "The browser did not let the extension reach {origin}. Allow access when asked, or in the extension's settings."
                )));
            }
        });
    };

    let error = move || {
        let field = url_error.get().or_else(|| key_error.get()).or_else(|| permission.get());
        field.or_else(|| test.error())
    };
    let heading = move || match editing.get() {
        Some(_) => "Edit the Console",
        None => "Add a Console",
    };
    let submit_button = el("button")
        .attr("type", "submit")
        .class("primary")
        .flag_with("disabled", move || test.busy())
        .text("Test connection");
    let form = el("form")
        .class("form")
        .attr("novalidate", "")
        .on("submit", submit)
        .child(el("h3").text_with(move || heading().to_owned()))
        .child(console_url_field(typed.console_url, url_error))
        .child(key_field(typed.api_key, key_error))
        .child(name_and_style(typed))
        .child(el("div").class("actions").child(submit_button));
    fragment([form.into(), notices(move || test.status(), error)])
}

/// Checks the key on the Console (`ping` is what every key may call: a deploy key may be
/// refused the kind list), saves the profile, and on the first connect goes to work: the
/// inventory, or Create when the Console has no tokens (or the key may not list them).
fn connect(ctx: AppContext, editing: Editing, test: Task, profile: Profile) {
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
}

fn key_field(api_key: RwSignal<String>, error: RwSignal<Option<String>>) -> Node {
    let invalid = move || error.get().is_some();
    field("auth_token", "API key")
        .child(secret_input("auth_token", api_key, invalid, Some("auth_token-error")))
        .child(field_error("auth_token-error", move || error.get()))
        .into()
}

/// The profile's name, and how the key is sent.
fn name_and_style(typed: Typed) -> Node {
    let name = el("input")
        .id("profile_name")
        .attr("name", "profile_name")
        .attr("type", "text")
        .attr("placeholder", "The Console's host")
        .bind_value(typed.name);
    let styles = [("header", "X-Canary-Auth-Token header"), ("param", "auth_token parameter")];
    let styles = styles.map(|(value, label)| (value.to_owned(), label.to_owned()));
    el("div")
        .class("field-row")
        .child(field("profile_name", "Name (optional)").child(name))
        .child(
            field("auth_style", "Send the key as")
                .child(select("auth_style", styles, typed.style).id("auth_style")),
        )
        .into()
}

/// A `.field` with its label.
fn field(id: &str, label: &str) -> El {
    el("div").class("field").child(el("label").attr("for", id).text(label))
}

/// The Console URL, with a button that fills in this page's address where the page is served
/// beside the Console.
fn console_url_field(console_url: RwSignal<String>, error: RwSignal<Option<String>>) -> Node {
    // A web page behind the reverse proxy reaches the Console at its own origin.
    let own_origin = platform::page_origin()
        .filter(|o| o.starts_with("http") && !platform::is_extension_origin(o));
    let use_origin = own_origin.map(|origin| {
        el("button")
            .attr("type", "button")
            .class("link")
            .on_click(move || console_url.set(origin.clone()))
            .text("Use this page's address")
    });
    let input = el("input")
        .id("console_url")
        .attr("name", "console_url")
        .attr("type", "text")
        .attr("inputmode", "url")
        .attr("autocomplete", "url")
        .attr("spellcheck", "false")
        .attr("autocapitalize", "off")
        .attr("placeholder", "https://HASH.canary.tools or HASH")
        .attr_with("aria-invalid", move || error.get().map(|_| "true".to_owned()))
        .attr("aria-describedby", "console_url-hint console_url-error")
        .bind_value(console_url);
    let hint = el("p")
        .class("hint")
        .id("console_url-hint")
        .text("The Console's address or its domain hash (Global Settings → API).")
        .maybe(use_origin.map(|button| fragment([text(" "), button.into()])));
    field("console_url", "Console URL")
        .child(input)
        .child(hint)
        .child(field_error("console_url-error", move || error.get()))
        .into()
}
