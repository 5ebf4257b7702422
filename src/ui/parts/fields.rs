//! One control per catalog field, named after its API parameter, with its label, help and
//! error line.

use crate::api::Attachment;
use crate::kinds::{Field, FieldValue, Input};
use crate::platform;
use crate::ui::parts::widgets::{FieldError, SecretInput, options};
use leptos::prelude::*;

/// What a field holds while it is being filled in.
#[derive(Clone, Copy)]
pub enum FieldState {
    Text(RwSignal<String>),
    Flag(RwSignal<bool>),
    File(RwSignal<Option<Attachment>>),
}

impl FieldState {
    pub fn new(field: &Field) -> Self {
        match field.input {
            Input::Checkbox { default } => Self::Flag(RwSignal::new(default)),
            Input::File(_) => Self::File(RwSignal::new(None)),
            _ => Self::Text(RwSignal::new(String::new())),
        }
    }

    pub fn value(&self) -> FieldValue {
        match self {
            Self::Text(s) => FieldValue::Text(s.get_untracked()),
            Self::Flag(s) => FieldValue::Flag(s.get_untracked()),
            Self::File(s) => FieldValue::File(s.get_untracked()),
        }
    }
}

#[component]
pub fn FieldInput(
    field: &'static Field,
    state: FieldState,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let name = field.name;
    let help_id = format!("{name}-help");
    let error_id = format!("{name}-error");
    let described = format!("{help_id} {error_id}");
    let invalid = move || error.with(Option::is_some).then_some("true");
    let label = match field.input {
        Input::Checkbox { .. } => None,
        _ => Some(view! { <label for=name>{field.label}</label> }),
    };
    let control = match (&field.input, state) {
        (Input::Checkbox { .. }, FieldState::Flag(on)) => view! {
            <label class="check">
                <input
                    type="checkbox"
                    id=name
                    name=name
                    aria-describedby=described
                    prop:checked=move || on.get()
                    on:change:target=move |ev| on.set(ev.target().checked())
                />
                " " {field.label}
            </label>
        }
        .into_any(),
        (Input::File(upload), FieldState::File(file)) => view! {
            <input
                type="file"
                id=name
                name=name
                accept=upload.accept
                aria-invalid=invalid
                aria-describedby=described
                on:change:target=move |ev| {
                    match ev.target().files().and_then(|list| list.get(0)) {
                        Some(picked) => leptos::task::spawn_local(async move {
                            file.set(platform::read_file(&picked).await);
                        }),
                        None => file.set(None),
                    }
                }
            />
            <p class="hint">
                {move || file.with(|f| f.as_ref().map(|f| format!("{}, {}", f.filename, crate::kinds::size_text(f.bytes.len()))))}
            </p>
        }
        .into_any(),
        (Input::Secret, FieldState::Text(text)) => view! {
            <SecretInput name value=text invalid=Signal::derive(move || error.with(Option::is_some))/>
        }
        .into_any(),
        (Input::Select(choices), FieldState::Text(text)) => view! {
            <select
                id=name
                name=name
                aria-invalid=invalid
                aria-describedby=described
                on:change:target=move |ev| text.set(ev.target().value())
            >
                <option value="" selected=move || text.with(String::is_empty)>
                    {if field.required { "Choose…" } else { "(Console's default)" }}
                </option>
                {choices.iter().map(|c| view! {
                    <option value=c.value selected=move || text.with(|t| t == c.value)>{c.label}</option>
                }).collect_view()}
            </select>
        }
        .into_any(),
        (Input::List { placeholder }, FieldState::Text(text)) => view! {
            <textarea
                id=name
                name=name
                rows="2"
                placeholder=*placeholder
                spellcheck="false"
                aria-invalid=invalid
                aria-describedby=described
                prop:value=move || text.get()
                on:input:target=move |ev| text.set(ev.target().value())
            ></textarea>
        }
        .into_any(),
        (input, FieldState::Text(text)) => {
            let (kind, placeholder) = match input {
                Input::Url => ("url", "https://"),
                Input::Domain => ("text", "login.example.com"),
                Input::Bucket => ("text", "bucket-name"),
                Input::Expiry => ("text", "30d"),
                Input::Text { placeholder } => ("text", *placeholder),
                _ => ("text", ""),
            };
            view! {
                <input
                    type=kind
                    id=name
                    name=name
                    placeholder=placeholder
                    spellcheck="false"
                    autocapitalize="off"
                    aria-invalid=invalid
                    aria-describedby=described
                    prop:value=move || text.get()
                    on:input:target=move |ev| text.set(ev.target().value())
                />
            }
            .into_any()
        }
        _ => unreachable!("FieldState::new matches the field's input"),
    };
    view! {
        <div class="field">
            {label}
            {control}
            <p class="hint" id=help_id>{field.help}</p>
            <FieldError id=error_id message=error/>
        </div>
    }
}

/// Where a new token goes: its flock (the default one preselected) and its token domain (the
/// Console's default or a custom domain), named after their API parameters. The create form
/// and bulk patterns share them.
#[component]
pub fn PlacementSelects(
    flock: RwSignal<String>,
    domain: RwSignal<String>,
    flocks: Vec<(String, String)>,
    domains: Vec<String>,
) -> impl IntoView {
    view! {
        <div class="field-row">
            <div class="field">
                <label for="flock_id">"Flock"</label>
                <select id="flock_id" name="flock_id" on:change:target=move |ev| flock.set(ev.target().value())>
                    {flocks.is_empty().then(|| view! { <option value="">"The key's default flock"</option> })}
                    {options(flocks, flock)}
                </select>
            </div>
            <div class="field">
                <label for="custom_domain">"Token domain"</label>
                <select id="custom_domain" name="custom_domain" on:change:target=move |ev| domain.set(ev.target().value())>
                    <option value="" selected=move || domain.with(String::is_empty)>"Console's default"</option>
                    {options(domains.into_iter().map(|d| (d.clone(), d)), domain)}
                </select>
            </div>
        </div>
    }
}
