//! Tearing down an AWS S3 token on the AWS side (`canarytoken/remove/s3`). The AWS credentials
//! live only in this form while it is open: they are sent once and never stored.

use super::actions::Copies;
use crate::api::endpoints::{self, AwsTeardown};
use crate::api::types::Token;
use crate::ui::app::context::{AppContext, Capability};
use crate::ui::parts::task::{Task, TaskNotices};
use crate::ui::parts::widgets::{Checkbox, Confirm, FieldError, SecretInput};
use leptos::prelude::*;

#[component]
pub fn RemoveFromAws(token: RwSignal<Option<Token>>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let access_key = RwSignal::new(String::new());
    let secret_key = RwSignal::new(String::new());
    let session_token = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let delete_buckets = RwSignal::new(false);
    let bucket = RwSignal::new(token.with_untracked(|t| {
        t.as_ref().and_then(|t| t.text("s3_source_bucket")).unwrap_or_default()
    }));
    let problem = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);

    let copies = Copies::of(token);
    let remove = Task::new();
    let teardown = move || {
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let missing = [
            (text(access_key), "access key ID"),
            (text(secret_key), "secret access key"),
            (text(region), "region"),
        ]
        .into_iter()
        .filter(|(v, _)| v.is_empty())
        .map(|(_, name)| name)
        .collect::<Vec<_>>();
        if !missing.is_empty() {
            return Err(format!("Enter the AWS {}.", missing.join(", ")));
        }
        let deleting = delete_buckets.get_untracked();
        if deleting && text(bucket).is_empty() {
            return Err("Name the watched bucket to delete the buckets too.".to_owned());
        }
        Ok(AwsTeardown {
            access_key: text(access_key),
            secret_key: text(secret_key),
            session_token: Some(text(session_token)).filter(|s| !s.is_empty()),
            region: text(region),
            delete_buckets: deleting,
            source_bucket: deleting.then(|| text(bucket)),
        })
    };
    // Checked when asked and again when confirmed (the fields may change in between).
    let confirm = move |()| match teardown() {
        Ok(aws) => {
            problem.set(None);
            let id =
                token.with_untracked(|t| t.as_ref().map(|t| t.id().to_owned()).unwrap_or_default());
            remove.run("Removing from AWS…", async move {
                ctx.perform(Capability::Delete, endpoints::remove_s3(&id, &aws)).await?;
                secret_key.try_set(String::new());
                session_token.try_set(String::new());
                confirming.try_set(false);
                // The Console changes the token on its side; show its current state.
                if let Ok(answer) = ctx.connected_client()?.send(endpoints::fetch(&id)).await {
                    copies.apply(&id, answer.token, |_| {});
                }
                Ok("Removed from AWS.".into())
            });
        }
        Err(e) => {
            problem.set(Some(e));
            confirming.set(false);
        }
    };
    let ask = move |ev: leptos::ev::SubmitEvent| ev.prevent_default();

    view! {
        <form class="action-form s3" on:submit=ask novalidate>
            <h4>"Remove from AWS"</h4>
            <p class="hint">"Tears the token's logging down in your AWS account. The credentials are used for this request only and are not stored."</p>
            <div class="field-row">
                <div class="field">
                    <label for="aws_access_key">"AWS access key ID"</label>
                    <input type="text" id="aws_access_key" name="aws_access_key" autocomplete="off" spellcheck="false" bind:value=access_key/>
                </div>
                <div class="field">
                    <label for="aws_region">"AWS region"</label>
                    <input type="text" id="aws_region" name="aws_region" placeholder="us-east-1" spellcheck="false" bind:value=region/>
                </div>
            </div>
            <div class="field">
                <label for="aws_secret_key">"AWS secret access key"</label>
                <SecretInput name="aws_secret_key" value=secret_key/>
            </div>
            <div class="field">
                <label for="aws_session_token">"AWS session token (temporary credentials only)"</label>
                <SecretInput name="aws_session_token" value=session_token/>
            </div>
            <Checkbox name="delete_buckets" label="Also delete the buckets" value=delete_buckets/>
            <Show when=move || delete_buckets.get()>
                <div class="field">
                    <label for="s3_source_bucket">"Watched bucket"</label>
                    <input type="text" id="s3_source_bucket" name="s3_source_bucket" spellcheck="false" bind:value=bucket/>
                </div>
            </Show>
            <FieldError id="s3-error" message=problem/>
            <Confirm
                ask="Remove from AWS"
                confirm="Confirm removal"
                open=confirming
                busy=Signal::derive(move || remove.busy())
                disabled=Signal::derive(move || ctx.refusal(Capability::Delete).is_some())
                on_confirm=confirm
            >
                <p>"Remove this token from AWS" {move || if delete_buckets.get() { ", deleting its buckets" } else { "" }} "?"</p>
            </Confirm>
            <TaskNotices task=remove/>
        </form>
    }
}
