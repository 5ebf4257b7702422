//! What can be done to a token: a new memo, a new (or no) redirect, enable or disable, delete.
//! Each change the Console confirms is applied to the token on screen and to the inventory.

use crate::api::types::Token;
use crate::api::{ApiError, endpoints};
use crate::kinds::{MEMO_MAX, check_memo, check_url};
use crate::ui::app::Screen;
use crate::ui::app::Tokens;
use crate::ui::app::context::{AppContext, Capability, Need};
use crate::ui::app::nav::go;
use crate::ui::dom::{El, dynamic, el, fragment, show};
use crate::ui::parts::task::Task;
use crate::ui::parts::widgets::{Confirm, checkbox, field_error};
use leptos::prelude::*;
use web_sys::{Event, Node};

/// Whether the Console refused a delete because the token has alerts: it says so in words, or
/// (as documented) only "Could not delete Canarydrop" while the token has alerts.
fn refused_for_alerts(error: &ApiError, has_alerts: bool) -> bool {
    match error {
        ApiError::Console { message, .. } => {
            let message = message.to_ascii_lowercase();
            message.contains("incident")
                || (has_alerts && message.starts_with("could not delete canarydrop"))
        }
        _ => false,
    }
}

fn token_id(token: RwSignal<Option<Token>>) -> String {
    token.with_untracked(|t| t.as_ref().map(|t| t.id().to_owned()).unwrap_or_default())
}

/// The token as its screen shows it and as the inventory lists it: a change the Console
/// confirms goes to both. Taken while the screen is built; used when the answer comes, by
/// which time the user may have left the screen (so it only writes, and quietly skips a copy
/// that is gone).
#[derive(Clone, Copy)]
pub struct Copies {
    shown: RwSignal<Option<Token>>,
    inventory: Tokens,
}

impl Copies {
    pub fn of(shown: RwSignal<Option<Token>>) -> Self {
        Self { shown, inventory: expect_context() }
    }

    /// Records a confirmed change to token `id`: the Console's new copy of the token when it
    /// sent one, otherwise `change` applied to ours.
    pub fn apply(&self, id: &str, answer: Option<Token>, change: impl Fn(&mut Token)) {
        let confirmed = |t: &mut Token| match &answer {
            Some(fresh) => *t = fresh.clone(),
            None => change(t),
        };
        self.inventory.rows.update(|rows| rows.update(id, confirmed));
        self.shown.try_update(|t| t.as_mut().map(confirmed));
    }
}

/// What an action on `token` needs: `capability` in the token's flock (tracked).
pub fn on_token(
    token: RwSignal<Option<Token>>,
    capability: Capability,
) -> impl Fn() -> Need + Copy {
    move || token.with(|t| capability.in_flock(t.as_ref().map_or("", Token::flock_id)))
}

/// Disables a control while `task` runs or once the Console has refused the key `need`.
fn blocked(task: Task, need: impl Fn() -> Need) -> impl Fn() -> bool {
    let ctx = expect_context::<AppContext>();
    move || task.busy() || ctx.refusal(need()).is_some()
}

/// `aria-invalid` while the field has a problem.
fn invalid(problem: RwSignal<Option<String>>) -> impl Fn() -> Option<String> {
    move || problem.with(Option::is_some).then(|| "true".to_owned())
}

