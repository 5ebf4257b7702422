//! One control per catalog field, named after its API parameter, with its label, help and
//! error line, built with the DOM layer ([`crate::ui::dom`]). [`adapters`] shows them inside
//! the workbench's bulk screen.

use crate::api::Attachment;
use crate::kinds::{Choice, Field, FieldValue, Input, Upload, size_text};
use crate::platform;
use crate::ui::dom::{El, el, fragment};
use crate::ui::parts::widgets::{field_error, secret_input, select};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlInputElement, Node};

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

/// What a field's error line says; its control is marked invalid meanwhile.
type ErrorLine = Rc<dyn Fn() -> Option<String>>;

/// A field's label, control, help and error line (`error`: its problem, if any).
pub fn field_input(
    field: &'static Field,
    state: FieldState,
    error: impl Fn() -> Option<String> + 'static,
) -> Node {
    field_input_shared(field, state, Rc::new(error))
}

fn field_input_shared(field: &'static Field, state: FieldState, error: ErrorLine) -> Node {
    let name = field.name;
    let (help_id, error_id) = (format!("{name}-help"), format!("{name}-error"));
    // A checkbox's label is around it.
    let label = match field.input {
        Input::Checkbox { .. } => None,
        _ => Some(el("label").attr("for", name).text(field.label)),
    };
    let control = control(field, state, &format!("{help_id} {error_id}"), error.clone());
    el("div")
        .class("field")
        .maybe(label)
        .child(control)
        .child(el("p").class("hint").id(&help_id).text(field.help))
        .child(field_error(&error_id, move || error()))
        .into()
}

/// The control the field's input calls for, tied to its help and error lines (`described`).
fn control(field: &'static Field, state: FieldState, described: &str, error: ErrorLine) -> Node {
    let name = field.name;
    let tied = |control: El| {
        let error = error.clone();
        control
            .id(name)
            .attr("name", name)
            .attr("aria-describedby", described)
            .attr_with("aria-invalid", move || error().map(|_| "true".to_owned()))
    };
    match (&field.input, state) {
        (Input::Checkbox { .. }, FieldState::Flag(on)) => {
            let input = el("input")
                .attr("type", "checkbox")
                .id(name)
                .attr("name", name)
                .attr("aria-describedby", described)
                .bind_checked(on);
            el("label").class("check").child(input).text(" ").text(field.label).into()
        }
        (Input::File(upload), FieldState::File(file)) => {
            fragment([tied(file_picker(upload, file)).into(), file_hint(file)])
        }
        (Input::Secret, FieldState::Text(text)) => {
            secret_input(name, text, move || error().is_some(), None)
        }
        (Input::Select(choices), FieldState::Text(text)) => {
            tied(choice_select(field, choices, text)).into()
        }
        (Input::Suggest(choices), FieldState::Text(text)) => {
            let list = format!("{name}-suggestions");
            let input =
                el("input").attr("type", "text").attr("list", &list).attr("autocomplete", "off");
            let options = choices
                .iter()
                .map(|c| el("option").attr("value", c.value).attr("label", c.label).into());
            fragment([
                tied(input.bind_value(text)).into(),
                el("datalist").id(&list).children(options).into(),
            ])
        }
        (Input::List { placeholder }, FieldState::Text(text)) => tied(
            el("textarea")
                .attr("rows", "2")
                .attr("placeholder", placeholder)
                .attr("spellcheck", "false")
                .bind_value(text),
        )
        .into(),
        (input, FieldState::Text(text)) => {
            let (kind, placeholder) = match input {
                Input::Url => ("url", "https://"),
                Input::Domain => ("text", "login.example.com"),
                Input::Bucket => ("text", "bucket-name"),
                Input::Expiry => ("text", "30d"),
                Input::Text { placeholder } => ("text", *placeholder),
                _ => ("text", ""),
            };
            tied(
                el("input")
                    .attr("type", kind)
                    .attr("placeholder", placeholder)
                    .attr("spellcheck", "false")
                    .attr("autocapitalize", "off")
                    .bind_value(text),
            )
            .into()
        }
        _ => unreachable!("FieldState::new matches the field's input"),
    }
}

/// A file input: the picked file is read whole into `file` (nothing picked: `None`).
fn file_picker(upload: &Upload, file: RwSignal<Option<Attachment>>) -> El {
    el("input").attr("type", "file").attr("accept", upload.accept).on("change", move |ev: Event| {
        let input = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
        match input.and_then(|i| i.files()).and_then(|list| list.get(0)) {
            // The form may be gone by the time the file is read.
            Some(picked) => leptos::task::spawn_local(async move {
                file.try_set(platform::read_file(&picked).await);
            }),
            None => file.set(None),
        }
    })
}

/// The picked file's name and size.
fn file_hint(file: RwSignal<Option<Attachment>>) -> Node {
    el("p")
        .class("hint")
        .text_with(move || {
            file.with(|f| {
                f.as_ref().map_or_else(String::new, |f| {
                    format!("{}, {}", f.filename, size_text(f.bytes.len()))
                })
            })
        })
        .into()
}

/// The catalog's choices, after an empty one: "Choose…" when the field is required, else the
/// Console's default.
fn choice_select(field: &Field, choices: &[Choice], text: RwSignal<String>) -> El {
    let empty = if field.required { "Choose…" } else { "(Console's default)" };
    let choices = choices.iter().map(|c| (c.value.to_owned(), c.label.to_owned()));
    select(field.name, std::iter::once((String::new(), empty.to_owned())).chain(choices), text)
}

/// Where a new token goes: its flock (the default one preselected) and its token domain (the
/// Console's default or a custom domain), named after their API parameters. The create form
/// and bulk patterns share them.
pub fn placement_selects(
    flock: RwSignal<String>,
    domain: RwSignal<String>,
    flocks: Vec<(String, String)>,
    domains: Vec<String>,
) -> Node {
    // Unless the user picks one, no flock_id is sent and the Console chooses: a flock-bound
    // key's own flock, else the default one. (A key may not list flocks at all.)
    let flocks =
        std::iter::once((String::new(), "The Console's choice (the key's flock)".to_owned()))
            .chain(flocks)
            .collect();
    let domains = std::iter::once((String::new(), "Console's default".to_owned()))
        .chain(domains.into_iter().map(|d| (d.clone(), d)))
        .collect();
    el("div")
        .class("field-row")
        .child(labelled_select("flock_id", "Flock", flocks, flock))
        .child(labelled_select("custom_domain", "Token domain", domains, domain))
        .into()
}

fn labelled_select(
    name: &'static str,
    label: &str,
    choices: Vec<(String, String)>,
    chosen: RwSignal<String>,
) -> Node {
    el("div")
        .class("field")
        .child(el("label").attr("for", name).text(label))
        .child(select(name, choices, chosen).id(name))
        .into()
}

/// The same controls as components, for the workbench's bulk screen (still `view!`).
pub mod adapters {
    use super::*;
    use crate::ui::dom::embed;

    #[component]
    pub fn FieldInput(
        field: &'static Field,
        state: FieldState,
        #[prop(into)] error: Signal<Option<String>>,
    ) -> impl IntoView {
        embed(field_input(field, state, move || error.get()))
    }

    #[component]
    pub fn PlacementSelects(
        flock: RwSignal<String>,
        domain: RwSignal<String>,
        flocks: Vec<(String, String)>,
        domains: Vec<String>,
    ) -> impl IntoView {
        embed(placement_selects(flock, domain, flocks, domains))
    }
}
