//! Small pieces every screen uses.

use crate::api::ApiError;
use crate::ui::app::{AppContext, Capability};
use leptos::prelude::*;

/// A screen's live regions: what is happening (`role="status"`) and what went wrong
/// (`role="alert"`). Both always exist so that assistive technology announces changes.
#[component]
pub fn Notices(
    #[prop(into)] status: Signal<Option<String>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <p class="notice notice-status" role="status" aria-live="polite">{move || status.get()}</p>
        <p class="notice notice-alert" role="alert">{move || error.get()}</p>
    }
}

/// A labelled password field with a reveal button, for API keys and other secrets.
#[component]
pub fn SecretInput(
    /// The element id and form name (the API parameter the value fills).
    name: &'static str,
    value: RwSignal<String>,
    #[prop(into, optional)] invalid: Signal<bool>,
    #[prop(optional)] describedby: Option<&'static str>,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    view! {
        <div class="secret">
            <input
                id=name
                name=name
                type=move || if shown.get() { "text" } else { "password" }
                spellcheck="false"
                autocapitalize="off"
                aria-invalid=move || invalid.get().then_some("true")
                aria-describedby=describedby
                bind:value=value
            />
            <button
                type="button"
                class="ghost"
                aria-controls=name
                aria-pressed=move || shown.get().to_string()
                on:click=move |_| shown.update(|s| *s = !*s)
            >
                {move || if shown.get() { "Hide" } else { "Show" }}
            </button>
        </div>
    }
}

/// The error line under a field, tied to it by `aria-describedby`.
#[component]
pub fn FieldError(
    #[prop(into)] id: String,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    view! { <p class="field-error" id=id>{move || message.get()}</p> }
}

/// "Copy" puts `text` on the clipboard and says so for a moment.
#[component]
pub fn CopyButton(#[prop(into)] text: String) -> impl IntoView {
    let outcome = RwSignal::new(None::<bool>);
    let text = StoredValue::new(text);
    let copy = move |_| {
        let text = text.get_value();
        leptos::task::spawn_local(async move {
            outcome.set(Some(crate::platform::copy_text(&text).await));
            set_timeout(move || outcome.set(None), std::time::Duration::from_secs(2));
        });
    };
    view! {
        <button type="button" class="ghost small" on:click=copy>
            {move || match outcome.get() {
                Some(true) => "Copied",
                Some(false) => "Copy failed",
                None => "Copy",
            }}
        </button>
    }
}

/// A secret shown as dots until revealed; copying works either way.
#[component]
pub fn SecretText(#[prop(into)] value: String, #[prop(optional)] block: bool) -> impl IntoView {
    let shown = RwSignal::new(false);
    let text = StoredValue::new(value.clone());
    let masked = move || {
        if shown.get() {
            text.get_value()
        } else {
            "••••••••••••".to_owned()
        }
    };
    view! {
        <div class="secret-text">
            {if block {
                view! { <pre><code>{masked}</code></pre> }.into_any()
            } else {
                view! { <code>{masked}</code> }.into_any()
            }}
            <button
                type="button"
                class="ghost small"
                aria-pressed=move || shown.get().to_string()
                on:click=move |_| shown.update(|s| *s = !*s)
            >
                {move || if shown.get() { "Hide" } else { "Reveal" }}
            </button>
            <CopyButton text=value/>
        </div>
    }
}

/// A destructive action asked for in the page (popups lose `window.confirm`): the `ask` button
/// opens the question (`children`) with `confirm` and "Cancel".
#[component]
pub fn Confirm(
    /// The words of the first button, e.g. "Delete".
    ask: &'static str,
    /// The words of the button that does it, e.g. "Confirm delete".
    confirm: &'static str,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] on_confirm: Callback<()>,
    /// Keeps the first button disabled (the key was refused this already).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Open from outside too (when the Console asks for a choice first).
    #[prop(optional)]
    open: Option<RwSignal<bool>>,
    /// The words of the button that closes the question ("Cancel" unless that would read as
    /// the action itself, as when the action is cancelling a run).
    #[prop(optional)]
    back: Option<&'static str>,
    children: ChildrenFn,
) -> impl IntoView {
    let open = open.unwrap_or_else(|| RwSignal::new(false));
    let back = back.unwrap_or("Cancel");
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! { <button type="button" class="danger" disabled=move || disabled.get() on:click=move |_| open.set(true)>{ask}</button> }
        >
            <div class="confirm" role="group" aria-label=confirm>
                {children()}
                <div class="actions">
                    <button type="button" class="danger" disabled=move || busy.get() on:click=move |_| on_confirm.run(())>
                        {confirm}
                    </button>
                    <button type="button" on:click=move |_| open.set(false)>{back}</button>
                </div>
            </div>
        </Show>
    }
}

/// Why the active key cannot do `capability`, once the Console has refused it: the controls
/// stay visible (disabled), with the reason beside them.
#[component]
pub fn Refused(capability: Capability) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    move || ctx.refusal(capability).map(|why| view! { <p class="notice notice-refused">{why}</p> })
}

/// "Show more" under a list that keeps only its first `limit` rows in the DOM.
#[component]
pub fn ShowMore(
    /// Some rows are not shown yet.
    #[prop(into)]
    more: Signal<bool>,
    limit: RwSignal<usize>,
    step: usize,
) -> impl IntoView {
    view! {
        <Show when=move || more.get()>
            <button type="button" class="show-more" on:click=move |_| limit.update(|l| *l += step)>"Show more"</button>
        </Show>
    }
}

/// A labelled checkbox bound to `value`, named after what it sends or filters.
#[component]
pub fn Checkbox(
    name: &'static str,
    #[prop(into)] label: TextProp,
    value: RwSignal<bool>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <label class=format!("check {class}")>
            <input type="checkbox" name=name prop:checked=move || value.get() on:change:target=move |ev| value.set(ev.target().checked())/>
            " " {move || label.get()}
        </label>
    }
}

/// The `<option>`s of a select bound to `chosen`: one per (value, label), the chosen one
/// selected.
pub fn options(
    choices: impl IntoIterator<Item = (String, String)>,
    chosen: RwSignal<String>,
) -> impl IntoView {
    choices
        .into_iter()
        .map(|(value, label)| {
            let selected = {
                let value = value.clone();
                move || chosen.with(|c| *c == value)
            };
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view()
}

/// The status and alert lines of one action.
pub fn feedback<I: 'static, T: 'static>(
    action: Action<I, Result<T, ApiError>>,
    pending: &'static str,
    done: impl Fn(&T) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let status = Signal::derive(move || {
        if action.pending().get() {
            return Some(pending.to_owned());
        }
        action.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(&done))
    });
    let error = Signal::derive(move || {
        action.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err()).map(ToString::to_string))
    });
    view! { <Notices status error/> }
}