pub fn memo_editor(token: RwSignal<Option<Token>>) -> Node {
    let ctx = expect_context::<AppContext>();
    let memo = RwSignal::new(
        token.with_untracked(|t| t.as_ref().map(|t| t.memo().to_owned()).unwrap_or_default()),
    );
    let problem = RwSignal::new(None::<String>);
    let copies = Copies::of(token);
    let save = Task::new();
    let edit = on_token(token, Capability::Edit);
    let submit = move |ev: Event| {
        ev.prevent_default();
        let (id, text) = (token_id(token), memo.get_untracked());
        problem.set(check_memo(&text).err());
        if problem.with_untracked(Option::is_some) {
            return;
        }
        let need = untrack(edit);
        save.run("Saving memo…", async move {
            let answer = ctx.perform(need, endpoints::update_memo(&id, &text)).await?;
            copies.apply(&id, answer.token, |t| t.set("memo", text.as_str()));
            Ok("Memo saved.".into())
        });
    };
    let count = move || memo.with(|m| m.chars().count());
    let field = el("textarea")
        .id("memo")
        .attr("name", "memo")
        .attr("rows", "3")
        .attr_with("aria-invalid", invalid(problem))
        .attr("aria-describedby", "memo-count memo-error")
        .bind_value(memo);
    let counted = el("p")
        .class("hint")
        .class_when("over", move || count() > MEMO_MAX)
        .id("memo-count")
        .text_with(move || format!("{} / 10,000 characters", count()));
    action_form("action-form")
        .on("submit", submit)
        .child(el("label").attr("for", "memo").text("Memo"))
        .child(field)
        .child(counted)
        .child(field_error("memo-error", move || problem.get()))
        .child(submit_button("Save memo", save, edit))
        .child(save.notices())
        .into()
}

