//! The one form every kind uses: memo, flock, custom domain and the kind's own fields from the
//! catalog. A failed check or a refused request keeps every value and attached file.

use super::Kept;
use crate::api::endpoints;
use crate::api::types::Token;
use crate::kinds::{Creation, Draft, MEMO_MAX, Problem};
use crate::ui::app::console_info::{ConsoleInfo, DEFAULT_FLOCK, Offered};
use crate::ui::app::context::{AppContext, Capability};
use crate::ui::app::nav::go;
use crate::ui::app::{Page, Screen};
use crate::ui::parts::fields::{FieldInput, FieldState, PlacementSelects};
use crate::ui::parts::task::Task;
use crate::ui::parts::widgets::{FieldError, Notices, Refused};
use leptos::prelude::*;

#[component]
pub fn TokenForm(
    kind: Offered,
    info: ConsoleInfo,
    kept: Kept,
    #[prop(into)] on_created: Callback<(Token, Offered)>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let fields: Vec<_> =
        kind.spec.map_or(&[][..], |k| k.fields).iter().map(|f| (f, FieldState::new(f))).collect();
    let fields = StoredValue::new(fields);
    let problems = RwSignal::new(Vec::<Problem>::new());
    let problem = move |name: &'static str| {
        Signal::derive(move || {
            problems.with(|ps| ps.iter().find(|p| p.field == name).map(|p| p.message.clone()))
        })
    };
    if kept.flock.with_untracked(String::is_empty)
        && info.flocks.as_ref().is_ok_and(|f| f.iter().any(|(id, _)| id == DEFAULT_FLOCK))
    {
        kept.flock.set(DEFAULT_FLOCK.to_owned());
    }

    let create = Task::new();
    let send = move |token: endpoints::NewToken, kind: Offered| {
        create.run("Creating token…", async move {
            match ctx.perform(Capability::Create, endpoints::create(&token)).await {
                // Left before the answer: the token is made and the inventory will list it.
                Ok(created) => {
                    on_created.try_run((created.token, kind));
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
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if create.busy_untracked() {
            return;
        }
        let draft = Draft {
            kind: kind_id.clone(),
            memo: kept.memo.get_untracked(),
            flock_id: Some(kept.flock.get_untracked()),
            custom_domain: Some(kept.domain.get_untracked()),
            values: fields.with_value(|fs| fs.iter().map(|(f, s)| (f.name, s.value())).collect()),
        };
        match draft.prepare() {
            Ok(token) => {
                problems.set(Vec::new());
                send(token, offered.clone());
            }
            Err(found) => problems.set(found),
        }
    };

    let error = Signal::derive(move || {
        let listed =
            problems.with(|ps| ps.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("\n"));
        if !listed.is_empty() {
            return Some(listed);
        }
        create.error()
    });
    let memo_count = move || kept.memo.with(|m| m.chars().count());
    let memo_over = move || memo_count() > MEMO_MAX;
    let console_only = kind.spec.and_then(|k| match k.creation {
        Creation::ConsoleOnly(why) => Some(why),
        Creation::Plain => None,
    });
    // The factory kind is a factory string, made on the workbench's Advanced screen.
    let factory = kind.id == "tokenfactory";
    let flocks = info.flocks.clone().unwrap_or_default();
    let domains = info.domains.clone().unwrap_or_default();
    let controls = fields.with_value(|fs| {
        fs.iter()
            .map(|(f, state)| view! { <FieldInput field=*f state=*state error=problem(f.name)/> })
            .collect_view()
    });

    view! {
        <form class="form" on:submit=submit novalidate>
            {console_only.map(|why| view! { <p class="notice notice-alert">{why}</p> })}
            {factory.then(|| view! {
                <p>
                    <a href=Screen::Advanced.href(Page::here()) on:click=|ev| {
                        ev.prevent_default();
                        go(&Screen::Advanced);
                    }>"Open Canarytoken factory strings"</a>
                </p>
            })}
            <div class="field">
                <label for="memo">"Memo"</label>
                <textarea
                    id="memo"
                    name="memo"
                    rows="3"
                    placeholder="Where this token will be placed, e.g. “Finance share: Salaries 2026.docx”"
                    aria-invalid=move || (problem("memo").get().is_some() || memo_over()).then_some("true")
                    aria-describedby="memo-count memo-error"
                    prop:value=move || kept.memo.get()
                    on:input:target=move |ev| kept.memo.set(ev.target().value())
                ></textarea>
                <p class="hint" class:over=memo_over id="memo-count">
                    {move || format!("{} / 10,000 characters", memo_count())}
                </p>
                <FieldError id="memo-error" message=problem("memo")/>
            </div>
            {controls}
            <PlacementSelects flock=kept.flock domain=kept.domain flocks domains/>
            <Refused capability=Capability::Create/>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || create.busy() || console_only.is_some() || ctx.refusal(Capability::Create).is_some()>
                    "Create token"
                </button>
            </div>
        </form>
        <Notices status=Signal::derive(move || create.status()) error/>
    }
}
