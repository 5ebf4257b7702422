//! What can be done to a token: a new memo, a new (or no) redirect, enable or disable, delete.
//! Each change the Console confirms is applied to the token on screen and to the inventory.

use crate::api::types::Token;
use crate::api::{ApiError, endpoints};
use crate::kinds::{MEMO_MAX, check_memo, check_url};
use crate::ui::app::Screen;
use crate::ui::app::Tokens;
use crate::ui::app::context::{AppContext, Capability};
use crate::ui::app::nav::go;
use crate::ui::parts::widgets::{Checkbox, Confirm, FieldError, feedback};
use leptos::prelude::*;

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
    let save = Action::new_local(move |memo: &String| {
        let (id, memo) = (token_id(token), memo.clone());
        async move {
            let answer = ctx.perform(Capability::Edit, endpoints::update_memo(&id, &memo)).await?;
            copies.apply(&id, answer.token, |t| t.set("memo", memo.as_str()));
            Ok(())
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = memo.get_untracked();
        problem.set(check_memo(&text).err());
        if problem.with_untracked(Option::is_none) && !save.pending().get_untracked() {
            save.dispatch_local(text);
        }
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
            <button type="submit" disabled=move || save.pending().get() || ctx.refusal(Capability::Edit).is_some()>"Save memo"</button>
            {feedback(save, "Saving memo…", |_| "Memo saved.".to_owned())}
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
    // `Some(url)` saves that redirect, `None` removes it.
    let change = Action::new_local(move |target: &Option<String>| {
        let (id, target) = (token_id(token), target.clone());
        async move {
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
            if target.is_none() {
                url.set(String::new());
            }
            Ok(target.is_some())
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_url(url.get_untracked().trim()) {
            Ok(valid) => {
                problem.set(None);
                change.dispatch_local(Some(valid));
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
                <button type="submit" disabled=move || change.pending().get() || ctx.refusal(Capability::Edit).is_some()>"Save redirect URL"</button>
                {removable.then(|| view! {
                    <button type="button" disabled=move || change.pending().get() || ctx.refusal(Capability::Edit).is_some() on:click=move |_| drop(change.dispatch_local(None))>
                        "Remove redirect"
                    </button>
                })}
            </div>
            {feedback(change, "Saving…", |saved| if *saved { "Redirect URL saved." } else { "Redirect removed." }.to_owned())}
        </form>
    }
}

#[component]
pub fn StateToggle(token: RwSignal<Option<Token>>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let enabled = move || token.with(|t| t.as_ref().is_some_and(Token::enabled));
    let copies = Copies::of(token);
    let toggle = Action::new_local(move |enable: &bool| {
        let (id, enable) = (token_id(token), *enable);
        async move {
            let call = if enable { endpoints::enable(&id) } else { endpoints::disable(&id) };
            ctx.perform(Capability::Edit, call).await?;
            copies.apply(&id, None, |t| t.set("enabled", enable));
            Ok(enable)
        }
    });
    view! {
        <div class="action-form">
            <span>{move || if enabled() { "This token is enabled: it alerts when triggered." } else { "This token is disabled: it does not alert." }}</span>
            <button type="button" disabled=move || toggle.pending().get() || ctx.refusal(Capability::Edit).is_some() on:click=move |_| drop(toggle.dispatch_local(!enabled()))>
                {move || if enabled() { "Disable" } else { "Enable" }}
            </button>
            {feedback(toggle, "Saving…", |on| if *on { "Token enabled." } else { "Token disabled." }.to_owned())}
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
    let delete = Action::new_local(move |clear_incidents: &bool| {
        let (id, clear_incidents) = (token_id(token), *clear_incidents);
        async move {
            ctx.perform(Capability::Delete, endpoints::delete(&id, clear_incidents)).await?;
            data.rows.update(|rows| {
                rows.remove(&id);
            });
            data.notice.set(Some(format!("Deleted token {id}.")));
            go(&Screen::Inventory);
            Ok(())
        }
    });
    // The Console keeps tokens that have alerts unless they go too: say so, keep the question open.
    let blocked_by_alerts = move || {
        delete.value().with(|v| matches!(v, Some(Err(ApiError::Console { message, .. })) if message.to_ascii_lowercase().contains("incident")))
    };
    Effect::new(move |_| {
        if blocked_by_alerts() {
            open.set(true);
        }
    });
    let alerts_label = move || match alert_count.get() {
        Some(1) => "Also delete its alert".to_owned(),
        Some(n) => format!("Also delete its {n} alerts"),
        None => "Also delete its alerts".to_owned(),
    };
    view! {
        <div class="action-form danger">
            <Confirm
                ask="Delete"
                confirm="Confirm delete"
                open
                busy=delete.pending()
                disabled=Signal::derive(move || ctx.refusal(Capability::Delete).is_some())
                on_confirm=move |()| drop(delete.dispatch_local(clear.get_untracked()))
            >
                <p>"Delete this token? Whatever it guards stops alerting. This cannot be undone."</p>
                {move || blocked_by_alerts().then(|| view! {
                    <p class="notice notice-alert">"The Console keeps tokens that have alerts. Tick the box below to delete the alerts with the token."</p>
                })}
                <Checkbox name="clear_incidents" label=alerts_label value=clear/>
            </Confirm>
            {feedback(delete, "Deleting…", |_| "Deleted.".to_owned())}
        </div>
    }
}
