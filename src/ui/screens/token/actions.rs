//! What can be done to a token: a new memo, a new (or no) redirect, enable or disable, delete.
//! Each change the Console confirms is applied to the token on screen and to the inventory.

use crate::api::types::Token;
use crate::api::{ApiError, endpoints};
use crate::kinds::{MEMO_MAX, check_memo, check_url};
use crate::ui::app::Screen;
use crate::ui::app::Tokens;
use crate::ui::app::context::{AppContext, Capability};
use crate::ui::app::nav::go;
use crate::ui::parts::task::{Task, TaskNotices};
use crate::ui::parts::widgets::{Checkbox, Confirm, FieldError};
use leptos::prelude::*;

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

#[component]
pub fn MemoEditor(token: RwSignal<Option<Token>>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let memo = RwSignal::new(
        token.with_untracked(|t| t.as_ref().map(|t| t.memo().to_owned()).unwrap_or_default()),
    );
    let problem = RwSignal::new(None::<String>);
    let copies = Copies::of(token);
    let save = Task::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, text) = (token_id(token), memo.get_untracked());
        problem.set(check_memo(&text).err());
        if problem.with_untracked(Option::is_some) {
            return;
        }
        save.run("Saving memo…", async move {
            let answer = ctx.perform(Capability::Edit, endpoints::update_memo(&id, &text)).await?;
            copies.apply(&id, answer.token, |t| t.set("memo", text.as_str()));
            Ok("Memo saved.".into())
        });
    };
    let count = move || memo.with(|m| m.chars().count());
    let over = move || count() > MEMO_MAX;
    view! {
        <form class="action-form" on:submit=submit novalidate>
            <label for="memo">"Memo"</label>
            <textarea
                id="memo"
                name="memo"
                rows="3"
                aria-invalid=move || problem.with(Option::is_some).then_some("true")
                aria-describedby="memo-count memo-error"
                prop:value=move || memo.get()
                on:input:target=move |ev| memo.set(ev.target().value())
            ></textarea>
            <p class="hint" class:over=over id="memo-count">{move || format!("{} / 10,000 characters", count())}</p>
            <FieldError id="memo-error" message=problem/>
            <button type="submit" disabled=move || save.busy() || ctx.refusal(Capability::Edit).is_some()>"Save memo"</button>
            <TaskNotices task=save/>
        </form>
    }
}

#[component]
pub fn RedirectEditor(token: RwSignal<Option<Token>>, removable: bool) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let url = RwSignal::new(token.with_untracked(|t| {
        t.as_ref().and_then(|t| t.redirect_url()).unwrap_or_default().to_owned()
    }));
    let problem = RwSignal::new(None::<String>);
    let copies = Copies::of(token);
    let change = Task::new();
    // `Some(url)` saves that redirect, `None` removes it.
    let apply = move |target: Option<String>| {
        let id = token_id(token);
        change.run("Saving…", async move {
            let answer = match &target {
                Some(url) => {
                    ctx.perform(Capability::Edit, endpoints::update_redirect(&id, url)).await?
                }
                None => ctx.perform(Capability::Edit, endpoints::remove_redirect(&id)).await?,
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
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_url(url.get_untracked().trim()) {
            Ok(valid) => {
                problem.set(None);
                apply(Some(valid));
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    view! {
        <form class="action-form" on:submit=submit novalidate>
            <label for="redirect_url">"Redirect URL"</label>
            <input
                type="url"
                id="redirect_url"
                name="redirect_url"
                placeholder="https://"
                aria-invalid=move || problem.with(Option::is_some).then_some("true")
                aria-describedby="redirect_url-error"
                prop:value=move || url.get()
                on:input:target=move |ev| url.set(ev.target().value())
            />
            <FieldError id="redirect_url-error" message=problem/>
            <div class="actions">
                <button type="submit" disabled=move || change.busy() || ctx.refusal(Capability::Edit).is_some()>"Save redirect URL"</button>
                {removable.then(|| view! {
                    <button type="button" disabled=move || change.busy() || ctx.refusal(Capability::Edit).is_some() on:click=move |_| apply(None)>
                        "Remove redirect"
                    </button>
                })}
            </div>
            <TaskNotices task=change/>
        </form>
    }
}

#[component]
pub fn StateToggle(token: RwSignal<Option<Token>>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let enabled = move || token.with(|t| t.as_ref().is_some_and(Token::enabled));
    let copies = Copies::of(token);
    let toggle = Task::new();
    let flip = move |_| {
        let (id, enable) = (token_id(token), !enabled());
        toggle.run("Saving…", async move {
            let call = if enable { endpoints::enable(&id) } else { endpoints::disable(&id) };
            ctx.perform(Capability::Edit, call).await?;
            copies.apply(&id, None, |t| t.set("enabled", enable));
            Ok(if enable { "Token enabled." } else { "Token disabled." }.into())
        });
    };
    view! {
        <div class="action-form">
            <span>{move || if enabled() { "This token is enabled: it alerts when triggered." } else { "This token is disabled: it does not alert." }}</span>
            <button type="button" disabled=move || toggle.busy() || ctx.refusal(Capability::Edit).is_some() on:click=flip>
                {move || if enabled() { "Disable" } else { "Enable" }}
            </button>
            <TaskNotices task=toggle/>
        </div>
    }
}

/// Delete, confirmed in the page, with the choice to delete the token's alerts too.
#[component]
pub fn DeleteToken(
    token: RwSignal<Option<Token>>,
    alert_count: RwSignal<Option<u64>>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let data = expect_context::<Tokens>();
    let open = RwSignal::new(false);
    let clear = RwSignal::new(false);
    // The Console keeps tokens that have alerts unless they go too: say so, keep the question open.
    let blocked_by_alerts = RwSignal::new(false);
    let delete = Task::new();
    let confirm = move |()| {
        let (id, clear_incidents) = (token_id(token), clear.get_untracked());
        let fired = token.with_untracked(|t| t.as_ref().is_some_and(|t| t.triggered_count() > 0));
        let has_alerts = alert_count.get_untracked().map_or(fired, |n| n > 0);
        delete.run("Deleting…", async move {
            let result =
                ctx.perform(Capability::Delete, endpoints::delete(&id, clear_incidents)).await;
            if let Err(e) = &result
                && refused_for_alerts(e, has_alerts)
            {
                blocked_by_alerts.try_set(true);
                open.try_set(true);
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
    view! {
        <div class="action-form danger">
            <Confirm
                ask="Delete"
                confirm="Confirm delete"
                open
                busy=Signal::derive(move || delete.busy())
                disabled=Signal::derive(move || ctx.refusal(Capability::Delete).is_some())
                on_confirm=confirm
            >
                <p>"Delete this token? Whatever it guards stops alerting. This cannot be undone."</p>
                {move || blocked_by_alerts.get().then(|| view! {
                    <p class="notice notice-alert">"The Console keeps tokens that have alerts. Tick the box below to delete the alerts with the token."</p>
                })}
                {move || alerts_label().map(|label| view! { <Checkbox name="clear_incidents" label value=clear/> })}
            </Confirm>
            <TaskNotices task=delete/>
        </div>
    }
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
