//! Small pieces every screen uses, built with the DOM layer ([`crate::ui::dom`]).
//! [`adapters`] shows the same pieces inside the workbench's `view!` screens.

use crate::ui::app::context::Need;
use crate::ui::app::{AppContext, Capability, ConsoleData};
use crate::ui::dom::{El, dynamic, el, event_key, focus_soon, fragment, show};
use crate::ui::parts::task::Task;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::Node;

/// A screen's live regions: what is happening (`role="status"`) and what went wrong
/// (`role="alert"`). Both always exist so that assistive technology announces changes.
pub fn notices(
    status: impl Fn() -> Option<String> + 'static,
    error: impl Fn() -> Option<String> + 'static,
) -> Node {
    notices_boxed(Box::new(status), Box::new(error))
}

type Line = Box<dyn Fn() -> Option<String>>;

fn notices_boxed(status: Line, error: Line) -> Node {
    fragment([
        el("p")
            .class("notice notice-status")
            .attr("role", "status")
            .attr("aria-live", "polite")
            .text_with(move || status().unwrap_or_default())
            .into(),
        el("p")
            .class("notice notice-alert")
            .attr("role", "alert")
            .text_with(move || error().unwrap_or_default())
            .into(),
    ])
}

/// A labelled password field with a reveal button, for API keys and other secrets. `name` is
/// the element id and form name (the API parameter the value fills).
pub fn secret_input(
    name: &'static str,
    value: RwSignal<String>,
    invalid: impl Fn() -> bool + 'static,
    describedby: Option<&'static str>,
) -> Node {
    secret_input_boxed(name, value, Box::new(invalid), describedby)
}

fn secret_input_boxed(
    name: &'static str,
    value: RwSignal<String>,
    invalid: Box<dyn Fn() -> bool>,
    describedby: Option<&'static str>,
) -> Node {
    let shown = RwSignal::new(false);
    let input = el("input")
        .id(name)
        .attr("name", name)
        .attr("spellcheck", "false")
        .attr("autocapitalize", "off")
        .attr_with("type", move || Some(if shown.get() { "text" } else { "password" }.into()))
        .attr_with("aria-invalid", move || invalid().then(|| "true".into()))
        .bind_value(value);
    let input = match describedby {
        Some(id) => input.attr("aria-describedby", id),
        None => input,
    };
    el("div")
        .class("secret")
        .child(input)
        .child(
            el("button")
                .attr("type", "button")
                .class("ghost")
                .attr("aria-controls", name)
                .attr_with("aria-pressed", move || Some(shown.get().to_string()))
                .on_click(move || shown.update(|s| *s = !*s))
                .text_with(move || if shown.get() { "Hide" } else { "Show" }.into()),
        )
        .into()
}

/// The error line under a field, tied to it by `aria-describedby`.
pub fn field_error(id: &str, message: impl Fn() -> Option<String> + 'static) -> Node {
    field_error_boxed(id, Box::new(message))
}

fn field_error_boxed(id: &str, message: Line) -> Node {
    el("p").class("field-error").id(id).text_with(move || message().unwrap_or_default()).into()
}

/// A button: `type="button"`, its class and words.
pub fn button(class: &str, words: &str) -> El {
    el("button").attr("type", "button").class(class).text(words)
}

/// "Copy" puts `text` on the clipboard and says so for a moment.
pub fn copy_button(text: String) -> Node {
    let outcome = RwSignal::new(None::<bool>);
    el("button")
        .attr("type", "button")
        .class("ghost small")
        .on_click(move || {
            let text = text.clone();
            leptos::task::spawn_local(async move {
                outcome.try_set(Some(crate::platform::copy_text(&text).await));
                set_timeout(move || _ = outcome.try_set(None), std::time::Duration::from_secs(2));
            });
        })
        .text_with(move || {
            match outcome.get() {
                Some(true) => "Copied",
                Some(false) => "Copy failed",
                None => "Copy",
            }
            .into()
        })
        .into()
}