pub fn redirect_editor(token: RwSignal<Option<Token>>, removable: bool) -> Node {
    let ctx = expect_context::<AppContext>();
    let url = RwSignal::new(token.with_untracked(|t| {
        t.as_ref().and_then(|t| t.redirect_url()).unwrap_or_default().to_owned()
    }));
    let problem = RwSignal::new(None::<String>);
    let copies = Copies::of(token);
    let change = Task::new();
    let edit = on_token(token, Capability::Edit);
    // `Some(url)` saves that redirect, `None` removes it.
    let apply = move |target: Option<String>| {
        let (id, need) = (token_id(token), untrack(edit));
        change.run("Saving…", async move {
            let answer = match &target {
                Some(url) => ctx.perform(need, endpoints::update_redirect(&id, url)).await?,
                None => ctx.perform(need, endpoints::remove_redirect(&id)).await?,
            };
            copies.apply(&id, answer.token, |t| match &target {
                Some(url) => t.set("browser_redirect_url", url.as_str()),
                None => t.set("browser_redirect_url", serde_json::Value::Null),
            });
            Ok(match target {
                Some(_) => "Redirect URL saved.".into(),
                None => {
                    url.try_set(String::new());
                    "Redirect removed.".into()
                }
            })
        });
    };
    let submit = move |ev: Event| {
        ev.prevent_default();
        match check_url(url.get_untracked().trim()) {
            Ok(valid) => {
                problem.set(None);
                apply(Some(valid));
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    let field = el("input")
        .attr("type", "url")
        .id("redirect_url")
        .attr("name", "redirect_url")
        .attr("placeholder", "https://")
        .attr_with("aria-invalid", invalid(problem))
        .attr("aria-describedby", "redirect_url-error")
        .bind_value(url);
    let remove = removable.then(|| {
        el("button")
            .attr("type", "button")
            .flag_with("disabled", blocked(change, edit))
            .on_click(move || apply(None))
            .text("Remove redirect")
    });
    let buttons = el("div")
        .class("actions")
        .child(submit_button("Save redirect URL", change, edit))
        .maybe(remove);
    action_form("action-form")
        .on("submit", submit)
        .child(el("label").attr("for", "redirect_url").text("Redirect URL"))
        .child(field)
        .child(field_error("redirect_url-error", move || problem.get()))
        .child(buttons)
        .child(change.notices())
        .into()
}

pub fn state_toggle(token: RwSignal<Option<Token>>) -> Node {
    let ctx = expect_context::<AppContext>();
    let enabled = move || token.with(|t| t.as_ref().is_some_and(Token::enabled));
    let copies = Copies::of(token);
    let toggle = Task::new();
    let edit = on_token(token, Capability::Edit);
    let flip = move || {
        let (id, enable, need) = (token_id(token), !enabled(), untrack(edit));
        toggle.run("Saving…", async move {
            let call = if enable { endpoints::enable(&id) } else { endpoints::disable(&id) };
            ctx.perform(need, call).await?;
            copies.apply(&id, None, |t| t.set("enabled", enable));
            Ok(if enable { "Token enabled." } else { "Token disabled." }.into())
        });
    };
    let said = move || match enabled() {
        true => "This token is enabled: it alerts when triggered.",
        false => "This token is disabled: it does not alert.",
    };
    el("div")
        .class("action-form")
        .child(el("span").text_with(move || said().to_owned()))
        .child(
            el("button")
                .attr("type", "button")
                .flag_with("disabled", blocked(toggle, edit))
                .on_click(flip)
                .text_with(move || if enabled() { "Disable" } else { "Enable" }.to_owned()),
        )
        .child(toggle.notices())
        .into()
}

/// Delete, confirmed in the page, with the choice to delete the token's alerts too.
pub fn delete_token(token: RwSignal<Option<Token>>, alert_count: RwSignal<Option<u64>>) -> Node {
    let ctx = expect_context::<AppContext>();
    let data = expect_context::<Tokens>();
    let question = Confirm::new("Delete", "Confirm delete");
    let clear = RwSignal::new(false);
    // The Console keeps tokens that have alerts unless they go too: say so, keep the question open.
    let blocked_by_alerts = RwSignal::new(false);
    let delete = Task::new();
    let need = on_token(token, Capability::Delete);
    let confirm = move || {
        let (id, clear_incidents, need) = (token_id(token), clear.get_untracked(), untrack(need));
        let fired = token.with_untracked(|t| t.as_ref().is_some_and(|t| t.triggered_count() > 0));
        let has_alerts = alert_count.get_untracked().map_or(fired, |n| n > 0);
        delete.run("Deleting…", async move {
            let result = ctx.perform(need, endpoints::delete(&id, clear_incidents)).await;
            if let Err(e) = &result
                && refused_for_alerts(e, has_alerts)
            {
                blocked_by_alerts.try_set(true);
                question.open.try_set(true);
            }
            result?;
            data.rows.update(|rows| {
                rows.remove(&id);
            });
            data.notice.set(Some(format!("Deleted token {id}.")));
            go(&Screen::Inventory);
            Ok("Deleted.".into())
        });
    };
    // Offered unless the token is known to have no alerts.
    let alerts_label = move || match alert_count.get() {
        Some(0) => None,
        Some(1) => Some("Also delete its alert".to_owned()),
        Some(n) => Some(format!("Also delete its {n} alerts")),
        None => Some("Also delete its alerts, if it has any".to_owned()),
    };
    let refused = || {
        el("p")
            .class("notice notice-alert")
            .text("The Console keeps tokens that have alerts. Tick the box below to delete the alerts with the token.")
            .into()
    };
    let asked = move || {
        fragment([
            el("p")
                .text(
                    "Delete this token? Whatever it guards stops alerting. This cannot be undone.",
                )
                .into(),
            show(move || blocked_by_alerts.get(), refused),
            dynamic(move || {
                alerts_label().map(|label| checkbox("clear_incidents", &label, clear, ""))
            }),
        ])
    };
    el("div")
        .class("action-form danger")
        .child(question.for_task(delete, untrack(need), confirm, asked))
        .into()
}

/// A form whose submit the caller handles; the browser's own checks are off (the fields say
/// what is wrong in words).
pub fn action_form(class: &str) -> El {
    el("form").class(class).attr("novalidate", "")
}

/// The button that submits an action form, disabled as [`blocked`] says.
fn submit_button(words: &str, task: Task, need: impl Fn() -> Need + 'static) -> El {
    el("button").attr("type", "submit").flag_with("disabled", blocked(task, need)).text(words)
}

#[cfg(test)]
mod tests {
    use super::refused_for_alerts;
    use crate::api::ApiError;

    #[test]
    fn a_delete_refused_for_alerts_is_recognised_in_either_wording() {
        let said = |m: &str| ApiError::Console { status: 400, message: m.into() };
        let ours = said(
            "Could not delete Canarydrop: delete its incidents first, or pass clear_incidents=true",
        );
        assert!(refused_for_alerts(&ours, false));
        assert!(refused_for_alerts(&said("Could not delete Canarydrop"), true));
        assert!(!refused_for_alerts(&said("Could not delete Canarydrop"), false));
        assert!(!refused_for_alerts(&ApiError::Status { status: 500 }, true));
    }
}
