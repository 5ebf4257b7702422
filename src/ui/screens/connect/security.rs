//! How the API keys are kept: remembered on this device or for this session only, optionally
//! locked with a passphrase (and again after idle minutes), or forgotten everywhere.

use crate::store::{Persistence, Settings, Vault};
use crate::ui::app::Screen;
use crate::ui::app::context::AppContext;
use crate::ui::app::nav::go;
use crate::ui::dom::{El, el, fragment, show};
use crate::ui::parts::task::Task;
use crate::ui::parts::widgets::{Confirm, button, field_error, options};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::{Event, Node};

/// Something to do to the vault, with the settings it keeps.
#[derive(Clone)]
enum Change {
    Keep(Persistence),
    Passphrase(Option<String>),
    LockAfter(u32),
    ForgetAll,
}

/// The panel's state: how the vault keeps the keys, and the passphrase being typed.
#[derive(Clone, Copy)]
struct Keeping {
    ctx: AppContext,
    task: Task,
    persistence: RwSignal<Persistence>,
    protected: RwSignal<bool>,
    passphrase: RwSignal<String>,
    repeat: RwSignal<String>,
}

pub fn security() -> Node {
    let ctx = expect_context::<AppContext>();
    let vault = ctx.vault();
    let keeping = Keeping {
        ctx,
        task: Task::new(),
        persistence: RwSignal::new(vault.persistence()),
        protected: RwSignal::new(vault.has_passphrase()),
        passphrase: RwSignal::new(String::new()),
        repeat: RwSignal::new(String::new()),
    };
    let no_crypto = (!Vault::crypto_available()).then(|| {
        el("p").class("hint").text("A passphrase lock needs WebCrypto, which browsers offer only to secure pages: open the app over HTTPS, or use the browser extension.")
    });
    let question = || {
        el("p")
            .text("Forget every Console, API key and setting this app stored on this device?")
            .into()
    };
    let forget = Confirm::new("Forget all", "Confirm forget all").build(
        move || keeping.task.busy(),
        || false,
        move || keeping.apply(Change::ForgetAll),
        question,
    );
    el("section")
        .class("panel")
        .attr("aria-labelledby", "security-title")
        .child(el("h3").id("security-title").text("Keeping the API keys"))
        .child(keeping.persistence_choices())
        .maybe(no_crypto)
        .child(keeping.passphrase_form())
        .child(el("div").class("action-form danger").child(forget))
        .child(keeping.task.notices())
        .into()
}

impl Keeping {
    fn apply(self, change: Change) {
        let Self { ctx, task, persistence, protected, passphrase, repeat } = self;
        let (vault, settings) = (ctx.vault(), ctx.settings.get_untracked());
        task.run("Saving…", async move {
            let done = match change {
                Change::Keep(p) => {
                    vault.set_persistence(p, &settings).await?;
                    persistence.try_set(p);
                    match p {
                        Persistence::Remember => "The keys are remembered on this device.",
                        Persistence::Session => "The keys are kept for this browser session only.",
                    }
                }
                Change::Passphrase(p) => {
                    vault.set_passphrase(p.as_deref(), &settings).await?;
                    protected.try_set(p.is_some());
                    passphrase.try_set(String::new());
                    repeat.try_set(String::new());
                    if p.is_some() {
                        "The settings are locked with the passphrase."
                    } else {
                        "The passphrase is removed."
                    }
                }
                Change::LockAfter(minutes) => {
                    ctx.settings.update(|s| s.lock_after_minutes = minutes);
                    ctx.save().await?;
                    "Saved."
                }
                Change::ForgetAll => {
                    vault.forget_all().await?;
                    ctx.settings.set(Settings::default());
                    protected.try_set(false);
                    go(&Screen::Connect);
                    "Everything this app stored on this device is forgotten."
                }
            };
            Ok(done.to_owned())
        });
    }