/// A secret shown as dots until revealed (`block`: as a preformatted block); copying works
/// either way.
pub fn secret_text(value: String, block: bool) -> Node {
    let shown = RwSignal::new(false);
    let masked = {
        let value = value.clone();
        move || {
            if shown.get() {
                value.clone()
            } else {
                "••••••••••••".to_owned()
            }
        }
    };
    let code = el("code").text_with(masked);
    el("div")
        .class("secret-text")
        .child(if block { el("pre").child(code) } else { code })
        .child(
            el("button")
                .attr("type", "button")
                .class("ghost small")
                .attr_with("aria-pressed", move || Some(shown.get().to_string()))
                .on_click(move || shown.update(|s| *s = !*s))
                .text_with(move || if shown.get() { "Hide" } else { "Reveal" }.into()),
        )
        .child(copy_button(value))
        .into()
}

/// A destructive action asked for in the page (popups lose `window.confirm`): the `ask`
/// button opens the question with `confirm` and `back`.
#[derive(Clone, Copy)]
pub struct Confirm {
    /// The words of the first button, e.g. "Delete".
    pub ask: &'static str,
    /// The words of the button that does it, e.g. "Confirm delete".
    pub confirm: &'static str,
    /// The words of the button that closes the question ("Cancel" unless that would read as
    /// the action itself, as when the action is cancelling a run).
    pub back: &'static str,
    /// Open; also set from outside (when the Console asks for a choice first).
    pub open: RwSignal<bool>,
}

impl Confirm {
    pub fn new(ask: &'static str, confirm: &'static str) -> Self {
        Self { ask, confirm, back: "Cancel", open: RwSignal::new(false) }
    }

    /// The question of `task`, an action that needs `need`: the confirming button waits while
    /// the task runs, the first is disabled once the key was refused it; then the task's status
    /// and alert lines.
    pub fn for_task(
        self,
        task: Task,
        need: impl Into<Need>,
        on_confirm: impl Fn() + 'static,
        question: impl Fn() -> Node + 'static,
    ) -> Node {
        let ctx = expect_context::<AppContext>();
        let need = need.into();
        let refused = move || ctx.refusal(need.clone()).is_some();
        fragment([self.build(move || task.busy(), refused, on_confirm, question), task.notices()])
    }

    /// The buttons and, when open, `question` (built each time it opens). `busy` disables the
    /// confirming button; `disabled` the first one (the key was refused this already).
    pub fn build(
        self,
        busy: impl Fn() -> bool + 'static,
        disabled: impl Fn() -> bool + 'static,
        on_confirm: impl Fn() + 'static,
        question: impl Fn() -> Node + 'static,
    ) -> Node {
        self.build_boxed(Box::new(busy), Box::new(disabled), Rc::new(on_confirm), Rc::new(question))
    }

    fn build_boxed(
        self,
        busy: Box<dyn Fn() -> bool>,
        disabled: Box<dyn Fn() -> bool>,
        on_confirm: Rc<dyn Fn()>,
        question: Rc<dyn Fn() -> Node>,
    ) -> Node {
        let Self { ask, confirm, back, open } = self;
        let busy = Rc::new(busy);
        let disabled = Rc::new(disabled);
        // Focus follows the question: to "Cancel" when it opens, back to the first button when
        // it closes (not when the screen is first built).
        let shown_before = std::cell::Cell::new(None);
        dynamic(move || {
            let opened = open.get();
            let moved = shown_before.replace(Some(opened)).is_some_and(|was| was != opened);
            if !opened {
                let disabled = disabled.clone();
                let first = button("danger", ask)
                    .flag_with("disabled", move || disabled())
                    .on_click(move || open.set(true));
                return Some(focused_if(moved, first));
            }
            let (busy, on_confirm) = (busy.clone(), on_confirm.clone());
            let cancel = button("", back).on_click(move || open.set(false));
            let actions = el("div")
                .class("actions")
                .child(
                    button("danger", confirm)
                        .flag_with("disabled", move || busy())
                        .on_click(move || on_confirm()),
                )
                .child(focused_if(moved, cancel));
            let group = el("div")
                .class("confirm")
                .attr("role", "group")
                .attr("aria-label", confirm)
                .on("keydown", move |ev| close_on_escape(&ev, open));
            Some(group.child(untrack(|| question())).child(actions).into())
        })
    }
}

