//! Small pieces every screen uses.

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
    id: &'static str,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    view! { <p class="field-error" id=id>{move || message.get()}</p> }
}
