//! Tearing down an AWS S3 token on the AWS side (`canarytoken/remove/s3`). The AWS credentials
//! live only in this form while it is open: they are sent once and never stored.

use super::actions::{Copies, action_form, on_token};
use crate::api::endpoints::{self, AwsTeardown};
use crate::api::types::Token;
use crate::ui::app::context::{AppContext, Capability};
use crate::ui::dom::{El, el, show};
use crate::ui::parts::task::Task;
use crate::ui::parts::widgets::{Confirm, checkbox, field_error, secret_input};
use leptos::prelude::*;
use web_sys::{Event, Node};

/// The "Remove from AWS" form of an AWS S3 token.
pub fn remove_from_aws(token: RwSignal<Option<Token>>) -> Node {
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
    let question = Confirm::new("Remove from AWS", "Confirm removal");
    let confirming = question.open;

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
    let confirm = move || match teardown() {
        Ok(aws) => {
            problem.set(None);
            let id =
                token.with_untracked(|t| t.as_ref().map(|t| t.id().to_owned()).unwrap_or_default());
            let need = untrack(on_token(token, Capability::Delete));
            remove.run("Removing from AWS…", async move {
                ctx.perform(need, endpoints::remove_s3(&id, &aws)).await?;
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
    let asked = move || {
        el("p")
            .text("Remove this token from AWS")
            .text_with(move || {
                if delete_buckets.get() { ", deleting its buckets" } else { "" }.into()
            })
            .text("?")
            .into()
    };
    let bucket_field = move || {
        field("s3_source_bucket", "Watched bucket")
            .child(text_input("s3_source_bucket").bind_value(bucket))
            .into()
    };
    let keys =
        el("div")
            .class("field-row")
            .child(field("aws_access_key", "AWS access key ID").child(
                text_input("aws_access_key").attr("autocomplete", "off").bind_value(access_key),
            ))
            .child(field("aws_region", "AWS region").child(
                text_input("aws_region").attr("placeholder", "us-east-1").bind_value(region),
            ));
    action_form("action-form s3")
        .on("submit", |ev: Event| ev.prevent_default())
        .child(el("h4").text("Remove from AWS"))
        .child(el("p").class("hint").text(
            "Tears the token's logging down in your AWS account. The credentials are used for this request only and are not stored.",
        ))
        .child(keys)
        .child(
            field("aws_secret_key", "AWS secret access key")
                .child(secret_input("aws_secret_key", secret_key, || false, None)),
        )
        .child(
            field("aws_session_token", "AWS session token (temporary credentials only)")
                .child(secret_input("aws_session_token", session_token, || false, None)),
        )
        .child(checkbox("delete_buckets", "Also delete the buckets", delete_buckets, ""))
        .child(show(move || delete_buckets.get(), bucket_field))
        .child(field_error("s3-error", move || problem.get()))
        .child(question.for_task(remove, untrack(on_token(token, Capability::Delete)), confirm, asked))
        .into()
}

/// A labelled field: `<div class="field">` with the label for `id`.
fn field(id: &str, label: &str) -> El {
    el("div").class("field").child(el("label").attr("for", id).text(label))
}

/// A plain text input named and identified `name`, not spell-checked (keys and names).
fn text_input(name: &str) -> El {
    el("input").attr("type", "text").id(name).attr("name", name).attr("spellcheck", "false")
}