/// Esc closes an open question, and only that: a popup would close itself on Esc.
fn close_on_escape(ev: &web_sys::Event, open: RwSignal<bool>) {
    if event_key(ev) == "Escape" {
        ev.prevent_default();
        ev.stop_propagation();
        open.set(false);
    }
}

/// `element`, focused once it is in the page when `focus` holds.
fn focused_if(focus: bool, element: El) -> Node {
    if focus {
        focus_soon(element.element());
    }
    element.into()
}

/// Why the active key cannot do what `need` names, once the Console has refused it: the
/// controls stay visible (disabled), with the reason beside them and "Try again".
pub fn refused(need: impl Fn() -> Need + 'static) -> Node {
    let ctx = expect_context::<AppContext>();
    dynamic(move || {
        let need = need();
        let why = ctx.refusal(need.clone())?;
        Some(refusal_notice(ctx, need, &why))
    })
}

/// Every refusal of `capability` the active key has met, each with its flock's name and "Try
/// again": beside a list whose items belong to several flocks (the Console's alerts).
pub fn refusals(capability: Capability) -> Node {
    let ctx = expect_context::<AppContext>();
    let console = expect_context::<ConsoleData>();
    dynamic(move || {
        let refused = ctx.refusals(capability);
        (!refused.is_empty()).then(|| {
            fragment(refused.into_iter().map(|(need, why)| {
                let why = match &need.flock {
                    // "": the flock the Console chooses, which has no name to show.
                    Some(flock) if !flock.is_empty() => {
                        format!("In flock {}: {why}", console.flock_name(flock))
                    }
                    _ => why,
                };
                refusal_notice(ctx, need, &why)
            }))
        })
    })
}

fn refusal_notice(ctx: AppContext, need: Need, why: &str) -> Node {
    let retry = button("ghost small", "Try again").on_click(move || ctx.retry(need.clone()));
    el("div").class("notice notice-refused").child(el("p").text(why)).child(retry).into()
}

/// "Show more" under a list that keeps only its first `limit` rows in the DOM; shown while
/// `more` (some rows are not shown yet).
pub fn show_more(more: impl Fn() -> bool + 'static, limit: RwSignal<usize>, step: usize) -> Node {
    show(more, move || {
        button("show-more", "Show more").on_click(move || limit.update(|l| *l += step)).into()
    })
}

/// A labelled checkbox bound to `value`, named after what it sends or filters.
pub fn checkbox(name: &'static str, label: &str, value: RwSignal<bool>, class: &str) -> Node {
    el("label")
        .class(&format!("check {class}"))
        .child(el("input").attr("type", "checkbox").attr("name", name).bind_checked(value))
        .text(" ")
        .text(label)
        .into()
}

/// The `<option>`s of a select: one per (value, label), `chosen` selected.
pub fn options(choices: impl IntoIterator<Item = (String, String)>, chosen: &str) -> Node {
    fragment(choices.into_iter().map(|(value, label)| {
        el("option").attr("value", &value).flag("selected", value == chosen).text(&label).into()
    }))
}

/// A `<select>` bound to `chosen` both ways, with `choices` as its options.
pub fn select(
    name: &'static str,
    choices: impl IntoIterator<Item = (String, String)>,
    chosen: RwSignal<String>,
) -> El {
    el("select")
        .attr("name", name)
        .child(options(choices, &chosen.get_untracked()))
        .prop_with("value", move || JsValue::from_str(&chosen.get()))
        .on_value("change", move |value| chosen.set(value))
}

