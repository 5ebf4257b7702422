//! The one form every kind uses: memo, flock, custom domain and the kind's own fields from the
//! catalog. A failed check or a refused request keeps every value and attached file.

use super::Kept;
use crate::api::endpoints;
use crate::api::types::Token;
use crate::kinds::{Creation, Draft, MEMO_MAX, Problem};
use crate::ui::app::console_info::{ConsoleInfo, Offered};
use crate::ui::app::context::{AppContext, Capability};
use crate::ui::app::nav::go;
use crate::ui::app::{Page, Screen};
use crate::ui::dom::{el, fragment};
use crate::ui::parts::fields::{FieldState, field_input, placement_selects};
use crate::ui::parts::task::Task;
use crate::ui::parts::widgets::{field_error, notices, refused};
use leptos::prelude::*;
use std::rc::Rc;
use web_sys::{Event, Node};

/// The form for `kind`, then its status and alert lines. `on_created` gets the new token.
pub fn token_form(
    kind: Offered,
    info: ConsoleInfo,
    kept: Kept,
    on_created: impl Fn((Token, Offered)) + 'static,
) -> Node {
    let ctx = expect_context::<AppContext>();
    // Parameters this Console does not take (its feature is off) are left out: never sent.
    let fields: Vec<_> = kind
        .spec
        .map_or(&[][..], |k| k.fields)
        .iter()
        .filter(|f| f.offered_with(&info.features))
        .map(|f| (f, FieldState::new(f)))
        .collect();
    let problems = RwSignal::new(Vec::<Problem>::new());
    let problem = move |name: &'static str| {
        move || problems.with(|ps| ps.iter().find(|p| p.field == name).map(|p| p.message.clone()))
    };
    let controls: Vec<_> =
        fields.iter().map(|&(f, state)| field_input(f, state, problem(f.name))).collect();

    let create = Task::new();
    let on_created = Rc::new(on_created);
    // A flock-bound key is refused outside its flock: a refusal holds for the flock picked.
    let need = move || Capability::Create.in_flock(&kept.flock.get());
    let send = move |token: endpoints::NewToken, kind: Offered| {
        let on_created = on_created.clone();
        let need = untrack(need);
        create.run("Creating token…", async move {
            match ctx.perform(need, endpoints::create(&token)).await {
                // Left before the answer: the token is made and the inventory will list it.
                Ok(created) => {
                    on_created((created.token, kind));
                    Ok(String::new())
                }
                Err(e) => {
                    let field = e.field().map(|field| Problem { field, message: e.to_string() });
                    problems.try_set(field.into_iter().collect());
                    Err(e.into())
                }
            }
        });
    };

    let (kind_id, offered) = (kind.id.clone(), kind.clone());
    let unavailable = why_unavailable(&kind, &info);
    let blocked = unavailable.is_some();
    let submit = move |ev: Event| {
        ev.prevent_default();
        if create.busy_untracked() || blocked {
            return;
        }
        let draft = Draft {
            kind: kind_id.clone(),
            memo: kept.memo.get_untracked(),
            flock_id: Some(kept.flock.get_untracked()),
            custom_domain: Some(kept.domain.get_untracked()),
            values: fields.iter().map(|(f, s)| (f.name, s.value())).collect(),
        };
        match draft.prepare() {
            Ok(token) => {
                problems.set(Vec::new());
                send(token, offered.clone());
            }
            Err(found) => problems.set(found),
        }
    };

    let error = move || {
        let listed =
            problems.with(|ps| ps.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("\n"));
        if !listed.is_empty() {
            return Some(listed);
        }
        create.error()
    };
    // Factory strings and mail tokens are made on the workbench, where this Console offers
    // them (otherwise `why_unavailable` says it does not).
    let elsewhere = workbench_link(&kind, &info);
    let flocks = info.flocks.clone().unwrap_or_default();
    let domains = info.domains.clone().unwrap_or_default();
    let create_button = el("button")
        .attr("type", "submit")
        .class("primary")
        .flag_with("disabled", move || create.busy() || blocked || ctx.refusal(need()).is_some())
        .text("Create token");

    let form = el("form")
        .class("form")
        .attr("novalidate", "")
        .on("submit", submit)
        .maybe(unavailable.map(|why| el("p").class("notice notice-alert").text(&why)))
        .maybe(elsewhere)
        .child(memo_field(kept.memo, problem("memo")))
        .children(controls)
        .child(placement_selects(kept.flock, kept.domain, flocks, domains))
        .child(refused(need))
        .child(el("div").class("actions").child(create_button));
    fragment([form.into(), notices(move || create.status(), error)])
}

/// Why this form cannot make `kind` here, if it cannot: this Console does not offer the kind
/// (its feature flag is off), or only a flow of its own makes it.
fn why_unavailable(kind: &Offered, info: &ConsoleInfo) -> Option<String> {
    let spec = kind.spec?;
    if let Some(flag) = info.features.missing(spec.needs_feature) {
        let label = spec.label;
        return Some(format!("This Console does not offer “{label}” (its feature {flag} is off)."));
    }
    spec.creation.refusal()
}

/// The way to the workbench screen that makes what this form does not, where this Console
/// offers it: factory strings, a provider's mail tokens.
fn workbench_link(kind: &Offered, info: &ConsoleInfo) -> Option<Node> {
    let spec = kind.spec.filter(|k| k.offered_with(&info.features))?;
    let (screen, words) = match spec.creation {
        Creation::MailFlow(provider) => {
            (Screen::Mail(provider), format!("Open the {} flow", provider.label()))
        }
        _ if spec.id == "tokenfactory" => {
            (Screen::Advanced, "Open Canarytoken factory strings".to_owned())
        }
        _ => return None,
    };
    let link = el("a")
        .attr("href", &screen.href(Page::here()))
        .on("click", move |ev: Event| {
            ev.prevent_default();
            go(&screen);
        })
        .text(&words);
    Some(el("p").child(link).into())
}

/// The memo, with its length against the Console's limit and its error line.
fn memo_field(
    memo: RwSignal<String>,
    problem: impl Fn() -> Option<String> + Copy + 'static,
) -> Node {
    let count = move || memo.with(|m| m.chars().count());
    let over = move || count() > MEMO_MAX;
    let textarea = el("textarea")
        .id("memo")
        .attr("name", "memo")
        .attr("rows", "3")
        .attr(
            "placeholder",
            "Where this token will be placed, e.g. “Finance share: Salaries 2026.docx”",
        )
        .attr_with("aria-invalid", move || {
            (problem().is_some() || over()).then(|| "true".to_owned())
        })
        .attr("aria-describedby", "memo-count memo-error")
        .bind_value(memo);
    let counter = el("p")
        .class("hint")
        .class_when("over", over)
        .id("memo-count")
        .text_with(move || format!("{} / 10,000 characters", count()));
    el("div")
        .class("field")
        .child(el("label").attr("for", "memo").text("Memo"))
        .child(textarea)
        .child(counter)
        .child(field_error("memo-error", problem))
        .into()
}