    /// Remembered on this device, or for this session only.
    fn persistence_choices(self) -> Node {
        el("fieldset")
            .class("choices")
            .child(el("legend").text("Keep them"))
            .child(self.persistence_choice(Persistence::Remember, " Remember on this device"))
            .child(self.persistence_choice(
                Persistence::Session,
                " This session only (forgotten when the browser closes)",
            ))
            .into()
    }

    fn persistence_choice(self, kept: Persistence, label: &str) -> Node {
        let value = match kept {
            Persistence::Remember => "remember",
            Persistence::Session => "session",
        };
        let input = el("input")
            .attr("type", "radio")
            .attr("name", "persistence")
            .attr("value", value)
            .prop_with("checked", move || JsValue::from_bool(self.persistence.get() == kept))
            .on("change", move |_| self.apply(Change::Keep(kept)));
        el("label").class("check").child(input).text(label).into()
    }

    /// Sets, changes or removes the passphrase; with one, "Lock now" and the idle lock.
    fn passphrase_form(self) -> Node {
        let Self { ctx, task, protected, passphrase, repeat, .. } = self;
        let problem = RwSignal::new(None::<String>);
        let set_passphrase = move |ev: Event| {
            ev.prevent_default();
            let (p, r) = (passphrase.get_untracked(), repeat.get_untracked());
            problem.set(if p.is_empty() {
                Some("Enter a passphrase.".to_owned())
            } else if p != r {
                Some("The two passphrases differ.".to_owned())
            } else {
                None
            });
            if problem.with_untracked(Option::is_none) {
                self.apply(Change::Passphrase(Some(p)));
            }
        };
        let heading = move || {
            if protected.get() { "Change the passphrase" } else { "Lock with a passphrase" }.into()
        };
        let submit = el("button")
            .attr("type", "submit")
            .flag_with("disabled", move || task.busy())
            .text_with(move || {
                if protected.get() { "Change passphrase" } else { "Set passphrase" }.into()
            });
        let protected_actions = move || {
            fragment([
                button("", "Remove passphrase")
                    .on_click(move || self.apply(Change::Passphrase(None)))
                    .into(),
                button("", "Lock now").on_click(move || ctx.lock()).into(),
            ])
        };
        el("form")
            .class("action-form")
            .attr("novalidate", "")
            .on("submit", set_passphrase)
            .child(el("h4").text_with(heading))
            .child(
                el("div")
                    .class("field-row")
                    .child(new_password("passphrase", "Passphrase", passphrase))
                    .child(new_password("passphrase_repeat", "Repeat it", repeat)),
            )
            .child(field_error("passphrase-error", move || problem.get()))
            .child(
                el("div")
                    .class("actions")
                    .child(submit)
                    .child(show(move || protected.get(), protected_actions)),
            )
            .child(show(move || protected.get(), move || self.lock_after_field()))
            .into()
    }

    /// How long the app may sit idle before it locks itself.
    fn lock_after_field(self) -> Node {
        let settings = self.ctx.settings;
        let lock_after = move || settings.with(|s| s.lock_after_minutes).to_string();
        let minutes = [
            (0, "Never"),
            (5, "5 minutes"),
            (15, "15 minutes"),
            (30, "30 minutes"),
            (60, "1 hour"),
        ];
        let minutes = minutes.map(|(m, label)| (m.to_string(), label.to_owned()));
        let select = el("select")
            .id("lock_after_minutes")
            .attr("name", "lock_after_minutes")
            .child(options(minutes, &untrack(lock_after)))
            .prop_with("value", move || JsValue::from_str(&lock_after()))
            .on_value("change", move |m| self.apply(Change::LockAfter(m.parse().unwrap_or(0))));
        el("div")
            .class("field")
            .child(el("label").attr("for", "lock_after_minutes").text("Lock when idle for"))
            .child(select)
            .into()
    }
}

/// A labelled new-password field bound to `value`.
fn new_password(name: &str, label: &str, value: RwSignal<String>) -> El {
    let input = el("input")
        .id(name)
        .attr("name", name)
        .attr("type", "password")
        .attr("autocomplete", "new-password")
        .bind_value(value);
    el("div").class("field").child(el("label").attr("for", name).text(label)).child(input)
}