/// The same pieces as components, for the workbench's `view!` screens (which the DOM layer
/// has not reached yet): each one builds the piece above and embeds it.
pub mod adapters {
    use super::*;
    use crate::api::ApiError;
    use crate::ui::dom::{embed, from_view};

    /// The `<option>`s of a `view!` select bound to `chosen`.
    pub fn options(
        choices: impl IntoIterator<Item = (String, String)>,
        chosen: RwSignal<String>,
    ) -> impl IntoView {
        let choices: Vec<_> = choices.into_iter().collect();
        embed_options(choices, chosen)
    }

    fn embed_options(choices: Vec<(String, String)>, chosen: RwSignal<String>) -> impl IntoView {
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

    /// The status and alert lines of a task.
    #[component]
    pub fn TaskNotices(task: crate::ui::parts::task::Task) -> impl IntoView {
        embed(task.notices())
    }

    #[component]
    pub fn SecretInput(
        name: &'static str,
        value: RwSignal<String>,
        #[prop(into, optional)] invalid: Signal<bool>,
        #[prop(optional)] describedby: Option<&'static str>,
    ) -> impl IntoView {
        embed(secret_input(name, value, move || invalid.get(), describedby))
    }

    /// The status and alert lines of one action.
    pub fn feedback<I: 'static, T: 'static>(
        action: Action<I, Result<T, ApiError>>,
        pending: &'static str,
        done: impl Fn(&T) -> String + Send + Sync + 'static,
    ) -> impl IntoView {
        let status = move || {
            if action.pending().get() {
                return Some(pending.to_owned());
            }
            action.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(&done))
        };
        let error = move || {
            action
                .value()
                .with(|v| v.as_ref().and_then(|r| r.as_ref().err()).map(ToString::to_string))
        };
        embed(notices(status, error))
    }

    #[component]
    pub fn Notices(
        #[prop(into)] status: Signal<Option<String>>,
        #[prop(into)] error: Signal<Option<String>>,
    ) -> impl IntoView {
        embed(notices(move || status.get(), move || error.get()))
    }

    #[component]
    pub fn FieldError(
        #[prop(into)] id: String,
        #[prop(into)] message: Signal<Option<String>>,
    ) -> impl IntoView {
        embed(field_error(&id, move || message.get()))
    }

    #[component]
    pub fn CopyButton(#[prop(into)] text: String) -> impl IntoView {
        embed(copy_button(text))
    }

    #[component]
    pub fn SecretText(#[prop(into)] value: String, #[prop(optional)] block: bool) -> impl IntoView {
        embed(secret_text(value, block))
    }

    #[component]
    pub fn Refused(capability: Capability) -> impl IntoView {
        embed(refused(move || capability.into()))
    }

    #[component]
    pub fn ShowMore(
        #[prop(into)] more: Signal<bool>,
        limit: RwSignal<usize>,
        step: usize,
    ) -> impl IntoView {
        embed(show_more(move || more.get(), limit, step))
    }

    #[component]
    pub fn Checkbox(
        name: &'static str,
        #[prop(into)] label: String,
        value: RwSignal<bool>,
        #[prop(optional)] class: &'static str,
    ) -> impl IntoView {
        embed(checkbox(name, &label, value, class))
    }

    #[component]
    pub fn Confirm(
        ask: &'static str,
        confirm: &'static str,
        #[prop(into)] busy: Signal<bool>,
        #[prop(into)] on_confirm: Callback<()>,
        #[prop(optional, into)] disabled: Signal<bool>,
        #[prop(optional)] open: Option<RwSignal<bool>>,
        #[prop(optional)] back: Option<&'static str>,
        children: ChildrenFn,
    ) -> impl IntoView {
        let mut piece = super::Confirm::new(ask, confirm);
        piece.open = open.unwrap_or(piece.open);
        piece.back = back.unwrap_or(piece.back);
        embed(piece.build(
            move || busy.get(),
            move || disabled.get(),
            move || on_confirm.run(()),
            move || from_view(children()),
        ))
    }
}
