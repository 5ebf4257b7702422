//! The one form every kind uses: memo, flock, custom domain and the kind's own fields from the
//! catalog. A failed check or a refused request keeps every value and attached file.

use super::Kept;
use crate::api::endpoints;
use crate::api::types::Token;
use crate::kinds::{Creation, Draft, MEMO_MAX, Problem};
use crate::ui::app::console_info::{ConsoleInfo, DEFAULT_FLOCK, Offered};
use crate::ui::app::context::{AppContext, Capability};
use crate::ui::parts::fields::{FieldInput, FieldState, PlacementSelects};
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

    let for_result = kind.clone();
    let create = Action::new_local(move |token: &endpoints::NewToken| {
        let (token, kind) = (token.clone(), for_result.clone());
        async move {
            let result = ctx.perform(Capability::Create, endpoints::create(&token)).await;
            match &result {
                // Left before the answer: the token is made and the inventory will list it.
                Ok(created) => drop(on_created.try_run((created.token.clone(), kind))),
                Err(e) => problems.set(
                    e.field()
                        .map(|field| Problem { field, message: e.to_string() })
                        .into_iter()
                        .collect(),
                ),
            }
            result.map(drop)
        }
    });

    let kind_id = kind.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if create.pending().get_untracked() {
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
                create.dispatch_local(token);
            }
            Err(found) => problems.set(found),
        }
    };

    let status =
        Signal::derive(move || create.pending().get().then(|| "Creating token…".to_owned()));
    let error = Signal::derive(move || {
        let listed =
            problems.with(|ps| ps.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("\n"));
        if !listed.is_empty() {
            return Some(listed);
        }
        create.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err()).map(ToString::to_string))
    });
    let memo_count = move || kept.memo.with(|m| m.chars().count());
    let memo_over = move || memo_count() > MEMO_MAX;
    let console_only = kind.spec.and_then(|k| match k.creation {
        Creation::ConsoleOnly(why) => Some(why),
        Creation::Plain => None,
    });
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
                <button type="submit" class="primary" disabled=move || create.pending().get() || console_only.is_some() || ctx.refusal(Capability::Create).is_some()>
                    "Create token"
                </button>
            </div>
        </form>
        <Notices status error/>
    }
}
